"""The adviser workspace in the Wagtail admin: the inboxes (one listing view, six conditions), the
enquiry page with its forms, the adviser's availability, and "Is this address suppressed?".

Thin, like the public views: selectors decide what a user sees (anything else is a 404), forms
validate, services change state. Every change is a POST (CSRF-protected) followed by a redirect.

No personal data in URLs: what staff type to find someone (a name, an email address, an HCPC
number) is POSTed, never put in a query string, so it reaches no access log, browser history or
Referer header. The inbox keeps the search text in the session and its address carries only a short
random token (?search=<token>), which means nothing outside that session.
"""

from __future__ import annotations

import re
import secrets
import time

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db.models import F, Q
from django.http import Http404, HttpResponseBadRequest, QueryDict
from django.shortcuts import get_object_or_404, redirect
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.functional import cached_property
from django.utils.safestring import mark_safe
from django.views import View
from django.views.generic import FormView

from wagtail.admin import messages as admin_messages
from wagtail.admin.ui.tables import Column, StatusTagColumn, TitleColumn
from wagtail.admin.views.generic import IndexView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin

from enquiries import selectors, services, states
from enquiries.models import (
    AdviserProfile,
    Enquiry,
    Event,
    InboundEmail,
    SatisfactionRating,
    Suppression,
)
from enquiries.workspace.delivery_views import delivery_event_text, workspace_delivery_context
from enquiries.workspace.forms import (
    AssignForm,
    AvailabilityForm,
    EnquiryFilterSet,
    InboxSearchForm,
    MergeForm,
    NoteForm,
    ReplyForm,
    StatusForm,
    SuppressionCheckForm,
)

S = Enquiry.Status
URL_NAMESPACE = "enquiry_workspace"
#: How long "someone else has this enquiry open" is shown after they last opened it.
VIEWING_SECONDS = 5 * 60


def inbox_url_name(slug: str) -> str:
    return f"{URL_NAMESPACE}:inbox_{slug.replace('-', '_')}"


def workspace_url(enquiry_or_pk) -> str:
    pk = getattr(enquiry_or_pk, "pk", enquiry_or_pk)
    return reverse(f"{URL_NAMESPACE}:workspace", args=[pk])


def uses_workspace(request) -> bool:
    """Advisers and team leads (members of a team, with the admin permission to view enquiries).
    Worked out once per request: the menu asks on every admin page."""
    cached = getattr(request, "_enquiries_uses_workspace", None)
    if cached is None:
        user = request.user
        cached = selectors.is_enquiry_staff(user) and (
            user.has_perm("enquiries.view_enquiry") or user.has_perm("enquiries.change_enquiry")
        )
        request._enquiries_uses_workspace = cached
    return cached


class WorkspacePageView(WagtailAdminTemplateMixin, View):
    """A page of the adviser workspace: only for those who use it (others get 404, as for any enquiry
    they cannot see), under an "Enquiries" breadcrumb."""

    def dispatch(self, request, *args, **kwargs):
        if not uses_workspace(request):
            raise Http404("Not an adviser")
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse(inbox_url_name("mine")), "label": "Enquiries"},
            {"url": "", "label": self.page_title},
        ]


def inbox_counts_for(request) -> dict[str, int]:
    """The inbox counts, one query per request however many places show them."""
    counts = getattr(request, "_enquiries_inbox_counts", None)
    if counts is None:
        counts = selectors.inbox_counts(request.user, now=timezone.now())
        request._enquiries_inbox_counts = counts
    return counts


def deadline_flag(enquiry: Enquiry, *, now, soon) -> str:
    """'overdue', 'due-soon', 'paused' or '' for an enquiry's response clock."""
    if enquiry.status in states.RUNNING_STATUSES and enquiry.due_at:
        if enquiry.due_at < now:
            return "overdue"
        if enquiry.due_at < soon:
            return "due-soon"
    elif enquiry.is_paused:
        return "paused"
    return ""


def person_name(user) -> str:
    if user is None:
        return ""
    return user.get_full_name() or user.email


# --------------------------------------------------------------------------------------------------
# Saved searches: the text stays in the session, the address carries a token
# --------------------------------------------------------------------------------------------------

#: The query parameter that names a saved search.
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


