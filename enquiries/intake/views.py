"""Public views: the request-for-help form, its confirmation, and the enquirer's own enquiries.

Thin: forms validate, services change state, selectors decide visibility.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from enquiries import selectors, services, states
from enquiries.intake.forms import EnquirerReplyForm, GetHelpForm, new_form_token
from enquiries.intake.spam import MESSAGES, Verdict, screen_submission
from enquiries.models import Enquiry
from portal.staff_access import staff_session_verified
from portal.storage import private_file_response

SESSION_LAST = "enquiries.last_submitted"


@never_cache
@require_http_methods(["GET", "POST"])
def get_help(request):
    if request.method == "POST":
        form = GetHelpForm(request.POST, request.FILES, user=request.user)
        if form.is_valid():
            verdict = screen_submission(
                request,
                honeypot=form.cleaned_data.get("website", ""),
                filled_too_fast=form.too_fast,
                email=form.cleaned_data["email"],
            )
            if verdict is Verdict.DISCARD:
                request.session[SESSION_LAST] = None
                return redirect("enquiries:confirmation")
            if verdict is not Verdict.ACCEPT:
                form.add_error(None, MESSAGES[verdict])
                return _render_form(request, form, status=429 if verdict is Verdict.LIMITED else 200)
            else:
                try:
                    enquiry, _created = services.enquiry_submit(
                        **form.enquiry_fields(),
                        body=form.cleaned_data["question"],
                        submission_key=form.cleaned_data["form_token"],
                        user=request.user,
                        files=form.cleaned_data["attachments"],
                    )
                except ValidationError as error:
                    form.add_error("attachments", error)
                else:
                    request.session[SESSION_LAST] = enquiry.pk
                    return redirect("enquiries:confirmation")
        return _render_form(request, form, status=200)
    initial = {"form_token": new_form_token()}
    if request.user.is_authenticated:
        initial["name"] = request.user.get_full_name()  # the address: one of their verified ones (the form)
    return _render_form(request, GetHelpForm(initial=initial, user=request.user))


def _render_form(request, form, status=200):
    if form.is_bound:
        # A fresh token would make a corrected resubmission a new enquiry; keep the one shown first.
        form.data = form.data.copy()
        if form.errors.get("form_token"):
            form.data["form_token"] = new_form_token()
    return render(request, "enquiries/get_help.html", {"form": form}, status=status)


@never_cache
def confirmation(request):
    if SESSION_LAST not in request.session:
        return redirect("enquiries:get_help")
    enquiry_pk = request.session[SESSION_LAST]
    enquiry = (
        Enquiry.objects.select_related("nation", "topic").filter(pk=enquiry_pk).first()
        if enquiry_pk
        else None
    )
    return render(request, "enquiries/confirmation.html", {"enquiry": enquiry})


@never_cache
@login_required
def my_enquiries(request):
    enquiries = (
        selectors.enquiries_for_enquirer(request.user)
        .select_related("topic", "nation")
        .order_by("-created_at")
    )
    has_verified_email = bool(selectors.verified_emails(request.user))
    return render(
        request,
        "enquiries/my_enquiries.html",
        {"enquiries": enquiries, "has_verified_email": has_verified_email},
    )


def _own_enquiry(request, reference):
    return get_object_or_404(
        selectors.enquiries_for_enquirer(request.user).select_related("topic", "nation", "team"),
        reference=reference,
    )


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def my_enquiry(request, reference):
    enquiry = _own_enquiry(request, reference)
    form = EnquirerReplyForm()
    if request.method == "POST":
        form = EnquirerReplyForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                services.enquirer_reply(
                    enquiry=enquiry,
                    user=request.user,
                    body=form.cleaned_data["body"],
                    files=form.cleaned_data["attachments"],
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, "Your reply has been added. Your adviser has been told.")
                return redirect("enquiries:my_enquiry", reference=enquiry.reference)
    thread = (
        selectors.messages_for_enquirer(request.user, enquiry)
        .select_related("author")
        .prefetch_related("attachments")
    )
    return render(
        request,
        "enquiries/my_enquiry.html",
        {
            "enquiry": enquiry,
            "thread": thread,
            "form": form,
            "can_reply": states.can_reply(enquiry, request.user),
            "actions": states.enquirer_actions(enquiry),
        },
    )


@login_required
@require_POST
def my_enquiry_status(request, reference):
    enquiry = _own_enquiry(request, reference)
    action = request.POST.get("action")
    targets = states.ENQUIRER_ACTIONS
    if action not in targets:
        raise Http404("Unknown action")
    try:
        services.enquiry_transition(
            enquiry=enquiry, to=targets[action], actor=request.user, reason="by the enquirer"
        )
    except ValidationError:
        messages.error(request, "That cannot be done to this enquiry now.")
    else:
        done = "withdrawn" if action == "withdraw" else "marked as resolved"
        messages.success(request, f"Your enquiry has been {done}.")
    return redirect("enquiries:my_enquiry", reference=enquiry.reference)


@never_cache
@login_required
def download_attachment(request, pk):
    """Attachments only through this view, only for people allowed to see them, always as downloads.
    Staff get their teams' attachments only in a session that used a second factor (the middleware
    checks that too; this door does not rely on it)."""
    visible = selectors.attachments_for(request.user, staff_verified=staff_session_verified(request))
    attachment = get_object_or_404(visible, pk=pk)
    # From a bucket: a redirect to a signed URL that works for a minute; from disk: streamed.
    response = private_file_response(
        attachment.file, filename=attachment.original_name, content_type=attachment.content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response
