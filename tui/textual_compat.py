"""Every private name of Textual and Rich that timedialog relies on, in one place.

Textual and Rich leave some things timedialog needs without a public way: the bindings a
widget class declares with its bases', the key name of a character, the footer's key widget,
a console that reads a given environment, the terminal's input parser, and the palette's "no
matches" line. Each is reached here and nowhere else, so an upgrade that changes one breaks
this module (and `tests/unit/test_textual_compat.py` says which), not the app.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING

from rich.align import Align
from rich.console import Console
from rich.text import Text
from textual.binding import BindingsMap
from textual.command import CommandList, CommandPalette
from textual.keys import _character_to_key
from textual.widgets import Footer
from textual.widgets._footer import FooterKey
from textual.widgets.option_list import Option

if TYPE_CHECKING:
    from textual.dom import DOMNode
    from textual.message import Message

__all__ = [
    "CommandPaletteWithOwnWords",
    "FooterKey",
    "character_to_key",
    "console_for",
    "declared_bindings",
    "filter_terminal_input",
    "show_footer_keys_without_focus",
]


def declared_bindings(node: type[DOMNode]) -> BindingsMap:
    """The bindings a widget, screen or app class declares, its base classes' included."""
    return node._merge_bindings()


def character_to_key(character: str) -> str:
    """Textual's name for the key of one character ("?" is "question_mark")."""
    return _character_to_key(character)


def console_for(environ: Mapping[str, str]) -> Console:
    """A Rich console that detects the terminal from `environ`, not from this process's."""
    return Console(
        file=io.StringIO(), force_terminal=True, color_system="auto", _environ=dict(environ)
    )


def show_footer_keys_without_focus(footer: Footer) -> None:
    """Let Textual's footer show its keys before the app has the focus (a browser's page)."""
    footer._bindings_ready = True


def filter_terminal_input(make_filter: Callable[[], Callable[[str], str]]) -> None:
    """Pass everything the terminal sends through a filter before Textual's parser reads it.

    Textual gives no hook for its input: the Linux driver makes its parser from the name it
    imported, and that name is replaced by a parser that filters what it is fed (each parser
    gets a filter of its own from `make_filter`). Done once; a second call changes nothing.
    """
    # With the terminal driver, which `import tui.app` does not load.
    from textual import _xterm_parser
    from textual.drivers import linux_driver

    if getattr(linux_driver, "XTermParser", None) is not _xterm_parser.XTermParser:
        return  # filtered already (or a Textual that no longer works this way)

    class FilteredParser(_xterm_parser.XTermParser):
        def __init__(self, debug: bool = False) -> None:
            super().__init__(debug)
            self._filter = make_filter()

        def feed(self, data: str) -> Iterable[Message]:
            return super().feed(self._filter(data))

    setattr(linux_driver, "XTermParser", FilteredParser)  # noqa: B010 - not exported


class CommandPaletteWithOwnWords(CommandPalette):
    """Textual's command palette with its "no matches" line in words of our choosing.

    Textual makes that line inside a private method, which this class replaces with the
    same steps and `no_matches_text()` for the words.
    """

    def no_matches_text(self) -> str:
        """The line shown when nothing matches what the clerk typed."""
        return "No matches found"

    def _start_no_matches_countdown(self, search_value: str) -> None:
        """After a short wait with no match, say so (Textual's own method, in our words)."""
        self._stop_no_matches_countdown()

        def show_no_matches() -> None:
            if search_value:
                self.query_one(CommandList).add_option(
                    Option(
                        Align.center(Text(self.no_matches_text(), style="not bold")),
                        disabled=True,
                        id=self._NO_MATCHES,
                    )
                )
                self._list_visible = True
            else:
                self._list_visible = False

        self._no_matches_timer = self.set_timer(self._NO_MATCHES_COUNTDOWN, show_no_matches)
