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
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from django.db.models import Count, Q, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone

from cms.models import Nation
from enquiries import deadlines, states
from enquiries.models import Enquiry
from enquiries.reports.access import ReportAccess
from enquiries.reports.filters import NO_PATHWAY_LABEL, ReportFilters, ReportOptions
from enquiries.reports.measures import (
    ONE_DECIMAL,
    bar_width,
    month_floor,
    percent,
    percentile,
    working_hours,
    working_time_before,
)

S = Enquiry.Status

#: Statuses never counted as received: spam, and duplicates merged into another enquiry.
NOT_RECEIVED = (S.SPAM, S.MERGED)
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


# --------------------------------------------------------------------------------------------------
# Who may see what
# --------------------------------------------------------------------------------------------------


# --------------------------------------------------------------------------------------------------
# Months, numbers and percentiles
# --------------------------------------------------------------------------------------------------


# --------------------------------------------------------------------------------------------------
# Filters and the choices they offer
# --------------------------------------------------------------------------------------------------


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
