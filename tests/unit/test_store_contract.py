"""The store contract: the same tests against the database file and against PostgreSQL.

Every test here takes `any_store` (or an inbox on it) and so runs once per store kind
(`tests/conftest.py`, `STORE_KINDS`); the PostgreSQL runs need the server `tests/run` starts.
The claims (test_claims.py), the archive (test_archive.py) and the roster (test_roster.py)
tests run against both stores in the same way. What only one store has (the file's bytes,
backups and modes; the server's schema, grants and notifications) is tested beside it
(test_store.py, test_postgres.py).
"""

from __future__ import annotations

import dataclasses
import threading
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest

from tests.conftest import FakeClock
from tests.helpers.stores import reopen, stored_state, watching
from tui.core.config.config import Config
from tui.core.model import HistoryEntry, Message, Status
from tui.core.privacy.retention import purge_expired
from tui.core.store.interface import InboxStore
from tui.core.store.store import DatabaseUnusableError, MessageNotFoundError
from tui.core.workflow.demo import demo_messages
from tui.core.workflow.inbox import Inbox


def message(message_id: str, clock: FakeClock, **fields: Any) -> Message:
    """A plain open message received now."""
    return Message(
        id=message_id,
        received=clock.now,
        deadline=(clock.now + timedelta(days=4)).date(),
        department="ORT",
        text="Kan jeg flytte timen min?",
        subject="Flytte time",
        patient_name="Test Testesen",
        patient_id="13116900216",
        **fields,
    )


# Adding and reading ----------------------------------------------------------------------------


def test_a_new_store_is_empty_and_not_yet_made(any_store: InboxStore) -> None:
    assert any_store.messages() == []
    assert any_store.archived() == []
    assert any_store.roster_data() == {}
    assert not any_store.exists()
    any_store.prepare()
    assert any_store.exists()
    assert any_store.messages() == []


def test_add_is_idempotent(any_demo_inbox: Inbox) -> None:
    store = any_demo_inbox.store
    before = store.messages()
    result = store.add(demo_messages(any_demo_inbox))
    assert result.added == ()
    assert len(result.existing) == len(before)
    assert store.messages() == before


def test_messages_keep_every_field_and_the_order_they_came_in(
    any_demo_inbox: Inbox,
) -> None:
    store = any_demo_inbox.store
    expected = [m.to_dict() for m in demo_messages(any_demo_inbox)]
    assert [m.to_dict() for m in reopen(store).messages()] == expected


def test_get_finds_a_hot_message_and_names_a_missing_one(
    any_store: InboxStore, clock: FakeClock
) -> None:
    any_store.add([message("a", clock)])
    assert any_store.get("a").subject == "Flytte time"
    with pytest.raises(MessageNotFoundError, match="Fant ikke meldingen b"):
        any_store.get("b")


# Transactions ----------------------------------------------------------------------------------


def test_a_change_raises_the_revision_and_every_session_sees_it(
    any_store: InboxStore, clock: FakeClock
) -> None:
    any_store.add([message("a", clock)])
    other = reopen(any_store)

    def answer(m: Message) -> None:
        m.status = Status.ANSWERED

    changed = other.update("a", answer)
    assert changed.revision == 1
    assert any_store.get("a").status is Status.ANSWERED
    assert any_store.get("a").revision == 1


def test_a_failing_change_writes_nothing(any_demo_inbox: Inbox) -> None:
    store = any_demo_inbox.store
    before = stored_state(store)
    first = any_demo_inbox.messages()[0]

    def broken(m: Message) -> None:
        m.status = Status.CLOSED
        raise ValueError("halfway")

    with pytest.raises(ValueError, match="halfway"):
        store.update(first.id, broken, [("suggestion_feedback", {"week": "2026-48"})])
    assert stored_state(store) == before


def test_a_change_that_declines_writes_nothing(any_demo_inbox: Inbox) -> None:
    store = any_demo_inbox.store
    before = stored_state(store)
    first = any_demo_inbox.messages()[0]
    assert store.update(first.id, lambda m: False).revision == first.revision
    assert store.update_many({first.id: lambda m: False}) == []
    assert stored_state(store) == before


def test_update_many_changes_the_stored_ones_in_one_go(
    any_store: InboxStore, clock: FakeClock
) -> None:
    any_store.add([message("a", clock), message("b", clock)])

    def subject(m: Message) -> None:
        m.subject = "Endret"

    changed = any_store.update_many({"a": subject, "b": subject, "gone": subject})
    assert sorted(m.id for m in changed) == ["a", "b"]
    assert {m.subject for m in reopen(any_store).messages()} == {"Endret"}


def test_records_are_written_with_their_change_only(
    any_store: InboxStore, clock: FakeClock
) -> None:
    any_store.add([message("a", clock)])
    record = {"week": "2026-48", "department": "ORT", "old": "annet", "new": "endring"}
    any_store.update("a", lambda m: None, [("suggestion_feedback", record)])
    assert reopen(any_store).suggestion_feedback() == [record]
    any_store.log_export({"who": "kari", "what": "list"})
    assert reopen(any_store).export_log() == [{"who": "kari", "what": "list"}]


