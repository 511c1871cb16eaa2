"""Fair assignment under concurrent submissions: needs PostgreSQL's row locks (SQLite serialises all
writes, so the race this guards against cannot happen there)."""

import threading

from django.db import connection, connections

import pytest

from enquiries.factories import AdviserFactory
from enquiries.models import Enquiry
from enquiries.services import enquiry_submit

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks are a PostgreSQL behaviour"),
]


def test_twenty_concurrent_submissions_share_fairly_and_never_exceed_capacity(teams, form_data):
    team = teams["rtp_england"]
    advisers = [AdviserFactory(email=f"a{i}@sor.example", team=team, capacity=6) for i in range(3)]
    data = form_data()
    barrier = threading.Barrier(20)
    errors = []

    def worker(n):
        try:
            barrier.wait(timeout=10)
            enquiry_submit(**data, body=f"Question {n}", submission_key=f"race-{n}")
        except Exception as exc:  # noqa: BLE001 - collected and asserted below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert errors == []
    assert Enquiry.objects.count() == 20
    counts = sorted(Enquiry.objects.filter(assignee=a).count() for a in advisers)
    # 18 slots for 20 enquiries: every adviser is filled exactly to capacity, two wait unassigned.
    assert counts == [6, 6, 6]
    assert Enquiry.objects.filter(assignee__isnull=True).count() == 2
