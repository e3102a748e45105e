"""The clerk's main screen: the inbox, the selected message, and every action on it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Footer, Input, Static

from tui.core.i18n import _
from tui.core.labels import category_label
from tui.core.model import Category, Message, Status
from tui.core.replies import ChosenText, ReplyContext
from tui.core.store import StoreError
from tui.core.texts import Template
from tui.widgets.inbox_list import InboxColumns, InboxList
from tui.widgets.message_detail import DetailView, MessageDetail

if TYPE_CHECKING:
    from tui.app import TimedialogApp


def matches_filter(message: Message, query: str) -> bool:
    """True when every word of `query` occurs in the message's searchable fields."""
    haystack = " ".join(
        (
            message.subject,
            message.text,
            message.department,
            message.category.value,
            category_label(message.category),
            message.patient_name,
            message.status.value,
            message.claimed_by,
        )
    ).lower()
    return all(word in haystack for word in query.lower().split())


class InboxScreen(Screen[None]):
    """Inbox pane, detail pane and footer; the panes stack on narrow terminals."""

    BINDINGS = [
        Binding("c", "copy_reply", _("Kopier"), tooltip=_("Kopier svarforslaget"), id="copy_reply"),
        Binding("t", "templates", _("Tekster"), tooltip=_("Velg en standardtekst"), id="templates"),
        Binding(
            "b", "mark_answered", _("Besvart"), tooltip=_("Merk som besvart"), id="mark_answered"
        ),
        Binding("B", "reopen", _("Gjenåpne"), show=False, id="reopen"),
        Binding(
            "e", "change_category", _("Kategori"), tooltip=_("Endre kategori"), id="change_category"
        ),
        Binding("slash", "filter", _("Søk"), tooltip=_("Søk i innboksen"), id="filter"),
        Binding(
            "x", "show_text", _("Vis"), tooltip=_("Vis teksten for manuell merking"), id="show_text"
        ),
        Binding("escape", "back", _("Tilbake"), show=False, id="back"),
        Binding("question_mark", "help", _("Hjelp"), tooltip=_("Taster og regler"), id="help"),
        Binding("q", "app.quit", _("Avslutt"), id="quit"),
    ]

    AUTO_FOCUS = "#inbox"
    ESCAPE_TO_MINIMIZE = False
    """Escape is ours: it closes the message and puts the focus back on the inbox."""

    def __init__(self) -> None:
        super().__init__()
        self._messages: list[Message] = []
        self._last_copied = ""

    @property
    def timedialog(self) -> TimedialogApp:
        """The app, typed."""
        from tui.app import TimedialogApp

        assert isinstance(self.app, TimedialogApp)
        return self.app

    def compose(self) -> ComposeResult:
        """Header line, filter field (hidden until `/`), the two panes, the footer."""
        yield Static("timedialog", id="inbox-header")
        yield Input(placeholder=_("Søk i innboksen (esc lukker)"), id="filter")
        with Vertical(id="panes"):
            with Vertical(id="inbox-pane"):
                yield InboxColumns(id="inbox-columns")
                yield InboxList(id="inbox")
            yield MessageDetail(id="detail")
        yield Footer(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        """Show the messages read at start-up, or load them without blocking the screen."""
        initial = self.timedialog.initial_messages
        if initial is None:
            self.load_messages()
        else:
            self.timedialog.initial_messages = None
            self.show_messages(initial)
            self._load_calendar()

    # Loading and showing ------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="load")
    def load_messages(self) -> None:
        """Read the inbox from the store in a thread, then show it."""
        try:
            messages = self.timedialog.inbox.messages()
        except StoreError as error:
            self.app.call_from_thread(self.notify, str(error), severity="error", timeout=30)
            return
        self.app.call_from_thread(self.show_messages, messages)
        self._load_calendar()

    @work(thread=True, group="calendar")
    def _load_calendar(self) -> None:
        """Load the holiday tables after the inbox is painted, then count working days."""
        calendar = self.timedialog.inbox.calendar
        if not calendar.is_loaded:
            calendar.is_working_day(self.timedialog.inbox.clock().date())
            self.app.call_from_thread(self._update_detail)

    def show_messages(self, messages: list[Message]) -> None:
        """Show `messages` (already sorted), filtered by the search field."""
        self._messages = messages
        query = self.query_one("#filter", Input).value
        shown = [m for m in messages if matches_filter(m, query)] if query else messages
        inbox = self.timedialog.inbox
        today = inbox.clock().date()
        self.query_one(InboxList).show(shown, lambda m: inbox.urgency(m, today))
        self._update_header(messages)
        self._update_detail()

    def _update_header(self, messages: list[Message]) -> None:
        inbox = self.timedialog.inbox
        today = inbox.clock().date()
        open_messages = [m for m in messages if m.status.is_open]
        overdue = sum(1 for m in open_messages if m.deadline < today)
        due_today = sum(1 for m in open_messages if m.deadline == today)
        header = _(
            "timedialog – {open} åpne, {overdue} forfalt (!!), {today} frist i dag (!) – {user}"
        ).format(open=len(open_messages), overdue=overdue, today=due_today, user=inbox.user)
        self.query_one("#inbox-header", Static).update(header)

    def _update_detail(self) -> None:
        message = self.selected_message
        detail = self.query_one(MessageDetail)
        if message is None:
            detail.show(None)
            return
        app = self.timedialog
        template = self.reply_context(message).suggested(app.library)
        detail.show(
            DetailView(
                message=message,
                urgency=app.inbox.urgency(message),
                working_days_left=(
                    app.inbox.working_days_left(message) if app.inbox.calendar.is_loaded else None
                ),
                department_name=app.inbox.config.department_name(message.department),
                reply_title=template.title if template else "",
            )
        )

    @property
    def selected_message(self) -> Message | None:
        """The message under the inbox cursor."""
        selected = self.query_one(InboxList).selected_id
        return next((m for m in self._messages if m.id == selected), None)

    @on(InboxList.Highlighted)
    def _row_highlighted(self) -> None:
        self._update_detail()

    @on(InboxList.Selected)
    def _row_selected(self) -> None:
        self.action_open()

    # Actions -------------------------------------------------------------------------------

    def action_open(self) -> None:
        """Open the selected message: focus the detail pane, full screen when narrow."""
        if self.selected_message is None:
            return
        detail = self.query_one(MessageDetail)
        detail.focus()
        if self.app.size.width < self.timedialog.WIDE_WIDTH:
            self.maximize(detail, container=False)

    def action_back(self) -> None:
        """Close the search field or the opened message and return to the inbox."""
        filter_input = self.query_one("#filter", Input)
        if filter_input.has_focus:
            filter_input.value = ""
            filter_input.display = False
        if self.maximized is not None:
            self.minimize()
        self.query_one(InboxList).focus()

    def _require_message(self) -> Message | None:
        message = self.selected_message
        if message is None:
            self.notify(_("Velg en melding først."), severity="warning")
        return message

    def reply_context(self, message: Message | None) -> ReplyContext:
        """What a reply is chosen for: the configuration, today and the message (if any)."""
        inbox = self.timedialog.inbox
        return ReplyContext(inbox.config, inbox.clock().date(), message)

    def action_copy_reply(self) -> None:
        """Copy the suggested reply for the selected message, filled in.

        When a value the text needs is missing, the picker opens and asks for it: a text is
        never copied half-done.
        """
        message = self._require_message()
        if message is None:
            return
        context = self.reply_context(message)
        template = context.suggested(self.timedialog.library)
        if template is None:
            self.notify(
                _("Ingen standardtekst for kategorien {category}.").format(
                    category=category_label(message.category)
                ),
                severity="warning",
            )
            return
        filled = context.fill(template)
        if filled.complete:
            self.copy_chosen(ChosenText(template, filled.text))
        else:
            self._open_picker(context, ask_for=template)

    def copy_chosen(self, chosen: ChosenText | None) -> None:
        """Put a chosen, filled text on the clipboard, say how it went and what comes next."""
        if chosen is None:
            return
        self._last_copied = chosen.text
        self.timedialog.copy_text(chosen.text, chosen.template.title)
        if chosen.template.checklist:
            items = "\n".join(f"• {item}" for item in chosen.template.checklist)
            self.notify(items, title=_("Husk etterpå"), timeout=15)

    def action_templates(self) -> None:
        """Open the template picker; it works with or without a selected message."""
        self._open_picker(self.reply_context(self.selected_message))

    def _open_picker(self, context: ReplyContext, ask_for: Template | None = None) -> None:
        from tui.screens.template_picker import TemplatePicker

        picker = TemplatePicker(self.timedialog.library, context, ask_for=ask_for)
        self.app.push_screen(picker, self.copy_chosen)

    def action_mark_answered(self) -> None:
        """Record that the reply has been sent."""
        message = self._require_message()
        if message is None:
            return
        if message.status is Status.ANSWERED:
            self.notify(
                _("Allerede besvart av {user}. Shift+b gjenåpner.").format(user=message.answered_by)
            )
            return
        self._change(message.id, "answer")

    def action_reopen(self) -> None:
        """Open an answered message again."""
        message = self._require_message()
        if message is not None and message.status is not Status.NEW:
            self._change(message.id, "reopen")

    def action_change_category(self) -> None:
        """Let the clerk choose the category; the suggestion is never final by itself."""
        message = self._require_message()
        if message is None:
            return

        def chosen(category: Category | None) -> None:
            if category is not None:
                self._change(message.id, "category", category)

        from tui.screens.category_picker import CategoryPicker

        self.app.push_screen(CategoryPicker(message.category, message.category_reason), chosen)

    @work(thread=True, group="change")
    def _change(self, message_id: str, what: str, category: Category | None = None) -> None:
        inbox = self.timedialog.inbox
        try:
            if what == "answer":
                changed = inbox.mark_answered(message_id)
                note = _("Merket som besvart av {user}.").format(user=changed.answered_by)
            elif what == "reopen":
                inbox.reopen(message_id)
                note = _("Meldingen er åpen igjen.")
            else:
                assert category is not None
                inbox.set_category(message_id, category)
                note = _("Kategori satt til {category}.").format(category=category_label(category))
        except StoreError as error:
            self.app.call_from_thread(self.notify, str(error), severity="error", timeout=30)
            return
        self.app.call_from_thread(self.notify, note)
        self.load_messages()

    def action_filter(self) -> None:
        """Show the search field."""
        filter_input = self.query_one("#filter", Input)
        filter_input.display = True
        filter_input.focus()

    @on(Input.Changed, "#filter")
    def _filter_changed(self) -> None:
        self.show_messages(self._messages)

    @on(Input.Submitted, "#filter")
    def _filter_submitted(self) -> None:
        self.query_one(InboxList).focus()

    def action_show_text(self) -> None:
        """Show the last copied text (or the suggested reply) for selecting by hand."""
        text = self._last_copied
        if not text and (message := self.selected_message) is not None:
            context = self.reply_context(message)
            template = context.suggested(self.timedialog.library)
            filled = context.fill(template) if template else None
            if filled is not None and not filled.complete:
                self.notify(_("Svarforslaget mangler verdier: trykk c for å fylle dem inn."))
                return
            text = filled.text if filled else ""
        if not text:
            self.notify(_("Ingen tekst å vise ennå."), severity="warning")
            return
        from tui.screens.text_view import TextView

        self.app.push_screen(TextView(text))

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
        from tui.screens.help import HelpScreen

        self.app.push_screen(HelpScreen(keys))
