"""The file store's own: its files, modes, backups, bad files reported and never overwritten.

What every store does (adds, transactions, archive, schema refusal) is the contract suite,
test_store_contract.py, run against both stores."""

from __future__ import annotations

import errno
import grp
import json
import os
import shutil
import stat
import subprocess
import sys
import textwrap
from datetime import timedelta
from pathlib import Path

import pytest

from tests.conftest import REPO, FakeClock
from tui.core.model import Category, Status
from tui.core.store import dbfile
from tui.core.store.store import (
    SCHEMA_VERSION,
    DatabaseUnusableError,
    Store,
    StoreError,
    StoreWriteError,
)
from tui.core.workflow.inbox import Inbox


def mode_of(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_file_is_json_with_schema_version_and_owner_only(demo_inbox: Inbox) -> None:
    path = demo_inbox.store.path
    data = json.loads(path.read_text(encoding="utf-8"))
    assert next(iter(data["meta"].values()))["schema_version"] == SCHEMA_VERSION
    assert len(data["messages"]) == len(demo_inbox.messages())
    assert mode_of(path) == 0o600


def test_missing_file_is_an_empty_inbox(tmp_path: Path) -> None:
    assert Store(tmp_path / "nothing-here.json").messages() == []
    assert not (tmp_path / "nothing-here.json").exists()


def test_no_lock_or_temporary_file_is_left_behind(demo_inbox: Inbox) -> None:
    first = demo_inbox.messages()[0]
    demo_inbox.mark_answered(first.id)
    demo_inbox.claim(demo_inbox.messages()[0].id)
    demo_inbox.release_claim()
    folder = demo_inbox.store.path.parent
    assert sorted(p.name for p in folder.iterdir()) == ["inbox-backups", "inbox.json"]


def test_stale_temporary_files_of_killed_writers_are_removed(demo_inbox: Inbox) -> None:
    folder = demo_inbox.store.path.parent
    stale = folder / ".inbox.json.tmp-ab12cd_9"
    stale.write_bytes(b'{"half": ')
    other_database = folder / ".inbox.json.old.tmp-ab12cd_9"
    other_database.write_bytes(b"")
    unrelated = folder / "notes.tmp-ab12cd_9"
    unrelated.write_bytes(b"")
    demo_inbox.mark_answered(demo_inbox.messages()[0].id)
    assert not stale.exists()
    assert other_database.exists()
    assert unrelated.exists()


# Bad files ------------------------------------------------------------------------------------


def test_corrupt_file_is_reported_and_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "inbox.json"
    path.write_text('{"messages": {"1": {"id": ', encoding="utf-8")
    store = Store(path)
    with pytest.raises(DatabaseUnusableError, match="skadet") as caught:
        store.messages()
    assert str(path) in str(caught.value)
    assert "ingen sikkerhetskopi" in str(caught.value)
    with pytest.raises(DatabaseUnusableError, match="skadet"):
        store.update("x", lambda message: None)
    with pytest.raises(DatabaseUnusableError, match="skadet"):
        store.prepare()
    assert path.read_text(encoding="utf-8") == '{"messages": {"1": {"id": '


def test_corrupt_file_names_the_last_good_backup(
    demo_inbox: Inbox, clock: FakeClock, db_path: Path
) -> None:
    store = Store(db_path, clock=clock)
    store.update(demo_inbox.messages()[0].id, lambda message: None)
    clock.advance(days=1)
    store.update(demo_inbox.messages()[1].id, lambda message: None)
    backups = store.backups.daily_copies(db_path)
    assert [p.name for p in backups] == ["inbox.2026-11-27.json", "inbox.2026-11-26.json"]
    backups[0].write_text("garbage")  # the newest copy is damaged too: name the one before
    db_path.write_text("{not json")
    with pytest.raises(DatabaseUnusableError) as caught:
        store.messages()
    assert f"Siste gode sikkerhetskopi: {backups[1]}" in str(caught.value)
    assert db_path.read_text() == "{not json"


def test_newer_schema_is_refused_and_never_written(demo_inbox: Inbox) -> None:
    path = demo_inbox.store.path
    first = demo_inbox.messages()[0]
    data = json.loads(path.read_text(encoding="utf-8"))
    next(iter(data["meta"].values()))["schema_version"] = SCHEMA_VERSION + 1
    path.write_text(json.dumps(data), encoding="utf-8")
    before = path.read_bytes()
    with pytest.raises(
        DatabaseUnusableError, match=f"skjemaversjon {SCHEMA_VERSION + 1}"
    ) as caught:
        demo_inbox.mark_answered(first.id)
    assert "oppdater programmet" in str(caught.value)
    with pytest.raises(DatabaseUnusableError):
        demo_inbox.messages()
    assert path.read_bytes() == before


def test_version_0_is_migrated_with_a_backup_first(tmp_path: Path, clock: FakeClock) -> None:
    path = tmp_path / "inbox.json"
    old = {
        "_default": {
            "1": {
                "id": "gammel-1",
                "received": "2026-11-20T09:00:00+01:00",
                "deadline": "2026-11-26",
                "department": "ORT",
                "text": "Jeg vil flytte timen.",
                "category": "endring",
                "status": "ny",
            }
        }
    }
    path.write_text(json.dumps(old), encoding="utf-8")
    original = path.read_bytes()
    store = Store(path, clock=clock)
    assert [m.id for m in store.messages()] == ["gammel-1"]  # readable before migrating
    assert path.read_bytes() == original  # reading never writes

    store.prepare()
    data = json.loads(path.read_text(encoding="utf-8"))
    assert set(data) == {"meta", "messages"}
    assert data["meta"]["1"]["schema_version"] == SCHEMA_VERSION
    migrated = store.get("gammel-1")
    assert (migrated.revision, migrated.history, migrated.claimed_by) == (0, [], "")
    backup = store.backups.folder / "inbox.v0-20261126T100000.json"
    assert backup.read_bytes() == original
    assert mode_of(backup) == 0o600


def test_daily_backups_rotate_and_are_owner_only(demo_inbox: Inbox, clock: FakeClock) -> None:
    store = Store(demo_inbox.store.path, clock=clock)
    first = demo_inbox.messages()[0]
    for _day in range(8):
        store.update(first.id, lambda message: None)
        store.update(first.id, lambda message: None)  # a second change the same day: no copy
        clock.advance(days=1)
    copies = store.backups.daily_copies(store.path)
    assert [p.name for p in copies] == [f"inbox.2026-12-{day:02d}.json" for day in (3, 2, 1)] + [
        "inbox.2026-11-30.json",
        "inbox.2026-11-29.json",
    ]
    assert mode_of(store.backups.folder) == 0o700
    for copy in copies:
        assert mode_of(copy) == 0o600
        json.loads(copy.read_bytes())


def test_disk_full_leaves_the_previous_file(
    demo_inbox: Inbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = demo_inbox.store.path
    demo_inbox.set_category(demo_inbox.messages()[0].id, Category.ANNET)  # today's backup
    before = path.read_bytes()
    real_write = os.write
    written = []

    def full_disk(descriptor: int, data: bytes | memoryview) -> int:
        if written:
            raise OSError(errno.ENOSPC, "No space left on device")
        written.append(1)
        return real_write(descriptor, data[: len(data) // 2])

    monkeypatch.setattr(dbfile.os, "write", full_disk)
    with pytest.raises(StoreWriteError) as caught:
        demo_inbox.mark_answered(demo_inbox.messages()[0].id)
    message = str(caught.value)
    assert "disken er full" in message
    assert str(path) in message
    assert "forrige versjonen av filen er urørt" in message
    assert path.read_bytes() == before
    assert not [p for p in path.parent.iterdir() if p.name.startswith(".")]


def test_failing_fsync_leaves_the_previous_file(
    demo_inbox: Inbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = demo_inbox.store.path
    before = path.read_bytes()

    def no_space(descriptor: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(dbfile.os, "fsync", no_space)
    with pytest.raises(StoreWriteError, match="disken er full"):
        demo_inbox.mark_answered(demo_inbox.messages()[0].id)
    assert path.read_bytes() == before


READ_ONLY_ATTEMPT = textwrap.dedent(
    """
    import sys
    from tui.core.store.store import Store, StoreError
    store = Store(sys.argv[1])
    print(len(store.messages()))
    try:
        store.update(sys.argv[2], lambda message: None)
    except StoreError as error:
        print(error)
    """
)

# Root ignores file permissions: there, the folder is made read-only by a read-only bind
# mount in a private mount namespace (nothing changes outside the child process).
READ_ONLY_MOUNT = 'mount --bind "$0" "$0" && mount -o remount,bind,ro "$0" && exec "$@"'


def test_read_only_folder_gives_a_clear_message(demo_inbox: Inbox, tmp_path: Path) -> None:
    path = demo_inbox.store.path
    first = demo_inbox.messages()[0]
    before = path.read_bytes()
    attempt = [sys.executable, "-c", READ_ONLY_ATTEMPT, str(path), first.id]
    if os.geteuid() == 0:
        if shutil.which("unshare") is None:
            pytest.skip("running as root without unshare: no way to make a folder read-only")
        command = ["unshare", "--mount", "sh", "-c", READ_ONLY_MOUNT, str(tmp_path), *attempt]
        reason = "skrivebeskyttet filsystem"
    else:
        command = attempt
        reason = "skrivetilgang"
        os.chmod(tmp_path, 0o555)
    try:
        result = subprocess.run(
            command, capture_output=True, text=True, check=True, cwd=REPO, timeout=60
        )
    finally:
        os.chmod(tmp_path, 0o700)
    count, message = result.stdout.splitlines()
    assert int(count) == len(demo_inbox.messages())  # reading still works
    assert f"Kunne ikke lagre i {path}" in message
    assert reason in message
    assert "forrige versjonen av filen er urørt" in message
    assert path.read_bytes() == before


# Permissions ----------------------------------------------------------------------------------


def test_shared_group_makes_files_group_read_write(tmp_path: Path, inbox: Inbox) -> None:
    group = grp.getgrgid(os.getgid()).gr_name
    path = tmp_path / "avdeling" / "inbox.json"
    store = Store(path, group=group)
    store.prepare()
    first = inbox.new_message(
        message_id="m1", received=inbox.clock(), department="ORT", text="Flytte timen?"
    )
    store.add([first])
    store.update("m1", lambda message: setattr(message, "status", Status.ANSWERED))
    store.archive(lambda message: True, lambda message: None)
    archive = store.archive_path(2026)
    for file in (path, archive, *store.backups.folder.iterdir()):
        assert mode_of(file) == 0o660, file
        assert file.stat().st_gid == os.getgid()
    assert mode_of(path.parent) == 0o2770
    assert mode_of(store.backups.folder) == 0o2770


def test_unknown_shared_group_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="Gruppen «finnes-ikke-gruppe»"):
        Store(tmp_path / "inbox.json", group="finnes-ikke-gruppe").prepare()


def test_world_readable_database_is_warned_about(demo_inbox: Inbox) -> None:
    store = demo_inbox.store
    assert store.warnings() == []
    os.chmod(store.path, 0o644)
    (warning,) = store.warnings()
    assert str(store.path) in warning
    assert "alle brukere" in warning
    assert "chmod 600" in warning
    demo_inbox.mark_answered(demo_inbox.messages()[0].id)
    assert mode_of(store.path) == 0o600  # the next change writes an owner-only file
    assert store.warnings() == []


def test_messages_before_and_after_a_day(demo_inbox: Inbox, clock: FakeClock) -> None:
    """Sanity for the fixed clock: a day later the same inbox still loads."""
    clock.advance(days=1)
    assert demo_inbox.messages()
    assert clock.now - timedelta(days=1) < clock.now
