"""The inbox pane: one line per message, most urgent first, drawn line by line.

Like Toolong's log view, the list is a `ScrollView` that renders only the lines on screen from
a plain list of messages: no widget per row, so 1 000 messages paint as fast as 10, and a live
update repaints only the lines that changed. Overdue and due-today rows carry a text marker
("!!", "!") as well as the theme's colours (component classes in `app.tcss`), so they stand
out on a 16-colour terminal and without colour at all. So do messages whose words suggest
urgency ("HASTER?" before the subject), forwarded ones ("fra BLOD:") and open ones nobody has
taken by midday of their last day ("IKKE TATT" as the status), and so does the cursor: its
row starts with ">" besides its reverse video or colour.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from rich.segment import Segment
from rich.style import Style
from textual.binding import Binding
from textual.geometry import Region, Size
from textual.message import Message as TextualMessage
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.widget import Widget

from tui.core.i18n import _
from tui.core.labels import category_short, short_date, status_label
from tui.core.model import Message, Status, mask_national_id
from tui.core.workflow.inbox import Urgency
from tui.widgets.line_count import set_line_count

UrgencyOf = Callable[[Message], Urgency]
UrgentOf = Callable[[Message], bool]

CURSOR_MARKER = ">"
"""In the first column of the cursor's row: the cursor shows without any colour or style."""
URGENT_MARKER = _("HASTER?")
"""Before the subject of a message whose words suggest urgency (a hint, hence the "?")."""
UNCLAIMED_MARKER = _("IKKE TATT")
"""In the status column of an open message nobody has taken by midday of its last day."""


@dataclass(frozen=True)
class Column:
    """A column of the inbox: its heading and width (0 takes the width that is left)."""

    heading: str
    width: int


def columns() -> tuple[Column, ...]:
    """Deadline, category, patient, subject, status."""
    return (
        Column(_("Frist"), 10),
        Column(_("Kat."), 8),
        Column(_("Pasient"), 11),
        Column(_("Emne"), 0),
        Column(_("Status"), 10),
    )


def row_cells(message: Message, urgency: Urgency, *, urgent: bool = False) -> tuple[str, ...]:
    """The text of one row: deadline with marker, category, patient, subject, status."""
    marker = urgency.marker if message.status.is_open else "  "
    subject = message.subject or message.text.replace("\n", " ")
    forwarded = message.forwarded_from
    if forwarded is not None and message.status.is_open:
        subject = _("fra {department}: {subject}").format(
            department=forwarded.from_department, subject=subject
        )
    if urgent and message.status.is_open:
        subject = f"{URGENT_MARKER} {subject}"
    status = status_label(message.status)
    if message.status is Status.FOLLOW_UP and message.checklist:
        status = _("Oppf. {done}/{total}").format(
            done=len(message.checklist) - len(message.checklist_left),
            total=len(message.checklist),
        )
    if message.claimed_by and message.status.is_open:
        status = message.claimed_by
    elif urgency.unclaimed:
        status = UNCLAIMED_MARKER
    return (
        f"{marker}{short_date(message.deadline, urgency.today)}",
        category_short(message.category) + ("" if message.category_confirmed else "?"),
        mask_national_id(message.patient_id) or "-",
        subject,
        status,
    )


def layout_line(cells: Sequence[str], width: int) -> str:
    """Cells padded or cut to their columns, one space apart, filling `width`."""
    specs = columns()
    fixed = sum(column.width + 1 for column in specs if column.width)
    flexible = max(4, width - fixed - 1)
    parts = []
    for column, cell in zip(specs, cells, strict=True):
        size = column.width or flexible
        text = cell if len(cell) <= size else cell[: max(0, size - 1)] + "…"
        parts.append(text.ljust(size))
    return (" " + " ".join(parts))[:width].ljust(width)


