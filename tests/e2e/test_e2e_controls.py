"""End to end in tmux with `set-clipboard on`: a patient's text cannot command the terminal.

Three ways a control sequence reaches timedialog: a Helsenorge file (XML allows the C1
controls, U+009B is the terminal's CSI, and bidi overrides), a database written before they
were kept out (raw ESC sequences), and a paste into the registration form. Each message is
shown in the real app; tmux obeys OSC 52 by filling a paste buffer and a clear-screen by
blanking the pane, so the buffers staying as they were and the screen keeping its header
and footer prove nothing got through. The message is shown with a placeholder instead.
"""

from __future__ import annotations

import base64
import subprocess
import time
from pathlib import Path

import pytest

from tests.conftest import REPO
from tests.helpers.terminal import Tmux, installed_command, wait_for
from tests.unit.test_helsenorge import FIXTURES
from tui.core.config.config import load_config
from tui.core.controls import PLACEHOLDER, has_controls
from tui.core.store.store import Store
from tui.core.workflow.inbox import Inbox, oslo_now

pytestmark = pytest.mark.e2e

CONFIG = REPO / "data" / "config.example.toml"
STOLEN = "SNIKET-INN"
"""What the sequences try to put on the clipboard (base64 in OSC 52) or on the screen."""
OSC52 = base64.b64encode(STOLEN.encode()).decode()


def hostile_helsenorge_file(folder: Path) -> Path:
    """The public example file with C1 controls and a bidi override in the patient's text."""
    xml = (FIXTURES / "timer-1.1_innbygger_OET_endring-av-time.xml").read_text(encoding="utf-8")
    hostile = (
        "Flytte timen&#x9b;2J&#x9b;1;1HFIL-FRA-FIL "
        f"&#x9d;52;c;{OSC52}&#x9c; slutt&#x202e;snudd&#x202c;."
    )
    xml = xml.replace("Jeg ønsker timen flyttet til onsdag klokken 12.", hostile)
    xml = xml.replace("<GivenName>Line</GivenName>", "<GivenName>Li&#x9b;2Jne</GivenName>")
    path = folder / "hostile.xml"
    path.write_text(xml, encoding="utf-8")
    return path


RAW_ESC_TEXT = (
    "Gammel melding \x1b[2J\x1b[H\x1b[7mFRA-BASEN\x1b[0m "
    f"\x1b]52;c;{OSC52}\x07 og \x1b]52;c;{OSC52}\x1b\\ ferdig"
)
PASTED = f"Limt inn \x1b]52;c;{OSC52}\x07 og \x1b[2J\x1b[1;1HFRA-LIMING\nandre linje"


def plant_old_message(db: Path) -> None:
    """A message stored with raw ESC sequences, as a version before this one could store it."""
    inbox = Inbox(Store(db), load_config(CONFIG), "kari")
    message = inbox.new_message(
        message_id="gammel-1",
        received=oslo_now(),
        department="BLOD",
        text=RAW_ESC_TEXT,
        subject="Eldre \x1b[2Jemne",
        patient_name="Åse \x1b]52;c;" + OSC52 + "\x07Ørnbæk",
    )
    inbox.add_messages([message])
    assert b"\\u001b" in db.read_bytes()  # the file holds the sequences (escaped by JSON)


def buffers(tmux: Tmux) -> dict[str, str]:
    """Every tmux paste buffer by name (OSC 52 with set-clipboard on adds one)."""
    names = tmux.run("list-buffers", "-F", "#{buffer_name}", check=False).stdout.split()
    return {name: tmux.run("show-buffer", "-b", name).stdout for name in names}


def assert_terminal_untouched(tmux: Tmux, before: dict[str, str]) -> str:
    """No new or changed paste buffer; the screen keeps its first line and its footer.

    A clear-screen that got through would blank both (Textual repaints only what changed),
    and a cursor move to 1;1 would put the marker that follows it at the start of line one.
    """
    time.sleep(0.5)  # let any sequence reach tmux: the app writes each frame in one go
    assert buffers(tmux) == before
    screen = tmux.screen()
    lines = screen.splitlines()
    assert lines[0].strip(), screen
    assert "? Hjelp" in screen, screen  # the footer
    for injected in ("FIL-FRA-FIL", "FRA-BASEN", "FRA-LIMING"):
        assert not any(line.lstrip().startswith(injected) for line in lines), screen
    assert STOLEN not in screen
    return screen


def test_control_sequences_in_messages_reach_neither_screen_nor_clipboard(
    tmux: Tmux, tmp_path: Path
) -> None:
    db = tmp_path / "inbox.json"
    plant_old_message(db)
    imported = subprocess.run(
        [
            installed_command(),
            "import",
            str(hostile_helsenorge_file(tmp_path)),
            "--db",
            str(db),
            "--config",
            str(CONFIG),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert imported.returncode == 0, imported.stdout + imported.stderr
    stored = Store(db).messages()
    assert len(stored) == 2
    assert not any(has_controls(m.text + m.subject + m.patient_name) for m in stored)

    tmux.start(
        f"{installed_command()} --db {db} --config {CONFIG} --lang nb",
        env={"TERM": "xterm-256color", "HOME": str(tmp_path), "LANG": "C.UTF-8"},
    )
    tmux.wait_for_screen("2 åpne")
    before = buffers(tmux)
    assert before == {}
    shown = ""
    for _row in range(2):
        tmux.keys("Enter")
        wait_for(lambda: "q Tilbake" in tmux.footer(), what="the message's keys")
        screen = assert_terminal_untouched(tmux, before)
        assert PLACEHOLDER in screen
        shown += screen
        tmux.keys("Escape")
        # The inbox's keys again: the escape was read as itself, so j will not be read as
        # alt+j with it.
        wait_for(lambda: "q Avslutt" in tmux.footer(), what="the inbox's keys")
        tmux.keys("j")
    # Shown as text, each removed run as one placeholder.
    assert f"{PLACEHOLDER}1;1HFIL-FRA-FIL {PLACEHOLDER}52;c;{OSC52}{PLACEHOLDER}" in shown
    assert f"{PLACEHOLDER}[7mFRA-BASEN{PLACEHOLDER}[0m" in shown
    assert "Li" + PLACEHOLDER + "2Jne" in shown

    # A paste into the registration form: tmux sends it bracketed, ESC bytes and all.
    tmux.keys("n")
    tmux.wait_for_screen("Ny melding")
    tmux.run("set-buffer", "-b", "melding", PASTED)
    before = buffers(tmux)
    tmux.run("paste-buffer", "-p", "-b", "melding")
    wait_for(lambda: "andre linje" in tmux.screen(), what="the paste in the form")
    screen = tmux.screen()
    # One paste, in order: the ESC inside it was never read as keys (tui/paste_guard.py).
    assert f"Limt inn {PLACEHOLDER}]52;c;{OSC52}{PLACEHOLDER} og {PLACEHOLDER}[2J" in screen
    assert buffers(tmux) == before
    assert STOLEN not in screen
    # The footer recomposes when the focused widget's bindings change, so a capture may
    # catch it between two frames: wait for it. A clear-screen that got through would also
    # blank the first line, which nothing repaints.
    wait_for(lambda: bool(tmux.screen().splitlines()[-1].strip()), what="the form's footer")
    assert tmux.screen().splitlines()[0].strip(), "the form's first line is still there"
    wait_for(lambda: "Limt inn" in tmux.screen(), what="the pasted text in the form")
