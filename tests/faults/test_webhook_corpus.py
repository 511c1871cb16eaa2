"""A hostile webhook corpus: every request here is refused with a 4xx, stores nothing, and is never a 500.

The providers the test settings configure (portal/settings/test.py) are Postmark, Mailgun and Amazon
SES, each with an inbound and a tracking webhook: six hooks. Every request is aimed at a world where it
would do harm if it were accepted: an enquiry an adviser has answered by email (a forged reply to its
signed reply address would be threaded as the enquirer's own message) and the enquirer's
acknowledgement sent through the provider (a forged hard bounce would put the enquirer's address on
the suppression list and stop every email to them).

The corpus: no credentials, wrong credentials, credentials in the wrong scheme, a wrong or missing
signature, a request dressed as the provider, a stale or future timestamp, a replay (as it was, and
with new content under the old signature), a body over the size limit, malformed bodies (not JSON,
JSON of the wrong shape, a form where JSON is expected, missing fields, undecodable content, broken
MIME fields, the other webhook's event), and posts while the webhooks are switched off (no
ANYMAIL_WEBHOOK_SECRET) or while the provider's own key is missing. Postmark signs nothing with a time,
so it has no stale or replay case here: a replayed Postmark post is recognised by its Message-ID or
event and changes nothing (tests at the end). The controls at the top post the same builders with the
right credentials and show them accepted, so each refusal below is the attack's doing.

A spoofed *email* sender (a From header naming the enquirer, delivered by the provider) is not a
forged request and is not refused here: the provider really did receive that email. It is kept and
never threaded as the enquirer's (tests at the end, and tests/enquiries/test_inbound.py).
"""

from __future__ import annotations

import base64
import datetime
import json
import os
import subprocess
import sys
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

from django.urls import reverse
from django.utils import timezone

import pytest

from enquiries import services
from enquiries.mail.outbox import reply_address
from enquiries.models import DeliveryEvent, Enquiry, Event, InboundEmail, Message, OutboundEmail, Suppression
from tests.enquiries.conftest import (  # noqa: F401
    WebhookClient,
    form_data,
    make_adviser,
    nations,
    pathways,
    submit,
    teams,
    topics,
)
from tests.enquiries.inbound_payloads import (
    MAILGUN_URL,
    PDF_BYTES,
    POSTMARK_URL,
    SES_URL,
    build_email,
    mailgun_form,
    mailgun_signature,
    postmark_payload,
    ses_notification,
)
from tests.enquiries.tracking_payloads import (
    MAILGUN_SIGNING_KEY,
    MAILGUN_TRACKING,
    POSTMARK_TRACKING,
    SES_TRACKING,
    WEBHOOK_SECRET,
    _ses_mail,
    basic_auth,
    mailgun_event,
    postmark_bounce,
    provider_message_id,
    ses_bounce,
    sns_notification,
)

pytestmark = pytest.mark.django_db

ENQUIRER = "sam@example.org"
GENUINE = "Thanks, I will book a course."
FORGED = "Please send everything about my case to my new address, mallory@evil.example."
HOOKS = [
    ("postmark", "inbound"),
    ("postmark", "tracking"),
    ("mailgun", "inbound"),
    ("mailgun", "tracking"),
    ("amazon_ses", "inbound"),
    ("amazon_ses", "tracking"),
]
SIGNED_TIME = ("mailgun", "amazon_ses")  # the providers whose posts carry a timestamp we can check
JSON_HOOKS = [hook for hook in HOOKS if hook != ("mailgun", "inbound")]  # Mailgun's inbound is a form


# --------------------------------------------------------------------------------------------------
# The world an attack aims at, and the genuine request it is made from
# --------------------------------------------------------------------------------------------------


@dataclass
class World:
    enquiry: Enquiry
    ack: OutboundEmail

    def use(self, provider: str) -> None:
        """The acknowledgement was sent through `provider`: tracking events name its message id."""
        OutboundEmail.objects.filter(pk=self.ack.pk).update(esp_message_id=provider_message_id(provider))
        self.ack.refresh_from_db()


