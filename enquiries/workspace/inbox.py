"""The adviser workspace's inboxes (/admin/enquiries/): the listing with its deadline and received columns,
filters and searches, and saved searches kept in the session so that search words never go into a URL.
"""

from __future__ import annotations

import re
import secrets
import time

from django.contrib import messages
from django.db.models import F, Q
from django.http import QueryDict
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property

from wagtail.admin.ui.tables import Column, StatusTagColumn, TitleColumn
from wagtail.admin.views.generic import IndexView

from enquiries import selectors
from enquiries.models import (
    Enquiry,
)
from enquiries.workspace.forms import (
    EnquiryFilterSet,
    InboxSearchForm,
)
from enquiries.workspace.views import (
    deadline_flag,
    inbox_counts_for,
    inbox_url_name,
    person_name,
    workspace_url,
)

#: The query parameter that names a saved search.
S = Enquiry.Status

SEARCH_PARAM = "search"


SAVED_SEARCHES_KEY = "enquiries_inbox_searches"


#: How many searches a session keeps (the oldest are forgotten first), and for how long.
SAVED_SEARCH_LIMIT = 20


SAVED_SEARCH_SECONDS = 12 * 60 * 60


_TOKEN = re.compile(r"[A-Za-z0-9_-]{6,32}")


def _saved_searches(request, *, now: float) -> dict[str, dict]:
    saved = request.session.get(SAVED_SEARCHES_KEY)
    if not isinstance(saved, dict):
        return {}
    return {
        token: entry
        for token, entry in saved.items()
        if isinstance(entry, dict) and now - entry.get("at", 0) < SAVED_SEARCH_SECONDS
    }


def search_save(request, text: str) -> str:
    """Keep a search's text in the session; return the token that stands for it in addresses.
    Searching again for the same text gives the same token."""
    now = time.time()
    saved = _saved_searches(request, now=now)
    token = next((key for key, entry in saved.items() if entry.get("q") == text), None)
    token = token or secrets.token_urlsafe(6)
    saved[token] = {"q": text, "at": now}
    newest = sorted(saved.items(), key=lambda item: item[1]["at"])[-SAVED_SEARCH_LIMIT:]
    request.session[SAVED_SEARCHES_KEY] = dict(newest)
    return token


def search_text(request, token: str) -> str | None:
    """The text of a saved search, or None if the token is malformed, unknown or expired."""
    if not _TOKEN.fullmatch(token or ""):
        return None
    saved = _saved_searches(request, now=time.time())
    if saved != request.session.get(SAVED_SEARCHES_KEY):
        # Expired searches (names, addresses) leave the session as soon as they are noticed, not when
        # the session itself ends.
        request.session[SAVED_SEARCHES_KEY] = saved
    entry = saved.get(token)
    return entry.get("q") if entry else None


class DeadlineColumn(Column):
    cell_template_name = "enquiries/admin/cells/deadline.html"

    def __init__(self, name, *, now, soon, **kwargs):
        super().__init__(name, **kwargs)
        self.now, self.soon = now, soon

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        context["flag"] = deadline_flag(instance, now=self.now, soon=self.soon)
        return context


class ReceivedColumn(Column):
    cell_template_name = "enquiries/admin/cells/received.html"


