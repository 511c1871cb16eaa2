"""How the daily link check (cms/links.py) treats the servers it visits, against loopback servers only:
at most LINK_CHECK_WORKERS requests at once, one at a time and one per LINK_CHECK_HOST_INTERVAL per
host (redirects included), a bounded time per request, redirects followed and reported, and no request
to a private, loopback or link-local address unless the tests allow loopback."""

from __future__ import annotations

import time
from importlib import import_module

import pytest

from cms.factories import GuidancePageFactory, rich_text
from cms.links import run_link_check
from cms.models import ExternalLink

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("loopback_only")]

HOSTS = [f"127.0.0.{n}" for n in range(2, 7)]


def page_linking_to(parent, *urls, title="Links"):
    anchors = " ".join(f'<a href="{url}">link</a>' for url in urls)
    return GuidancePageFactory(parent=parent, title=title, body=rich_text(anchors))


def stored(url) -> ExternalLink:
    return ExternalLink.objects.get(url=url)


def test_no_more_than_the_workers_at_once_and_one_at_a_time_per_host(rtp_hub, servers, settings):
    settings.LINK_CHECK_WORKERS = 2
    urls = [f"{servers.base(host)}/pause?{n}" for host in HOSTS for n in range(2)]
    page_linking_to(rtp_hub, *urls)

    assert run_link_check() == {"checked": 10, "failing": 0}

    assert servers.record.max_active == 2
    assert set(servers.record.max_by_host.values()) == {1}
    assert len(servers.record.log) == 10


def test_a_host_reached_by_redirect_is_still_rate_limited(rtp_hub, servers, settings):
    settings.LINK_CHECK_HOST_INTERVAL = 0.5
    settings.LINK_CHECK_WORKERS = 4
    target = servers.base("127.0.0.2")
    others = [f"{servers.base(host)}/to?target={target}/ok?via-{host}" for host in HOSTS[1:]]
    page_linking_to(rtp_hub, f"{target}/ok?a", f"{target}/ok?b", *others)

    run_link_check()

    starts = servers.record.starts("127.0.0.2")
    assert len(starts) == 2 + len(others)
    gaps = [later - earlier for earlier, later in zip(starts, starts[1:], strict=False)]
    # Starts are stamped by the server's handler threads, which a loaded machine may run late: allow
    # 0.1 s of that (without the gate the gaps would be about 0).
    assert min(gaps) >= 0.4, gaps
    assert servers.record.max_by_host["127.0.0.2"] == 1


def test_a_server_that_answers_too_slowly_is_given_up_on(rtp_hub, servers):
    slow, drip = f"{servers.base()}/slow", f"{servers.base()}/drip"
    page_linking_to(rtp_hub, slow, drip)

    began = time.monotonic()
    run_link_check()
    took = time.monotonic() - began

    for url in (slow, drip):
        link = stored(url)
        assert (link.ok, link.status_code, link.error) == (False, None, "Timed out"), url
    # Each request has LINK_CHECK_TIMEOUT (0.5 s) from connecting to its last header; the drip's
    # headers trickle for 3 s, each within the timeout of a single read.
    assert took < 2.5


def test_redirects_are_followed_and_a_permanent_move_is_reported(rtp_hub, servers, client, settings):
    base = servers.base()
    page_linking_to(rtp_hub, f"{base}/moved", f"{base}/found", f"{base}/loop", f"{base}/to-missing")

    assert run_link_check() == {"checked": 4, "failing": 2}

    moved = stored(f"{base}/moved")
    assert (moved.ok, moved.status_code, moved.redirect_status, moved.redirected_to) == (
        True,
        200,
        301,
        f"{base}/ok",
    )
    found = stored(f"{base}/found")
    assert (found.ok, found.redirect_status, found.redirected_to) == (True, 302, f"{base}/ok")
    loop = stored(f"{base}/loop")
    assert (loop.ok, loop.error) == (False, "Too many redirects")
    gone = stored(f"{base}/to-missing")
    assert (gone.ok, gone.status_code, gone.redirect_status, gone.redirected_to) == (
        False,
        404,
        308,
        f"{base}/missing",
    )


def test_a_redirect_to_a_private_address_is_not_followed(rtp_hub, servers):
    url = f"{servers.base()}/to?target=http://169.254.169.254/latest/meta-data/"
    page_linking_to(rtp_hub, url)

    run_link_check()

    link = stored(url)
    assert not link.ok and link.error == "Not checked: private or local address"
    assert link.redirect_status == 301 and link.redirected_to == "http://169.254.169.254/latest/meta-data/"


@pytest.mark.parametrize(
    "host",
    [
        "127.0.0.1",
        "localhost",
        "127.1",  # short form of 127.0.0.1
        "2130706433",  # 127.0.0.1 as one number
        "0x7f000001",  # and in hexadecimal
        "[::ffff:127.0.0.1]",  # IPv4-mapped IPv6
        "[::1]",
        "0.0.0.0",  # noqa: S104  (an address to refuse, not one to bind)
    ],
)
def test_loopback_is_not_fetched_unless_allowed(rtp_hub, servers, settings, host):
    settings.LINK_CHECK_ALLOW_LOOPBACK = False
    port = servers.base().rsplit(":", 1)[1]
    url = f"http://{host}:{port}/ok"
    page_linking_to(rtp_hub, url)

    run_link_check()

    assert servers.record.log == []
    link = stored(url)
    assert not link.ok and link.error == "Not checked: private or local address"


@pytest.mark.parametrize(
    "url",
    [
        "http://10.1.2.3/",
        "http://192.168.0.1/",
        "http://172.16.0.1/",
        "http://169.254.169.254/latest/meta-data/",
        "http://100.64.0.1/",
        "http://[fd00::1]/",
        "http://[fe80::1]/",
    ],
)
def test_private_and_link_local_addresses_are_never_fetched_even_in_tests(rtp_hub, url):
    page_linking_to(rtp_hub, url)

    run_link_check()

    assert stored(url).error == "Not checked: private or local address"


def test_loopback_is_refused_by_default_and_in_production(production_settings):
    assert import_module("portal.settings.base").LINK_CHECK_ALLOW_LOOPBACK is False
    assert production_settings.LINK_CHECK_ALLOW_LOOPBACK is False
