"""Fixtures of the link-check tests (tests/cms/link_server.py): loopback servers and the guard."""

from tests.cms.link_server import loopback_only, servers  # noqa: F401