def test_transactions_do_not_nest(any_store: InboxStore, clock: FakeClock) -> None:
    any_store.add([message("a", clock)])

    def nested(m: Message) -> None:
        any_store.add([message("b", clock)])

    with pytest.raises(RuntimeError, match="do not nest"):
        any_store.update("a", nested)
    assert [m.id for m in any_store.messages()] == ["a"]


def test_listeners_hear_the_ids_stored_and_nothing_of_a_failure(
    any_store: InboxStore, clock: FakeClock
) -> None:
    heard: list[frozenset[str]] = []
    any_store.transaction_listeners.append(heard.append)
    any_store.add([message("a", clock), message("b", clock)])
    any_store.update("a", lambda m: None)
    with pytest.raises(ValueError, match="no"):
        any_store.update("b", lambda m: (_ for _ in ()).throw(ValueError("no")))
    assert heard == [frozenset({"a", "b"}), frozenset({"a"}), frozenset()]


def test_clerks_in_threads_lose_no_change(any_store: InboxStore, clock: FakeClock) -> None:
    """Eight sessions on one database bump one counter: every bump is kept (the processes'
    version of this test is tests/e2e/test_store_processes.py)."""
    any_store.add([message("counter", clock)])
    bumps = 15

    def clerk(number: int) -> None:
        store = reopen(any_store)
        for bump in range(bumps):

            def note(m: Message, bump: int = bump) -> None:
                m.history.append(HistoryEntry(clock.now, f"clerk{number}", "teller", "", str(bump)))

            store.update("counter", note)

    threads = [threading.Thread(target=clerk, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    counter = any_store.get("counter")
    assert counter.revision == 8 * bumps
    assert len(counter.history) == 8 * bumps


# Claims and collisions go through the same `update`: test_claims.py runs on both stores.

# Archive ---------------------------------------------------------------------------------------


def test_archived_messages_leave_the_inbox_and_stay_counted(
    any_store: InboxStore, clock: FakeClock
) -> None:
    any_store.add([message("old", clock), message("new", clock)])

    def mark(m: Message) -> None:
        m.history.append(HistoryEntry(clock.now, "kari", "archived", "", str(clock.now.year)))

    moved = any_store.archive(lambda m: m.id == "old", mark)
    assert [m.id for m in moved] == ["old"]
    assert [m.id for m in any_store.messages()] == ["new"]
    assert any_store.archive_years() == [clock.now.year]
    assert [m.id for m in any_store.archived([clock.now.year])] == ["old"]
    assert any_store.archived([clock.now.year - 1]) == []
    assert reopen(any_store).archived()[0].revision == 1
    with pytest.raises(MessageNotFoundError):
        any_store.get("old")
    assert any_store.add([message("old", clock)]).added == ()  # archived counts as stored
    assert {s.id for s in any_store.summaries([clock.now.year])} == {"old", "new"}
    assert {s.id for s in any_store.summaries()} == {"new"}


# Roster ----------------------------------------------------------------------------------------


def test_the_roster_is_replaced_from_its_latest_version(any_store: InboxStore) -> None:
    other = reopen(any_store)
    any_store.update_roster_data(lambda old: {**old, "weekdays": {"0": ["kari"]}})
    other.update_roster_data(lambda old: {**old, "dates": {"2026-12-24": []}})
    assert any_store.roster_data() == {"weekdays": {"0": ["kari"]}, "dates": {"2026-12-24": []}}


# The retention purge ---------------------------------------------------------------------------


def test_the_purge_erases_patient_data_hot_and_archived_and_keeps_the_figures(
    any_inbox: Inbox, clock: FakeClock, config: Config
) -> None:
    inbox = any_inbox
    inbox.config = dataclasses.replace(config, retention_days=30, archive_after_days=5)
    store = inbox.store
    store.add([message("hot", clock), message("archived", clock), message("open", clock)])
    inbox.close_without_reply("archived", "duplikat")
    clock.advance(days=10)
    assert {m.id for m in inbox.archive_done()} == {"archived"}
    inbox.close_without_reply("hot", "duplikat")
    clock.advance(days=35)

    dry = purge_expired(inbox, dry_run=True)
    assert {m.id for m in dry.erasure.erased} == {"hot", "archived"}
    assert all(m.patient_name for m in [*store.archived(), *store.messages()])

    done = purge_expired(inbox)
    assert {m.id for m in done.erasure.erased} == {"hot", "archived"}
    fresh = reopen(store)
    for erased in [*fresh.archived(), fresh.get("hot")]:
        assert (erased.patient_name, erased.patient_id, erased.text) == ("", "", "")
        assert erased.history[-1].action == "patient_data_erased"
    assert fresh.get("open").patient_name == "Test Testesen"
    assert {s.id for s in fresh.summaries(fresh.archive_years())} == {"hot", "archived", "open"}
    assert purge_expired(inbox).erasure.erased == ()


# Schema versions -------------------------------------------------------------------------------


def make_newer(store: InboxStore) -> Callable[[], Any]:
    """Mark the database as made by a newer program; return how to read its raw state."""
    from tui.core.store.store import Store

    store.prepare()
    if isinstance(store, Store):
        import json

        data = json.loads(store.path.read_text(encoding="utf-8"))
        data["meta"] = {"1": {"schema_version": 99}}
        store.path.write_text(json.dumps(data), encoding="utf-8")
        return store.path.read_bytes
    import psycopg

    from tui.core.store.postgres.store import PostgresStore

    assert isinstance(store, PostgresStore)
    store.close()
    with psycopg.connect(store.url, autocommit=True) as connection:
        connection.execute("INSERT INTO timedialog_schema (version) VALUES (99)")

    def raw() -> Any:
        with psycopg.connect(store.url) as connection:
            return connection.execute(
                "SELECT (SELECT array_agg(version ORDER BY version) FROM timedialog_schema),"
                " (SELECT count(*) FROM messages), (SELECT sum(revision) FROM departments)"
            ).fetchone()

    return raw


def test_a_database_newer_than_the_program_is_refused_and_never_written(
    any_store: InboxStore, clock: FakeClock
) -> None:
    if any_store.path is None:  # the server's schema is the whole database's: one of its own
        from tests.helpers.postgres import new_database, new_department
        from tui.core.store.postgres.store import PostgresStore

        any_store = PostgresStore(new_database(), new_department(), clock=clock)
    raw = make_newer(any_store)
    before = raw()
    fresh = reopen(any_store)
    with pytest.raises(DatabaseUnusableError, match="nyere timedialog"):
        fresh.messages()
    with pytest.raises(DatabaseUnusableError, match="nyere timedialog"):
        fresh.add([message("a", clock)])
    assert raw() == before


# The change feed (`tui.core.store.changes.ChangeFeed`) -----------------------------------------


@pytest.fixture
def feed(any_store: InboxStore) -> InboxStore:
    """The store under test, as the change feed every store is."""
    return any_store


def test_the_revision_grows_with_each_commit_and_never_for_nothing(
    feed: InboxStore, clock: FakeClock
) -> None:
    assert feed.revision() == 0
    feed.add([message("a", clock)])
    first = feed.revision()
    assert first > 0
    feed.update("a", lambda m: False)
    feed.add([message("a", clock)])
    assert feed.revision() == first
    feed.update("a", lambda m: None)
    assert feed.revision() > first
    assert reopen(feed).revision() == feed.revision()  # type: ignore[attr-defined]


def test_changes_since_gives_each_changed_message_once_as_it_is_now(
    feed: InboxStore, clock: FakeClock
) -> None:
    feed.add([message("a", clock), message("b", clock), message("c", clock)])
    seen = feed.revision()
    other = reopen(feed)
    for subject in ("one", "two", "three"):
        other.update("a", lambda m, subject=subject: setattr(m, "subject", subject))
    other.archive(lambda m: m.id == "b", lambda m: None)

    changes = feed.changes_since(seen)
    assert changes.revision == feed.revision()
    if changes.complete:
        # Allowed by the contract: the file store compacts its journal after an archive, so a
        # reader from before it gets every hot message once.
        assert set(changes.messages) == {"a", "c"}
    else:
        assert set(changes.messages) == {"a", "b"}
        assert changes.messages["b"] is None  # left the hot inbox
    assert changes.messages["a"] is not None
    assert changes.messages["a"].subject == "three"
    assert changes.complete or not changes.roster  # a complete answer says: read it all
    again = feed.changes_since(changes.revision)
    assert (again.revision, dict(again.messages)) == (changes.revision, {})
    everything = feed.changes_since(0)
    assert everything.complete or {"a", "b", "c"} <= set(everything.messages)


def test_a_roster_change_is_in_the_feed(feed: InboxStore) -> None:
    seen = feed.revision()
    reopen(feed).update_roster_data(lambda old: {"weekdays": {"0": ["kari"]}})
    changes = feed.changes_since(seen)
    assert changes.roster
    assert dict(changes.messages) == {}


def test_watch_wakes_the_reader_for_another_sessions_commit(
    feed: InboxStore, clock: FakeClock
) -> None:
    feed.add([message("a", clock)])
    stop, woken, thread = watching(feed)
    try:
        assert woken.acquire(timeout=10)  # once when in place: the reader catches up
        seen = feed.revision()
        reopen(feed).update("a", lambda m: setattr(m, "subject", "endret"))
        assert woken.acquire(timeout=10)
        assert feed.changes_since(seen).messages["a"].subject == "endret"
    finally:
        stop.set()
        thread.join(timeout=10)
    assert not thread.is_alive()
