"""What an import reads: message files, folders (recursively) and zip archives, each bounded.

`find_files` turns the paths a clerk names into the files to read, and names everything else
it meets (a document, a picture, a hidden file) so nothing is left out silently. `entries`
reads one file: a message file whole, or only its head when it is too large (the importer
then names its process), or each member of a zip archive.

Zip archives are read in memory and never extracted, so a member's name cannot write
anywhere (no path tricks). They are bounded in member count, in bytes read per member and in
total, and in compression ratio: a zip bomb is refused, and an archive inside an archive is
not opened.
"""

from __future__ import annotations

import codecs
import os
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from tui.core.controls import without_controls
from tui.core.i18n import _
from tui.core.oserrors import describe_os_error

MAX_FILE_BYTES = 1_000_000
"""Larger message files are not read whole: a patient's message is about 5 kB."""

HEAD_BYTES = 64 * 1024
"""What is read of a larger file: enough for its MsgHead header, to name its process."""

MAX_MEMBERS = 5_000
"""Archives with more members are refused whole."""

MAX_ARCHIVE_BYTES = 100_000_000
"""Uncompressed bytes an archive may claim, and that are read from it at most."""

MAX_RATIO = 100
"""A large member compressed more than this (uncompressed / compressed) is a zip bomb."""

MESSAGE_SUFFIX = ".xml"
ARCHIVE_SUFFIX = ".zip"
OWN_PREFIX = ".timedialog-"
"""The names of timedialog's own files in a drop folder (lock, record of moved files)."""
REASON_SUFFIX = ".reason.txt"
"""The reason file the drop folder writes beside a skipped or rejected file."""

_ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")
_SNIFF_BYTES = 64


@dataclass(frozen=True)
class Entry:
    """One thing read: a message's bytes (or only its head), or why it was not read."""

    path: Path
    """The file on disk (for a member, the archive)."""
    member: str = ""
    """The member's name inside the archive; "" for a file."""
    data: bytes = b""
    size: int = 0
    """The whole file's size in bytes (a member's uncompressed size)."""
    complete: bool = True
    """False when `data` is only the head of a file larger than `MAX_FILE_BYTES`."""
    problem: str = ""
    """Why it cannot be read: the import rejects it with this reason."""
    not_a_message: str = ""
    """Why it is no message file (a document, a picture): skipped with this reason."""

    @property
    def name(self) -> str:
        """How the clerk sees it: the file's name, or "archive.zip:member.xml"."""
        return entry_name(self.path, self.member)


def entry_name(path: Path, member: str = "") -> str:
    """A file's name, or "archive.zip:member.xml", without terminal control characters."""
    return without_controls(f"{path.name}:{member}" if member else path.name)


def is_own_file(name: str) -> bool:
    """True for timedialog's own files in a drop folder (lock, record, reason files)."""
    return name.startswith(OWN_PREFIX) or name.endswith(REASON_SUFFIX)


def looks_like_xml(head: bytes) -> bool:
    """True when the first bytes are those of an XML document (in any encoding)."""
    for mark in (codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE):
        if head.startswith(mark):
            return True
    return head.lstrip().startswith(b"<") or head[:2] == b"\x00<"


def is_archive_bytes(head: bytes) -> bool:
    """True when the first bytes are those of a zip archive."""
    return head.startswith(_ZIP_MAGIC)


def importable_kind(path: Path, head: bytes | None = None) -> str:
    """What a file is for an import ("message", "archive" or ""), by suffix or first bytes.

    `.xml` and `.zip` are taken by name; a file with another name only when its content is
    XML or a zip archive (a `.txt` that begins with "<" is still a document).
    """
    suffix = path.suffix.lower()
    if suffix == MESSAGE_SUFFIX:
        return "message"
    if suffix == ARCHIVE_SUFFIX:
        return "archive"
    if suffix:
        return ""
    if head is None:
        head = _head(path)
    if is_archive_bytes(head):
        return "archive"
    return "message" if looks_like_xml(head) else ""


def _head(path: Path) -> bytes:
    try:
        with path.open("rb") as stream:
            return stream.read(_SNIFF_BYTES)
    except OSError:
        return b""


def not_a_message_reason(path: Path) -> str:
    """The skip reason for a file that is no message file."""
    kind = path.suffix.lower() or _("uten filtype")
    return _("Ikke en meldingsfil ({kind}): ikke lest.").format(kind=kind)


def find_files(paths: Iterable[Path]) -> tuple[list[Path], list[Entry]]:
    """The message files and archives to read, and what is not one (each named).

    A folder is walked recursively, in name order; symbolic links to folders are not
    followed, and hidden entries are named, not read.
    """
    files: list[Path] = []
    others: list[Entry] = []
    for path in paths:
        if path.is_dir():
            _walk(path, files, others)
        elif path.is_file():
            files.append(path)
        elif path.exists():
            others.append(Entry(path, problem=_("Ikke en vanlig fil ({path}).").format(path=path)))
        else:
            others.append(Entry(path, problem=_("Finnes ikke ({path}).").format(path=path)))
    return files, others


