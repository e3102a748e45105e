"""What a clerk does to a message: claim it, answer it, correct its category, archive it.

`Inbox` is the domain's front door for the app and the command line: it knows who the clerk is
and what time it is, and records every change in the message's history (who, what, when, old
and new value) through the store.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from functools import cached_property
from typing import Any

from tui.core.config.config import Config
from tui.core.history import (
    ARCHIVED,
    CATEGORY_CONFIRMED,
    CHECKLIST_TICKED,
    CHECKLIST_UNTICKED,
    CLOSED_WITHOUT_REPLY,
    FORWARDED,
    REGISTERED,
    SEARCHED,
    STATUS_CHANGED,
)
from tui.core.i18n import _, ngettext
from tui.core.labels import category_label
from tui.core.model import OSLO, Category, Forward, HistoryEntry, Message, Status
from tui.core.patient_data import REVEALED
from tui.core.rules.claims import CLAIM, RELEASE, CollisionError, changes_since, claim_holder
from tui.core.rules.fee import FeeVerdict, check_fee
from tui.core.rules.roster import DutyRoster, unclaimed_on_last_day
from tui.core.rules.urgent import NO_URGENT_WORDS, UrgentHint
from tui.core.rules.workdays import reply_deadline
from tui.core.store.interface import InboxStore
from tui.core.store.schema import SUGGESTION_FEEDBACK
from tui.core.store.store import AddResult, MessageNotFoundError, StoreError
from tui.core.texts.library import Template, TextLibrary
from tui.core.workflow.audit import AuditTrail

Clock = Callable[[], datetime]


def _urgent_text(message: Message) -> str:
    return f"{message.subject}\n{message.text}"


def oslo_now() -> datetime:
    """The current time in Europe/Oslo."""
    return datetime.now(OSLO)


_STATUS_RANK = {Status.NEW: 0, Status.FOLLOW_UP: 1}


def sort_key(message: Message, urgent: bool = False) -> tuple[int, int, date, datetime]:
    """Order for the inbox: open messages (urgent ones on top), follow-up, the rest.

    Within each group, by deadline, then by time received.
    """
    rank = _STATUS_RANK.get(message.status, 2)
    # The time in UTC: each stored time has an offset object of its own, and comparing times
    # with different ones is several times slower (sorting 1 000 messages at start-up).
    received = message.received.astimezone(UTC)
    return (rank, 0 if urgent and rank == 0 else 1, message.deadline, received)


CANCELLATIONS = frozenset({Category.AVBESTILLING, Category.GEBYR})

ANALYSIS_FIELDS = (
    "category",
    "category_reason",
    "category_rule",
    "category_alternatives",
    "category_suggested",
    "category_sure",
    "urgent_words",
    "urgent_negated",
)
"""What `Inbox.analyse` sets on a message."""
"""Categories the fee rule is checked for."""


class InboxError(ValueError):
    """An operation the message's state does not allow; the message says why, in Norwegian."""


@dataclass(frozen=True)
class ReplySuggestion:
    """The standard reply the tool suggests, and why."""

    category: Category
    reason: str


NATIONAL_ID_DIGITS = 11
_SPLIT_NATIONAL_ID = re.compile(r"\b(\d{6})\s+(\d{5})\b")
"""A fødselsnummer written as birth date and personal number ("131169 12345")."""


def national_ids_in(query: str) -> set[str]:
    """The whole fødselsnumre (11 digits, or 6 + 5) a search query holds."""
    words = _SPLIT_NATIONAL_ID.sub(r"\1\2", query).split()
    return {word for word in words if len(word) == NATIONAL_ID_DIGITS and word.isdigit()}