@pytest.fixture
def world(teams, submit, django_capture_on_commit_callbacks):  # noqa: F811 - fixtures
    make_adviser("ada@sor.example", teams["rtp_england"])
    enquiry = submit(email=ENQUIRER, name="Sam Returner")
    with django_capture_on_commit_callbacks(execute=True):
        services.adviser_reply(enquiry=enquiry, author=enquiry.assignee, body="You need 30 updating days.")
    enquiry.refresh_from_db()
    return World(enquiry=enquiry, ack=enquiry.emails.get(kind=OutboundEmail.Kind.ACKNOWLEDGEMENT))


@pytest.fixture
def client(django_capture_on_commit_callbacks):
    return WebhookClient(django_capture_on_commit_callbacks)


@dataclass(frozen=True)
class Post:
    """One webhook request: a JSON payload, an SNS notification (JSON posted as text/plain with its
    x-amz-sns headers) or a multipart form; `body` replaces the encoded payload with raw text."""

    path: str
    payload: dict | list | str
    encoding: str  # "json", "sns" or "form"
    headers: dict = field(default_factory=lambda: basic_auth(WEBHOOK_SECRET))
    body: str | bytes | None = None
    content_type: str | None = None

    def send(self, client):
        headers = dict(self.headers)
        if self.encoding == "sns" and isinstance(self.payload, dict):
            headers.setdefault("HTTP_X_AMZ_SNS_MESSAGE_TYPE", str(self.payload.get("Type")))
            headers.setdefault("HTTP_X_AMZ_SNS_MESSAGE_ID", str(self.payload.get("MessageId")))
        if self.body is not None:
            return client.post(self.path, data=self.body, content_type=self.content_type, **headers)
        if self.encoding == "form":
            return client.post(self.path, data=self.payload, **headers)
        content_type = "application/json" if self.encoding == "json" else "text/plain; charset=UTF-8"
        return client.post(self.path, data=json.dumps(self.payload), content_type=content_type, **headers)


def reply(world: World, *, text: str = GENUINE, attachments=()) -> object:
    return build_email(
        sender=f"Sam Returner <{ENQUIRER}>",
        to=reply_address(world.enquiry),
        subject=f"Re: Your request {world.enquiry.reference}",
        text=text,
        attachments=attachments,
    )


def build(
    hook,
    world: World,
    *,
    text: str = GENUINE,
    event: str = "bounce",
    signed_at: float | None = None,
    token: str | None = None,
    signing_key: str = MAILGUN_SIGNING_KEY,
    published: datetime.datetime | None = None,
    sns_id: str | None = None,
    padding: int = 0,
) -> Post:
    """The genuine request of `hook`: the enquirer's reply (inbound), or a hard bounce of their
    acknowledgement (tracking; `event="opened"` for a harmless open). `padding` bytes make it large."""
    provider, kind = hook
    now = timezone.now()
    attachments = [("scan.pdf", "application/pdf", PDF_BYTES + b"0" * padding)] if padding else []
    if kind == "inbound":
        email = reply(world, text=text, attachments=attachments)
        if provider == "postmark":
            return Post(POSTMARK_URL, postmark_payload(email), "json")
        if provider == "mailgun":
            form = mailgun_form(email, signed_at=signed_at, token=token, signing_key=signing_key)
            return Post(MAILGUN_URL, form, "form")
        notification = ses_notification(email, at=published)
        if sns_id:
            notification["MessageId"] = sns_id
        return Post(SES_URL, notification, "sns")
    world.use(provider)
    message_id = world.ack.esp_message_id
    if provider == "postmark":
        payload = postmark_bounce(message_id=message_id, recipient=ENQUIRER, at=now)
        payload["Content"] += "x" * padding
        return Post(POSTMARK_TRACKING, payload, "json")
    if provider == "mailgun":
        options = {"severity": "permanent", "reason": "bounce"} if event == "bounce" else {}
        payload = mailgun_event(
            event="failed" if event == "bounce" else event,
            message_id=message_id.strip("<>"),
            recipient=ENQUIRER,
            at=now,
            token=token,
            signing_key=signing_key,
            signed_at=signed_at,
            **options,
        )
        payload["event-data"]["padding"] = "x" * padding
        return Post(MAILGUN_TRACKING, payload, "json")
    if event == "bounce":
        ses_event = ses_bounce(message_id=message_id, recipient=ENQUIRER, at=now)
    else:
        ses_event = {
            "eventType": "Open",
            "mail": _ses_mail(message_id=message_id, recipient=ENQUIRER, at=now),
            "open": {"ipAddress": "192.0.2.1", "timestamp": now.isoformat(), "userAgent": "Mail"},
        }
    ses_event["padding"] = "x" * padding
    return Post(SES_TRACKING, sns_notification(ses_event, at=published or now, sns_id=sns_id), "sns")


