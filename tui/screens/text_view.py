"""The copy fallback: the text on its own, ready for the terminal's own selection."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, TextArea

from tui.core.i18n import _
from tui.widgets.key_footer import KeyFooter


class TextView(ModalScreen[None]):
    """A read-only view of a text for selecting it by hand when the clipboard fails.

    No notice is drawn over it (a PuTTY user selects the text with the mouse): they show
    when the clerk is back in the inbox, if they have not timed out by then.
    """

    CSS_PATH = ["dialogs.tcss", "text_view.tcss"]

    BINDINGS = [
        Binding("escape,q", "close", _("Lukk"), id="textview.close"),
        Binding("s", "show_plain", _("Vis i terminalen"), id="textview.plain"),
    ]

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text

    def compose(self) -> ComposeResult:
        """A hint and the text."""
        with Vertical(id="text-view"):
            yield Label(
                _(
                    "Merk teksten og kopier med terminalens egen kopiering "
                    "(hold Shift mens du drar med musen). s viser teksten uten rammer."
                ),
                id="text-view-hint",
            )
            yield TextArea(self.text, read_only=True, soft_wrap=True, id="text-view-body")
        yield KeyFooter()

    def action_close(self) -> None:
        """Back to the inbox."""
        self.dismiss(None)

    def action_show_plain(self) -> None:
        """Leave the full-screen app for a moment and print the text plainly.

        Plain output has no borders and no mouse capture, so any terminal, PuTTY included,
        selects it exactly.
        """
        try:
            with self.app.suspend():
                print("\n" + self.text + "\n")
                input(_("Merk og kopier teksten over. Trykk Enter for å gå tilbake."))
        except Exception:  # SuspendNotSupported in a browser or a test
            # Said in the hint: notices are not shown over the text (see text_view.tcss).
            self.query_one("#text-view-hint", Label).update(
                _("Kan ikke vise teksten utenfor appen her. Merk teksten under.")
            )
