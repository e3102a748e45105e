"""The clerk's main screen: the inbox, the selected message, and every action on it.

The other screens, and the parts of the core only an action needs, are imported in the action
that opens them, to keep start-up light (`tests/unit/test_architecture.py` checks what it loads).
"""

from __future__ import annotations

from bisect import bisect_left, insort
from collections.abc import Callable, Sequence
from contextlib import suppress
from dataclasses import replace
from datetime import date
from typing import TYPE_CHECKING

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Container, Vertical
from textual.css.query import NoMatches
from textual.message import Message as TextualMessage
from textual.screen import Screen
from textual.widgets import Input, Static

from tui.core.i18n import _
from tui.core.labels import long_date
from tui.core.memory import release_free_memory
from tui.core.model import Message, Status
from tui.core.report.counts import open_now
from tui.core.rules.claims import CollisionError
from tui.core.store.changes import Changes
from tui.core.store.store import DatabaseUnusableError, StoreError
from tui.core.texts.library import TextLibrary
from tui.core.workflow.inbox import (
    Inbox,
    InboxError,
    SortKey,
    matches_filter,
    national_ids_in,
)
from tui.screens.message_changes import MessageChanges
from tui.screens.reply_copying import ReplyCopying
from tui.widgets.database_watcher import DatabaseWatcher
from tui.widgets.drop_folder_watcher import DropFolderWatcher, scan_notice
from tui.widgets.inbox_header import InboxHeader
from tui.widgets.inbox_list import InboxColumns, InboxList
from tui.widgets.key_footer import KeyFooter
from tui.widgets.message_detail import DetailView, MessageDetail

if TYPE_CHECKING:
    from tui.core.helsenorge.importer import ImportReport

FOOTER_SPARE = ("checklist", "forward", "toggle_follow_up", "change_category", "register")
"""Footer keys left out first when the line is too narrow (80 columns): the less frequent
steps. Copy, texts, answered, search, show and help stay; every key is in `?` and `ctrl+p`."""
REFRESH_SECONDS = 60
"""Look this often even without a change, so lapsed claims stop showing."""
HOUSEKEEPING_CHECK_SECONDS = 15 * 60
"""How often the app checks whether a new day has begun (archive and purge run once a day)."""


def urgent_ids(inbox: Inbox, messages: list[Message]) -> set[str]:
    """The ids of the open messages whose words suggest urgency."""
    return {m.id for m in messages if m.status.is_open and inbox.urgent_hint(m).urgent}