def stored() -> dict:
    """Everything a webhook could write, directly or through what it triggers."""
    return {
        "inbound emails": InboundEmail.objects.count(),
        "messages": Message.objects.count(),
        "delivery events": DeliveryEvent.objects.count(),
        "suppressions": Suppression.objects.count(),
        "enquiry events": Event.objects.count(),
        "emails": OutboundEmail.objects.count(),
        "delivery states": sorted(OutboundEmail.objects.values_list("pk", "delivery")),
        "enquiries": sorted(Enquiry.objects.values_list("pk", "status")),
    }


# --------------------------------------------------------------------------------------------------
# Controls: the genuine requests are accepted
# --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("hook", HOOKS, ids=lambda hook: "-".join(hook))
def test_control_the_genuine_request_is_accepted(hook, world, client):
    response = build(hook, world).send(client)

    assert response.status_code == 200, response.content
    if hook[1] == "inbound":
        assert InboundEmail.objects.get().status == InboundEmail.Status.THREADED
    else:
        assert Suppression.objects.filter(email=ENQUIRER).exists()


# --------------------------------------------------------------------------------------------------
# The corpus
# --------------------------------------------------------------------------------------------------


def without(headers: dict, *names: str) -> dict:
    return {key: value for key, value in headers.items() if key not in names}


def unsigned(post: Post) -> Post:
    """No credentials at all: no basic auth and, for Mailgun, no signature."""
    payload = post.payload
    if post.path.startswith("/anymail/mailgun/"):
        if post.encoding == "form":
            payload = without(payload, "timestamp", "token", "signature")
        else:
            payload = without(payload, "signature")
    return replace(post, payload=payload, headers={})


def credentials(value: str) -> Callable[[Post], Post]:
    return lambda post: replace(post, headers={"HTTP_AUTHORIZATION": value})


def mailgun_signature_of_another_token(post: Post) -> Post:
    payload = (
        json.loads(json.dumps(post.payload, default=str)) if post.encoding == "json" else dict(post.payload)
    )
    other = uuid.uuid4().hex * 2
    if post.encoding == "json":
        payload["signature"]["token"] = other
    else:
        payload["token"] = other
    return replace(post, payload=payload)


def mailgun_without_signature(post: Post) -> Post:
    if post.encoding == "json":
        return replace(post, payload=without(post.payload, "signature"))
    return replace(post, payload=without(post.payload, "timestamp", "token", "signature"))


def sns_headers(**headers) -> Callable[[Post], Post]:
    return lambda post: replace(post, headers={**post.headers, **headers})


def dressed_as_the_provider(post: Post) -> Post:
    """What a provider's post looks like from outside (its user agent, an address of its range, SNS's
    headers), without the secret."""
    agents = {
        "postmark": "Postmark",
        "mailgun": "mailgun/treq-16.12.0",
        "amazon_ses": "Amazon Simple Notification Service Agent",
    }
    provider = post.path.split("/")[2]
    return replace(
        unsigned(post),
        headers={"HTTP_USER_AGENT": agents[provider], "HTTP_X_FORWARDED_FOR": "3.134.147.250"},
    )


def raw(body: str | bytes, content_type: str = "application/json") -> Callable[[Post], Post]:
    return lambda post: replace(post, body=body, content_type=content_type)


def as_form(post: Post) -> Post:
    """The JSON posted as a multipart form of its top-level fields (the wrong encoding)."""
    fields = {
        key: json.dumps(value) if not isinstance(value, str) else value for key, value in post.payload.items()
    }
    return replace(post, payload=fields, encoding="form")


