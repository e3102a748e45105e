"""The inbox pane: one row per message, most urgent first.

A `DataTable` draws only the rows on screen (no widget per row). Overdue and due-today rows
carry a text marker ("!!", "!") as well as the theme's error and warning colours, so they
stand out on a 16-colour terminal and without colour at all.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from rich.text import Text
from textual.binding import Binding
from textual.widgets import DataTable
from textual.widgets.data_table import ColumnKey

from tui.core.i18n import _
from tui.core.inbox import Urgency
from tui.core.labels import category_short, short_date, status_label
from tui.core.model import Message, mask_national_id

UrgencyOf = Callable[[Message], Urgency]


def row_cells(message: Message, urgency: Urgency, styles: dict[str, str]) -> tuple[Text, ...]:
    """The cells of one inbox row: deadline with marker, category, patient, subject, status."""
    style = ""
    if message.status.is_open:
        if urgency.overdue:
            style = styles["overdue"]
        elif urgency.due_today:
            style = styles["today"]
    else:
        style = styles["done"]
    subject = message.subject or message.text.replace("\n", " ")
    status = status_label(message.status)
    if message.claimed_by and message.status.is_open:
        status = message.claimed_by
    marker = urgency.marker if message.status.is_open else "  "
    cells = (
        f"{marker}{short_date(message.deadline)}",
        category_short(message.category) + ("" if message.category_confirmed else "?"),
        mask_national_id(message.patient_id) or "-",
        subject,
        status,
    )
    return tuple(Text(cell, style=style, no_wrap=True, overflow="ellipsis") for cell in cells)


class InboxTable(DataTable[Text]):
    """The list of messages; the row key is the message id."""

    BINDINGS = [
        Binding("j", "cursor_down", _("Ned"), show=False, id="inbox.down"),
        Binding("k", "cursor_up", _("Opp"), show=False, id="inbox.up"),
        Binding("enter", "select_cursor", _("Åpne"), show=False, id="inbox.open"),
    ]

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=False)
        self._messages: dict[str, Message] = {}

    def on_mount(self) -> None:
        """Add the columns; the subject takes what the others leave."""
        self.add_column(_("Frist"), key="deadline", width=10)
        self.add_column(_("Kat."), key="category", width=8)
        self.add_column(_("Pasient"), key="patient", width=11)
        self.add_column(_("Emne"), key="subject", width=24)
        self.add_column(_("Status"), key="status", width=10)

    def on_resize(self) -> None:
        """Give the subject column the width the other columns leave."""
        self._fit_subject()

    def _fit_subject(self) -> None:
        subject = ColumnKey("subject")
        if subject not in self.columns:
            return
        fixed = sum(
            column.get_render_width(self)
            for key, column in self.columns.items()
            if key != "subject"
        )
        # Leave room for the vertical scrollbar, which appears once the rows overflow.
        reserve = 2 * self.cell_padding + self.styles.scrollbar_size_vertical
        width = max(10, self.size.width - fixed - reserve)
        self.columns[subject].width = width
        self.refresh()

    @property
    def selected_id(self) -> str | None:
        """The id of the message under the cursor, or None when the inbox is empty."""
        if not self.row_count:
            return None
        row_key, _column = self.coordinate_to_cell_key(self.cursor_coordinate)
        return row_key.value

    @property
    def message_ids(self) -> list[str]:
        """The ids of the rows shown, top to bottom."""
        return [row.key.value for row in self.ordered_rows if row.key.value is not None]

    def show(
        self, messages: Sequence[Message], urgency_of: UrgencyOf, styles: dict[str, str]
    ) -> None:
        """Show `messages` in this order, keeping the cursor on the same message if still there.

        Rows whose content did not change are left alone, so a live update repaints little.
        """
        selected = self.selected_id
        new_ids = [message.id for message in messages]
        if new_ids != self.message_ids:
            self.clear()
            for message in messages:
                self.add_row(*row_cells(message, urgency_of(message), styles), key=message.id)
        else:
            for message in messages:
                if self._messages.get(message.id) != message:
                    cells = row_cells(message, urgency_of(message), styles)
                    for column, cell in zip(self.columns, cells, strict=True):
                        self.update_cell(message.id, column, cell)
        self._messages = {message.id: message for message in messages}
        if selected in self._messages:
            self.move_cursor(row=self.get_row_index(selected), animate=False)
        self._fit_subject()
