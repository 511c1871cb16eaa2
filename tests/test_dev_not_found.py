"""Under `make run` (development settings, DEBUG on) a missing page shows the designed 404, not
Django's technical page listing every URL; PORTAL_DEBUG_404=true brings the listing back for developers."""

from __future__ import annotations

import subprocess
import sys

from django.conf import settings as django_settings

import pytest

from tests.conftest import visible_text

pytestmark = pytest.mark.django_db

MIDDLEWARE = "portal.dev_not_found.DesignedNotFoundMiddleware"


@pytest.fixture
def dev_debug(settings):
    settings.DEBUG = True
    settings.MIDDLEWARE = [*settings.MIDDLEWARE, MIDDLEWARE]
    settings.PORTAL_DEBUG_404 = False
    return settings


@pytest.mark.parametrize("path", ["/no-such-page/", "/returning-to-practice/nothing-here/", "/news/2099/"])
def test_a_missing_page_shows_the_designed_404_with_debug_on(dev_debug, client, path):
    response = client.get(path)

    assert response.status_code == 404
    text = visible_text(response)
    assert "Page not found" in text
    assert "If you typed the web address, check it is correct." in text
    assert "Using the URLconf" not in response.content.decode()
    assert "Django tried these URL patterns" not in response.content.decode()


def test_a_hostile_path_is_a_designed_404_that_does_not_echo_markup(dev_debug, client):
    response = client.get("/%3Cscript%3Ealert(1)%3C/script%3E/")
    assert response.status_code == 404
    assert "<script>alert(1)" not in response.content.decode()
    assert "Page not found" in visible_text(response)


def test_developers_can_ask_for_django_s_url_listing(dev_debug, client):
    dev_debug.PORTAL_DEBUG_404 = True
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "Using the URLconf" in response.content.decode()


def test_the_development_settings_use_it():
    """Read in a fresh interpreter: importing the dev settings here would change this process's env."""
    code = "import portal.settings.dev as s; print(s.MIDDLEWARE[-1], s.DEBUG, s.PORTAL_DEBUG_404)"
    result = subprocess.run(  # noqa: S603 - our own interpreter and a literal program
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        cwd=django_settings.BASE_DIR,
        env={"PATH": "/usr/bin:/bin", "PORT": "8601"},
    )
    assert result.stdout.split() == [MIDDLEWARE, "True", "False"]