def payload_change(change: Callable[[object], object]) -> Callable[[Post], Post]:
    def apply(post: Post) -> Post:
        return replace(post, payload=change(json.loads(json.dumps(post.payload, default=str))))

    return apply


def sns_message_change(change: Callable[[dict], object]) -> Callable[[dict], dict]:
    """Change the SES event inside an SNS notification (its Message is a JSON string)."""

    def apply(notification: dict) -> dict:
        notification["Message"] = change(json.loads(notification["Message"]))
        if not isinstance(notification["Message"], str):
            notification["Message"] = json.dumps(notification["Message"])
        return notification

    return apply


def dropping(*names: str) -> Callable[[dict], dict]:
    return lambda payload: {key: value for key, value in payload.items() if key not in names}


def setting(key: str, value) -> Callable[[dict], dict]:
    def apply(payload: dict) -> dict:
        payload[key] = value
        return payload

    return apply


def mailgun_signed_field(name: str, value: str) -> Callable[[Post], Post]:
    """A Mailgun form with `name` changed and signed again with the right key (a garbled but signed
    post: only Mailgun could send it, so it tests the parsing, not the signature)."""

    def apply(post: Post) -> Post:
        payload = {**post.payload, name: value}
        payload["signature"] = mailgun_signature(payload["timestamp"], payload["token"], MAILGUN_SIGNING_KEY)
        return replace(post, payload=payload)

    return apply


def other_webhooks_event(post: Post) -> Post:
    """The tracking webhook's event posted to the inbound webhook, and the other way round."""
    other = {
        POSTMARK_URL: POSTMARK_TRACKING,
        POSTMARK_TRACKING: POSTMARK_URL,
        MAILGUN_URL: MAILGUN_TRACKING,
        MAILGUN_TRACKING: MAILGUN_URL,
        SES_URL: SES_TRACKING,
        SES_TRACKING: SES_URL,
    }
    return replace(post, path=other[post.path])


def mailgun_timestamp(value: str) -> Callable[[Post], Post]:
    """A Mailgun post whose timestamp is `value`, signed with the right key: only Mailgun could send
    it, so it tests how the timestamp is read, not the signature."""

    def apply(post: Post) -> Post:
        if post.encoding == "form":
            return mailgun_signed_field("timestamp", value)(post)
        payload = json.loads(json.dumps(post.payload))
        block = payload["signature"]
        block["timestamp"] = value
        block["signature"] = mailgun_signature(value, block["token"], MAILGUN_SIGNING_KEY)
        return replace(post, payload=payload)

    return apply


def signature_of(post: Post) -> dict:
    """The options that make build() sign a new request exactly as `post` was signed."""
    payload = post.payload
    if post.path.startswith("/anymail/mailgun/"):
        block = payload if post.encoding == "form" else payload["signature"]
        return {"token": block["token"], "signed_at": float(block["timestamp"])}
    return {
        "sns_id": payload["MessageId"],
        "published": datetime.datetime.fromisoformat(payload["Timestamp"]),
    }


@dataclass(frozen=True)
class Attack:
    name: str
    hooks: list
    status: int | dict  # the answer, or {provider: answer}
    change: Callable[[Post], Post] = lambda post: post
    build: dict = field(default_factory=dict)  # options for build(); a callable is called first
    replay: str = ""  # "as it was" or "new content": a genuine post goes first
    configure: Callable[[object], None] | None = None  # settings changes

    def expected(self, provider: str) -> int:
        return self.status[provider] if isinstance(self.status, dict) else self.status

    def options(self) -> dict:
        return {key: value() if callable(value) else value for key, value in self.build.items()}


def no_webhook_secret(settings):
    settings.ANYMAIL = without(settings.ANYMAIL, "WEBHOOK_SECRET")


def empty_webhook_secret(settings):
    settings.ANYMAIL = {**settings.ANYMAIL, "WEBHOOK_SECRET": ""}


def no_mailgun_signing_key(settings):
    settings.ANYMAIL = without(settings.ANYMAIL, "MAILGUN_WEBHOOK_SIGNING_KEY", "MAILGUN_API_KEY")


def small_body_limit(settings):
    settings.INBOUND_WEBHOOK_MAX_BYTES = 64 * 1024


