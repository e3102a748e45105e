"""A crash shows where it happened, never the patient: no locals, no error text, no log file.

The app runs as a real process in a pseudo-terminal on a database holding one test patient.
A programming error is triggered while the message is shown: the error's own text and the
local variables of the failing frames hold the patient's name, number and words. Everything
the process writes (terminal, standard error) and every file it leaves is searched.
"""

from __future__ import annotations

import fcntl
import os
import re
import select
import struct
import subprocess
import sys
import termios
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import REPO, FakeClock
from tests.helpers.patients import ASE, encodings
from tui.cli import main
from tui.core.config.config import Config
from tui.core.store.store import Store
from tui.core.workflow.inbox import Inbox
from tui.crash import crash_traceback, hidden_text

DRIVER = """
import sys
from textual.app import App
from tui import app as tui_app
from tui.widgets import message_detail

if sys.argv[1] == "textual-default":
    tui_app.TimedialogApp._fatal_error = App._fatal_error


def fail_while_showing(view, national_id=""):
    message = view.message
    everything = f"{message.patient_name} {message.patient_id} {message.text}"
    raise ValueError(everything)


message_detail.render_detail = fail_while_showing
from tui.cli import main

sys.exit(main(sys.argv[2:]))
"""

ANSI = re.compile(
    rb"\x1b\[[0-9;?<=>]*[ -/]*[@-~]"  # CSI: colours, cursor moves
    rb"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)"  # OSC: title, clipboard
    rb"|\x1b[()][0-9A-B]|\x1b[=>78cMNO]"
)


@dataclass(frozen=True)
class Run:
    code: int
    terminal: bytes
    stderr: bytes


def run_in_pty(argv: list[str], env: dict[str, str], timeout: float = 30.0) -> Run:
    """Run `argv` on an 80x24 pseudo-terminal (standard error apart); read until it exits."""
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    process = subprocess.Popen(
        argv, stdin=slave, stdout=slave, stderr=subprocess.PIPE, env=env, start_new_session=True
    )
    os.close(slave)
    assert process.stderr is not None
    terminal = bytearray()
    stderr = bytearray()
    deadline = time.monotonic() + timeout
    streams = {master: terminal, process.stderr.fileno(): stderr}
    try:
        while streams and time.monotonic() < deadline:
            ready, _, _ = select.select(list(streams), [], [], 0.2)
            for fd in ready:
                try:
                    chunk = os.read(fd, 65536)
                except OSError:
                    chunk = b""
                if chunk:
                    streams[fd] += chunk
                else:
                    del streams[fd]
        code = process.wait(timeout=max(1.0, deadline - time.monotonic()))
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        os.close(master)
        process.stderr.close()
    return Run(code, bytes(terminal), bytes(stderr))


def leaks(data: bytes) -> list[str]:
    """The test patient's data found in `data`, raw or with terminal escapes taken out."""
    plain = ANSI.sub(b"", data)
    return [
        secret
        for secret in ASE.secrets
        if any(form in data or form in plain for form in encodings(secret))
    ]


@pytest.fixture
def patient_db(tmp_path: Path, config: Config) -> Path:
    db = tmp_path / "inbox.json"
    inbox = Inbox(Store(db), config, "kari", FakeClock())
    message = inbox.new_message(
        message_id="x1",
        received=inbox.clock(),
        department="BLOD",
        text=ASE.text,
        subject="Spørsmål om time",  # the inbox row shows the subject: nothing of the patient
        patient_name=ASE.name,
        patient_id=ASE.national_id,
    )
    inbox.add_messages([message])
    return db


def crash(tmp_path: Path, db: Path, mode: str) -> tuple[Run, dict[str, list[str]]]:
    """Crash the app in a pseudo-terminal; return the run and the leaks in files it left."""
    driver = tmp_path / "driver.py"
    driver.write_text(DRIVER, encoding="utf-8")
    env = {
        **os.environ,
        "TERM": "xterm-256color",
        "HOME": str(tmp_path),
        "TEXTUAL_LOG": str(tmp_path / "textual.log"),
        "PYTHONPATH": str(REPO),
    }
    env.pop("TEXTUAL", None)
    config = REPO / "data" / "config.example.toml"
    argv = [sys.executable, str(driver), mode, "--db", str(db), "--config", str(config)]
    run = run_in_pty(argv, env)
    databases = {db, *db.parent.glob("inbox.archive-*.json"), *db.parent.glob("inbox-backups/*")}
    found = {
        str(path.relative_to(tmp_path)): hits
        for path in tmp_path.rglob("*")
        if path.is_file() and path not in databases and (hits := leaks(path.read_bytes()))
    }
    return run, found


def test_a_crash_in_the_app_prints_no_patient_data(tmp_path: Path, patient_db: Path) -> None:
    run, files = crash(tmp_path, patient_db, "timedialog")
    assert run.code == 1
    report = run.stderr.decode("utf-8", "replace")
    assert "programfeil" in report  # the crash did happen, and was reported
    assert "ValueError" in report
    assert "fail_while_showing" in report  # where it happened
    assert hidden_text() in report
    assert leaks(run.terminal) == []
    assert leaks(run.stderr) == []
    assert files == {}
    assert not (tmp_path / "textual.log").exists()  # Textual's developer log is off


def test_textual_s_own_crash_report_would_show_the_patient(
    tmp_path: Path, patient_db: Path
) -> None:
    """The control: the same crash with Textual's report is caught by the same search."""
    run, _files = crash(tmp_path, patient_db, "textual-default")
    assert run.code == 1
    assert set(leaks(run.stderr) + leaks(run.terminal)) >= {ASE.name, ASE.national_id}


def test_a_crash_on_the_command_line_prints_no_patient_data(
    patient_db: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import tui.cli.listing

    def fail(message: object, **_options: object) -> str:
        patient = [ASE.name, ASE.national_id, ASE.text]  # a local the report must not show
        raise KeyError(" ".join(patient))

    monkeypatch.setattr(tui.cli.listing, "_line", fail)
    assert main(["list", "--db", str(patient_db)]) == 1
    captured = capsys.readouterr()
    assert "programfeil" in captured.err
    assert "KeyError" in captured.err
    assert leaks((captured.out + captured.err).encode()) == []


def test_the_crash_traceback_keeps_frames_and_drops_texts_and_locals() -> None:
    def inner() -> None:
        name = ASE.name  # noqa: F841 - a local the report must not show
        try:
            raise OSError(ASE.national_id)
        except OSError as error:
            error.add_note(ASE.text)
            raise RuntimeError(ASE.name) from error

    try:
        inner()
    except RuntimeError as error:
        trace = crash_traceback(error).trace
    assert [stack.exc_type for stack in trace.stacks] == ["RuntimeError", "OSError"]
    assert all(stack.exc_value == hidden_text() for stack in trace.stacks)
    assert all(not stack.notes for stack in trace.stacks)
    assert all(frame.locals is None for stack in trace.stacks for frame in stack.frames)
    assert any(frame.name == "inner" for stack in trace.stacks for frame in stack.frames)
