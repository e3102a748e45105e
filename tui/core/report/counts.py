"""What waits for a reply now: the counts the inbox header and the leader's report share.

One function counts for both, on the clock the caller gives it, so the header's "forfalt"
and the report's "open and overdue now" cannot disagree. It takes messages or their
summaries alike: all it needs is each one's status and deadline.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Protocol

from tui.core.model import Status


class HasDeadline(Protocol):
    """A message or its summary: all the counts need."""

    @property
    def status(self) -> Status:
        """Where the message is in the clerk's work."""

    @property
    def deadline(self) -> date:
        """The reply deadline (Oslo date)."""


def is_overdue(item: HasDeadline, today: date) -> bool:
    """Not answered yet and its deadline day has passed (the inbox's `!!`)."""
    return item.status.is_open and item.deadline < today


@dataclass(frozen=True)
class OpenNow:
    """What is waiting now, whenever it came in: the inbox header's counts."""

    open: int = 0
    overdue: int = 0
    due_today: int = 0
    follow_up: int = 0


def open_now(items: Iterable[HasDeadline], today: date) -> OpenNow:
    """Count the open, overdue, due-today and follow-up messages among `items` on `today`."""
    opened = overdue = due_today = follow_up = 0
    for item in items:
        if item.status is Status.FOLLOW_UP:
            follow_up += 1
        if not item.status.is_open:
            continue
        opened += 1
        if item.deadline < today:
            overdue += 1
        elif item.deadline == today:
            due_today += 1
    return OpenNow(opened, overdue, due_today, follow_up)
