"""End to end in a real terminal: a bracketed paste reaches the registration form whole.

tmux runs the installed `timedialog`; `paste-buffer -p` sends the text the way a terminal does
when the clerk pastes over SSH (ESC[200~ ... ESC[201~), line breaks included.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import REPO
from tests.helpers.terminal import Tmux, installed_command
from tui.core.store.store import Store

pytestmark = pytest.mark.e2e

PASTED = "Hei!\nJeg er bortreist den uka.\nKan jeg flytte timen til uka etter?"


@pytest.fixture
def tmux(tmp_path: Path) -> Iterator[Tmux]:
    terminal = Tmux(tmp_path)
    config = REPO / "data" / "config.example.toml"
    Store(tmp_path / "inbox.json").prepare()  # a named database must exist (or the app asks)
    terminal.start(
        f"{installed_command()} --db {tmp_path / 'inbox.json'} --config {config} "
        "--user kari --lang nb"
    )
    try:
        yield terminal
    finally:
        terminal.kill()


def test_a_pasted_message_is_registered_with_its_line_breaks(tmux: Tmux, tmp_path: Path) -> None:
    tmux.wait_for_screen("0 åpne, 0 forfalt")
    tmux.keys("n")
    tmux.wait_for_screen("Ny melding – lim inn teksten")
    tmux.run("set-buffer", "-b", "melding", PASTED)
    tmux.run("paste-buffer", "-p", "-b", "melding")
    screen = tmux.wait_for_screen("Kategori (forslag): Endring – tekst: 'flytte'")
    assert "Jeg er bortreist den uka." in screen
    assert "Kan jeg flytte timen til uka etter?" in screen
    # Tab to the department (past patient, DIPS-ref., received, appointment), one key at a time
    # as a person types: Textual routes each key to the widget focused when the key is read.
    for key in ("Tab", "Tab", "Tab", "Tab", "Tab", "Enter"):
        tmux.keys(key)
        time.sleep(0.15)
    tmux.wait_for_screen("BLOD – Blodsykdommer")
    tmux.keys("Down", "Enter")
    tmux.wait_for_screen("Avdeling     BLOD – Blodsykdommer")
    tmux.keys("C-s")
    tmux.wait_for_screen("Meldingen er registrert i BLOD")
    (message,) = Store(tmp_path / "inbox.json").messages()
    assert message.text == PASTED
    assert message.department == "BLOD"
