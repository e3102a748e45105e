"""Register a message by pasting its text: for departments without an import feed.

The clerk pastes the patient's text (bracketed paste, so it arrives whole over SSH), adds what
else is known, and sees the suggested category and the deadline while typing. Ctrl+S saves only
when every field is valid; errors stand next to their field, in Norwegian.
"""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Input, Label, Select, Static, TextArea

from tui.core.helsenorge.registration import (
    FIELDS,
    Registration,
    RegistrationError,
    build_message,
    format_moment,
    preview,
    validate,
)
from tui.core.i18n import _
from tui.core.model import Message
from tui.core.store.store import StoreError
from tui.core.workflow.inbox import Inbox
from tui.widgets.key_footer import KeyFooter

_INPUTS = {
    "patient_name": (_("Pasient"), _("navn (valgfritt)")),
    "dips_ref": (_("DIPS-ref."), _("valgfritt")),
    "received": (_("Mottatt"), _("dd.mm.åååå tt:mm")),
    "appointment": (_("Time"), _("dd.mm.åååå tt:mm (valgfritt)")),
}
"""The one-line fields: label and placeholder."""


class RegisterMessageScreen(ModalScreen[Message | None]):
    """The form; dismisses with the stored message, or None when the clerk cancels."""

    CSS_PATH = ["dialogs.tcss", "register_message.tcss"]

    BINDINGS = [
        Binding("ctrl+s", "save", _("Lagre"), id="register.save"),
        Binding("escape", "cancel", _("Avbryt"), id="register.cancel"),
    ]

    def __init__(self, inbox: Inbox, department: str = "") -> None:
        super().__init__()
        self.inbox = inbox
        self.department = department
        self._show_errors = False
        """Errors are shown from the first save attempt on, then kept up to date while typing."""
        self._confirm_cancel = False

    def compose(self) -> ComposeResult:
        """Text, the one-line fields, department, the live suggestion, then the keys."""
        departments = [
            (f"{department.code} – {department.name}", department.code)
            for department in self.inbox.config.departments
        ]
        known = {code for _label, code in departments}
        with Vertical(id="register"):
            yield Label(_("Ny melding – lim inn teksten fra pasienten"), id="register-title")
            yield TextArea(id="register-text", soft_wrap=True, tab_behavior="focus")
            yield Static(id="register-text-error", classes="field-error")
            for field, (label, placeholder) in _INPUTS.items():
                with Horizontal(classes="field-row"):
                    yield Label(label, classes="field-label")
                    yield Input(
                        value=format_moment(self.inbox.clock()) if field == "received" else "",
                        placeholder=placeholder,
                        id=f"register-{field}",
                        compact=True,
                    )
                yield Static(id=f"register-{field}-error", classes="field-error")
            with Horizontal(classes="field-row"):
                yield Label(_("Avdeling"), classes="field-label")
                yield Select(
                    departments,
                    prompt=_("velg avdeling"),
                    value=self.department if self.department in known else Select.NULL,
                    id="register-department",
                    compact=True,
                )
            yield Static(id="register-department-error", classes="field-error")
            yield Static(id="register-preview")
            yield Static(id="register-save-error")
        yield KeyFooter()

    def on_mount(self) -> None:
        """Start in the text field with the suggestion shown."""
        self.query_one("#register-text", TextArea).focus()
        self._refresh()
        self._load_language()

    @work(thread=True, group="language")
    def _load_language(self) -> None:
        """Load the language data while the clerk pastes, so the first suggestion is quick."""
        from tui.core.rules.language import load  # in this worker: never at start-up

        load()

    @property
    def registration(self) -> Registration:
        """The form's current values."""
        department = self.query_one("#register-department", Select).value
        values = {field: self.query_one(f"#register-{field}", Input).value for field in _INPUTS}
        return Registration(
            text=self.query_one("#register-text", TextArea).text,
            department=department if isinstance(department, str) else "",
            **values,
        )

    @on(TextArea.Changed)
    @on(Input.Changed)
    @on(Select.Changed)
    def _changed(self) -> None:
        self._confirm_cancel = False
        self._refresh()

    @on(Input.Submitted)
    def _next_field(self) -> None:
        self.focus_next()

    def _refresh(self) -> None:
        """Update the suggestion and deadline, and the errors once they are shown."""
        registration = self.registration
        lines = preview(registration, self.inbox).lines()
        self.query_one("#register-preview", Static).update(Content("\n".join(lines)))
        if self._show_errors:
            self._show(validate(registration, self.inbox))

    def _show(self, errors: dict[str, str]) -> None:
        for field in FIELDS:
            error = self.query_one(f"#register-{field}-error", Static)
            error.update(Content(errors.get(field, "")))
            error.set_class(field in errors, "-shown")
            self.query_one(f"#register-{field}").set_class(field in errors, "-has-error")

    def action_save(self) -> None:
        """Store the message when every field is valid; otherwise point at what is wrong."""
        self._show_errors = True
        try:
            message = build_message(self.registration, self.inbox)
        except RegistrationError as error:
            self._show(error.errors)
            first = next(field for field in FIELDS if field in error.errors)
            widget: Widget = self.query_one(f"#register-{first}")
            widget.focus()
            self.notify(_("Rett feilene i skjemaet."), severity="warning")
            return
        self._show({})
        self._save(message)

    @work(thread=True, exclusive=True, group="register")
    def _save(self, message: Message) -> None:
        try:
            self.inbox.add_messages([message])
        except StoreError as error:
            self.app.call_from_thread(self._save_failed, str(error))
            return
        self.app.call_from_thread(self.dismiss, message)

    def _save_failed(self, error: str) -> None:
        """Keep the form open with everything in it: nothing typed is lost."""
        text = _("Ikke lagret: {error}").format(error=error)
        save_error = self.query_one("#register-save-error", Static)
        save_error.update(Content(text))
        save_error.add_class("-shown")
        self.notify(text, severity="error", timeout=30)

    def action_cancel(self) -> None:
        """Close without saving; asks for a second Esc when something has been typed."""
        registration = self.registration
        typed = any(
            (
                registration.text.strip(),
                registration.patient_name,
                registration.dips_ref,
                registration.appointment,
            )
        )
        if typed and not self._confirm_cancel:
            self._confirm_cancel = True
            self.notify(_("Skjemaet har innhold. Trykk Esc igjen for å forkaste det."))
            return
        self.dismiss(None)
