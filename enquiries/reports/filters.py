"""The report's filters (period, teams, nations, pathways, topics) and the choices each reader is offered."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Min, Q
from django.utils import timezone

from cms.models import Nation, Pathway, Topic
from enquiries.models import Enquiry, Team
from enquiries.reports.access import ReportAccess
from enquiries.reports.measures import (
    MAX_MONTHS,
    add_months,
    default_period,
    local_midnight,
    month_floor,
    month_label,
)

NO_PATHWAY_LABEL = "No pathway (managers and others)"


@dataclass(frozen=True)
class ReportOptions:
    """What the filters offer a user, fetched once per request (four small queries and one aggregate)."""

    months: tuple[datetime.date, ...]  # newest first
    pathways: tuple[Pathway, ...]
    nations: tuple[Nation, ...]  # offered in the filter
    all_nations: tuple[Nation, ...]  # every nation (their bank holidays date the backlog)
    topics: tuple[Topic, ...]
    teams: tuple[Team, ...]  # offered in the filter
    all_teams: bool
    scope_text: str


def report_options(access: ReportAccess, *, today: datetime.date) -> ReportOptions:
    this_month = month_floor(today)
    first = Enquiry.objects.aggregate(first=Min("created_at"))["first"]
    earliest = default_period(today)[0]
    if first is not None:
        earliest = min(earliest, month_floor(timezone.localdate(first)))
    earliest = max(earliest, add_months(this_month, 1 - MAX_MONTHS))
    months = []
    month = this_month
    while month >= earliest:
        months.append(month)
        month = add_months(month, -1)
    nations = tuple(Nation.objects.all())
    if access.everything or access.team_ids or not access.nation_ids:
        offered_nations = nations
    else:
        offered_nations = tuple(nation for nation in nations if nation.pk in access.nation_ids)
    teams = tuple(Team.objects.order_by("name"))
    offered_teams = teams if access.all_teams else tuple(t for t in teams if t.pk in access.team_ids)
    return ReportOptions(
        months=tuple(months),
        pathways=tuple(Pathway.objects.all()),
        nations=offered_nations,
        all_nations=nations,
        topics=tuple(Topic.objects.all()),
        teams=offered_teams,
        all_teams=access.all_teams,
        scope_text=access.describe(nations=nations, teams=teams),
    )


@dataclass(frozen=True)
class ReportFilters:
    """A validated choice of period (whole months, UK time) and of the four dimensions."""

    first_month: datetime.date
    last_month: datetime.date
    pathway: Pathway | None = None
    no_pathway: bool = False  # only enquiries without a pathway (managers and others)
    nation: Nation | None = None
    topic: Topic | None = None
    team: Team | None = None
    all_teams_label: str = "All teams"  # "All your teams" for a team lead: what no team filter means

    @property
    def start(self) -> datetime.datetime:
        return local_midnight(self.first_month)

    @property
    def end(self) -> datetime.datetime:
        """The first moment after the period."""
        return local_midnight(add_months(self.last_month, 1))

    @property
    def months(self) -> list[datetime.date]:
        months, month = [], self.first_month
        while month <= self.last_month:
            months.append(month)
            month = add_months(month, 1)
        return months

    @property
    def period_label(self) -> str:
        if self.first_month == self.last_month:
            return month_label(self.first_month)
        return f"{month_label(self.first_month)} to {month_label(self.last_month)}"

    def dimension_q(self) -> Q:
        q = Q()
        if self.no_pathway:
            q &= Q(pathway__isnull=True)
        elif self.pathway is not None:
            q &= Q(pathway_id=self.pathway.pk)
        if self.nation is not None:
            q &= Q(nation_id=self.nation.pk)
        if self.topic is not None:
            q &= Q(topic_id=self.topic.pk)
        if self.team is not None:
            q &= Q(team_id=self.team.pk)
        return q

    def describe(self) -> list[tuple[str, str]]:
        """(filter, chosen value) pairs, in words."""
        if self.no_pathway:
            pathway = NO_PATHWAY_LABEL
        else:
            pathway = self.pathway.name if self.pathway else "All pathways"
        return [
            ("From", month_label(self.first_month)),
            ("To", month_label(self.last_month)),
            ("Pathway", pathway),
            ("Nation", self.nation.name if self.nation else "All nations"),
            ("Topic", self.topic.name if self.topic else "All topics"),
            ("Team", self.team.name if self.team else self.all_teams_label),
        ]
