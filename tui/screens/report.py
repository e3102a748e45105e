"""The section leader's overview: the report for a period and department, by keys alone.

`←` `→` step to the previous or next period, `p` switches between week, month and year, `a`
steps through the departments (all first). The figures are the tables `timedialog report`
prints (`report_tables`), and the weekly volume is drawn as bars. The body scrolls with the
arrow keys and `PgUp` `PgDn`, so everything reads at 80x24.
"""

from __future__ import annotations

import threading
import time

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Static

from tui.core.i18n import _
from tui.core.report.report import PERIOD_CYCLE, Period, PeriodKind, Report, build_report
from tui.core.report.tables import Table, report_tables, selection_label, table_lines
from tui.core.rules.officehours import WorkingTime
from tui.core.store.store import StoreError
from tui.core.store.summary import MessageSummary
from tui.core.workflow.inbox import Inbox
from tui.widgets.key_footer import KeyFooter
from tui.widgets.weekly_bars import WeeklyBars

REREAD_SECONDS = 60
"""How long what was read serves further choices before the figures are read afresh."""

HELP = _(
    """\
## Slik leses oversikten

- **Mottatt:** meldinger mottatt i perioden som er i avdelingen nå, eller som er videresendt
  fra eller til den.
- **Besvart i tide / for sent:** svaret er merket sendt (`b`) senest på fristdagen / etter den.
- **Lukket uten svar** (`u`) telles for seg: verken i tide eller for sent.
- **Ubesvart etter fristen:** mottatt i perioden, ikke besvart, og fristdagen er passert.
- **Andel besvart i tide:** i tide delt på (i tide + for sent + ubesvart etter fristen).
- **Ligger nå hos en annen avdeling:** videresendt til en avdeling utenfor utvalget.
- Mottatt = i tide + for sent + lukket uten svar + hos en annen avdeling + åpne.
- **Åpne nå / åpne og forfalt nå, hele innboksen:** alt som venter på svar nå, uansett når
  det kom; samme tall som innboksens topplinje.
- **Videresendt med v:** flyttet ut av en valgt avdeling (`v`), med median tid fra mottak.
- **Svartid** regnes i **arbeidstimer**: kontorets åpningstid på arbeidsdager (ikke helg,
  helligdager eller stengte dager). Median og 90-persentil (9 av 10 svar kom raskere).
- **Uke for uke:** mottatte meldinger per uke; `█` i tide, `▓` for sent, `░` øvrige.
- **Forslag riktig:** av kategoriforslagene ut fra teksten som en saksbehandler har tatt
  stilling til (bekreftet eller endret med `e`, besvart eller lukket), andelen der forslaget
  ble stående; per uke og foreslått kategori. Forslag fra Helsenorge-koden telles ikke.
- Rapporten inneholder ingen pasientopplysninger. Samme tall fra kommandolinjen:
  `timedialog report --from ÅÅÅÅ-MM-DD --to ÅÅÅÅ-MM-DD --department KODE --csv FIL`.
"""
)


def table_content(table: Table) -> Content:
    """A table as the report prints it, its heading line in bold."""
    lines = table_lines(table)
    if not table.rows:
        return Content.from_markup("[b]$title[/b]: ", title=table.title) + Content(_("ingen"))
    heading = Content.from_markup("[b]$heading[/b]", heading=lines[0])
    return Content("\n").join([heading, *(Content(line) for line in lines[1:])])