def matches_filter(message: Message, query: str, *, by_national_id: bool = False) -> bool:
    """True when every word of `query` occurs in the message's searchable fields.

    The birth-date digits the list shows of the fødselsnummer are searched like the text.
    With `by_national_id`, a whole fødselsnummer in the query matches its messages; the
    caller records such a look-up (`Inbox.record_national_id_search`). Digits of the number
    past the birth date are never matched on their own.
    """
    query = _SPLIT_NATIONAL_ID.sub(r"\1\2", query)
    patient_id = message.patient_id.replace(" ", "")
    words = query.lower().split()
    numbers = national_ids_in(query)
    if numbers:
        if not by_national_id or numbers != {patient_id}:
            return False  # never a match on digits of the text: only on the patient's number
        words = [word for word in words if word not in numbers]
    birth_date = patient_id[:6] if len(patient_id) == NATIONAL_ID_DIGITS else ""
    haystack = " ".join(
        (
            birth_date,
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
    return all(word in haystack for word in words)


def last_change(message: Message) -> datetime:
    """When the message was last changed (or received, if never)."""
    moments = [message.received, *(entry.when for entry in message.history)]
    if message.answered_at is not None:
        moments.append(message.answered_at)
    return max(moments)


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
    unclaimed: bool = False
    """Open, nobody holds it, and `claim_by` (12:00) has passed on its last day (or it is over)."""

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
    """The deadline in words: "FORFALT for 2 arbeidsdager siden", "FRIST I DAG" ..."""
    if days_left < 0:
        return ngettext(
            "FORFALT for {days} arbeidsdag siden",
            "FORFALT for {days} arbeidsdager siden",
            -days_left,
        ).format(days=-days_left)
    if days_left == 0:
        return _("FRIST I DAG")
    return ngettext("{days} arbeidsdag igjen", "{days} arbeidsdager igjen", days_left).format(
        days=days_left
    )


class Inbox:
    """The clerk's operations on the shared messages."""

    def __init__(
        self,
        store: InboxStore,
        config: Config,
        user: str,
        clock: Clock = oslo_now,
        library: TextLibrary | None = None,
    ) -> None:
        self.store = store
        self.config = config
        self.user = user
        self.clock = clock
        self.calendar = config.calendar()
        self.held: str | None = None
        """The id of the message this session has claimed, if any."""
        self._claiming = threading.RLock()
        self.audit = AuditTrail(store)
        """Every history entry also goes to the system log, once the store holds it."""
        self._library = library
        self._urgent_hints: dict[str, tuple[str, UrgentHint]] = {}
        """Hints found for messages stored without one (an older file that cannot be written)."""

    @property
    def library(self) -> TextLibrary:
        """The standard texts (their checklists are the default follow-up work)."""
        if self._library is None:
            self._library = TextLibrary.load()
        return self._library

    def messages(self) -> list[Message]:
        """All messages, most urgent first (urgent words first among the open ones).

        Lapsed claims are shown as none.
        """
        messages = self.store.messages()
        now = self.clock()
        for message in messages:
            if message.claimed_by and not self.holder(message, now):
                message.claimed_by = ""
                message.claimed_at = None
        # Only open messages are put first for their words: the others need no hint.
        return sorted(
            messages, key=lambda m: sort_key(m, m.status.is_open and self.urgent_hint(m).urgent)
        )

    def holder(self, message: Message, now: datetime | None = None) -> str:
        """Who holds the message now ("" when nobody, or the claim has lapsed)."""
        return claim_holder(message, now or self.clock(), self.config.claim_minutes)

    def urgent_hint(self, message: Message) -> UrgentHint:
        """Whether the message's words suggest the patient needs urgent help.

        Found when the message arrived and stored with it, so reading the inbox loads no
        language data. A message stored before that (an older file) has its hint found by
        `analyse_pending` after the app's first frame; until then it shows none.
        """
        if message.urgent_words is not None:
            if not message.urgent_words and not message.urgent_negated:
                return NO_URGENT_WORDS
            return UrgentHint(tuple(message.urgent_words), tuple(message.urgent_negated))
        cached = self._urgent_hints.get(message.id)
        if cached is not None and cached[0] == _urgent_text(message):
            return cached[1]
        return NO_URGENT_WORDS

    def find_urgent_words(self, message: Message) -> UrgentHint:
        """The message's urgent words, found now (in memory only) when it was stored without.

        For the command line, which may load the language data; the app never calls this
        before its first frame.
        """
        if message.urgent_words is None:
            hint = self.config.urgent.check(_urgent_text(message))
            message.urgent_words = list(hint.words)
            message.urgent_negated = list(hint.negated)
        return self.urgent_hint(message)

    def analyse(self, message: Message) -> None:
        """Suggest the message's category and find its urgent words, and keep both on it.

        Loads the language data the first time (`tui.core.rules.language`): never at start-up.
        """
        from tui.core.rules.classify import classify  # for new messages only: not at start-up

        if not message.category_confirmed:
            suggestion = classify(message.type_code, message.text, self.config.suggestions)
            message.category = suggestion.category
            message.category_reason = suggestion.reason
            message.category_rule = suggestion.rule
            message.category_alternatives = list(suggestion.alternatives)
            if message.category_suggested is None:
                message.category_suggested = suggestion.category
            message.category_sure = suggestion.sure
        elif message.category_sure is None:
            message.category_sure = True
        hint = self.config.urgent.check(_urgent_text(message))
        message.urgent_words = list(hint.words)
        message.urgent_negated = list(hint.negated)

    def analyse_pending(self, messages: Iterable[Message] | None = None) -> list[Message]:
        """Analyse the open messages stored before suggestions were sure or unsure.

        An older file's open messages get a category suggestion and urgent words as a new
        message does, stored in one transaction; when the file cannot be written, the urgent
        words are kept in memory for this session. Returns the messages analysed (none: nothing
        loaded, nothing written).
        """
        pending = [
            m
            for m in (self.store.messages() if messages is None else messages)
            if not m.analysed and m.status.is_open
        ]
        if not pending:
            return []

        # Read outside the lock: the first message loads the language data, which may take
        # seconds on a busy host, and every other clerk's change would wait for it.
        done: dict[str, Message] = {}
        for message in pending:
            self.analyse(message)
            done[message.id] = message

        def store_analysis(stored: Message) -> bool:
            read = done[stored.id]
            if stored.analysed or stored.revision != read.revision:
                return False  # analysed or changed meanwhile: the next round reads it again
            for name in ANALYSIS_FIELDS:
                setattr(stored, name, getattr(read, name))
            return True

        try:
            return self.store.update_many({m.id: store_analysis for m in pending})
        except StoreError:  # a file this session cannot write: the hints at least are shown
            for message in pending:
                self._urgent_hints[message.id] = (
                    _urgent_text(message),
                    UrgentHint(tuple(message.urgent_words or ()), tuple(message.urgent_negated)),
                )
            return pending

    def fee_verdict(self, message: Message) -> FeeVerdict | None:
        """The fee rule's verdict for a cancellation; None for other categories."""
        if message.category not in CANCELLATIONS:
            return None
        appointment = message.appointment
        return check_fee(
            appointment.start if appointment else None,
            message.received,
            self.config.fee,
            self.calendar,
            kind=appointment.kind if appointment else "",
            amount_kr=self.config.fee_kr_for(message.department),
        )

    def suggested_reply(self, message: Message) -> ReplySuggestion:
        """The reply to suggest, and why; the clerk decides.

        The category's reply, or `gebyr` for a late cancellation whose category the clerk has
        not confirmed yet.
        """
        if message.category is Category.AVBESTILLING and not message.category_confirmed:
            verdict = self.fee_verdict(message)
            if verdict is not None and verdict.late:
                return ReplySuggestion(
                    Category.GEBYR, _("avbestilt for sent, se gebyrregelen over")
                )
        return ReplySuggestion(
            message.category,
            _("kategori {category}").format(category=category_label(message.category)),
        )

    def checklist_for(self, category: Category, reply: Template | None = None) -> tuple[str, ...]:
        """The follow-up work after answering a message of `category` (with the text `reply`).

        See `tui.core.texts.replies.follow_up_checklist`: the configuration's list, else the text's.
        """
        from tui.core.texts.replies import follow_up_checklist  # for answering, not at start-up

        return follow_up_checklist(self.config, self.library, category, reply)

    def urgency(self, message: Message, today: date | None = None) -> Urgency:
        """Whether the message is overdue, due today, or unclaimed late on its last day.

        Needs no holiday calendar.
        """
        now = self.clock()
        unclaimed = unclaimed_on_last_day(
            message, now, self.config.roster, self.config.claim_minutes
        )
        return Urgency(message.deadline, today or now.date(), unclaimed)

    @cached_property
    def duty(self) -> DutyRoster:
        """The duty roster kept in this inbox's shared database."""
        return DutyRoster(self.store, self.config.roster, self.user, self.clock)

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
        analyse: bool = True,
        **fields: object,
    ) -> Message:
        """A new message: its deadline computed, its category suggested, its urgent words found.

        The suggestion is not confirmed until a clerk does so (`set_category`). `analyse=False`
        leaves the suggestion and urgent words to `analyse_pending` (the demo at start-up).
        """
        message = Message(
            id=message_id,
            received=received.astimezone(OSLO),
            deadline=self.deadline_for(received, department),
            department=department,
            text=text,
            subject=subject,
            type_code=type_code,
            **fields,  # type: ignore[arg-type]
        )
        if analyse:
            self.analyse(message)
        return message

    def _record(self, message: Message, action: str, old: str = "", new: str = "") -> None:
        entry = HistoryEntry(when=self.clock(), user=self.user, action=action, old=old, new=new)
        message.history.append(entry)
        self.audit.record(message, entry)

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
        if self.store.read_only:  # nothing can be written: the clerk reads, holding nothing
            return ClaimOutcome(self.store.get(message_id), "")
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
        self,
        message_id: str,
        seen: Message | None = None,
        accept_holder: str = "",
        checklist: Sequence[str] | None = None,
    ) -> Message:
        """Record that the clerk has sent the reply, who and when.

        The message goes to "til oppfølging" with `checklist` (by default its category's, see
        `checklist_for`), or is closed when the checklist is empty.

        `seen` is the message as the clerk opened it: if another clerk holds it or changed it
        since, `CollisionError` is raised and nothing is written, until the clerk confirms
        (call again with the error's message as `seen` and its holder as `accept_holder`).
        """

        def answer(message: Message) -> None:
            if message.status is not Status.NEW:
                raise InboxError(
                    _("Meldingen er ikke åpen (status {status}).").format(
                        status=message.status.value
                    )
                )
            self.check_collision(message, seen, accept_holder)
            old = message.status
            message.answered_by = self.user
            message.answered_at = self.clock()
            follow_up = self.checklist_for(message.category) if checklist is None else checklist
            message.checklist = list(follow_up)
            message.checklist_done = []
            message.status = Status.FOLLOW_UP if message.checklist else Status.CLOSED
            self._record(message, STATUS_CHANGED, old.value, message.status.value)
            if message.claimed_by:
                self._release(message)

        answered = self.store.update(message_id, answer)
        self._let_go(message_id)
        return answered

    def _let_go(self, message_id: str) -> None:
        """The change released this session's claim on the message (it is no longer open)."""
        with self._claiming:
            if self.held == message_id:
                self.held = None

    def tick(
        self, message_id: str, item: str, seen: Message | None = None, accept_holder: str = ""
    ) -> Message:
        """Tick a follow-up item off, or untick it.

        When the last item is ticked the message is closed; unticking an item of a closed
        message brings it back to follow-up. Like every change, it raises `CollisionError`
        when another clerk holds the message or changed it since `seen` (see `mark_answered`).
        """

        def toggle(message: Message) -> None:
            if item not in message.checklist:
                raise InboxError(_("«{item}» står ikke på sjekklisten.").format(item=item))
            if message.status not in (Status.FOLLOW_UP, Status.CLOSED) or message.closed_reason:
                raise InboxError(_("Sjekklisten gjelder bare meldinger til oppfølging."))
            self.check_collision(message, seen, accept_holder)
            if item in message.checklist_done:
                message.checklist_done.remove(item)
                self._record(message, CHECKLIST_UNTICKED, item)
            else:
                message.checklist_done.append(item)
                self._record(message, CHECKLIST_TICKED, item)
            old = message.status
            message.status = Status.FOLLOW_UP if message.checklist_left else Status.CLOSED
            if message.status is not old:
                self._record(message, STATUS_CHANGED, old.value, message.status.value)

        return self.store.update(message_id, toggle)

    def close_without_reply(
        self, message_id: str, reason: str, seen: Message | None = None, accept_holder: str = ""
    ) -> Message:
        """Close a message that needs no reply; the reason is required and recorded.

        For duplicates, or when the patient has already been phoned. Raises `CollisionError`
        as `mark_answered` does.
        """
        reason = " ".join(reason.split())
        if not reason:
            raise InboxError(_("Skriv hvorfor meldingen lukkes uten svar."))

        def close(message: Message) -> None:
            if message.status is not Status.NEW:
                raise InboxError(_("Bare ubesvarte meldinger kan lukkes uten svar."))
            self.check_collision(message, seen, accept_holder)
            old = message.status
            message.status = Status.CLOSED
            message.closed_reason = reason
            self._record(message, CLOSED_WITHOUT_REPLY, old.value, reason)
            if message.claimed_by:
                self._release(message)

        closed = self.store.update(message_id, close)
        self._let_go(message_id)
        return closed

    def forward(
        self,
        message_id: str,
        department: str,
        seen: Message | None = None,
        accept_holder: str = "",
    ) -> Message:
        """Move a message to the department it should have gone to.

        The received time and deadline stay (the patient has waited since then); the move is
        recorded in `forwards` and the history. Like `mark_answered`, it raises
        `CollisionError` when another clerk holds the message or changed it since `seen`, and
        a claim on it is released (the other department's clerks take it from here).
        """
        target = self.config.department(department)
        if target is None:
            raise InboxError(_("Ukjent avdeling {code}.").format(code=department))

        def move(message: Message) -> None:
            if message.status is not Status.NEW:
                raise InboxError(_("Bare ubesvarte meldinger kan videresendes."))
            self.check_collision(message, seen, accept_holder)
            if message.department == target.code:
                raise InboxError(
                    _("Meldingen er allerede hos {department}.").format(department=target.code)
                )
            moved = Forward(message.department, target.code, self.user, self.clock())
            message.forwards.append(moved)
            message.department = target.code
            self._record(message, FORWARDED, moved.from_department, moved.to_department)
            if message.claimed_by:
                self._release(message)

        forwarded = self.store.update(message_id, move)
        self._let_go(message_id)
        return forwarded

    def reopen(
        self, message_id: str, seen: Message | None = None, accept_holder: str = ""
    ) -> Message:
        """Undo an answer or a close: the message is open again.

        Raises `CollisionError` as `mark_answered` does.
        """

        def reopen(message: Message) -> None:
            self.check_collision(message, seen, accept_holder)
            old = message.status
            message.status = Status.NEW
            message.answered_by = ""
            message.answered_at = None
            message.checklist = []
            message.checklist_done = []
            message.closed_reason = ""
            self._record(message, STATUS_CHANGED, old.value, message.status.value)

        return self.store.update(message_id, reopen)

    def set_category(
        self,
        message_id: str,
        category: Category,
        seen: Message | None = None,
        accept_holder: str = "",
    ) -> Message:
        """The clerk decides the category; it is no longer a suggestion.

        Raises `CollisionError` as `mark_answered` does.
        """
        records: list[tuple[str, dict[str, Any]]] = []

        def recategorise(message: Message) -> None:
            self.check_collision(message, seen, accept_holder)
            old = message.category
            if not message.category_confirmed and old is not category:
                records.append((SUGGESTION_FEEDBACK, self._feedback(message, category)))
            message.category = category
            message.category_confirmed = True
            message.category_reason = _("valgt av {user}").format(user=self.user)
            self._record(message, CATEGORY_CONFIRMED, old.value, category.value)

        return self.store.update(message_id, recategorise, records)

    def _feedback(self, message: Message, chosen: Category) -> dict[str, Any]:
        """A clerk's change of a suggestion, for the maintainers: no patient data."""
        year, week, _day = message.received.astimezone(OSLO).isocalendar()
        return {
            "week": f"{year}-W{week:02d}",
            "department": message.department,
            "suggested": message.category.value,
            "chosen": chosen.value,
            "rule": message.category_rule,
            "sure": bool(message.category_sure),
        }

    def archive_done(self) -> list[Message]:
        """Move answered and closed messages untouched for `archive_after_days` to the archive."""
        cutoff = self.clock() - timedelta(days=self.config.archive_after_days)

        def is_due(message: Message) -> bool:
            return message.status in DONE and last_change(message) < cutoff

        def mark(message: Message) -> None:
            self._record(message, ARCHIVED, "", str(message.received.year))

        return self.store.archive(is_due, mark)

    def reveal_national_id(self, message_id: str, how: str = "") -> str:
        """The message's full fødselsnummer, once the showing is recorded (who and when).

        The record is written first: if it cannot be, the number is not given. Raises
        `InboxError` when the message has no number (or it has been erased). `how` says how
        the number was seen when not by showing it (`SEARCHED`).
        """

        def record(message: Message) -> None:
            if not message.patient_id:
                raise InboxError(_("Meldingen har ikke noe fødselsnummer."))
            self._record(message, REVEALED, "", how)

        return self.store.update(message_id, record).patient_id

    def record_national_id_search(self, messages: Iterable[Message]) -> None:
        """Record that the clerk found `messages` by their whole fødselsnummer.

        Audited as a showing of the number is (the same record, marked `SEARCHED`): the
        clerk has tied the number to the patient's messages.
        """
        for message in messages:
            self.reveal_national_id(message.id, SEARCHED)

    def search_archive(self, query: str = "") -> list[Message]:
        """Archived messages matching every word of `query`, newest first."""
        found = [m for m in self.store.archived() if matches_filter(m, query)]
        return sorted(found, key=lambda message: message.received, reverse=True)