class InboxScreen(Screen[None]):
    """Inbox pane, detail pane and footer; the panes stack on narrow terminals.

    It gets what it works with when it is made: the clerk's inbox, the standard texts, the
    way to copy a text (`copy(text, title)`), and the messages read before the app started.
    """

    WIDE_WIDTH = 110
    """From this many columns the panes stand side by side; below it they stack."""

    class DatabaseUnusable(TextualMessage):
        """The inbox's database cannot be used: the app ends with `reason`."""

        def __init__(self, reason: str) -> None:
            super().__init__()
            self.reason = reason

    BINDINGS = [
        Binding("c", "copy_reply", _("Kopier"), tooltip=_("Kopier svarforslaget"), id="copy_reply"),
        Binding("t", "templates", _("Tekster"), tooltip=_("Velg en standardtekst"), id="templates"),
        Binding(
            "b",
            "mark_answered",
            _("Besvart"),
            tooltip=_("Merk svaret som sendt (så: til oppfølging)"),
            id="mark_answered",
        ),
        Binding("B", "reopen", _("Gjenåpne"), show=False, id="reopen"),
        Binding(
            "e", "change_category", _("Kategori"), tooltip=_("Endre kategori"), id="change_category"
        ),
        Binding(
            "v",
            "forward",
            _("Videresend"),
            tooltip=_("Videresend til riktig avdeling"),
            id="forward",
        ),
        Binding(
            "l",
            "checklist",
            _("Sjekkliste"),
            tooltip=_("Kryss av oppfølgingen etter svaret"),
            id="checklist",
        ),
        Binding(
            "o",
            "toggle_follow_up",
            _("Oppfølging"),
            tooltip=_("Vis bare meldinger til oppfølging / hele innboksen"),
            id="toggle_follow_up",
        ),
        Binding(
            "u",
            "close_without_reply",
            _("Lukk uten svar"),
            show=False,
            tooltip=_("Lukk en melding som ikke trenger svar (grunn kreves)"),
            id="close_without_reply",
        ),
        Binding("slash", "filter", _("Søk"), tooltip=_("Søk i innboksen"), id="filter"),
        Binding(
            "n", "register", _("Ny"), tooltip=_("Registrer en melding (lim inn)"), id="register"
        ),
        Binding(
            "i",
            "import_files",
            _("Importer"),
            show=False,
            tooltip=_("Importer Helsenorge-meldinger fra fil eller mappe"),
            id="import_files",
        ),
        Binding(
            "x", "show_text", _("Vis"), tooltip=_("Vis teksten for manuell merking"), id="show_text"
        ),
        Binding(
            "r",
            "report",
            _("Rapport"),
            tooltip=_("Oversikt for seksjonsleder: frister, volum, per saksbehandler"),
            id="report",
        ),
        Binding(
            "V",
            "roster",
            _("Vaktliste"),
            show=False,
            tooltip=_("Hvem følger opp innboksen hvilke dager"),
            id="roster",
        ),
        Binding("escape", "back", _("Tilbake"), show=False, id="back"),
        Binding("question_mark", "help", _("Hjelp"), tooltip=_("Taster og regler"), id="help"),
        Binding("q", "app.quit", _("Avslutt"), id="quit"),
    ]

    AUTO_FOCUS = "#inbox"
    ESCAPE_TO_MINIMIZE = False
    """Escape is ours: it closes the message and puts the focus back on the inbox."""

    def __init__(
        self,
        inbox: Inbox,
        library: TextLibrary,
        copy: Callable[[str, str], None],
        initial_messages: list[Message] | None = None,
    ) -> None:
        super().__init__()
        self.inbox = inbox
        self.library = library
        self.copying = ReplyCopying(self, copy)
        self.changes = MessageChanges(self)
        self._initial_messages = initial_messages
        """Messages read before the app started, shown in the first frame (no worker wait)."""
        self._messages: list[Message] = []
        """Every message of the inbox, in the inbox's order (`Inbox.sort_key`)."""
        self._by_id: dict[str, Message] = {}
        self._keys: dict[str, SortKey] = {}
        """The sort keys of the messages, found when a row is put in its place."""
        self._revision: int | None = None
        """The store's revision the inbox shows (None until it is first read)."""
        self._urgent: set[str] = set()
        self._recorded_numbers: set[str] = set()
        """Whole fødselsnumre searched for, whose look-up is recorded (until the search ends)."""
        self._recording_numbers: set[str] = set()
        """Those whose look-up is being recorded."""
        self._opened: Message | None = None
        """The message the clerk opened (enter), as it was then: collisions are measured from it."""
        self.follow_up_view = False
        """True while the inbox shows only the messages in follow-up."""
        self._last_import_path = ""
        self._on_duty: tuple[str, ...] | None = None
        """Who is on duty today; None until read, or when no roster is set up."""
        self._housekept_on: date | None = None
        """The day housekeeping last ran (it runs at start and once a day)."""
        self._search: Input | None = None
        """The search field; None until `/` first adds it."""

    def compose(self) -> ComposeResult:
        """Header line, the two panes, the footer; `/` adds the search field under the header."""
        # Before the children: set later, the class would restyle all of them.
        self._set_breakpoint(self.app.size.width)
        yield InboxHeader(id="inbox-header")
        store = self.inbox.store
        if store.read_only:
            yield Static(
                _(
                    "SKRIVEBESKYTTET: {file} kan ikke endres. Du kan lese, men ingen endring "
                    "lagres."
                ).format(file=store.location),
                id="read-only-banner",
                markup=False,
            )
        with Vertical(id="panes"):
            with Vertical(id="inbox-pane"):
                yield InboxColumns(id="inbox-columns")
                yield InboxList(id="inbox")
            yield MessageDetail(id="detail")
        # Textual's footer shows its keys only from the frame after the first (once the
        # screen's bindings are known), so the first frame shows its bar alone: this stand-in
        # paints the same bar, and the footer takes its place after the first frame.
        yield Container(id="footer-stand-in")

    def on_mount(self) -> None:
        """Show the messages read at start-up (or load them), then keep them fresh."""
        initial, self._initial_messages = self._initial_messages, None
        if initial is None:
            self.load_messages()
        else:
            self._revision = self.inbox.read_revision
            self.show_messages(initial)
            # After the first frame: importing the holiday tables in a thread would slow it.
            self.call_after_refresh(self._load_calendar)
        self.call_after_refresh(self._housekeeping)  # after the first frame: it takes the lock
        # The watcher starts watching after the first frame anyway; mounted then, the frame
        # does not register and style it either.
        self.call_after_refresh(self.mount, DatabaseWatcher(self.inbox.store))
        config = self.inbox.config
        if config.drop_folder or any(department.drop_folder for department in config.departments):
            self.mount(DropFolderWatcher(self.inbox))
        self.call_after_refresh(self._mount_footer)
        self.set_interval(REFRESH_SECONDS, self._look_again)
        self.set_interval(HOUSEKEEPING_CHECK_SECONDS, self.daily_housekeeping)

    async def _mount_footer(self) -> None:
        """Put the footer in the stand-in's place, and have it show the keys."""
        stand_in = self.query_one("#footer-stand-in")
        await self.mount(KeyFooter(spare=FOOTER_SPARE), before=stand_in)
        await stand_in.remove()
        self.refresh_bindings()

    def _set_breakpoint(self, width: int) -> None:
        """Give the screen the app's breakpoint class for `width` (`-narrow` or `-wide`).

        Textual sets it on the screen's first resize, which comes after the first frame: that
        frame was laid out with neither class (the panes unsized) and the whole screen painted
        twice at start-up, a waste on a slow link. Textual's later resizes keep it up to date.
        """
        breakpoints = sorted(self.app.HORIZONTAL_BREAKPOINTS or [])
        chosen = [name for edge, name in breakpoints if width >= edge][-1:]
        self.update_classes({name: name in chosen for _, name in breakpoints})

    # Loading and showing ------------------------------------------------------------------

    def daily_housekeeping(self) -> None:
        """Run the housekeeping again when a new day has begun since it last ran."""
        if self._housekept_on != self.inbox.clock().date():
            self._housekeeping()

    @work(thread=True, exclusive=True, group="housekeeping")
    def _housekeeping(self) -> None:
        """Archive, erase expired patient data and analyse old messages (`housekeep`).

        The warnings about too-open files come at start only.
        """
        # Imported here to keep start-up light: the purge loads the drop folders' importer.
        from tui.core.housekeeping import housekeep

        first = self._housekept_on is None
        self._housekept_on = self.inbox.clock().date()

        def warn(warning: str) -> None:
            self.app.call_from_thread(self.notify, warning, severity="warning", timeout=30)

        try:
            done = housekeep(self.inbox, warn if first else None)
        except StoreError as error:
            self.app.call_from_thread(self._store_failed, error)
            return
        release_free_memory()  # the archive and the purge read the whole file
        for note, seconds in done.notes():
            self.app.call_from_thread(self.notify, note, timeout=seconds)
        if done.changed:
            self.load_messages()

    @work(thread=True, exclusive=True, group="load")
    def load_messages(self) -> None:
        """Bring the inbox up to date in a thread: only the messages changed since it was shown.

        The first time, or when the store no longer holds the changes that far back
        (`Changes.complete`), the whole inbox is read and shown instead.
        """
        inbox = self.inbox
        base = self._revision
        try:
            if base is None:
                messages = inbox.messages()
                revision = inbox.read_revision
            else:
                changes = inbox.changes_since(base)
                if not changes.complete:
                    if changes.revision != base:
                        self.app.call_from_thread(self._show_changes, base, changes)
                    if changes.roster:
                        self._load_duty()
                    return
                found = [m for m in changes.messages.values() if m is not None]
                messages, revision = sorted(found, key=inbox.sort_key), changes.revision
        except StoreError as error:
            self.app.call_from_thread(self._store_failed, error)
            return
        release_free_memory()  # what parsing the whole file took
        urgent = urgent_ids(inbox, messages)
        self.app.call_from_thread(self._show_loaded, messages, urgent, revision)
        self._load_calendar()
        self._load_duty()

    def _show_loaded(self, messages: list[Message], urgent: set[str], revision: int) -> None:
        if self._revision is not None and revision < self._revision:
            return  # a read that a newer one overtook
        self._revision = revision
        with suppress(NoMatches):  # the app may be closing while the inbox was read
            self.show_messages(messages, urgent)

    def _key_of(self, message: Message) -> SortKey:
        key = self._keys.get(message.id)
        if key is None:
            key = self._keys[message.id] = self.inbox.sort_key(message)
        return key

    def _show_changes(self, base: int, changes: Changes) -> None:
        """Put each changed message in its place (by bisection), leave the others as they are."""
        if base != self._revision:
            if self._revision is not None and changes.revision > self._revision:
                self.load_messages()  # another read came first: ask again from there
            return
        self._revision = changes.revision
        messages, key_of = self._messages, self._key_of
        for message_id, message in changes.messages.items():
            old = self._by_id.pop(message_id, None)
            if old is not None:
                index = bisect_left(messages, key_of(old), key=key_of)
                if index < len(messages) and messages[index] is old:
                    del messages[index]
                else:  # not where its key says: look for it
                    messages.remove(old)
                del self._keys[message_id]
            self._urgent.discard(message_id)
            if message is not None:
                self._by_id[message_id] = message
                insort(messages, message, key=key_of)
                if message.status.is_open and self.inbox.urgent_hint(message).urgent:
                    self._urgent.add(message_id)
        with suppress(NoMatches):  # the app may be closing
            # The detail pane changes with its message (a new selection updates it anyway).
            selected = self.query_one(InboxList).selected_id
            self.show_messages(messages, self._urgent, detail=selected in changes.messages)

    def _look_again(self) -> None:
        """Show lapsed claims as none, and catch up with any change the watcher missed."""
        now = self.inbox.clock()
        for index, message in enumerate(self._messages):
            if message.claimed_by and not self.inbox.holder(message, now):
                # A new object: the list repaints the rows whose message changed.
                copy = replace(message, claimed_by="", claimed_at=None)
                self._messages[index] = self._by_id[message.id] = copy
        self.show_messages(self._messages, self._urgent)
        self.load_messages()

    @work(thread=True, group="duty")
    def _load_duty(self) -> None:
        """Read who is on duty today from the shared roster, then show it in the header."""
        try:
            roster = self.inbox.duty.roster()
        except StoreError:
            return  # the inbox's own read reports a bad database
        today = self.inbox.clock().date()
        on_duty = roster.on(today) if roster.is_set_up else None
        self.app.call_from_thread(self._show_duty, on_duty)

    def on_screen_resume(self) -> None:
        """Shown (at start, or back from another screen): read who is on duty.

        After the frame is painted, so start-up stays as fast as before.
        """
        self.call_after_refresh(self._load_duty)

    def _show_duty(self, on_duty: tuple[str, ...] | None) -> None:
        self._on_duty = on_duty
        with suppress(NoMatches):  # the app may be closing while the roster was read
            self._update_header(self._messages)
            self._update_detail()

    @on(DatabaseWatcher.Changed)
    def _database_changed(self) -> None:
        self.load_messages()

    @on(DropFolderWatcher.Scanned)
    def _drop_folder_scanned(self, event: DropFolderWatcher.Scanned) -> None:
        """Tell the clerk what a drop folder brought, and show the new messages."""
        notice, attention = scan_notice(event.folder, event.scan)
        self.notify(
            notice,
            title=_("Import"),
            severity="warning" if attention else "information",
            timeout=15 if attention else 5,
        )
        if event.scan.report.new_messages:
            self.load_messages()

    @on(DropFolderWatcher.Failed)
    def _drop_folder_failed(self, event: DropFolderWatcher.Failed) -> None:
        self.notify(event.problem, severity="error", timeout=30)

    @on(MessageDetail.RevealRequested)
    def _reveal_requested(self, event: MessageDetail.RevealRequested) -> None:
        self._record_reveal(event.message_id)

    @work(thread=True, group="reveal")
    def _record_reveal(self, message_id: str) -> None:
        """Record the showing of the whole number, then give it to the detail pane."""
        try:
            number = self.inbox.reveal_national_id(message_id)
        except (InboxError, StoreError) as error:
            self.app.call_from_thread(self.notify, str(error), severity="error", timeout=15)
            return
        detail = self.query_one(MessageDetail)
        self.app.call_from_thread(detail.show_number, message_id, number)

    def _store_failed(self, error: StoreError) -> None:
        """A database that cannot be used ends the app; anything else is reported.

        A damaged archive or backup file does not stop the work on the inbox: the clerk is
        told (it is never written to), and the section leader sees it in the report.
        """
        store_path = self.inbox.store.path  # None: a server, where every such error is fatal
        if isinstance(error, DatabaseUnusableError) and store_path in (error.path, None):
            self.post_message(self.DatabaseUnusable(str(error)))
        else:
            self.notify(str(error), severity="error", timeout=30)

    @work(thread=True, group="calendar")
    def _load_calendar(self) -> None:
        """Load the holiday tables after the inbox is painted, then count working days."""
        calendar = self.inbox.calendar
        if not calendar.is_loaded:
            calendar.is_working_day(self.inbox.clock().date())
            self.app.call_from_thread(self._update_detail)

    def show_messages(
        self, messages: list[Message], urgent: set[str] | None = None, *, detail: bool = True
    ) -> None:
        """Show `messages` (already sorted), filtered by the search field and the view.

        `urgent` holds the ids of open messages whose words suggest urgency (found here when
        not given). Without `detail` the detail pane is left as it is.
        """
        inbox = self.inbox
        self._urgent = urgent if urgent is not None else urgent_ids(inbox, messages)
        if messages is not self._messages:
            self._by_id = {message.id: message for message in messages}
            self._keys = {}
        self._messages = messages
        search = self._search
        query = search.value if search is not None else ""
        shown = messages
        if query:
            shown = [m for m in messages if matches_filter(m, query, by_national_id=True)]
            numbers = national_ids_in(query)
            if numbers - self._recorded_numbers and shown:
                # Found by the whole fødselsnummer: shown once the look-up is recorded.
                if numbers - self._recording_numbers:
                    self._recording_numbers |= numbers
                    self._record_search(numbers, shown)
                shown = []
        if self.follow_up_view:
            shown = [m for m in shown if m.status is Status.FOLLOW_UP]
        today = inbox.clock().date()
        self.query_one(InboxList).show(
            shown, lambda m: inbox.urgency(m, today), lambda m: m.id in self._urgent
        )
        self._update_header(messages)
        if detail:
            self._update_detail()

    def _update_header(self, messages: list[Message]) -> None:
        # The report's "open and overdue now" counts with the same function and clock.
        counts = open_now(messages, self.inbox.clock().date())
        header = self.query_one(InboxHeader)
        header.show(counts, self.inbox.user, self._on_duty, self.follow_up_view)

    def _update_detail(self) -> None:
        message = self.selected_message
        view = None
        if message is not None:
            view = DetailView.of(self.inbox, self.library, message, self._on_duty or ())
        self.query_one(MessageDetail).show(view)

    @property
    def selected_message(self) -> Message | None:
        """The message under the inbox cursor."""
        selected = self.query_one(InboxList).selected_id
        return self._by_id.get(selected) if selected is not None else None

    @on(InboxList.Highlighted)
    def _row_highlighted(self) -> None:
        if self._opened is not None and self.query_one(InboxList).selected_id != self._opened.id:
            self._leave_message()
        self._update_detail()

    @on(InboxList.Selected)
    def _row_selected(self) -> None:
        self.action_open()

    # Actions -------------------------------------------------------------------------------

    def action_open(self) -> None:
        """Open the selected message and claim it: focus the detail pane (full screen if narrow)."""
        message = self.selected_message
        if message is None:
            return
        self._opened = message
        self._claim(message.id)
        detail = self.query_one(MessageDetail)
        detail.focus()
        if self.app.size.width < self.WIDE_WIDTH:
            self.maximize(detail, container=False)

    @work(thread=True, group="claim")
    def _claim(self, message_id: str) -> None:
        inbox = self.inbox
        try:
            outcome = inbox.claim(message_id)
            if self._opened is None or self._opened.id != message_id:
                inbox.release_claim()  # the clerk left it while the claim was being written
        except StoreError as error:
            self.app.call_from_thread(self._store_failed, error)
            return

        def opened() -> None:
            if self._opened is not None and self._opened.id == message_id:
                self._opened = outcome.message
            if outcome.holder and outcome.holder != inbox.user:
                self.notify(
                    _("{user} jobber med denne meldingen. Du kan lese den.").format(
                        user=outcome.holder
                    ),
                    severity="warning",
                )

        self.app.call_from_thread(opened)
        self.load_messages()

    def _leave_message(self) -> None:
        """The clerk left the opened message: let others have it."""
        self._opened = None
        self._release()

    @work(thread=True, group="claim")
    def _release(self) -> None:
        try:
            self.inbox.release_claim()
        except StoreError as error:
            self.app.call_from_thread(self._store_failed, error)
            return
        self.load_messages()

    def action_back(self) -> None:
        """Close the opened message, else clear the search, and return to the inbox list.

        Escape in the list with a search in force clears it (the cursor stays on its message).
        """
        search = self._search
        in_message = self.query_one(MessageDetail).has_focus
        if self.maximized is not None:
            self.minimize()
        if self._opened is not None:
            self._leave_message()
        elif search is not None and not in_message and (search.has_focus or search.value):
            search.value = ""
            search.display = False
        self.query_one(InboxList).focus()

    def _require_message(self) -> Message | None:
        message = self.selected_message
        if message is None:
            self.notify(_("Velg en melding først."), severity="warning")
        return message

    def action_copy_reply(self) -> None:
        """Copy the suggested reply for the selected message, filled in (or ask first)."""
        if (message := self._require_message()) is not None:
            self.copying.copy_reply(message)

    def action_templates(self) -> None:
        """Open the template picker; it works with or without a selected message."""
        self.copying.pick(self.selected_message)

    def action_show_text(self) -> None:
        """Show the last copied text (or the suggested reply) for selecting by hand."""
        self.copying.show_text(self.selected_message)

    def show_copied(self, title: str) -> None:
        """Name the copied text on its own line; added at the first copy, like the search."""
        line = _("Kopiert: «{title}» – x viser hele teksten").format(title=title)
        copied = next(self.query("#copied").results(Static), None)
        if copied is None:
            self.mount(Static(line, id="copied", markup=False), after="#panes")
        else:
            copied.update(line)

    def action_mark_answered(self) -> None:
        """Record that the reply has been sent, and go on to the next message."""
        if (message := self._require_message()) is not None:
            self.changes.mark_answered(
                message,
                self._seen(message),
                lambda: self.copying.follow_up_after_copy(message),
            )

    def action_reopen(self) -> None:
        """Open an answered message again."""
        message = self._require_message()
        if message is not None and message.status is not Status.NEW:
            self.changes.reopen(message.id, self._seen(message))

    def action_change_category(self) -> None:
        """Let the clerk choose the category; the suggestion is never final by itself."""
        if (message := self._require_message()) is not None:
            self.changes.change_category(message, self._seen(message))

    def action_forward(self) -> None:
        """Forward the selected message to the department it should have gone to."""
        if (message := self._require_message()) is not None:
            self.changes.forward(message, self._seen(message))

    def action_checklist(self) -> None:
        """Open the follow-up checklist of the selected message."""
        if (message := self._require_message()) is not None:
            self.changes.checklist(message, self._seen(message))

    def action_close_without_reply(self) -> None:
        """Close a message that needs no reply; the reason is asked for and recorded."""
        if (message := self._require_message()) is not None:
            self.changes.close_without_reply(message, self._seen(message))

    def action_toggle_follow_up(self) -> None:
        """Show only the messages in follow-up, or the whole inbox again."""
        self.follow_up_view = not self.follow_up_view
        self.show_messages(self._messages, self._urgent)
        self.query_one(InboxList).action_first()

    def _seen(self, message: Message) -> Message:
        """The message as the clerk last saw it: as opened, else as the list shows it.

        Every change is checked against it: another clerk's change since then is a collision.
        """
        opened = self._opened
        return opened if opened is not None and opened.id == message.id else message

    def move_on(self, message_id: str, order: Sequence[Message] | None = None) -> None:
        """Put the cursor on the next message that needs work, as mutt's "resolve" does.

        The next one below that is open or in follow-up, else the nearest above, in `order`
        (the list as the clerk saw it when the step began; by default as it is now); an
        opened message is closed first. Done when the step is taken, not when it is written,
        so `b` pressed twice answers two messages.
        """
        inbox_list = self.query_one(InboxList)
        now = {m.id: m for m in inbox_list.messages}
        messages = list(inbox_list.messages if order is None else order)
        at = next((row for row, m in enumerate(messages) if m.id == message_id), None)
        if at is None:
            return
        if self._opened is not None and self._opened.id == message_id:
            if self.maximized is not None:
                self.minimize()
            inbox_list.focus()
        wanted = (Status.NEW, Status.FOLLOW_UP)
        nearest = [*messages[at + 1 :], *reversed(messages[:at])]
        for candidate in nearest:
            shown = now.get(candidate.id)
            if shown is not None and shown.status in wanted:
                inbox_list.select(shown.id)
                return

    def select(self, message_id: str) -> None:
        """Put the inbox cursor on a message."""
        self.query_one(InboxList).select(message_id)

    def shown(self) -> Sequence[Message]:
        """The messages as the list shows them now, in order."""
        return self.query_one(InboxList).messages

    @work(thread=True, group="change")
    def apply(
        self,
        operation: Callable[[Inbox], Message],
        note: Callable[[Message], str],
        on_collision: Callable[[CollisionError], None] | None = None,
    ) -> None:
        """Run a domain operation off the event loop, tell the clerk, and reload."""
        try:
            changed = operation(self.inbox)
        except CollisionError as collision:
            if on_collision is not None:
                self.app.call_from_thread(on_collision, collision)
            return
        except InboxError as error:
            self.app.call_from_thread(self.notify, str(error), severity="error", timeout=30)
            return
        except StoreError as error:
            self.app.call_from_thread(self._store_failed, error)
            return
        self.app.call_from_thread(self.notify, note(changed))
        self.load_messages()

    async def action_filter(self) -> None:
        """Show the search field.

        It is added the first time: hidden until then, it would only cost the first frame its
        styles and layout.
        """
        search = self._search
        if search is None:
            search = Input(placeholder=_("Søk i innboksen (esc lukker)"), id="filter")
            await self.mount(search, after="#inbox-header")
            self._search = search
        search.display = True
        search.focus()

    @work(thread=True, exclusive=True, group="search")
    def _record_search(self, numbers: set[str], found: list[Message]) -> None:
        """Record the look-up by fødselsnummer in each message found, then show them."""
        try:
            self.inbox.record_national_id_search(found)
        except (InboxError, StoreError) as error:
            self.app.call_from_thread(self._recording_numbers.difference_update, numbers)
            self.app.call_from_thread(self.notify, str(error), severity="error", timeout=15)
            return

        def recorded() -> None:
            self._recorded_numbers |= numbers
            self._recording_numbers -= numbers
            self.show_messages(self._messages, self._urgent)
            self.query_one(InboxList).action_first()

        self.app.call_from_thread(recorded)

    @on(Input.Changed, "#filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        if not event.value.strip():
            self._recorded_numbers.clear()  # a new search by number is recorded again
            self._recording_numbers.clear()
        self.show_messages(self._messages, self._urgent)
        if event.value.strip():
            self.query_one(InboxList).action_first()  # on the best match, as the clerk types

    @on(Input.Submitted, "#filter")
    def _filter_submitted(self) -> None:
        self.query_one(InboxList).focus()

    def action_register(self) -> None:
        """Open the form for a pasted message; the department defaults to the selected one's."""
        selected = self.selected_message
        inbox = self.inbox

        def registered(message: Message | None) -> None:
            if message is None:
                return
            self.notify(
                _("Meldingen er registrert i {department}, svarfrist {deadline}.").format(
                    department=message.department, deadline=long_date(message.deadline)
                )
            )
            self.load_messages()

        from tui.screens.register_message import RegisterMessageScreen

        department = selected.department if selected else ""
        self.app.push_screen(RegisterMessageScreen(inbox, department), registered)

    def action_import_files(self) -> None:
        """Import files or a folder the clerk names; the inbox shows the new messages."""
        from tui.core.helsenorge.dropfolder import drop_folders
        from tui.screens.import_files import ImportScreen

        folders = tuple(folder.path for folder in drop_folders(self.inbox.config))

        def imported(report: ImportReport | None) -> None:
            if report is not None and report.results:
                self._last_import_path = str(report.results[-1].path.parent)
            if report is not None and report.new_messages:
                self.load_messages()

        self.app.push_screen(ImportScreen(self.inbox, self._last_import_path, folders), imported)

    def action_report(self) -> None:
        """The section leader's overview: figures for a period and department."""
        from tui.screens.report import ReportScreen

        self.app.push_screen(ReportScreen(self.inbox))

    def action_roster(self) -> None:
        """Who follows the shared inbox on which days; a leader may change it."""
        from tui.screens.roster import RosterScreen

        self.app.push_screen(RosterScreen(self.inbox))

    def action_help(self) -> None:
        """Show the keys in force (after any remapping) and the procedure's rules."""
        keys = [
            (self.app.get_key_display(binding), binding.tooltip or binding.description)
            for (_node, binding, _enabled, _tooltip) in self.active_bindings.values()
            if binding.id and binding.description
        ]
        keys += [
            (_("piltaster"), _("Flytt i listen eller rull i meldingen")),
            ("tab", _("Bytt mellom innboks og melding")),
            ("ctrl+p", _("Kommandopalett: alle handlinger")),
        ]
        from tui.screens.help import HelpScreen, configured_rules

        self.app.push_screen(HelpScreen(keys, configured_rules(self.inbox.config)))
