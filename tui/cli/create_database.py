"""Before the app starts on a database that does not exist: ask, never make one by accident.

`timedialog --db PATH` with no file at PATH (its folder exists) asks "Opprette ny database
PATH? (Enter/Esc)" in a small full-screen app of its own, before the inbox app starts, so
a mistyped path gives a question instead of an empty inbox nobody else sees.
"""

from __future__ import annotations

from pathlib import Path

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Static

from tui.core.config.config import ThemeChoice
from tui.core.i18n import _
from tui.theme import ANSI_THEME, theme_name, uses_ansi


class CreateDatabaseApp(App[bool]):
    """One question: make a new, empty database at `path`? Enter yes, Esc no."""

    CSS = """
    Screen { align: center middle; }
    #create-database {
        width: 90%;
        max-width: 90;
        height: auto;
        border: round $warning;
        padding: 0 1;
    }
    #create-database-keys { text-style: bold; padding: 1 0 0 0; }
    """
    ENABLE_COMMAND_PALETTE = False
    BINDINGS = [
        Binding("enter", "answer(True)", _("Opprett"), id="create_database.yes"),
        Binding("escape,q", "answer(False)", _("Avbryt"), id="create_database.no"),
    ]

    def __init__(self, path: Path, theme: ThemeChoice = ThemeChoice.AUTO) -> None:
        super().__init__(ansi_color=True if uses_ansi(theme) else None)
        self.register_theme(ANSI_THEME)
        self.theme = theme_name(theme)
        self.path = path

    def compose(self) -> ComposeResult:
        """The question, and its keys in words."""
        with Vertical(id="create-database"):
            yield Static(
                _(
                    "Databasen {file} finnes ikke. Er stien riktig? En ny database er tom, og "
                    "ingen andre ser den før de bruker samme sti."
                ).format(file=self.path),
                markup=False,
            )
            yield Static(
                _("Opprette ny database {file}? (Enter = ja, Esc = nei)").format(file=self.path),
                id="create-database-keys",
                markup=False,
            )

    def action_answer(self, yes: bool) -> None:
        """End with the clerk's answer."""
        self.exit(yes)

    def action_help_quit(self) -> None:
        """Ctrl+C: say how to leave, in the clerk's language."""
        self.notify(_("Trykk Esc for å avbryte."))


def ask_to_create(path: Path, theme: ThemeChoice = ThemeChoice.AUTO) -> bool:
    """Ask in the terminal whether to make a new database at `path`; True for yes."""
    return CreateDatabaseApp(path, theme).run() is True
