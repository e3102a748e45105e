"""The inbox screen's changes to a message: answered, reopened, category, forwarded, closed.

Each change asks what it needs (a category, a department, a reason), hands the domain
operation to the screen's change worker, and, when another clerk holds the message or changed
it since the clerk saw it (a collision), shows who and what, and goes on only on yes. The
screen keeps the keys and the list; this class keeps the steps of each change.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import partial
from typing import TYPE_CHECKING, Protocol

from tui.core.i18n import _, ngettext
from tui.core.labels import category_label, category_reason_label, status_label
from tui.core.model import Category, Message, Status
from tui.screens.screen_host import ScreenHost

if TYPE_CHECKING:
    from tui.core.rules.claims import CollisionError
    from tui.core.workflow.inbox import Inbox


class ChangeHost(ScreenHost, Protocol):
    """What the changes need of the screen they work for."""

    def apply(
        self,
        operation: Callable[[Inbox], Message],
        note: Callable[[Message], str],
        on_collision: Callable[[CollisionError], None] | None = None,
    ) -> object:
        """Run `operation` off the event loop, tell the clerk `note`, show the new state.

        (A worker on the screen; what it returns is of no use here.)
        """
        ...

    def move_on(self, message_id: str, order: Sequence[Message] | None = None) -> None:
        """Put the cursor on the next message that needs work."""
        ...

    def select(self, message_id: str) -> None:
        """Put the cursor on a message."""
        ...

    def shown(self) -> Sequence[Message]:
        """The messages as the list shows them now, in order."""
        ...

    def load_messages(self) -> object:
        """Read the inbox again and show it (a worker too)."""
        ...


def answered_note(changed: Message) -> str:
    """What the clerk is told once a reply is recorded as sent: the follow-up, if any."""
    if changed.status is Status.FOLLOW_UP:
        return ngettext(
            "Svar sendt ({user}). Til oppfølging: {count} punkt – l for sjekkliste.",
            "Svar sendt ({user}). Til oppfølging: {count} punkter – l for sjekkliste.",
            len(changed.checklist),
        ).format(user=changed.answered_by, count=len(changed.checklist))
    return _("Svar sendt ({user}). Ingen oppfølging: meldingen er lukket.").format(
        user=changed.answered_by
    )


class MessageChanges:
    """The steps of each change a clerk makes to a message, for the inbox screen.

    Every change is measured against `seen`, the message as the clerk last saw it: another
    clerk's change since then is a collision, asked about before anything is written.
    """

    def __init__(self, host: ChangeHost) -> None:
        self.host = host

    def mark_answered(
        self, message: Message, seen: Message, checklist: Callable[[], tuple[str, ...]]
    ) -> None:
        """Record that the reply has been sent, and go on to the next message.

        `checklist` gives the follow-up the copied text calls for; asked only for an open
        message.
        """
        host = self.host
        if not message.status.is_open:
            status = status_label(message.status).lower()
            if message.answered_by:
                note = _("Allerede {status} ({user}). Shift+b gjenåpner.").format(
                    status=status, user=message.answered_by
                )
            else:
                note = _("Allerede {status}. Shift+b gjenåpner.").format(status=status)
            host.notify(note)
            return
        follow_up = checklist()
        host.move_on(message.id)
        self._answer(message.id, seen, follow_up)

    def _answer(
        self,
        message_id: str,
        seen: Message,
        checklist: tuple[str, ...],
        accept_holder: str = "",
    ) -> None:
        def again(collision: CollisionError) -> None:
            self.host.move_on(message_id)
            self._answer(message_id, collision.message, checklist, collision.holder)

        self.host.apply(
            lambda inbox: inbox.mark_answered(message_id, seen, accept_holder, checklist),
            answered_note,
            on_collision=lambda collision: self.ask_past_collision(
                collision,
                _("Vil du likevel merke meldingen som besvart?"),
                partial(again, collision),
            ),
        )

    def reopen(self, message_id: str, seen: Message, accept_holder: str = "") -> None:
        """Open an answered message again."""
        self.host.apply(
            lambda inbox: inbox.reopen(message_id, seen, accept_holder),
            lambda _changed: _("Meldingen er åpen igjen."),
            on_collision=lambda collision: self.ask_past_collision(
                collision,
                _("Vil du likevel gjenåpne meldingen?"),
                lambda: self.reopen(message_id, collision.message, collision.holder),
            ),
        )

    def change_category(self, message: Message, seen: Message) -> None:
        """Let the clerk choose the category; the suggestion is never final by itself."""

        def chosen(category: Category | None) -> None:
            if category is not None:
                self._set_category(message.id, category, seen)

        from tui.screens.category_picker import CategoryPicker

        reason = category_reason_label(message.category_reason)
        self.host.app.push_screen(CategoryPicker(message.category, reason), chosen)

    def _set_category(
        self, message_id: str, category: Category, seen: Message, accept_holder: str = ""
    ) -> None:
        self.host.apply(
            lambda inbox: inbox.set_category(message_id, category, seen, accept_holder),
            lambda _changed: _("Kategori satt til {category}.").format(
                category=category_label(category)
            ),
            on_collision=lambda collision: self.ask_past_collision(
                collision,
                _("Vil du likevel endre kategorien?"),
                lambda: self._set_category(
                    message_id, category, collision.message, collision.holder
                ),
            ),
        )

    def forward(self, message: Message, seen: Message) -> None:
        """Forward a message to the department it should have gone to (one is asked for)."""
        host = self.host
        if not message.status.is_open:
            host.notify(_("Bare ubesvarte meldinger kan videresendes."), severity="warning")
            return
        config = host.inbox.config

        def forward(code: str, seen: Message, accept_holder: str = "") -> None:
            host.move_on(message.id)
            host.apply(
                lambda inbox: inbox.forward(message.id, code, seen, accept_holder),
                lambda changed: _(
                    "Videresendt til {code} – {department}. Svarfristen er uendret ({deadline})."
                ).format(
                    code=code,
                    department=config.department_name(code),
                    deadline=changed.deadline.strftime("%d.%m"),
                ),
                on_collision=lambda collision: self.ask_past_collision(
                    collision,
                    _("Vil du likevel videresende meldingen?"),
                    lambda: forward(code, collision.message, collision.holder),
                ),
            )

        def chosen(code: str | None) -> None:
            if code is not None:
                forward(code, seen)

        from tui.screens.department_picker import DepartmentPicker

        host.app.push_screen(
            DepartmentPicker(config.departments, message.department, message.subject), chosen
        )

    def checklist(self, message: Message, seen: Message) -> None:
        """Open the follow-up checklist; when the last item is ticked, go on."""
        host = self.host
        if not message.checklist or message.closed_reason:
            host.notify(
                _("Ingen sjekkliste: den kommer når svaret er merket som sendt (b)."),
                severity="warning",
            )
            return
        order = host.shown()

        def closed(finished: bool | None) -> None:
            if finished:
                host.move_on(message.id, order)
            host.load_messages()

        from tui.screens.checklist import ChecklistScreen

        host.app.push_screen(ChecklistScreen(host.inbox, seen), closed)

    def close_without_reply(self, message: Message, seen: Message) -> None:
        """Close a message that needs no reply; the reason is asked for and recorded."""
        host = self.host
        if not message.status.is_open:
            host.notify(_("Bare ubesvarte meldinger kan lukkes uten svar."), severity="warning")
            return

        def close(reason: str, seen: Message, accept_holder: str = "") -> None:
            host.move_on(message.id)
            host.apply(
                lambda inbox: inbox.close_without_reply(message.id, reason, seen, accept_holder),
                lambda _changed: _("Lukket uten svar: {reason}").format(reason=reason),
                on_collision=lambda collision: self.ask_past_collision(
                    collision,
                    _("Vil du likevel lukke meldingen uten svar?"),
                    lambda: close(reason, collision.message, collision.holder),
                ),
            )

        def chosen(reason: str | None) -> None:
            if reason:
                close(reason, seen)

        from tui.screens.close_reason import CloseReason

        host.app.push_screen(CloseReason(message.subject or _("(uten emne)")), chosen)

    def ask_past_collision(
        self, collision: CollisionError, question: str, go_on: Callable[[], object]
    ) -> None:
        """Show who else is on the message and what changed; run `go_on` only on yes."""
        host = self.host

        def answered(yes: bool | None) -> None:
            if yes:
                go_on()
            else:
                host.notify(_("Ingenting er endret."))
                host.load_messages()

        from tui.screens.confirm import ConfirmScreen

        # The question is about this message: the cursor goes back to it while it is asked.
        host.select(collision.message.id)
        host.app.push_screen(ConfirmScreen(question, collision.reasons), answered)
