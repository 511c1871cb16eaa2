"""Template helpers for forms the portal does not define itself (allauth's)."""

from django import template

from portal.forms import PublicBoundField, PublicFormRenderer

register = template.Library()

_renderer = PublicFormRenderer()


@register.filter
def public_fields(form):
    """The fields of a form of another app (allauth's) as public fields: each renders with
    ``as_field_group`` in the NHS.UK field template, as a `portal.forms.PublicForm`'s would."""
    return [PublicBoundField(form, field, name, renderer=_renderer) for name, field in form.fields.items()]
