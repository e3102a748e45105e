"""The domain's plain data: messages from patients, their categories and statuses.

Nothing here knows about the terminal or the database; `to_dict`/`from_dict` give the
JSON-ready shape the store persists.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

OSLO = ZoneInfo("Europe/Oslo")
"""The time zone every deadline and every shown time is in."""


class Category(StrEnum):
    """What the patient wants; each category has its standard reply of the same id."""

    ENDRING = "endring"
    AVBESTILLING = "avbestilling"
    PURRING = "purring"
    ANNET = "annet"
    GEBYR = "gebyr"


CLEAR_CODES = frozenset({"OET", "OAT", "ART", "OAB"})
"""Helsenorge TypeForesp codes whose category is clear without reading the text."""


class Status(StrEnum):
    """Where a message is in the clerk's work."""

    NEW = "ny"
    ANSWERED = "besvart"
    FOLLOW_UP = "oppfolging"
    CLOSED = "lukket"

    @property
    def is_open(self) -> bool:
        """True while the patient still waits for a reply."""
        return self is Status.NEW

    @property
    def is_done(self) -> bool:
        """True when nothing is left to do: closed, or answered before follow-up was tracked."""
        return self in (Status.ANSWERED, Status.CLOSED)


@dataclass(frozen=True, slots=True)
class Appointment:
    """The appointment a message is about, as Helsenorge sends it in xCal (local time)."""

    start: datetime | None = None
    end: datetime | None = None
    uid: str = ""
    location: str = ""
    practitioner_her: str = ""
    related_to: str = ""
    referral_id: str = ""
    summary: str = ""
    kind: str = ""
    """How the patient attends: "video", "telefon", or "" (in person or unknown)."""

    def to_dict(self) -> dict[str, Any]:
        """The JSON-ready form of the appointment."""
        data = dataclasses.asdict(self)
        data["start"] = self.start.isoformat() if self.start else None
        data["end"] = self.end.isoformat() if self.end else None
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Appointment:
        """Rebuild an appointment from `to_dict` output."""
        values = {name: data.get(name, "") for name in cls.__dataclass_fields__}
        values["start"] = _parse_datetime(data.get("start"))
        values["end"] = _parse_datetime(data.get("end"))
        return cls(**values)


@dataclass(frozen=True, slots=True)
class Receiver:
    """Who a Helsenorge message was addressed to: the trust and its department, with HER-ids."""

    trust_name: str = ""
    trust_her: str = ""
    department_name: str = ""
    department_her: str = ""

    @property
    def label(self) -> str:
        """One line for the clerk: "HELSE FØRDE HF (HER 68) / Blodsykdommer (HER 90253)"."""
        parts = []
        for name, her in (
            (self.trust_name, self.trust_her),
            (self.department_name, self.department_her),
        ):
            if name or her:
                parts.append(f"{name} (HER {her})" if her else name)
        return " / ".join(parts)

    def to_dict(self) -> dict[str, str]:
        """The JSON-ready form of the receiver."""
        return dataclasses.asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Receiver:
        """Rebuild a receiver from `to_dict` output."""
        return cls(**{name: str(data.get(name, "")) for name in cls.__dataclass_fields__})


