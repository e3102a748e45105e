"""The journal beside the hot database file: one checksummed line per committed transaction.

A change appends what it changed (the documents, by table and document id) to
`<database>.journal` and fsyncs it, instead of writing the whole inbox again. The snapshot (the
TinyDB file) records in its `meta` table the revision it holds; the journal's first line, its
header, names the revision it starts after (its base). A reader loads the snapshot, then applies
the journal's records after the snapshot's revision. When the journal grows past a bound, the
writer folds it into a new snapshot (compaction) under the store's lock, then replaces the
journal by an empty one based on the new revision.

A line is `<crc32, 8 hex digits> <revision> <JSON>` and a newline, the checksum taken over
everything after the first space. A line cut short by a crash (no newline, or a checksum that
does not match) ends the journal: readers stop before it, and the next writer truncates it away
under the lock before it appends. Records carry consecutive revisions, so a reader can tell
whether it missed one. Nothing here knows about messages; `store.py` decides what a record
holds.
"""

from __future__ import annotations

import os
import stat
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tui.core.store.dbfile import CODEC, FileAccess, fsync_folder, replace_atomically

JOURNAL_SUFFIX = ".journal"
FORMAT = 1
"""The journal's layout version, in its header."""
MIN_COMPACT_BYTES = 1 << 20
"""A journal shorter than this is never folded into the snapshot (`wants_compaction`)."""


def journal_path(database: Path) -> Path:
    """The journal of the hot database file `database` (`inbox.json` -> `inbox.json.journal`)."""
    return database.with_name(database.name + JOURNAL_SUFFIX)


def frame(revision: int, payload: bytes) -> bytes:
    """One journal line: checksum, revision, payload."""
    body = b"%d %s" % (revision, payload)
    return b"%08x %s\n" % (zlib.crc32(body), body)


def header(base: int) -> bytes:
    """The first line of a journal that starts after revision `base`."""
    return frame(base, CODEC.dumps({"journal": FORMAT}))


@dataclass(frozen=True)
class Line:
    """One whole, checksummed line of the journal (the header or a record)."""

    revision: int
    start: int
    """Offset of the line in the file."""
    end: int
    """Offset just after its newline."""
    payload: bytes

    def record(self) -> dict[str, Any]:
        """The line's JSON."""
        value = CODEC.loads(self.payload)
        if not isinstance(value, dict):
            raise ValueError("a journal record is not an object")
        return value


def lines(data: bytes, offset: int) -> Iterator[Line]:
    """The whole, checksummed lines of `data` (read from `offset` in the file), in order.

    Stops at the first line that is cut short or does not match its checksum: that and
    everything after it is not part of the journal.
    """
    position = 0
    while True:
        newline = data.find(b"\n", position)
        if newline < 0:
            return
        line = data[position:newline]
        crc, space, body = line.partition(b" ")
        if not space or len(crc) != 8:
            return
        try:
            expected = int(crc, 16)
        except ValueError:
            return
        if zlib.crc32(body) != expected:
            return
        revision, space, payload = body.partition(b" ")
        if not space or not revision.isdigit():
            return
        yield Line(int(revision), offset + position, offset + newline + 1, payload)
        position = newline + 1


@dataclass
class Scan:
    """What one read of a journal found."""

    inode: int
    base: int
    """The revision the journal starts after."""
    records: list[Line]
    """The whole records read (from the offset asked for), consecutive revisions."""
    end: int
    """Offset just after the last whole record: where the next record goes."""
    size: int
    """The file's size when read (larger than `end` when a torn line follows)."""


def scan(path: Path, offset: int = 0, after: int | None = None) -> Scan | None:
    """Read the journal from `offset` (0: from its header); None when there is no journal.

    `after` is the revision of the last record before `offset` (when `offset` is not 0): the
    records read must follow it without a gap. A journal whose header is unreadable counts as
    missing (it holds nothing a reader could trust).
    """
    try:
        with open(path, "rb") as file:
            info = os.fstat(file.fileno())
            file.seek(offset)
            data = file.read()
    except FileNotFoundError:
        return None
    found = lines(data, offset)
    if offset == 0:
        first = next(found, None)
        if first is None:
            return None
        base = previous = first.revision
        end = first.end
    else:
        assert after is not None
        base = -1  # unknown to this read; the caller knows it
        previous = after
        end = offset
    records = []
    for line in found:
        if line.revision != previous + 1:
            break
        records.append(line)
        previous = line.revision
        end = line.end
    return Scan(info.st_ino, base, records, end, info.st_size)


class Journal:
    """Appending to the journal of one database file (call only under the store's lock)."""

    def __init__(self, database: Path, access: FileAccess) -> None:
        self.path = journal_path(database)
        self.access = access

    def start(self, base: int) -> int:
        """Replace the journal by an empty one based on `base`; return its inode.

        Atomic: a reader sees the old journal or the new one, never a mix.
        """
        replace_atomically(self.path, header(base), self.access, self.database)
        return os.stat(self.path).st_ino

    @property
    def database(self) -> Path:
        """The hot database file this journal belongs to."""
        return self.path.with_name(self.path.name.removesuffix(JOURNAL_SUFFIX))

    def append(self, revision: int, payload: bytes, end: int, size: int) -> int:
        """Write one record at `end` (cutting off a torn line after it first) and fsync it.

        Returns the new end. On failure the journal is cut back to `end`, so a record that was
        half written never counts; the error is raised.
        """
        line = frame(revision, payload)
        descriptor = os.open(self.path, os.O_WRONLY)
        try:
            try:
                info = os.fstat(descriptor)
                if stat.S_IMODE(info.st_mode) != self.access.mode or (
                    self.access.gid is not None and info.st_gid != self.access.gid
                ):
                    self.access.apply(descriptor)  # a journal opened up by hand
                if size != end:
                    os.ftruncate(descriptor, end)
                os.lseek(descriptor, end, os.SEEK_SET)
                view = memoryview(line)
                while view:
                    written = os.write(descriptor, view)
                    view = view[written:]
                os.fdatasync(descriptor)
            except BaseException:
                try:
                    os.ftruncate(descriptor, end)
                    os.fdatasync(descriptor)
                except OSError:
                    pass  # the torn line is ignored by every reader, and cut off next time
                raise
        finally:
            os.close(descriptor)
        return end + len(line)

    def remove(self) -> None:
        """Delete the journal (a fresh database gets a new one with its first snapshot)."""
        self.path.unlink(missing_ok=True)
        fsync_folder(self.path.parent)


def wants_compaction(journal_bytes: int, snapshot_bytes: int) -> bool:
    """Whether a journal this long should be folded into the snapshot.

    Once it is as long as the snapshot (and at least `MIN_COMPACT_BYTES`): a reader that starts
    then reads at most twice the inbox, and the writer's compaction, a whole new snapshot, comes
    once per as many bytes of records as the snapshot has.
    """
    return journal_bytes >= max(MIN_COMPACT_BYTES, snapshot_bytes)
