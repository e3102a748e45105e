"""The command line and patient data: exports without it unless asked (and then recorded),
output files owner-only, and `timedialog purge`."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest

from tests.conftest import REPO, FakeClock
from tests.helpers.patients import ASE
from tui.cli import main
from tui.core.config.config import Config
from tui.core.patient_data import PATIENT_KEYS, STATISTICS_KEYS, is_erased
from tui.core.store.store import Store, StoreWriteError
from tui.core.workflow.inbox import Inbox, oslo_now

EXAMPLE = str(REPO / "data" / "config.example.toml")


def patient_texts(inbox: Inbox) -> list[str]:
    """Every name, number, subject and text in the inbox (the demo's test persons)."""
    found = []
    for message in inbox.messages():
        found += [message.patient_name, message.patient_id, message.subject, message.text]
    return [value for value in found if value]


def test_list_json_holds_no_patient_data(
    demo_inbox: Inbox, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["list", "--json", "--db", str(demo_inbox.store.path), "--config", EXAMPLE]) == 0
    out = capsys.readouterr().out
    rows = json.loads(out)
    assert len(rows) == len(demo_inbox.messages())
    assert all(tuple(row) == STATISTICS_KEYS for row in rows)
    assert [value for value in patient_texts(demo_inbox) if value in out] == []
    assert demo_inbox.store.export_log() == []  # nothing to record


def test_list_lines_hold_no_patient_data(
    demo_inbox: Inbox, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["list", "--db", str(demo_inbox.store.path), "--config", EXAMPLE]) == 0
    out = capsys.readouterr().out
    assert out.count("\n") == len(demo_inbox.messages())
    assert [value for value in patient_texts(demo_inbox) if value in out] == []


def test_with_patient_data_the_export_is_recorded_and_masked(
    demo_inbox: Inbox, capsys: pytest.CaptureFixture[str]
) -> None:
    db = str(demo_inbox.store.path)
    argv = ["list", "--json", "--with-patient-data", "--db", db, "--user", "per"]
    assert main([*argv, "--config", EXAMPLE, "Kari"]) == 0
    captured = capsys.readouterr()
    rows = json.loads(captured.out)
    assert len(rows) == 1
    assert tuple(rows[0]) == STATISTICS_KEYS + PATIENT_KEYS
    assert rows[0]["patient_name"] == "Kari Testesen"
    assert rows[0]["patient_id_masked"] == "028298*****"
    assert "02829814857" not in captured.out  # the whole number never leaves the detail pane
    assert "loggført" in captured.err
    (record,) = demo_inbox.store.export_log()
    assert record["user"] == "per"
    assert record["command"] == "list --json --with-patient-data"
    assert (record["count"], record["ids"]) == (1, [rows[0]["id"]])
    assert "Kari" not in json.dumps(record)  # the search words are not kept


def test_no_record_no_export(
    demo_inbox: Inbox, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def full_disk(_self: Store, _record: object) -> None:
        raise StoreWriteError("Kunne ikke lagre: disken er full.")

    monkeypatch.setattr(Store, "log_export", full_disk)
    db = str(demo_inbox.store.path)
    assert main(["list", "--with-patient-data", "--db", db, "--config", EXAMPLE]) == 1
    captured = capsys.readouterr()
    assert "disken er full" in captured.err
    assert [value for value in patient_texts(demo_inbox) if value in captured.out] == []


def test_output_redirected_into_a_file_is_owner_only(tmp_path: Path, demo_inbox: Inbox) -> None:
    out = tmp_path / "eksport.json"
    command = (
        f"umask 022; {sys.executable} -m tui list --json --with-patient-data "
        f"--db {demo_inbox.store.path} --config {EXAMPLE} > {out}"
    )
    subprocess.run(["sh", "-c", command], check=True, cwd=REPO, stdin=subprocess.DEVNULL)
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert len(json.loads(out.read_text(encoding="utf-8"))) == len(demo_inbox.messages())


def closed_long_ago(tmp_path: Path, config: Config, days: int) -> Inbox:
    """A database with Åse's message, answered and closed `days` before the real today."""
    clock = FakeClock(oslo_now() - timedelta(days=days))
    inbox = Inbox(Store(tmp_path / "inbox.json"), config, "kari", clock)
    message = inbox.new_message(
        message_id="ase",
        received=clock.now,
        department="ORT",
        text=ASE.text,
        patient_name=ASE.name,
        patient_id=ASE.national_id,
    )
    inbox.add_messages([message])
    inbox.close_without_reply("ase", "Duplikat")
    return inbox


def test_purge_dry_run_then_purge(
    tmp_path: Path, config: Config, capsys: pytest.CaptureFixture[str]
) -> None:
    """The command runs on the real clock: the message was closed 45 days before today."""
    inbox = closed_long_ago(tmp_path, config, days=45)
    db = str(inbox.store.path)
    before = inbox.store.path.read_bytes()
    assert main(["purge", "--dry-run", "--db", db, "--config", EXAMPLE]) == 0
    out = capsys.readouterr().out
    assert "Prøvekjøring" in out
    assert "ase  ORT" in out
    assert "navn, fødselsnummer" in out
    assert ASE.family not in out
    assert inbox.store.path.read_bytes() == before

    assert main(["purge", "--db", db, "--config", EXAMPLE]) == 0
    assert "Slettet personopplysninger i 1 melding og" in capsys.readouterr().out
    assert is_erased(inbox.store.get("ase"))
    assert ASE.family.encode() not in inbox.store.path.read_bytes()


def test_purge_keeps_what_is_within_the_retention_time(
    tmp_path: Path, config: Config, capsys: pytest.CaptureFixture[str]
) -> None:
    inbox = closed_long_ago(tmp_path, config, days=20)
    assert main(["purge", "--db", str(inbox.store.path), "--config", EXAMPLE]) == 0
    assert "Ingen personopplysninger å slette (oppbevaringstid 30 dager)" in (
        capsys.readouterr().out
    )
    assert inbox.store.get("ase").patient_name == ASE.name


def test_purge_warns_about_files_too_open(
    tmp_path: Path, config: Config, capsys: pytest.CaptureFixture[str]
) -> None:
    inbox = closed_long_ago(tmp_path, config, days=20)
    os.chmod(inbox.store.path, 0o640)
    assert main(["purge", "--db", str(inbox.store.path), "--config", EXAMPLE]) == 0
    err = capsys.readouterr().err
    assert "kan leses av gruppen" in err
    assert "chmod 600" in err
