"""Deployment checks (`manage.py check --deploy`) for email in and out."""

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register


@register(Tags.security, deploy=True)
def inbound_webhooks_are_authenticated(app_configs, **kwargs):
    """Without a webhook secret the webhooks at /anymail/ refuse every post (enquiries.mail.webhooks: they
    fail closed, since anyone could otherwise post a forged 'reply' or 'bounce'), so no reply and no
    delivery event would arrive."""
    from enquiries.mail.webhooks import webhook_secrets

    if webhook_secrets():
        return []
    return [
        Error(
            "ANYMAIL_WEBHOOK_SECRET is not set, so the email webhooks at /anymail/ refuse every request: "
            "replies and delivery events from the email provider are lost.",
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


@register(Tags.security, deploy=True)
def webhook_replays_are_remembered_by_every_process(app_configs, **kwargs):
    """The webhooks remember each Mailgun token and SNS message id they accept for a while, so that a
    replay is refused (enquiries.mail.webhooks.remember), in Django's cache. A local-memory cache is one
    per process: a replay sent to another gunicorn worker would not be recognised there."""
    from enquiries.mail.webhooks import webhook_providers

    backend = str(settings.CACHES.get("default", {}).get("BACKEND", ""))
    if not webhook_providers() or not backend.endswith(("LocMemCache", "DummyCache")):
        return []
    return [
        Warning(
            "The email webhooks remember the signatures they have seen in a cache that each process "
            "keeps to itself, so a replayed webhook can be accepted by another process.",
            hint="Set REDIS_URL, so that every process shares one cache (sessions and rate limits need "
            "it too as soon as there is more than one process).",
            id="enquiries.W003",
        )
    ]


@register(Tags.urls)
def webhook_providers_have_webhooks(app_configs, **kwargs):
    """ANYMAIL_ESP names the provider whose webhooks are mounted: a name anymail has no webhooks for
    mounts nothing, and every reply and delivery event would get 404."""
    from enquiries.mail.webhooks import anymail_providers, webhook_providers

    unknown = sorted(set(webhook_providers()) - anymail_providers())
    if not unknown:
        return []
    return [
        Warning(
            f"No email webhooks are mounted for {', '.join(unknown)} (ANYMAIL_ESP): anymail has none by "
            "that name, so replies and delivery events sent to /anymail/ get 404.",
            hint=f"Use one of: {', '.join(sorted(anymail_providers()))}.",
            id="enquiries.W004",
        )
    ]
