"""Formula-safe spreadsheet downloads from the Wagtail admin.

Every CSV and XLSX download of the admin goes through Wagtail's SpreadsheetExportMixin: the enquiry
inboxes (enquiries.workspace.inbox.InboxIndexView), the review-date report (cms.reports), the site
history, Wagtail's other reports (locked and aging pages, workflows), the search terms report, the
redirects listing, form submissions and any ModelViewSet given a `list_export`. Their cells carry
text staff and the public typed: a member of staff's name (`=HYPERLINK("http://evil","x")` is a valid
first name on /admin/account/), a page title, a content owner, a search term. A spreadsheet program
runs a cell starting with = + - @, a tab or a carriage return as a formula (CSV injection), so every
such cell gets a leading apostrophe, as OWASP recommends: `csv_safe`, the one rule every CSV of the
project uses (the enquiry reports, the updating log, these).

Wagtail's report views are routed by Wagtail's own URLconf (/admin/reports/site-history/ and the
rest), where a subclass of ours could not replace them, so the rule is put into the mixin itself, once,
by `make_spreadsheet_exports_formula_safe()`: each value (after Wagtail's own preprocessing, for both
formats) and each column heading. `PortalConfig.ready()` calls it, before any request is served.
tests/portal/test_exports_formula_safe.py downloads each report with a formula in a name and a title.
"""

from __future__ import annotations

from functools import wraps

from wagtail.admin.views.mixins import SpreadsheetExportMixin

_MARK = "_portal_formula_safe"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_safe(value):
    """A cell value a spreadsheet will not run: text starting like a formula gets a leading apostrophe.
    Numbers and dates are left as they are; None becomes an empty cell."""
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return f"'{value}"
    return value


def _escaping_result(method):
    @wraps(method)
    def escaped(*args, **kwargs):
        return csv_safe(method(*args, **kwargs))

    return escaped


def make_spreadsheet_exports_formula_safe() -> None:
    """Escape every cell and heading of every SpreadsheetExportMixin download (safe to call again)."""
    if getattr(SpreadsheetExportMixin, _MARK, False):
        return
    SpreadsheetExportMixin.preprocess_field_value = _escaping_result(
        SpreadsheetExportMixin.preprocess_field_value
    )
    SpreadsheetExportMixin.get_heading = _escaping_result(SpreadsheetExportMixin.get_heading)
    setattr(SpreadsheetExportMixin, _MARK, True)
