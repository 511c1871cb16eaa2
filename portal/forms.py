"""Form pieces shared by the portal's admin screens (the enquiry workspace, reports, personal data)."""


class AccessibleFormMixin:
    """Point each field at its help text and, once it has one, at its error message (whose id is the
    field's id + "-error"), and mark fields with errors aria-invalid."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._mark_fields()

    def _mark_fields(self):
        errors = self._errors or {}
        for name, field in self.fields.items():
            field_id = self[name].auto_id
            described = []
            if name in errors:
                described.append(f"{field_id}-error")
                field.widget.attrs["aria-invalid"] = "true"
            else:
                field.widget.attrs.pop("aria-invalid", None)
            if field.help_text:
                described.append(f"{field_id}-helptext")
            if described:
                field.widget.attrs["aria-describedby"] = " ".join(described)
            else:
                field.widget.attrs.pop("aria-describedby", None)

    def full_clean(self):
        super().full_clean()
        if self._errors is not None:
            self._mark_fields()

    def add_error(self, field, error):
        super().add_error(field, error)
        self._mark_fields()

    def replace_errors(self, field, message):
        """Show only this error (e.g. when the form was submitted for another purpose)."""
        self.errors.clear()
        self.add_error(field, message)
