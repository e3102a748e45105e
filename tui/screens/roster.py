"""The duty roster: who follows the shared inbox, per weekday and for the coming weeks.

Everyone may look; the leaders named in the configuration may change it: `enter` on a weekday
or a date asks for the user names (comma-separated; empty means nobody), `delete` hands the
row back to the configuration. Changes go to the shared database, so every clerk's inbox
header shows them at once.
"""

from __future__ import annotations

from datetime import date, timedelta

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList
from textual.widgets.option_list import Option

from tui.core.i18n import _
from tui.core.labels import long_date
from tui.core.rules.roster import (
    Names,
    Roster,
    RosterError,
    Source,
    not_a_leader_reason,
    parse_names,
    weekday_name,
)
from tui.core.store.store import StoreError
from tui.core.workflow.inbox import Inbox
from tui.widgets.choice_list import ChoiceList
from tui.widgets.key_footer import KeyFooter

DAYS_AHEAD = 56
"""How many days from today the roster lists one by one (eight weeks)."""

_WEEKDAY = "w"
_DATE = "d"


def names_text(names: Names) -> str:
    """The names on duty, or "ingen"."""
    return ", ".join(names) or _("ingen")


def source_note(source: str) -> str:
    """Where a row's names come from, in a few words ("" for the configured weekday)."""
    return {
        Source.APP_DATE: _("egen dag, endret i appen"),
        Source.CONFIG_DATE: _("egen dag i konfigurasjonen"),
        Source.APP_WEEKDAY: _("endret i appen"),
    }.get(source, "")


def roster_rows(roster: Roster, today: date) -> list[tuple[str | None, str]]:
    """(option id, text) for every row: the seven weekdays, then the coming days one by one.

    The two parts start with a heading row, whose id is None.
    """
    rows: list[tuple[str | None, str]] = [(None, _("Ukeplan (gjelder der en dag ikke er satt)"))]
    for weekday in range(7):
        names, source = roster.weekday(weekday)
        note = source_note(source)
        text = f"{weekday_name(weekday):<9} {names_text(names)}"
        rows.append((f"{_WEEKDAY}{weekday}", f"{text}  ({note})" if note else text))
    rows.append((None, _("Dag for dag")))
    days = [today + timedelta(days=offset) for offset in range(DAYS_AHEAD)]
    days += [day for day in roster.special_dates() if day >= today + timedelta(days=DAYS_AHEAD)]
    for day in days:
        names, source = roster.day(day)
        note = source_note(source) if source in (Source.APP_DATE, Source.CONFIG_DATE) else ""
        text = f"{long_date(day)}  {names_text(names)}"
        if day == today:
            note = ", ".join(part for part in (_("i dag"), note) if part)
        rows.append((f"{_DATE}{day.isoformat()}", f"{text}  ({note})" if note else text))
    return rows


