"""Every external link in the seeded demo against tests/data/forbidden_sources.toml (FACTS.md, rule 7).

The demo is seeded once for the module (as tests/test_seed_demo.py does: DEBUG on, inside a transaction
rolled back at the end). Every object of the content apps is walked: URL fields (Resource.link_url, the
pathways' source_url, recruit_source_url and code_source_url), StreamField blocks (source blocks, link
blocks, rich text hrefs) and text fields holding HTML. A link fails if its host or path is on the
forbidden list, or if it goes to an external site's home page (FACTS.md rule 2: link the page that states the
rule, never a home page); that holds for library resources and page links alike.
Run with -s to see the number of links checked, by host.
"""

from __future__ import annotations

import re
import tomllib
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit

from django.apps import apps
from django.conf import settings
from django.db import models

from wagtail.fields import StreamField
from wagtail.models import Page, Site

import pytest

from cms.models import Resource
from tests.conftest import demo_seeded

pytestmark = pytest.mark.django_db

FORBIDDEN_FILE = Path(settings.BASE_DIR) / "tests" / "data" / "forbidden_sources.toml"
CONTENT_APPS = ("cms", "casestudies", "pathways")
URL_RE = re.compile(r"https?://[^\s\"'<>]+")


def forbidden_rules() -> list[dict]:
    rules = tomllib.loads(FORBIDDEN_FILE.read_text())["forbidden"]
    assert rules and all(rule.get("host") and rule.get("reason") for rule in rules)
    return rules


def forbidden_reason(url: str, rules: list[dict]) -> str | None:
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    path = parts.path.lower()
    for rule in rules:
        if host != rule["host"] and not host.endswith("." + rule["host"]):
            continue
        if "path" in rule and not path.startswith(rule["path"]):
            continue
        if "path_contains" in rule and rule["path_contains"] not in path:
            continue
        return rule["reason"]
    return None


def is_home_page(url: str) -> bool:
    """True for a link to a site's home page: no path beyond "/" (a query or fragment does not make it deep)."""
    return urlsplit(url).path in ("", "/")


def _urls_in(value, key: str = ""):
    """Every http(s) address in a field value: strings (plain or HTML), and nested block data."""
    if isinstance(value, str):
        if "http" in value:
            yield from (url.rstrip(".,;)") for url in URL_RE.findall(value))
    elif isinstance(value, dict):
        for sub_key, sub_value in value.items():
            yield from _urls_in(sub_value, sub_key)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _urls_in(item, key)


def _field_value(obj, field):
    value = getattr(obj, field.attname)
    if isinstance(field, StreamField):
        return list(value.raw_data) if value is not None else []
    return value


def demo_links() -> list[tuple[str, str, str]]:
    """(object, field, url) for every external link in the content apps, each place counted once."""
    own_hosts = {site.hostname for site in Site.objects.all()} | {"localhost", "testserver"}
    seen: set[tuple[str, str, str]] = set()
    for label in CONTENT_APPS:
        for model in apps.get_app_config(label).get_models():
            fields = [
                field
                for field in model._meta.concrete_fields
                if isinstance(field, models.URLField | models.TextField | models.CharField | StreamField)
                or field.get_internal_type() == "JSONField"
            ]
            if not fields:
                continue
            for obj in model._default_manager.all():
                where = f"page {obj.url_path}" if isinstance(obj, Page) else f"{model._meta.label} {obj}"
                for field in fields:
                    for url in _urls_in(_field_value(obj, field)):
                        if urlsplit(url).hostname in own_hosts:
                            continue
                        seen.add((where, field.name, url))
    return sorted(seen)


@pytest.fixture(scope="module")
def links(django_db_setup, django_db_blocker, tmp_path_factory):
    with demo_seeded(django_db_blocker, tmp_path_factory):
        found = demo_links()
        resources = [(r.title, r.link_url) for r in Resource.objects.exclude(link_url="")]
    hosts = Counter(urlsplit(url).hostname for _where, _field, url in found)
    print(f"\n{len(found)} external links checked in the demo, by host:")
    for host, count in hosts.most_common():
        print(f"  {count:4d}  {host}")
    return {"found": found, "resources": resources}


def test_the_walk_reaches_every_kind_of_link(links):
    fields = {field for _where, field, _url in links["found"]}
    assert len(links["found"]) >= 100
    assert {"body", "link_url", "source_url", "recruit_source_url"} <= fields, fields


def test_no_demo_link_uses_a_forbidden_source(links):
    rules = forbidden_rules()
    bad = [
        f"{where} [{field}]: {url} ({reason})"
        for where, field, url in links["found"]
        if (reason := forbidden_reason(url, rules))
    ]
    assert not bad, "forbidden sources in the demo:\n" + "\n".join(bad)


def test_no_demo_link_goes_to_a_home_page(links):
    bare = [f"{where} [{field}]: {url}" for where, field, url in links["found"] if is_home_page(url)]
    assert not bare, "links to a site's home page instead of the page that says it:\n" + "\n".join(bare)


@pytest.mark.parametrize(
    ("url", "home"),
    [
        ("https://heiw.nhs.wales/", True),
        ("https://learninghub.nhs.uk", True),
        ("https://learn.nes.nhs.scot/?lang=en", True),
        ("https://www.careers.nhs.scot/shape-your-future/return-to-practice/", False),
        ("https://www.gov.uk/health-care-worker-visa", False),
    ],
)
def test_a_home_page_is_a_link_with_no_path(url, home):
    assert is_home_page(url) is home


@pytest.mark.parametrize(
    "url",
    [
        "https://prod.hcpc-uk.org/registration/",
        "https://www.hcpc-uk.org/cy-gb/cofrestru/getting-on-the-register/readmission",
        "https://news.naysblog.com/news/uk-places-nigeria-on-its-red-list",
        "https://society-of-radiographers.shorthandstories.com/starting-out-24-25/",
        "https://www.hcpc-uk.org/apply/readmission/index.asp",
    ],
)
def test_the_list_catches_known_bad_links(url):
    assert forbidden_reason(url, forbidden_rules())


def test_the_list_lets_canonical_links_through():
    rules = forbidden_rules()
    for url in (
        "https://www.hcpc-uk.org/registration/getting-on-the-register/readmission/",
        "https://www.gov.uk/health-care-worker-visa/how-much-it-costs",
        "https://www.sor.org/news/careers/return-of-the-rad",
    ):
        assert forbidden_reason(url, rules) is None, url
