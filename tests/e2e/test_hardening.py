"""Smaller guards around patient data: private export files, no core dumps, errors that quote
no stored value, and what the purge leaves of an appointment."""

from __future__ import annotations

import json
import os
import re
import stat
import subprocess
from collections.abc import Iterator
from pathlib import Path

import orjson
import pytest

from tests.conftest import REPO
from tests.helpers.terminal import Tmux, installed_command, wait_for
from tui.core.store.schema import MESSAGES
from tui.core.workflow.inbox import Inbox

EXAMPLE = str(REPO / "data" / "config.example.toml")
NAME, NUMBER = "Line Danser", "13116900216"


def run(*args: str, umask: int = 0o022) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [installed_command(), *args, "--config", EXAMPLE],
        capture_output=True,
        text=True,
        check=False,
        preexec_fn=lambda: os.umask(umask),
    )


# --output ----------------------------------------------------------------------------------


def test_an_export_to_a_file_is_owner_only_whatever_the_umask(
    demo_inbox: Inbox, tmp_path: Path
) -> None:
    target = tmp_path / "eksport.json"
    db = str(demo_inbox.store.path)
    done = run(
        "list", "--json", "--with-patient-data", "--output", str(target), "--db", db, umask=0
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout == ""
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    rows = json.loads(target.read_text(encoding="utf-8"))
    assert len(rows) == len(demo_inbox.messages())
    assert demo_inbox.store.export_log()[-1]["count"] == len(rows)


def test_an_existing_file_or_a_link_is_never_written_over(
    demo_inbox: Inbox, tmp_path: Path
) -> None:
    db = str(demo_inbox.store.path)
    existing = tmp_path / "finnes.txt"
    existing.write_text("mitt eget\n", encoding="utf-8")
    link = tmp_path / "lenke.txt"
    link.symlink_to(existing)
    for target in (existing, link):
        refused = run("list", "--with-patient-data", "--output", str(target), "--db", db)
        assert refused.returncode == 2
        assert "finnes fra før" in refused.stderr
    assert existing.read_text(encoding="utf-8") == "mitt eget\n"
    assert demo_inbox.store.export_log() == []  # refused before anything was recorded


# Core dumps ----------------------------------------------------------------------------------


@pytest.fixture
def tmux(tmp_path: Path) -> Iterator[Tmux]:
    terminal = Tmux(tmp_path)
    yield terminal
    terminal.kill()


def app_pid(tmux: Tmux) -> int:
    pane = int(tmux.run("display-message", "-p", "#{pane_pid}").stdout)
    children = Path(f"/proc/{pane}/task/{pane}/children").read_text().split()
    return int(children[0]) if children else pane


def test_the_running_app_can_dump_no_core(tmux: Tmux, tmp_path: Path) -> None:
    tmux.start(f"{installed_command()} --demo", env={"HOME": str(tmp_path), "LANG": "C.UTF-8"})
    tmux.wait_for_screen("åpne")
    limits = Path(f"/proc/{app_pid(tmux)}/limits").read_text()
    (line,) = [line for line in limits.splitlines() if line.startswith("Max core file size")]
    assert line.split()[4:6] == ["0", "0"]  # soft and hard: nothing later can raise it


# Error messages --------------------------------------------------------------------------------


def damaged(demo_inbox: Inbox, key: str, value: object) -> str:
    """The database with one message's `key` replaced by `value` (as a damaged file might)."""
    path = demo_inbox.store.path
    data = orjson.loads(path.read_bytes())
    first = next(iter(data[MESSAGES].values()))
    first[key] = value
    path.write_bytes(orjson.dumps(data))
    return str(path)


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("received", f"{NAME} {NUMBER}"),
        ("status", f"{NAME} {NUMBER}"),
        ("deadline", [NAME, NUMBER]),
        ("history", [{"when": f"{NAME} {NUMBER}", "user": "kari"}]),
    ],
)
def test_a_damaged_database_is_named_but_no_value_in_it_is_quoted(
    demo_inbox: Inbox, key: str, value: object
) -> None:
    db = damaged(demo_inbox, key, value)
    for args in (["list"], ["--lang", "en", "list"], []):
        failed = run(*args, "--db", db)
        assert failed.returncode == 1, failed.stderr
        said = failed.stdout + failed.stderr
        assert db in said
        assert "Danser" not in said
        assert NUMBER not in said


def test_broken_json_and_an_odd_schema_version_are_described_not_quoted(
    demo_inbox: Inbox,
) -> None:
    path = demo_inbox.store.path
    raw = path.read_bytes()
    path.write_bytes(raw.replace(b'"text":"', f'"text":{NAME} {NUMBER} "'.encode(), 1))
    failed = run("list", "--db", str(path))
    assert failed.returncode == 1
    assert re.search(r"ugyldig JSON på linje \d+", failed.stderr)  # one document a line
    assert NUMBER not in failed.stderr
    data = orjson.loads(raw)
    data["meta"] = {"1": {"schema_version": f"{NAME} {NUMBER}"}}
    path.write_bytes(orjson.dumps(data))
    failed = run("list", "--db", str(path))
    assert failed.returncode == 1
    assert "skjemaversjon ?" in failed.stderr
    assert NUMBER not in failed.stderr


def test_in_the_app_too(demo_inbox: Inbox, tmux: Tmux) -> None:
    db = damaged(demo_inbox, "received", f"{NAME} {NUMBER}")
    tmux.start(f"{installed_command()} --db {db} --config {EXAMPLE}")
    wait_for(
        # Wrapped at the terminal's edge: within a word, or where a space was.
        lambda: any(
            "Filen er ikke endret" in screen
            for screen in (tmux.screen().replace("\n", ""), " ".join(tmux.screen().split()))
        ),
        what="the error",
    )
    screen = tmux.screen().replace("\n", "")  # the terminal wrapped the lines
    assert "Danser" not in screen
    assert NUMBER not in screen