def shifted(**delta) -> dict:
    """build() options for a request signed (Mailgun) or published (SNS) `delta` from now."""
    return {
        "signed_at": lambda: time.time() + datetime.timedelta(**delta).total_seconds(),
        "published": lambda: timezone.now() + datetime.timedelta(**delta),
    }


def hooks_of(*providers: str, kind: str = "") -> list:
    return [hook for hook in HOOKS if hook[0] in providers and (not kind or hook[1] == kind)]


def _basic(text: str) -> str:
    return "Basic " + base64.b64encode(text.encode()).decode()


UNSIGNED = {"postmark": 400, "mailgun": 400, "amazon_ses": 401}  # SNS needs the 401 challenge
MAILGUN, SES = hooks_of("mailgun"), hooks_of("amazon_ses")
TIMED = hooks_of(*SIGNED_TIME)
NO_BODY_MIME = lambda post: replace(post, payload=without(post.payload, "body-mime"))  # noqa: E731
SES_EVENT = sns_message_change

ATTACKS = [
    # Credentials
    Attack("unsigned", HOOKS, UNSIGNED, unsigned),
    Attack("wrong password", HOOKS, 400, credentials(_basic("anymail-test:guessed"))),
    Attack("empty credentials", HOOKS, 400, credentials(_basic(":"))),
    Attack("the secret as a bearer token", HOOKS, 400, credentials(f"Bearer {WEBHOOK_SECRET}")),
    Attack("the secret not encoded", HOOKS, 400, credentials(f"Basic {WEBHOOK_SECRET}")),
    Attack("garbled basic auth", HOOKS, 400, credentials("Basic %%%not-base64%%%")),
    Attack("dressed as the provider", HOOKS, UNSIGNED, dressed_as_the_provider),
    # Signatures
    Attack("signed with another key", MAILGUN, 400, build={"signing_key": "guessed-key"}),
    Attack("signature of another token", MAILGUN, 400, mailgun_signature_of_another_token),
    Attack("credentials but no signature", MAILGUN, 400, mailgun_without_signature),
    Attack(
        "SNS type header disagrees",
        SES,
        400,
        sns_headers(HTTP_X_AMZ_SNS_MESSAGE_TYPE="SubscriptionConfirmation"),
    ),
    Attack("SNS id header disagrees", SES, 400, sns_headers(HTTP_X_AMZ_SNS_MESSAGE_ID=str(uuid.uuid4()))),
    # Time: Mailgun signs its timestamp; SNS's Timestamp is in the notification
    Attack("signed three days ago, with new content", TIMED, 403, build={"text": FORGED, **shifted(days=-3)}),
    Attack("sixteen minutes old", TIMED, 403, build=shifted(minutes=-16)),
    Attack("an hour in the future", TIMED, 403, build=shifted(hours=1)),
    Attack("timestamp that is not a number", MAILGUN, 400, mailgun_timestamp("yesterday")),
    Attack("timestamp that is not a finite number", MAILGUN, 400, mailgun_timestamp("1e999")),
    Attack("SNS notification without its timestamp", SES, 400, payload_change(dropping("Timestamp"))),
    Attack("SNS timestamp that is not a time", SES, 400, payload_change(setting("Timestamp", "yesterday"))),
    # Replays: a genuine post first, then its signature (Mailgun's token, SNS's MessageId) again
    Attack("replayed as it was", TIMED, 403, replay="as it was"),
    Attack("replayed with new content", TIMED, 403, build={"text": FORGED}, replay="new content"),
    # Size
    Attack("oversized", HOOKS, 413, build={"padding": 100 * 1024}, configure=small_body_limit),
    # Malformed bodies, with the right credentials (and, for Mailgun, a good signature where it can be read)
    Attack("not JSON", JSON_HOOKS, 400, raw('{"RecordType": "Bounce", ')),
    Attack("not JSON, as SNS posts it", SES, 400, raw("{not json", "text/plain; charset=UTF-8")),
    Attack("JSON but a list", JSON_HOOKS, 400, payload_change(lambda payload: [payload])),
    Attack("JSON but a string", JSON_HOOKS, 400, payload_change(lambda payload: "inbound")),
    Attack("not UTF-8", JSON_HOOKS, 400, raw(b'{"From": "\xff\xfe"}')),
    Attack("a form where JSON belongs", JSON_HOOKS, 400, as_form),
    Attack(
        "JSON where a form belongs", [("mailgun", "inbound")], 400, raw('{"body-mime": "From: a@b.example"}')
    ),
    Attack("an empty body", HOOKS, 400, raw("")),
    Attack("the other webhook's event", HOOKS, 400, other_webhooks_event),
    Attack(
        "Postmark bounce whose type is not a name",
        [("postmark", "tracking")],
        400,
        payload_change(setting("Type", ["HardBounce"])),
    ),
    Attack(
        "Postmark attachment that is not Base64",
        [("postmark", "inbound")],
        400,
        payload_change(
            setting("Attachments", [{"Name": "a.pdf", "ContentType": "application/pdf", "Content": "A"}])
        ),
    ),
    Attack(
        "Postmark raw email that is not text",
        [("postmark", "inbound")],
        400,
        payload_change(setting("RawEmail", 12345)),
    ),
    Attack(
        "Postmark headers that are not pairs",
        [("postmark", "inbound")],
        400,
        payload_change(setting("Headers", ["Subject: hi"])),
    ),
    Attack(
        "Mailgun event without its data",
        [("mailgun", "tracking")],
        400,
        payload_change(dropping("event-data")),
    ),
    Attack(
        "Mailgun event data that is a list",
        [("mailgun", "tracking")],
        400,
        payload_change(setting("event-data", [])),
    ),
    Attack(
        "Mailgun email without any body",
        [("mailgun", "inbound")],
        400,
        lambda post: mailgun_signed_field("attachment-count", "1")(NO_BODY_MIME(post)),
    ),
    Attack(
        "Mailgun attachment count that is not a number",
        [("mailgun", "inbound")],
        400,
        lambda post: mailgun_signed_field("attachment-count", "many")(NO_BODY_MIME(post)),
    ),
    Attack(
        "Mailgun headers that are not JSON",
        [("mailgun", "inbound")],
        400,
        lambda post: mailgun_signed_field("message-headers", "[not json")(NO_BODY_MIME(post)),
    ),
    Attack("SNS notification without its message", SES, 400, payload_change(dropping("Message"))),
    Attack("SNS message that is not JSON", SES, 400, payload_change(setting("Message", "{not json"))),
    Attack(
        "SES email that is not Base64",
        [("amazon_ses", "inbound")],
        400,
        payload_change(SES_EVENT(setting("content", "A"))),
    ),
    Attack(
        "SES receipt without its action",
        [("amazon_ses", "inbound")],
        400,
        payload_change(SES_EVENT(lambda event: {**event, "receipt": {**event["receipt"], "action": {}}})),
    ),
    Attack(
        "SES bounce without its recipients",
        [("amazon_ses", "tracking")],
        400,
        payload_change(SES_EVENT(lambda event: {**event, "bounce": {"bounceType": "Permanent"}})),
    ),
    # Switched off
    Attack("webhooks off: no ANYMAIL_WEBHOOK_SECRET", HOOKS, 403, configure=no_webhook_secret),
    Attack("webhooks off: an empty ANYMAIL_WEBHOOK_SECRET", HOOKS, 403, configure=empty_webhook_secret),
    Attack("Mailgun without its signing key", MAILGUN, 403, configure=no_mailgun_signing_key),
]
CORPUS = [
    pytest.param(hook, attack, id=f"{hook[0]}-{hook[1]}-{attack.name}")
    for attack in ATTACKS
    for hook in attack.hooks
]


