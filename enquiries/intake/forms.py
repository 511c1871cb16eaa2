"""The request-for-help form and the forms advisers and enquirers use on the thread."""

from __future__ import annotations

import re
import secrets

from django import forms
from django.core import signing
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from cms.models import Nation, Pathway, Topic
from enquiries import selectors
from enquiries.attachments import MAX_FILES, validate_uploads
from enquiries.models import Enquiry
from portal.forms import PublicForm

#: Under the file chooser when the form comes back with errors after files were chosen (browsers keep none).
FILES_AGAIN = (
    "For your security, files are not kept when there is a problem with the form. "
    "Please choose your files again."
)
MIN_FILL_SECONDS = 3
MAX_FORM_AGE_SECONDS = 24 * 60 * 60
FORM_SALT = "enquiries.get-help-form"
HCPC_NUMBER = re.compile(r"^RA\d{5,6}$")
WHO_TO_PATHWAY = {
    Enquiry.Who.RETURNING: "return-to-practice",
    Enquiry.Who.OVERSEAS: "international-recruitment",
}


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ".pdf,.docx,.jpg,.jpeg,.png"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if not data:
            return []
        files = data if isinstance(data, list | tuple) else [data]
        return [super(MultipleFileField, self).clean(f, initial) for f in files]


class ReplyAddressField(forms.ChoiceField):
    """One of the signed-in enquirer's verified addresses (lower case), whatever the case it is sent in."""

    def to_python(self, value):
        return super().to_python(value).strip().lower()


class OneAddressInput(forms.Widget):
    """The only address a signed-in enquirer can use, carried in a hidden input; its field's template
    (templates/enquiries/reply_address_field.html) shows it as text, in an element with the field's id
    (so the error summary can link to it). It always carries that address, never what was sent, and is
    not a hidden field to Django, so its errors are shown."""

    def __init__(self, address: str, attrs=None):
        super().__init__(attrs)
        self.address = address

    def render(self, name, value, attrs=None, renderer=None):
        return format_html('<input type="hidden" name="{}" value="{}">', name, self.address)


def new_form_token() -> str:
    """A signed token naming this copy of the form: its idempotency key and when it was shown."""
    return signing.TimestampSigner(salt=FORM_SALT).sign(secrets.token_urlsafe(24))


