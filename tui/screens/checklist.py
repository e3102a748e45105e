"""The follow-up checklist of an answered message: tick items off; the last one closes it."""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from tui.core.i18n import _
from tui.core.model import Message, Status
from tui.core.rules.claims import CollisionError
from tui.core.store.store import StoreError
from tui.core.workflow.inbox import Inbox, InboxError
from tui.widgets.choice_list import ChoiceList
from tui.widgets.key_footer import KeyFooter


class ChecklistScreen(ModalScreen[bool]):
    """The items with [x] or [ ]; `space`/`enter` or the item's number ticks it.

    Dismisses with True when the last tick closed the message (the inbox then goes on to the
    next message), else False.
    """

    CSS_PATH = ["dialogs.tcss"]

    BINDINGS = [
        Binding("escape,q", "close", _("Lukk"), id="checklist.close"),
        Binding("space", "tick", _("Kryss av"), id="checklist.tick"),
        *(
            Binding(
                str(n),
                f"tick_number({n})",
                _("Kryss av nr. {n}").format(n=n),
                show=False,
                id=f"checklist.tick{n}",
            )
            for n in range(1, 10)
        ),
    ]

    def __init__(self, inbox: Inbox, message: Message) -> None:
        super().__init__()
        self.inbox = inbox
        self.message = message

    def compose(self) -> ComposeResult:
        """Title, the items, a hint."""
        with Vertical(id="checklist"):
            yield Label("", id="checklist-title", classes="dialog-title")
            yield ChoiceList(id="checklist-items")
            yield Label(
                _(
                    "mellomrom/enter eller tallet krysser av (igjen: fjerner krysset). "
                    "Når alt er gjort, lukkes meldingen. esc lukker."
                ),
                classes="dialog-hint",
            )
        yield KeyFooter()

    def on_mount(self) -> None:
        """Show the items."""
        self._show(self.message)

    def _show(self, message: Message) -> None:
        self.message = message
        items = self.query_one(OptionList)
        highlighted = items.highlighted
        items.clear_options()
        items.add_options(
            Option(
                # Content, not markup: "[x]" would otherwise be read as a style tag.
                Content(f"{number}. {'[x]' if item in message.checklist_done else '[ ]'} {item}"),
                id=str(number),
            )
            for number, item in enumerate(message.checklist, start=1)
        )
        if message.checklist:
            items.highlighted = min(highlighted or 0, len(message.checklist) - 1)
        if message.status is Status.CLOSED:
            title = _("Oppfølging fullført – meldingen er lukket")
        else:
            title = _("Oppfølging: {left} av {total} gjenstår – {subject}").format(
                left=len(message.checklist_left),
                total=len(message.checklist),
                subject=message.subject or _("(uten emne)"),
            )
        self.query_one("#checklist-title", Label).update(title)

    def action_tick(self) -> None:
        """Tick or untick the highlighted item."""
        index = self.query_one(OptionList).highlighted
        if index is not None:
            self.action_tick_number(index + 1)

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        self.action_tick_number(event.option_index + 1)

    def action_tick_number(self, number: int) -> None:
        """Tick or untick item `number` (1-based)."""
        if not 1 <= number <= len(self.message.checklist):
            return
        self._tick(self.message.checklist[number - 1])

    @work(thread=True, exclusive=True, group="checklist")
    def _tick(self, item: str, seen: Message | None = None, accept_holder: str = "") -> None:
        was_closed = self.message.status is Status.CLOSED
        try:
            changed = self.inbox.tick(self.message.id, item, seen or self.message, accept_holder)
        except CollisionError as collision:
            self.app.call_from_thread(self._confirm_collision, item, collision)
            return
        except (StoreError, InboxError) as error:
            self.app.call_from_thread(self.notify, str(error), severity="error", timeout=30)
            return
        self.app.call_from_thread(self._show, changed)
        if changed.status is Status.CLOSED and not was_closed:
            self.app.call_from_thread(self._finished)

    def _confirm_collision(self, item: str, collision: CollisionError) -> None:
        """Another clerk holds or changed the message: tick only if the clerk confirms."""
        from tui.screens.confirm import ConfirmScreen  # loaded when first shown

        def answered(yes: bool | None) -> None:
            if yes:
                self._tick(item, collision.message, collision.holder)
            else:
                self.notify(_("Ingenting er endret."))
                self._show(collision.message)

        question = _("Vil du likevel krysse av i sjekklisten?")
        self.app.push_screen(ConfirmScreen(question, collision.reasons), answered)

    def _finished(self) -> None:
        """The last tick closed the message: back to the inbox, which goes on to the next."""
        self.notify(_("Sjekklisten er fullført – meldingen er lukket."))
        self.dismiss(True)

    def action_close(self) -> None:
        """Back to the inbox."""
        self.dismiss(False)
