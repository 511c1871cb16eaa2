"""Static files in production: hashed names everywhere, including the modules main.js imports, and
whitenoise sending hashed files with a far-future, immutable Cache-Control."""

import json
import re

from django.core.management import call_command
from django.test import RequestFactory, override_settings

import pytest

PRODUCTION_STATIC = {"BACKEND": "portal.static_storage.StaticFilesStorage"}


@pytest.fixture(scope="module")
def collected(tmp_path_factory):
    """collectstatic (once: it compresses every file) into a temporary folder with the production
    storage; yields the folder and its manifest, with the settings still pointing at it."""
    from django.conf import settings

    root = tmp_path_factory.mktemp("staticfiles")
    storages = {**settings.STORAGES, "staticfiles": PRODUCTION_STATIC}
    with override_settings(
        STATIC_ROOT=root, STORAGES=storages, WHITENOISE_USE_FINDERS=False, WHITENOISE_AUTOREFRESH=False
    ):
        call_command("collectstatic", interactive=False, verbosity=0)
        yield root, json.loads((root / "staticfiles.json").read_text())["paths"]


def test_production_settings_use_the_storage_that_hashes_module_imports(production_settings):
    assert production_settings.STORAGES["staticfiles"] == PRODUCTION_STATIC


def test_main_js_imports_its_modules_by_their_hashed_names(collected):
    root, paths = collected
    main = (root / paths["js/main.js"]).read_text()
    imported = re.findall(r"""import\s+\{[^}]*\}\s+from\s+['"]([^'"]+)['"]""", main)
    nhsuk_hashed = paths["nhsuk/nhsuk-frontend.min.js"].rsplit("/", 1)[-1]
    filters_hashed = paths["js/live-filters.js"].rsplit("/", 1)[-1]
    assert nhsuk_hashed != "nhsuk-frontend.min.js"
    assert f"../nhsuk/{nhsuk_hashed}" in imported
    assert f"./{filters_hashed}" in imported
    assert "nhsuk-frontend.min.js'" not in main
    assert "live-filters.js'" not in main
    # Compressed copies are made for whitenoise to send.
    assert (root / (paths["js/main.js"] + ".gz")).exists()


def test_hashed_static_file_is_sent_with_a_far_future_immutable_max_age(collected):
    root, paths = collected
    from whitenoise.middleware import WhiteNoiseMiddleware

    # Built here, so it reads the collected folder and the production storage's manifest.
    middleware = WhiteNoiseMiddleware(lambda request: pytest.fail("not served by whitenoise"))
    response = middleware(RequestFactory().get(f"/static/{paths['js/main.js']}"))
    assert response.status_code == 200
    cache_control = response.headers["Cache-Control"]
    assert "immutable" in cache_control
    assert int(re.search(r"max-age=(\d+)", cache_control).group(1)) >= 365 * 24 * 3600