@pytest.mark.parametrize(("hook", "attack"), CORPUS)
def test_a_hostile_webhook_is_refused_and_stores_nothing(hook, attack, world, client, settings):
    if attack.configure:
        attack.configure(settings)
    if attack.replay:
        # As it was: the genuine post (a reply, a bounce) again. New content: after an open (which
        # changes nothing) or a reply, its signature on a forged reply or bounce.
        first = build(hook, world, event="bounce" if attack.replay == "as it was" else "opened")
        assert first.send(client).status_code == 200
        post = (
            first
            if attack.replay == "as it was"
            else build(hook, world, **attack.options(), **signature_of(first))
        )
    else:
        post = attack.change(build(hook, world, **attack.options()))
    before = stored()

    response = post.send(client)

    assert response.status_code == attack.expected(hook[0]), response.content
    assert stored() == before


def test_the_corpus_covers_every_configured_hook_with_every_kind_of_attack():
    assert len(CORPUS) >= 100
    for hook in HOOKS:
        names = {attack.name for attack in ATTACKS if hook in attack.hooks}
        assert {
            "unsigned",
            "wrong password",
            "dressed as the provider",
            "oversized",
            "an empty body",
        } <= names
        assert {"webhooks off: no ANYMAIL_WEBHOOK_SECRET", "the other webhook's event"} <= names
        if hook[0] in SIGNED_TIME:
            assert {"signed three days ago, with new content", "replayed with new content"} <= names


