"""The database's files on disk: parsed whole, replaced whole, readable by the right people only.

Nothing here knows about tables or messages. A write goes to a temporary file in the same
folder, is flushed and fsynced, then `os.replace`d over the old file, and the folder is fsynced,
so a crash at any moment leaves either the old file or the new one. Errors carry a message a
clerk can read, in Norwegian.
"""

from __future__ import annotations

import grp
import json
import os
import re
import stat
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

import orjson

from tui.core.controls import data_without_controls, json_may_hold_controls
from tui.core.i18n import _
from tui.core.oserrors import describe_json_error, describe_os_error

TEMP_MARK = ".tmp-"
"""Temporary files are named `.<database file name>.tmp-<random>`."""

JSONData = dict[str, dict[str, Any]]
"""A TinyDB file's contents: table name -> document id -> document."""


@dataclass(frozen=True)
class JSONCodec:
    """How the files are parsed and encoded; both raise `ValueError` on bad input."""

    name: str
    loads: Callable[[bytes], Any]
    dumps: Callable[[Any], bytes]


ORJSON = JSONCodec("orjson", orjson.loads, orjson.dumps)
"""What the store uses: several times faster than the standard library on a 1 MB file."""
STDLIB_JSON = JSONCodec(
    "json",
    json.loads,
    lambda data: json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode(),
)
"""The standard library, for comparison in `bench/store.py`."""
CODEC = ORJSON


class StoreError(RuntimeError):
    """The database cannot be used or changed; the message says why in words a clerk understands."""


class DatabaseUnusableError(StoreError):
    """A database file that does not parse or has an unknown schema; it is never written to."""

    def __init__(self, message: str, path: Path) -> None:
        super().__init__(message)
        self.path = path


class StoreWriteError(StoreError):
    """A change could not be saved; the previous file is intact."""


class ReadOnlyDatabaseError(StoreWriteError):
    """The database file has no write permission for this user: it is never replaced."""


def is_read_only(path: Path) -> bool:
    """True when `path` exists and its mode bits give this process no write permission.

    Replacing the file needs only the folder's permission, so a file without its `w` bit
    would be overwritten all the same: the mode is the owner's decision, and it is kept. The
    bits decide for root too (root may write anything; `os.access` would say yes): a file
    with no `w` bit at all is read-only for everyone.
    """
    try:
        info = os.stat(path)
    except OSError:
        return False
    mode = info.st_mode
    uid = os.geteuid()
    if uid == 0:
        return not mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH)
    if info.st_uid == uid:
        return not mode & stat.S_IWUSR
    if info.st_gid == os.getegid() or info.st_gid in os.getgroups():
        return not mode & stat.S_IWGRP
    return not mode & stat.S_IWOTH


def read_only_error(path: Path) -> ReadOnlyDatabaseError:
    """The message for a change refused because `path` is read-only."""
    try:
        mode = stat.S_IMODE(os.stat(path).st_mode)
    except OSError:
        mode = 0
    return ReadOnlyDatabaseError(
        _(
            "Databasen {file} er skrivebeskyttet (rettigheter {mode:o}): endringen er ikke "
            "lagret, og filen er urørt. Be IT om skrivetilgang hvis den skal kunne endres."
        ).format(file=path, mode=mode)
    )


def _reason(error: OSError) -> str:
    """An operating-system error in plain Norwegian, for the errors a clerk can meet."""
    return describe_os_error(error)


def write_error(path: Path, error: OSError) -> StoreWriteError:
    """The message for a change that could not be saved in `path`."""
    return StoreWriteError(
        _(
            "Kunne ikke lagre i {file}: {reason}. Endringen er ikke lagret; "
            "den forrige versjonen av filen er urørt."
        ).format(file=path, reason=_reason(error))
    )


def read_error(path: Path, error: OSError) -> StoreError:
    """The message for a database file that exists but cannot be read."""
    return StoreError(
        _("Databasen {file} kan ikke leses: {reason}.").format(file=path, reason=_reason(error))
    )


@dataclass(frozen=True)
class FileAccess:
    """Who may read and write the database files: the owner only, or owner and one group."""

    group: str | None = None

    @property
    def mode(self) -> int:
        """0600, or 0660 when a shared group is configured; never readable by others."""
        return 0o660 if self.group else 0o600

    @property
    def folder_mode(self) -> int:
        """0700, or 2770 (new files inherit the group) when a shared group is configured."""
        return 0o2770 if self.group else 0o700

    @cached_property
    def gid(self) -> int | None:
        """The shared group's id, or None when files are the owner's only."""
        if not self.group:
            return None
        try:
            return grp.getgrnam(self.group).gr_gid
        except KeyError:
            raise StoreError(
                _("Gruppen «{group}» (shared_group i konfigurasjonen) finnes ikke.").format(
                    group=self.group
                )
            ) from None

    def apply(self, descriptor: int) -> None:
        """Give an open file the mode and group; raises OSError when not allowed."""
        os.fchmod(descriptor, self.mode)
        if self.gid is not None and os.fstat(descriptor).st_gid != self.gid:
            os.fchown(descriptor, -1, self.gid)

    def make_folder(self, folder: Path) -> None:
        """Create `folder` (and its parents) with the right mode and group, if missing."""
        if folder.is_dir():
            return
        folder.mkdir(parents=True, exist_ok=True)
        os.chmod(folder, self.folder_mode)
        if self.gid is not None:
            os.chown(folder, -1, self.gid)


