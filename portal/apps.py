from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = "Portal"

    def ready(self):
        # Every spreadsheet download of the Wagtail admin escapes formulas (portal.exports).
        from .exports import make_spreadsheet_exports_formula_safe

        make_spreadsheet_exports_formula_safe()
