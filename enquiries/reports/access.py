"""Who may see which enquiry figures: team leads their teams, reporting leads their nations, superusers all."""

from __future__ import annotations

import functools
import operator
from collections.abc import Sequence
from dataclasses import dataclass

from django.db.models import CharField, F, Q, Value

from cms.models import Nation
from enquiries.models import ReportingLead, Team, TeamMembership


@dataclass(frozen=True)
class ReportAccess:
    """What one user's reports cover. `q` is the filter over Enquiry; the rest shapes the filters."""

    everything: bool = False
    reporting_lead: bool = False
    nation_ids: frozenset[int] = frozenset()  # a reporting lead's nations (empty: all of them)
    team_ids: frozenset[int] = frozenset()  # the teams the user leads

    @property
    def all_nations(self) -> bool:
        return self.everything or (self.reporting_lead and not self.nation_ids)

    @property
    def q(self) -> Q:
        if self.all_nations:
            return Q()
        parts = []
        if self.nation_ids:
            parts.append(Q(nation_id__in=sorted(self.nation_ids)))
        if self.team_ids:
            parts.append(Q(team_id__in=sorted(self.team_ids)))
        return functools.reduce(operator.or_, parts)

    @property
    def all_teams(self) -> bool:
        """Whether every team is offered in the team filter (leads by nation may narrow to any team)."""
        return self.everything or self.reporting_lead

    def describe(self, *, nations: Sequence[Nation], teams: Sequence[Team]) -> str:
        """In words, for the top of the page: whose enquiries these reports count."""
        if self.all_nations:
            return "every enquiry, in all nations and teams"
        parts = []
        if self.nation_ids:
            names = [nation.name for nation in nations if nation.pk in self.nation_ids]
            parts.append(f"enquiries from {_and_list(names)}")
        if self.team_ids:
            names = [team.name for team in teams if team.pk in self.team_ids]
            led = "the team you lead" if len(names) == 1 else "the teams you lead"
            parts.append(f"enquiries of {led} ({_and_list(names)})")
        return ", and ".join(parts)


def _and_list(names: Sequence[str]) -> str:
    names = list(names)
    if len(names) <= 1:
        return "".join(names)
    return f"{', '.join(names[:-1])} and {names[-1]}"


def report_access(user) -> ReportAccess | None:
    """The one function that decides who may see the reports, and which enquiries they count.

    One query for anyone but a superuser: the teams the user leads, their ReportingLead row and its
    nations, read together with UNION ALL.
    """
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    if user.is_superuser:
        return ReportAccess(everything=True)
    kind = functools.partial(Value, output_field=CharField())
    led = (
        TeamMembership.objects.filter(user=user, is_lead=True)
        .annotate(kind=kind("team"), ref=F("team_id"))
        .values_list("kind", "ref")
    )
    lead_row = (
        ReportingLead.objects.filter(user=user)
        .annotate(kind=kind("lead"), ref=F("pk"))
        .values_list("kind", "ref")
    )
    lead_nations = (
        ReportingLead.nations.through.objects.filter(reportinglead__user=user)
        .annotate(kind=kind("nation"), ref=F("nation_id"))
        .values_list("kind", "ref")
    )
    rows = list(led.union(lead_row, lead_nations, all=True))
    team_ids = frozenset(ref for what, ref in rows if what == "team")
    is_reporting_lead = any(what == "lead" for what, _ in rows)
    if not team_ids and not is_reporting_lead:
        return None
    return ReportAccess(
        reporting_lead=is_reporting_lead,
        nation_ids=frozenset(ref for what, ref in rows if what == "nation"),
        team_ids=team_ids,
    )


def report_scope(user) -> Q | None:
    """The enquiries a user's reports count, as a filter over Enquiry; None when they have no access."""
    access = report_access(user)
    return None if access is None else access.q


def report_access_for(request) -> ReportAccess | None:
    """report_access for the request's user, worked out once per request (the menu asks on every
    admin page)."""
    if not hasattr(request, "_enquiry_report_access"):
        request._enquiry_report_access = report_access(request.user)
    return request._enquiry_report_access
