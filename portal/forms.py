"""How the portal's forms render a field: Django's form renderer, with one field template for public
pages (NHS.UK frontend markup) and one for the staff screens inside Wagtail's admin.

The accessible parts are Django's own (5.2): a field's hint has the id ``<auto_id>_helptext``, its inline
error ``<auto_id>_error``; ``BoundField.aria_describedby`` names them (on the input, or on the fieldset of
a radio or checkbox group, whose widget has ``use_fieldset``) and ``BoundField.build_widget_attrs``
marks a field with errors ``aria-invalid``. The field templates only lay the pieces out, with those ids,
so what Django writes on the input is right; error summaries link each error to the field
(components/field_id.html: the input, or a group's first option; in the admin, ``#<auto_id>``).

- Public forms subclass `PublicForm` (or `PublicModelForm`; `FilterPanelForm` for a listing's
  filters): their renderer, `PublicFormRenderer`, renders ``{{ form.<name>.as_field_group }}`` (and
  ``{{ form }}``) with templates/forms/nhsuk_field.html, and its `PublicBoundField` puts the NHS.UK
  class on the widget Django renders (error state included). Per-field display options come from the
  form, never from the template: `PublicForm.field_display` maps field names to options, which are set
  on the form's own fields and read by the template as ``field.field.<option>`` (`DISPLAY_OPTIONS`).
  A field can have a template of its own (Django's ``Field.template_name``), as the pathways' date
  boxes and the one reply address of a signed-in enquirer do. allauth's forms are allauth's classes:
  templates/allauth/elements/fields.html renders their fields the same way through the
  ``public_fields`` filter (portal/templatetags/portal_forms.py). The pathway finder's question pages
  lay out their radios themselves (the legend is the page's h1, with conditional reveals), with the
  same ids (templates/pathways/includes/question_radios.html).
- Admin forms subclass `AdminForm`: `AdminFormRenderer` renders each field with
  templates/forms/admin_field.html: Wagtail's admin field (``{% formattedfield %}``), given Django's ids
  and the widget as Django renders it (left to itself Wagtail would point the input at its own
  "-helptext" id only), or a fieldset with a legend for a radio or checkbox group.

Why a ``default_renderer`` on these base classes rather than ``settings.FORM_RENDERER``: a global
renderer would also render every form Wagtail and allauth build themselves. Wagtail's admin draws its
own fields (``{% formattedfield %}``), but Wagtail's login and password-required pages print
``{{ form.as_p }}``, Django's default form template (div.html) calls ``as_field_group``, and a renderer's
``bound_field_class`` would put NHS.UK classes on every admin widget. Set on the portal's own base
classes, the renderers can only change the portal's forms, never Wagtail's own screens. Both are
`TemplatesSetting` renderers (the project's template engine, so project templates and Wagtail's
template tags are found); Django's widget templates come from "django.forms" in INSTALLED_APPS.
"""

from __future__ import annotations

from django import forms
from django.forms.boundfield import BoundField
from django.forms.renderers import TemplatesSetting
from django.forms.widgets import Input

#: What a public form may set on a field (`PublicForm.field_display`), read by the NHS.UK templates:
DISPLAY_OPTIONS = {
    # "s", "m" or "l": the size of the label, or of a group's legend (a legend is "s" without it).
    "label_size",
    # True: the smaller checkboxes and radios (filter panels).
    "small",
    # Extra classes of a text input or textarea, e.g. "nhsuk-input--width-10".
    "input_classes",
    # A message shown under the hint (id <auto_id>_notice, named by aria-describedby), e.g. that
    # files must be chosen again; set by the form for the request it answers.
    "notice",
}
#: What an admin form may set on a field (`AdminForm.field_display`), read by forms/admin_field.html:
ADMIN_DISPLAY_OPTIONS = {
    # A single checkbox drawn inside its label, with this class, instead of in Wagtail's field layout.
    "inline_label_class",
}

#: Which NHS.UK pattern a widget is drawn as (`PublicBoundField.nhsuk_kind`), the first that matches;
#: a widget matching none (e.g. the one reply address, the date boxes) is drawn by its own template.
NHSUK_KINDS = (
    (forms.CheckboxSelectMultiple, "checkboxes"),
    (forms.RadioSelect, "radios"),
    (forms.CheckboxInput, "checkbox"),
    (forms.Select, "select"),
    (forms.Textarea, "textarea"),
    (forms.FileInput, "file"),
    (Input, "input"),  # text, email, number, password...; hidden inputs are left as they are
)
#: Each pattern's class on the widget, its error modifier, and whether it takes ``input_classes``.
NHSUK_CLASSES = {
    "checkboxes": ("nhsuk-checkboxes__input", "", False),
    "radios": ("nhsuk-radios__input", "", False),
    "checkbox": ("nhsuk-checkboxes__input", "", False),
    "select": ("nhsuk-select", "nhsuk-select--error", True),
    "textarea": ("nhsuk-textarea", "nhsuk-textarea--error", True),
    "file": ("nhsuk-file-upload", "", False),
    "input": ("nhsuk-input", "nhsuk-input--error", True),
}