# --------------------------------------------------------------------------------------------------
# Around the corpus: what is mounted, what "off" says, and what is accepted on purpose
# --------------------------------------------------------------------------------------------------


def _unmounted_routes() -> list:
    from anymail import urls as anymail_urls

    routes = []
    for pattern in anymail_urls.urlpatterns:
        route = str(pattern.pattern).removeprefix("^").removesuffix("$").replace("(_mime)?", "_mime")
        if route.split("/", 1)[0] not in {"postmark", "mailgun", "amazon_ses"}:
            routes.append(f"/anymail/{route}")
    return routes


@pytest.mark.parametrize("route", _unmounted_routes())
def test_a_provider_that_is_not_configured_has_no_webhooks(route, client):
    """anymail knows many providers; only the configured ones are mounted. The others used to answer
    500 to any post (anymail raises without their keys)."""
    assert client.post(route, data="{}", content_type="application/json", **basic_auth()).status_code == 404
    assert stored()["inbound emails"] == 0


def test_only_the_configured_providers_are_mounted_with_anymails_own_views_and_names(settings):
    from anymail.webhooks.mailgun import MailgunInboundWebhookView
    from anymail.webhooks.postmark import PostmarkInboundWebhookView, PostmarkTrackingWebhookView

    from enquiries.mail.webhooks import webhook_urlpatterns

    settings.ANYMAIL_WEBHOOK_PROVIDERS = ["postmark"]
    patterns = webhook_urlpatterns()
    assert [pattern.name for pattern in patterns] == ["postmark_inbound_webhook", "postmark_tracking_webhook"]
    assert issubclass(patterns[0].callback.view_class, PostmarkInboundWebhookView)
    assert issubclass(patterns[1].callback.view_class, PostmarkTrackingWebhookView)
    [mailgun_inbound] = [p for p in webhook_urlpatterns(["mailgun"]) if p.name == "mailgun_inbound_webhook"]
    assert issubclass(mailgun_inbound.callback.view_class, MailgunInboundWebhookView)
    assert mailgun_inbound.resolve("mailgun/inbound_mime/") and mailgun_inbound.resolve("mailgun/inbound/")
    assert webhook_urlpatterns([]) == []
    assert reverse("anymail:amazon_ses_tracking_webhook") == "/anymail/amazon_ses/tracking/"


def test_webhooks_that_are_off_say_how_to_turn_them_on(world, client, settings):
    no_webhook_secret(settings)
    response = build(("postmark", "inbound"), world).send(client)
    assert response.status_code == 403
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert "ANYMAIL_WEBHOOK_SECRET" in response.content.decode()
    # A GET is still "method not allowed", and a provider's HEAD check still answers.
    assert client.get(POSTMARK_URL).status_code == 405


def test_mailgun_without_its_signing_key_is_refused_not_a_server_error(world, client, settings):
    no_mailgun_signing_key(settings)
    response = build(("mailgun", "tracking"), world).send(client)
    assert response.status_code == 403
    assert "Mailgun webhooks are off" in response.content.decode()
    assert client.get(MAILGUN_TRACKING).status_code == 405


PROJECT_ROOT = Path(__file__).resolve().parents[2]