@dataclass(frozen=True, slots=True)
class HistoryEntry:
    """One recorded change of a message: who did what, when, from which value to which."""

    when: datetime
    user: str
    action: str
    old: str = ""
    new: str = ""

    def to_dict(self) -> dict[str, str]:
        """The JSON-ready form of the entry."""
        return {
            "when": self.when.isoformat(),
            "user": self.user,
            "action": self.action,
            "old": self.old,
            "new": self.new,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> HistoryEntry:
        """Rebuild an entry from `to_dict` output."""
        when = _parse_datetime(data["when"])
        assert when is not None
        return cls(
            when=when,
            user=str(data.get("user", "")),
            action=str(data.get("action", "")),
            old=str(data.get("old", "")),
            new=str(data.get("new", "")),
        )


@dataclass(frozen=True, slots=True)
class Forward:
    """One move of a message to another department: from where, to where, by whom, when."""

    from_department: str
    to_department: str
    user: str
    when: datetime

    def to_dict(self) -> dict[str, str]:
        """The JSON-ready form of the forward."""
        return {
            "from_department": self.from_department,
            "to_department": self.to_department,
            "user": self.user,
            "when": self.when.isoformat(),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Forward:
        """Rebuild a forward from `to_dict` output."""
        when = _parse_datetime(data["when"])
        assert when is not None
        return cls(
            from_department=str(data.get("from_department", "")),
            to_department=str(data.get("to_department", "")),
            user=str(data.get("user", "")),
            when=when,
        )


@dataclass(slots=True)
class Message:
    """A patient's message about an appointment, and what the clerks have done with it.

    Slotted (no `__dict__`), like its parts: a session holds every message of its inbox.
    """

    id: str
    received: datetime
    deadline: date
    department: str
    text: str
    subject: str = ""
    category: Category = Category.ANNET
    category_reason: str = ""
    category_confirmed: bool = False
    """False while the category is only the classifier's suggestion."""
    category_sure: bool | None = None
    """Whether the classifier was sure of its suggestion; None for a message stored before
    suggestions were sure or unsure (it is analysed again after the app's first frame)."""
    category_rule: str = ""
    """The rule that decided the suggestion ("avbestilling/trenger-ikke"): no patient words."""
    category_suggested: Category | None = None
    """The category first suggested (kept when a clerk changes it, for "forslag riktig")."""
    category_alternatives: list[Category] = field(default_factory=list)
    """The likeliest categories, best first, for the picker of an unsure suggestion."""
    urgent_words: list[str] | None = None
    """The red-flag words found when the message arrived (None: not looked for yet)."""
    urgent_negated: list[str] = field(default_factory=list)
    """Red-flag words found negated ("ingen brystsmerter")."""
    type_code: str = ""
    patient_name: str = ""
    patient_id: str = ""
    appointment: Appointment | None = None
    status: Status = Status.NEW
    answered_by: str = ""
    answered_at: datetime | None = None
    claimed_by: str = ""
    claimed_at: datetime | None = None
    flags: list[str] = field(default_factory=list)
    source: str = ""
    """Where the message came from: "demo", "helsenorge:<file>", "manuell"."""
    revision: int = 0
    """Raised by one on every stored change, to notice changes made by someone else."""
    history: list[HistoryEntry] = field(default_factory=list)
    forwards: list[Forward] = field(default_factory=list)
    """Every move to another department, oldest first."""
    checklist: list[str] = field(default_factory=list)
    """The follow-up work fixed when the reply was sent (from the category's checklist)."""
    checklist_done: list[str] = field(default_factory=list)
    """The checklist items ticked off."""
    closed_reason: str = ""
    """Why the message was closed without a reply ("duplikat", "pasienten er ringt")."""

    @property
    def analysed(self) -> bool:
        """True when the message was read for its category and urgency when it arrived."""
        return self.category_sure is not None and self.urgent_words is not None

    @property
    def copies_without_asking(self) -> bool:
        """True when `c` copies the category's reply at once.

        So it does when the clerk confirmed the category, or the suggestion is sure (a clear
        Helsenorge code is).
        """
        if self.category_confirmed:
            return True
        if self.category_sure is None:
            return self.type_code.strip().upper() in CLEAR_CODES
        return self.category_sure

    @property
    def forwarded_from(self) -> Forward | None:
        """The last forward, when the message came to its department that way."""
        return self.forwards[-1] if self.forwards else None

    @property
    def checklist_left(self) -> list[str]:
        """The follow-up items not yet ticked off."""
        return [item for item in self.checklist if item not in self.checklist_done]

    msg_id: str = ""
    """The sender's MsgId; differs from `id` only when another message came under the same one."""
    conversation_ref: str = ""
    """MsgHead `RefToConversation`: the first message of the conversation, on follow-ups."""
    parent_ref: str = ""
    """MsgHead `RefToParent`: the message this one answers or follows up."""
    receiver: Receiver | None = None
    dips_ref: str = ""
    """The clerk's reference to the case in DIPS Arena, for messages registered by hand."""
    fingerprint: str = ""
    """A digest of the imported content, to tell a re-import from a different message."""

    def to_dict(self) -> dict[str, Any]:
        """The JSON-ready form the store keeps."""
        return {
            "id": self.id,
            "received": self.received.isoformat(),
            "deadline": self.deadline.isoformat(),
            "department": self.department,
            "text": self.text,
            "subject": self.subject,
            "category": self.category.value,
            "category_reason": self.category_reason,
            "category_confirmed": self.category_confirmed,
            "category_sure": self.category_sure,
            "category_rule": self.category_rule,
            "category_suggested": self.category_suggested.value
            if self.category_suggested
            else None,
            "category_alternatives": [category.value for category in self.category_alternatives],
            "urgent_words": self.urgent_words,
            "urgent_negated": list(self.urgent_negated),
            "type_code": self.type_code,
            "patient_name": self.patient_name,
            "patient_id": self.patient_id,
            "appointment": self.appointment.to_dict() if self.appointment else None,
            "status": self.status.value,
            "answered_by": self.answered_by,
            "answered_at": self.answered_at.isoformat() if self.answered_at else None,
            "claimed_by": self.claimed_by,
            "claimed_at": self.claimed_at.isoformat() if self.claimed_at else None,
            "flags": list(self.flags),
            "source": self.source,
            "revision": self.revision,
            "history": [entry.to_dict() for entry in self.history],
            "forwards": [forward.to_dict() for forward in self.forwards],
            "checklist": list(self.checklist),
            "checklist_done": list(self.checklist_done),
            "closed_reason": self.closed_reason,
            "msg_id": self.msg_id,
            "conversation_ref": self.conversation_ref,
            "parent_ref": self.parent_ref,
            "receiver": self.receiver.to_dict() if self.receiver else None,
            "dips_ref": self.dips_ref,
            "fingerprint": self.fingerprint,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Message:
        """Rebuild a message from `to_dict` output."""
        received = _parse_datetime(data["received"])
        assert received is not None
        # Start-up reads every message of the inbox: `get` and the look-ups in `_member` are
        # the cheap forms of `data.get` and `Category(...)` (bench/startup.py).
        get = data.get
        appointment = get("appointment")
        receiver = get("receiver")
        return cls(
            id=str(data["id"]),
            received=received,
            deadline=date.fromisoformat(data["deadline"]),
            department=str(get("department", "")),
            text=str(get("text", "")),
            subject=str(get("subject", "")),
            category=_member(Category, _CATEGORIES, get("category", Category.ANNET.value)),
            category_reason=str(get("category_reason", "")),
            category_confirmed=bool(get("category_confirmed", False)),
            category_sure=_optional_bool(get("category_sure")),
            category_rule=str(get("category_rule", "")),
            category_suggested=_CATEGORIES.get(get("category_suggested")),
            category_alternatives=[
                _CATEGORIES[value]
                for value in get("category_alternatives", ())
                if value in _CATEGORIES
            ],
            urgent_words=_optional_texts(get("urgent_words")),
            urgent_negated=[str(word) for word in get("urgent_negated", ())],
            type_code=str(get("type_code", "")),
            patient_name=str(get("patient_name", "")),
            patient_id=str(get("patient_id", "")),
            appointment=Appointment.from_dict(appointment) if appointment else None,
            status=_member(Status, _STATUSES, get("status", Status.NEW.value)),
            answered_by=str(get("answered_by", "")),
            answered_at=_parse_datetime(get("answered_at")),
            claimed_by=str(get("claimed_by", "")),
            claimed_at=_parse_datetime(get("claimed_at")),
            flags=list(get("flags", [])),
            source=str(get("source", "")),
            revision=int(get("revision", 0)),
            history=[HistoryEntry.from_dict(entry) for entry in get("history", [])],
            forwards=[Forward.from_dict(forward) for forward in get("forwards", [])],
            checklist=[str(item) for item in get("checklist", [])],
            checklist_done=[str(item) for item in get("checklist_done", [])],
            closed_reason=str(get("closed_reason", "")),
            msg_id=str(get("msg_id", "")),
            conversation_ref=str(get("conversation_ref", "")),
            parent_ref=str(get("parent_ref", "")),
            receiver=Receiver.from_dict(receiver) if receiver else None,
            dips_ref=str(get("dips_ref", "")),
            fingerprint=str(get("fingerprint", "")),
        )


EnumMember = TypeVar("EnumMember", bound=StrEnum)

_CATEGORIES: dict[object, Category] = {category.value: category for category in Category}
_STATUSES: dict[object, Status] = {status.value: status for status in Status}


def _member(enum: type[EnumMember], members: dict[object, EnumMember], value: Any) -> EnumMember:
    """`enum(value)`, found in `members` (by value) without the enum's slower call."""
    try:
        return members[value]
    except (KeyError, TypeError):
        return enum(value)  # raises the enum's own error for a value it does not have


def _optional_bool(value: Any) -> bool | None:
    return None if value is None else bool(value)


def _optional_texts(value: Any) -> list[str] | None:
    return None if value is None else [str(item) for item in value]


def _parse_datetime(value: str | None) -> datetime | None:
    if not value:
        return None
    return datetime.fromisoformat(value)


def mask_national_id(national_id: str) -> str:
    """Show a fødselsnummer or D-number as its first six digits (the birth date) and `*****`.

    Anything that is not an 11-digit number is masked whole, so no identifier leaks by accident.
    """
    digits = national_id.replace(" ", "")
    if len(digits) == 11 and digits.isdigit():
        return f"{digits[:6]}*****"
    if not digits:
        return ""
    return "*" * min(len(digits), 11)
