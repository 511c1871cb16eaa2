"""SQLite, the embedded default, holds 20 people writing at once (issue 10, item 7).

Two clients writing at once on the demo used to give "database is locked" 500s. The cause is SQLite's
deferred transactions: two connections that read and then write each hold a read lock, neither can
upgrade it, and one fails at once (the busy timeout cannot help with that). The settings
(portal/settings/base.py) start every transaction with BEGIN IMMEDIATE, use write-ahead logging and
wait up to 20 s for the lock. This test drives Django's own SQLite backend with exactly those settings,
on a database file, from 20 threads: each transaction reads, then writes, as the portal's do.
"""

from __future__ import annotations

import threading

from django.db import connections, transaction

import pytest

WRITERS = 20
TRANSACTIONS_EACH = 10


@pytest.fixture
def sqlite_file_alias(tmp_path, django_db_blocker):
    """A database file of its own (not the test database), reached outside pytest-django's
    test transaction, with the OPTIONS the portal's settings give SQLite."""
    default = connections["default"].settings_dict
    if default["ENGINE"] != "django.db.backends.sqlite3":
        pytest.skip("SQLite-only: the suite is running on another database")
    from portal.settings import base

    alias = "concurrency_check"
    configured = base.DATABASES["default"]
    connections.settings[alias] = {
        **default,
        "NAME": str(tmp_path / "portal.sqlite3"),
        "OPTIONS": dict(configured["OPTIONS"]),
        "TEST": {"NAME": str(tmp_path / "portal.sqlite3")},
    }
    with django_db_blocker.unblock():
        with connections[alias].cursor() as cursor:
            cursor.execute("CREATE TABLE submission (id INTEGER PRIMARY KEY, writer INTEGER, seen INTEGER)")
        connections[alias].close()
        yield alias
        connections[alias].close()
    del connections[alias]
    del connections.settings[alias]


def test_the_settings_turn_on_wal_immediate_transactions_and_a_busy_timeout(sqlite_file_alias):
    options = connections.settings[sqlite_file_alias]["OPTIONS"]
    assert options["transaction_mode"] == "IMMEDIATE"
    with connections[sqlite_file_alias].cursor() as cursor:
        assert cursor.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert cursor.execute("PRAGMA busy_timeout").fetchone()[0] >= 10000


def test_twenty_concurrent_writers_get_no_error_and_lose_nothing(sqlite_file_alias):
    errors: list[BaseException] = []
    start = threading.Barrier(WRITERS)

    def writer(number: int) -> None:
        connection = connections[sqlite_file_alias]
        try:
            start.wait()
            for _ in range(TRANSACTIONS_EACH):
                with transaction.atomic(using=sqlite_file_alias), connection.cursor() as cursor:
                    seen = cursor.execute("SELECT COUNT(*) FROM submission").fetchone()[0]
                    cursor.execute("INSERT INTO submission (writer, seen) VALUES (%s, %s)", [number, seen])
        except BaseException as error:  # noqa: BLE001 - every failure is the finding
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(WRITERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert errors == []
    with connections[sqlite_file_alias].cursor() as cursor:
        rows = cursor.execute("SELECT COUNT(*), COUNT(DISTINCT seen) FROM submission").fetchone()
    # Every write kept, and each transaction saw the ones before it: they ran one after another.
    assert rows == (WRITERS * TRANSACTIONS_EACH, WRITERS * TRANSACTIONS_EACH)
