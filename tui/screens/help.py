"""Help: the keys in force and a short version of the procedure's rules."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Markdown

from tui.core.i18n import _

RULES = _(
    """\
## Prosedyren i korte trekk

- **Svarfrist:** meldingen besvares innen avdelingens frist, maks 4 arbeidsdager.
  Mottaksdagen teller ikke; helger og helligdager teller ikke.
- **Standardtekster:** endring, avbestilling, purring, andre henvendelser (annet) og
  avbestillingsgebyr. `c` kopierer forslaget, `t` lar deg søke opp en annen tekst
  (`1`–`9` kopierer en av de ni første). Verdier som avdeling, telefon og frist fylles inn;
  mangler en verdi, spør tekstvelgeren etter den før teksten kopieres.
- **Feil avdeling:** meldinger sendt til feil avdeling videresendes til riktig avdeling
  så raskt som mulig (overfør oppgaven til den andre avdelingens kontormappe).
- **Gebyr:** pasienten må avbestille senest 24 timer før timen, bare hverdager teller.
  Gebyr er en kan-regel: verktøyet foreslår, du avgjør.
- **Ikke for øyeblikkelig hjelp:** kanalen skal ikke brukes til det som haster. Høres en
  melding akutt ut, ring pasienten eller følg lokal rutine (113 ved nødsituasjoner,
  116 117 legevakt).
- **Videre arbeid:** endre timen, avslutt henvisningen eller registrer gebyret i DIPS.

## Kopiering over SSH

`c` sender teksten til terminalen med OSC 52 (Windows Terminal, xterm, kitty, WezTerm,
iTerm2; i tmux: `set -g set-clipboard on`). PuTTY og macOS Terminal støtter ikke dette:
trykk `x` for å vise teksten og merk den med terminalens egen merking.
"""
)


class HelpScreen(ModalScreen[None]):
    """The keys of the screen underneath, and the rules."""

    BINDINGS = [
        Binding("escape,q,question_mark", "close", _("Lukk"), id="help.close"),
    ]

    def __init__(self, keys: list[tuple[str, str]]) -> None:
        super().__init__()
        self.keys = keys

    def compose(self) -> ComposeResult:
        """The keys as a table, the rules below it."""
        rows = "\n".join(f"- `{key}` {description}" for key, description in self.keys)
        with VerticalScroll(id="help"):
            yield Markdown(f"## {_('Taster')}\n\n{rows}\n\n{RULES}")

    def action_close(self) -> None:
        """Back to the inbox."""
        self.dismiss(None)
