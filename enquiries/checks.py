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
