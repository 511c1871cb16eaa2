"""The workspace's query counts do not grow with the number of enquiries or the length of a thread."""

from __future__ import annotations

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

import pytest

from enquiries import services
from enquiries.factories import AdviserFactory
from enquiries.models import Attachment, Enquiry, Event, Message

from .test_workspace import client_for

pytestmark = pytest.mark.django_db

S = Enquiry.Status
INBOXES = ["", "unassigned/", "all/", "due-soon/", "overdue/", "awaiting/"]
STATUSES = [S.NEW, S.OPEN, S.AWAITING_ENQUIRER, S.ON_HOLD, S.RESOLVED, S.CLOSED]


def add_enquiries(count, *, start, team, advisers, nations, pathways, topics):
    """Enquiries in every state, half assigned, deadlines from overdue to next week (bulk, for speed)."""
    now = timezone.now()
    rows = []
    for i in range(start, start + count):
        status = STATUSES[i % len(STATUSES)]
        running = status in (S.NEW, S.OPEN)
        rows.append(
            Enquiry(
                who="returning",
                pathway=pathways["rtp"],
                nation=nations["england"],
                profession="diagnostic",
                topic=topics["hcpc"] if i % 2 else topics["funding"],
                subject=f"Question number {i}",
                name=f"Person {i}",
                email=f"person{i}@example.org",
                consent_at=now,
                privacy_notice_version="2026-11",
                team=team,
                assignee=advisers[i % len(advisers)] if i % 3 else None,
                submission_key=f"bulk-{i}",
                status=status,
                due_at=now + datetime.timedelta(hours=(i % 24) - 4) if running else None,
                created_at=now - datetime.timedelta(hours=i),
            )
        )
    Enquiry.objects.bulk_create(rows)


def queries(client, url, params=None) -> int:
    client.get(url, params)  # warm Wagtail's and Django's own caches first
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params)
    assert response.status_code == 200, url
    return len(captured.captured_queries)


def test_inbox_query_counts_are_the_same_with_10_and_500_enquiries(teams, nations, pathways, topics):
    team = teams["rtp_england"]
    ada = AdviserFactory(email="ada@sor.example", team=team)
    others = [AdviserFactory(email=f"adviser{n}@sor.example", team=team) for n in range(3)]
    client = client_for(ada)
    # A search is posted and kept in the session; the inbox's address carries its token.
    searched = client.post("/admin/enquiries/all/", {"q": "Question"})["Location"]
    assert searched.startswith("/admin/enquiries/all/?search=")
    build = {
        "team": team,
        "advisers": [ada, *others],
        "nations": nations,
        "pathways": pathways,
        "topics": topics,
    }
    cases = [(url, None) for url in INBOXES] + [
        (searched.removeprefix("/admin/enquiries/"), None),
        ("all/", {"status": ["open", "new"], "topic": topics["hcpc"].pk}),
        ("", {"p": "2"}),
    ]

    add_enquiries(10, start=0, **build)
    small = {(url, str(params)): queries(client, f"/admin/enquiries/{url}", params) for url, params in cases}
    add_enquiries(490, start=10, **build)
    assert Enquiry.objects.count() == 500
    large = {(url, str(params)): queries(client, f"/admin/enquiries/{url}", params) for url, params in cases}

    print("\ninbox queries at 10 and 500 enquiries:", {key: (small[key], large[key]) for key in small})
    assert small == large


def test_enquiry_page_query_count_does_not_grow_with_the_thread(teams, submit, tmp_path):
    ada = AdviserFactory(email="ada@sor.example", team=teams["rtp_england"])
    client = client_for(ada)

    def grow(enquiry, n):
        for i in range(n):
            message = services.note_add(enquiry=enquiry, author=ada, body=f"Note {i}")
            Attachment.objects.create(
                message=message,
                file=f"enquiries/x/{i}",
                original_name=f"f{i}.pdf",
                content_type="application/pdf",
                size=10,
            )
            services.adviser_reply(enquiry=enquiry, author=ada, body=f"Reply {i}", then=S.OPEN)
            Message.objects.create(enquiry=enquiry, kind=Message.Kind.INBOUND, body=f"Answer {i}")
        Event.objects.bulk_create(Event(enquiry=enquiry, kind=Event.Kind.VIEWED, actor=ada) for _ in range(n))

    short, long = submit(subject="Short"), submit(subject="Long")
    grow(short, 1)
    grow(long, 30)
    duplicate = submit(subject="Another from the same person")  # a merge candidate for both
    assert duplicate.pk

    counts = [queries(client, f"/admin/enquiries/{enquiry.pk}/") for enquiry in (short, long)]
    print("\nenquiry page queries (thread of 4 vs 121 messages):", counts)
    assert counts[0] == counts[1]
