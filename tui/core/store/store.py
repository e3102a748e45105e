"""The only module that touches TinyDB: one database file shared safely by several clerks.

Every change is a transaction: take the inter-process lock, bring the inbox up to date (the
snapshot file and its journal, see `journal`), let TinyDB change it in memory, and append what
changed to the journal as one fsynced record. A change so costs what it changed, not the
whole inbox. When the journal has grown, the transaction folds it into a new snapshot
(compaction), replaced atomically (see `dbfile`). Reads take no lock: a reader always sees a
whole snapshot and a run of whole journal records.

Every committed transaction raises the store's revision by one; `changes_since` tells a reader
what changed after a revision it has shown (the `ChangeFeed` of `changes`).

Answered and closed messages move out of the hot file into one archive file per year beside it
(`inbox.archive-2026.json`), so a change costs the same however long the history grows.
"""

from __future__ import annotations

import gc
import os
import re
import stat
import threading
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from datetime import datetime
from functools import cache, cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

import orjson

from tui.core.controls import data_without_controls, json_may_hold_controls
from tui.core.i18n import _
from tui.core.model import OSLO, Message
from tui.core.oserrors import describe_bad_document
from tui.core.store.backups import Backups
from tui.core.store.changes import Changes
from tui.core.store.dbfile import (
    DatabaseUnusableError,
    FileAccess,
    JSONData,
    ReadOnlyDatabaseError,
    StoreError,
    StoreWriteError,
    documents_by_line,
    encode,
    encode_by_line,
    is_read_only,
    parse,
    read_bytes,
    read_error,
    read_only_error,
    remove_stale_temporaries,
    replace_atomically,
    write_error,
)
from tui.core.store.journal import Journal, Line, scan, wants_compaction
from tui.core.store.permissions import access_warnings, folder_warnings
from tui.core.store.schema import (
    EXPORTS,
    MESSAGES,
    META,
    ROSTER,
    SCHEMA_VERSION,
    SUGGESTION_FEEDBACK,
    UnknownSchemaError,
    new_database,
    revision_of,
    upgrade,
    version_of,
    with_revision,
)

if TYPE_CHECKING:
    from filelock import BaseFileLock
    from tinydb import TinyDB
    from tinydb.table import Table

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


class TrackingStorage(SnapshotStorage):
    """A snapshot storage that notes the documents a transaction touched, for the journal.

    The tables it is given are shared with the store's copy of the inbox, which must not
    change if the transaction fails: `TrackedTable` replaces a document by a copy before TinyDB
    changes it in place, and TinyDB itself builds a new dict for every table it changes.
    """

    def __init__(self, data: JSONData) -> None:
        super().__init__(dict(data))
        self.touched: dict[str, set[str]] = {}
        """Table name -> ids of the documents inserted, changed or removed."""

    def own(self, table: str, doc_ids: Iterable[int | str]) -> None:
        """Give `table` copies of these documents, to be changed in place."""
        documents = dict(self.data.get(table, {}))
        for doc_id in doc_ids:
            key = str(doc_id)
            if key in documents:
                documents[key] = dict(documents[key])
        self.data[table] = documents

    def touch(self, table: str, doc_ids: Iterable[int | str]) -> None:
        """Note documents of `table` that changed."""
        self.touched.setdefault(table, set()).update(str(doc_id) for doc_id in doc_ids)