def _walk(folder: Path, files: list[Path], others: list[Entry]) -> None:
    try:
        children = sorted(os.scandir(folder), key=lambda child: child.name)
    except OSError as error:
        others.append(
            Entry(
                folder,
                problem=_("Mappen kan ikke leses: {error}.").format(error=describe_os_error(error)),
            )
        )
        return
    for child in children:
        path = Path(child.path)
        if is_own_file(child.name):
            continue
        if child.name.startswith("."):
            others.append(Entry(path, not_a_message=_("Skjult fil eller mappe: ikke lest.")))
            continue
        try:
            if child.is_dir(follow_symlinks=False):
                _walk(path, files, others)
                continue
            regular = child.is_file()
        except OSError:
            regular = False
        if not regular:
            others.append(Entry(path, not_a_message=_("Ikke en vanlig fil: ikke lest.")))
        elif importable_kind(path):
            files.append(path)
        else:
            others.append(Entry(path, not_a_message=not_a_message_reason(path)))


def entries(path: Path) -> Iterator[Entry]:
    """What one file holds: the file itself, or each member of a zip archive."""
    try:
        with path.open("rb") as stream:
            size = os.fstat(stream.fileno()).st_size
            head = stream.read(_SNIFF_BYTES)
            if is_archive_bytes(head) or (path.suffix.lower() == ARCHIVE_SUFFIX and not head):
                archive = True
            else:
                archive = False
                rest = stream.read(
                    (MAX_FILE_BYTES if size <= MAX_FILE_BYTES else HEAD_BYTES) + 1 - len(head)
                )
                data = head + rest
    except OSError as error:
        yield Entry(path, problem=_cannot_read(error))
        return
    if archive:
        yield from _archive_entries(path)
        return
    if size > MAX_FILE_BYTES or len(data) > MAX_FILE_BYTES:
        yield Entry(path, data=data[:HEAD_BYTES], size=max(size, len(data)), complete=False)
        return
    yield Entry(path, data=data, size=len(data))


def _cannot_read(error: OSError) -> str:
    return _("Filen kan ikke leses: {error}.").format(error=describe_os_error(error))


def too_large_reason(size: int) -> str:
    """The rejection of a message too large to import."""
    return _("Filen er for stor ({size} kB; grensen er {max} kB).").format(
        size=size // 1000, max=MAX_FILE_BYTES // 1000
    )


def _archive_entries(path: Path) -> Iterator[Entry]:
    """Each member of a zip archive, read in memory; the archive refused whole when hostile."""
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError):
        yield Entry(
            path,
            problem=_("Arkivet er skadet eller ikke et zip-arkiv."),
        )
        return
    except OSError as error:
        yield Entry(path, problem=_cannot_read(error))
        return
    with archive:
        members = [info for info in archive.infolist() if not info.is_dir()]
        if len(members) > MAX_MEMBERS:
            yield Entry(
                path,
                problem=_(
                    "Arkivet har {count} filer; grensen er {max}. Ingenting er lest fra det."
                ).format(count=len(members), max=MAX_MEMBERS),
            )
            return
        claimed = sum(info.file_size for info in members)
        if claimed > MAX_ARCHIVE_BYTES:
            yield Entry(
                path,
                problem=_(
                    "Arkivet pakkes ut til {size} MB; grensen er {max} MB (mulig zip-bombe). "
                    "Ingenting er lest fra det."
                ).format(size=claimed // 1_000_000, max=MAX_ARCHIVE_BYTES // 1_000_000),
            )
            return
        if not members:
            yield Entry(path, not_a_message=_("Arkivet er tomt."))
            return
        budget = MAX_ARCHIVE_BYTES
        for info in members:
            entry = _member(archive, path, info, budget)
            budget -= len(entry.data)
            yield entry


def _member(archive: zipfile.ZipFile, path: Path, info: zipfile.ZipInfo, budget: int) -> Entry:
    """One member: its bytes (bounded), or why it is not read."""
    name = info.filename
    suffix = Path(name).suffix.lower()
    if suffix == ARCHIVE_SUFFIX:
        return Entry(path, name, problem=_nested())
    ratio = info.file_size / max(info.compress_size, 1)
    if info.file_size > MAX_FILE_BYTES and ratio > MAX_RATIO:
        return Entry(
            path,
            name,
            problem=_(
                "Pakket sammen {ratio:.0f} ganger (grensen er {max}): mulig zip-bombe, ikke lest."
            ).format(ratio=ratio, max=MAX_RATIO),
        )
    limit = min(MAX_FILE_BYTES + 1, budget)
    if limit <= 0:
        return Entry(path, name, problem=_("Arkivet har mer innhold enn grensen; ikke lest."))
    try:
        with archive.open(info) as stream:
            data = stream.read(limit)
    except NotImplementedError:
        return Entry(path, name, problem=_("Pakket med en metode som ikke støttes; ikke lest."))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError):
        return Entry(path, name, problem=_("Filen i arkivet er skadet; ikke lest."))
    except RuntimeError:
        return Entry(path, name, problem=_("Filen i arkivet er kryptert; ikke lest."))
    except OSError as error:
        return Entry(path, name, problem=_cannot_read(error))
    if is_archive_bytes(data[:_SNIFF_BYTES]):
        return Entry(path, name, problem=_nested())
    if suffix != MESSAGE_SUFFIX and not looks_like_xml(data[:_SNIFF_BYTES]):
        return Entry(path, name, not_a_message=not_a_message_reason(Path(name)))
    if len(data) > MAX_FILE_BYTES:
        return Entry(
            path,
            name,
            data=data[:HEAD_BYTES],
            size=max(info.file_size, len(data)),
            complete=False,
        )
    if len(data) >= limit:
        return Entry(path, name, problem=_("Arkivet har mer innhold enn grensen; ikke lest."))
    return Entry(path, name, data=data, size=len(data))


def _nested() -> str:
    return _("Et arkiv inne i arkivet åpnes ikke; pakk det ut først.")
