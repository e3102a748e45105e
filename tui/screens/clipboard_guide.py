"""One screen on making copy work in the clerk's terminal (from `?`, key `k`).

`c` copies by OSC 52: the app asks the terminal to put the text on the clipboard of the PC the
clerk sits at, which works through SSH and tmux when the terminal allows it. Where it cannot
(PuTTY), the fallback view (`x`) shows the text alone for the terminal's own selection.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from tui.core.i18n import _
from tui.widgets.key_footer import KeyFooter


def guide_text() -> str:
    """The guide, in Textual markup: paragraphs the screen wraps, 18 lines at 80x24."""
    return _(
        "[b]Kopiering: slik får du c til å virke[/b]\n\n"
        "[b]Windows Terminal:[/b] virker uten oppsett. Lim inn i DIPS med Ctrl+V.\n\n"
        "[b]PuTTY:[/b] kan ikke ta imot kopi fra appen. Trykk x for å vise teksten alene, "
        "og merk den med musen (hold Shift om merkingen ikke starter): PuTTY kopierer det "
        "du merker. s skriver teksten ut uten rammer.\n\n"
        "[b]tmux:[/b] legg «set -g set-clipboard on» i ~/.tmux.conf og start tmux på nytt. "
        "Terminalen rundt tmux må også kunne kopiere (Windows Terminal kan).\n\n"
        "[b]Nettleser[/b] (timedialog serve): c kopierer når siden kommer over https "
        "(sykehusets proxy) eller fra localhost; nettleseren kan spørre om lov.\n\n"
        "[b]Ellers:[/b] x viser alltid teksten for merking med terminalens egen kopiering."
    )


class ClipboardGuide(ModalScreen[None]):
    """How to make copying work in Windows Terminal, PuTTY, tmux and the browser."""

    CSS_PATH = ["dialogs.tcss", "clipboard_guide.tcss"]

    BINDINGS = [Binding("escape,q,k", "close", _("Lukk"), id="clipboard_guide.close")]

    def compose(self) -> ComposeResult:
        """The guide, and the key that closes it."""
        with VerticalScroll(id="clipboard-guide"):
            yield Static(guide_text())
        yield KeyFooter()

    def action_close(self) -> None:
        """Back to where the clerk came from."""
        self.dismiss(None)
