"""The filters of the enquiry reports: a period in whole months, and pathway, nation, topic and team.

A plain Django form rather than a django-filter FilterSet (or cms.filters.LenientFilterSet): the period
is two fields checked together and always has a value (the last twelve months when none is chosen),
and a report must never quietly drop a filter it could not use, since its figures would then describe
something other than what was asked. So any invalid value is shown next to its field and in the error
summary, and no figures are shown until it is put right. Every choice is checked against lists the
view has already fetched (months, taxonomy terms and teams by slug), so a hostile value never reaches
the database.
"""

from __future__ import annotations

import datetime
from urllib.parse import urlencode

from django import forms

from enquiries.reports.filters import ReportFilters, ReportOptions
from enquiries.reports.measures import default_period, month_label, month_value
from portal.forms import AdminForm

NO_PATHWAY = "none"


class ReportFilterForm(AdminForm):
    from_month = forms.ChoiceField(
        label="From",
        required=False,
        error_messages={"invalid_choice": "Choose a month from the list for the start of the period"},
    )
    to_month = forms.ChoiceField(
        label="To",
        required=False,
        error_messages={"invalid_choice": "Choose a month from the list for the end of the period"},
    )
    pathway = forms.ChoiceField(
        label="Pathway", required=False, error_messages={"invalid_choice": "Choose a pathway from the list"}
    )
    nation = forms.ChoiceField(
        label="Nation", required=False, error_messages={"invalid_choice": "Choose a nation from the list"}
    )
    topic = forms.ChoiceField(
        label="Topic", required=False, error_messages={"invalid_choice": "Choose a topic from the list"}
    )
    team = forms.ChoiceField(
        label="Team",
        required=False,
        error_messages={"invalid_choice": "Choose one of your teams from the list"},
    )

    FIELDS = ("from_month", "to_month", "pathway", "nation", "topic", "team")

    def __init__(self, data=None, *, options: ReportOptions, today: datetime.date):
        self.default_first, self.default_last = default_period(today)
        if data is not None and not any(name in data for name in self.FIELDS):
            data = None  # the page opened without filters: the defaults, and no errors
        elif data is not None:
            # A month left out means the default one, and the form shows it chosen.
            data = data.copy()
            for name, month in (("from_month", self.default_first), ("to_month", self.default_last)):
                if not data.get(name):
                    data[name] = month_value(month)
        super().__init__(data)
        self.options = options
        self.all_teams_label = "All teams" if options.all_teams else "All your teams"
        months = [(month_value(month), month_label(month)) for month in options.months]
        self.fields["from_month"].choices = months
        self.fields["to_month"].choices = months
        self.initial.update(
            from_month=month_value(self.default_first), to_month=month_value(self.default_last)
        )
        self._months = {month_value(month): month for month in options.months}
        self._pathways = {pathway.slug: pathway for pathway in options.pathways if pathway.slug != NO_PATHWAY}
        self._nations = {nation.slug: nation for nation in options.nations}
        self._topics = {topic.slug: topic for topic in options.topics}
        self._teams = {team.slug: team for team in options.teams}
        self.fields["pathway"].choices = (
            [("", "All pathways")]
            + [(slug, pathway.name) for slug, pathway in self._pathways.items()]
            + [(NO_PATHWAY, "No pathway (managers and others)")]
        )
        self.fields["nation"].choices = [("", "All nations")] + [
            (s, n.name) for s, n in self._nations.items()
        ]
        self.fields["topic"].choices = [("", "All topics")] + [(s, t.name) for s, t in self._topics.items()]
        self.fields["team"].choices = [("", self.all_teams_label)] + [
            (slug, team.name) for slug, team in self._teams.items()
        ]

    def clean(self):
        cleaned = super().clean()
        first = self._months.get(cleaned.get("from_month") or "", None)
        last = self._months.get(cleaned.get("to_month") or "", None)
        if "from_month" not in self.errors and "to_month" not in self.errors:
            first = first or self.default_first
            last = last or self.default_last
            if first > last:
                self.add_error(
                    "to_month", "The end of the period must be the same month as its start, or later"
                )
        return cleaned

    def report_filters(self) -> ReportFilters | None:
        """The chosen filters (the defaults when the form is unbound); None while any is invalid."""
        if not self.is_bound:
            return ReportFilters(
                first_month=self.default_first,
                last_month=self.default_last,
                all_teams_label=self.all_teams_label,
            )
        if not self.is_valid():
            return None
        data = self.cleaned_data
        pathway = data.get("pathway") or ""
        return ReportFilters(
            first_month=self._months.get(data.get("from_month") or "", self.default_first),
            last_month=self._months.get(data.get("to_month") or "", self.default_last),
            pathway=self._pathways.get(pathway),
            no_pathway=pathway == NO_PATHWAY,
            nation=self._nations.get(data.get("nation") or ""),
            topic=self._topics.get(data.get("topic") or ""),
            team=self._teams.get(data.get("team") or ""),
            all_teams_label=self.all_teams_label,
        )

    def query_string(self) -> str:
        """The chosen filters as a query string (for the CSV link), in the form's field order."""
        if not self.is_bound or not self.is_valid():
            return ""
        return urlencode(
            [(name, self.cleaned_data[name]) for name in self.FIELDS if self.cleaned_data.get(name)]
        )
