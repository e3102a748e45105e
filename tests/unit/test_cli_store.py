"""The command line refuses a database it cannot use before the app takes the terminal."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from tests.conftest import FakeClock
from tui.cli import main
from tui.core.store.store import SCHEMA_VERSION, Store
from tui.core.workflow.inbox import Inbox


def test_corrupt_database_stops_the_app_with_file_and_backup_named(
    demo_inbox: Inbox, clock: FakeClock, capsys: pytest.CaptureFixture[str]
) -> None:
    path = demo_inbox.store.path
    store = Store(path, clock=clock)
    store.update(demo_inbox.messages()[0].id, lambda message: None)  # makes today's backup
    (backup,) = store.backups.daily_copies(path)
    path.write_bytes(b"\x00\x00\x00")
    assert main(["--db", str(path)]) == 1
    error = capsys.readouterr().err
    assert f"Databasen {path} er skadet" in error
    assert f"Siste gode sikkerhetskopi: {backup}" in error
    assert path.read_bytes() == b"\x00\x00\x00"


def test_newer_schema_stops_the_app(demo_inbox: Inbox, capsys: pytest.CaptureFixture[str]) -> None:
    path = demo_inbox.store.path
    data = json.loads(path.read_text(encoding="utf-8"))
    data["meta"]["1"]["schema_version"] = SCHEMA_VERSION + 7
    path.write_text(json.dumps(data), encoding="utf-8")
    before = path.read_bytes()
    assert main(["--db", str(path)]) == 1
    assert f"skjemaversjon {SCHEMA_VERSION + 7}" in capsys.readouterr().err
    assert main(["list", "--db", str(path)]) == 1
    assert path.read_bytes() == before


def test_list_warns_about_a_world_readable_database(
    demo_inbox: Inbox, capsys: pytest.CaptureFixture[str]
) -> None:
    path = demo_inbox.store.path
    os.chmod(path, 0o644)
    assert main(["list", "--db", str(path)]) == 0
    captured = capsys.readouterr()
    assert "kan leses av alle brukere" in captured.err
    assert captured.out.count("\n") == len(demo_inbox.messages())


def test_a_new_database_is_created_owner_only(tmp_path: Path) -> None:
    path = tmp_path / "ny" / "inbox.json"
    Store(path).prepare()
    assert path.stat().st_mode & 0o777 == 0o600
    assert path.parent.stat().st_mode & 0o777 == 0o700
