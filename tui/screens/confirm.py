"""Ask the clerk to confirm a step that may undo another clerk's work."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, Static

from tui.core.i18n import _
from tui.widgets.key_footer import KeyFooter


class ConfirmScreen(ModalScreen[bool]):
    """A question with the reasons behind it; `j` goes on, `n` or escape stops."""

    CSS_PATH = ["dialogs.tcss", "confirm.tcss"]

    BINDINGS = [
        Binding("j,y", "answer(True)", _("Ja, fortsett"), id="confirm.yes"),
        Binding("n,escape", "answer(False)", _("Nei, avbryt"), id="confirm.no"),
    ]

    def __init__(self, question: str, reasons: list[str]) -> None:
        super().__init__()
        self.question = question
        self.reasons = reasons

    def compose(self) -> ComposeResult:
        """The reasons first, then the question and its keys."""
        with Vertical(id="confirm"):
            yield Static("\n".join(self.reasons), id="confirm-reasons", markup=False)
            yield Label(self.question, id="confirm-question", markup=False)
            yield Label(_("j = ja, fortsett   n / Esc = nei, avbryt"), id="confirm-keys")
        yield KeyFooter()

    def action_answer(self, yes: bool) -> None:
        """Close with the clerk's answer."""
        self.dismiss(yes)
