"""Help: the keys in force and a short version of the procedure's rules."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from tui.core.config.config import Config
from tui.core.i18n import _, ngettext
from tui.widgets.key_footer import KeyFooter

RULES = _(
    """\
## Prosedyren: reglene verktøyet hjelper deg med

- **Svarfrist:** meldingen besvares innen avdelingens frist, høyst 4 arbeidsdager
  (prosedyren). Mottaksdagen teller ikke; helger, helligdager og lokale stengte dager
  teller ikke. Raden får `!` på fristdagen og `!!` når fristen er passert.
- **Standardtekster:** endring, avbestilling, purring, andre henvendelser (annet) og
  avbestillingsgebyr. `c` kopierer forslaget, `t` lar deg søke opp en annen tekst
  (`1`–`9` kopierer en av de ni første), `e` endrer kategori. Kategorien er et forslag til
  du har bekreftet den. Verdier som avdeling, telefon og frist fylles inn; mangler en verdi,
  spør tekstvelgeren etter den før teksten kopieres.
- **Feil avdeling (`v`):** meldinger sendt til feil avdeling videresendes til riktig avdeling
  så raskt som mulig (i DIPS: overfør oppgaven til den andre avdelingens kontormappe).
  Velg avdeling i listen; meldingen flyttes, merkes «fra KODE» og får en linje i
  historikken. Mottatt-tid og svarfrist beholdes: pasienten har ventet siden da.
- **Avbestillingsgebyr:** pasienten må avbestille senest 24 timer før timen, og bare timer
  på hverdager teller (mandag–fredag, ikke helligdager eller stengte dager). For
  avbestillinger viser meldingen regnestykket, for eksempel «avbestilt fr 11:00, timen
  ma 10:00: 13 t + 10 t = 23 hverdagstimer < 24». Kommer avbestillingen for sent, foreslås
  gebyr-teksten. Video- og telefontimer gir aldri gebyr. Mangler tidspunktet for timen,
  gis ingen vurdering: sjekk timen i DIPS. Gebyr er en **kan-regel: verktøyet foreslår,
  du avgjør.**
- **Ikke for øyeblikkelig hjelp:** kanalen skal ikke brukes til det som haster. Meldinger
  med ord som «akutt», «brystsmerter» eller «puster dårlig» får et rødt banner og
  `HASTER?` i innboksen, og står øverst. Det er bare et hint: **ring pasienten, eller følg
  avdelingens lokale rutine**. Ved nødsituasjoner: 113; legevakt: 116 117. Verktøyet
  sender aldri noe svar av seg selv. Ord i nektende form («det haster ikke») gir ikke banner.
- **Videre intern arbeidsflyt:** når svaret er sendt (`b`), står meldingen «til oppfølging»
  med kategoriens sjekkliste (for eksempel endring: finn ny time, send brev / ring
  pasienten; avbestilling: avbestill timen i DIPS, avslutt henvisningen; gebyr: registrer
  gebyr). `l` åpner sjekklisten; kryss av med mellomrom eller tallet. Når alt er krysset
  av, lukkes meldingen. `o` viser bare meldingene til oppfølging.
- **Lukk uten svar (`u`):** meldinger som ikke trenger svar (duplikater, pasienten er
  allerede ringt) lukkes med en grunn, som lagres i historikken.
- **Historikk:** alt du gjør lagres med hvem og når.

## Ansvar (prosedyren, punkt 2)

- **Avdelingssjef** har ansvar for at prosedyren er innført i egen avdeling, og for god
  kvalitet i tjenesten og i pasientjournalen.
- **Seksjonsleder, kontor** har ansvar for at medarbeiderne får informasjon og opplæring,
  for rutiner for hvem som følger opp «Melding fra pasient» i felles arbeidsgruppe i DIPS,
  og for å følge opp at oppgaven blir utført.
- **Personell** som følger opp meldingene i felles arbeidsgruppe, plikter å sette seg inn i
  og følge prosedyren for oppfølging og svar.

## Kopiering over SSH

`c` sender teksten til terminalen med OSC 52 (Windows Terminal, xterm, kitty, WezTerm,
iTerm2; i tmux: `set -g set-clipboard on`). PuTTY og macOS Terminal støtter ikke dette:
trykk `x` for å vise teksten og merk den med terminalens egen merking. `k` viser en
veiledning for Windows Terminal, PuTTY, tmux og nettleseren.
"""
)


def configured_rules(config: Config) -> str:
    """The site's settings as Markdown: deadlines per department, the fee rule, urgent words."""
    departments = "\n".join(
        ngettext(
            "- {label}: {days} arbeidsdag", "- {label}: {days} arbeidsdager", d.deadline_days
        ).format(label=d.label, days=d.deadline_days)
        for d in config.departments
    )
    closed = ", ".join(day.strftime("%d.%m.%Y") for day in config.closed_days) or _("ingen")
    words = config.urgent.describe()
    return _(
        "## Slik er det satt opp her\n\n"
        "**Svarfrister:**\n\n{departments}\n\n"
        "**Stengte dager** (i tillegg til helligdagene): {closed}\n\n"
        "**Gebyrregel:** {fee}\n\n"
        "**Hasteord:** {words}\n"
    ).format(departments=departments, closed=closed, fee=config.fee.describe(), words=words)


class HelpScreen(ModalScreen[None]):
    """The keys of the screen underneath, and the rules."""

    CSS_PATH = ["dialogs.tcss"]

    BINDINGS = [
        # Not `?`: a second `?` typed while the help opens would close it again at once.
        Binding("escape,q", "close", _("Lukk"), id="help.close"),
        Binding("k", "clipboard_guide", _("Kopiering"), id="help.clipboard"),
    ]

    def __init__(
        self, keys: list[tuple[str, str]], configured: str = "", rules: str = RULES
    ) -> None:
        super().__init__()
        self.keys = keys
        self.configured = configured
        self.rules = rules
        """What follows the keys: the procedure's rules, or another screen's explanation."""

    @property
    def source(self) -> str:
        """The help as Markdown: the keys as a list, the rules below them."""
        rows = "\n".join(f"- `{key}` {description}" for key, description in self.keys)
        heading = _("Taster")
        return f"## {heading}\n\n{rows}\n\n{self.rules}\n\n{self.configured}"

    def compose(self) -> ComposeResult:
        """The help, drawn by Rich's Markdown in one widget.

        Textual's `Markdown` widget builds a widget for every paragraph and list item: the
        help took most of a second to open. Rich draws the same text in one.
        """
        from rich.markdown import Markdown

        with VerticalScroll(id="help"):
            yield Static(Markdown(self.source), id="help-text")
        yield KeyFooter()

    def action_clipboard_guide(self) -> None:
        """Show how to make copying work in the clerk's terminal."""
        from tui.screens.clipboard_guide import ClipboardGuide  # loaded when first shown

        self.app.push_screen(ClipboardGuide())

    def action_close(self) -> None:
        """Back to the inbox."""
        self.dismiss(None)