def nhsuk_kind(widget) -> str:
    """The NHS.UK pattern a widget is drawn as: "checkboxes" or "radios" (a group), "checkbox" (one),
    "select", "textarea", "file", "input", or "" (hidden, or drawn by a template of its own)."""
    if widget.is_hidden:
        return ""
    return next((kind for widget_class, kind in NHSUK_KINDS if isinstance(widget, widget_class)), "")


class PublicBoundField(BoundField):
    """A public field: Django's widget attributes (aria-describedby, aria-invalid) plus the NHS.UK
    class for its kind of widget, with the error modifier and the field's ``input_classes``.

    As NHS.UK forms do (they are ``novalidate``; the server checks), no ``required`` attribute and no
    placeholder (labels and hints instead); a textarea has no ``cols`` (the NHS.UK class sets its width).
    A field's ``notice`` is named by aria-describedby between its hint and its error.
    """

    def __init__(self, form, field, name, renderer=None):
        super().__init__(form, field, name)
        if renderer is not None:  # allauth's forms (the public_fields filter) have Django's renderer
            self.renderer = renderer

    @property
    def template_name(self):
        return self.field.template_name or self.renderer.field_template_name

    @property
    def nhsuk_kind(self) -> str:
        """The NHS.UK pattern of the field's widget: see `nhsuk_kind`."""
        return nhsuk_kind(self.field.widget)

    def widget_class(self, widget=None) -> str:
        if not (kind := nhsuk_kind(widget or self.field.widget)):
            return ""
        base, error, sized = NHSUK_CLASSES[kind]
        classes = [base]
        if error and self.errors:
            classes.append(error)
        if sized and getattr(self.field, "input_classes", ""):
            classes.append(self.field.input_classes)
        return " ".join(classes)

    def build_widget_attrs(self, attrs, widget=None):
        attrs = super().build_widget_attrs(attrs, widget)
        widget = widget or self.field.widget
        attrs.pop("required", None)
        if css_class := self.widget_class(widget):
            attrs["class"] = css_class
        if "placeholder" in widget.attrs:
            attrs["placeholder"] = False  # Django's attrs template leaves out False
        if isinstance(widget, forms.Textarea):
            attrs["cols"] = False
        return attrs

    @property
    def aria_describedby(self):
        described = super().aria_describedby
        if described is None or not getattr(self.field, "notice", "") or not self.auto_id:
            return described
        ids = described.split()
        ids.insert(1 if self.help_text else 0, f"{self.auto_id}_notice")
        return " ".join(ids)


class PublicFormRenderer(TemplatesSetting):
    """Public forms: NHS.UK field markup (see the module docstring)."""

    form_template_name = "forms/nhsuk_form.html"
    field_template_name = "forms/nhsuk_field.html"
    bound_field_class = PublicBoundField


class AdminFormRenderer(TemplatesSetting):
    """Staff screens inside Wagtail's admin: Wagtail's field markup, with Django's ids."""

    form_template_name = "forms/admin_form.html"
    field_template_name = "forms/admin_field.html"


class DisplayOptionsMixin:
    """``field_display``: {field name: {option: value}}, set on this form's own copies of its fields
    (never on the class's), for the field template to read as ``field.field.<option>``. Only the options
    in ``display_options`` are accepted, so a misspelt one fails at once."""

    display_options: frozenset[str] = frozenset()
    field_display: dict[str, dict[str, object]] = {}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, options in self.field_display.items():
            for option, value in options.items():
                self.set_display(name, option, value)

    def set_display(self, name: str, option: str, value) -> None:
        """Set one display option of one field (for an option that depends on the request). A form
        that replaces a field in its __init__ sets that field's options again."""
        if option not in self.display_options:
            raise ValueError(f"{option!r} is not a display option of {type(self).__name__}")
        setattr(self.fields[name], option, value)


class PublicFormMixin(DisplayOptionsMixin):
    """Rendered by `PublicFormRenderer`, with the options of `DISPLAY_OPTIONS`."""

    default_renderer = PublicFormRenderer
    display_options = frozenset(DISPLAY_OPTIONS)
    use_required_attribute = False


class PublicForm(PublicFormMixin, forms.Form):
    pass


class PublicModelForm(PublicFormMixin, forms.ModelForm):
    pass


class FilterPanelForm(PublicForm):
    """The form of a public listing's filters (components/filter_panel.html): every checkbox and radio
    is the small kind."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in self.fields:
            self.set_display(name, "small", True)


class AdminForm(DisplayOptionsMixin, forms.Form):
    """A form of the portal's own admin screens (enquiry workspace, reports, personal data), with the
    options of `ADMIN_DISPLAY_OPTIONS`."""

    default_renderer = AdminFormRenderer
    display_options = frozenset(ADMIN_DISPLAY_OPTIONS)


def is_whole_number(value) -> bool:
    """Whether a value typed or sent to us is a whole number written in ASCII digits ("12"): the one
    check before int() on anything from a request. str.isdigit() alone also says yes to "²", which int()
    refuses (a 500), and to "٣", which int() reads as 3."""
    return isinstance(value, str) and value.isascii() and value.isdigit()
