"""Erasing patient data in every file that holds it: the database, the archive, the backups.

The retention purge calls `erase_everywhere`. It is part of the store: it takes the store's
lock and writes through its snapshots (`Store._locked`, `_snapshot`, `_commit`), one file at a
time, so other clerks wait at most for one file. The hot file's journal is folded into its
snapshot right after an erasure, under the same lock (`Store.compact`), so no record of it
keeps erased data; an erasure cut short before that is compacted by the next run.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from contextlib import suppress
from copy import deepcopy
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

from tui.core.model import HistoryEntry, Message
from tui.core.patient_data import erase_document, holds_patient_data
from tui.core.store.dbfile import (
    CODEC,
    StoreError,
    encode,
    parse,
    read_bytes,
    replace_atomically,
    temp_prefix,
    write_error,
)
from tui.core.store.schema import LEGACY_DEFAULT_TABLE, MESSAGES
from tui.core.store.store import NotStreamableError, Store


@dataclass(frozen=True)
class ErasureResult:
    """What `erase_everywhere` did, or would do in a dry run."""

    erased: tuple[Message, ...] = ()
    """The stored messages whose patient data went, as they were before."""
    files: tuple[Path, ...] = ()
    """Every file rewritten: database, archive files and backup copies."""
    removed: tuple[Path, ...] = ()
    """Backup copies deleted because they could not be read (and so not erased)."""


UNFINISHED_ERASURES = ".erasures-unfinished.json"
"""In the backup folder while an erasure has not yet reached every backup copy."""


def erase_everywhere(
    store: Store,
    is_due: Callable[[Message], bool],
    record: HistoryEntry,
    *,
    dry_run: bool = False,
) -> ErasureResult:
    """Erase the patient data of the messages `is_due` accepts, in every file of `store`.

    See `Erasure.run`.
    """
    return Erasure(store).run(is_due, record, dry_run=dry_run)


def _stamp(path: Path) -> tuple[int, ...] | None:
    """A file's modification time and size, to tell whether it changed; None if missing."""
    try:
        info = path.stat()
    except OSError:
        return None
    return info.st_mtime_ns, info.st_size


def _replace_by_id(documents: dict[str, dict[str, Any]], stored: dict[str, Any]) -> None:
    """Give a stored document the contents of the document in `documents` with its id."""
    stored.update(documents[stored["id"]])


