"""Ask why a message is closed without a reply; a reason is required."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList
from textual.widgets.option_list import Option

from tui.core.i18n import _
from tui.widgets.choice_list import ChoiceList
from tui.widgets.key_footer import KeyFooter

COMMON_REASONS = (
    _("Duplikat: samme henvendelse er mottatt før"),
    _("Pasienten er allerede ringt"),
    _("Saken er allerede ordnet i DIPS"),
)
"""Reasons offered in the list; any other can be written."""


class CloseReason(ModalScreen[str | None]):
    """A list of common reasons and a field for another; dismisses with the reason or None."""

    CSS_PATH = ["dialogs.tcss"]

    BINDINGS = [Binding("escape", "close", _("Avbryt"), id="close_reason.close")]

    def __init__(self, subject: str) -> None:
        super().__init__()
        self.subject = subject

    def compose(self) -> ComposeResult:
        """Title, the common reasons, a field for another reason."""
        with Vertical(id="close-reason"):
            yield Label(
                _("Lukk «{subject}» uten svar – hvorfor?").format(subject=self.subject),
                classes="dialog-title",
            )
            yield ChoiceList(
                *(Option(reason, id=str(number)) for number, reason in enumerate(COMMON_REASONS)),
                id="close-reason-list",
            )
            yield Input(
                placeholder=_("Annen grunn (tab hit, skriv, enter)"), id="close-reason-text"
            )
            yield Label(
                _("Grunnen lagres i historikken. Pasienten får ikke noe svar. esc avbryter."),
                classes="dialog-hint",
            )
        yield KeyFooter()

    @on(OptionList.OptionSelected)
    def _reason_chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(COMMON_REASONS[event.option_index])

    @on(Input.Submitted, "#close-reason-text")
    def _reason_written(self, event: Input.Submitted) -> None:
        reason = event.value.strip()
        if not reason:
            self.notify(_("Skriv en grunn, eller velg en fra listen."), severity="warning")
            return
        self.dismiss(reason)

    def action_close(self) -> None:
        """Keep the message open."""
        self.dismiss(None)