@cache
def _tracked_table_class() -> type[Table]:
    """TinyDB's table, noting what each change touches (made on the first change only)."""
    from tinydb.table import Table

    class TrackedTable(Table):
        """A TinyDB table that tells its `TrackingStorage` which documents changed."""

        @property
        def _tracking(self) -> TrackingStorage:
            storage = self._storage
            assert isinstance(storage, TrackingStorage)
            return storage

        def insert(self, document: Any) -> int:
            doc_id = super().insert(document)
            self._tracking.touch(self.name, [doc_id])
            return doc_id

        def insert_multiple(self, documents: Iterable[Any]) -> list[int]:
            doc_ids = super().insert_multiple(documents)
            self._tracking.touch(self.name, doc_ids)
            return doc_ids

        def update(self, fields: Any, cond: Any = None, doc_ids: Any = None) -> list[int]:
            if doc_ids is None:
                found = self.search(cond) if cond is not None else self.all()
                doc_ids = [document.doc_id for document in found]
            doc_ids = list(doc_ids)
            self._tracking.own(self.name, doc_ids)
            self.clear_cache()
            updated = super().update(fields, doc_ids=doc_ids)
            self._tracking.touch(self.name, updated)
            return updated

        def remove(self, cond: Any = None, doc_ids: Any = None) -> list[int]:
            removed = super().remove(cond, doc_ids)
            self._tracking.touch(self.name, removed)
            return removed

        def truncate(self) -> None:
            self._tracking.touch(self.name, self._tracking.data.get(self.name, {}))
            super().truncate()

    return TrackedTable


@dataclass
class _HotState:
    """The hot file as last read: the snapshot with its journal applied, and where both were."""

    data: JSONData
    version: int
    """The snapshot's schema version (older versions are upgraded in memory)."""
    raw: bytes | None
    """The snapshot's bytes, kept only while they are needed (a migration's backup); None for
    a file that does not exist or is empty."""
    exists: bool
    """The snapshot file exists and holds a database."""
    snapshot: tuple[int, int, int] | None
    """The snapshot's inode, modification time and size when read (None: no file)."""
    revision: int
    journal: int | None
    """The journal's inode (None: no journal)."""
    journal_end: int = 0
    """Where the journal's next record goes."""
    journal_size: int = 0
    """The journal's size when read (more than `journal_end` after a torn record)."""


@dataclass
class _Snapshot:
    path: Path
    raw: bytes | None
    """The file's bytes as read, or None when the file did not exist."""
    version: int
    """The schema version the file was in (older versions are upgraded in memory)."""
    storage: SnapshotStorage
    hot: _HotState | None = None
    """For the hot file: the state the snapshot was made from (its journal applied)."""

    @cached_property
    def database(self) -> TinyDB:
        """TinyDB over the snapshot, made for a query or a change (reading needs none)."""
        from tinydb import TinyDB

        database = TinyDB(storage=lambda: self.storage)  # TinyDB calls it to get its storage
        if isinstance(self.storage, TrackingStorage):
            database.table_class = _tracked_table_class()
        return database

    @property
    def needs_writing(self) -> bool:
        return self.storage.changed or self.raw is None or self.version != SCHEMA_VERSION

    def documents(self, table: str) -> Iterable[dict[str, Any]]:
        """The documents of `table` as read, for reading only: TinyDB's table would copy each."""
        return self.storage.data.get(table, {}).values()


class NotStreamableError(StoreError):
    """A line of the snapshot does not parse on its own: the file is read whole instead."""


