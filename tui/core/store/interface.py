"""What the rest of timedialog asks of a store, whichever kind it is.

Two stores keep this contract: the database file (`tui.core.store.store.Store`, TinyDB, the
embedded default) and the PostgreSQL store (`tui.core.store.postgres.store.PostgresStore`, a
department's rows in a database server). The same contract tests run against both
(tests/unit/test_store_contract.py). `tui.core.config.paths.open_store` chooses one from the
database named (`--db`, `TIMEDIALOG_DB`, `[database] url`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from tui.core.model import Message

if TYPE_CHECKING:
    from tui.core.store.dbfile import FileAccess
    from tui.core.store.store import AddResult, Change
    from tui.core.store.summary import MessageSummary


class InboxStore(Protocol):
    """The operations on a department's shared messages that the domain and the UI use.

    Every change is one transaction: it starts from the latest committed state, and a failing
    change (an exception from the callback) leaves everything as it was. Changes of several
    processes never overwrite each other: they are serialised per department.
    """

    clock: Callable[[], datetime]
    access: FileAccess
    """Who may read the files the store or its commands write (exports, backups)."""
    transaction_listeners: list[Callable[[frozenset[str]], None]]
    """Called as each transaction ends with the ids it stored (none when it failed)."""

    @property
    def path(self) -> Path | None:
        """The database file; None for a database server."""
        ...

    @property
    def location(self) -> str:
        """Where the database is, for messages (a file's path, a server's address)."""
        ...

    @property
    def read_only(self) -> bool:
        """True when this user may read but not change the database."""
        ...

    def exists(self) -> bool:
        """True when the database has been made (`prepare`)."""
        ...

    def check_writable(self) -> None:
        """Raise `ReadOnlyDatabaseError` when a change could not be saved."""
        ...

    def warnings(self) -> list[str]:
        """Problems worth telling the clerk about that do not stop the work."""
        ...

    def messages(self) -> list[Message]:
        """Every message in the hot inbox (not archived), in the order they were added."""
        ...

    def get(self, message_id: str) -> Message:
        """One hot message as it is now; `MessageNotFoundError` when there is none."""
        ...

    def archived(self, years: Iterable[int] | None = None) -> list[Message]:
        """The archived messages received in `years` (all years when None)."""
        ...

    def archive_years(self) -> list[int]:
        """The years that have archived messages, oldest first."""
        ...

    def summaries(self, years: Iterable[int] = ()) -> list[MessageSummary]:
        """The figures' facts of every hot message and the archived ones of `years`."""
        ...

    def roster_data(self) -> dict[str, Any]:
        """The duty roster as the leaders last saved it (`{}` when never saved)."""
        ...

    def update_roster_data(self, change: Callable[[dict[str, Any]], dict[str, Any]]) -> None:
        """Replace the duty roster with `change(latest)`, in one transaction."""
        ...

    def prepare(self) -> None:
        """Make the database if it is missing, and bring an older layout up to date."""
        ...

    def add(self, messages: Iterable[Message]) -> AddResult:
        """Add messages whose ids are new (archived ones count as stored)."""
        ...

    def update_many(self, changes: dict[str, Change]) -> list[Message]:
        """Apply each hot message's change in one transaction; the changed messages."""
        ...

    def update(
        self,
        message_id: str,
        change: Change,
        records: list[tuple[str, dict[str, Any]]] | None = None,
    ) -> Message:
        """Apply `change` to the latest version of a message; its revision goes up by one."""
        ...

    def archive(
        self, is_due: Callable[[Message], bool], mark: Callable[[Message], None]
    ) -> list[Message]:
        """Move the hot messages `is_due` accepts to the archive, `mark`ed first."""
        ...

    def log_export(self, record: dict[str, Any]) -> None:
        """Record an export of patient data (who, when, what)."""
        ...

    def suggestion_feedback(self) -> list[dict[str, Any]]:
        """Every recorded change of a suggested category, oldest first."""
        ...

    def export_log(self) -> list[dict[str, Any]]:
        """Every recorded export of patient data, oldest first."""
        ...
