"""Pieces the enquiry benchmarks share: a PostgreSQL admin connection, percentiles, and the teams and
routing rules they route submissions through (the same shape as the demo's)."""

from __future__ import annotations

from urllib.parse import urlsplit


def admin_connection(url: str):
    """(database name, an autocommit connection to the server's `postgres` database)."""
    import psycopg

    parts = urlsplit(url)
    return parts.path.lstrip("/"), psycopg.connect(parts._replace(path="/postgres").geturl(), autocommit=True)


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))]


def make_teams_and_rules(pathways: dict, nations: dict) -> dict:
    """Three teams (RtP England, RtP devolved nations, IR as the fallback) and their routing rules."""
    from enquiries.models import RoutingRule, Team

    teams = {
        "rtp-england": Team.objects.create(name="RtP England", slug="rtp-england"),
        "rtp-devolved": Team.objects.create(name="RtP Scotland, Wales and NI", slug="rtp-devolved"),
        "ir": Team.objects.create(name="International recruitment", slug="ir", is_fallback=True),
    }
    RoutingRule.objects.create(
        order=10,
        name="RtP England",
        pathway=pathways["rtp"],
        nation=nations["england"],
        team=teams["rtp-england"],
    )
    for order, slug in enumerate(["scotland", "wales", "northern-ireland"], start=20):
        RoutingRule.objects.create(
            order=order,
            name=f"RtP {slug}",
            pathway=pathways["rtp"],
            nation=nations[slug],
            team=teams["rtp-devolved"],
        )
    RoutingRule.objects.create(order=50, name="IR", pathway=pathways["ir"], team=teams["ir"])
    return teams
