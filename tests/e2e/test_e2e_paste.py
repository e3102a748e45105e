"""End to end in a real terminal: a bracketed paste reaches the registration form whole.

tmux runs the installed `timedialog`; `paste-buffer -p` sends the text the way a terminal does
when the clerk pastes over SSH (ESC[200~ ... ESC[201~), line breaks included.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.conftest import REPO
from tests.helpers.terminal import Tmux, installed_command, wait_for
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


def cursor_position(tmux: Tmux) -> str:
    """Where the terminal's cursor is (Textual puts it in the focused text field)."""
    return tmux.run("display-message", "-p", "#{cursor_x},#{cursor_y}").stdout.strip()


def department_line(tmux: Tmux) -> str:
    """The department field's line as drawn, styles included."""
    styled = tmux.run("capture-pane", "-p", "-e").stdout.splitlines()
    return next(line for line in styled if "Avdeling" in line)


def tab_and_wait(tmux: Tmux, drawn: Callable[[], str], what: str) -> None:
    """Press Tab, then wait until `drawn` (where the focus shows) has changed."""
    before = drawn()
    tmux.keys("Tab")
    wait_for(lambda: drawn() != before, what=what)


def test_a_pasted_message_is_registered_with_its_line_breaks(tmux: Tmux, tmp_path: Path) -> None:
    tmux.wait_for_screen("0 åpne, 0 forfalt")
    tmux.keys("n")
    tmux.wait_for_screen("Ny melding – lim inn teksten")
    tmux.run("set-buffer", "-b", "melding", PASTED)
    tmux.run("paste-buffer", "-p", "-b", "melding")
    screen = tmux.wait_for_screen("Kategori (forslag): Endring – tekst: 'flytte'")
    assert "Jeg er bortreist den uka." in screen
    assert "Kan jeg flytte timen til uka etter?" in screen
    # Tab to the department (past patient, DIPS-ref., received, appointment), each Tab once
    # the focus has arrived from the one before: Textual routes a key to the widget focused
    # when the key is read. The terminal's cursor follows a text field; the department list
    # is drawn in its focused style.
    for _field in range(4):
        tab_and_wait(tmux, lambda: cursor_position(tmux), "the next field")
    tab_and_wait(tmux, lambda: department_line(tmux), "the department list's focus")
    tmux.keys("Enter")
    tmux.wait_for_screen("ORT – Ortopedisk")  # the list is open; its first choice is none
    tmux.keys("Down", "Enter")
    # Closed on BLOD: while open, the list's BLOD row stands where the chosen one will.
    wait_for(
        lambda: re.search(r"Avdeling +BLOD – Blodsykdommer +▼", tmux.screen()) is not None,
        what="BLOD chosen and the list closed",
        context=tmux.screen,
    )
    tmux.keys("C-s")
    tmux.wait_for_screen("Meldingen er registrert i BLOD")
    (message,) = Store(tmp_path / "inbox.json").messages()
    assert message.text == PASTED
    assert message.department == "BLOD"
