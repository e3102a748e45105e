"""What the figures need to know about a message, and nothing of the patient.

A `MessageSummary` holds a message's dates, department, category, status, who answered and its
forwards: no name, no fødselsnummer, no subject, no text. The report is computed from these
alone, so it cannot leak a patient's data, and the store builds them straight from the stored
documents, which reads a year of archive several times faster than whole messages do.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from tui.core.model import Category, Forward, Status


@dataclass(frozen=True)
class MessageSummary:
    """The figures-relevant facts of one message."""

    id: str
    received: datetime
    deadline: date
    department: str
    category: Category
    status: Status
    answered_by: str = ""
    answered_at: datetime | None = None
    closed_reason: str = ""
    forwards: tuple[Forward, ...] = ()
    revision: int = 0
    category_confirmed: bool = False
    suggested: Category | None = None
    """The category first suggested (None: the message predates the record)."""
    suggestion_rule: str = ""
    """The rule that made the suggestion ("kode OET", "avbestilling/trenger-ikke")."""

    @property
    def answered(self) -> bool:
        """A reply was marked sent (`b`): the message is in follow-up or closed after it."""
        return self.status is not Status.NEW and self.answered_at is not None

    @property
    def closed_without_reply(self) -> bool:
        """Done without a reply being recorded (`u`: duplicate, the patient was phoned)."""
        return self.status is not Status.NEW and self.answered_at is None

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> MessageSummary:
        """Read the fields it needs from a stored message document (`Message.to_dict`)."""
        answered_at = data.get("answered_at")
        return cls(
            id=str(data["id"]),
            received=datetime.fromisoformat(data["received"]),
            deadline=date.fromisoformat(data["deadline"]),
            department=str(data.get("department", "")),
            category=Category(data.get("category", Category.ANNET.value)),
            status=Status(data.get("status", Status.NEW.value)),
            answered_by=str(data.get("answered_by", "")),
            answered_at=datetime.fromisoformat(answered_at) if answered_at else None,
            closed_reason=str(data.get("closed_reason", "")),
            forwards=tuple(Forward.from_dict(forward) for forward in data.get("forwards", ())),
            revision=int(data.get("revision", 0)),
            category_confirmed=bool(data.get("category_confirmed", False)),
            suggested=Category(suggested)
            if (suggested := data.get("category_suggested"))
            else None,
            suggestion_rule=str(data.get("category_rule", "")),
        )
