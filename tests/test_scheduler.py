"""The clock process enqueues scheduled publishing; with the immediate backend the work happens at once."""

import datetime
from io import StringIO

from django.core.management import call_command
from django.utils import timezone

import pytest

from cms.factories import GuidancePageFactory
from cms.models import GuidancePage

pytestmark = pytest.mark.django_db


def test_a_page_scheduled_for_the_past_goes_live_when_the_scheduler_runs(rtp_hub, client):
    page = GuidancePageFactory(parent=rtp_hub, title="Scheduled guidance", live=False)
    revision = page.save_revision()
    revision.approved_go_live_at = timezone.now() - datetime.timedelta(minutes=1)
    revision.save()
    assert client.get(page.url).status_code == 404

    out = StringIO()
    call_command("run_scheduler", "--once", stdout=out)

    assert "publish_scheduled_pages" in out.getvalue() and "deliver_due_retries" in out.getvalue()
    assert GuidancePage.objects.get(pk=page.pk).live
    assert "Scheduled guidance" in client.get(page.url).content.decode()


def test_a_page_scheduled_for_later_stays_unpublished(rtp_hub):
    page = GuidancePageFactory(parent=rtp_hub, title="Later guidance", live=False)
    revision = page.save_revision()
    revision.approved_go_live_at = timezone.now() + datetime.timedelta(days=1)
    revision.save()

    call_command("run_scheduler", "--once", stdout=StringIO())

    assert not GuidancePage.objects.get(pk=page.pk).live


def test_the_daily_jobs_include_the_review_reminders_and_the_link_check():
    from portal.management.commands.run_scheduler import daily_tasks

    names = [job.name for job in daily_tasks()]

    assert "send_review_reminders_task" in names and "check_external_links" in names
