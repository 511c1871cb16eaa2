"""Admin screens for email delivery: the dead-letter list with its "Try again" action, the dashboard
panel that counts dead letters, and the words the workspace uses for an email's delivery state.

The list is a small template view rather than Wagtail's generic IndexView: it is a filtered reading of
OutboundEmail with a per-user rule (dead_letters.dead_letters_for) and a per-row POST action, not a
model's create/edit screens with a permission policy. Who may see it is decided by dead_letters_for
alone; anyone else gets a 404. Every change is a POST (CSRF-protected) followed by a redirect.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.views import View

from wagtail.admin.ui.components import Component
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from enquiries.mail.dead_letters import (
    LIST_URL_NAME,
    can_see_dead_letters,
    dead_letter_retry,
    dead_letters_for,
)
from enquiries.models import OutboundEmail

S = OutboundEmail.Status
PER_PAGE = 50


def delivery_summary(email: OutboundEmail) -> str:
    """What happened to an email, in words: what we did (the outbox status) and, once sent, what the
    provider last reported (the tracking webhook)."""
    if email.status == S.SUPPRESSED:
        return "Not sent: the address is on the suppressed list"
    if email.status == S.FAILED:
        return f"Not sent: failed {email.attempts} time{'s' if email.attempts != 1 else ''} (dead letter)"
    if email.status == S.RETRYING:
        return "Not sent yet: waiting to try again"
    if email.status in (S.QUEUED, S.SENDING):
        return "Sending"
    if email.delivery:
        return email.get_delivery_display()
    return "Sent"


def delivery_tone(email: OutboundEmail) -> str:
    """'problem', 'waiting' or 'ok': how the workspace marks an email's state."""
    if email.status in (S.SUPPRESSED, S.FAILED) or email.delivery in (
        OutboundEmail.Delivery.BOUNCED,
        OutboundEmail.Delivery.COMPLAINED,
    ):
        return "problem"
    if email.status != S.SENT or email.delivery == OutboundEmail.Delivery.DEFERRED:
        return "waiting"
    return "ok"


class DeadLetterListView(WagtailAdminTemplateMixin, View):
    """/admin/enquiries/dead-letters/: the dead letters the user may see, oldest first."""

    template_name = "enquiries/admin/dead_letters.html"
    header_icon = "warning"
    page_title = "Emails that could not be sent"

    def dispatch(self, request, *args, **kwargs):
        if not can_see_dead_letters(request.user):
            raise Http404("Not a team lead")
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": "", "label": self.page_title}]

    def get(self, request, *args, **kwargs):
        emails = (
            dead_letters_for(request.user)
            .select_related("enquiry")
            .defer("body_text", "body_html")
            .order_by("created_at", "pk")
        )
        page = Paginator(emails, PER_PAGE).get_page(request.GET.get("p"))
        return self.render_to_response(self.get_context_data(page=page, emails=page.object_list))


class DeadLetterRetryView(View):
    """POST only: queue one dead letter to be sent again."""

    http_method_names = ["post"]

    def post(self, request, pk: int):
        if not can_see_dead_letters(request.user):
            raise Http404("Not a team lead")
        if dead_letter_retry(user=request.user, email_id=pk):
            messages.success(
                request,
                f"Email {pk} is being sent again. If it fails again, it comes back to this list.",
            )
        else:
            messages.warning(request, f"Email {pk} is no longer waiting here: it may have been sent already.")
        return redirect(reverse(LIST_URL_NAME))


class DeadLettersPanel(Component):
    """The dashboard panel for team leads and superusers: how many emails could not be sent."""

    name = "dead_letters"
    template_name = "enquiries/admin/dead_letters_panel.html"
    order = 90  # above Wagtail's own panels

    def __init__(self, count: int):
        self.count = count

    def get_context_data(self, parent_context=None):
        return {"count": self.count, "url": reverse(LIST_URL_NAME)}


def dead_letters_panel_for(request) -> DeadLettersPanel | None:
    if not can_see_dead_letters(request.user):
        return None
    return DeadLettersPanel(dead_letters_for(request.user).count())


# --------------------------------------------------------------------------------------------------
# The workspace: each email's delivery state, and a banner when the enquirer's address is suppressed
# --------------------------------------------------------------------------------------------------


def delivery_event_text(data: dict) -> str:
    """A DELIVERY event (written by tracking.py) as one line of the enquiry's history."""
    try:
        kind = OutboundEmail.Kind(data.get("email_kind")).label.lower()
    except ValueError:
        kind = "email"
    whom = "to the enquirer" if data.get("to_enquirer") else "to staff"
    what = "was marked as spam" if data.get("problem") == OutboundEmail.Delivery.COMPLAINED else "bounced"
    text = f"An email {whom} ({kind}) {what}: that address is now on the suppressed list"
    if data.get("adviser_told"):
        text += ", and the adviser was emailed about it"
    return text


def workspace_delivery_context(*, enquiry, thread, user) -> dict:
    """For the enquiry page: its emails with their delivery state (each outbound message also gets
    `sent_emails`, the emails that carried it), and the suppression of the enquirer's address if any.
    Two queries, however long the thread."""
    from enquiries.models import Suppression

    emails = list(enquiry.emails.defer("body_text", "body_html").order_by("created_at", "pk"))
    by_message: dict[int, list] = {}
    for email in emails:
        email.summary = delivery_summary(email)
        email.tone = delivery_tone(email)
        email.to_enquirer = email.to.strip().lower() == enquiry.email.strip().lower()
        if email.message_id and email.to_enquirer:
            by_message.setdefault(email.message_id, []).append(email)
    for message in thread:
        message.sent_emails = by_message.get(message.pk, []) if message.kind == "outbound" else []
    suppression = (
        Suppression.objects.filter(email=enquiry.email.strip().lower()).first() if enquiry.email else None
    )
    return {
        "emails": emails,
        "suppression": suppression,
        "can_manage_suppressions": user.has_perm("enquiries.view_suppression"),
    }
