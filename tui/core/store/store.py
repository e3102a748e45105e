"""The only module that touches TinyDB: one database file shared safely by several clerks.

Every change is a transaction: take the inter-process lock, read the latest file once, let
TinyDB change that snapshot in memory, and replace the file atomically once (see `dbfile`).
Reads take no lock: a reader always sees a whole file, the old one or the new one.

Answered and closed messages move out of the hot file into one archive file per year beside it
(`inbox.archive-2026.json`), so a change costs the same however long the history grows.
"""

from __future__ import annotations

import gc
import os
import re
import threading
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from datetime import datetime
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tui.core.i18n import _
from tui.core.model import OSLO, Message
from tui.core.oserrors import describe_bad_document
from tui.core.store.backups import Backups
from tui.core.store.dbfile import (
    DatabaseUnusableError,
    FileAccess,
    JSONData,
    ReadOnlyDatabaseError,
    StoreError,
    StoreWriteError,
    encode,
    is_read_only,
    parse,
    read_bytes,
    read_only_error,
    remove_stale_temporaries,
    replace_atomically,
    write_error,
)
from tui.core.store.permissions import access_warnings, folder_warnings
from tui.core.store.schema import (
    EXPORTS,
    MESSAGES,
    ROSTER,
    SCHEMA_VERSION,
    SUGGESTION_FEEDBACK,
    UnknownSchemaError,
    new_database,
    upgrade,
)

if TYPE_CHECKING:
    from filelock import BaseFileLock
    from tinydb import TinyDB

    from tui.core.store.summary import MessageSummary

__all__ = [
    "SCHEMA_VERSION",
    "AddResult",
    "DatabaseUnusableError",
    "MessageNotFoundError",
    "ReadOnlyDatabaseError",
    "SnapshotStorage",
    "Store",
    "StoreError",
    "StoreWriteError",
]

LOCK_TIMEOUT_SECONDS = 10.0
LOCK_POLL_SECONDS = 0.005

Change = Callable[[Message], bool | None]
"""Changes a message in place; returning False means "leave it as it is" (nothing is written)."""


class MessageNotFoundError(StoreError):
    """No message with the asked-for id."""


class SnapshotStorage:
    """A TinyDB storage over one snapshot of a file, read once per transaction.

    TinyDB reads and writes the whole database for every table operation; here those reads and
    writes stay in memory and the store writes the file once, atomically, when the transaction
    succeeds. Nothing is kept between transactions, so no stale copy can be written back.

    TinyDB asks a storage only for `read`, `write` and `close`, so this one does not derive
    from TinyDB's `Storage`: reading the inbox (the start-up) does not load TinyDB at all.
    """

    def __init__(self, data: JSONData) -> None:
        self.data = data
        self.changed = False

    def read(self) -> JSONData:
        """The snapshot (TinyDB changes it in place and hands it back to `write`)."""
        return self.data

    def write(self, data: JSONData) -> None:
        """Remember the new contents; the store decides whether they reach the disk."""
        self.data = data
        self.changed = True

    def close(self) -> None:
        """Nothing to close: the store writes the file, once."""


@dataclass
class _Snapshot:
    path: Path
    raw: bytes | None
    """The file's bytes as read, or None when the file did not exist."""
    version: int
    """The schema version the file was in (older versions are upgraded in memory)."""
    storage: SnapshotStorage

    @cached_property
    def database(self) -> TinyDB:
        """TinyDB over the snapshot, made for a query or a change (reading needs none)."""
        from tinydb import TinyDB

        return TinyDB(storage=lambda: self.storage)  # TinyDB calls it to get its storage

    @property
    def needs_writing(self) -> bool:
        return self.storage.changed or self.raw is None or self.version != SCHEMA_VERSION

    def documents(self, table: str) -> Iterable[dict[str, Any]]:
        """The documents of `table` as read, for reading only: TinyDB's table would copy each."""
        return self.storage.data.get(table, {}).values()


@dataclass(frozen=True)
class AddResult:
    """What `Store.add` did: the ids added and the ids that were there already."""

    added: tuple[str, ...]
    existing: tuple[str, ...]


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause Python's cycle collector while a large file is parsed.

    A year of archive parses into hundreds of thousands of dicts and lists, none of them in a
    cycle; without the pause the collector walks them again and again as they are made, which
    costs a third of the reading time (bench/report.py). Reference counting still frees
    everything, and the collector resumes (if it ran before) when the file is read.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _oslo_now() -> datetime:
    return datetime.now(OSLO)


