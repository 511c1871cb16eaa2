"""Emails held for checking (the quarantine) and the other inbound emails, in the adviser workspace.

/admin/enquiries/inbound/ lists them (held ones first); /admin/enquiries/inbound/<pk>/ shows one with
two actions: add it to an enquiry (after checking who sent it) or discard it. What a user may see is
decided by `held.inbound_for_staff`; anything else is a 404. Changes are POSTs, then a redirect.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse

from enquiries import selectors
from enquiries.mail import held, inbound, reading
from enquiries.models import InboundEmail
from enquiries.workspace.views import URL_NAMESPACE, WorkspacePageView, inbox_url_name, uses_workspace
from portal.forms import AdminForm

TABS = {
    "held": ("Held for checking", [InboundEmail.Status.QUARANTINED]),
    "automatic": ("Automatic replies", [InboundEmail.Status.AUTO_REPLY]),
    "all": ("All inbound email", None),
}


class ReleaseForm(AdminForm):
    reference = forms.CharField(
        label="Enquiry reference",
        max_length=20,
        help_text="The enquiry this email belongs to, for example SOR-7K4M-Q2XD.",
        error_messages={
            "required": "Enter the reference of the enquiry this email belongs to",
            "max_length": "Enter a reference like SOR-7K4M-Q2XD",
        },
    )
    confirm = forms.BooleanField(
        label="I have checked that this email comes from the enquirer, or that they asked us to use it",
        error_messages={"required": "Confirm that you have checked who sent the email"},
    )

    def __init__(self, *args, user, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_reference(self):
        reference = self.cleaned_data["reference"].strip().upper()
        enquiry = selectors.enquiries_for_staff(self.user).filter(reference=reference).first()
        if enquiry is None:
            raise ValidationError("No enquiry of your teams has that reference")
        self.enquiry = enquiry
        return reference


class DiscardForm(AdminForm):
    reason = forms.CharField(
        label="Why discard it (optional)",
        max_length=200,
        required=False,
        help_text="For example: spam, or sent to us by mistake. Kept in the record, not sent to anyone.",
        error_messages={"max_length": "Keep the reason to 200 characters or fewer"},
    )


class InboundBaseView(WorkspacePageView):
    header_icon = "mail"


class InboundListView(InboundBaseView):
    template_name = "enquiries/admin/inbound_list.html"
    page_title = "Inbound email"
    per_page = 25

    def get(self, request, *args, **kwargs):
        tab = request.GET.get("show", "held")
        if tab not in TABS:
            tab = "held"
        label, statuses = TABS[tab]
        records = held.inbound_for_staff(request.user).select_related("enquiry")
        if statuses:
            records = records.filter(status__in=statuses)
        page = Paginator(records.order_by("-received_at", "-pk"), self.per_page).get_page(
            request.GET.get("p")
        )
        tabs = [
            {"slug": slug, "label": text, "current": slug == tab, "url": f"?show={slug}"}
            for slug, (text, _) in TABS.items()
        ]
        return self.render_to_response(self.get_context_data(page=page, tabs=tabs, tab_label=label))


class InboundDetailView(InboundBaseView):
    template_name = "enquiries/admin/inbound_detail.html"
    page_title = "Inbound email"

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse(inbox_url_name("mine")), "label": "Enquiries"},
            {"url": reverse(f"{URL_NAMESPACE}:inbound"), "label": "Inbound email"},
            {"url": "", "label": f"Email {self.record.pk}"},
        ]

    def dispatch(self, request, *args, pk, **kwargs):
        if not uses_workspace(request):
            raise Http404("Not an adviser")
        self.record = get_object_or_404(
            held.inbound_for_staff(request.user).select_related("enquiry", "message", "handled_by"), pk=pk
        )
        return super().dispatch(request, *args, **kwargs)

    def context(self, **extra):
        record = self.record
        try:
            email = reading.load_message(record) if record.raw else None
        except (OSError, ValueError):
            email = None
        text = reading.message_text(email) if email is not None else ""
        attachments = [
            {
                "name": part.get_filename() or "attachment",
                "type": part.get_content_type(),
                "size": len(part.get_payload(decode=True) or b""),
            }
            for part in (email.attachments if email is not None else [])
        ]
        recipients = reading.recipients(email, record) if email is not None else []
        enquiry = record.enquiry
        can_see_enquiry = (
            enquiry is not None
            and selectors.enquiries_for_staff(self.request.user).filter(pk=enquiry.pk).exists()
        )
        initial = {"reference": enquiry.reference if can_see_enquiry else ""}
        forms_ = {
            "release": ReleaseForm(user=self.request.user, initial=initial),
            "discard": DiscardForm(),
        }
        forms_.update(extra.pop("forms", {}))
        return self.get_context_data(
            record=record,
            text=text,
            to=", ".join(recipients[:5]),
            attachments=attachments,
            enquiry=enquiry if can_see_enquiry else None,
            sender_matches=can_see_enquiry and inbound.sender_is_enquirer(record.from_address, enquiry),
            held=record.status == InboundEmail.Status.QUARANTINED,
            forms=forms_,
            **extra,
        )

    def get(self, request, *args, **kwargs):
        return self.render_to_response(self.context())

    def post(self, request, *args, **kwargs):
        action = request.POST.get("action")
        if action == "release":
            form = ReleaseForm(request.POST, user=request.user)
            if form.is_valid():
                try:
                    held.quarantine_release(record=self.record, enquiry=form.enquiry, actor=request.user)
                except ValidationError as error:
                    form.add_error(None, error)
                else:
                    self.record.refresh_from_db()
                    messages.success(request, f"The email was added to {self.record.enquiry.reference}.")
                    return redirect(reverse(f"{URL_NAMESPACE}:workspace", args=[self.record.enquiry_id]))
            return self.render_to_response(self.context(forms={"release": form}, errored_forms=[form]))
        if action == "discard":
            form = DiscardForm(request.POST)
            if form.is_valid():
                try:
                    held.quarantine_discard(
                        record=self.record, actor=request.user, reason=form.cleaned_data["reason"]
                    )
                except ValidationError as error:
                    form.add_error(None, error)
                else:
                    messages.success(request, "The email was discarded.")
                    return redirect(reverse(f"{URL_NAMESPACE}:inbound"))
            return self.render_to_response(self.context(forms={"discard": form}, errored_forms=[form]))
        messages.error(request, "Choose whether to add the email to an enquiry or discard it.")
        return redirect(reverse(f"{URL_NAMESPACE}:inbound_detail", args=[self.record.pk]))
