"""Enquiry reports for team leads and for national and regional leads: aggregates only.

Who may see what is decided in one place, `report_scope(user)` (a Q over Enquiry, or None for no
access), built from `report_access(user)`: superusers see every enquiry; a user with a ReportingLead row
sees the enquiries of that row's nations (every nation when it names none); a team lead
(TeamMembership.is_lead) sees the enquiries of the teams they lead; someone with several of these sees
the union. Everyone else has no access (the views answer 403 and the menu item is hidden).

The figures (the page's "How these figures are counted" note says the same in plain words):

- Every figure except the backlog is about the enquiries *received* in the period: created in it,
  counting neither spam nor merged duplicates (a merged duplicate is counted in the enquiry it joined).
  Breakdowns by month count each enquiry in the month it arrived (UK time).
- Resolved: of those, the ones resolved (resolved_at set; an enquiry reopened after resolution is not).
- First response and resolution times are Enquiry.first_response_seconds and resolution_seconds
  (working seconds: 09:00 to 17:00 on the nation's working days), shown in working hours to one decimal.
- Median and 90th percentile by linear interpolation between the closest ranks (`percentile`): the
  p-th percentile of n sorted times x[0..n-1] is at position h = (n - 1) x p / 100, that is
  x[floor(h)] + (h - floor(h)) x (x[floor(h) + 1] - x[floor(h)]). This is Excel's PERCENTILE.INC, R's
  type 7, NumPy's default and statistics.quantiles(method="inclusive"), worked out exactly with
  fractions. The 50th percentile is the conventional median: the middle time, or the mean of the two
  middle times when their number is even ([1 h, 9 h] gives 5 h).
- Every breakdown row (month, pathway, nation, topic) has the same measures as the totals: received,
  resolved, median and 90th percentile of first response and of resolution, the share answered within
  deadline, and the mean rating.
- Answered within deadline: responded_within_deadline True / (True + False); enquiries not yet
  answered are left out.
- Satisfaction: the SatisfactionRating rows of the enquiries received; response rate = resolved
  enquiries with a rating / resolved enquiries. Small numbers can point to one person, so wherever a
  figure would rest on fewer than MIN_RATINGS ratings (the totals, any breakdown row), the mean rating
  and the count of each score are not shown, on the page or in the CSV, to anyone ("fewer than 3
  ratings"); how many ratings there are is still shown. Comments are never read by the reports.
- Backlog: enquiries open now (states.OPEN_STATUSES), whenever they arrived, by age in working days
  since submission (deadlines.py's working time in the enquiry's nation).

Hand-written rather than a Wagtail ReportView: that view lists a queryset's rows, one per object, which
here would be enquiries with personal data; these reports are grouped counts. The database does the
counting (Count and Sum with values() and TruncMonth); percentiles are worked out in Python from the
two integer time columns only, fetched in one query (PostgreSQL's percentile_cont does not exist on
SQLite), and sorted once per group. The number of queries is fixed whatever the number of enquiries.
"""

from __future__ import annotations

import datetime
import functools
import operator
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from django.db.models import CharField, Count, F, Min, Q, Sum, Value
from django.db.models.functions import TruncMonth
from django.utils import timezone

from cms.models import Nation, Pathway, Topic
from enquiries import deadlines, states
from enquiries.models import Enquiry, ReportingLead, Team, TeamMembership
from portal.exports import csv_safe

S = Enquiry.Status

#: Statuses never counted as received: spam, and duplicates merged into another enquiry.
NOT_RECEIVED = (S.SPAM, S.MERGED)
#: The month choices go back at most this far.
MAX_MONTHS = 120
#: Default period: this many months, ending with the current one.
DEFAULT_MONTHS = 12
#: (from, to, label) in working days: from <= age < to; None means no upper end.
BACKLOG_BUCKETS: tuple[tuple[int, int | None, str], ...] = (
    (0, 1, "Under 1 working day"),
    (1, 3, "1 to 3 working days"),
    (3, 5, "3 to 5 working days"),
    (5, 10, "5 to 10 working days"),
    (10, None, "10 working days or more"),
)
#: A mean rating (and the count of each score) is shown only when it rests on at least this many
#: ratings: with fewer, it could tell a reader what one enquirer said.
MIN_RATINGS = 3
FEWER_THAN_MIN_RATINGS = f"fewer than {MIN_RATINGS} ratings"
SCORE_LABELS = {5: "5 (very good)", 4: "4 (good)", 3: "3 (OK)", 2: "2 (poor)", 1: "1 (very poor)"}
NO_PATHWAY_LABEL = "No pathway (managers and others)"
_MAX_DAYS_BACK = 3660  # ten years of calendar days: a hard stop for the loop in working_time_before


