"""Wagtail's own spreadsheet downloads (CSV and XLSX) cannot carry a formula into a spreadsheet.

A member of staff may call themselves `=HYPERLINK("http://evil.example","x")` on /admin/account/, an
editor may give a page such a title or its content owner such a name, and those texts reach the
downloads of the enquiry inboxes, the site history, the review-date report and Wagtail's other
reports. A spreadsheet program would run them (CSV injection). Every cell that starts with =, +, -,
@, a tab or a carriage return gets a leading apostrophe, as the project's own CSVs already do
(portal.exports.csv_safe) and as OWASP recommends.
"""

from __future__ import annotations

import csv
import datetime
import io

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from wagtail.admin.views.mixins import SpreadsheetExportMixin
from wagtail.log_actions import log
from wagtail.models import Workflow

import openpyxl
import pytest

from cms.factories import GuidancePageFactory
from portal.exports import FORMULA_STARTS
from tests.conftest import mfa_login
from tests.enquiries import conftest as enquiry_fixtures
from tests.enquiries.conftest import make_adviser
from tests.enquiries.test_workspace import staff

pytestmark = pytest.mark.django_db

nations, pathways, topics, teams, form_data, submit = (
    enquiry_fixtures.nations,
    enquiry_fixtures.pathways,
    enquiry_fixtures.topics,
    enquiry_fixtures.teams,
    enquiry_fixtures.form_data,
    enquiry_fixtures.submit,
)

EVIL_NAME = '=HYPERLINK("http://evil.example","x")'
EVIL_TITLE = "@SUM(1+1)*cmd|' /C calc'!A0"
EVIL_OWNER = "-2+3+cmd|' /C calc'!A0"
FORMATS = ["csv", "xlsx"]


def cells(response, export_format: str) -> list[list[str]]:
    """The downloaded spreadsheet's rows, as text."""
    assert response.status_code == 200, response.status_code
    content = b"".join(response.streaming_content) if response.streaming else response.content
    if export_format == "csv":
        return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    rows = []
    for row in sheet.iter_rows():
        for cell in row:
            assert cell.data_type != "f", cell.value  # no formula cell, whatever its text
        rows.append(["" if cell.value is None else str(cell.value) for cell in row])
    return rows


def assert_formula_safe(rows: list[list[str]], *expected: str) -> None:
    """No cell starts like a formula, and each expected text is there, escaped."""
    flat = [cell for row in rows for cell in row]
    runnable = [cell for cell in flat if cell.startswith(FORMULA_STARTS)]
    assert not runnable, runnable
    for text in expected:
        assert f"'{text}" in flat, (text, rows)


@pytest.fixture
def evil(make_user):
    """A member of staff whose first name is a formula (set on their own account page)."""
    return make_user("evil@sor.example", "Moderators", totp=True, first_name=EVIL_NAME, last_name="")


@pytest.fixture
def superuser(make_user):
    user = make_user("boss@sor.example", totp=True, is_staff=True)
    user.is_superuser = True
    user.save()
    return user


@pytest.fixture
def evil_page(rtp_hub, evil):
    """Guidance with a formula for a title and content owner, overdue for review, owned, published,
    locked and submitted for moderation by the member of staff with the formula name."""
    today = timezone.localdate()
    page = GuidancePageFactory(
        parent=rtp_hub,
        owner=evil,
        title=EVIL_TITLE,
        content_owner=EVIL_OWNER,
        last_reviewed=today - datetime.timedelta(days=400),
        next_review_due=today - datetime.timedelta(days=35),
    )
    page.save_revision(user=evil).publish(user=evil)
    log(page, "wagtail.edit", user=evil)
    page.refresh_from_db()
    page.locked, page.locked_by, page.locked_at = True, evil, timezone.now()
    page.save()
    Workflow.objects.get(name="Moderators approval").start(page, evil)
    return page


#: Each report's address -> the formula texts its download holds.
REPORTS = {
    "/admin/reports/site-history/": [EVIL_NAME, EVIL_TITLE],
    "/admin/reports/review-overdue/": [EVIL_TITLE, EVIL_OWNER, EVIL_NAME],  # the name: page owner
    "/admin/reports/locked/": [EVIL_TITLE, EVIL_NAME],
    "/admin/reports/aging-pages/": [EVIL_TITLE],  # names the publisher by email address
    "/admin/reports/workflow/": [EVIL_TITLE, EVIL_NAME],
    "/admin/reports/workflow_tasks/": [EVIL_TITLE, EVIL_NAME],
}


@pytest.mark.parametrize("export_format", FORMATS)
@pytest.mark.parametrize("url", sorted(REPORTS))
def test_wagtails_report_downloads_escape_staff_names_and_titles_that_start_like_formulas(
    superuser, evil_page, url, export_format
):
    response = mfa_login(Client(), superuser).get(url, {"export": export_format})
    assert_formula_safe(cells(response, export_format), *REPORTS[url])


@pytest.mark.parametrize("export_format", FORMATS)
def test_the_review_report_download_escapes_the_content_owner_for_a_moderator(
    moderator_user, evil_page, export_format
):
    response = mfa_login(Client(), moderator_user).get(
        "/admin/reports/review-overdue/", {"export": export_format}
    )
    rows = cells(response, export_format)
    assert "Next review due" in rows[0]
    assert_formula_safe(rows, EVIL_TITLE, EVIL_OWNER, EVIL_NAME)


@pytest.mark.parametrize("export_format", FORMATS)
def test_the_inbox_download_escapes_an_advisers_formula_name(teams, submit, export_format):
    adviser = make_adviser("evil.adviser@sor.example", teams["rtp_england"])
    adviser.first_name = EVIL_NAME
    adviser.save()
    enquiry = submit()
    assert enquiry.assignee == adviser
    response = mfa_login(Client(), staff(adviser)).get("/admin/enquiries/all/", {"export": export_format})
    rows = cells(response, export_format)
    assert rows[0][:4] == ["Reference", "Status", "Team", "Assigned to"]
    assert rows[1][0] == enquiry.reference and rows[1][3] == f"'{EVIL_NAME}"
    assert_formula_safe(rows, EVIL_NAME)


def test_once_the_admin_is_loaded_every_export_escapes_its_cells_and_headings():
    reverse("wagtailadmin_home")  # loads the URLconf, and with it every app's wagtail_hooks

    class Export(SpreadsheetExportMixin):
        list_export = ["name"]
        export_headings = {"name": "=Name"}

    export = Export()
    assert export.get_heading(None, "name") == "'=Name"
    assert export.preprocess_field_value("name", "+44 20 7740 8400", "csv") == "'+44 20 7740 8400"
    assert export.preprocess_field_value("name", -3, "xlsx") == -3  # a number stays a number
