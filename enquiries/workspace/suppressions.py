"""Checking whether an address is suppressed (the provider reported a hard bounce or a complaint), with a
POSTed form so that the address never goes into a URL or a log line.
"""

from __future__ import annotations

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.safestring import mark_safe
from django.views.generic import FormView

from wagtail.admin import messages as admin_messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin

from enquiries.models import (
    Suppression,
)
from enquiries.workspace.forms import (
    SuppressionCheckForm,
)


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
