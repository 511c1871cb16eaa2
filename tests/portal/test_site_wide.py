"""Site-wide behaviour: the health check, security headers and caching of signed-in pages."""

import pytest

pytestmark = pytest.mark.django_db


def test_health_check_reports_ok(client):
    response = client.get("/health/")
    assert response.status_code == 200
    assert response.json()["status"] == "ok"
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]


def test_health_check_refuses_post(client):
    assert client.post("/health/").status_code == 405


@pytest.mark.parametrize("path", ["/", "/returning-to-practice/", "/health/", "/robots.txt"])
def test_security_headers_on_public_responses(client, rtp_hub, path):
    response = client.get(path)

    assert response.status_code == 200
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "frame-ancestors 'none'" in csp
    assert "'unsafe-inline'" not in csp
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert "camera=()" in response["Permissions-Policy"]


def test_public_pages_send_no_outside_hosts_in_the_csp(client, home_page):
    csp = client.get("/")["Content-Security-Policy"]
    for directive in ("script-src", "style-src", "font-src", "img-src"):
        part = next(p for p in csp.split(";") if p.strip().startswith(directive))
        assert "http" not in part, f"{directive} allows an outside host: {part}"


def test_anonymous_pages_are_not_marked_private(client, home_page):
    response = client.get("/")
    assert "private" not in response.get("Cache-Control", "")


def test_signed_in_responses_are_private_and_not_stored(client, home_page, user):
    client.force_login(user)
    response = client.get("/")
    assert response.status_code == 200
    cache_control = response["Cache-Control"]
    assert "private" in cache_control
    assert "no-store" in cache_control


def test_unknown_address_is_a_404_with_the_site_chrome(client, home_page):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert response["X-Frame-Options"] == "DENY"


@pytest.mark.parametrize("path", ["/", "/returning-to-practice/", "/get-help/", "/nope/"])
def test_every_page_header_offers_help_from_an_adviser(client, rtp_hub, path):
    from tests.conftest import soup

    header = soup(client.get(path)).find("header")
    links = [a for a in header.find_all("a") if a.get("href") == "/get-help/"]
    assert links and "Get help" in links[0].get_text(" ", strip=True)


def test_each_hub_offers_help_in_its_body(client, rtp_hub, ir_hub):
    from tests.conftest import soup

    for hub in (rtp_hub, ir_hub):
        main = soup(client.get(hub.url)).find("main")
        assert any(a.get("href") == "/get-help/" for a in main.find_all("a")), hub.title
