"""Deployment checks (`manage.py check --deploy`) for email in and out."""

from django.conf import settings
from django.core.checks import Error, Tags, register


@register(Tags.security, deploy=True)
def inbound_webhooks_are_authenticated(app_configs, **kwargs):
    """Without a webhook secret anyone could post a forged 'reply' or 'bounce' to /anymail/."""
    anymail = getattr(settings, "ANYMAIL", {}) or {}
    if anymail.get("WEBHOOK_SECRET"):
        return []
    return [
        Error(
            "ANYMAIL_WEBHOOK_SECRET is not set, so the email webhooks at /anymail/ accept forged requests.",
            hint="Set ANYMAIL_WEBHOOK_SECRET to 'user:long-random-password' and use it in the provider's "
            "webhook URLs.",
            id="enquiries.E001",
        )
    ]


@register(Tags.security, deploy=True)
def mailgun_webhooks_are_signed(app_configs, **kwargs):
    """anymail checks Mailgun's signature on every webhook and fails every one without the key."""
    anymail = getattr(settings, "ANYMAIL", {}) or {}
    uses_mailgun = anymail.get("ESP") == "mailgun" or "mailgun" in getattr(settings, "EMAIL_BACKEND", "")
    if not uses_mailgun or anymail.get("MAILGUN_WEBHOOK_SIGNING_KEY"):
        return []
    return [
        Error(
            "Mailgun is the email provider but ANYMAIL_MAILGUN_WEBHOOK_SIGNING_KEY is not set, so every "
            "Mailgun webhook (replies and delivery events) would be refused.",
            hint="Copy the HTTP webhook signing key from Mailgun's dashboard into "
            "ANYMAIL_MAILGUN_WEBHOOK_SIGNING_KEY.",
            id="enquiries.E002",
        )
    ]
