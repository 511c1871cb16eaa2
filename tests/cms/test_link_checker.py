"""The daily broken-link check (cms/links.py) and its report, against a loopback HTTP server only.

Every connection the checker makes in these tests goes to a loopback server: a guard fails the test
otherwise (tests/cms/link_server.py)."""

from __future__ import annotations

import csv
import io

from django.test import Client

import pytest

from cms import links
from cms.factories import GuidancePageFactory, ResourceFactory, rich_text, source_item, sources_block
from cms.links import check_external_links, run_link_check
from cms.models import ExternalLink
from enquiries.selectors import ADVISERS_GROUP
from tests.conftest import mfa_login

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("loopback_only")]

REPORT_URL = "/admin/reports/broken-links/"


@pytest.fixture
def server(servers):
    """One loopback server, 127.0.0.1 (tests/cms/link_server.py)."""
    servers.base()
    servers.record.base = servers.base()
    return servers.record


def page_linking_to(parent, title, *urls):
    anchors = "".join(f'<a href="{url}">link</a> ' for url in urls[1:])
    body = [
        *rich_text(f"See {anchors}"),
        sources_block(source_item("A source", urls[0], links.timezone.localdate())),
    ]
    return GuidancePageFactory(parent=parent, title=title, body=body)


def test_each_link_in_published_content_is_stored_with_its_status(rtp_hub, server):
    base = server.base
    page = page_linking_to(
        rtp_hub,
        "Guidance with links",
        f"{base}/ok",
        f"{base}/missing",
        f"{base}/error",
        f"{base}/slow",
        f"{base}/redirect",
        f"{base}/no-head",
    )
    ResourceFactory(title="A resource", link_url=f"{base}/missing")
    draft = GuidancePageFactory(
        parent=rtp_hub, title="Draft", live=False, body=rich_text(f'<a href="{base}/d">d</a>')
    )

    assert check_external_links.enqueue().return_value == {"checked": 6, "failing": 3}

    stored = {link.url.removeprefix(base): link for link in ExternalLink.objects.all()}
    assert set(stored) == {"/ok", "/missing", "/error", "/slow", "/redirect", "/no-head"}
    assert (stored["/ok"].status_code, stored["/ok"].ok) == (200, True)
    assert (stored["/missing"].status_code, stored["/missing"].ok) == (404, False)
    assert (stored["/error"].status_code, stored["/error"].ok) == (500, False)
    assert (
        stored["/slow"].status_code is None
        and stored["/slow"].error == "Timed out"
        and not stored["/slow"].ok
    )
    assert (stored["/redirect"].status_code, stored["/redirect"].ok) == (200, True)
    assert (stored["/no-head"].status_code, stored["/no-head"].ok) == (200, True)
    assert ("GET", "/no-head") in [(method, path) for _, method, path, _ in server.log]
    assert list(stored["/missing"].pages.all()) == [page.page_ptr]
    assert [item["title"] for item in stored["/missing"].used_in] == ["Guidance with links", "A resource"]
    assert all(link.first_failed_at for link in stored.values() if not link.ok)
    assert all(link.first_failed_at is None for link in stored.values() if link.ok)
    assert draft.pk not in ExternalLink.objects.values_list("pages", flat=True)


def test_first_failure_is_kept_across_runs_and_cleared_when_the_link_works_again(rtp_hub, server):
    page_linking_to(rtp_hub, "Flaky", f"{server.base}/flaky")

    run_link_check()
    first = ExternalLink.objects.get()
    assert not first.ok and first.first_failed_at

    run_link_check()
    second = ExternalLink.objects.get()
    assert not second.ok and second.first_failed_at == first.first_failed_at
    assert second.last_checked_at > first.last_checked_at

    server.flaky_status = 200
    run_link_check()
    recovered = ExternalLink.objects.get()
    assert recovered.ok and recovered.status_code == 200
    assert recovered.first_failed_at is None and recovered.error == ""


def test_two_links_on_one_host_are_never_requested_at_once(rtp_hub, server, settings):
    settings.LINK_CHECK_HOST_INTERVAL = 0.5
    page_linking_to(rtp_hub, "Two links", f"{server.base}/ok?a", f"{server.base}/ok?b")

    run_link_check()

    assert server.max_active == 1
    starts = server.starts("127.0.0.1")
    assert len(starts) == 2
    assert starts[1] - starts[0] >= 0.45


def test_links_that_content_no_longer_holds_are_forgotten(rtp_hub, server):
    page = page_linking_to(rtp_hub, "Changing", f"{server.base}/missing")
    run_link_check()
    page.body = rich_text("No links now.")
    page.save_revision().publish()

    run_link_check()

    assert not ExternalLink.objects.exists()


def test_private_addresses_are_not_fetched_outside_the_tests(rtp_hub, server, settings):
    settings.LINK_CHECK_ALLOW_LOOPBACK = False
    page_linking_to(rtp_hub, "Internal address", f"{server.base}/ok")

    run_link_check()

    assert server.log == []
    link = ExternalLink.objects.get()
    assert not link.ok and link.error.startswith("Not checked")


@pytest.fixture
def failing_link(rtp_hub, server):
    page_linking_to(rtp_hub, "Guidance with a dead link", f"{server.base}/missing")
    run_link_check()
    return f"{server.base}/missing"


@pytest.mark.parametrize("role", ["editor_user", "moderator_user"])
def test_editors_and_moderators_see_failing_links_and_can_export_them(request, failing_link, role):
    client = mfa_login(Client(), request.getfixturevalue(role))

    html = client.get(REPORT_URL).content.decode()
    assert failing_link in html and "Guidance with a dead link" in html and "404" in html
    assert "Broken links" in client.get("/admin/").content.decode()

    response = client.get(REPORT_URL, {"export": "csv"})
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0][:3] == ["Used on", "Link", "Status code"]
    assert rows[1][:3] == ["Guidance with a dead link", failing_link, "404"]


def test_the_broken_links_report_is_refused_to_an_adviser(make_user, failing_link):
    adviser = make_user("adviser@sor.example", ADVISERS_GROUP, totp=True, is_staff=True)
    client = mfa_login(Client(), adviser)

    for url in (REPORT_URL, REPORT_URL + "results/", REPORT_URL + "?export=csv"):
        response = client.get(url)
        assert response.status_code in (302, 403), url
        assert failing_link not in response.content.decode()
    assert "Broken links" not in client.get("/admin/").content.decode()
