"""Choose the department to forward a message to: type to filter, `enter` forwards."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList
from textual.widgets.option_list import Option

from tui.core.config.config import Department
from tui.core.i18n import _
from tui.widgets.choice_list import ChoiceList
from tui.widgets.key_footer import KeyFooter


def department_matches(department: Department, query: str) -> bool:
    """True when every word of `query` occurs in the department's code, name or HER-ids."""
    haystack = " ".join((department.code, department.name, *department.her_ids)).lower()
    return all(word in haystack for word in query.lower().split())


class DepartmentPicker(ModalScreen[str | None]):
    """The configured departments except the message's own; dismisses with a code or None."""

    CSS_PATH = ["dialogs.tcss", "department_picker.tcss"]

    BINDINGS = [
        Binding("escape", "close", _("Lukk"), id="department.close"),
        Binding("down", "move(1)", _("Neste"), show=False, id="department.next"),
        Binding("up", "move(-1)", _("Forrige"), show=False, id="department.previous"),
        # Not a priority binding: keys typed fast (or pasted) reach the filter field before
        # `enter`, so the choice is made from the list as filtered by every key typed.
        Binding("enter", "choose", _("Videresend"), id="department.choose"),
    ]

    def __init__(self, departments: tuple[Department, ...], current: str, subject: str) -> None:
        super().__init__()
        self.departments = tuple(d for d in departments if d.code != current)
        self.current = current
        self.subject = subject
        self._shown: list[Department] = []
        self._query: str | None = None

    def compose(self) -> ComposeResult:
        """Title, filter field, the list of departments, a hint."""
        with Vertical(id="department-picker"):
            yield Label(
                _("Videresend «{subject}» fra {current} til:").format(
                    subject=self.subject, current=self.current
                ),
                classes="dialog-title",
            )
            yield Input(
                placeholder=_("Skriv for å filtrere (kode, navn, HER-id)"), id="department-filter"
            )
            yield ChoiceList(id="department-list")
            yield Label(
                _("Mottatt-tid og svarfrist beholdes. enter videresender, esc avbryter."),
                classes="dialog-hint",
            )
        yield KeyFooter()

    def on_mount(self) -> None:
        """Show every department."""
        self._refilter("")

    @on(Input.Changed, "#department-filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        self._refilter(event.value)

    def _refilter(self, query: str) -> None:
        self._query = query
        self._shown = [d for d in self.departments if department_matches(d, query)]
        options = self.query_one(OptionList)
        options.clear_options()
        options.add_options(
            Option(
                _("{label}  (svarfrist {days} d)").format(label=d.label, days=d.deadline_days),
                id=d.code,
            )
            for d in self._shown
        )
        if self._shown:
            options.highlighted = 0

    def action_move(self, step: int) -> None:
        """Move the list's cursor while the filter field keeps the focus."""
        options = self.query_one(OptionList)
        if step > 0:
            options.action_cursor_down()
        else:
            options.action_cursor_up()

    def action_choose(self) -> None:
        """Forward to the highlighted department."""
        query = self.query_one(Input).value
        if query != self._query:
            self._refilter(query)
        index = self.query_one(OptionList).highlighted
        if index is None or index >= len(self._shown):
            self.notify(_("Ingen avdeling passer søket."), severity="warning")
            return
        self.dismiss(self._shown[index].code)

    @on(OptionList.OptionSelected)
    @on(Input.Submitted, "#department-filter")
    def _option_selected(self) -> None:
        self.action_choose()

    def action_close(self) -> None:
        """Close without forwarding."""
        self.dismiss(None)