class Erasure:
    """One erasure in the files of one store."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def run(
        self,
        is_due: Callable[[Message], bool],
        record: HistoryEntry,
        *,
        dry_run: bool = False,
    ) -> ErasureResult:
        """Erase the patient data of the messages `is_due` accepts, in every file holding it.

        Each due message in the hot file and the archive files is erased (`patient_data`) and gets
        `record` in its history. Then every backup copy (daily and before-migration alike) is
        gone through and the same messages are erased in it, whatever state the copy shows:
        no copy keeps what the database no longer has. The backup the first change of the day
        makes is written before the copies are gone through, so it is erased too.

        The ids are noted in the backup folder before a database file is written and the note
        is removed when every copy is done, so a run cut short is finished by the next. A copy
        that cannot be read can be neither erased nor restored: it is deleted.

        The files are looked through without the lock first; the lock is then taken for one
        file at a time, and only for a file with something to erase, so other clerks wait at
        most for one file. Only messages that still hold patient data are read whole, and an
        archive file found without any is not read again until it changes. A dry run writes
        nothing.
        """
        erased: list[Message] = []
        files: list[Path] = []
        if not dry_run and self._unfinished_erasures() and self.store.journal_holds_records():
            # An erasure cut short before its compaction: its records may hold erased data.
            self.store.compact()
        for path in (self.store.path, *map(self.store.archive_path, self.store.archive_years())):
            due = self._erase_file(path, is_due, record, write=False)
            if due and not dry_run:
                with self.store._locked():
                    due = self._erase_file(path, is_due, record, write=True)
            if due:
                erased += due
                files.append(path)
        unfinished = self._unfinished_erasures()
        if dry_run:
            unfinished |= {message.id for message in erased}
        copies, removed = self._erase_in_backups(unfinished, write=not dry_run)
        if not dry_run and self._leftover_temporaries():
            with self.store._locked():  # deletes a killed writer's files: whole files of old data
                pass
        return ErasureResult(tuple(erased), (*files, *copies), removed)

    def _erase_file(
        self, path: Path, is_due: Callable[[Message], bool], record: HistoryEntry, *, write: bool
    ) -> list[Message]:
        """Erase the due messages of one database file; return them as they were.

        Without `write` nothing is written: it only finds them. A file found without patient
        data is remembered (by its time and size) and skipped until it changes.
        """
        stamp = self.store.stamp() if path == self.store.path else _stamp(path)
        if stamp is not None and self.store.clean_files.get(path) == stamp:
            return []
        if not write and path == self.store.path:
            # Only looking: a session reads the hot file one document at a time.
            scanned = self.store.scan_documents()
            if scanned is not None:
                try:
                    return self._due_in(path, scanned, is_due, stamp)
                except NotStreamableError:
                    pass  # read whole below, which says what is wrong
        snapshot = self.store._snapshot(path)
        table = snapshot.database.table(MESSAGES)
        changed: dict[str, dict[str, Any]] = {}
        ids: list[int] = []
        erased: list[Message] = []
        remaining = 0
        for document in table:
            if not holds_patient_data(document):
                continue
            message = self.store._message_of(snapshot, document)
            if not is_due(message):
                remaining += 1
                continue
            updated = deepcopy(document)  # erased in place, nested values too
            erase_document(updated)
            updated["history"] = [*updated.get("history", []), record.to_dict()]
            updated["revision"] = int(updated.get("revision", 0)) + 1
            changed[message.id] = updated
            ids.append(document.doc_id)
            erased.append(message)
        if not changed:
            if not remaining and stamp is not None:
                self.store.clean_files[path] = stamp
            return []
        if write:
            self._note_unfinished_erasures(self._unfinished_erasures() | set(changed))
            # One update for all: TinyDB copies the whole table on every call.
            table.update(partial(_replace_by_id, changed), doc_ids=ids)
            self.store._commit(snapshot)
            if path == self.store.path:
                # Fold the journal into the snapshot, still under the lock: its earlier
                # records hold the data just erased.
                self.store._compact_now()
        return erased

    def _due_in(
        self,
        path: Path,
        documents: Iterable[dict[str, Any]],
        is_due: Callable[[Message], bool],
        stamp: tuple[int, ...] | None,
    ) -> list[Message]:
        """The due messages among `documents` (as `_erase_file` finds them, writing nothing)."""
        due: list[Message] = []
        remaining = 0
        for document in documents:
            if not holds_patient_data(document):
                continue
            try:
                message = Message.from_dict(document)
            except (KeyError, TypeError, ValueError) as error:
                raise self.store._unreadable_message(path, error) from error
            if is_due(message):
                due.append(message)
            else:
                remaining += 1
        if not due and not remaining and stamp is not None:
            self.store.clean_files[path] = stamp
        return due

    def _leftover_temporaries(self) -> bool:
        prefix = temp_prefix(self.store.path)
        for folder in (self.store.path.parent, self.store.backups.folder):
            with suppress(OSError):
                if any(entry.name.startswith(prefix) for entry in os.scandir(folder)):
                    return True
        return False

    @property
    def _unfinished_path(self) -> Path:
        """The note of messages erased in the database but maybe not yet in every backup."""
        return self.store.backups.folder / UNFINISHED_ERASURES

    def _unfinished_erasures(self) -> set[str]:
        raw = read_bytes(self._unfinished_path) if self.store.backups.folder.is_dir() else None
        try:
            ids = CODEC.loads(raw) if raw else []
        except ValueError:
            ids = []
        return {str(message_id) for message_id in ids} if isinstance(ids, list) else set()

    def _note_unfinished_erasures(self, ids: set[str]) -> None:
        try:
            self.store.access.make_folder(self.store.backups.folder)
            note = CODEC.dumps(sorted(ids))
            replace_atomically(self._unfinished_path, note, self.store.access, self.store.path)
        except OSError as error:
            raise write_error(self._unfinished_path, error) from error

    def _erase_in_backups(
        self, erased_ids: set[str], *, write: bool
    ) -> tuple[list[Path], tuple[Path, ...]]:
        """Erase these messages in every backup copy; return the copies changed and deleted.

        Each copy is rewritten under the lock on its own; the note of unfinished erasures goes
        when all are done. A copy keeps its own layout (one made before a migration has the
        older one): only values change, so it stays a faithful copy of that layout.
        """
        changed: list[Path] = []
        removed: list[Path] = []
        if not erased_ids:
            return changed, ()
        for copy in self.store.backups.copies():
            if self._erase_in_copy(copy, erased_ids, write=False) is None:
                removed.append(copy)
                if write:
                    copy.unlink(missing_ok=True)
                continue
            if not self._erase_in_copy(copy, erased_ids, write=False):
                continue
            changed.append(copy)
            if write:
                with self.store._locked():
                    self._erase_in_copy(copy, erased_ids, write=True)
        if write:
            with self.store._locked():
                self._unfinished_path.unlink(missing_ok=True)
        return changed, tuple(removed)

    def _erase_in_copy(self, copy: Path, erased_ids: set[str], *, write: bool) -> bool | None:
        """Erase the messages in one copy: True if it held any, None if it cannot be read."""
        try:
            raw = read_bytes(copy)
            data = parse(raw, copy) if raw else None
        except StoreError:
            return None
        if data is None:
            return False
        touched = False
        for name in (MESSAGES, LEGACY_DEFAULT_TABLE):
            for document in data.get(name, {}).values():
                if isinstance(document, dict) and document.get("id") in erased_ids:
                    touched |= erase_document(document)
        if touched and write:
            try:
                self.store.backups.rewrite(copy, encode(data))
            except OSError as error:
                raise write_error(copy, error) from error
        return touched
