"""Ask the clerk to confirm a step that may undo another clerk's work."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList, Static
from textual.widgets.option_list import Option

from tui.core.i18n import _
from tui.widgets.choice_list import ChoiceList
from tui.widgets.key_footer import KeyFooter

YES = "yes"
NO = "no"


class ConfirmScreen(ModalScreen[bool]):
    """A question with the reasons behind it, and two choices: go on, or stop.

    `enter` takes the highlighted choice, which is "yes" until the clerk moves (arrows or
    `j`/`k`, as in every list); `esc` or `n` stops. `j` is "down" here as everywhere else,
    never "ja".
    """

    CSS_PATH = ["dialogs.tcss", "confirm.tcss"]

    BINDINGS = [
        Binding("escape,n", "answer(False)", _("Nei, avbryt"), id="confirm.no"),
    ]

    def __init__(self, question: str, reasons: list[str]) -> None:
        super().__init__()
        self.question = question
        self.reasons = reasons

    def compose(self) -> ComposeResult:
        """The reasons first, then the question and its two choices."""
        with Vertical(id="confirm"):
            yield Static("\n".join(self.reasons), id="confirm-reasons", markup=False)
            yield Label(self.question, id="confirm-question", markup=False)
            yield ChoiceList(
                Option(_("Ja, fortsett (enter)"), id=YES),
                Option(_("Nei, avbryt (esc)"), id=NO),
                id="confirm-choices",
            )
        yield KeyFooter()

    def on_mount(self) -> None:
        """Start on "yes": `enter` confirms, `esc` cancels."""
        choices = self.query_one(OptionList)
        choices.highlighted = 0
        choices.focus()

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id == YES)

    def action_answer(self, yes: bool) -> None:
        """Close with the clerk's answer."""
        self.dismiss(yes)
