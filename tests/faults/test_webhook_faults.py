"""Webhook faults: the database goes down during a webhook, and a webhook is posted twice at once.

The database. enquiries.middleware answers 503 with Retry-After to a database error during a webhook, so
the provider keeps the event and sends it again. Nothing may be half stored meanwhile: no raw email file
without its row, no delivery event without its suppression (or the other way round), no replay memory
of a token whose post failed (its retry must be accepted), no email queued to an adviser.

Twice at once. The same post arriving twice (a provider's retry racing the original, or SNS's
at-least-once delivery) is stored once: the second is refused as a replay (a Mailgun token or an SNS
MessageId, remembered atomically) or recognised by its Message-ID or event id (Postmark, which signs
nothing). Sequentially on every database; from two threads at the same moment on PostgreSQL.
"""

from __future__ import annotations

import threading

from django.db import OperationalError, connection, connections
from django.test import Client

import pytest

from enquiries.models import DeliveryEvent, InboundEmail, Message, OutboundEmail, Suppression

from .test_webhook_corpus import (  # noqa: F401 - fixtures
    ENQUIRER,
    HOOKS,
    build,
    client,
    form_data,
    nations,
    pathways,
    stored,
    submit,
    teams,
    topics,
    world,
)

pytestmark = pytest.mark.django_db

HOOK_IDS = ["-".join(hook) for hook in HOOKS]


def database_down(execute, sql, params, many, context):
    """Every query fails, as when PostgreSQL is unreachable."""
    raise OperationalError("could not connect to server: Connection refused")


def writes_fail(table: str = ""):
    """Reads work but writes (to `table`, or to any table) fail: the database went down mid-request."""

    def wrapper(execute, sql, params, many, context):
        statement = sql.lstrip().upper()
        if statement.startswith(("INSERT", "UPDATE")) and (not table or f'"{table.upper()}"' in statement):
            raise OperationalError("server closed the connection unexpectedly")
        return execute(sql, params, many, context)

    return wrapper


def assert_retry_later(response):
    assert response.status_code == 503, response.content
    assert response["Retry-After"] == "120"


def took_effect(hook) -> bool:
    """What the genuine request does: the reply is threaded, or the bounce suppresses the address."""
    if hook[1] == "inbound":
        return InboundEmail.objects.filter(status=InboundEmail.Status.THREADED).count() == 1
    return Suppression.objects.filter(email=ENQUIRER).count() == 1 and DeliveryEvent.objects.count() == 1


@pytest.fixture
def private_files(tmp_path, monkeypatch):
    """Raw emails saved under tmp_path, so that a test can see every file a webhook left behind."""
    from django.core.files.storage import FileSystemStorage

    monkeypatch.setattr(InboundEmail._meta.get_field("raw"), "storage", FileSystemStorage(location=tmp_path))
    return lambda: sorted(path for path in tmp_path.rglob("*") if path.is_file())


# --------------------------------------------------------------------------------------------------
# The database is down
# --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("hook", HOOKS, ids=HOOK_IDS)
def test_while_the_database_is_down_a_webhook_answers_503_stores_nothing_and_its_retry_counts_once(
    hook,
    world,  # noqa: F811 - fixture
    client,  # noqa: F811 - fixture
    private_files,
    mailoutbox,
):
    post = build(hook, world)
    before = stored()
    mailoutbox.clear()

    with connection.execute_wrapper(database_down):
        assert_retry_later(post.send(client))

    assert stored() == before and private_files() == [] and mailoutbox == []
    # The provider sends it again once the database is back: it was not remembered as seen, so it is
    # accepted, and it takes effect once; a replay of the accepted post changes nothing more.
    assert post.send(client).status_code == 200
    assert took_effect(hook)
    after = stored()
    assert post.send(client).status_code == (200 if hook[0] == "postmark" else 403)
    assert stored() == after


@pytest.mark.parametrize("provider", ["postmark", "mailgun", "amazon_ses"])
def test_a_database_that_fails_as_an_email_is_saved_leaves_no_raw_file_behind(
    provider,
    world,  # noqa: F811 - fixture
    client,  # noqa: F811 - fixture
    private_files,
):
    """The raw email is written to private storage just before its row: if the row cannot be written,
    the file goes too (it used to stay, an orphan holding personal data nobody could find)."""
    post = build((provider, "inbound"), world)
    before = stored()

    with connection.execute_wrapper(writes_fail("enquiries_inboundemail")):
        assert_retry_later(post.send(client))

    assert stored() == before
    assert private_files() == []
    assert post.send(client).status_code == 200
    assert InboundEmail.objects.get().status == InboundEmail.Status.THREADED
    assert len(private_files()) == 1


@pytest.mark.parametrize("provider", ["postmark", "mailgun", "amazon_ses"])
def test_a_database_that_fails_half_way_through_a_bounce_leaves_nothing_half_done(
    provider,
    world,  # noqa: F811 - fixture
    client,  # noqa: F811 - fixture
    mailoutbox,
):
    """The delivery event, the email's new state, the suppression, the note on the enquiry and the
    adviser's notice are one transaction: a failure writing the suppression undoes the rest."""
    post = build((provider, "tracking"), world)
    before = stored()
    mailoutbox.clear()

    with connection.execute_wrapper(writes_fail("enquiries_suppression")):
        assert_retry_later(post.send(client))

    assert stored() == before
    assert mailoutbox == []
    assert post.send(client).status_code == 200
    assert took_effect((provider, "tracking"))
    world.ack.refresh_from_db()
    assert world.ack.delivery == OutboundEmail.Delivery.BOUNCED
    assert [m.to for m in mailoutbox] == [["ada@sor.example"]]  # the adviser is told, once


# --------------------------------------------------------------------------------------------------
# The same webhook twice
# --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("hook", HOOKS, ids=HOOK_IDS)
def test_a_webhook_posted_twice_in_a_row_is_stored_once(hook, world, client):  # noqa: F811 - fixtures
    post = build(hook, world)
    first, second = post.send(client), post.send(client)

    assert first.status_code == 200
    assert second.status_code == (200 if hook[0] == "postmark" else 403)
    assert took_effect(hook)
    assert InboundEmail.objects.count() == (1 if hook[1] == "inbound" else 0)


def _post_at_once(post, times: int = 2) -> list[int]:
    """Send `post` from `times` threads released together; their status codes."""
    start = threading.Barrier(times)
    statuses: list[int] = []
    errors: list[BaseException] = []

    def send():
        try:
            start.wait(timeout=30)
            statuses.append(post.send(Client()).status_code)
        except BaseException as error:  # noqa: BLE001 - reported by the test
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=send) for _ in range(times)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors, errors
    return sorted(statuses)


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("hook", HOOKS, ids=HOOK_IDS)
def test_a_webhook_posted_twice_at_the_same_moment_is_stored_once(hook, world):  # noqa: F811 - fixture
    if connection.vendor != "postgresql":
        pytest.skip(
            "Needs PostgreSQL (DATABASE_URL=postgres://...): SQLite takes one writer at a time, so two "
            "requests cannot race inside the database; the sequential duplicate is tested on both."
        )
    post = build(hook, world)

    statuses = _post_at_once(post)

    # Postmark signs nothing: both are answered 200 and the database keeps one (unique Message-ID or
    # event id). Mailgun and SES: the token is remembered atomically, so the second is refused.
    assert statuses == ([200, 200] if hook[0] == "postmark" else [200, 403])
    assert took_effect(hook)
    assert InboundEmail.objects.count() == (1 if hook[1] == "inbound" else 0)
    assert Message.objects.filter(via_email=True).count() == (1 if hook[1] == "inbound" else 0)