def _post_under_dev_settings(**env) -> str:
    """Post a Postmark inbound event under portal.settings.dev (with `env`) in a fresh interpreter: its
    status and text, or "not mounted" when /anymail/postmark/ is not anymail's."""
    script = (
        "import django; django.setup()\n"
        "from django.test import Client\n"
        "from django.urls import resolve\n"
        "url = '/anymail/postmark/inbound/'\n"
        "if resolve(url).namespace != 'anymail':\n"
        "    print('not mounted')\n"
        "else:\n"
        "    response = Client().post(url, data='{}', content_type='application/json',"
        " HTTP_AUTHORIZATION='Basic YTpi')\n"
        "    print(response.status_code, response.content.decode().strip())\n"
    )
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("ANYMAIL_") and key not in {"DJANGO_SETTINGS_MODULE", "SECRET_KEY", "DEBUG"}
    }
    environment.update(
        DJANGO_SETTINGS_MODULE="portal.settings.dev",
        DATABASE_URL="sqlite://:memory:",
        ALLOWED_HOSTS="testserver",
        **env,
    )
    result = subprocess.run(  # noqa: S603 - our own interpreter, a fixed script
        [sys.executable, "-c", script],
        cwd=PROJECT_ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1]


def test_the_development_settings_refuse_webhooks_until_a_secret_is_set():
    """`make run` starts portal.settings.dev without a webhook secret: nothing is let through."""
    assert _post_under_dev_settings(ANYMAIL_ESP="postmark").startswith("403 Email webhooks are off")
    assert _post_under_dev_settings() == "not mounted"  # no provider named


@pytest.mark.parametrize("hook", hooks_of(*SIGNED_TIME), ids=lambda hook: "-".join(hook))
def test_a_post_fourteen_minutes_old_is_still_accepted(hook, world, client):
    """Clocks drift and providers queue: the window is 15 minutes either way."""
    response = build(
        hook,
        world,
        signed_at=time.time() - 14 * 60,
        published=timezone.now() - datetime.timedelta(minutes=14),
    ).send(client)
    assert response.status_code == 200, response.content


@pytest.mark.parametrize("hook", hooks_of("postmark"), ids=lambda hook: "-".join(hook))
def test_a_replayed_postmark_post_is_recognised_and_changes_nothing(hook, world, client):
    """Postmark signs no timestamp, so a replay cannot be told from the provider's own retry: it is
    answered 200 (Postmark would retry anything else) and de-duplicated by its Message-ID or event."""
    post = build(hook, world)
    assert post.send(client).status_code == 200
    before = stored()
    assert post.send(client).status_code == 200
    assert stored() == before


def test_a_readable_event_of_a_kind_we_do_not_track_is_answered_200_and_changes_nothing(world, client):
    """Not malformed: anymail reads it as an unknown event (a new Postmark record type, say). It is
    acknowledged, so the provider does not retry it for ever, and it changes nothing."""
    post = payload_change(dropping("RecordType", "Type"))(build(("postmark", "tracking"), world))
    before = stored()
    assert post.send(client).status_code == 200
    assert stored() == before


@pytest.mark.parametrize("provider", ["postmark", "mailgun", "amazon_ses"])
def test_an_email_with_a_spoofed_sender_is_kept_but_never_threaded(provider, world, client):
    """A From header naming the enquirer, in an email the provider really received: not a forged
    request, so it is accepted (200) and kept; but it matched only by the reference in its subject and
    its sender is not authenticated, so it is held for an adviser, never put in the thread."""
    email = build_email(
        sender=f"Sam Returner <{ENQUIRER}>",
        to="help@reply.portal.sor.example",
        subject=f"Re: Your request {world.enquiry.reference}",
        text=FORGED,
    )
    if provider == "postmark":
        post = Post(POSTMARK_URL, postmark_payload(email), "json")
    elif provider == "mailgun":
        post = Post(MAILGUN_URL, mailgun_form(email), "form")
    else:
        post = Post(SES_URL, ses_notification(email, dmarc="FAIL"), "sns")
    messages = Message.objects.count()

    assert post.send(client).status_code == 200

    held = InboundEmail.objects.get()
    assert held.status == InboundEmail.Status.QUARANTINED
    assert Message.objects.count() == messages
