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

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.views import View

from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from enquiries import letters, selectors, services, states
from enquiries.models import (
    AdviserProfile,
    CannedResponse,
    Enquiry,
    Event,
    InboundEmail,
    SatisfactionRating,
)
from enquiries.workspace.delivery_views import delivery_event_text, workspace_delivery_context
from enquiries.workspace.forms import (
    AssignForm,
    AvailabilityForm,
    MergeForm,
    NoteForm,
    ReplyForm,
    StatusForm,
)
from portal.forms import is_whole_number

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


# --------------------------------------------------------------------------------------------------
# Inboxes
# --------------------------------------------------------------------------------------------------


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
            "reply": ReplyForm(
                canned_queryset=self.canned_responses, initial={"body": self.starting_draft()}
            ),
            "note": NoteForm(),
            "status": StatusForm(enquiry=enquiry),
            "assign": AssignForm(enquiry=enquiry),
            "merge": MergeForm(candidates=self.merge_candidates),
        }
        forms.update(bound or {})
        return forms

    @cached_property
    def letter_names(self) -> dict:
        """The names the reply's greeting and sign-off use (enquiries.letters)."""
        adviser = self.request.user
        return {
            "first_name": CannedResponse.first_name_of(self.enquiry),
            "adviser_name": adviser.get_full_name() or adviser.email,
        }

    def starting_draft(self) -> str:
        return letters.starting_draft(**self.letter_names)

    def fill_canned(self, canned_pk, draft: str | None = None) -> str | None:
        """The draft with the chosen canned response inserted above the sign-off (a new reply's
        draft when `draft` is None); None if it is not one this adviser may use here."""
        canned = (
            self.canned_responses.filter(pk=canned_pk).first() if is_whole_number(str(canned_pk)) else None
        )
        if canned is None:
            return None
        text = canned.render(enquiry=self.enquiry, adviser=self.request.user)
        if draft is None:
            draft = self.starting_draft()
        return letters.insert(draft, text, adviser_name=self.letter_names["adviser_name"])

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
        if form.is_valid() and letters.is_only_the_frame(form.cleaned_data["body"], **self.letter_names):
            form.add_error("body", "Write your reply between the greeting and your sign-off")
        if form.is_valid():
            seen = self.request.POST.get("seen", "")
            try:
                services.adviser_reply(
                    enquiry=self.enquiry,
                    author=self.request.user,
                    body=form.cleaned_data["body"],
                    then=form.cleaned_data["then"],
                    seen_message_id=int(seen) if is_whole_number(seen) and len(seen) < 16 else None,
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