# --------------------------------------------------------------------------------------------------
# Inboxes
# --------------------------------------------------------------------------------------------------


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
            TitleColumn("reference", label="Reference", get_url=workspace_url, sort_key="reference"),
            Column("subject", label="Subject"),
            Column("name", label="From"),
            StatusTagColumn(
                "get_status_display",
                label="Status",
                sort_key="status",
                primary=lambda enquiry: enquiry.status == S.NEW,
            ),
            Column("team", label="Team", sort_key="team__name"),
            Column(
                "assignee",
                label="Assigned to",
                accessor=lambda enquiry: person_name(enquiry.assignee) or "Nobody",
            ),
            DeadlineColumn("due_at", label="Reply due", sort_key="due_at", now=self.now, soon=self.soon),
            ReceivedColumn("created_at", label="Received", sort_key="created_at"),
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


# --------------------------------------------------------------------------------------------------
# "Someone else has this enquiry open"
# --------------------------------------------------------------------------------------------------


def _viewing_key(enquiry_pk: int) -> str:
    return f"enquiries:viewing:{enquiry_pk}"


def viewing_note(enquiry: Enquiry, user, *, now) -> list[dict]:
    """Record that `user` has the enquiry open and return the others who opened it in the last few
    minutes (most recent first). A hint, not a lock: kept in the cache for VIEWING_SECONDS."""
    key = _viewing_key(enquiry.pk)
    stamp = now.timestamp()
    viewers = {
        int(user_id): entry
        for user_id, entry in (cache.get(key) or {}).items()
        if stamp - entry["at"] < VIEWING_SECONDS
    }
    others = [
        {"name": entry["name"], "minutes": int(stamp - entry["at"]) // 60}
        for user_id, entry in viewers.items()
        if user_id != user.pk
    ]
    viewers[user.pk] = {"name": person_name(user), "at": stamp}
    cache.set(key, viewers, VIEWING_SECONDS)
    return sorted(others, key=lambda other: other["minutes"])


# --------------------------------------------------------------------------------------------------
# The enquiry page
# --------------------------------------------------------------------------------------------------


def describe_event(event: Event, users: dict) -> str:
    """One line of the enquiry's history, in words."""
    data = event.data or {}
    labels = dict(S.choices)
    if event.kind == Event.Kind.STATUS:
        text = f"Status changed from {labels.get(event.from_status, event.from_status).lower()} to {labels.get(event.to_status, event.to_status).lower()}"
        if data.get("reason"):
            text += f" ({data['reason']})"
        return text
    if event.kind == Event.Kind.ASSIGNED:
        to = users.get(data.get("to"))
        who = person_name(to) if to else "nobody"
        return f"Assigned to {who}" + (" automatically" if data.get("auto") else "")
    if event.kind == Event.Kind.REPLIED:
        if data.get("by") == "adviser":
            return "Adviser replied"
        text = "Enquirer replied by email" if data.get("via") == "email" else "Enquirer replied"
        refused = data.get("refused_attachments")
        if refused:
            text += f". Attachments not kept: {' '.join(refused)}"
        return text
    if event.kind == Event.Kind.FOLLOW_UP:
        if data.get("follow_up_reference"):
            return f"The enquirer emailed after it closed: follow-up {data['follow_up_reference']} opened"
        return f"Opened from an email reply to {data.get('follows_reference', 'a closed enquiry')}"
    if event.kind == Event.Kind.QUARANTINED:
        return f"An email was held for checking ({data.get('reason', 'see Inbound email')})"
    if event.kind == Event.Kind.EMAIL_RECEIVED and data.get("released"):
        return "A held email was checked and added to this enquiry"
    if event.kind == Event.Kind.MERGED:
        if data.get("into_reference"):
            return f"Merged into {data['into_reference']}"
        return f"{data.get('from_reference', 'Another enquiry')} was merged into this enquiry"
    if event.kind == Event.Kind.ESCALATED:
        lead = users.get(data.get("digest_to"))
        return f"Listed as overdue in the digest to {person_name(lead) if lead else 'a team lead'}"
    if event.kind == Event.Kind.RATED and data.get("score"):
        return f"Rated by the enquirer: {data['score']} out of 5"
    if event.kind == Event.Kind.DELIVERY:
        return delivery_event_text(data)
    return event.get_kind_display()


class EnquiryWorkspaceView(WagtailAdminTemplateMixin, View):
    """/admin/enquiries/<pk>/: everything about one enquiry, and every action on it."""

    template_name = "enquiries/admin/workspace.html"
    header_icon = "mail"
    ACTIONS = ("reply", "insert-canned", "note", "status", "assign", "merge")

    def dispatch(self, request, *args, **kwargs):
        self.enquiry = get_object_or_404(
            selectors.enquiries_for_staff(request.user).select_related(
                "team", "assignee", "topic", "nation", "pathway", "user", "merged_into", "follow_up_of"
            ),
            pk=kwargs["pk"],
        )
        self.now = timezone.now()
        return super().dispatch(request, *args, **kwargs)

    # -- forms ----------------------------------------------------------------------------------

    @cached_property
    def canned_responses(self):
        return selectors.canned_responses_for(self.request.user, self.enquiry)

    @cached_property
    def merge_candidates(self):
        return selectors.merge_candidates(self.request.user, self.enquiry)

    def forms(self, bound: dict | None = None) -> dict:
        """The page's forms; `bound` replaces some with the submitted (invalid) ones."""
        enquiry = self.enquiry
        forms = {
            "reply": ReplyForm(canned_queryset=self.canned_responses),
            "note": NoteForm(),
            "status": StatusForm(enquiry=enquiry),
            "assign": AssignForm(enquiry=enquiry),
            "merge": MergeForm(candidates=self.merge_candidates),
        }
        forms.update(bound or {})
        return forms

    def fill_canned(self, canned_pk, draft: str = "") -> str | None:
        canned = self.canned_responses.filter(pk=canned_pk).first() if str(canned_pk).isdigit() else None
        if canned is None:
            return None
        text = canned.render(enquiry=self.enquiry, adviser=self.request.user)
        return f"{draft.rstrip()}\n\n{text}" if draft.strip() else text

    # -- GET ------------------------------------------------------------------------------------

    def get(self, request, *args, **kwargs):
        services.enquiry_viewed(enquiry=self.enquiry, actor=request.user)
        others = viewing_note(self.enquiry, request.user, now=self.now)
        bound = {}
        if "canned" in request.GET:
            text = self.fill_canned(request.GET["canned"])
            if text is not None:
                bound["reply"] = ReplyForm(
                    canned_queryset=self.canned_responses,
                    initial={"body": text, "canned": request.GET["canned"]},
                )
        return self.render(bound, others=others)

    # -- POST -----------------------------------------------------------------------------------

    def post(self, request, *args, **kwargs):
        action = request.POST.get("action")
        if action not in self.ACTIONS:
            return HttpResponseBadRequest("Unknown action.")
        return getattr(self, f"do_{action.replace('-', '_')}")()

    def done(self, message: str):
        messages.success(self.request, message)
        return redirect(workspace_url(self.enquiry))

    def do_reply(self):
        form = ReplyForm(self.request.POST, canned_queryset=self.canned_responses)
        if form.is_valid():
            seen = self.request.POST.get("seen", "")
            try:
                services.adviser_reply(
                    enquiry=self.enquiry,
                    author=self.request.user,
                    body=form.cleaned_data["body"],
                    then=form.cleaned_data["then"],
                    seen_message_id=int(seen) if seen.isdigit() and len(seen) < 16 else None,
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                return self.done("Your reply has been sent to the enquirer.")
        return self.render({"reply": form})

    def do_insert_canned(self):
        draft = self.request.POST.get("reply-body", "")
        chosen = self.request.POST.get("reply-canned", "")
        text = self.fill_canned(chosen, draft)
        if text is None:
            form = ReplyForm(self.request.POST, canned_queryset=self.canned_responses)
            form.replace_errors("canned", "Choose a canned response to insert")
            return self.render({"reply": form})
        form = ReplyForm(
            canned_queryset=self.canned_responses,
            initial={
                "body": text,
                "canned": chosen,
                "then": self.request.POST.get("reply-then") or S.AWAITING_ENQUIRER,
            },
        )
        return self.render({"reply": form})

    def do_note(self):
        form = NoteForm(self.request.POST)
        if form.is_valid():
            services.note_add(enquiry=self.enquiry, author=self.request.user, body=form.cleaned_data["body"])
            return self.done("Your note has been added. The enquirer does not see it.")
        return self.render({"note": form})

    def do_status(self):
        form = StatusForm(self.request.POST, enquiry=self.enquiry)
        if form.is_valid():
            to = form.cleaned_data["to"]
            try:
                services.enquiry_transition(
                    enquiry=self.enquiry, to=to, actor=self.request.user, reason=form.cleaned_data["reason"]
                )
            except ValidationError as error:
                form.add_error("to", error.messages)
            else:
                return self.done(f"The enquiry is now {S(to).label.lower()}.")
        return self.render({"status": form})

    def do_assign(self):
        form = AssignForm(self.request.POST, enquiry=self.enquiry)
        if form.is_valid():
            assignee, team = form.cleaned_data["assignee"], form.cleaned_data["team"]
            try:
                services.enquiry_assign(
                    enquiry=self.enquiry,
                    assignee=assignee,
                    actor=self.request.user,
                    team=team if team.pk != self.enquiry.team_id else None,
                )
            except ValidationError as error:
                form.add_error("assignee", error.messages)
            else:
                who = person_name(assignee) if assignee else "nobody"
                message = f"Assigned to {who} in {team.name}."
                if not selectors.enquiries_for_staff(self.request.user).filter(pk=self.enquiry.pk).exists():
                    messages.success(
                        self.request, f"{self.enquiry.reference}: {message} It has left your teams."
                    )
                    return redirect(inbox_url_name("mine"))
                return self.done(message)
        return self.render({"assign": form})

    def do_merge(self):
        form = MergeForm(self.request.POST, candidates=self.merge_candidates)
        if form.is_valid():
            target = form.cleaned_data["into"]
            try:
                services.enquiry_merge(enquiry=self.enquiry, into=target, actor=self.request.user)
            except ValidationError as error:
                form.add_error("into", error.messages)
            else:
                messages.success(self.request, f"{self.enquiry.reference} has been merged into this enquiry.")
                return redirect(workspace_url(target))
        return self.render({"merge": form})

    # -- rendering ------------------------------------------------------------------------------

    def get_page_title(self):
        return f"Enquiry {self.enquiry.reference}"

    def get_page_subtitle(self):
        return self.enquiry.subject

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse(inbox_url_name("mine")), "label": "Enquiries"},
            {"url": "", "label": self.enquiry.reference},
        ]

    def render(self, bound: dict, *, others=None):
        enquiry = self.enquiry
        user = self.request.user
        forms = self.forms(bound)
        thread = list(
            selectors.thread_for_staff(user, enquiry)
            .select_related("author", "enquiry")
            .prefetch_related("attachments")
        )
        events = list(enquiry.events.select_related("actor").order_by("created_at", "pk"))
        user_ids = {
            e.data.get(key) for e in events for key in ("to", "digest_to") if isinstance(e.data, dict)
        }
        users = {u.pk: u for u in get_user_model().objects.filter(pk__in=[pk for pk in user_ids if pk])}
        history = [
            {"event": event, "text": describe_event(event, users)}
            for event in events
            if event.kind != Event.Kind.VIEWED
        ]
        views = [event for event in events if event.kind == Event.Kind.VIEWED][-10:][::-1]
        context = self.get_context_data(
            enquiry=enquiry,
            forms=forms,
            errored_forms=[form for form in forms.values() if form.is_bound and form.errors],
            thread=thread,
            seen=max((m.pk for m in thread), default=0),
            history=history,
            views=views,
            viewers=others or [],
            flag=deadline_flag(enquiry, now=self.now, soon=selectors.due_soon_before(self.now)),
            merged_from=list(enquiry.merged.only("pk", "reference", "subject")),
            can_reply=states.can_reply(enquiry, self.request.user),
            can_merge=S.MERGED in states.TRANSITIONS[enquiry.status] and self.merge_candidates.exists(),
            has_canned=self.canned_responses.exists(),
            held_emails=list(
                enquiry.inbound_emails.filter(status=InboundEmail.Status.QUARANTINED).values_list(
                    "pk", flat=True
                )
            ),
            follow_ups=list(enquiry.follow_ups.only("pk", "reference", "status")),
            rating=SatisfactionRating.objects.filter(enquiry=enquiry).first(),
            **workspace_delivery_context(enquiry=enquiry, thread=thread, user=user),
        )
        return self.render_to_response(context)


