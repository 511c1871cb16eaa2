from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = "Portal"

    def ready(self):
        # Every spreadsheet download of the Wagtail admin escapes formulas (portal.exports).
        from .exports import make_spreadsheet_exports_formula_safe

        make_spreadsheet_exports_formula_safe()

        # The anonymous page cache: its page marker hook and its invalidation signals.
        from .page_cache import connect_signals

        connect_signals()
