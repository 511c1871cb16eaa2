"""One way to render a field (portal/forms.py): Django's form renderer, with the NHS.UK field template for
public forms and Wagtail's admin look for the admin screens. Django's own ids tie each field to its hint
(<auto_id>_helptext) and error (<auto_id>_error) through aria-describedby, and mark it aria-invalid."""

from __future__ import annotations

import re
from pathlib import Path

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.forms.renderers import DjangoTemplates, get_default_renderer
from django.template import Context, Template
from django.template.loader import render_to_string
from django.test import RequestFactory

import pytest
from allauth.account.forms import LoginForm

from enquiries.intake.forms import GetHelpForm
from enquiries.models import CannedResponse
from enquiries.workspace.forms import ReplyForm
from pathways.forms import RegistrationForm
from portal.forms import AdminForm, AdminFormRenderer, PublicForm, PublicFormRenderer
from tests.conftest import soup

pytestmark = pytest.mark.django_db

TEMPLATES_DIR = Path(settings.BASE_DIR) / "templates"
DELETED = [
    "components/form_field.html",
    "components/widget_attrs.html",
    "enquiries/admin/_field.html",
    "portal/privacy/_field.html",
]


def described_by(element) -> list[str]:
    return (element.get("aria-describedby") or "").split()


def test_the_portal_renderers_are_set_on_its_own_forms_only():
    """Not settings.FORM_RENDERER: Wagtail's and allauth's own forms keep Django's renderer."""
    assert settings.FORM_RENDERER == "django.forms.renderers.DjangoTemplates"  # Django's default
    assert isinstance(get_default_renderer(), DjangoTemplates)
    assert isinstance(forms.Form().renderer, DjangoTemplates)
    assert isinstance(PublicForm().renderer, PublicFormRenderer)
    assert isinstance(AdminForm().renderer, AdminFormRenderer)


# --------------------------------------------------------------------------------------------------
# A public form: the request for help
# --------------------------------------------------------------------------------------------------


@pytest.fixture
def get_help_with_errors():
    form = GetHelpForm({"subject": "", "question": "", "hcpc_number": "zz", "name": "Sam"})
    assert not form.is_valid()
    return form


def test_a_public_field_has_its_label_hint_and_error_tied_to_the_input(get_help_with_errors):
    tree = soup(get_help_with_errors["question"].as_field_group())
    textarea = tree.find("textarea", attrs={"name": "question"})
    assert tree.find("label", attrs={"for": "id_question"}).get_text(strip=True) == "Tell us more"
    assert textarea["id"] == "id_question"
    assert described_by(textarea) == ["id_question_helptext", "id_question_error"]
    assert "Up to 5,000 characters" in tree.find(id="id_question_helptext").get_text()
    assert "Tell us more about your question" in tree.find(id="id_question_error").get_text()
    assert textarea["aria-invalid"] == "true"
    # The NHS.UK classes as the old component had them, error state included; no browser validation.
    assert textarea["class"] == ["nhsuk-textarea", "nhsuk-textarea--error"]
    assert tree.select_one("div.nhsuk-form-group.nhsuk-form-group--error") is not None
    assert not textarea.has_attr("required") and not textarea.has_attr("cols")


def test_a_public_field_without_an_error_is_not_invalid_and_keeps_its_width(get_help_with_errors):
    tree = soup(get_help_with_errors["name"].as_field_group())
    field = tree.find("input", attrs={"name": "name"})
    assert not field.has_attr("aria-invalid") and not field.has_attr("aria-describedby")
    assert field["class"] == ["nhsuk-input", "nhsuk-input--width-30"]  # GetHelpForm.field_display
    assert tree.find(class_="nhsuk-error-message") is None


def test_public_radios_are_a_fieldset_with_a_legend_described_as_a_group(get_help_with_errors):
    tree = soup(get_help_with_errors["who"].as_field_group())
    fieldset = tree.find("fieldset", class_="nhsuk-fieldset")
    assert fieldset.find("legend").get_text(strip=True) == "Which best describes you?"
    assert described_by(fieldset) == ["id_who_error"]
    assert tree.find(id="id_who_error").get_text(" ", strip=True) == "Error: Select which best describes you"
    radios = fieldset.find_all("input", attrs={"type": "radio"})
    assert radios and all(radio["class"] == ["nhsuk-radios__input"] for radio in radios)
    assert all(not radio.has_attr("aria-describedby") for radio in radios)
    assert all(radio["aria-invalid"] == "true" for radio in radios)
    for radio in radios:
        assert fieldset.find("label", attrs={"for": radio["id"]}) is not None


def test_the_public_error_summary_links_each_error_to_its_field(get_help_with_errors):
    form = get_help_with_errors
    page = render_to_string("components/error_summary.html", {"form": form}) + "".join(
        form[name].as_field_group() for name in ("who", "subject", "hcpc_number")
    )
    tree = soup(page)
    links = {a.get_text(strip=True): a["href"] for a in tree.select(".nhsuk-error-summary a")}
    assert links["Select which best describes you"] == "#id_who_0"  # the group's first option
    assert links["Enter your question in a sentence"] == "#id_subject"
    for href in ("#id_who_0", "#id_subject", "#id_hcpc_number"):
        assert tree.find(id=href[1:]) is not None


def test_a_hint_set_by_the_form_and_a_notice_are_named_in_order():
    form = GetHelpForm({"subject": ""}, {"attachments": SimpleUploadedFile("a.exe", b"x")})
    form.is_valid()
    tree = soup(form["attachments"].as_field_group())
    upload = tree.find("input", attrs={"type": "file"})
    assert upload["class"] == ["nhsuk-file-upload"]
    assert described_by(upload) == [
        "id_attachments_helptext",
        "id_attachments_notice",
        "id_attachments_error",
    ]
    assert "choose your files again" in tree.find(id="id_attachments_notice").get_text()
    consent = soup(form["consent"].as_field_group())
    box = consent.find("input", attrs={"name": "consent"})
    assert described_by(box) == ["id_consent_helptext", "id_consent_error"]
    assert "privacy notice" in consent.find(id="id_consent_helptext").get_text()


