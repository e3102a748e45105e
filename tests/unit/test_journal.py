"""The hot file's journal: a change appends what changed; readers learn what changed since when.

Every guarantee of the whole-file store holds on this path too: a torn record is never read,
compaction loses nothing, backups, migration, permissions and the purge cover the journal.
"""

from __future__ import annotations

import json
import os
import stat
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from tests.conftest import FakeClock
from tests.helpers.store_worker import seed_message
from tui.core.model import OSLO, Status
from tui.core.store import journal as journal_module
from tui.core.store.journal import Journal, journal_path, scan
from tui.core.store.schema import SCHEMA_VERSION
from tui.core.store.store import Store, StoreWriteError
from tui.core.workflow.inbox import Inbox

START = datetime(2026, 11, 26, 9, 0, tzinfo=OSLO)


def filled(path: Path, count: int = 20) -> Store:
    store = Store(path)
    store.add([seed_message(f"m{n}", START + timedelta(minutes=n)) for n in range(count)])
    return store


def set_subject(subject: str):  # type: ignore[no-untyped-def]
    def change(message):  # type: ignore[no-untyped-def]
        message.subject = subject

    return change


def test_a_change_appends_one_record_and_leaves_the_snapshot(tmp_path: Path) -> None:
    store = filled(tmp_path / "inbox.json")
    snapshot = store.path.read_bytes()
    before = store.journal.path.stat().st_size
    revision = store.revision()
    store.update("m3", set_subject("Ny tid"))
    assert store.path.read_bytes() == snapshot  # the inbox is not written again
    found = scan(store.journal.path)
    assert found is not None
    assert [line.revision for line in found.records][-1] == revision + 1
    record = found.records[-1].record()
    (document,) = record["tables"]["messages"].values()
    assert document["id"] == "m3"
    assert document["subject"] == "Ny tid"
    grown = store.journal.path.stat().st_size - before
    assert grown < len(snapshot) / 5  # about one message's bytes
    # Another process (a store of its own) reads snapshot + journal.
    assert Store(store.path).get("m3").subject == "Ny tid"


def test_changes_since_gives_each_changed_message_once_as_it_is_now(tmp_path: Path) -> None:
    store = filled(tmp_path / "inbox.json")
    reader = Store(store.path, keep_state=False)
    seen = reader.revision()
    assert reader.changes_since(seen).messages == {}
    store.update("m1", set_subject("first"))
    store.update("m1", set_subject("second"))
    store.update("m2", set_subject("other"))
    store.add([seed_message("new", START)])
    changes = reader.changes_since(seen)
    assert not changes.complete
    assert changes.revision == seen + 4 == store.revision() == reader.revision()
    assert sorted(changes.messages) == ["m1", "m2", "new"]  # a burst coalesces
    first = changes.messages["m1"]
    assert first is not None
    assert first.subject == "second"
    assert reader.changes_since(changes.revision).messages == {}
    # Asked again from a revision in between: only what changed after it.
    middle = reader.changes_since(seen + 2)
    assert sorted(middle.messages) == ["m2", "new"]


