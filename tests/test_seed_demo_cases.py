"""seed_demo on a first run: the casework demo bounces one email and draws one complaint on purpose.
The mail tracking code warns about each; seed_demo must say they are demo cases, after its summary,
instead of letting the warnings print mid-run as if seeding had failed.

A transactional test: the enquiry services send their email when their transaction commits, and the
delivery reports (the bounce, the complaint) are played against sent email only.
"""

from __future__ import annotations

import logging
from io import StringIO

from django.core.cache import cache
from django.core.management import call_command

import pytest

from tests.browser.content import ensure_wagtail_baseline


class Recorder(logging.Handler):
    def __init__(self):
        super().__init__(level=logging.WARNING)
        self.records: list[logging.LogRecord] = []

    def emit(self, record):
        self.records.append(record)


@pytest.mark.django_db(transaction=True)
def test_the_deliberate_bounce_and_complaint_are_reported_as_demo_cases(settings, tmp_path):
    settings.DEBUG = True
    settings.MEDIA_ROOT = str(tmp_path)
    ensure_wagtail_baseline()  # an earlier transactional test may have flushed Wagtail's root page
    cache.clear()
    logged = Recorder()
    logging.getLogger().addHandler(logged)
    out = StringIO()
    try:
        call_command("seed_demo", stdout=out)
    finally:
        logging.getLogger().removeHandler(logged)
        cache.clear()
    output = out.getvalue()

    heading = output.index("Demo cases played on purpose (not errors)")
    cases = output[heading:]
    assert "(acknowledgement): bounced; the address is suppressed (as scripted in demo/casework/)" in cases
    assert "(rating_request): complained; the address is suppressed (as scripted in demo/casework/)" in cases
    assert "suppressed" not in output[:heading]
    # And nothing reached the log (the console under `make run`) as a warning.
    assert not [r for r in logged.records if "suppressed" in r.getMessage()]