class GetHelpForm(PublicForm):
    field_display = {
        "hcpc_number": {"input_classes": "nhsuk-input--width-10"},
        "name": {"input_classes": "nhsuk-input--width-30"},
        # Signed in, the address field is replaced by radios or the one address, which take no width.
        "email": {"input_classes": "nhsuk-input--width-30"},
    }

    who = forms.ChoiceField(
        label="Which best describes you?",
        choices=Enquiry.Who.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select which best describes you"},
    )
    nation = forms.ModelChoiceField(
        label="Which UK nation do you work in, or want to work in?",
        queryset=Nation.objects.all(),
        to_field_name="slug",
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages={"required": "Select a nation", "invalid_choice": "Select a nation from the list"},
    )
    profession = forms.ChoiceField(
        label="Your profession",
        choices=Enquiry.Profession.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select your profession, or 'not sure'"},
    )
    topic = forms.ModelChoiceField(
        label="What is your question about?",
        queryset=Topic.objects.all(),
        to_field_name="slug",
        empty_label="Choose a topic",
        error_messages={"required": "Choose a topic", "invalid_choice": "Choose a topic from the list"},
    )
    hcpc_number = forms.CharField(
        label="HCPC registration number (optional)",
        required=False,
        max_length=12,
        help_text="If you have one, for example RA12345. Leave it empty if you have never been registered.",
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    subject = forms.CharField(
        label="Your question in a sentence",
        max_length=150,
        error_messages={"required": "Enter your question in a sentence"},
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    question = forms.CharField(
        label="Tell us more",
        max_length=5000,
        help_text="What you have done so far and what you need. Up to 5,000 characters.",
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages={"required": "Tell us more about your question"},
    )
    attachments = MultipleFileField(
        label="Attach files (optional)",
        required=False,
        help_text=f"Up to {MAX_FILES} files, 10 MB each: PDF, Word (DOCX), JPG or PNG.",
    )
    name = forms.CharField(
        label="Your name",
        max_length=120,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        error_messages={"required": "Enter your name"},
    )
    email = forms.EmailField(
        label="Your email address",
        max_length=254,
        help_text="We will reply to this address.",
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
        error_messages={
            "required": "Enter your email address",
            "invalid": "Enter an email address like name@example.com",
        },
    )
    consent = forms.BooleanField(
        label="I agree that the Society of Radiographers may use what I have written to answer my request",
        help_text=mark_safe(  # noqa: S308  (our own fixed words)
            "We use it only to answer you and to count, without names, what people ask about. Read our "
            '<a href="/privacy-notice/">privacy notice</a>.'
        ),
        error_messages={"required": "Tick the box to agree, so that we can answer your request"},
    )
    # Anti-abuse: a field people never see (bots fill it) and a signed token with the time the form was shown.
    website = forms.CharField(required=False, label="Leave this empty")
    form_token = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        if self.files:
            self.set_display("attachments", "notice", FILES_AGAIN)
        #: Set by clean_form_token when the form came back sooner than a person could fill it in.
        self.too_fast = False
        #: None for someone not signed in (they type any address); otherwise their verified addresses,
        #: the only ones they may use: an enquiry made in an account must not carry someone else's
        #: address, or it would show in two accounts and its replies reach the wrong person.
        self.reply_addresses: list[str] | None = None
        if getattr(user, "is_authenticated", False):
            self.reply_addresses = selectors.verified_emails(user)
            self.fields["email"] = self._reply_address_field(self.reply_addresses)

    #: The answers that describe the request (services.enquiry_submit's keyword arguments).
    ENQUIRY_FIELDS = (
        "who",
        "pathway",
        "nation",
        "profession",
        "topic",
        "hcpc_number",
        "subject",
        "name",
        "email",
    )

    def enquiry_fields(self) -> dict:
        """The cleaned answers that make the enquiry, by the service's argument names."""
        return {name: self.cleaned_data.get(name) for name in self.ENQUIRY_FIELDS}

    @property
    def needs_verified_address(self) -> bool:
        """Signed in without any verified address: nothing can be sent until they verify one."""
        return self.reply_addresses == []

    @staticmethod
    def _reply_address_field(addresses: list[str]) -> ReplyAddressField:
        other = reverse("account_email")
        if not addresses:
            problem = (
                "Verify your email address first: we can only reply to an address verified in your account"
            )
            return ReplyAddressField(
                label="Your email address",
                choices=[],
                error_messages={"required": problem, "invalid_choice": problem},
            )
        several = len(addresses) > 1
        return ReplyAddressField(
            label="Your email address",
            choices=[(address, address) for address in addresses],
            initial=addresses[0],
            widget=forms.RadioSelect if several else OneAddressInput(addresses[0]),
            # One address is shown as text, with its own words (and no hint), by its own template.
            template_name=None if several else "enquiries/reply_address_field.html",
            help_text=format_html(
                'We will reply to the address you choose. To use another, <a href="{}">add and verify it in'
                " your account</a> first.",
                other,
            )
            if several
            else "",
            error_messages={
                "required": "Choose the email address we should reply to",
                "invalid_choice": (
                    "We can only reply to an email address you have verified in your account. To use "
                    "another address, add and verify it first"
                ),
            },
        )

    def clean_hcpc_number(self):
        value = re.sub(r"[\s-]", "", self.cleaned_data.get("hcpc_number", "")).upper()
        if value and not HCPC_NUMBER.match(value):
            raise forms.ValidationError("Enter an HCPC number in the right format, like RA12345")
        return value

    def clean_name(self):
        # No line breaks or control characters: the name goes into email headers and greetings.
        value = " ".join(self.cleaned_data["name"].split())
        if not value:
            raise forms.ValidationError("Enter your name")
        return value

    def clean_subject(self):
        value = " ".join(self.cleaned_data["subject"].split())
        if not value:
            raise forms.ValidationError("Enter your question in a sentence")
        return value

    def clean_question(self):
        value = self.cleaned_data["question"].replace("\x00", "").strip()
        if not value:
            raise forms.ValidationError("Tell us more about your question")
        return value

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()

    def clean_attachments(self):
        try:
            return validate_uploads(self.cleaned_data.get("attachments") or [])
        except forms.ValidationError as error:
            raise forms.ValidationError(error.messages) from error

    def clean_form_token(self):
        token = self.cleaned_data["form_token"]
        signer = signing.TimestampSigner(salt=FORM_SALT)
        try:
            signer.unsign(token, max_age=MAX_FORM_AGE_SECONDS)
        except signing.SignatureExpired as exc:
            raise forms.ValidationError(
                "This form has expired. Please check your answers and send it again."
            ) from exc
        except signing.BadSignature as exc:
            raise forms.ValidationError("Something went wrong with the form. Please send it again.") from exc
        try:
            signer.unsign(token, max_age=MIN_FILL_SECONDS)
        except signing.SignatureExpired:
            return token
        self.too_fast = True
        return token

    def clean(self):
        cleaned = super().clean()
        slug = WHO_TO_PATHWAY.get(cleaned.get("who"))
        cleaned["pathway"] = Pathway.objects.filter(slug=slug).first() if slug else None
        return cleaned


class EnquirerReplyForm(PublicForm):
    body = forms.CharField(
        label="Your reply",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": "Write your reply"},
    )
    attachments = MultipleFileField(
        label="Attach files (optional)",
        required=False,
        help_text=f"Up to {MAX_FILES} files, 10 MB each: PDF, Word (DOCX), JPG or PNG.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.files:
            self.set_display("attachments", "notice", "Please choose your files again.")

    def clean_body(self):
        value = self.cleaned_data["body"].replace("\x00", "").strip()
        if not value:
            raise forms.ValidationError("Write your reply")
        return value

    def clean_attachments(self):
        try:
            return validate_uploads(self.cleaned_data.get("attachments") or [])
        except forms.ValidationError as error:
            raise forms.ValidationError(error.messages) from error