class Store:
    """The messages of one database file and its archive, shared by every clerk who opens it."""

    def __init__(
        self,
        path: str | os.PathLike[str],
        *,
        group: str | None = None,
        clock: Callable[[], datetime] = _oslo_now,
    ) -> None:
        self.path = Path(path)
        self.access = FileAccess(group)
        self.clock = clock
        self.backups = Backups(self.path, self.access)
        self.lock_path = self.path.with_name(f".{self.path.name}.lock")
        self._lock: BaseFileLock | None = None
        self._held = threading.local()
        self._archive_ids: dict[int, tuple[tuple[int, int], frozenset[str]]] = {}
        self.clean_files: dict[Path, tuple[int, int]] = {}
        """Files found without patient data, with their stamp then (`erasure` skips them)."""
        self.transaction_listeners: list[Callable[[frozenset[str]], None]] = []
        """Called in the writing thread as each transaction ends, with the ids of the messages
        it stored (none when it failed): the audit trail's copy in the system log waits for it."""

    # Files -------------------------------------------------------------------------------

    def archive_path(self, year: int) -> Path:
        """The archive file for messages received in `year`."""
        return self.path.with_name(f"{self.path.stem}.archive-{year}{self.path.suffix}")

    def archive_years(self) -> list[int]:
        """The years that have an archive file, oldest first."""
        pattern = re.compile(
            re.escape(self.path.stem) + r"\.archive-(\d{4})" + re.escape(self.path.suffix)
        )
        try:
            names = os.listdir(self.path.parent)
        except OSError:
            return []
        return sorted(int(m.group(1)) for name in names if (m := pattern.fullmatch(name)))

    @property
    def location(self) -> str:
        """The database file's path, for messages (`InboxStore`)."""
        return str(self.path)

    def exists(self) -> bool:
        """True when the database file is there."""
        return self.path.exists()

    @property
    def read_only(self) -> bool:
        """True when the database file exists without write permission: nothing is changed."""
        return is_read_only(self.path)

    def check_writable(self) -> None:
        """Raise `ReadOnlyDatabaseError` when a change could not be saved in the database."""
        if self.read_only:
            raise read_only_error(self.path)

    def warnings(self) -> list[str]:
        """Problems worth telling the clerk about that do not stop the work.

        Today: a database, archive or backup file that more people may read than the
        configuration allows (owner only, or the shared group).
        """
        files = [self.path, *map(self.archive_path, self.archive_years())]
        found = access_warnings(files, self.access)
        if self.backups.folder.is_dir():
            found += folder_warnings(self.backups.folder, self.access)
        return found

    # Locking and snapshots ----------------------------------------------------------------

    @contextmanager
    def _locked(self) -> Iterator[None]:
        """Hold the database's inter-process lock; no lock file is left behind.

        The lock file is deleted while still held, then released. A waiter that had opened the
        old file and gets its lock afterwards sees it was unlinked and tries again (filelock
        checks this), so two holders can never overlap.
        """
        if getattr(self._held, "value", False):
            raise RuntimeError("Store transactions do not nest")
        self.check_writable()  # before the lock: a read-only database gets no lock file either
        # Imported on the first write: reading, and so start-up, never needs it.
        from filelock import FileLock, Timeout

        if self._lock is None:
            self._lock = FileLock(
                self.lock_path,
                timeout=LOCK_TIMEOUT_SECONDS,
                mode=self.access.mode,
                poll_interval=LOCK_POLL_SECONDS,
                fallback_to_soft=False,
            )
        lock = self._lock
        try:
            self.access.make_folder(self.path.parent)
        except OSError as error:
            raise write_error(self.path, error) from error
        deadline = time.monotonic() + LOCK_TIMEOUT_SECONDS
        while True:
            try:
                lock.acquire(timeout=max(0.0, deadline - time.monotonic()))
                break
            except Timeout as error:
                raise StoreError(
                    _("Databasen {file} er låst av en annen prosess. Prøv igjen.").format(
                        file=self.path
                    )
                ) from error
            except PermissionError as error:
                # Another account's lock file of the moment: it disappears when released.
                if not self.lock_path.exists() or time.monotonic() > deadline:
                    raise write_error(self.path, error) from error
                time.sleep(LOCK_POLL_SECONDS)
            except OSError as error:
                raise write_error(self.path, error) from error
        self._held.value = True
        self._held.written = set()
        stored = False
        try:
            remove_stale_temporaries(self.path.parent, self.path)
            self.backups.remove_stale_temporaries()
            yield
            stored = True
        finally:
            self._held.value = False
            with suppress(OSError):
                self.lock_path.unlink()
            lock.release()
            written = frozenset(self._held.written) if stored else frozenset()
            for listener in self.transaction_listeners:
                listener(written)

    def _stored(self, ids: Iterable[str]) -> None:
        """Note messages this transaction stored, for `transaction_listeners`."""
        self._held.written.update(ids)

    def _unusable(self, path: Path, problem: str) -> DatabaseUnusableError:
        backup = self.backups.last_good(path)
        if backup is not None:
            advice = _("Siste gode sikkerhetskopi: {backup}.").format(backup=backup)
        else:
            advice = _("Det finnes ingen sikkerhetskopi av den i {folder}.").format(
                folder=self.backups.folder
            )
        return DatabaseUnusableError(
            f"{problem} " + _("Filen er ikke endret.") + f" {advice}", path
        )

    def _snapshot(self, path: Path) -> _Snapshot:
        raw = read_bytes(path)
        try:
            data = parse(raw, path) if raw is not None else None
        except DatabaseUnusableError as error:
            raise self._unusable(path, str(error)) from error
        if data is None:
            return _Snapshot(path, raw, SCHEMA_VERSION, SnapshotStorage(new_database()))
        try:
            data, version = upgrade(data)
        except UnknownSchemaError as error:
            problem = _(
                "Databasen {file} har skjemaversjon {version}, men denne versjonen av "
                "timedialog kjenner bare versjon {known}. Filen er trolig laget av en nyere "
                "timedialog: oppdater programmet."
            ).format(
                file=path,
                version=error.version if isinstance(error.version, int) else "?",  # not a value
                known=SCHEMA_VERSION,
            )
            raise self._unusable(path, problem) from error
        except (KeyError, TypeError, ValueError) as error:
            problem = _("Databasen {file} kan ikke gjøres om til dagens format ({error}).").format(
                file=path, error=describe_bad_document(error)
            )
            raise self._unusable(path, problem) from error
        return _Snapshot(path, raw, version, SnapshotStorage(data))

    def _commit(self, snapshot: _Snapshot) -> None:
        """Write a snapshot that changed; keep a backup of the file as it was first."""
        if not snapshot.needs_writing:
            return
        if is_read_only(snapshot.path):  # an archive file, or the database made so meanwhile
            raise read_only_error(snapshot.path)
        raw = snapshot.raw
        try:
            if raw is not None and raw.strip():
                if snapshot.version != SCHEMA_VERSION:
                    self.backups.before_migration(
                        snapshot.path, raw, snapshot.version, self.clock()
                    )
                else:
                    self.backups.daily(snapshot.path, raw, self.clock().date())
            payload = encode(snapshot.storage.data)
            replace_atomically(snapshot.path, payload, self.access, self.path)
        except OSError as error:
            raise write_error(snapshot.path, error) from error

    # Reading ------------------------------------------------------------------------------

    def _messages_of(self, snapshot: _Snapshot) -> list[Message]:
        try:
            return [Message.from_dict(document) for document in snapshot.documents(MESSAGES)]
        except (KeyError, TypeError, ValueError) as error:
            raise self._unreadable_message(snapshot.path, error) from error

    def _unreadable_message(self, path: Path, error: Exception) -> DatabaseUnusableError:
        """A stored message that does not read: which file and what is wrong, not the values.

        The error's own text would quote the value it choked on, which may be a patient's
        name or number (a damaged file can have them anywhere).
        """
        problem = _("Databasen {file} har en melding som ikke kan leses ({error}).").format(
            file=path, error=describe_bad_document(error)
        )
        return self._unusable(path, problem)

    def messages(self) -> list[Message]:
        """Every message in the hot file, as it is now."""
        return self._messages_of(self._snapshot(self.path))

    def get(self, message_id: str) -> Message:
        """One message as it is now; raise `MessageNotFoundError` when there is none."""
        from tinydb import Query

        snapshot = self._snapshot(self.path)
        document = snapshot.database.table(MESSAGES).get(Query().id == message_id)
        if document is None or isinstance(document, list):
            raise MessageNotFoundError(_("Fant ikke meldingen {id}.").format(id=message_id))
        return Message.from_dict(document)

    def archived(self, years: Iterable[int] | None = None) -> list[Message]:
        """The archived messages of `years` (all years when None)."""
        found: dict[str, Message] = {}
        for year in self.archive_years() if years is None else years:
            for message in self._messages_of(self._snapshot(self.archive_path(year))):
                found[message.id] = message
        return list(found.values())

    def summaries(self, years: Iterable[int] = ()) -> list[MessageSummary]:
        """The figures' facts of every message in the hot file and the archives of `years`.

        Read straight from the stored documents, without building whole messages: a year of
        archive reads several times faster, and nothing of the patient is read out. A message
        found in two files (a move to the archive cut short) counts once, as its latest revision.
        """
        found: dict[str, MessageSummary] = {}
        with _collector_paused():
            for path in (self.path, *map(self.archive_path, years)):
                self._summarise(path, found)
        return list(found.values())

    def _summarise(self, path: Path, found: dict[str, MessageSummary]) -> None:
        from tui.core.store.summary import MessageSummary  # the report's: not loaded at start-up

        snapshot = self._snapshot(path)
        try:
            for document in snapshot.documents(MESSAGES):
                summary = MessageSummary.from_dict(document)
                known = found.get(summary.id)
                if known is None or known.revision < summary.revision:
                    found[summary.id] = summary
        except (KeyError, TypeError, ValueError) as error:
            raise self._unreadable_message(path, error) from error

    def roster_data(self) -> dict[str, Any]:
        """The duty roster as the leaders last saved it (`{}` when never saved)."""
        table = self._snapshot(self.path).database.table(ROSTER)
        document = table.get(doc_id=1)
        return dict(document) if isinstance(document, dict) else {}

    def update_roster_data(self, change: Callable[[dict[str, Any]], dict[str, Any]]) -> None:
        """Replace the duty roster with `change(latest)`, in one locked transaction."""
        from tinydb.table import Document

        with self._locked():
            snapshot = self._snapshot(self.path)
            table = snapshot.database.table(ROSTER)
            current = table.get(doc_id=1)
            new = change(dict(current) if isinstance(current, dict) else {})
            table.upsert(Document(new, doc_id=1))
            self._commit(snapshot)

    def archived_ids(self, year: int) -> frozenset[str]:
        """The ids in the archive of `year`, read again only when the file has changed."""
        path = self.archive_path(year)
        try:
            info = path.stat()
        except FileNotFoundError:
            return frozenset()
        stamp = (info.st_mtime_ns, info.st_size)
        cached = self._archive_ids.get(year)
        if cached is None or cached[0] != stamp:
            table = self._snapshot(path).database.table(MESSAGES)
            cached = (stamp, frozenset(document["id"] for document in table))
            self._archive_ids[year] = cached
        return cached[1]

    # Changing -----------------------------------------------------------------------------

    def prepare(self) -> None:
        """Create the database if it is missing, and migrate an older layout (backup first)."""
        with self._locked():
            self._commit(self._snapshot(self.path))

    def add(self, messages: Iterable[Message]) -> AddResult:
        """Add messages whose ids are new; leave the ones already stored untouched.

        A message already moved to the archive counts as stored: importing the same file
        again after a month adds nothing.
        """
        incoming = list(messages)
        with self._locked():
            snapshot = self._snapshot(self.path)
            table = snapshot.database.table(MESSAGES)
            known = {document["id"] for document in table}
            for year in {message.received.year for message in incoming if message.id not in known}:
                known |= self.archived_ids(year)
            new: dict[str, Message] = {}
            for message in incoming:
                if message.id not in known:
                    new.setdefault(message.id, message)
            if new:
                table.insert_multiple(message.to_dict() for message in new.values())
            self._commit(snapshot)
            self._stored(new)
        return AddResult(
            added=tuple(new),
            existing=tuple(message.id for message in incoming if message.id in known),
        )

    def update_many(self, changes: dict[str, Change]) -> list[Message]:
        """Apply each message's change in one locked transaction.

        Ids no longer stored are left out; a change that returns False leaves its message as
        it was.
        """
        with self._locked():
            snapshot = self._snapshot(self.path)
            table = snapshot.database.table(MESSAGES)
            changed: list[Message] = []
            for document in table:
                change = changes.get(document["id"])
                if change is None:
                    continue
                message = Message.from_dict(document)
                if change(message) is False:
                    continue
                message.revision += 1
                table.update(message.to_dict(), doc_ids=[document.doc_id])
                changed.append(message)
            self._commit(snapshot)
            return changed

    def update(
        self,
        message_id: str,
        change: Change,
        records: list[tuple[str, dict[str, Any]]] | None = None,
    ) -> Message:
        """Apply `change` to the latest stored version of a message and store the result.

        The revision goes up by one, so anyone holding an older copy can tell. An exception
        from `change` leaves the file untouched. `records` (table, document) that `change` fills
        are written in the same transaction.
        """
        from tinydb import Query

        with self._locked():
            snapshot = self._snapshot(self.path)
            table = snapshot.database.table(MESSAGES)
            document = table.get(Query().id == message_id)
            if document is None or isinstance(document, list):
                raise MessageNotFoundError(_("Fant ikke meldingen {id}.").format(id=message_id))
            message = Message.from_dict(document)
            if change(message) is False:
                self._commit(snapshot)
                return message
            message.revision += 1
            table.update(message.to_dict(), doc_ids=[document.doc_id])
            for table_name, record in records or ():  # what `change` noted, in its transaction
                snapshot.database.table(table_name).insert(dict(record))
            self._commit(snapshot)
            self._stored([message.id])
            return message

    def archive(
        self, is_due: Callable[[Message], bool], mark: Callable[[Message], None]
    ) -> list[Message]:
        """Move the messages `is_due` accepts into the archive file of the year they came in.

        `mark` records the move on each message first. The archive files are written before
        the hot file, so a crash in between leaves a message in both places, never in neither;
        the next run finishes the move.
        """
        with self._locked():
            snapshot = self._snapshot(self.path)
            table = snapshot.database.table(MESSAGES)
            due: dict[int, Message] = {}
            for document in table:
                message = Message.from_dict(document)
                if is_due(message):
                    due[document.doc_id] = message
            if not due:
                self._commit(snapshot)
                return []
            by_year: dict[int, list[Message]] = defaultdict(list)
            for message in due.values():
                mark(message)
                message.revision += 1
                by_year[message.received.year].append(message)
            for year, messages in sorted(by_year.items()):
                archive = self._snapshot(self.archive_path(year))
                archive_table = archive.database.table(MESSAGES)
                existing = {document["id"]: document.doc_id for document in archive_table}
                for message in messages:
                    if message.id in existing:
                        archive_table.update(message.to_dict(), doc_ids=[existing[message.id]])
                archive_table.insert_multiple(
                    message.to_dict() for message in messages if message.id not in existing
                )
                self._commit(archive)
            table.remove(doc_ids=list(due))
            self._commit(snapshot)
            self._stored(message.id for message in due.values())
            return list(due.values())

    def _message_of(self, snapshot: _Snapshot, document: dict[str, Any]) -> Message:
        try:
            return Message.from_dict(document)
        except (KeyError, TypeError, ValueError) as error:
            raise self._unreadable_message(snapshot.path, error) from error

    def log_export(self, record: dict[str, Any]) -> None:
        """Record an export of patient data (who, when, what) in the database's export log."""
        with self._locked():
            snapshot = self._snapshot(self.path)
            snapshot.database.table(EXPORTS).insert(dict(record))
            self._commit(snapshot)

    def suggestion_feedback(self) -> list[dict[str, Any]]:
        """Every recorded change of a suggested category, oldest first."""
        snapshot = self._snapshot(self.path)
        return [dict(document) for document in snapshot.database.table(SUGGESTION_FEEDBACK)]

    def export_log(self) -> list[dict[str, Any]]:
        """Every recorded export of patient data, oldest first."""
        snapshot = self._snapshot(self.path)
        return [dict(document) for document in snapshot.database.table(EXPORTS)]
