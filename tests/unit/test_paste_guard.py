"""An ESC inside a bracketed paste: made visible, never read as keys (tui/paste_guard.py)."""

from __future__ import annotations

from textual import _xterm_parser, events
from textual.drivers import linux_driver

from tui import paste_guard
from tui.core.controls import PLACEHOLDER
from tui.paste_guard import PASTE_END, PASTE_START, PasteGuard

HOSTILE = "Limt inn \x1b]52;c;U05J\x07 og \x1b[2J\x1b[1;1Hslutt"
SHOWN = f"Limt inn {PLACEHOLDER}]52;c;U05J\x07 og {PLACEHOLDER}[2J{PLACEHOLDER}[1;1Hslutt"


def test_an_esc_inside_a_paste_becomes_the_placeholder() -> None:
    data = f"{PASTE_START}{HOSTILE}{PASTE_END}"
    assert PasteGuard().filter(data) == f"{PASTE_START}{SHOWN}{PASTE_END}"


def test_outside_a_paste_nothing_changes_and_a_lone_escape_is_not_held() -> None:
    guard = PasteGuard()
    assert guard.filter("\x1b") == "\x1b"  # the escape key, at once
    assert guard.filter("\x1b[A") == "\x1b[A"  # an arrow key
    assert not guard.in_paste


def test_the_brackets_may_be_cut_anywhere_between_two_reads() -> None:
    data = f"j{PASTE_START}{HOSTILE}\x1b{PASTE_END}k"
    expected = f"j{PASTE_START}{SHOWN}{PLACEHOLDER}{PASTE_END}k"
    for cut in range(1, len(data)):
        guard = PasteGuard()
        filtered = guard.filter(data[:cut]) + guard.filter(data[cut:])
        assert filtered == expected, cut
        assert not guard.in_paste


def test_textuals_parser_then_gives_one_paste_and_no_keys() -> None:
    paste_guard.install()
    parser = linux_driver.XTermParser()  # type: ignore[attr-defined]
    tokens = [*parser.feed(f"{PASTE_START}{HOSTILE}{PASTE_END}"), *parser.feed("j")]
    pastes = [token for token in tokens if isinstance(token, events.Paste)]
    keys = [token.key for token in tokens if isinstance(token, events.Key)]
    assert [paste.text for paste in pastes] == [SHOWN]
    assert keys == ["j"]


def test_without_the_guard_textual_reads_the_paste_as_keys() -> None:
    """Why the guard exists: if Textual ever parses this right, the guard can go."""
    parser = _xterm_parser.XTermParser()
    tokens = list(parser.feed(f"{PASTE_START}{HOSTILE}{PASTE_END}"))
    assert any(isinstance(token, events.Key) for token in tokens)
