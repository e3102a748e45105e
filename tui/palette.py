"""Textual's command palette in the clerk's language.

Textual writes the palette's placeholder ("Search for commands…") and its "No matches found"
in English, with no setting to change them. The placeholder is an argument; the "no matches"
line is made inside a private method, which this subclass replaces. That method and the
private names it needs are used here and nowhere else, so an upgrade of Textual that changes
them breaks one module (and `tests/test_one_language.py` says so).
"""

from __future__ import annotations

from rich.align import Align
from rich.text import Text
from textual.command import CommandList, CommandPalette
from textual.widgets.option_list import Option

from tui.core.i18n import _


class ClerkCommandPalette(CommandPalette):
    """The command palette, every word of it in the language in force."""

    def __init__(self) -> None:
        super().__init__(placeholder=_("Søk etter en handling …"), id="--command-palette")

    def _start_no_matches_countdown(self, search_value: str) -> None:
        """After a short wait with no match, say so (Textual's own method, in our words)."""
        self._stop_no_matches_countdown()

        def show_no_matches() -> None:
            if search_value:
                self.query_one(CommandList).add_option(
                    Option(
                        Align.center(Text(_("Ingen treff"), style="not bold")),
                        disabled=True,
                        id=self._NO_MATCHES,
                    )
                )
                self._list_visible = True
            else:
                self._list_visible = False

        self._no_matches_timer = self.set_timer(self._NO_MATCHES_COUNTDOWN, show_no_matches)