class InboxIndexView(IndexView):
    """One inbox: the enquiries the user may see (selectors.enquiries_for_staff) that meet the
    inbox's condition, with filters (django-filter), search and pagination. Its queries do not grow
    with the number of enquiries: related rows are joined, and the counts are one aggregate query.

    The search and filter form is POSTed here (post-redirect-get): the filters, which are choices
    from lists, go into the query string; the search text is saved in the session and only its token
    (?search=...) goes into the address, so pagination, sorting, the results fragment and the CSV
    export all keep the search. A token that is unknown here (expired, made in another session, or
    made up) and a ?q= in the address (an old bookmark) lead back to the inbox without the search,
    with a message saying so."""

    inbox = "mine"
    template_name = "enquiries/admin/inbox.html"
    results_template_name = "enquiries/admin/inbox_results.html"
    filterset_class = EnquiryFilterSet
    search_fields = ["reference", "subject", "name", "email", "hcpc_number"]
    search_backend_name = None  # the database, through the ORM (the selector's query is not indexable)
    any_permission_required = ["view", "change"]
    paginate_by = 25
    default_ordering = "due_at"
    list_export = [
        "reference",
        "get_status_display",
        "team",
        "assignee",
        "topic",
        "nation",
        "pathway",
        "created_at",
        "due_at",
    ]
    export_headings = {
        "reference": "Reference",
        "get_status_display": "Status",
        "team": "Team",
        "assignee": "Assigned to",
        "topic": "Topic",
        "nation": "Nation",
        "pathway": "Pathway",
        "created_at": "Received",
        "due_at": "Reply due",
    }
    export_filename = "enquiries"
    # Dates in the CSV in UK time, as people read them (the XLSX keeps Wagtail's own date cells).
    custom_field_preprocess = {
        name: {"csv": lambda value: timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""}
        for name in ("created_at", "due_at")
    }
    header_icon = "mail"
    #: Filters posted with a search that was not valid, shown again with its error (see post()).
    posted_filters = None

    @cached_property
    def now(self):
        return timezone.now()

    # -- the search, kept in the session ----------------------------------------------------------

    @cached_property
    def search_token(self) -> str:
        return self.request.GET.get(SEARCH_PARAM, "")

    @cached_property
    def saved_search(self) -> str | None:
        return search_text(self.request, self.search_token) if self.search_token else None

    def get_search_form(self):
        text = self.saved_search
        return InboxSearchForm({"q": text} if text else None)

    def get_filterset_kwargs(self):
        kwargs = super().get_filterset_kwargs()
        if self.posted_filters is not None:
            kwargs["data"] = self.posted_filters
        return kwargs

    def get(self, request, *args, **kwargs):
        if "q" in request.GET:
            return self.redirect_without_search(
                "Searches are no longer kept in the page address, to keep enquirers' details out of it. "
                "Type your search again in the search box."
            )
        if self.search_token and self.saved_search is None:
            return self.redirect_without_search(
                "That search has expired or was made in another session, so the whole inbox is shown. "
                "Search again to narrow it down."
            )
        return super().get(request, *args, **kwargs)

    def redirect_without_search(self, message: str):
        """Back to this inbox with its filters but without the search (nor the page number or the
        export, which belonged to that search)."""
        params = self.request.GET.copy()
        for name in ("q", SEARCH_PARAM, self.page_kwarg, "export"):
            params.pop(name, None)
        if not self.results_only:
            messages.warning(self.request, message)
        query = params.urlencode()
        return redirect(self.request.path + (f"?{query}" if query else ""))

    def post(self, request, *args, **kwargs):
        form = InboxSearchForm(request.POST)
        params = self.filters_from(request.POST)
        if not form.is_valid():
            # Shown again with its error, and with the filters that were chosen (the list unsearched).
            self.search_form = form
            self.posted_filters = params
            return super().get(request, *args, **kwargs)
        if form.cleaned_data["q"]:
            params[SEARCH_PARAM] = search_save(request, form.cleaned_data["q"])
        query = params.urlencode()
        return redirect(self.index_url + (f"?{query}" if query else ""))

    def filters_from(self, data) -> QueryDict:
        """The filters and sort order posted with a search, as this inbox's query string. They are
        choices from lists; a value that is not one of them is left out (with a message), so nothing
        typed into the form can reach the address."""
        form = self.filterset_class(data=data, request=self.request, queryset=Enquiry.objects.none()).form
        form.is_valid()
        params = QueryDict(mutable=True)
        left_out = False
        for name in form.fields:
            values = [value for value in data.getlist(name) if value]
            if not values:
                continue
            if name in form.errors:
                left_out = True
                continue
            params.setlist(name, values)
        ordering = data.get("ordering", "")
        if ordering in self.get_valid_orderings():
            params["ordering"] = ordering
        if left_out:
            messages.warning(
                self.request, "Some filters were not choices from their lists and were left out."
            )
        return params

    @cached_property
    def soon(self):
        return selectors.due_soon_before(self.now)

    def get_page_title(self):
        return f"Enquiries: {selectors.INBOXES[self.inbox]}"

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": "", "label": self.get_page_title()}]

    @cached_property
    def columns(self):
        return [
            # Each cell's class names its column: on a phone the table becomes cards, and each cell
            # shows its column's name before the value (templates/enquiries/admin/_styles.html).
            TitleColumn(
                "reference",
                label="Reference",
                get_url=workspace_url,
                sort_key="reference",
                classname="sor-cell sor-cell--reference",
            ),
            Column("subject", label="Subject", classname="sor-cell sor-cell--subject"),
            Column("name", label="From", classname="sor-cell sor-cell--from"),
            StatusTagColumn(
                "get_status_display",
                label="Status",
                sort_key="status",
                primary=lambda enquiry: enquiry.status == S.NEW,
                classname="sor-cell sor-cell--status",
            ),
            Column("team", label="Team", sort_key="team__name", classname="sor-cell sor-cell--team"),
            Column(
                "assignee",
                label="Assigned to",
                accessor=lambda enquiry: person_name(enquiry.assignee) or "Nobody",
                classname="sor-cell sor-cell--assignee",
            ),
            DeadlineColumn(
                "due_at",
                label="Reply due",
                sort_key="due_at",
                now=self.now,
                soon=self.soon,
                classname="sor-cell sor-cell--due",
            ),
            ReceivedColumn(
                "created_at", label="Received", sort_key="created_at", classname="sor-cell sor-cell--received"
            ),
        ]

    def _filtering_by_status(self) -> bool:
        return bool(self.filters and self.filters.is_valid() and self.filters.form.cleaned_data.get("status"))

    def get_base_queryset(self):
        condition = selectors.inbox_conditions(self.request.user, now=self.now)[self.inbox]
        if self.inbox == "all" and (self.is_searching or self._filtering_by_status()):
            # Searching or choosing statuses looks through every enquiry, finished ones included.
            condition = Q()
        return (
            selectors.enquiries_for_staff(self.request.user)
            .filter(condition)
            .select_related("team", "assignee", "topic", "nation", "pathway")
        )

    def order_queryset(self, queryset):
        ordering = self.ordering or "due_at"
        if ordering.lstrip("-") == "due_at":
            due = (
                F("due_at").desc(nulls_last=True)
                if ordering.startswith("-")
                else F("due_at").asc(nulls_last=True)
            )
            return queryset.order_by(due, "-created_at", "-pk")
        return queryset.order_by(ordering, "-pk")

    def get_context_data(self, *args, **kwargs):
        context = super().get_context_data(*args, **kwargs)
        counts = inbox_counts_for(self.request)
        context["inboxes"] = [
            {
                "slug": slug,
                "label": label,
                "count": counts[slug],
                "url": reverse(inbox_url_name(slug)),
                "current": slug == self.inbox,
            }
            for slug, label in selectors.INBOXES.items()
        ]
        context["inbox"] = self.inbox
        context["inbox_label"] = selectors.INBOXES[self.inbox]
        context["csv_url"] = self.csv_export_url
        context["explicit_ordering"] = self.ordering if self.is_explicitly_ordered else ""
        if self.search_form and self.search_form.errors:
            context["errored_forms"] = [self.search_form]
        return context