def parse(raw: bytes, path: Path) -> JSONData | None:
    """A file's bytes as TinyDB data; None for an empty file (a database not yet written).

    No string of the data holds a terminal control character (see `controls`): a file written
    before they were kept out, or edited by hand, is cleaned as it is read. Raises
    `DatabaseUnusableError` when the bytes are not a JSON object of tables.
    """
    if not raw.strip():
        return None
    try:
        data = CODEC.loads(raw)
    except ValueError as error:
        raise DatabaseUnusableError(
            _("Databasen {file} er skadet og kan ikke leses ({error}).").format(
                file=path, error=describe_json_error(error)
            ),
            path,
        ) from error
    if not isinstance(data, dict) or not all(isinstance(table, dict) for table in data.values()):
        raise DatabaseUnusableError(
            _("Databasen {file} har et ukjent format.").format(file=path), path
        )
    if json_may_hold_controls(raw):
        data_without_controls(data)
    return data


def read_bytes(path: Path) -> bytes | None:
    """The file's bytes, or None when it does not exist."""
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as error:
        raise read_error(path, error) from error


def encode(data: JSONData) -> bytes:
    """Compact UTF-8 JSON."""
    return CODEC.dumps(data)


def encode_by_line(data: JSONData) -> bytes:
    """Compact UTF-8 JSON with each document on a line of its own (see `documents_by_line`).

    The same JSON as `encode` gives, with a newline before each document and each table's
    closing brace: any JSON reader (TinyDB's too) reads it as before.
    """
    dumps = CODEC.dumps
    tables = []
    for name, documents in data.items():
        lines = b",\n".join(dumps(key) + b":" + dumps(value) for key, value in documents.items())
        tables.append(dumps(name) + b":{\n" + (lines + b"\n" if lines else b"") + b"}")
    return b"{" + b",\n".join(tables) + b"}"


def _lines(raw: bytes, start: int, end: int) -> Iterator[tuple[int, int]]:
    """Where each line of `raw[start:end]` starts and stops (newline left out)."""
    while True:
        newline = raw.find(b"\n", start, end)
        if newline < 0:
            yield start, end
            return
        yield start, newline
        start = newline + 1


def documents_by_line(raw: bytes) -> dict[str, list[tuple[str, memoryview]]] | None:
    """Each table's documents as the unparsed bytes of their lines (`encode_by_line`'s layout).

    None for any other layout (then the whole file is parsed). A reader can so parse one
    document at a time and let each go once it has used it, rather than hold the whole parsed
    file at once. The layout is checked to be valid JSON around the documents; a document's
    own bytes are for the caller to parse.
    """
    if not (raw.startswith(b"{") and raw.endswith(b"}")) or len(raw) < 2:
        return None
    view = memoryview(raw)
    tables: dict[str, list[tuple[str, memoryview]]] = {}
    documents: list[tuple[str, memoryview]] | None = None  # the table being read
    expect_more = False  # the last line ended with a comma
    for start, stop in _lines(raw, 1, len(raw) - 1):
        line = raw[start:stop]
        if documents is None:
            if not (line.startswith(b'"') and line.endswith(b'":{')):
                return None
            name = line[1:-3]
            if not name or b'"' in name or b"\\" in name or name.decode() in tables:
                return None
            documents = tables[name.decode()] = []
            expect_more = False
        elif line in (b"}", b"},"):
            if expect_more:
                return None
            documents = None
            expect_more = line == b"},"
        else:
            key_end = line.find(b'":')
            if not (line.startswith(b'"') and key_end > 1 and line[1:key_end].isdigit()):
                return None
            if documents and not expect_more:
                return None
            expect_more = line.endswith(b",")
            body_stop = stop - 1 if expect_more else stop
            documents.append((line[1:key_end].decode(), view[start + key_end + 2 : body_stop]))
    if documents is not None or expect_more or not tables:
        return None
    return tables


def temp_prefix(family: Path) -> str:
    """The name prefix of temporary files written for the database `family`."""
    return f".{family.name}{TEMP_MARK}"


def replace_atomically(path: Path, payload: bytes, access: FileAccess, family: Path) -> None:
    """Replace `path` with `payload`: all of it or, on any failure, none of it.

    The temporary file is named after `family` (the main database file) so that
    `remove_stale_temporaries` finds the leftovers of a writer that was killed. Raises the
    `OSError` (the caller names the file the clerk knows, see `write_error`).
    """
    folder = path.parent
    descriptor, temporary = tempfile.mkstemp(prefix=temp_prefix(family), dir=folder)
    try:
        try:
            access.apply(descriptor)
            view = memoryview(payload)
            while view:
                written = os.write(descriptor, view)
                view = view[written:]
            os.fsync(descriptor)
        finally:
            os.close(descriptor)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    fsync_folder(folder)


def fsync_folder(folder: Path) -> None:
    """Make a rename in `folder` durable (a no-op where folders cannot be fsynced)."""
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


def remove_stale_temporaries(folder: Path, family: Path) -> int:
    """Delete temporary files that writers of `family` left behind when they were killed.

    Call only while holding the family's lock: every writer creates its temporary file under
    that lock, so any such file seen then belongs to a writer that died.
    """
    pattern = re.compile(re.escape(temp_prefix(family)) + r"[a-z0-9_]{8}")
    removed = 0
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return 0
    for entry in entries:
        if pattern.fullmatch(entry.name):
            try:
                os.unlink(entry.path)
                removed += 1
            except OSError:
                pass
    return removed
