"""End to end in a real terminal: a bracketed paste reaches the registration form whole.

tmux runs `timedialog`; `paste-buffer -p` sends the text the way a terminal does when the
clerk pastes over SSH (ESC[200~ ... ESC[201~), line breaks included.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import REPO
from tui.core.store import Store

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed"),
]

PASTED = "Hei!\nJeg er bortreist den uka.\nKan jeg flytte timen til uka etter?"


class Terminal:
    """One tmux session on a private server."""

    def __init__(self, socket: str) -> None:
        self.socket = socket

    def tmux(self, *args: str) -> str:
        result = subprocess.run(
            ["tmux", "-L", self.socket, *args], capture_output=True, text=True, check=True
        )
        return result.stdout

    def screen(self) -> str:
        return self.tmux("capture-pane", "-p", "-t", "app")

    def wait_for(self, text: str, seconds: float = 15) -> str:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            screen = self.screen()
            if text in screen:
                return screen
            time.sleep(0.1)  # polling a real terminal: there is no event to wait on
        raise AssertionError(f"{text!r} not on screen:\n{self.screen()}")


@pytest.fixture
def terminal(tmp_path: Path) -> Iterator[Terminal]:
    terminal = Terminal(f"timedialog-test-{os.getpid()}")
    command = (
        f"{sys.executable} -m tui --db {tmp_path / 'inbox.json'} "
        f"--config {REPO / 'data' / 'config.example.toml'} --user kari --lang nb"
    )
    terminal.tmux(
        "new-session", "-d", "-s", "app", "-x", "80", "-y", "24", "-c", str(REPO), command
    )
    try:
        yield terminal
    finally:
        subprocess.run(["tmux", "-L", terminal.socket, "kill-server"], check=False)


def test_a_pasted_message_is_registered_with_its_line_breaks(
    terminal: Terminal, tmp_path: Path
) -> None:
    terminal.wait_for("timedialog – 0 åpne")
    terminal.tmux("send-keys", "-t", "app", "n")
    terminal.wait_for("Ny melding – lim inn teksten")
    terminal.tmux("set-buffer", "-b", "melding", PASTED)
    terminal.tmux("paste-buffer", "-p", "-b", "melding", "-t", "app")
    screen = terminal.wait_for("Kategori (forslag): Endring – tekst: 'flytte'")
    assert "Jeg er bortreist den uka." in screen
    assert "Kan jeg flytte timen til uka etter?" in screen
    # Tab to the department (text, patient, DIPS-ref., received, appointment), pick the first.
    # One key at a time, as a person types: Textual routes each key to the widget focused
    # when the key is read, so a burst of keys could reach the field that is losing focus.
    for key in ("Tab", "Tab", "Tab", "Tab", "Tab", "Enter"):
        terminal.tmux("send-keys", "-t", "app", key)
        time.sleep(0.15)
    terminal.wait_for("BLOD – Blodsykdommer")
    terminal.tmux("send-keys", "-t", "app", "Down", "Enter")
    terminal.wait_for("Avdeling   BLOD – Blodsykdommer")
    terminal.tmux("send-keys", "-t", "app", "C-s")
    terminal.wait_for("Meldingen er registrert i BLOD")
    (message,) = Store(tmp_path / "inbox.json").messages()
    assert message.text == PASTED
    assert message.department == "BLOD"
