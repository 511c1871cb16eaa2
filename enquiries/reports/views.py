"""The enquiry reports in the Wagtail admin: /admin/enquiries/reports/ and its CSV download.

Thin: figures.report_access decides who may see them (anyone else gets a 403 page), the filter form
validates, figures.build_report counts. Aggregates only: neither the page nor the CSV ever holds an
enquirer's name, email address, subject, reference, message or rating comment, and a mean rating
resting on fewer than figures.MIN_RATINGS ratings is never shown. GET only; nothing here changes state.
Neither response may be stored by any cache (Cache-Control: no-store, private).
"""

from __future__ import annotations

import csv

from django.http import HttpResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.views import View

from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from enquiries.reports import access, export, figures, filters, measures
from enquiries.reports.forms import ReportFilterForm

URL_NAMESPACE = "enquiry_reports"
INDEX_URL_NAME = f"{URL_NAMESPACE}:index"
CSV_URL_NAME = f"{URL_NAMESPACE}:csv"


def never_stored(response):
    patch_cache_control(response, no_store=True, private=True)
    return response


class ReportAccessMixin(WagtailAdminTemplateMixin):
    """Refuses anyone without report access with a 403 page (Wagtail's own PermissionDenied handling
    would redirect to the dashboard instead), and builds the filter form from what the user may see."""

    header_icon = "table"
    page_title = "Enquiry reports"
    forbidden_template_name = "enquiries/admin/reports_forbidden.html"

    def dispatch(self, request, *args, **kwargs):
        self.access = access.report_access_for(request)
        if self.access is None:
            return self.forbidden()
        self.now = timezone.now()
        self.today = timezone.localdate(self.now)
        self.options = filters.report_options(self.access, today=self.today)
        self.form = ReportFilterForm(request.GET, options=self.options, today=self.today)
        self.filters = self.form.report_filters()
        return super().dispatch(request, *args, **kwargs)

    def forbidden(self):
        self.template_name = self.forbidden_template_name
        response = self.render_to_response(self.get_context_data(), status=403)
        return never_stored(response)

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": "", "label": self.get_page_title()}]

    def build_report(self) -> figures.EnquiryReport | None:
        if self.filters is None:
            return None
        return figures.build_report(
            access=self.access, filters=self.filters, options=self.options, now=self.now
        )


class EnquiryReportView(ReportAccessMixin, View):
    template_name = "enquiries/admin/reports.html"

    def get(self, request, *args, **kwargs):
        query = self.form.query_string()
        context = self.get_context_data(
            form=self.form,
            errored_forms=[self.form] if self.form.is_bound and self.form.errors else [],
            report=self.build_report(),
            scope_text=self.options.scope_text,
            index_url=reverse(INDEX_URL_NAME),
            csv_url=reverse(CSV_URL_NAME) + (f"?{query}" if query else ""),
            backlog_buckets=figures.BACKLOG_BUCKETS,
            fewer_than_min_ratings=figures.FEWER_THAN_MIN_RATINGS,
        )
        return never_stored(self.render_to_response(context))


class EnquiryReportCSVView(ReportAccessMixin, View):
    """The same figures as the page, with the same filters, as a CSV file (one figure a row)."""

    def get(self, request, *args, **kwargs):
        report = self.build_report()
        if report is None:
            problems = "; ".join(error for errors in self.form.errors.values() for error in errors)
            response = HttpResponse(
                f"The filters are not valid: {problems}. Go back to the report, correct them and download again.",
                status=400,
                content_type="text/plain; charset=utf-8",
            )
            return never_stored(response)
        filters = report.filters
        filename = f"enquiry-report-{measures.month_value(filters.first_month)}-to-{measures.month_value(filters.last_month)}.csv"
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        response.write("\ufeff")  # a byte order mark, so that Excel reads the file as UTF-8
        csv.writer(response).writerows(export.csv_rows(report))
        return never_stored(response)


urlpatterns = [
    path("", EnquiryReportView.as_view(), name="index"),
    path("csv/", EnquiryReportCSVView.as_view(), name="csv"),
]
