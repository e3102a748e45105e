"""What changed in the shared inbox since a reader last looked: the contract every store keeps.

A store numbers its committed transactions: its *revision* only grows. A reader remembers the
revision it has shown and asks `changes_since(revision)`; it gets the ids of the messages
changed since then with their contents now, and refreshes only those rows. Bursts coalesce by
themselves: however many transactions happened, the reader gets each changed message once, as
it is now. A store that no longer holds the changes that far back (compacted them away) answers
with `complete=True` and every hot message: the reader replaces what it has, once.

How a reader learns that there is something to ask for is the store's own business: the file
store through the kernel's file notifications, a database server through its notifications
(PostgreSQL's LISTEN/NOTIFY). Either way the reader then calls `changes_since`, so the user
interface works the same on every store.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Protocol

from tui.core.model import Message


@dataclass(frozen=True)
class Changes:
    """The messages changed after one revision, as they are at `revision`."""

    revision: int
    """The store's revision these contents are from: the reader's next `changes_since`."""
    messages: Mapping[str, Message | None] = field(default_factory=dict)
    """Changed or new messages by id; None for one that left the hot inbox (archived, erased)."""
    roster: bool = False
    """The department's shared settings (the roster) changed too."""
    complete: bool = False
    """The reader was too far behind: `messages` holds every hot message, replace everything."""


class ChangeFeed(Protocol):
    """What a store offers its readers to follow the changes of every clerk."""

    def revision(self) -> int:
        """The revision of the latest committed transaction (0 for a new store)."""
        ...

    def changes_since(self, revision: int) -> Changes:
        """What changed after `revision`, up to the latest committed transaction."""
        ...

    def watch(self, stop: threading.Event) -> Iterator[None]:
        """Yield after each burst of commits by any process, until `stop` is set.

        Blocks between changes: run it in a thread of its own. Yields once soon after the
        watch is in place too, so nothing committed before then is missed.
        """
        ...