class AvailabilityView(WorkspacePageView):
    """An adviser marks themself away (no new enquiries) or available again."""

    template_name = "enquiries/admin/availability.html"
    header_icon = "user"
    page_title = "Your availability"

    def profile(self):
        return AdviserProfile.objects.filter(user=self.request.user).first()

    def get(self, request, *args, **kwargs):
        profile = self.profile()
        form = AvailabilityForm(initial={"is_away": "yes" if profile and profile.is_away else "no"})
        return self.render_to_response(self.get_context_data(form=form, profile=profile))

    def post(self, request, *args, **kwargs):
        form = AvailabilityForm(request.POST)
        if form.is_valid():
            try:
                profile = services.adviser_away_set(user=request.user, is_away=form.cleaned_data["is_away"])
            except ValidationError as error:
                form.add_error(None, error)
                return self.render_to_response(
                    self.get_context_data(form=form, errored_forms=[form], profile=None)
                )
            messages.success(
                request,
                "You are marked as away: no new enquiries will be assigned to you."
                if profile.is_away
                else "You are available: new enquiries can be assigned to you again.",
            )
            return redirect(reverse(f"{URL_NAMESPACE}:availability"))
        return self.render_to_response(
            self.get_context_data(form=form, errored_forms=[form], profile=self.profile())
        )


