"""The report as CSV: one row per section, group and measure, every cell formula-safe."""

from __future__ import annotations

import operator
from collections.abc import Callable

from enquiries.reports.figures import FEWER_THAN_MIN_RATINGS, SCORE_LABELS, EnquiryReport, Group
from enquiries.reports.measures import month_value
from portal.exports import csv_safe

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
