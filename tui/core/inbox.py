"""What a clerk does to a message: claim it, answer it, correct its category, archive it.

`Inbox` is the domain's front door for the app and the command line: it knows who the clerk is
and what time it is, and records every change in the message's history (who, what, when, old
and new value) through the store.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from tui.core.claims import CLAIM, RELEASE, CollisionError, changes_since, claim_holder
from tui.core.classify import classify
from tui.core.config import Config
from tui.core.i18n import _
from tui.core.labels import category_label
from tui.core.model import OSLO, Category, HistoryEntry, Message, Status
from tui.core.store import AddResult, MessageNotFoundError, Store
from tui.core.workdays import reply_deadline

Clock = Callable[[], datetime]


def oslo_now() -> datetime:
    """The current time in Europe/Oslo."""
    return datetime.now(OSLO)


def sort_key(message: Message) -> tuple[int, date, datetime]:
    """Order for the inbox: open messages first, then by deadline, then by time received."""
    return (0 if message.status.is_open else 1, message.deadline, message.received)


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


def last_change(message: Message) -> datetime:
    """When the message was last changed (or received, if never)."""
    moments = [message.received, *(entry.when for entry in message.history)]
    if message.answered_at is not None:
        moments.append(message.answered_at)
    return max(moments)


ARCHIVED = "arkivert"
"""History action when a message moves to the archive."""
REGISTERED = "registrert"
"""History action when a message is put into the inbox."""
DONE = frozenset({Status.ANSWERED, Status.CLOSED})
"""Statuses whose messages move to the archive after `archive_after_days`."""


@dataclass(frozen=True)
class ClaimOutcome:
    """What opening a message did: the message as it is now, and who holds it."""

    message: Message
    holder: str
    """The clerk holding it now: this clerk, another one, or "" (not open, nothing to hold)."""


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
        self.held: str | None = None
        """The id of the message this session has claimed, if any."""
        self._claiming = threading.RLock()

    def messages(self) -> list[Message]:
        """All messages in the inbox, most urgent first; lapsed claims are shown as none."""
        messages = self.store.messages()
        now = self.clock()
        for message in messages:
            if message.claimed_by and not self.holder(message, now):
                message.claimed_by = ""
                message.claimed_at = None
        return sorted(messages, key=sort_key)

    def holder(self, message: Message, now: datetime | None = None) -> str:
        """Who holds the message now ("" when nobody, or the claim has lapsed)."""
        return claim_holder(message, now or self.clock(), self.config.claim_minutes)

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

    def add_messages(self, messages: Iterable[Message]) -> AddResult:
        """Put new messages into the inbox, recording who registered them; known ids are skipped."""
        incoming = list(messages)
        for message in incoming:
            self._record(message, REGISTERED, "", message.source)
        return self.store.add(incoming)

    def claim(self, message_id: str) -> ClaimOutcome:
        """Take the message for this clerk (the clerk opened it), unless another clerk holds it.

        A claim held by this session on another message is released first. Opening a message
        this clerk already holds renews the claim.
        """
        with self._claiming:
            return self._claim(message_id)

    def _claim(self, message_id: str) -> ClaimOutcome:
        if self.held is not None and self.held != message_id:
            self.release_claim()
        other = ""

        def take(message: Message) -> bool | None:
            nonlocal other
            if not message.status.is_open:
                return False
            holder = self.holder(message)
            if holder and holder != self.user:
                other = holder
                return False
            if holder != self.user:
                self._record(message, CLAIM, message.claimed_by, self.user)
            message.claimed_by = self.user
            message.claimed_at = self.clock()
            return None

        message = self.store.update(message_id, take)
        if other:
            return ClaimOutcome(message, other)
        if message.claimed_by == self.user:
            self.held = message_id
            return ClaimOutcome(message, self.user)
        return ClaimOutcome(message, "")

    def release_claim(self) -> Message | None:
        """Let go of the message this session holds (the clerk left it, or quits)."""
        with self._claiming:
            return self._release_claim()

    def _release_claim(self) -> Message | None:
        message_id, self.held = self.held, None
        if message_id is None:
            return None

        def release(message: Message) -> bool | None:
            if message.claimed_by != self.user:
                return False
            self._release(message)
            return None

        try:
            return self.store.update(message_id, release)
        except MessageNotFoundError:
            return None

    def _release(self, message: Message) -> None:
        self._record(message, RELEASE, message.claimed_by, "")
        message.claimed_by = ""
        message.claimed_at = None

    def check_collision(
        self, message: Message, seen: Message | None, accept_holder: str = ""
    ) -> None:
        """Raise `CollisionError` when another clerk holds `message` or changed it since `seen`.

        `accept_holder` is a holder the clerk has already confirmed going past.
        """
        holder = self.holder(message)
        if holder in (self.user, accept_holder):
            holder = ""
        changes = changes_since(seen, message, self.user) if seen is not None else []
        if holder or changes:
            raise CollisionError(message, holder, changes)

    def mark_answered(
        self, message_id: str, seen: Message | None = None, accept_holder: str = ""
    ) -> Message:
        """Record that the clerk has sent the reply: status "besvart", who and when.

        `seen` is the message as the clerk opened it: if another clerk holds it or changed it
        since, `CollisionError` is raised and nothing is written, until the clerk confirms
        (call again with the error's message as `seen` and its holder as `accept_holder`).
        """

        def answer(message: Message) -> None:
            self.check_collision(message, seen, accept_holder)
            old = message.status
            message.status = Status.ANSWERED
            message.answered_by = self.user
            message.answered_at = self.clock()
            self._record(message, "status", old.value, message.status.value)
            if message.claimed_by:
                self._release(message)

        answered = self.store.update(message_id, answer)
        with self._claiming:
            if self.held == message_id:
                self.held = None
        return answered

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

    def archive_done(self) -> list[Message]:
        """Move answered and closed messages untouched for `archive_after_days` to the archive."""
        cutoff = self.clock() - timedelta(days=self.config.archive_after_days)

        def is_due(message: Message) -> bool:
            return message.status in DONE and last_change(message) < cutoff

        def mark(message: Message) -> None:
            self._record(
                message,
                ARCHIVED,
                _("innboks"),
                _("arkiv {year}").format(year=message.received.year),
            )

        return self.store.archive(is_due, mark)

    def search_archive(self, query: str = "") -> list[Message]:
        """Archived messages matching every word of `query`, newest first."""
        found = [m for m in self.store.archived() if matches_filter(m, query)]
        return sorted(found, key=lambda message: message.received, reverse=True)