# --------------------------------------------------------------------------------------------------
# "Is this address suppressed?"
# --------------------------------------------------------------------------------------------------


class _FormContent:
    """What Wagtail's generic form page (wagtailadmin/generic/form.html) renders inside its <form>
    when given a `panel`: here the workspace's own error summary and field, so that the error is
    listed above the form and tied to its field (aria-describedby), as on the enquiry page."""

    def __init__(self, form):
        self.form = form

    def render_form_content(self):
        form = self.form
        summary = render_to_string(
            "components/admin_error_summary.html", {"forms": [form] if form.errors else []}
        )
        return mark_safe(summary + form.render())  # noqa: S308 (both rendered by templates, so escaped)


class SuppressionCheckView(PermissionCheckedMixin, WagtailAdminTemplateMixin, FormView):
    """For those who may see the suppressed addresses (the snippet's permissions): the address is
    POSTed and the answer shown on the page that answers it (as a message, which is used up there and
    not stored), with links to the entry by its number. The address never goes into a URL, which is
    why the suppressed-address listing has no search box."""

    template_name = "wagtailadmin/generic/form.html"
    form_class = SuppressionCheckForm
    page_title = "Is this address suppressed?"
    header_icon = "cross"
    permission_policy = None
    any_permission_required = ["add", "change", "delete", "view"]
    index_url_name = None
    inspect_url_name = None
    delete_url_name = None

    def get_breadcrumbs_items(self):
        items = list(self.breadcrumbs_items)
        if self.index_url_name:
            items.append({"url": reverse(self.index_url_name), "label": "Suppressed addresses"})
        return items + [{"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            action_url=self.request.path,
            panel=_FormContent(context["form"]),
            submit_button_label="Check this address",
            submit_button_active_label="Checking…",
        )
        return context

    def form_valid(self, form):
        email = form.cleaned_data["email"]
        suppression = Suppression.objects.filter(email=email).first()
        if suppression is None:
            admin_messages.success(self.request, f"{email} is not suppressed: we can email it.")
        else:
            since = date_format(timezone.localtime(suppression.created_at), "j F Y")
            buttons = []
            if self.inspect_url_name and self.user_has_permission("view"):
                buttons.append(
                    admin_messages.button(
                        reverse(self.inspect_url_name, args=[suppression.pk]), "See the entry"
                    )
                )
            if self.delete_url_name and self.user_has_permission("delete"):
                buttons.append(
                    admin_messages.button(reverse(self.delete_url_name, args=[suppression.pk]), "Lift it")
                )
            admin_messages.warning(
                self.request,
                f"{email} is suppressed ({suppression.get_reason_display().lower()}, since {since}): "
                "we send it no email.",
                buttons=buttons,
            )
        # A fresh form: the address is not left on the page.
        return self.render_to_response(self.get_context_data(form=self.form_class()))