def test_a_message_that_leaves_the_inbox_is_reported_as_none(
    demo_inbox: Inbox, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = demo_inbox.store
    seen = store.revision()
    clock.advance(days=demo_inbox.config.archive_after_days + 5)
    # The archive compacts right after its record; were it cut short before that, readers
    # would read the record itself.
    monkeypatch.setattr(Store, "_compact_now", lambda self: None)
    moved = demo_inbox.archive_done()
    assert moved
    changes = Store(store.path).changes_since(seen)
    assert not changes.complete
    assert {message.id for message in moved} <= set(changes.messages)
    assert all(changes.messages[message.id] is None for message in moved)


def test_an_archive_compacts_so_the_snapshot_drops_the_moved_messages(
    demo_inbox: Inbox, clock: FakeClock
) -> None:
    store = demo_inbox.store
    seen = store.revision()
    clock.advance(days=demo_inbox.config.archive_after_days + 5)
    moved = demo_inbox.archive_done()
    assert moved
    snapshot = store.path.read_bytes()
    assert all(message.id.encode() not in snapshot for message in moved)
    found = scan(store.journal.path)
    assert found is not None
    assert found.records == []
    changes = Store(store.path, keep_state=False).changes_since(seen)
    assert changes.complete  # a reader from before the archive reads the inbox once
    assert not {message.id for message in moved} & set(changes.messages)


def test_the_roster_is_flagged_when_it_changes(tmp_path: Path) -> None:
    store = filled(tmp_path / "inbox.json")
    seen = store.revision()
    store.update_roster_data(lambda roster: {**roster, "weeks": 2})
    changes = store.changes_since(seen)
    assert changes.roster
    assert changes.messages == {}


def test_a_reader_behind_a_compaction_gets_everything_once(tmp_path: Path) -> None:
    store = filled(tmp_path / "inbox.json")
    reader = Store(store.path, keep_state=False)
    seen = reader.revision()
    store.update("m1", set_subject("before the compaction"))
    store.compact()
    store.update("m2", set_subject("after"))
    changes = reader.changes_since(seen)
    assert changes.complete
    assert len(changes.messages) == 20
    assert changes.revision == store.revision()
    one = changes.messages["m1"]
    assert one is not None
    assert one.subject == "before the compaction"
    # From there on, only changes again.
    store.update("m3", set_subject("later"))
    assert list(reader.changes_since(changes.revision).messages) == ["m3"]


def test_a_reader_ahead_of_the_store_gets_everything(tmp_path: Path) -> None:
    """A database put back from a copy has a lower revision than its readers have seen."""
    store = filled(tmp_path / "inbox.json")
    changes = store.changes_since(store.revision() + 50)
    assert changes.complete
    assert len(changes.messages) == 20


def test_compaction_folds_the_journal_into_the_snapshot(tmp_path: Path) -> None:
    store = filled(tmp_path / "inbox.json")
    store.compact_at = 4000
    for number in range(12):
        store.update(f"m{number}", set_subject(f"emne {number}"))
    found = scan(store.journal.path)
    assert found is not None
    assert found.size < 4000 + 2000  # compacted along the way
    data = json.loads(store.path.read_bytes())
    assert data["meta"]["1"]["revision"] == found.base
    assert found.base + len(found.records) == store.revision()
    fresh = Store(store.path)
    assert [m.subject for m in sorted(fresh.messages(), key=lambda m: m.id)][:3] == [
        "emne 0",
        "emne 1",
        "emne 10",
    ]


def test_a_crash_between_the_new_snapshot_and_the_new_journal_loses_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = filled(tmp_path / "inbox.json")
    store.update("m1", set_subject("in the journal"))

    def killed(self: Journal, base: int) -> int:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(Journal, "start", killed)
    with pytest.raises(StoreWriteError):
        store.compact()
    monkeypatch.undo()
    # The new snapshot is there with the old journal: its records are not applied twice.
    fresh = Store(store.path)
    assert fresh.get("m1").subject == "in the journal"
    assert fresh.revision() == store.revision()
    fresh.update("m2", set_subject("after the crash"))
    assert Store(store.path).get("m2").subject == "after the crash"
    assert len(Store(store.path).messages()) == 20


@pytest.mark.parametrize(
    "tail",
    [b"0000", b'deadbeef 99 {"tables":{}}\n', b'1234abcd 7 {"tab'],
    ids=["cut-in-the-checksum", "wrong-checksum", "cut-in-the-record"],
)
def test_a_torn_last_record_is_ignored_then_cut_off(tmp_path: Path, tail: bytes) -> None:
    store = filled(tmp_path / "inbox.json")
    store.update("m1", set_subject("acknowledged"))
    revision = store.revision()
    with open(store.journal.path, "ab") as journal:
        journal.write(tail)  # what a writer killed in the middle of its record leaves
    reader = Store(store.path)
    assert reader.get("m1").subject == "acknowledged"
    assert reader.revision() == revision
    assert reader.changes_since(revision - 1).revision == revision
    reader.update("m2", set_subject("next"))  # cuts the torn bytes off first
    assert tail not in store.journal.path.read_bytes()
    again = Store(store.path)
    assert again.get("m2").subject == "next"
    assert again.revision() == revision + 1


def test_a_failed_append_leaves_no_torn_record(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = filled(tmp_path / "inbox.json")
    size = store.journal.path.stat().st_size

    def failing_fsync(descriptor: int) -> None:
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(journal_module.os, "fdatasync", failing_fsync)
    with pytest.raises(StoreWriteError):
        store.update("m1", set_subject("never acknowledged"))
    monkeypatch.undo()
    assert store.journal.path.stat().st_size == size
    assert store.get("m1").subject == "Flytte time"
    store.update("m1", set_subject("acknowledged"))
    assert Store(store.path).get("m1").subject == "acknowledged"


def test_a_failed_change_leaves_the_kept_inbox_as_it_was(tmp_path: Path) -> None:
    store = filled(tmp_path / "inbox.json")

    def broken(message: object) -> None:
        message.subject = "halfway"  # type: ignore[attr-defined]
        raise ValueError("halfway")

    with pytest.raises(ValueError, match="halfway"):
        store.update("m1", broken)
    assert store.get("m1").subject == "Flytte time"


def test_the_daily_backup_holds_what_only_the_journal_held(
    tmp_path: Path, clock: FakeClock
) -> None:
    store = Store(tmp_path / "inbox.json", clock=clock)
    store.add([seed_message(f"m{n}", START) for n in range(5)])
    store.update("m1", set_subject("only in the journal"))  # today's copy is made before this
    assert "only in the journal" in store.journal.path.read_text(encoding="utf-8")
    assert "only in the journal" not in store.path.read_text(encoding="utf-8")
    clock.advance(days=1)
    store.update("m2", set_subject("tomorrow"))  # tomorrow's first change copies the inbox
    copy = store.backups.daily_copies(store.path)[0]
    assert clock.now.date().isoformat() in copy.name
    data = json.loads(copy.read_bytes())
    stored = {document["id"]: document for document in data["messages"].values()}
    assert stored["m1"]["subject"] == "only in the journal"  # the journal's change is in it
    assert stored["m2"]["subject"] == "Flytte time"  # as it was before the change
    assert Store(copy).get("m1").subject == "only in the journal"  # a copy loads on its own


def test_a_version_2_file_is_migrated_with_a_backup_first(tmp_path: Path, clock: FakeClock) -> None:
    path = tmp_path / "inbox.json"
    message = seed_message("old", START)
    old = {"meta": {"1": {"schema_version": 2}}, "messages": {"1": message.to_dict()}}
    path.write_bytes(json.dumps(old).encode())
    os.chmod(path, 0o600)
    store = Store(path, clock=clock)
    store.prepare()
    data = json.loads(path.read_bytes())
    assert data["meta"]["1"] == {"schema_version": SCHEMA_VERSION, "revision": 1}
    assert store.backups.copies()[0].name.startswith("inbox.v2-")
    store.update("old", set_subject("after"))
    assert Store(path).get("old").subject == "after"


def test_the_journal_has_the_database_files_permissions(tmp_path: Path) -> None:
    store = filled(tmp_path / "inbox.json")
    store.update("m1", set_subject("x"))
    assert stat.S_IMODE(store.journal.path.stat().st_mode) == 0o600
    os.chmod(store.journal.path, 0o644)
    assert any(str(store.journal.path) in warning for warning in store.warnings())
    store.update("m1", set_subject("y"))
    assert stat.S_IMODE(store.journal.path.stat().st_mode) == 0o600


def test_the_purge_leaves_no_erased_byte_in_the_journal(
    demo_inbox: Inbox, clock: FakeClock
) -> None:
    from tui.core.privacy.retention import purge_expired

    store = demo_inbox.store
    message = seed_message("closed", clock.now - timedelta(days=2))
    message.patient_name = "Kari Journaltestperson"
    message.status = Status.CLOSED
    store.add([message])

    def touch(stored):  # type: ignore[no-untyped-def]
        stored.closed_reason = "pasienten er ringt"

    store.update("closed", touch)
    secret = b"Kari Journaltestperson"
    assert secret in store.journal.path.read_bytes()  # both records have it
    clock.advance(days=demo_inbox.config.retention_days + 5)
    purge_expired(demo_inbox)
    for path in (store.path, store.journal.path):
        assert secret not in path.read_bytes(), path.name
    assert store.get("closed").patient_name == ""


def test_the_journal_sits_beside_the_database() -> None:
    assert journal_path(Path("/data/inbox.json")) == Path("/data/inbox.json.journal")
    assert journal_module.wants_compaction(2 << 20, 1 << 20)
    assert not journal_module.wants_compaction(100_000, 1 << 20)


def test_status_changes_reach_another_reader(tmp_path: Path) -> None:
    store = filled(tmp_path / "inbox.json")
    reader = Store(store.path, keep_state=False)
    seen = reader.revision()

    def answer(message):  # type: ignore[no-untyped-def]
        message.status = Status.CLOSED

    store.update("m5", answer)
    changed = reader.changes_since(seen).messages["m5"]
    assert changed is not None
    assert changed.status is Status.CLOSED


def test_the_snapshot_has_one_document_a_line_and_stays_a_tinydb_file(tmp_path: Path) -> None:
    from tinydb import TinyDB

    store = filled(tmp_path / "inbox.json", count=5)
    store.update("m1", set_subject("in the journal"))
    store.compact()
    lines = store.path.read_bytes().split(b"\n")
    assert sum(1 for line in lines if line.startswith(b'"') and b'"id":"m' in line) == 5
    with TinyDB(store.path, access_mode="r") as database:
        assert {document["id"] for document in database.table("messages")} == {
            f"m{n}" for n in range(5)
        }


def test_a_session_reads_one_document_at_a_time_what_a_whole_read_gives(tmp_path: Path) -> None:
    store = filled(tmp_path / "inbox.json")
    store.compact()
    store.update("m1", set_subject("changed"))
    store.add([seed_message("late", START)])

    def remove_m2(message):  # type: ignore[no-untyped-def]
        return message.id == "m2"

    store.archive(remove_m2, lambda message: None)
    session = Store(store.path, keep_state=False)
    assert session._streamed_messages() is not None  # read line by line
    whole = Store(store.path)  # keeps the state: reads the file whole
    assert session.messages_at() == whole.messages_at()
    assert session.messages_at()[1] == store.revision()


def test_a_snapshot_edited_by_hand_is_still_read(tmp_path: Path) -> None:
    store = filled(tmp_path / "inbox.json", count=3)
    data = json.loads(store.path.read_bytes())
    store.path.write_text(json.dumps(data, indent=2), encoding="utf-8")  # another layout
    session = Store(store.path, keep_state=False)
    assert session._streamed_messages() is None
    assert len(session.messages()) == 3


def test_a_damaged_line_is_reported_as_a_damaged_file(tmp_path: Path) -> None:
    from tui.core.store.store import DatabaseUnusableError

    store = filled(tmp_path / "inbox.json", count=3)
    store.compact()
    raw = store.path.read_bytes()
    store.path.write_bytes(raw.replace(b'"id":"m1"', b'"id":m1"'))
    with pytest.raises(DatabaseUnusableError, match="skadet"):
        Store(store.path, keep_state=False).messages()


def test_a_session_with_nothing_to_archive_takes_no_lock(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = filled(tmp_path / "inbox.json", count=3)
    store.compact()
    session = Store(store.path, keep_state=False)
    locked: list[int] = []
    real = Store._locked

    def counted(self: Store):  # type: ignore[no-untyped-def]
        locked.append(1)
        return real(self)

    monkeypatch.setattr(Store, "_locked", counted)
    session.prepare()
    assert session.archive(lambda message: False, lambda message: None) == []
    assert locked == []
    assert len(session.archive(lambda message: message.id == "m1", lambda message: None)) == 1
    assert locked == [1]


def test_a_session_reads_the_roster_alone_from_snapshot_and_journal(tmp_path: Path) -> None:
    store = filled(tmp_path / "inbox.json", count=3)
    store.update_roster_data(lambda roster: {"weeks": 1})
    store.compact()
    session = Store(store.path, keep_state=False)
    assert session.roster_data() == {"weeks": 1}
    store.update_roster_data(lambda roster: {**roster, "weeks": 2})  # in the journal
    assert session.roster_data() == store.roster_data() == {"weeks": 2}


def test_a_snapshot_damaged_behind_the_journal_is_noticed_by_a_reader(tmp_path: Path) -> None:
    """A change to the snapshot that no journal record tells of (a damage, a restore by hand)
    makes the next `changes_since` read everything again, and so report the damage."""
    from tui.core.store.dbfile import DatabaseUnusableError

    path = tmp_path / "inbox.json"
    filled(path)
    reader = Store(path, keep_state=False)
    _messages, revision = reader.messages_at()
    assert reader.changes_since(revision).messages == {}
    path.write_text("{ikke json", encoding="utf-8")
    with pytest.raises(DatabaseUnusableError):
        reader.changes_since(revision)
