"""allauth's account forms in the portal's words (ACCOUNT_FORMS in settings).

allauth's forms say "This field is required." for every empty field, so a sign-up sent empty shows the
same sentence three times in the error summary, and the sign-in form offers "Remember Me". These
subclasses keep allauth's behaviour (validation, rate limits, enumeration protection) and change only
labels and messages, following the portal's pattern: each message says what to do about that field
("Enter your email address", "Enter a password"). A mixin rather than templates, because the words
live on the form fields that the error summary and the NHS.UK field template both read.
"""

from __future__ import annotations

from django.contrib.auth.hashers import make_password
from django.core.validators import MaxLengthValidator

from allauth.account.forms import (
    AddEmailForm,
    ChangePasswordForm,
    LoginForm,
    RequestLoginCodeForm,
    ResetPasswordForm,
    ResetPasswordKeyForm,
    SignupForm,
)
from allauth.account.forms import (
    ReauthenticateForm as PasswordReauthenticateForm,
)
from allauth.mfa.base.forms import AuthenticateForm, ReauthenticateForm

EMAIL_MAX_LENGTH = 254  # RFC 5321's limit on a path, and the user table's column
EMAIL_TOO_LONG = f"Email address must be {EMAIL_MAX_LENGTH} characters or fewer"
EMAIL_FORMAT = "Enter an email address in the correct format, like name@example.com"
MISMATCH = "You must type the same password each time."  # allauth's own words, replaced below
PASSWORDS_DIFFER = "The passwords do not match: type the same password in both boxes"

#: field name -> (label, message when empty)
WORDING = {
    "email": ("Email address", "Enter your email address"),
    "login": ("Email address", "Enter your email address"),
    "password": ("Password", "Enter your password"),
    "oldpassword": ("Current password", "Enter your current password"),
    "password1": ("Password", "Enter a password"),
    "password2": ("Type the password again", "Type the password again to confirm it"),
    "remember": ("Keep me signed in on this device", None),
    "code": ("Code from your authenticator app", "Enter the 6-digit code from your authenticator app"),
}


class PortalWordingMixin:
    """Relabel the fields this form has and give each its own 'required' and 'invalid' message."""

    wording = WORDING

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            label, required = self.wording.get(name, (None, None))
            if label:
                field.label = label
            if required:
                field.error_messages["required"] = required
            if name in {"email", "login"}:
                field.error_messages["invalid"] = EMAIL_FORMAT
                # allauth's email fields have no length limit: a 300-character address passed sign-up
                # (and would overflow the user table's 254-character column on PostgreSQL).
                field.max_length = EMAIL_MAX_LENGTH
                field.widget.attrs["maxlength"] = str(EMAIL_MAX_LENGTH)
                field.validators.append(MaxLengthValidator(EMAIL_MAX_LENGTH, EMAIL_TOO_LONG))
            # allauth sets placeholders; the portal uses labels and hints instead.
            field.widget.attrs.pop("placeholder", None)

    def clean(self):
        cleaned = super().clean()
        for name in ("password2", "password1"):
            errors = self.errors.get(name)
            if errors and MISMATCH in errors:
                self.errors[name] = self.error_class(
                    [PASSWORDS_DIFFER if error == MISMATCH else error for error in errors]
                )
        return cleaned


class PortalLoginForm(PortalWordingMixin, LoginForm):
    pass


class PortalSignupForm(PortalWordingMixin, SignupForm):
    def try_save(self, request):
        """For an address that already has an account allauth makes nothing and only emails its owner,
        answering with the same page as a real sign-up but without hashing the password: a third of a
        second sooner, enough to tell which addresses have accounts. Hash it anyway, and throw it away."""
        if self.account_already_exists:
            make_password(self.cleaned_data.get("password1"))
        return super().try_save(request)


class PortalResetPasswordForm(PortalWordingMixin, ResetPasswordForm):
    pass


class PortalResetPasswordKeyForm(PortalWordingMixin, ResetPasswordKeyForm):
    wording = {**WORDING, "password1": ("New password", "Enter a new password")}


class PortalChangePasswordForm(PortalWordingMixin, ChangePasswordForm):
    wording = {**WORDING, "password1": ("New password", "Enter a new password")}


class PortalAddEmailForm(PortalWordingMixin, AddEmailForm):
    pass


class PortalRequestLoginCodeForm(PortalWordingMixin, RequestLoginCodeForm):
    pass


class PortalReauthenticateForm(PortalWordingMixin, PasswordReauthenticateForm):
    pass


class PortalMFAAuthenticateForm(PortalWordingMixin, AuthenticateForm):
    pass


class PortalMFAReauthenticateForm(PortalWordingMixin, ReauthenticateForm):
    pass
