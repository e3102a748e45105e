"""End to end in a real terminal: the installed command in tmux, copy by OSC 52.

tmux with `set-clipboard on` turns the app's OSC 52 sequence into a paste buffer, so
`tmux show-buffer` proves the text reached a real terminal, æøå intact.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers.terminal import Tmux, installed_command, wait_for
from tui.core.labels import category_short
from tui.core.model import Category
from tui.core.texts.library import TextLibrary

pytestmark = pytest.mark.e2e


def start_demo(tmux: Tmux, tmp_path: Path) -> str:
    tmux.start(
        f"{installed_command()} --demo --user e2e",
        env={"TERM": "xterm-256color", "HOME": str(tmp_path), "LANG": "C.UTF-8"},
    )
    return tmux.wait_for_screen("åpne")


def test_open_demo_move_copy_and_read_the_tmux_buffer(tmux: Tmux, tmp_path: Path) -> None:
    library = TextLibrary.load()
    screen = start_demo(tmux, tmp_path)
    assert "*****" in screen
    tmux.keys("j")
    # The second row's category decides the suggested reply.
    rows = [line for line in tmux.screen().splitlines() if "*****" in line]
    second = rows[1]
    category = next(c for c in Category if f" {category_short(c)}" in second)
    tmux.keys("c")
    expected = library.for_category(category)
    assert expected is not None
    wait_for(lambda: tmux.buffer() == expected.body, what="the reply in the tmux buffer")
    notice = " ".join(tmux.wait_for_screen("OSC").split())
    assert "Kopiert via" in notice


def test_picker_copy_reaches_terminal_with_norwegian_letters(tmux: Tmux, tmp_path: Path) -> None:
    start_demo(tmux, tmp_path)
    tmux.keys("t")
    tmux.wait_for_screen("Standardtekster")
    tmux.keys("gebyr")
    tmux.wait_for_screen("Du vil få tilsendt et gebyr")
    tmux.keys("Enter")
    gebyr = TextLibrary.load().get("gebyr")
    assert gebyr is not None
    wait_for(lambda: tmux.buffer() == gebyr.body, what="the fee text in the tmux buffer")
    assert "få" in tmux.buffer()
    assert "må" in tmux.buffer()


def test_quit_with_q_ends_the_program(tmux: Tmux, tmp_path: Path) -> None:
    start_demo(tmux, tmp_path)
    tmux.keys("q")
    wait_for(lambda: "åpne" not in tmux.screen(), what="the app to close")
