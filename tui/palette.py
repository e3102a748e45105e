"""Textual's command palette in the clerk's language.

Textual writes the palette's placeholder ("Search for commands…") and its "No matches found"
in English, with no setting to change them. The placeholder is an argument; the "no matches"
line is made inside a private method, which `tui.textual_compat` replaces for us (and
`tests/app/test_one_language.py` says when an upgrade of Textual changes it).
"""

from __future__ import annotations

from tui.core.i18n import _
from tui.textual_compat import CommandPaletteWithOwnWords


class ClerkCommandPalette(CommandPaletteWithOwnWords):
    """The command palette, every word of it in the language in force."""

    def __init__(self) -> None:
        super().__init__(placeholder=_("Søk etter en handling …"), id="--command-palette")

    def no_matches_text(self) -> str:
        """The line for no match, in the language in force."""
        return _("Ingen treff")