class RosterScreen(ModalScreen[None]):
    """The roster in force; a leader changes a weekday or a date with `enter`."""

    CSS_PATH = ["dialogs.tcss", "roster.tcss"]

    BINDINGS = [
        Binding("escape", "close", _("Lukk"), id="roster.close"),
        Binding("enter", "edit", _("Endre"), id="roster.edit"),
        Binding(
            "delete",
            "reset",
            _("Tilbakestill"),
            tooltip=_("La konfigurasjonen bestemme raden igjen"),
            id="roster.reset",
        ),
    ]

    def __init__(self, inbox: Inbox) -> None:
        super().__init__()
        self.inbox = inbox
        self.duty = inbox.duty
        self.roster: Roster | None = None
        self._editing: str | None = None
        """The option id of the row being changed, while the names field is open."""

    def compose(self) -> ComposeResult:
        """Title, the rows, the names field (hidden until `enter`), a hint."""
        with Vertical(id="roster"):
            yield Label(_("Vaktliste: hvem følger opp felles innboks"), classes="dialog-title")
            yield ChoiceList(id="roster-list")
            yield Input(
                placeholder=_("Brukernavn, skilt med komma (tomt: ingen)"), id="roster-names"
            )
            if self.duty.may_edit:
                hint = _("enter endrer, del tilbakestiller til konfigurasjonen, esc lukker.")
            else:
                hint = not_a_leader_reason(self.duty.settings) + " " + _("esc lukker.")
            yield Label(hint, classes="dialog-hint")
        yield KeyFooter()

    def on_mount(self) -> None:
        """Read the roster."""
        self.query_one("#roster-names", Input).display = False
        self._load()

    @work(thread=True, exclusive=True, group="roster")
    def _load(self) -> None:
        try:
            roster = self.duty.roster()
        except StoreError as error:
            self.app.call_from_thread(self.notify, str(error), severity="error", timeout=30)
            return
        self.app.call_from_thread(self.show_roster, roster)

    def show_roster(self, roster: Roster) -> None:
        """Show the roster; the cursor stays on the row it was on."""
        self.roster = roster
        options = self.query_one(OptionList)
        highlighted = options.highlighted
        options.clear_options()
        options.add_options(
            Option(text, id=key, disabled=key is None)
            for key, text in roster_rows(roster, self._today)
        )
        options.highlighted = highlighted if highlighted is not None else 1

    @property
    def _today(self) -> date:
        return self.inbox.clock().date()

    @property
    def _selected(self) -> str | None:
        options = self.query_one(OptionList)
        if options.highlighted is None:
            return None
        return options.get_option_at_index(options.highlighted).id

    def _names_of(self, key: str) -> Names:
        assert self.roster is not None
        if key.startswith(_WEEKDAY):
            return self.roster.weekday(int(key[1:]))[0]
        return self.roster.on(date.fromisoformat(key[1:]))

    def action_edit(self) -> None:
        """Ask for the names on duty on the highlighted weekday or date."""
        if self._editing is not None:
            return
        key = self._selected
        if key is None or self.roster is None:
            return
        if not self.duty.may_edit:
            self.notify(not_a_leader_reason(self.duty.settings), severity="warning")
            return
        self._editing = key
        field = self.query_one("#roster-names", Input)
        field.value = ", ".join(self._names_of(key))
        field.display = True
        field.focus()

    @on(OptionList.OptionSelected)
    def _option_selected(self) -> None:
        self.action_edit()

    @on(Input.Submitted, "#roster-names")
    def _names_submitted(self, event: Input.Submitted) -> None:
        key, self._editing = self._editing, None
        self._close_field()
        if key is not None:
            self._save(key, parse_names(event.value))

    def _close_field(self) -> None:
        field = self.query_one("#roster-names", Input)
        field.display = False
        field.value = ""
        self.query_one(OptionList).focus()

    def action_reset(self) -> None:
        """Let the configuration decide the highlighted weekday or date again."""
        key = self._selected
        if key is None or self._editing is not None:
            return
        if not self.duty.may_edit:
            self.notify(not_a_leader_reason(self.duty.settings), severity="warning")
            return
        self._save(key, None)

    @work(thread=True, group="roster-save")
    def _save(self, key: str, names: Names | None) -> None:
        duty = self.duty
        try:
            if key.startswith(_WEEKDAY):
                weekday = int(key[1:])
                if names is None:
                    roster = duty.reset_weekday(weekday)
                else:
                    roster = duty.set_weekday(weekday, names)
                what = weekday_name(weekday)
            else:
                day = date.fromisoformat(key[1:])
                roster = duty.reset_date(day) if names is None else duty.set_date(day, names)
                what = long_date(day)
        except (RosterError, StoreError) as error:
            self.app.call_from_thread(self.notify, str(error), severity="error", timeout=30)
            return
        if names is None:
            note = _("Vaktlisten for {what} følger konfigurasjonen igjen.").format(what=what)
        else:
            note = _("Vaktlisten er lagret: {what} {names}.").format(
                what=what, names=names_text(names)
            )
        self.app.call_from_thread(self.show_roster, roster)
        self.app.call_from_thread(self.notify, note)

    def action_close(self) -> None:
        """Close the names field, or the roster."""
        if self._editing is not None:
            self._editing = None
            self._close_field()
            return
        self.dismiss(None)
