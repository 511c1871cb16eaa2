"""Admin pages for a person's data: subject-access export and erasure on request (Settings, Personal data).

Only superusers and staff with the "Can export and erase a person's data" permission
(portal.manage_personal_data) see them: `portal.privacy.can_manage_personal_data` decides, for both
pages. The address is only ever sent in a POST body, never in a URL, and nothing here logs it.
"""

from __future__ import annotations

import logging
import tempfile

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.views import View

from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from .forms import AdminForm
from .privacy import can_manage_personal_data, erase_subject, normalise_email, subject_export, subject_summary

logger = logging.getLogger(__name__)


def _email_field(**kwargs) -> forms.EmailField:
    return forms.EmailField(
        label="Email address",
        max_length=254,
        help_text="We find everything sent from or to this address, and any account that uses it.",
        error_messages={
            "required": "Enter the person's email address",
            "invalid": "Enter an email address in the right format, like name@example.com",
            "max_length": "An email address is at most 254 characters",
        },
        widget=forms.EmailInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
        **kwargs,
    )


class ExportForm(AdminForm):
    email = _email_field()

    def clean_email(self):
        return normalise_email(self.cleaned_data["email"])


class EraseForm(AdminForm):
    email = _email_field()
    reason = forms.CharField(
        label="Reason",
        max_length=300,
        help_text="For the erasure record, e.g. the request's reference. Do not type the address here.",
        error_messages={
            "required": "Give a reason, such as the request's reference",
            "max_length": "Keep the reason under 300 characters",
        },
    )

    def clean_email(self):
        return normalise_email(self.cleaned_data["email"])

    def clean_reason(self):
        reason = " ".join((self.cleaned_data.get("reason") or "").replace("\x00", "").split())
        if not reason:
            raise forms.ValidationError("Give a reason, such as the request's reference")
        return reason


class ConfirmEraseForm(EraseForm):
    field_display = {"confirm": {"inline_label_class": "sor-privacy-check"}}
    confirm = forms.BooleanField(
        label="I understand that this erases the person's data for good",
        error_messages={"required": "Confirm that you want to erase this person's data"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("email", "reason"):
            self.fields[name].widget = forms.HiddenInput()
            self.fields[name].help_text = ""


class PersonalDataView(WagtailAdminTemplateMixin, View):
    header_icon = "lock"

    def dispatch(self, request, *args, **kwargs):
        if not can_manage_personal_data(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse("portal_privacy_export"), "label": "Personal data"},
            {"url": "", "label": self.page_title},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["export_url"] = reverse("portal_privacy_export")
        context["erase_url"] = reverse("portal_privacy_erase")
        return context


class ExportView(PersonalDataView):
    """A POSTed address in, a ZIP of everything about it out."""

    template_name = "portal/privacy/export.html"
    page_title = "Export a person's data"

    def get(self, request):
        return self.render_to_response(self.get_context_data(form=ExportForm()))

    def post(self, request):
        form = ExportForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form, errored_forms=[form]))
        email = form.cleaned_data["email"]
        archive = tempfile.TemporaryFile()  # noqa: SIM115 - FileResponse closes (and so deletes) it
        summary = subject_export(email, archive)
        if not summary["total"]:
            archive.close()
            return self.render_to_response(self.get_context_data(form=ExportForm(), nothing_held=True))
        archive.seek(0)
        logger.info("Subject-access export by user %s: %s records", request.user.pk, summary["total"])
        response = FileResponse(
            archive,
            as_attachment=True,
            filename=f"personal-data-{timezone.localdate():%Y-%m-%d}.zip",
            content_type="application/zip",
        )
        response["Cache-Control"] = "private, no-store"
        return response


class EraseView(PersonalDataView):
    """Two POSTs: the address and a reason (shows what will go), then the confirmation (erases)."""

    template_name = "portal/privacy/erase.html"
    page_title = "Erase a person's data"

    def get(self, request):
        return self.render_to_response(self.get_context_data(form=EraseForm()))

    def post(self, request):
        if request.POST.get("step") == "confirm":
            return self.confirm(request)
        form = EraseForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form, errored_forms=[form]))
        summary = subject_summary(form.cleaned_data["email"])
        if not summary:
            return self.render_to_response(self.get_context_data(form=EraseForm(), nothing_held=True))
        confirm_form = ConfirmEraseForm(initial=form.cleaned_data)
        return self._render_confirm(confirm_form, summary, form.cleaned_data["email"])

    def _render_confirm(self, form, summary, email, errored=False):
        self.template_name = "portal/privacy/erase_confirm.html"
        return self.render_to_response(
            self.get_context_data(
                form=form, summary=summary, email=email, errored_forms=[form] if errored else []
            )
        )

    def confirm(self, request):
        form = ConfirmEraseForm(request.POST)
        if not form.is_valid():
            if {"email", "reason"} & set(form.errors):
                # The hidden fields were changed or lost on the way: start again, showing why.
                start = EraseForm(request.POST)
                start.is_valid()
                return self.render_to_response(self.get_context_data(form=start, errored_forms=[start]))
            email = form.cleaned_data["email"]
            return self._render_confirm(form, subject_summary(email), email, errored=True)
        record = erase_subject(
            form.cleaned_data["email"], actor=request.user, reason=form.cleaned_data["reason"]
        )
        messages.success(
            request,
            f"The person's data has been erased ({sum(record.counts.values())} records changed). "
            f"Erasure reference: {record.erasure_id}.",
        )
        return redirect("portal_privacy_erase")