class InboxList(ScrollView, can_focus=True):
    """The list of messages; the cursor is a message id that survives updates."""

    COMPONENT_CLASSES = {
        "inbox-list--cursor",
        "inbox-list--urgent",
        "inbox-list--overdue",
        "inbox-list--today",
        "inbox-list--done",
    }

    BINDINGS = [
        Binding("down,j", "cursor(1)", _("Ned"), show=False, id="inbox.down"),
        Binding("up,k", "cursor(-1)", _("Opp"), show=False, id="inbox.up"),
        Binding("pagedown", "page(1)", _("Side ned"), show=False, id="inbox.page_down"),
        Binding("pageup", "page(-1)", _("Side opp"), show=False, id="inbox.page_up"),
        Binding("home", "first", _("Første"), show=False, id="inbox.first"),
        Binding("end", "last", _("Siste"), show=False, id="inbox.last"),
        Binding("enter", "select", _("Åpne"), show=False, id="inbox.open"),
    ]

    cursor: reactive[int] = reactive(0, repaint=False)

    class Highlighted(TextualMessage):
        """The cursor moved to another message (or the list became empty)."""

        def __init__(self, message_id: str | None) -> None:
            super().__init__()
            self.message_id = message_id

    class Selected(TextualMessage):
        """The clerk pressed enter on a message."""

        def __init__(self, message_id: str) -> None:
            super().__init__()
            self.message_id = message_id

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._messages: list[Message] = []
        self._urgency_of: UrgencyOf | None = None
        self._urgent_of: UrgentOf | None = None
        self._states: dict[int, tuple[Urgency, bool]] = {}
        """Each drawn row's urgency and urgent words, found when the row is first needed."""
        self._lines: dict[int, str] = {}

    # Data --------------------------------------------------------------------------------

    @property
    def messages(self) -> tuple[Message, ...]:
        """The messages shown, top to bottom."""
        return tuple(self._messages)

    @property
    def message_ids(self) -> list[str]:
        """The ids of the rows, top to bottom."""
        return [message.id for message in self._messages]

    @property
    def row_count(self) -> int:
        """How many rows the list has."""
        return len(self._messages)

    @property
    def selected_id(self) -> str | None:
        """The id of the message under the cursor, or None when the list is empty."""
        if not self._messages:
            return None
        return self._messages[min(self.cursor, len(self._messages) - 1)].id

    def show(
        self,
        messages: Sequence[Message],
        urgency_of: UrgencyOf,
        urgent_of: UrgentOf | None = None,
    ) -> None:
        """Show `messages` in this order; the cursor stays on the same message if it is there.

        Only the rows on screen whose message, state or cursor changed are repainted, even
        when messages moved: a live update costs a few rows on a slow link, not the pane.
        """
        selected = self.selected_id
        # Only rows already drawn can stay as they are; the others are found when drawn, so
        # an inbox of 1 000 messages costs the rows on screen, not a thousand (start-up).
        old_rows = {index: self._row(index) for index in self._lines}
        old_cursor = self.cursor
        self._messages = list(messages)
        self._urgency_of, self._urgent_of = urgency_of, urgent_of
        self._states = {}
        set_line_count(self, self.size.width, len(self._messages))
        ids = self.message_ids
        if selected in ids:
            self.set_reactive(InboxList.cursor, ids.index(selected))
        else:
            self.set_reactive(InboxList.cursor, min(self.cursor, max(0, len(ids) - 1)))
        unchanged = {
            index
            for index, row in old_rows.items()
            if index < len(self._messages) and self._row(index) == row
        }
        self._lines = {index: line for index, line in self._lines.items() if index in unchanged}
        top = self.scroll_offset.y
        for index in range(top, top + self.scrollable_content_region.height):
            moved = old_cursor != self.cursor and index in (old_cursor, self.cursor)
            if index not in unchanged or moved:
                self._refresh_row(index)
        self.scroll_to_cursor()
        if selected != self.selected_id:
            self.post_message(self.Highlighted(self.selected_id))

    # Drawing -----------------------------------------------------------------------------

    def _state(self, index: int) -> tuple[Urgency, bool]:
        """The row's urgency, and whether its words suggest urgency."""
        state = self._states.get(index)
        if state is None:
            assert self._urgency_of is not None  # rows exist only once `show` gave them
            message = self._messages[index]
            urgent = bool(self._urgent_of and self._urgent_of(message))
            state = self._states[index] = (self._urgency_of(message), urgent)
        return state

    def _row(self, index: int) -> tuple[Message, Urgency, bool]:
        """What the row shows: its message and state (equal rows look the same)."""
        return (self._messages[index], *self._state(index))

    def _refresh_row(self, index: int) -> None:
        self._lines.pop(index, None)
        self.refresh(Region(0, index - self.scroll_offset.y, self.size.width, 1))

    def _row_style(self, index: int) -> Style:
        message = self._messages[index]
        urgency, urgent = self._state(index)
        style = Style()
        if not message.status.is_open:
            # Answered: the deadline no longer applies, so no "!!" and no deadline colour.
            if message.status is not Status.FOLLOW_UP:
                style = self.get_component_rich_style("inbox-list--done")
        elif urgent:
            style = self.get_component_rich_style("inbox-list--urgent")
        elif urgency.overdue:
            style = self.get_component_rich_style("inbox-list--overdue")
        elif urgency.due_today:
            style = self.get_component_rich_style("inbox-list--today")
        if index == self.cursor:
            style += self.get_component_rich_style("inbox-list--cursor")
        return style

    def render_line(self, y: int) -> Strip:
        """One row: from the line cache, styled by its state and the cursor."""
        index = self.scroll_offset.y + y
        width = self.scrollable_content_region.width
        base = self.rich_style
        if index >= len(self._messages):
            return Strip.blank(width, base)
        line = self._lines.get(index)
        if line is None or len(line) != width:
            urgency, urgent = self._state(index)
            cells = row_cells(self._messages[index], urgency, urgent=urgent)
            line = self._lines[index] = layout_line(cells, width)
        if index == self.cursor:
            line = CURSOR_MARKER + line[1:]
        # One segment with the row's style (Rich's `Text.render` would leave the style out).
        return Strip([Segment(line, base + self._row_style(index))]).adjust_cell_length(width, base)

    def on_resize(self) -> None:
        """New size: lines are laid out again, and the cursor's row is brought into sight."""
        self._lines.clear()
        self.virtual_size = Size(self.size.width, len(self._messages))
        self.scroll_to_cursor()

    # Cursor ------------------------------------------------------------------------------

    def watch_cursor(self, old: int, new: int) -> None:
        """Repaint the two rows that changed and tell the screen."""
        self._refresh_row(old)
        self._refresh_row(new)
        self.scroll_to_cursor()
        self.post_message(self.Highlighted(self.selected_id))

    def scroll_to_cursor(self) -> None:
        """Keep the cursor's row visible.

        Not while the list has no height (behind a message shown full screen): scrolling by a
        window of no height can leave a scroll that hides the row once the list is back.
        `on_resize` brings it into sight then.
        """
        if self._messages and self.scrollable_content_region.height > 0:
            self.scroll_to_region(
                Region(0, self.cursor, 1, 1), animate=False, immediate=True, force=True
            )

    def _move_to(self, index: int) -> None:
        if self._messages:
            self.cursor = max(0, min(index, len(self._messages) - 1))

    def select(self, message_id: str) -> None:
        """Put the cursor on the message with this id, when the list shows it."""
        ids = self.message_ids
        if message_id in ids:
            self._move_to(ids.index(message_id))

    def action_cursor(self, step: int) -> None:
        """Move the cursor up or down."""
        self._move_to(self.cursor + step)

    def action_page(self, direction: int) -> None:
        """Move the cursor a screenful."""
        self._move_to(self.cursor + direction * max(1, self.scrollable_content_region.height))

    def action_first(self) -> None:
        """Go to the most urgent message."""
        self._move_to(0)

    def action_last(self) -> None:
        """Go to the last message."""
        self._move_to(len(self._messages) - 1)

    def action_select(self) -> None:
        """Open the message under the cursor."""
        if (selected := self.selected_id) is not None:
            self.post_message(self.Selected(selected))


class InboxColumns(Widget):
    """The column headings above the inbox, laid out like its rows."""

    def render(self) -> str:
        """The headings at the current width."""
        return layout_line([column.heading for column in columns()], self.size.width)
