"""The email webhooks at /anymail/<esp>/: only the configured provider's, and every one fails closed.

anymail's own views (anymail/urls.py) authenticate a post (basic auth with ANYMAIL_WEBHOOK_SECRET, and
Mailgun's HMAC signature) and send the `inbound` and `tracking` signals (enquiries.mail.inbound,
enquiries.mail.tracking). Mounted as they come, they fail open or fall over:

- without a webhook secret anymail only warns and accepts anyone's post, so a forged "reply" lands in
  an enquiry's thread as the enquirer's and a forged "bounce" suppresses the enquirer's address;
- `include("anymail.urls")` mounts every provider anymail knows; the ones we have no keys for (and
  Mailgun without its signing key) raise while building the view: 500 to any post;
- a body anymail cannot read (not JSON, missing fields, undecodable content) raises inside the view:
  500, with the whole body in the error log for some of them;
- Mailgun signs only a timestamp and a random token, not the event, so a signed post seen once (in a
  log, a proxy, a misdirected request) could be replayed with new content for ever; and an Amazon SNS
  notification can be posted again as often as anyone likes.

So `webhook_urlpatterns()` builds the /anymail/ URLs from anymail's own URL list and view classes, for
the providers in settings.ANYMAIL_WEBHOOK_PROVIDERS only (from ANYMAIL_ESP; every other /anymail/
address is 404), each view class with `FailClosedWebhook` mixed in. Before anything is read or stored:

- no ANYMAIL_WEBHOOK_SECRET (in any settings module, dev and demo included): 403, "webhooks are off";
- the provider's own settings missing (Mailgun without ANYMAIL_MAILGUN_WEBHOOK_SIGNING_KEY): 403;
- wrong or missing credentials or signature: 400 (anymail's checks; Amazon SNS first gets the 401
  challenge it needs before it sends credentials);
- a timestamp more than WEBHOOK_TIMESTAMP_TOLERANCE_SECONDS (15 minutes) from now: 403. Mailgun's is
  the signed `timestamp`; Amazon SES's is the SNS notification's `Timestamp` (SNS signs its messages but
  anymail does not check SNS signatures, so there basic auth is what authenticates it). Postmark signs
  nothing with a time: it rests on basic auth over HTTPS and on the de-duplication of each email by its
  Message-ID and each event by its id (enquiries.mail.inbound, enquiries.mail.tracking);
- a Mailgun token or SNS MessageId already accepted within the window (a replay): 403;
- a body that cannot be read as the provider's event: 400.

Body size is the middleware's (enquiries.middleware: 413) and a database fault during the webhook is
its 503. Everything else is anymail's.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import logging
import math
from collections.abc import Callable, Iterable

from django.conf import settings
from django.core.cache import cache
from django.http.multipartparser import MultiPartParserError
from django.urls import URLPattern, path, re_path
from django.urls.resolvers import RegexPattern
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from anymail.exceptions import AnymailConfigurationError, AnymailError, AnymailWebhookValidationFailure
from anymail.utils import get_anymail_setting
from anymail.webhooks.amazon_ses import AnymailBotoClientAPIError, AnymailBotoClientSecurityError

from enquiries.middleware import RETRY_AFTER_SECONDS, _plain

logger = logging.getLogger(__name__)

#: What a body anymail cannot read raises while it is checked or parsed: the provider's JSON or form
#: is not what it should be (ValueError covers bad JSON, bad Base64 and bad UTF-8; ArithmeticError a
#: timestamp such as 1e999). anymail's own AnymailError and AnymailConfigurationError say the same
#: (an SNS body that is not JSON, a tracking event posted to the inbound webhook).
MALFORMED = (
    ValueError,
    LookupError,
    TypeError,
    AttributeError,
    ArithmeticError,
    MultiPartParserError,
    AnymailError,
    AnymailConfigurationError,
)
#: Failures to fetch an email from Amazon S3 (an SES receipt rule with an S3 action): not the body's
#: fault, so they stay errors (5xx) and SNS sends the notification again.
UPSTREAM_FAILURES = (AnymailBotoClientAPIError, AnymailBotoClientSecurityError)

OFF = (
    "Email webhooks are off: this server accepts none until ANYMAIL_WEBHOOK_SECRET is set "
    "(user:password, used in the provider's webhook URLs).\n"
)
FORGED = "Refused: the credentials or the signature are wrong.\n"
MALFORMED_BODY = "Refused: the body is not a webhook event this server can read.\n"
STALE = "Refused: the webhook's timestamp is too far from the time now.\n"
REPLAYED = "Refused: this webhook has already been received.\n"


class Refused(Exception):
    """Stop handling a webhook and answer `response` instead."""

    def __init__(self, text: str, status: int):
        super().__init__(text)
        self.response = _plain(text, status)


def webhook_secrets() -> list[str]:
    """The basic-auth secrets anymail checks (ANYMAIL_WEBHOOK_SECRET: one 'user:password' or a list)."""
    secret = get_anymail_setting("webhook_secret", default=[])
    values = [secret] if isinstance(secret, str) else list(secret or [])
    return [value for value in values if isinstance(value, str) and value]


def webhook_providers() -> list[str]:
    """The providers whose webhooks are mounted (settings.ANYMAIL_WEBHOOK_PROVIDERS), as anymail names
    them in its URLs ('amazon_ses', 'postmark')."""
    names = getattr(settings, "ANYMAIL_WEBHOOK_PROVIDERS", []) or []
    return [str(name).strip().lower().replace("-", "_") for name in names if str(name).strip()]


def anymail_providers() -> set[str]:
    """Every provider anymail has webhooks for."""
    from anymail import urls as anymail_urls

    return {_provider_of(pattern) for pattern in anymail_urls.urlpatterns}


def _provider_of(pattern: URLPattern) -> str:
    return str(pattern.pattern).removeprefix("^").split("/", 1)[0]


# Timestamps and replays -------------------------------------------------------------------------------


def _mailgun_stamp(request) -> tuple[datetime.datetime, str]:
    """Mailgun's signed timestamp (seconds since the epoch) and token: in the JSON's "signature" block
    (tracking), or form fields (inbound, and legacy tracking; the last value, as anymail reads them)."""
    if request.content_type == "application/json":
        fields = json.loads(request.body.decode("utf-8"))["signature"]
    else:
        fields = request.POST
    seconds = float(str(fields["timestamp"]))
    if not math.isfinite(seconds):
        raise ValueError("timestamp is not a finite number")
    return datetime.datetime.fromtimestamp(seconds, tz=datetime.UTC), f"mailgun:{fields['token']}"


def _sns_stamp(request) -> tuple[datetime.datetime, str]:
    """An Amazon SNS message's Timestamp (ISO 8601) and MessageId (the same on each of SNS's retries)."""
    message = json.loads(request.body.decode(request.encoding or "utf-8"))
    published = parse_datetime(str(message["Timestamp"]))
    if published is None or published.tzinfo is None:
        raise ValueError("Timestamp is not a time with its zone")
    return published, f"amazon_ses:{message['MessageId']}"


#: How each provider's post says when it was sent and what makes it unique. Providers not listed
#: (Postmark among them) sign nothing with a time.
STAMPS: dict[str, Callable] = {"mailgun": _mailgun_stamp, "amazon_ses": _sns_stamp}


def _memory_key(key: str) -> str:
    return "webhook-seen:" + hashlib.sha256(key.encode()).hexdigest()


def remember(key: str, *, seconds: int) -> bool:
    """Note that a webhook's token was accepted; False if it already was (a replay).

    The memory is Django's cache, not a model. `cache.add` is atomic (SET NX in Redis; a lock in the
    local-memory cache), so of two posts of one token at the same moment exactly one passes, and its
    entries expire on their own after twice the window (a token is only ever accepted within the
    window, so forgetting it after that loses nothing), without a table written on every webhook and
    swept afterwards. What it needs is a cache every web process shares: Redis (REDIS_URL), which the
    README already requires as soon as there is more than one process (sessions and rate limits use
    it too), and which `check --deploy` asks for when webhooks are mounted (enquiries.W003). With the
    local-memory cache (development, one process) a replay sent to another process is not caught
    here: the window still holds it to minutes, and it is still de-duplicated on its Message-ID or
    event id.
    """
    return cache.add(_memory_key(key), 1, timeout=seconds)


def forget(key: str) -> None:
    """Let the provider send a token again: its post was not accepted (refused, or it failed)."""
    try:
        cache.delete(_memory_key(key))
    except Exception as error:  # noqa: BLE001 - the answer stands; the entry expires by itself
        logger.warning("Could not forget a webhook token (%s)", type(error).__name__)


def tolerance() -> datetime.timedelta:
    return datetime.timedelta(seconds=settings.WEBHOOK_TIMESTAMP_TOLERANCE_SECONDS)


# The views ----------------------------------------------------------------------------------------------


class FailClosedWebhook:
    """Mixed in before one of anymail's webhook views (see `fail_closed`); what it refuses, and why, is
    in this module's docstring."""

    #: The provider as anymail's URLs name it, e.g. "mailgun".
    provider = ""
    #: anymail warns at every request without a secret that the webhooks are open; they are not.
    warn_if_no_basic_auth = False

    def __init__(self, **kwargs):
        self.unavailable: Exception | None = None
        self.remembered = ""
        try:
            super().__init__(**kwargs)
        except AnymailConfigurationError as error:
            # anymail reads the provider's own settings here (Mailgun's signing key; boto3 for Amazon
            # SES) and raises without them, which Django would answer with 500. post() refuses instead.
            self.unavailable = error

    def post(self, request, *args, **kwargs):
        if not webhook_secrets():
            logger.warning("Webhook %s refused: ANYMAIL_WEBHOOK_SECRET is not set", request.path)
            return _plain(OFF, 403)
        if self.unavailable is not None:
            logger.error("%s webhooks are off: %s", self.esp_name, self.unavailable)
            return _plain(
                f"{self.esp_name} webhooks are off: this server is missing a setting they need "
                "(see manage.py check --deploy).\n",
                403,
            )
        try:
            response = super().post(request, *args, **kwargs)
        except Refused as refusal:
            self._forget()
            return refusal.response
        except BaseException:
            self._forget()  # e.g. the database is down (the middleware answers 503): let it come again
            raise
        if not 200 <= response.status_code < 300:
            self._forget()
        return response

    def run_validators(self, request):
        try:
            super().run_validators(request)
        except AnymailWebhookValidationFailure:
            logger.warning(
                "%s webhook %s refused: wrong credentials or signature", self.esp_name, request.path
            )
            raise Refused(FORGED, 400) from None
        except MALFORMED as error:
            raise self._malformed(request, error) from None
        self._check_fresh_and_new(request)

    def parse_events(self, request):
        try:
            return list(super().parse_events(request))
        except UPSTREAM_FAILURES:
            raise
        except MALFORMED as error:
            raise self._malformed(request, error) from None

    def _check_fresh_and_new(self, request) -> None:
        stamp = STAMPS.get(self.provider)
        if stamp is None:
            return
        try:
            sent_at, key = stamp(request)
        except (*MALFORMED, OSError) as error:  # OSError: a timestamp the platform cannot represent
            raise self._malformed(request, error) from None
        window = tolerance()
        if abs(timezone.now() - sent_at) > window:
            logger.warning(
                "%s webhook %s refused: its timestamp is outside the window", self.esp_name, request.path
            )
            raise Refused(STALE, 403)
        try:
            fresh = remember(key, seconds=int(2 * window.total_seconds()) + 60)
        except Exception as error:  # noqa: BLE001 - the cache is down: the provider must retry later
            logger.error("Webhook %s: replay memory unavailable (%s)", request.path, type(error).__name__)
            refusal = Refused("Temporarily unavailable: please send this event again later.\n", 503)
            refusal.response["Retry-After"] = str(RETRY_AFTER_SECONDS)
            raise refusal from None
        if not fresh:
            logger.warning("%s webhook %s refused: a replay", self.esp_name, request.path)
            raise Refused(REPLAYED, 403)
        self.remembered = key

    def _forget(self) -> None:
        if self.remembered:
            forget(self.remembered)
            self.remembered = ""

    def _malformed(self, request, error: BaseException) -> Refused:
        # The class only: some of anymail's messages quote the body, which is personal data.
        logger.warning(
            "%s webhook %s refused: malformed body (%s)", self.esp_name, request.path, type(error).__name__
        )
        return Refused(MALFORMED_BODY, 400)


def fail_closed(view_class: type, provider: str) -> type:
    """anymail's `view_class` with FailClosedWebhook mixed in."""
    return type(
        f"FailClosed{view_class.__name__}",
        (FailClosedWebhook, view_class),
        {"provider": provider, "__module__": __name__, "__doc__": view_class.__doc__},
    )


def webhook_urlpatterns(providers: Iterable[str] | None = None) -> list[URLPattern]:
    """anymail's webhook URLs (same routes, same names) for `providers` only (by default the configured
    ones, settings.ANYMAIL_WEBHOOK_PROVIDERS), each view failing closed. Include under "anymail/" with
    the "anymail" namespace."""
    from anymail import urls as anymail_urls

    wanted = set(webhook_providers() if providers is None else providers)
    patterns = []
    for pattern in anymail_urls.urlpatterns:
        provider = _provider_of(pattern)
        if provider not in wanted:
            continue
        anymail_view = pattern.callback
        view = fail_closed(anymail_view.view_class, provider).as_view(**anymail_view.view_initkwargs)
        route = str(pattern.pattern)
        make = re_path if isinstance(pattern.pattern, RegexPattern) else path
        patterns.append(make(route, view, name=pattern.name))
    return patterns