def test_the_date_boxes_of_the_finder_are_a_group_with_django_ids():
    form = RegistrationForm({"ever_registered": "yes", "last_practised_year": "19"})
    form.is_valid()
    tree = soup(form["last_practised"].as_field_group())
    fieldset = tree.find("fieldset", attrs={"role": "group"})
    assert described_by(fieldset) == ["id_last_practised_helptext", "id_last_practised_error"]
    assert tree.find(id="id_last_practised_helptext") and tree.find(id="id_last_practised_error")
    boxes = fieldset.find_all("input")
    assert boxes[0]["id"] == "id_last_practised"  # the error summary's link lands on the first box
    assert all(box["aria-invalid"] == "true" for box in boxes)


def test_allauth_fields_render_as_public_fields_without_placeholders():
    request = RequestFactory().post("/accounts/login/")
    form = LoginForm({"login": "", "password": ""}, request=request)
    form.is_valid()
    html = Template(
        "{% load portal_forms %}{% for field in form|public_fields %}{{ field.as_field_group }}{% endfor %}"
    ).render(Context({"form": form}))
    tree = soup(html)
    login = tree.find("input", attrs={"name": "login"})
    assert tree.find("label", attrs={"for": login["id"]}) is not None
    assert described_by(login) == [f"{login['id']}_error"] and tree.find(id=f"{login['id']}_error")
    assert login["aria-invalid"] == "true" and "nhsuk-input--error" in login["class"]
    assert not login.has_attr("placeholder") and not login.has_attr("required")


# --------------------------------------------------------------------------------------------------
# An admin form: the adviser's reply
# --------------------------------------------------------------------------------------------------


@pytest.fixture
def reply_with_errors():
    form = ReplyForm(
        {"reply-body": "  ", "reply-then": "nonsense"}, canned_queryset=CannedResponse.objects.none()
    )
    assert not form.is_valid()
    return form


def test_an_admin_field_has_wagtails_look_and_djangos_ids(reply_with_errors):
    tree = soup(reply_with_errors["body"].as_field_group())
    textarea = tree.find("textarea", attrs={"name": "reply-body"})
    assert tree.select_one(".w-field__wrapper .w-field.w-field--error") is not None
    assert tree.find("label", class_="w-field__label")["for"] == textarea["id"] == "id_reply-body"
    assert described_by(textarea) == ["id_reply-body_helptext", "id_reply-body_error"]
    assert "w-field__help" in tree.find(id="id_reply-body_helptext")["class"]
    assert "Write your reply" in tree.find(id="id_reply-body_error").get_text()
    assert textarea["aria-invalid"] == "true"


def test_admin_radios_are_a_fieldset_with_a_legend_described_as_a_group(reply_with_errors):
    tree = soup(reply_with_errors["then"].as_field_group())
    fieldset = tree.find("fieldset")
    assert fieldset["id"] == "id_reply-then"  # the admin error summary links to it
    assert fieldset.find("legend").get_text(strip=True) == "After sending"
    assert described_by(fieldset) == ["id_reply-then_error"]
    assert "Select a valid choice" in tree.find(id="id_reply-then_error").get_text()
    radios = fieldset.find_all("input", attrs={"type": "radio"})
    assert radios and all(not radio.has_attr("aria-describedby") for radio in radios)
    assert all(radio["aria-invalid"] == "true" for radio in radios)


def test_the_admin_error_summary_links_each_error_to_its_field(reply_with_errors):
    form = reply_with_errors
    page = render_to_string("components/admin_error_summary.html", {"forms": [form]}) + form.render()
    tree = soup(page)
    hrefs = [a["href"] for a in tree.select("#error-summary a")]
    assert hrefs == ["#id_reply-body", "#id_reply-then"]
    for href in hrefs:
        assert tree.find(id=href[1:]) is not None


def test_the_privacy_confirmation_keeps_its_checkbox_inside_its_label():
    from portal.privacy_views import ConfirmEraseForm

    form = ConfirmEraseForm({"email": "a@example.org", "reason": "r"})
    form.is_valid()
    tree = soup(form["confirm"].as_field_group())
    label = tree.find("label", class_="sor-privacy-check")
    box = label.find("input", attrs={"type": "checkbox"})
    assert label["for"] == box["id"] == "id_confirm"
    assert described_by(box) == ["id_confirm_error"] and box["aria-invalid"] == "true"
    assert "Confirm that you want to erase" in tree.find(id="id_confirm_error").get_text()


# --------------------------------------------------------------------------------------------------
# The old components are gone
# --------------------------------------------------------------------------------------------------


def test_no_template_uses_the_deleted_field_components():
    for name in DELETED:
        assert not (TEMPLATES_DIR / name).exists(), name
    pattern = re.compile("|".join(re.escape(name) for name in DELETED))
    users = [
        str(path.relative_to(TEMPLATES_DIR))
        for path in TEMPLATES_DIR.rglob("*.html")
        if pattern.search(path.read_text(encoding="utf-8"))
    ]
    assert users == []
    # and no template writes the old "-hint"/"-error" ids by hand any more
    old_ids = re.compile(r"\}\}-(hint|error|helptext)\b")
    assert [
        p.name for p in TEMPLATES_DIR.rglob("*.html") if old_ids.search(p.read_text(encoding="utf-8"))
    ] == []
