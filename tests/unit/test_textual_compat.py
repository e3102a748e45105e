"""Every private name of Textual and Rich that tui/textual_compat.py reaches still works.

A Textual or Rich upgrade that renames or changes one of them fails here, naming it.
"""

from __future__ import annotations

import inspect

import pytest
from textual import _xterm_parser, events
from textual.binding import BindingsMap
from textual.command import CommandPalette
from textual.drivers import linux_driver
from textual.widget import Widget
from textual.widgets import Footer

from tui import textual_compat
from tui.palette import ClerkCommandPalette
from tui.screens.inbox import InboxScreen


def test_declared_bindings_include_those_of_the_base_classes() -> None:
    bindings = textual_compat.declared_bindings(InboxScreen)
    assert isinstance(bindings, BindingsMap)
    ids = {binding.id for group in bindings.key_to_bindings.values() for binding in group}
    assert {"copy_reply", "help", "quit"} <= ids


def test_character_to_key_names_punctuation_by_word() -> None:
    assert textual_compat.character_to_key("?") == "question_mark"
    assert textual_compat.character_to_key("/") == "slash"
    assert textual_compat.character_to_key("x") == "x"


def test_a_console_reads_the_environment_it_is_given() -> None:
    assert textual_compat.console_for({"TERM": "xterm"}).color_system == "standard"
    assert textual_compat.console_for({"TERM": "xterm-256color"}).color_system == "256"
    truecolour = {"TERM": "xterm-256color", "COLORTERM": "truecolor"}
    assert textual_compat.console_for(truecolour).color_system == "truecolor"


def test_the_footer_key_widget_and_the_footers_readiness_flag() -> None:
    assert issubclass(textual_compat.FooterKey, Widget)
    footer = Footer()
    assert footer._bindings_ready is False  # the attribute the footer's compose reads
    textual_compat.show_footer_keys_without_focus(footer)
    assert footer._bindings_ready is True


def test_the_terminal_input_goes_through_the_filter(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(linux_driver, "XTermParser", _xterm_parser.XTermParser)  # unfiltered
    textual_compat.filter_terminal_input(lambda: str.upper)
    textual_compat.filter_terminal_input(lambda: str.lower)  # a second call changes nothing
    parser = linux_driver.XTermParser()
    assert isinstance(parser, _xterm_parser.XTermParser)
    keys = [token.key for token in parser.feed("j") if isinstance(token, events.Key)]
    assert keys == ["J"]


def test_the_palettes_no_matches_method_is_still_textuals() -> None:
    """The method the palette replaces, and the names it uses, are still there."""
    replaced = inspect.signature(CommandPalette._start_no_matches_countdown)
    assert list(replaced.parameters) == ["self", "search_value"]
    for name in ("_stop_no_matches_countdown", "_NO_MATCHES", "_NO_MATCHES_COUNTDOWN"):
        assert hasattr(CommandPalette, name), name
    assert "_list_visible" in inspect.getsource(CommandPalette)
    assert "_no_matches_timer" in inspect.getsource(CommandPalette)
    assert ClerkCommandPalette().no_matches_text() == "Ingen treff"