# --------------------------------------------------------------------------------------------------
# Who may see what
# --------------------------------------------------------------------------------------------------


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


# --------------------------------------------------------------------------------------------------
# Months, numbers and percentiles
# --------------------------------------------------------------------------------------------------


def month_floor(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


def add_months(month: datetime.date, count: int) -> datetime.date:
    index = month.year * 12 + month.month - 1 + count
    return datetime.date(index // 12, index % 12 + 1, 1)


def month_label(month: datetime.date) -> str:
    return f"{month:%B %Y}"


def month_value(month: datetime.date) -> str:
    return f"{month:%Y-%m}"


def local_midnight(day: datetime.date) -> datetime.datetime:
    """Midnight at the start of `day` in UK time (the project's TIME_ZONE)."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def default_period(today: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The last twelve months, this one included."""
    this_month = month_floor(today)
    return add_months(this_month, 1 - DEFAULT_MONTHS), this_month


def percentile(ordered: Sequence[int], percent: int) -> Fraction | None:
    """The `percent`-th percentile of values sorted in ascending order, by linear interpolation between
    the closest ranks: position h = (n - 1) x percent / 100 (counting from 0), value x[floor(h)] plus
    (h - floor(h)) times the gap to the next value. The same as Excel's PERCENTILE.INC and
    statistics.quantiles(method="inclusive"), but exact (a Fraction: no floating-point surprises) and
    defined for a single value. percent=50 is the conventional median. None when there are no values."""
    if not 0 <= percent <= 100:
        raise ValueError("percent must be from 0 to 100")
    count = len(ordered)
    if not count:
        return None
    position = Fraction((count - 1) * percent, 100)
    low = position.numerator // position.denominator
    value = Fraction(ordered[low])
    if position != low:
        value += (position - low) * (ordered[low + 1] - ordered[low])
    return value


ONE_DECIMAL = Decimal("0.1")


def working_hours(seconds: int | Fraction | None) -> Decimal | None:
    """Working seconds as working hours, to one decimal (halves round up)."""
    if seconds is None:
        return None
    hours = Fraction(seconds) / 3600
    return (Decimal(hours.numerator) / Decimal(hours.denominator)).quantize(
        ONE_DECIMAL, rounding=ROUND_HALF_UP
    )


def percent(part: int, whole: int) -> Decimal | None:
    """part / whole as a percentage to one decimal (halves round up); None when whole is 0."""
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(ONE_DECIMAL, rounding=ROUND_HALF_UP)


def bar_width(value: int, largest: int) -> int:
    """A bar's length as a whole percentage of the longest bar (at least 1 for any value above 0)."""
    if not largest or not value:
        return 0
    return max(1, round(value * 100 / largest))


def working_time_before(end: datetime.datetime, seconds: int, subdivision: str) -> datetime.datetime:
    """The latest moment from which `seconds` of working time have passed by `end`: the mirror of
    deadlines.add_working_seconds (which only counts forwards). An enquiry created at or before it is
    at least that old in working time; one created after it is younger."""
    if seconds < 0:
        raise ValueError("seconds must not be negative")
    current = end.astimezone(deadlines.UK_TIME)
    if seconds == 0:
        return current
    remaining = seconds
    day = current.date()
    for _ in range(_MAX_DAYS_BACK):
        if deadlines.is_working_day(day, subdivision):
            opens = datetime.datetime.combine(day, deadlines.DAY_START, tzinfo=deadlines.UK_TIME)
            closes = datetime.datetime.combine(day, deadlines.DAY_END, tzinfo=deadlines.UK_TIME)
            finish = min(current, closes)
            if finish > opens:
                available = (finish - opens).total_seconds()
                if remaining <= available:
                    return finish - datetime.timedelta(seconds=remaining)
                remaining -= available
        day -= datetime.timedelta(days=1)
        current = datetime.datetime.combine(day, deadlines.DAY_END, tzinfo=deadlines.UK_TIME)
    raise ValueError("too far back")


# --------------------------------------------------------------------------------------------------
# Filters and the choices they offer
# --------------------------------------------------------------------------------------------------


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


# --------------------------------------------------------------------------------------------------
# The report
# --------------------------------------------------------------------------------------------------


@dataclass
class Times:
    """Working-time durations: how many, median and 90th percentile (`percentile`), in seconds."""

    count: int = 0
    median: Fraction | None = None
    p90: Fraction | None = None

    @classmethod
    def of(cls, values: Iterable[int]) -> Times:
        ordered = sorted(values)
        return cls(count=len(ordered), median=percentile(ordered, 50), p90=percentile(ordered, 90))

    @property
    def median_hours(self) -> Decimal | None:
        return working_hours(self.median)

    @property
    def p90_hours(self) -> Decimal | None:
        return working_hours(self.p90)


def mean_rating(score_sum: int, ratings: int) -> Decimal | None:
    """The mean score to one decimal (halves round up), exactly; None when there are fewer than
    MIN_RATINGS ratings (none, or too few to show without pointing at someone)."""
    if ratings < MIN_RATINGS:
        return None
    return (Decimal(score_sum) / Decimal(ratings)).quantize(ONE_DECIMAL, rounding=ROUND_HALF_UP)


@dataclass
class Group:
    """One row of a breakdown (or the totals): counts, times and ratings of the enquiries received."""

    key: object
    label: str
    received: int = 0
    resolved: int = 0
    within: int = 0
    late: int = 0
    ratings: int = 0
    score_sum: int = 0
    first_response: Times = field(default_factory=Times)
    resolution: Times = field(default_factory=Times)
    bar: int = 0

    @property
    def answered(self) -> int:
        return self.within + self.late

    @property
    def within_share(self) -> Decimal | None:
        return percent(self.within, self.answered)

    @property
    def rating_mean(self) -> Decimal | None:
        """None with no ratings, or fewer than MIN_RATINGS (then `ratings_too_few` is True)."""
        return mean_rating(self.score_sum, self.ratings)

    @property
    def ratings_too_few(self) -> bool:
        return 0 < self.ratings < MIN_RATINGS

    @property
    def rating_csv(self) -> Decimal | str | None:
        """The mean rating as the CSV holds it: the number, the words for too few, or empty."""
        return FEWER_THAN_MIN_RATINGS if self.ratings_too_few else self.rating_mean


@dataclass
class ScoreRow:
    score: int
    label: str
    count: int
    share: Decimal | None
    bar: int


@dataclass
class Satisfaction:
    counts: dict[int, int]
    resolved: int
    rated_resolved: int

    @property
    def ratings(self) -> int:
        return sum(self.counts.values())

    @property
    def too_few(self) -> bool:
        """Some ratings, but fewer than MIN_RATINGS: neither the mean nor the scores are shown."""
        return 0 < self.ratings < MIN_RATINGS

    @property
    def mean(self) -> Decimal | None:
        """The mean score to one decimal, worked out exactly from the counts (None when too few)."""
        return mean_rating(sum(score * count for score, count in self.counts.items()), self.ratings)

    @property
    def response_rate(self) -> Decimal | None:
        return percent(self.rated_resolved, self.resolved)

    @property
    def rows(self) -> list[ScoreRow]:
        """Ratings by score, best first; none while there are too few to show."""
        if self.too_few:
            return []
        largest = max(self.counts.values(), default=0)
        return [
            ScoreRow(
                score=score,
                label=SCORE_LABELS[score],
                count=self.counts[score],
                share=percent(self.counts[score], self.ratings),
                bar=bar_width(self.counts[score], largest),
            )
            for score in (5, 4, 3, 2, 1)
        ]


@dataclass
class BacklogBucket:
    label: str
    count: int
    bar: int = 0


@dataclass
class EnquiryReport:
    filters: ReportFilters
    totals: Group
    by_month: list[Group]
    by_pathway: list[Group]
    by_nation: list[Group]
    by_topic: list[Group]
    satisfaction: Satisfaction
    backlog: list[BacklogBucket]
    now: datetime.datetime

    @property
    def open_now(self) -> int:
        return sum(bucket.count for bucket in self.backlog)

    @property
    def breakdowns(self) -> list[tuple[str, str, str, list[Group]]]:
        """(id, heading, first column's label, rows) for the page and the CSV."""
        return [
            ("month", "Enquiries by month", "Month received", self.by_month),
            ("pathway", "Enquiries by pathway", "Pathway", self.by_pathway),
            ("nation", "Enquiries by nation", "Nation", self.by_nation),
            ("topic", "Enquiries by topic", "Topic", self.by_topic),
        ]


#: The counts every group (and the totals) gets, in one aggregate per breakdown. A rating is one-to-one
#: with its enquiry, so the join to it never counts an enquiry twice.
def _measures() -> dict:
    return {
        "received": Count("pk"),
        "resolved": Count("pk", filter=Q(resolved_at__isnull=False)),
        "within": Count("pk", filter=Q(responded_within_deadline=True)),
        "late": Count("pk", filter=Q(responded_within_deadline=False)),
        "ratings": Count("rating"),
        "score_sum": Sum("rating__score"),
    }


def _month_key(value) -> datetime.date:
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
        value = value.date()
    return month_floor(value)


def _finish(groups: list[Group]) -> list[Group]:
    largest = max((group.received for group in groups), default=0)
    for group in groups:
        group.bar = bar_width(group.received, largest)
    return groups


class _GroupTimes:
    """The first-response and resolution times of one dimension's groups, collected in one pass."""

    def __init__(self):
        self.first: dict = defaultdict(list)
        self.resolution: dict = defaultdict(list)

    def add(self, key, first: int | None, resolution: int | None) -> None:
        if first is not None:
            self.first[key].append(first)
        if resolution is not None:
            self.resolution[key].append(resolution)

    def group(self, key, label: str, row: dict) -> Group:
        return Group(
            key=key,
            label=label,
            received=row.get("received", 0),
            resolved=row.get("resolved", 0),
            within=row.get("within", 0),
            late=row.get("late", 0),
            ratings=row.get("ratings", 0),
            score_sum=row.get("score_sum") or 0,
            first_response=Times.of(self.first.get(key, ())),
            resolution=Times.of(self.resolution.get(key, ())),
        )


def _breakdown(rows, key: str, labels: dict, order: list, times: _GroupTimes) -> list[Group]:
    """Groups from a values(key).annotate(measures) query, in `order`, leaving out empty ones."""
    found = {row[key]: row for row in rows}
    groups = [
        times.group(value, labels[value], found[value])
        for value in order
        if value in found and found[value]["received"]
    ]
    return _finish(groups)


def backlog_buckets(
    open_enquiries, *, nations: Sequence[Nation], now: datetime.datetime
) -> list[BacklogBucket]:
    """Open enquiries by age in working days, counted by the database in one query.

    Age depends on each nation's bank holidays, so for each holiday calendar the bucket edges are
    worked out as moments (working_time_before) and the buckets become date ranges per nation."""
    by_subdivision: dict[str, list[int]] = defaultdict(list)
    for nation in nations:
        by_subdivision[nation.holiday_subdivision or deadlines.DEFAULT_SUBDIVISION].append(nation.pk)
    edges = {
        (subdivision, days): working_time_before(now, days * deadlines.WORKING_DAY_SECONDS, subdivision)
        for subdivision in by_subdivision
        for low, high, _ in BACKLOG_BUCKETS
        for days in (low, high)
        if days
    }
    aggregates = {}
    for index, (low, high, _label) in enumerate(BACKLOG_BUCKETS):
        parts = []
        for subdivision, nation_ids in sorted(by_subdivision.items()):
            part = Q(nation_id__in=nation_ids)
            if low:
                part &= Q(created_at__lte=edges[(subdivision, low)])
            if high is not None:
                part &= Q(created_at__gt=edges[(subdivision, high)])
            parts.append(part)
        if parts:
            aggregates[f"bucket_{index}"] = Count("pk", filter=functools.reduce(operator.or_, parts))
    counts = open_enquiries.order_by().aggregate(**aggregates) if aggregates else {}
    buckets = [
        BacklogBucket(label=label, count=counts.get(f"bucket_{index}") or 0)
        for index, (_low, _high, label) in enumerate(BACKLOG_BUCKETS)
    ]
    largest = max((bucket.count for bucket in buckets), default=0)
    for bucket in buckets:
        bucket.bar = bar_width(bucket.count, largest)
    return buckets


def build_report(
    *,
    access: ReportAccess,
    filters: ReportFilters,
    options: ReportOptions,
    now: datetime.datetime | None = None,
) -> EnquiryReport:
    """Every figure of the report for one user and one choice of filters: seven queries, however many
    enquiries there are."""
    now = now or timezone.now()
    scoped = Enquiry.objects.filter(access.q).filter(filters.dimension_q())
    received = (
        scoped.filter(created_at__gte=filters.start, created_at__lt=filters.end)
        .exclude(status__in=NOT_RECEIVED)
        .order_by()
    )

    # 1. Totals, with the satisfaction counts (a rating is one-to-one with its enquiry: no duplicates).
    totals = received.aggregate(
        **_measures(),
        rated_resolved=Count("rating", filter=Q(resolved_at__isnull=False)),
        **{f"score_{score}": Count("rating", filter=Q(rating__score=score)) for score in SCORE_LABELS},
    )

    # 2. The times, for the percentiles: only the integer columns and the keys they are grouped by.
    times = (
        received.filter(Q(first_response_seconds__isnull=False) | Q(resolution_seconds__isnull=False))
        .annotate(month=TruncMonth("created_at"))
        .values_list(
            "month", "pathway_id", "nation_id", "topic_id", "first_response_seconds", "resolution_seconds"
        )
    )
    all_times = _GroupTimes()
    month_times, pathway_times, nation_times, topic_times = (_GroupTimes() for _ in range(4))
    month_keys: dict = {}  # a few distinct months among many rows: convert each once
    for month, pathway_id, nation_id, topic_id, first, resolution in times:
        if month not in month_keys:
            month_keys[month] = _month_key(month)
        all_times.add(None, first, resolution)
        month_times.add(month_keys[month], first, resolution)
        pathway_times.add(pathway_id, first, resolution)
        nation_times.add(nation_id, first, resolution)
        topic_times.add(topic_id, first, resolution)

    # 3-6. The breakdowns, one grouped query each.
    month_rows = {
        _month_key(row["month"]): row
        for row in received.annotate(month=TruncMonth("created_at")).values("month").annotate(**_measures())
    }
    # Every month of the period, empty ones too: a time line has no gaps.
    by_month = _finish(
        [month_times.group(month, f"{month:%b %Y}", month_rows.get(month, {})) for month in filters.months]
    )

    pathway_labels = {pathway.pk: pathway.name for pathway in options.pathways} | {None: NO_PATHWAY_LABEL}
    by_pathway = _breakdown(
        received.values("pathway_id").annotate(**_measures()),
        "pathway_id",
        pathway_labels,
        [pathway.pk for pathway in options.pathways] + [None],
        pathway_times,
    )
    by_nation = _breakdown(
        received.values("nation_id").annotate(**_measures()),
        "nation_id",
        {nation.pk: nation.name for nation in options.all_nations},
        [nation.pk for nation in options.all_nations],
        nation_times,
    )
    topic_rows = list(received.values("topic_id").annotate(**_measures()))
    topic_counts = {row["topic_id"]: row["received"] for row in topic_rows}
    # Most asked first; equal counts in the topics' own order.
    topic_order = [
        pk
        for _, _, pk in sorted(
            (-topic_counts[topic.pk], position, topic.pk)
            for position, topic in enumerate(options.topics)
            if topic.pk in topic_counts
        )
    ]
    topic_names = {topic.pk: topic.name for topic in options.topics}
    by_topic = _breakdown(topic_rows, "topic_id", topic_names, topic_order, topic_times)

    # 7. The backlog: open now, whenever received, with the filters but not the period.
    backlog = backlog_buckets(
        scoped.filter(status__in=states.OPEN_STATUSES), nations=options.all_nations, now=now
    )

    return EnquiryReport(
        filters=filters,
        totals=all_times.group(None, "All enquiries", totals),
        by_month=by_month,
        by_pathway=by_pathway,
        by_nation=by_nation,
        by_topic=by_topic,
        satisfaction=Satisfaction(
            counts={score: totals[f"score_{score}"] for score in (5, 4, 3, 2, 1)},
            resolved=totals["resolved"],
            rated_resolved=totals["rated_resolved"],
        ),
        backlog=backlog,
        now=now,
    )


# --------------------------------------------------------------------------------------------------
# CSV
# --------------------------------------------------------------------------------------------------

CSV_HEADER = ["Section", "Group", "Measure", "Value"]
#: A cell starting with one of these could be run as a formula by a spreadsheet (CSV injection).
#: The measures of every breakdown row in the CSV, in the page's column order.
GROUP_MEASURES: tuple[tuple[str, Callable[[Group], object]], ...] = (
    ("Received", operator.attrgetter("received")),
    ("Resolved", operator.attrgetter("resolved")),
    ("Median first response (working hours)", operator.attrgetter("first_response.median_hours")),
    ("90th percentile first response (working hours)", operator.attrgetter("first_response.p90_hours")),
    ("Median resolution (working hours)", operator.attrgetter("resolution.median_hours")),
    ("90th percentile resolution (working hours)", operator.attrgetter("resolution.p90_hours")),
    ("Answered within deadline (%)", operator.attrgetter("within_share")),
    ("Ratings", operator.attrgetter("ratings")),
    ("Mean rating (1 to 5)", operator.attrgetter("rating_csv")),
)


def csv_rows(report: EnquiryReport) -> list[list]:
    """The report as rows of (section, group, measure, value), one figure a row, header first: easy to
    filter and pivot in a spreadsheet. Aggregates only; a mean rating or score count resting on fewer
    than MIN_RATINGS ratings is the words "fewer than 3 ratings", as on the page."""
    rows: list[list] = [CSV_HEADER]
    for name, value in report.filters.describe():
        rows.append(["Filters", name, "Chosen", value])
    total = report.totals
    first, resolution = total.first_response, total.resolution
    satisfaction = report.satisfaction
    figures = [
        ("Received", total.received),
        ("Resolved", total.resolved),
        ("First responses", first.count),
        ("Median first response (working hours)", first.median_hours),
        ("90th percentile first response (working hours)", first.p90_hours),
        ("Resolutions timed", resolution.count),
        ("Median resolution (working hours)", resolution.median_hours),
        ("90th percentile resolution (working hours)", resolution.p90_hours),
        ("Answered within deadline", total.within),
        ("Answered after deadline", total.late),
        ("Answered within deadline (%)", total.within_share),
        ("Ratings", satisfaction.ratings),
        ("Mean rating (1 to 5)", FEWER_THAN_MIN_RATINGS if satisfaction.too_few else satisfaction.mean),
        ("Rating response rate (% of resolved)", satisfaction.response_rate),
    ]
    rows += [["All enquiries", "All enquiries", measure, value] for measure, value in figures]
    for key, heading, _column, groups in report.breakdowns:
        for group in groups:
            label = month_value(group.key) if key == "month" else group.label
            rows += [[heading, label, measure, value(group)] for measure, value in GROUP_MEASURES]
    if satisfaction.too_few:
        for score in (5, 4, 3, 2, 1):
            rows.append(["Satisfaction", f"Score {SCORE_LABELS[score]}", "Ratings", FEWER_THAN_MIN_RATINGS])
    for row in satisfaction.rows:
        rows.append(["Satisfaction", f"Score {row.label}", "Ratings", row.count])
    for bucket in report.backlog:
        rows.append(["Backlog (open now)", bucket.label, "Open enquiries", bucket.count])
    return [[csv_safe(cell) for cell in row] for row in rows]
