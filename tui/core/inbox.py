"""What a clerk does to a message: answer it, correct its category, and the record of it.

`Inbox` is the domain's front door for the app and the command line: it knows who the clerk is
and what time it is, and records every change in the message's history through the store.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime

from tui.core.classify import classify
from tui.core.config import Config
from tui.core.i18n import _
from tui.core.model import OSLO, Category, HistoryEntry, Message, Status
from tui.core.store import Store
from tui.core.workdays import reply_deadline

Clock = Callable[[], datetime]


def oslo_now() -> datetime:
    """The current time in Europe/Oslo."""
    return datetime.now(OSLO)


def sort_key(message: Message) -> tuple[int, date, datetime]:
    """Order for the inbox: open messages first, then by deadline, then by time received."""
    return (0 if message.status.is_open else 1, message.deadline, message.received)


@dataclass(frozen=True)
class Urgency:
    """How close a message's deadline is, as a marker and words that read without colour."""

    deadline: date
    today: date

    @property
    def overdue(self) -> bool:
        """The deadline has passed."""
        return self.deadline < self.today

    @property
    def due_today(self) -> bool:
        """Today is the last day to reply."""
        return self.deadline == self.today

    @property
    def marker(self) -> str:
        """A short marker for the inbox row: "!!" overdue, "!" due today, else blank."""
        if self.overdue:
            return "!!"
        if self.due_today:
            return "! "
        return "  "


def deadline_label(days_left: int) -> str:
    """The deadline in words: "FORFALT for 2 arbeidsdag(er) siden", "FRIST I DAG" ..."""
    if days_left < 0:
        return _("FORFALT for {days} arbeidsdag(er) siden").format(days=-days_left)
    if days_left == 0:
        return _("FRIST I DAG")
    return _("{days} arbeidsdag(er) igjen").format(days=days_left)


class Inbox:
    """The clerk's operations on the shared messages."""

    def __init__(self, store: Store, config: Config, user: str, clock: Clock = oslo_now) -> None:
        self.store = store
        self.config = config
        self.user = user
        self.clock = clock
        self.calendar = config.calendar()

    def messages(self) -> list[Message]:
        """All messages, most urgent first."""
        return sorted(self.store.messages(), key=sort_key)

    def urgency(self, message: Message, today: date | None = None) -> Urgency:
        """Whether the message is overdue or due today (needs no holiday calendar)."""
        return Urgency(message.deadline, today or self.clock().date())

    def working_days_left(self, message: Message, today: date | None = None) -> int:
        """Working days until the deadline: 0 on the day, negative when overdue."""
        today = today or self.clock().date()
        return self.calendar.working_days_between(today, message.deadline)

    def deadline_for(self, received: datetime, department: str) -> date:
        """The reply deadline of a message received now by `department`."""
        return reply_deadline(received, self.config.deadline_days_for(department), self.calendar)

    def new_message(
        self,
        *,
        message_id: str,
        received: datetime,
        department: str,
        text: str,
        subject: str = "",
        type_code: str = "",
        **fields: object,
    ) -> Message:
        """A message with its deadline computed and its category suggested (not confirmed)."""
        suggestion = classify(type_code, text)
        return Message(
            id=message_id,
            received=received.astimezone(OSLO),
            deadline=self.deadline_for(received, department),
            department=department,
            text=text,
            subject=subject,
            type_code=type_code,
            category=suggestion.category,
            category_reason=suggestion.reason,
            **fields,  # type: ignore[arg-type]
        )

    def _record(self, message: Message, action: str, old: str = "", new: str = "") -> None:
        message.history.append(
            HistoryEntry(when=self.clock(), user=self.user, action=action, old=old, new=new)
        )

    def mark_answered(self, message_id: str) -> Message:
        """Record that the clerk has sent the reply: status "besvart", who and when."""

        def answer(message: Message) -> None:
            old = message.status
            message.status = Status.ANSWERED
            message.answered_by = self.user
            message.answered_at = self.clock()
            self._record(message, "status", old.value, message.status.value)

        return self.store.update(message_id, answer)

    def reopen(self, message_id: str) -> Message:
        """Undo an answer: the message is open again."""

        def reopen(message: Message) -> None:
            old = message.status
            message.status = Status.NEW
            message.answered_by = ""
            message.answered_at = None
            self._record(message, "status", old.value, message.status.value)

        return self.store.update(message_id, reopen)

    def set_category(self, message_id: str, category: Category) -> Message:
        """The clerk decides the category; it is no longer a suggestion."""

        def recategorise(message: Message) -> None:
            old = message.category
            message.category = category
            message.category_confirmed = True
            message.category_reason = _("valgt av {user}").format(user=self.user)
            self._record(message, "kategori", old.value, category.value)

        return self.store.update(message_id, recategorise)
