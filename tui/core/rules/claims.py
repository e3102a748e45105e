"""Claims ("I am working on this one") and collisions between clerks on one message.

A claim names a clerk and the moment it was taken; it lapses by itself after the configured
number of minutes, so a clerk who walks away does not block the message for long. A collision
is what a clerk must confirm before answering: someone else holds the message, or it changed
since the clerk opened it.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from tui.core.history import CLAIMED, RELEASED, history_line
from tui.core.i18n import _
from tui.core.labels import date_time
from tui.core.model import HistoryEntry, Message
from tui.core.patient_data import REVEALED

CLAIM = CLAIMED
"""History action when a clerk takes a message."""
RELEASE = RELEASED
"""History action when a clerk lets a message go."""
CLAIM_ACTIONS = frozenset({CLAIM, RELEASE})
NOT_CHANGES = CLAIM_ACTIONS | {REVEALED}
"""History actions that leave the case as it was: no collision to confirm."""


def claim_expires(message: Message, minutes: int) -> datetime | None:
    """When the message's claim lapses, or None when nobody has claimed it."""
    if not message.claimed_by or message.claimed_at is None:
        return None
    return message.claimed_at + timedelta(minutes=minutes)


def claim_holder(message: Message, now: datetime, minutes: int) -> str:
    """Who holds the message now: the claimant while the claim lasts, else ""."""
    expires = claim_expires(message, minutes)
    return message.claimed_by if expires is not None and now < expires else ""


def changes_since(seen: Message, current: Message, user: str) -> list[HistoryEntry]:
    """What others than `user` did to the message after `seen` was read.

    Claims and showings of the fødselsnummer are left out: they change nothing in the case.
    """
    if current.revision == seen.revision:
        return []
    return [
        entry
        for entry in current.history[len(seen.history) :]
        if entry.action not in NOT_CHANGES and entry.user != user
    ]


def describe(entry: HistoryEntry) -> str:
    """One history entry on one line: "to 26.11.2026 10:05  per  status ny → besvart"."""
    return history_line(entry)


class CollisionError(Exception):
    """Someone else holds the message or changed it; the clerk must confirm to go on."""

    def __init__(self, message: Message, holder: str, changes: list[HistoryEntry]) -> None:
        self.message = message
        """The message as it is now."""
        self.holder = holder
        """The other clerk who holds the message, or ""."""
        self.changes = changes
        """What others did since the clerk opened it."""
        super().__init__("\n".join(self.reasons))

    @property
    def reasons(self) -> list[str]:
        """The collision in sentences for the clerk."""
        reasons = []
        since = self.message.claimed_at
        if self.holder and since is not None:
            reasons.append(
                _("Meldingen er tatt av {user} (siden {when}).").format(
                    user=self.holder, when=date_time(since)
                )
            )
        elif self.holder:
            reasons.append(_("Meldingen er tatt av {user}.").format(user=self.holder))
        if self.changes:
            reasons.append(_("Den er endret etter at du åpnet den:"))
            reasons += [f"  {describe(entry)}" for entry in self.changes]
        return reasons
