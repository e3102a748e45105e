"""The only module that touches the database file: TinyDB, made safe for several clerks.

Every change is a read-modify-write of the latest file contents under an inter-process lock,
and every write replaces the file atomically (temporary file in the same folder, fsync,
`os.replace`, fsync of the folder), so a crash leaves either the old or the new file, never
half of one. Reads take no lock: a reader always sees a whole file.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tinydb import Query, TinyDB
from tinydb.storages import Storage
from tinydb.table import Table

from tui.core.i18n import _
from tui.core.model import Message

SCHEMA_VERSION = 1
"""The version of the file's layout; a file with a newer version is never written."""

MESSAGES = "messages"
META = "meta"
FILE_MODE = 0o600
LOCK_TIMEOUT_SECONDS = 10.0


class StoreError(RuntimeError):
    """The database cannot be used; the message says why in words a clerk understands."""


class MessageNotFoundError(StoreError):
    """No message with the asked-for id."""


class AtomicJSONStorage(Storage):
    """A TinyDB storage that reads the whole file and replaces it atomically on every write."""

    def __init__(self, path: str | os.PathLike[str], mode: int = FILE_MODE) -> None:
        self.path = Path(path)
        self.mode = mode

    def read(self) -> dict[str, dict[str, Any]] | None:
        """The file's contents, or None when the file does not exist or is empty."""
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            return None
        except OSError as error:
            raise StoreError(
                _("Databasen {file} kan ikke leses: {error}").format(
                    file=self.path, error=error.strerror or error
                )
            ) from error
        if not raw.strip():
            return None
        try:
            data = json.loads(raw)
        except (UnicodeDecodeError, json.JSONDecodeError) as error:
            raise StoreError(
                _("Databasen {file} er skadet og kan ikke leses ({error}).").format(
                    file=self.path, error=error
                )
            ) from error
        if not isinstance(data, dict):
            raise StoreError(_("Databasen {file} har et ukjent format.").format(file=self.path))
        return data

    def write(self, data: dict[str, dict[str, Any]]) -> None:
        """Replace the file with `data`: all of it or, on any failure, none of it."""
        payload = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        folder = self.path.parent
        try:
            handle, temporary = tempfile.mkstemp(
                prefix=f".{self.path.name}.", suffix=".tmp", dir=folder
            )
        except OSError as error:
            raise _write_error(self.path, error) from error
        try:
            os.fchmod(handle, self.mode)
            with os.fdopen(handle, "wb") as stream:
                stream.write(payload)
                stream.flush()
                os.fsync(stream.fileno())
            os.replace(temporary, self.path)
        except OSError as error:
            Path(temporary).unlink(missing_ok=True)
            raise _write_error(self.path, error) from error
        _fsync_folder(folder)


def _write_error(path: Path, error: OSError) -> StoreError:
    return StoreError(
        _("Kunne ikke lagre i {file}: {error}. Forrige versjon er urørt.").format(
            file=path, error=error.strerror or error
        )
    )


def _fsync_folder(folder: Path) -> None:
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)


@dataclass(frozen=True)
class AddResult:
    """What `Store.add` did: the ids added and the ids that were there already."""

    added: tuple[str, ...]
    existing: tuple[str, ...]


class Store:
    """The messages of one database file, shared by every clerk who opens it."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)

    @contextmanager
    def _open(self) -> Iterator[TinyDB]:
        database = TinyDB(self.path, storage=AtomicJSONStorage)
        try:
            yield database
        finally:
            database.close()

    @contextmanager
    def _locked(self) -> Iterator[TinyDB]:
        # Imported on the first write: reading, and so start-up, never needs it.
        from filelock import FileLock, Timeout

        lock = FileLock(f"{self.path}.lock", timeout=LOCK_TIMEOUT_SECONDS)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with lock, self._open() as database:
                self._check_schema(database)
                yield database
        except Timeout as error:
            raise StoreError(
                _("Databasen {file} er låst av en annen prosess. Prøv igjen.").format(
                    file=self.path
                )
            ) from error

    def _check_schema(self, database: TinyDB) -> None:
        meta = database.table(META).all()
        if not meta:
            database.table(META).insert({"schema_version": SCHEMA_VERSION})
            return
        version = meta[0].get("schema_version")
        if version != SCHEMA_VERSION:
            raise StoreError(
                _(
                    "Databasen {file} har skjemaversjon {version}; denne versjonen av "
                    "timedialog kjenner bare {known}."
                ).format(file=self.path, version=version, known=SCHEMA_VERSION)
            )

    def messages(self) -> list[Message]:
        """Every message in the file, as it is now."""
        with self._open() as database:
            return [Message.from_dict(document) for document in database.table(MESSAGES)]

    def get(self, message_id: str) -> Message:
        """One message as it is now; raise `MessageNotFoundError` when there is none."""
        with self._open() as database:
            document = database.table(MESSAGES).get(Query().id == message_id)
        if document is None or isinstance(document, list):
            raise MessageNotFoundError(_("Fant ikke meldingen {id}.").format(id=message_id))
        return Message.from_dict(document)

    def add(self, messages: Iterable[Message]) -> AddResult:
        """Add messages whose ids are new; leave the ones already stored untouched."""
        incoming = list(messages)
        with self._locked() as database:
            table = database.table(MESSAGES)
            known = {document["id"] for document in table}
            new = [message for message in incoming if message.id not in known]
            if new:
                table.insert_multiple(message.to_dict() for message in new)
        return AddResult(
            added=tuple(message.id for message in new),
            existing=tuple(message.id for message in incoming if message.id in known),
        )

    def update(self, message_id: str, change: Callable[[Message], None]) -> Message:
        """Apply `change` to the latest stored version of a message and store the result.

        The revision goes up by one, so anyone holding an older copy can tell.
        """
        with self._locked() as database:
            table: Table = database.table(MESSAGES)
            document = table.get(Query().id == message_id)
            if document is None or isinstance(document, list):
                raise MessageNotFoundError(_("Fant ikke meldingen {id}.").format(id=message_id))
            message = Message.from_dict(document)
            change(message)
            message.revision += 1
            table.update(message.to_dict(), doc_ids=[document.doc_id])
            return message
