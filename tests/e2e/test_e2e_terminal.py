"""The whole clerk path on a plain terminal, and English, in tmux with the installed command.

PuTTY announces `TERM=xterm`: 16 colours. At 80x24 on such a terminal the clerk opens the
inbox, moves, opens a message, copies the suggested reply (OSC 52 into tmux's buffer), marks
it answered, ticks its checklist in the follow-up view, reads the help and the copy guide,
shows the fallback text view and quits; every frame uses only the terminal's 16 colours.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.helpers.terminal import Tmux, installed_command, wait_for
from tui.core.labels import category_short
from tui.core.model import Category
from tui.core.texts.library import TextLibrary

pytestmark = pytest.mark.e2e

MORE_THAN_16_COLOURS = re.compile(r"\x1b\[[0-9;]*[34]8;[25];")
"""A 256-colour (38;5;N) or true-colour (38;2;R;G;B) foreground or background."""


@pytest.fixture
def tmux(tmp_path: Path) -> Iterator[Tmux]:
    terminal = Tmux(tmp_path, width=80, height=24)
    yield terminal
    terminal.kill()


def plain_terminal(tmp_path: Path, **extra: str) -> dict[str, str]:
    """PuTTY's defaults: xterm, 16 colours, no true colour."""
    return {"TERM": "xterm", "COLORTERM": "", "HOME": str(tmp_path), "LANG": "C.UTF-8", **extra}


def coloured_screen(tmux: Tmux) -> str:
    return tmux.run("capture-pane", "-p", "-e").stdout


def assert_16_colours(tmux: Tmux) -> None:
    found = MORE_THAN_16_COLOURS.findall(coloured_screen(tmux))
    assert not found, f"colours beyond the terminal's 16: {found[:3]}"


def test_the_clerk_path_at_80x24_on_a_16_colour_terminal(tmux: Tmux, tmp_path: Path) -> None:
    library = TextLibrary.load()
    tmux.start(f"{installed_command()} --demo --user e2e", env=plain_terminal(tmp_path))
    tmux.wait_for_screen("åpne")
    wait_for(lambda: "q Avslutt" in tmux.footer(), what="the footer's keys")
    screen = tmux.screen()
    assert len(screen.splitlines()) <= 24
    assert all(len(line) <= 80 for line in screen.splitlines())
    assert "? Hjelp" in tmux.footer()
    assert_16_colours(tmux)
    assert screen.splitlines()[2].startswith(">")  # the cursor, in text as well as style

    # Move to the second message and open it: full screen at 80 columns.
    tmux.keys("j")
    wait_for(lambda: tmux.screen().splitlines()[3].startswith(">"), what="the cursor on row 2")
    second = tmux.screen().splitlines()[3]
    category = next(c for c in Category if f" {category_short(c)}" in second)
    subject = second[36:60].strip()
    tmux.keys("Enter")
    tmux.wait_for_screen("Svarforslag (c):")
    assert subject in tmux.screen()
    assert_16_colours(tmux)

    # Copy the suggested reply: it reaches the terminal (tmux's buffer) whole.
    tmux.keys("c")
    expected = library.for_category(category)
    assert expected is not None
    wait_for(lambda: tmux.buffer() == expected.body, what="the reply in the tmux buffer")
    tmux.wait_for_screen("Kopiert")

    # The fallback view shows the same text for the terminal's own selection.
    tmux.keys("x")
    tmux.wait_for_screen("Merk teksten og kopier")
    assert expected.body.split()[0] in tmux.screen()
    tmux.keys("Escape")
    wait_for(lambda: "Merk teksten og kopier" not in tmux.screen(), what="the view to close")

    # Mark it answered: to follow-up with its category's checklist, or closed without one;
    # the app goes back to the inbox by itself, on the next message.
    tmux.keys("b")
    tmux.wait_for_screen("Svar sendt (e2e)")
    wait_for(lambda: "q Avslutt" in tmux.footer(), what="the inbox again")

    # The follow-up view, and a checklist ticked off there.
    tmux.keys("o")
    tmux.wait_for_screen("TIL OPPFØLGING")
    tmux.keys("l")
    tmux.wait_for_screen("[ ]")
    assert_16_colours(tmux)
    tmux.keys("1")
    tmux.wait_for_screen("[x]")
    tmux.keys("Escape")  # alone: escape and a key sent together read as alt+key
    wait_for(lambda: "q Avslutt" in tmux.footer(), what="the checklist to close")
    tmux.keys("o")
    tmux.wait_for_screen("åpne")

    # Help, and the copy guide from it; both fit and close with escape.
    tmux.keys("?")
    tmux.wait_for_screen("Taster")
    wait_for(lambda: "esc Lukk" in tmux.footer(), what="the help's footer")
    tmux.keys("k")
    guide = tmux.wait_for_screen("Windows Terminal")
    assert "PuTTY" in guide
    assert "set-clipboard on" in guide
    assert "Nettleser" in guide
    assert_16_colours(tmux)
    tmux.keys("Escape")
    wait_for(lambda: "Windows Terminal" not in tmux.screen(), what="the guide to close")
    tmux.keys("Escape")
    wait_for(lambda: "Taster" not in tmux.screen(), what="the help to close")

    tmux.keys("q")
    wait_for(lambda: "åpne" not in tmux.screen(), what="the app to quit")


def test_english_with_lang_en_end_to_end(tmux: Tmux, tmp_path: Path) -> None:
    tmux.start(f"{installed_command()} --demo --user e2e --lang en", env=plain_terminal(tmp_path))
    screen = tmux.wait_for_screen(" open, ")
    wait_for(lambda: "q Quit" in tmux.footer(), what="the footer's keys")
    assert "overdue (!!)" in screen
    assert "Deadline" in screen
    assert "c Copy" in tmux.footer()
    assert "? Help" in tmux.footer()
    tmux.keys("?")
    help_screen = tmux.wait_for_screen("Keys")
    assert "Copy the suggested reply" in help_screen
    tmux.keys("Escape")  # alone: escape and a key sent together read as alt+key
    wait_for(lambda: "Copy the suggested reply" not in tmux.screen(), what="the help to close")
    tmux.keys("t")
    tmux.wait_for_screen("Standard texts for")
    wait_for(lambda: "esc Close" in tmux.footer(), what="the picker's footer")
    tmux.keys("Escape")
    wait_for(lambda: "Standard texts for" not in tmux.screen(), what="the picker to close")
    tmux.keys("q")
    wait_for(lambda: " open, " not in tmux.screen(), what="the app to quit")


def test_english_from_the_locale(tmux: Tmux, tmp_path: Path) -> None:
    # LANGUAGE (set to bokmål for the tests) is emptied: the locale alone decides.
    env = plain_terminal(tmp_path, LANGUAGE="", LC_MESSAGES="en_GB.UTF-8")
    tmux.start(f"{installed_command()} --demo --user e2e", env=env)
    tmux.wait_for_screen(" open, ")
    wait_for(lambda: "q Quit" in tmux.footer(), what="the footer's keys in English")