class ReportScreen(Screen[None]):
    """Figures, weekly bars and tables for the chosen period and department."""

    CSS_PATH = "report.tcss"

    BINDINGS = [
        Binding("left", "shift_period(-1)", _("Forrige"), id="report.previous", priority=True),
        Binding("right", "shift_period(1)", _("Neste"), id="report.next", priority=True),
        Binding(
            "p", "cycle_period", _("Periode"), tooltip=_("Uke, måned eller år"), id="report.period"
        ),
        Binding(
            "a",
            "cycle_department(1)",
            _("Avdeling"),
            tooltip=_("Neste avdeling (først alle)"),
            id="report.department",
        ),
        Binding(
            "A",
            "cycle_department(-1)",
            _("Forrige avdeling"),
            show=False,
            id="report.department_back",
        ),
        Binding(
            "v",
            "roster",
            _("Vaktliste"),
            tooltip=_("Hvem følger opp innboksen"),
            id="report.roster",
        ),
        Binding(
            "question_mark", "help", _("Hjelp"), tooltip=_("Hva tallene betyr"), id="report.help"
        ),
        Binding(
            "escape,q,r",
            "close",
            _("Tilbake"),
            tooltip=_("Tilbake til innboksen"),
            id="report.close",
        ),
    ]

    AUTO_FOCUS = "#report-body"

    def __init__(self, inbox: Inbox) -> None:
        super().__init__()
        self.inbox = inbox
        today = inbox.clock().date()
        self.period = Period.containing(PeriodKind.MONTH, today)
        self.choices: list[tuple[str, ...]] = [
            (),
            *((department.code,) for department in inbox.config.departments),
        ]
        self.choice = 0
        self.report: Report | None = None
        """The report on screen (None until the first is computed)."""
        self._working_time = WorkingTime(inbox.config.office_hours, inbox.calendar)
        self._summaries: tuple[range, float, list[MessageSummary]] | None = None
        """The years read, when (monotonic seconds), and their summaries."""
        self._choice_lock = threading.Lock()
        self._wanted = 0
        """Raised on every change of period or department."""
        self._computing = False

    def compose(self) -> ComposeResult:
        """Heading line, the scrolling body of figures, the footer."""
        yield Static("", id="report-header")
        with VerticalScroll(id="report-body"):
            yield Static("", id="report-summary", classes="report-table")
            yield Static(
                Content.from_markup("[b]$title[/b]", title=_("Uke for uke: mottatt")),
                classes="report-title",
            )
            yield WeeklyBars(id="report-weeks")
            yield Static("", id="report-categories", classes="report-table")
            yield Static("", id="report-clerks", classes="report-table")
            yield Static("", id="report-suggestions", classes="report-table")
            yield Static("", id="report-notes")
        yield KeyFooter()

    def on_mount(self) -> None:
        """Compute the first report."""
        self.refresh_report()

    @property
    def departments(self) -> tuple[str, ...]:
        """The chosen department codes (empty: all)."""
        return self.choices[self.choice]

    def department_label(self) -> str:
        """The chosen department in words: "alle avdelinger", "BLOD – Blodsykdommer"."""
        if not self.departments:
            return _("alle avdelinger")
        code = self.departments[0]
        department = self.inbox.config.department(code)
        return department.label if department else code

    def _header(self, note: str = "") -> None:
        header = _("Oversikt – {period} ({start}–{end}) – {department}").format(
            period=self.period.label,
            start=f"{self.period.start:%d.%m}",
            end=f"{self.period.end:%d.%m.%Y}",
            department=self.department_label(),
        )
        self.query_one("#report-header", Static).update(f"{header}{note}")

    def refresh_report(self) -> None:
        """Compute the report for the chosen period and department in a worker.

        Keys pressed while a report is being computed do not start more workers: the running
        one computes again for the latest choice when it is done (holding `←` stays smooth).
        """
        self._header(" – " + _("regner ut …"))
        with self._choice_lock:
            self._wanted += 1
            if self._computing:
                return
            self._computing = True
        self._compute()

    @work(thread=True, group="report")
    def _compute(self) -> None:
        while True:
            with self._choice_lock:
                wanted = self._wanted
                period, departments = self.period, self.departments
            try:
                report = self._report_for(period, departments)
            except StoreError as error:
                self.app.call_from_thread(self.notify, str(error), severity="error", timeout=30)
                self.app.call_from_thread(self._header, " – " + _("kunne ikke lese databasen"))
                report = None
            if report is not None:
                self.app.call_from_thread(self.show_report, report)
            with self._choice_lock:
                if self._wanted == wanted:
                    self._computing = False
                    return

    def _report_for(self, period: Period, departments: tuple[str, ...]) -> Report:
        """Read the period's years and compute the figures.

        What was read is reused for a minute while the years stay the same, so stepping
        through the departments is quick; after that the figures are read afresh ("now").
        """
        years, now = period.years, time.monotonic()
        cached = self._summaries
        if cached is None or cached[0] != years or now - cached[1] > REREAD_SECONDS:
            cached = self._summaries = (years, now, self.inbox.store.summaries(years))
        return build_report(
            cached[2],
            period=period,
            now=self.inbox.clock(),
            working_time=self._working_time,
            departments=departments,
        )

    def show_report(self, report: Report) -> None:
        """Show a computed report (a stale one, for a choice the clerk has left, is ignored)."""
        if report.period != self.period or report.departments != tuple(sorted(self.departments)):
            return
        self.report = report
        self._header()
        summary, _weeks, categories, clerks, suggestions = report_tables(report)
        self.query_one("#report-summary", Static).update(table_content(summary))
        self.query_one(WeeklyBars).show(report.weeks)
        self.query_one("#report-categories", Static).update(table_content(categories))
        self.query_one("#report-clerks", Static).update(table_content(clerks))
        self.query_one("#report-suggestions", Static).update(table_content(suggestions))
        notes = _(
            "Arbeidstimer: {hours}. Avdelinger: {departments}. Laget {made}. ? forklarer tallene."
        ).format(
            hours=report.office_hours,
            departments=selection_label(report),
            made=f"{report.made_at:%d.%m.%Y %H:%M}",
        )
        self.query_one("#report-notes", Static).update(notes)

    # Actions -------------------------------------------------------------------------------

    def action_shift_period(self, steps: int) -> None:
        """The previous or next week, month or year."""
        self.period = self.period.shifted(steps)
        self.refresh_report()

    def action_cycle_period(self) -> None:
        """Week, month, year, around again; the new period contains the current one's start."""
        kind = self.period.kind
        following = PERIOD_CYCLE[(PERIOD_CYCLE.index(kind) + 1) % len(PERIOD_CYCLE)]
        anchor = self.period.start
        today = self.inbox.clock().date()
        if self.period.contains(today):
            anchor = today
        self.period = Period.containing(following, anchor)
        self.refresh_report()

    def action_cycle_department(self, step: int) -> None:
        """All departments, then each configured one in turn."""
        self.choice = (self.choice + step) % len(self.choices)
        self.refresh_report()

    def action_roster(self) -> None:
        """Show (and, for a leader, edit) the duty roster."""
        from tui.screens.roster import RosterScreen  # loaded when first shown

        self.app.push_screen(RosterScreen(self.inbox))

    def action_help(self) -> None:
        """The keys of this screen and what the figures mean."""
        from tui.screens.help import HelpScreen  # loaded when first shown

        keys = [
            (self.app.get_key_display(binding), binding.tooltip or binding.description)
            for (_node, binding, _enabled, _tooltip) in self.active_bindings.values()
            if binding.id and binding.id.startswith("report.") and binding.description
        ]
        keys.append((_("piltaster opp/ned, PgUp/PgDn"), _("Rull i oversikten")))
        self.app.push_screen(HelpScreen(keys, rules=HELP))

    def action_close(self) -> None:
        """Back to the inbox."""
        self.dismiss(None)