@dataclass
class _FeedIndex:
    """Where the records of one journal file start, for `Store.changes_since`."""

    inode: int
    base: int
    last: int
    end: int
    offsets: dict[int, int] = field(default_factory=dict)
    """Revision -> offset of its record."""

    def add(self, records: Iterable[Line], end: int) -> None:
        for line in records:
            self.offsets[line.revision] = line.start
            self.last = line.revision
        self.end = end


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
        keep_state: bool = True,
    ) -> None:
        self.path = Path(path)
        self.access = FileAccess(group)
        self.clock = clock
        self.backups = Backups(self.path, self.access)
        self.lock_path = self.path.with_name(f".{self.path.name}.lock")
        self._lock: BaseFileLock | None = None
        self._held = threading.local()
        self._archive_ids: dict[int, tuple[tuple[int, int], frozenset[str]]] = {}
        self.clean_files: dict[Path, tuple[int, ...]] = {}
        """Files found without patient data, with their stamp then (`erasure` skips them)."""
        self.transaction_listeners: list[Callable[[frozenset[str]], None]] = []
        """Called in the writing thread as each transaction ends, with the ids of the messages
        it stored (none when it failed): the audit trail's copy in the system log waits for it."""
        self.journal = Journal(self.path, self.access)
        self.keep_state = keep_state
        """Keep the inbox as last read between transactions, so that the next one reads only
        the journal's new records. A session that holds the messages anyway turns it off and
        reads the files again for each change (half the memory)."""
        self.compact_at: int | None = None
        """The journal's length in bytes that makes a change compact it (None: the usual bound,
        `journal.wants_compaction`); tests set a small one to compact often."""
        self._state: _HotState | None = None
        self._state_guard = threading.Lock()
        self._feed: _FeedIndex | None = None
        self._feed_guard = threading.Lock()
        self._snapshot_seen: tuple[int, int, int] | None = None
        """The snapshot's stamp when `messages_at` last read it: a snapshot replaced or
        rewritten since without a journal record (a restore, a damage) is read again."""

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
        files = [self.path, self.journal.path, *map(self.archive_path, self.archive_years())]
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
        if path == self.path:
            return self._hot_snapshot()
        raw = read_bytes(path)
        try:
            data = parse(raw, path) if raw is not None else None
        except DatabaseUnusableError as error:
            raise self._unusable(path, str(error)) from error
        if data is None:
            return _Snapshot(path, raw, SCHEMA_VERSION, SnapshotStorage(new_database()))
        data, version = self._upgraded(path, data)
        return _Snapshot(path, raw, version, SnapshotStorage(data))

    def _commit(self, snapshot: _Snapshot) -> None:
        """Write a snapshot that changed; keep a backup of the file as it was first."""
        if snapshot.hot is not None:
            self._commit_hot(snapshot, snapshot.hot)
            return
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

    # The hot file: snapshot and journal ---------------------------------------------------

    def _read_snapshot(self) -> tuple[bytes | None, tuple[int, int, int] | None]:
        """The hot snapshot's bytes and stamp, read from one open file (None: no file)."""
        try:
            with open(self.path, "rb") as file:
                info = os.fstat(file.fileno())
                raw = file.read()
        except FileNotFoundError:
            return None, None
        except OSError as error:
            raise read_error(self.path, error) from error
        return raw, (info.st_ino, info.st_mtime_ns, info.st_size)

    def _snapshot_stamp(self) -> tuple[int, int, int] | None:
        try:
            info = os.stat(self.path)
        except FileNotFoundError:
            return None
        except OSError as error:
            raise read_error(self.path, error) from error
        return info.st_ino, info.st_mtime_ns, info.st_size

    def _load_hot(self) -> _HotState:
        """Read the snapshot and apply its journal: the inbox as of the latest record.

        A compaction between the two reads shows as a journal starting after the snapshot
        read: then both are read again. A journal that stays so (a snapshot restored by hand
        from an older copy) does not belong to the snapshot and is left out.
        """
        for attempt in range(4):
            raw, stamp = self._read_snapshot()
            try:
                data = parse(raw, self.path) if raw is not None else None
            except DatabaseUnusableError as error:
                raise self._unusable(self.path, str(error)) from error
            if data is None:
                data, version, exists = new_database(), SCHEMA_VERSION, False
            else:
                data, version = self._upgraded(self.path, data)
                exists = True
            revision = revision_of(data)
            found = scan(self.journal.path)
            if found is not None and found.base > revision and attempt < 3:
                continue  # compacted meanwhile
            state = _HotState(
                data,
                version,
                raw if exists and version != SCHEMA_VERSION else None,
                exists,
                stamp,
                revision,
                None,
            )
            if found is not None and found.base <= revision:
                state.journal = found.inode
                state.journal_end, state.journal_size = found.end, found.size
                self._apply(state, found.records)
            return state
        raise AssertionError("unreachable")

    def _upgraded(self, path: Path, data: JSONData) -> tuple[JSONData, int]:
        """The data of the file at `path` in today's schema, and the version it had."""
        try:
            return upgrade(data)
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

    def _apply(self, state: _HotState, records: Iterable[Line]) -> None:
        """Apply journal records after the state's revision (earlier ones it holds already)."""
        for line in records:
            if line.revision <= state.revision:
                continue
            tables = self._record(line)
            for name, documents in tables.items():
                table = dict(state.data.get(name, {}))
                for doc_id, document in documents.items():
                    if document is None:
                        table.pop(doc_id, None)
                    else:
                        table[doc_id] = document
                state.data[name] = table
            state.revision = line.revision

    def _record(self, line: Line) -> dict[str, dict[str, Any]]:
        """The tables of one journal record: name -> document id -> document or None."""
        try:
            record = line.record()
            tables = record["tables"]
            if not isinstance(tables, dict):
                raise TypeError("tables")
        except (KeyError, TypeError, ValueError) as error:
            problem = _("Journalen {file} har en post som ikke kan leses ({error}).").format(
                file=self.journal.path, error=describe_bad_document(error)
            )
            raise self._unusable(self.journal.path, problem) from error
        if json_may_hold_controls(line.payload):
            data_without_controls(tables)
        return tables

    def _refreshed(self, state: _HotState) -> bool:
        """Bring a state read earlier up to date from the journal's new records.

        False when that cannot be done (the snapshot was replaced: a compaction, a restore):
        the files must be read again.
        """
        if state.journal is None or self._snapshot_stamp() != state.snapshot:
            return False
        found = scan(self.journal.path, state.journal_end, after=state.revision)
        if found is None or found.inode != state.journal:
            return False
        self._apply(state, found.records)
        state.journal_end, state.journal_size = found.end, found.size
        return True

    def _hot_state(self) -> _HotState:
        """The hot file as of now: the kept state brought up to date, or read afresh."""
        with self._state_guard:
            state = self._state
            if state is None or not self._refreshed(state):
                state = self._load_hot()
            self._state = state if self.keep_state else None
            return state

    def _hot_snapshot(self) -> _Snapshot:
        state = self._hot_state()
        in_transaction = getattr(self._held, "value", False)
        storage = TrackingStorage(state.data) if in_transaction else SnapshotStorage(state.data)
        raw = b"" if state.exists else None
        return _Snapshot(self.path, raw, state.version, storage, state)

    def _commit_hot(self, snapshot: _Snapshot, state: _HotState) -> None:
        """Append what the transaction changed to the journal, as one fsynced record.

        A new database or one in an older layout is written whole instead (a migration keeps
        a backup of the old file first). The first change of a day copies the inbox as it was
        before it. A journal past its bound is folded into a new snapshot afterwards.
        """
        storage = snapshot.storage
        touched = storage.touched if isinstance(storage, TrackingStorage) else {}
        whole = not state.exists or state.version != SCHEMA_VERSION
        if not whole and not any(touched.values()):
            return
        if is_read_only(self.path):  # made so since the transaction began
            raise read_only_error(self.path)
        self._give_access(self.path)
        today = self.clock().date()
        try:
            if state.exists and state.version != SCHEMA_VERSION and state.raw is not None:
                self.backups.before_migration(self.path, state.raw, state.version, self.clock())
            elif state.exists and self.backups.daily_due(self.path, today):
                self.backups.daily(self.path, encode(state.data), today)
            if whole:
                revision = state.revision + 1
                new = _HotState(storage.data, SCHEMA_VERSION, None, True, None, revision, None)
                self._compact(new)
            else:
                self._append(state, storage.data, touched)
        except OSError as error:
            self._state = None  # read again next time: the files are what counts
            raise write_error(self.path, error) from error

    def _give_access(self, path: Path) -> None:
        """Make a file that was made too open (by hand) owner- or group-only again.

        Whole-file writes do so by writing a new file; an append leaves the snapshot alone.
        """
        with suppress(OSError):
            info = os.stat(path)
            group_ok = self.access.gid is None or info.st_gid == self.access.gid
            if stat.S_IMODE(info.st_mode) != self.access.mode or not group_ok:
                descriptor = os.open(path, os.O_RDONLY)
                try:
                    self.access.apply(descriptor)
                finally:
                    os.close(descriptor)

    def _append(self, state: _HotState, data: JSONData, touched: dict[str, set[str]]) -> None:
        tables = {
            name: {doc_id: data.get(name, {}).get(doc_id) for doc_id in sorted(doc_ids)}
            for name, doc_ids in touched.items()
            if doc_ids
        }
        if state.journal is None:
            state.journal = self.journal.start(state.revision)
            state.journal_end = state.journal_size = os.stat(self.journal.path).st_size
        before = state.data.get(MESSAGES, {})
        left = [
            before[doc_id]["id"]
            for doc_id, document in tables.get(MESSAGES, {}).items()
            if document is None and doc_id in before
        ]
        revision = state.revision + 1
        record: dict[str, Any] = {"tables": tables}
        if left:
            record["left"] = left
        payload = encode(record)
        end = self.journal.append(revision, payload, state.journal_end, state.journal_size)
        if json_may_hold_controls(payload):
            data_without_controls(tables)  # as a reader of the journal gets them
        with self._state_guard:
            state.data, state.revision = data, revision
            state.journal_end = state.journal_size = end
            state.raw = None
            self._state = state if self.keep_state else None
        snapshot_size = state.snapshot[2] if state.snapshot else 0
        if self.compact_at is not None:
            due = end >= self.compact_at
        else:
            due = wants_compaction(end, snapshot_size)
        if due:
            self._compact(state)

    def _compact(self, state: _HotState) -> None:
        """Write the state as the new snapshot, then start an empty journal after it.

        Under the lock. A crash between the two leaves the new snapshot with the old journal,
        whose records up to the snapshot's revision it already holds: nothing is lost or
        applied twice.
        """
        data = with_revision(state.data, state.revision)
        payload = encode_by_line(data)
        replace_atomically(self.path, payload, self.access, self.path)
        if json_may_hold_controls(payload):
            data_without_controls(data)  # as a reader of the file gets them
        stamp = self._snapshot_stamp()
        inode = self.journal.start(state.revision)
        size = os.stat(self.journal.path).st_size
        with self._state_guard:
            state.data = data
            state.version, state.exists, state.raw = SCHEMA_VERSION, True, None
            state.snapshot, state.journal = stamp, inode
            state.journal_end = state.journal_size = size
            self._state = state if self.keep_state else None

    def compact(self) -> None:
        """Fold the journal into the snapshot now (the retention purge does, before erasing)."""
        with self._locked():
            self._compact_now()

    def _compact_now(self) -> None:
        """Fold the journal into the snapshot (under the lock)."""
        state = self._hot_state()
        if state.exists:
            try:
                self._compact(state)
            except OSError as error:
                self._state = None
                raise write_error(self.path, error) from error

    def journal_holds_records(self) -> bool:
        """Whether the journal has any record (patient data may be in it)."""
        try:
            size = os.stat(self.journal.path).st_size
        except FileNotFoundError:
            return False
        found = scan(self.journal.path, 0)
        return found is None or bool(found.records) or found.size > found.end or size > found.end

    def stamp(self) -> tuple[int, ...] | None:
        """Something that changes whenever the hot file or its journal changes."""
        stamp = self._snapshot_stamp()
        try:
            info = os.stat(self.journal.path)
            journal: tuple[int, ...] = (info.st_ino, info.st_mtime_ns, info.st_size)
        except FileNotFoundError:
            journal = ()
        return None if stamp is None else (*stamp, *journal)

    # Following changes (the ChangeFeed) ----------------------------------------------------

    def revision(self) -> int:
        """The revision of the latest committed transaction (0 for a new store)."""
        index = self._feed_index()
        if index is not None:
            return index.last
        return self._hot_state().revision

    def changes_since(self, revision: int) -> Changes:
        """What changed after `revision`: read from the journal's records after it alone.

        A reader whose revision the journal no longer reaches back to (compacted), that is
        ahead of the store (a database restored from a copy), or that last read a snapshot
        since replaced or rewritten (a compaction, a damage, a restore by hand) gets every hot
        message with `complete=True`; a damaged snapshot raises `DatabaseUnusableError`.
        """
        if self._snapshot_seen is not None and self._snapshot_stamp() != self._snapshot_seen:
            return self._complete()
        index = self._feed_index()
        if index is None or not index.base <= revision <= index.last:
            return self._complete()
        if revision == index.last:
            return Changes(revision)
        start = index.offsets[revision + 1]
        found = scan(self.journal.path, start, after=revision)
        if found is None or found.inode != index.inode:
            return self.changes_since(revision)  # replaced meanwhile: look again
        messages: dict[str, Message | None] = {}
        roster = False
        last = revision
        for line in found.records:
            if line.revision > index.last:
                break
            for name, documents in self._record(line).items():
                if name == ROSTER:
                    roster = True
                elif name == MESSAGES:
                    for document in documents.values():
                        if document is not None:
                            message = self._message_of_journal(document)
                            messages[message.id] = message
                    for message_id in self._left(line):
                        messages[message_id] = None
            last = line.revision
        return Changes(last, messages, roster)

    def _left(self, line: Line) -> list[str]:
        left = line.record().get("left", [])
        return [str(message_id) for message_id in left] if isinstance(left, list) else []

    def _message_of_journal(self, document: dict[str, Any]) -> Message:
        try:
            return Message.from_dict(document)
        except (KeyError, TypeError, ValueError) as error:
            raise self._unreadable_message(self.journal.path, error) from error

    def _complete(self) -> Changes:
        found, revision = self.messages_at()
        messages: dict[str, Message | None] = {message.id: message for message in found}
        return Changes(revision, messages, roster=True, complete=True)

    def _streamed_messages(self) -> tuple[list[Message], int] | None:
        """The hot messages, each document parsed and let go in turn (`documents_by_line`).

        The whole parsed file is never held, which is most of what reading it costs in memory.
        None when the snapshot cannot be read so (another layout or schema version, a line
        that does not parse): then it is read whole, which says what is wrong with it.
        """
        streamed = self._streamed_documents()
        if streamed is None:
            return None
        revision, documents = streamed
        messages = []
        try:
            for _key, document in documents:
                messages.append(Message.from_dict(document))
        except NotStreamableError:
            return None
        except (KeyError, TypeError, ValueError) as error:
            raise self._unreadable_message(self.path, error) from error
        return messages, revision

    def _streamed_documents(
        self, table: str = MESSAGES
    ) -> tuple[int, Iterator[tuple[str, dict[str, Any]]]] | None:
        """The revision and the documents of a hot table by id, parsed one at a time.

        In the snapshot's order, with the journal's records applied; the iterator raises
        `NotStreamableError` for a line that does not parse. None when the snapshot is not in the
        layout `encode_by_line` writes, or not of this schema version.
        """
        raw, _stamp = self._read_snapshot()
        tables = documents_by_line(raw) if raw is not None else None
        if tables is None:
            return None
        try:
            found_meta = {key: orjson.loads(value) for key, value in tables.get(META, [])}
            meta: JSONData = {META: found_meta}
            if version_of(meta) != SCHEMA_VERSION:
                return None
        except (ValueError, UnknownSchemaError):
            return None
        revision = revision_of(meta)
        found = scan(self.journal.path)
        if found is not None and found.base > revision:
            return None  # compacted meanwhile: the whole read tries again
        changed: dict[str, dict[str, Any] | None] = {}
        last = revision
        for line in found.records if found is not None else ():
            if line.revision > revision:
                changed.update(self._record(line).get(table, {}))
                last = line.revision
        lines = tables.get(table, [])
        del raw, tables  # the lines keep the bytes they need

        def documents() -> Iterator[tuple[str, dict[str, Any]]]:
            for key, value in lines:
                if key in changed:
                    document = changed.pop(key)
                    if document is not None:
                        yield key, document
                    continue
                try:
                    document = orjson.loads(value)  # orjson: it parses the line where it lies
                except orjson.JSONDecodeError:
                    raise NotStreamableError from None
                if not isinstance(document, dict):
                    raise NotStreamableError
                if json_may_hold_controls(bytes(value)):
                    data_without_controls(document)
                yield key, document
            yield from ((key, doc) for key, doc in changed.items() if doc is not None)

        return last, documents()

    def scan_documents(self) -> Iterator[dict[str, Any]] | None:
        """The hot messages' documents as they are now, one at a time, to look through.

        For a look without the lock before a change (the archive, the purge), in a session
        that keeps no copy of the inbox: nothing of the file is held beyond one document.
        None when the files cannot be read so; the caller reads them whole. Raises
        `NotStreamableError` (a `StoreError`) when a line turns out not to parse midway.
        """
        if self.keep_state:
            return None
        streamed = self._streamed_documents()
        return (document for _key, document in streamed[1]) if streamed is not None else None

    def _feed_index(self) -> _FeedIndex | None:
        """Where each record of the journal starts, read on from where the last call stopped."""
        with self._feed_guard:
            index = self._feed
            if index is not None:
                found = scan(self.journal.path, index.end, after=index.last)
                if found is not None and found.inode == index.inode:
                    index.add(found.records, found.end)
                    return index
            found = scan(self.journal.path, 0)
            if found is None:
                self._feed = None
                return None
            index = self._feed = _FeedIndex(found.inode, found.base, found.base, found.end)
            index.add(found.records, found.end)
            return index

    def watch(self, stop: threading.Event) -> Iterator[None]:
        """Yield after each burst of commits by any process, until `stop` is set (`watch`)."""
        from tui.core.store.watch import watch_database

        return watch_database(self.path, stop, also=(self.journal.path.name,))

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
        return self.messages_at()[0]

    def messages_at(self) -> tuple[list[Message], int]:
        """Every message in the hot file, and the revision they are as of."""
        self._snapshot_seen = self._snapshot_stamp()
        if not self.keep_state:
            streamed = self._streamed_messages()
            if streamed is not None:
                return streamed
        state = self._hot_state()
        if self.keep_state:
            snapshot = _Snapshot(self.path, b"", state.version, SnapshotStorage(state.data), state)
            return self._messages_of(snapshot), state.revision
        # Nobody else holds these documents: each goes as soon as its message is made, so the
        # parsed file and the messages are not held at once.
        documents = state.data.get(MESSAGES, {})
        messages = []
        try:
            for key in list(documents):
                document, documents[key] = documents[key], None
                messages.append(Message.from_dict(document))
        except (KeyError, TypeError, ValueError) as error:
            raise self._unreadable_message(self.path, error) from error
        return messages, state.revision

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
        streamed = self._streamed_documents(ROSTER) if not self.keep_state else None
        if streamed is not None:  # a session: the roster's line alone is parsed
            with suppress(NotStreamableError):
                roster = dict(streamed[1]).get("1")
                return dict(roster) if isinstance(roster, dict) else {}
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
        if self.scan_documents() is not None:
            return  # a snapshot in this version's layout: nothing to do, no lock, no whole read
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
        if not self._may_be_due(is_due):
            return []
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
            # The snapshot would keep the moved messages until the journal is as long as it:
            # written whole now, every reader's next whole read is the smaller file.
            self._compact_now()
            self._stored(message.id for message in due.values())
            return list(due.values())

    def _may_be_due(self, is_due: Callable[[Message], bool]) -> bool:
        """False when a look without the lock finds no message due (`scan_documents`).

        A session so takes no lock, and reads no whole file, on the days nothing is archived.
        """
        documents = self.scan_documents()
        if documents is None or not self.path.exists():
            return True
        try:
            return any(is_due(Message.from_dict(document)) for document in documents)
        except (StoreError, KeyError, TypeError, ValueError):
            return True  # the transaction reads the file whole and reports what is wrong

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
