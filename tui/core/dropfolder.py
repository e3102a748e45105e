"""Drop folders: Helsenorge files delivered into a folder are imported while the app runs.

Each scan imports the folder's settled files, then moves every file out of the way: imported
ones (and ones imported before) into `done/`, skipped ones into `skipped/` and rejected ones
into `rejected/`, the last two with `<name>.reason.txt` beside them. Nothing is deleted, and a
name already taken gets a number rather than overwriting anything.

The files hold patient data: the folders and reason files are created owner-only (or for the
configured shared group), each moved file is given the same mode and stamped with the moment
it was moved, and the retention purge deletes them `retention_days` later.

Several clerks' apps may watch the same folder: a lock file in the folder lets one of them
scan at a time, and the others skip that round. Delivering programs should write under a
hidden or `.tmp` name and rename when done; files still being written are left until they
have not changed for a moment.
"""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from filelock import FileLock, Timeout

from tui.core.config import Config
from tui.core.dbfile import FileAccess
from tui.core.i18n import _
from tui.core.importer import FileResult, Importer, ImportReport, Outcome
from tui.core.inbox import Inbox
from tui.core.oserrors import describe_os_error
from tui.core.permissions import folder_warnings

DONE = "done"
SKIPPED = "skipped"
REJECTED = "rejected"
REASON_SUFFIX = ".reason.txt"
LOCK_NAME = ".timedialog-import.lock"
PARTIAL_SUFFIXES = (".tmp", ".part", ".partial", ".filepart", ".crdownload", "~")
"""Names of files still on their way in; they are left alone."""

_TARGETS = {
    Outcome.IMPORTED: DONE,
    Outcome.FLAGGED: DONE,
    Outcome.EXISTING: DONE,
    Outcome.SKIPPED: SKIPPED,
    Outcome.REJECTED: REJECTED,
}


class DropFolderError(OSError):
    """The drop folder cannot be used; the message says why, in Norwegian."""


@dataclass(frozen=True)
class DropFolder:
    """A watched folder, and the department its messages fall back to (None: "usortert")."""

    path: Path
    department: str | None = None


def drop_folders(config: Config) -> list[DropFolder]:
    """The configured drop folders: the general one and each department's own."""
    folders = [DropFolder(config.drop_folder)] if config.drop_folder else []
    folders += [
        DropFolder(department.drop_folder, department.code)
        for department in config.departments
        if department.drop_folder
    ]
    return folders


@dataclass(frozen=True)
class DropScan:
    """One scan: the import report, and files that could not be moved (they stay put)."""

    report: ImportReport
    problems: tuple[str, ...] = ()


class DropFolderScanner:
    """Imports one drop folder's new files each time `scan` is called."""

    def __init__(
        self,
        inbox: Inbox,
        folder: DropFolder,
        *,
        settle_seconds: float = 1.0,
        wall_clock: Callable[[], float] = time.time,
    ) -> None:
        self.inbox = inbox
        self.folder = folder
        self.settle_seconds = settle_seconds
        self.wall_clock = wall_clock
        self._last_seen: dict[str, tuple[int, int]] = {}

    def ready_files(self) -> list[Path]:
        """Files to import now: visible, not partial, unchanged for `settle_seconds`.

        A file whose size and time stayed the same since the previous call is ready too, so
        a clock that runs behind the file server's does not hold files back for ever.
        """
        now = self.wall_clock()
        ready: list[Path] = []
        seen: dict[str, tuple[int, int]] = {}
        try:
            entries = list(os.scandir(self.folder.path))
        except FileNotFoundError as error:
            raise DropFolderError(
                _("Slippmappen {folder} finnes ikke.").format(folder=self.folder.path)
            ) from error
        except OSError as error:
            raise DropFolderError(
                _("Slippmappen {folder} kan ikke leses: {error}.").format(
                    folder=self.folder.path, error=describe_os_error(error)
                )
            ) from error
        for entry in entries:
            name = entry.name
            if name.startswith(".") or name.endswith((*PARTIAL_SUFFIXES, REASON_SUFFIX)):
                continue
            try:
                if not entry.is_file(follow_symlinks=False):
                    continue
                info = entry.stat(follow_symlinks=False)
            except OSError:
                continue
            key = (info.st_size, info.st_mtime_ns)
            seen[name] = key
            if now - info.st_mtime >= self.settle_seconds or self._last_seen.get(name) == key:
                ready.append(Path(entry.path))
        self._last_seen = seen
        return sorted(ready)

    def scan(self) -> DropScan:
        """Import the ready files and move each into done/, skipped/ or rejected/.

        The report is empty when there was nothing to do or another clerk's app is scanning
        the folder right now. Raises `DropFolderError` when the folder cannot be read, and
        `StoreError` when the database cannot be written (the files then stay for next time).
        """
        if not self.folder.path.is_dir():
            raise DropFolderError(
                _("Slippmappen {folder} finnes ikke.").format(folder=self.folder.path)
            )
        lock = FileLock(self.folder.path / LOCK_NAME, timeout=0)
        try:
            with lock:
                files = self.ready_files()
                if not files:
                    return DropScan(ImportReport())
                importer = Importer(self.inbox, fallback_department=self.folder.department)
                report = importer.import_files(files)
                problems = [self._move(result) for result in report.results]
                return DropScan(report, tuple(problem for problem in problems if problem))
        except Timeout:
            return DropScan(ImportReport())

    def _move(self, result: FileResult) -> str:
        """Move the file into its outcome's folder; return what went wrong, or "".

        Skipped and rejected files get their reason beside them.
        """
        target_folder = self.folder.path / _TARGETS[result.outcome]
        access = self.inbox.store.access
        try:
            access.make_folder(target_folder)
            target = free_name(target_folder, result.path.name)
            os.rename(result.path, target)
            moved_at = self.wall_clock()
            protect_moved(target, access, moved_at)
            if result.outcome in (Outcome.SKIPPED, Outcome.REJECTED):
                write_reason(target, f"{result.outcome.label}: {result.reason}", access)
                protect_moved(reason_path(target), access, moved_at)
        except FileNotFoundError:
            return ""  # Moved meanwhile by a clerk: nothing left to do.
        except OSError as error:
            return _("Kunne ikke flytte {file} til {folder}: {error}.").format(
                file=result.path.name, folder=target_folder, error=describe_os_error(error)
            )
        return ""


def free_name(folder: Path, name: str) -> Path:
    """`folder/name`, or `folder/stem-2.suffix` (-3 ...) when that name is taken."""
    target = folder / name
    number = 2
    stem, suffix = os.path.splitext(name)
    while target.exists() or target.with_name(target.name + REASON_SUFFIX).exists():
        target = folder / f"{stem}-{number}{suffix}"
        number += 1
    return target


def protect_moved(path: Path, access: FileAccess, moved_at: float) -> None:
    """Give a moved file the database's mode, and stamp it with the moment it was moved.

    The delivering program may have made it readable by all; the stamp is what the
    retention purge counts from. A file of another owner keeps its mode (the start-up check
    warns about it).
    """
    try:
        descriptor = os.open(path, os.O_RDONLY | os.O_NOFOLLOW)
    except OSError:
        return
    try:
        access.apply(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)
    with contextlib.suppress(OSError):
        os.utime(path, (moved_at, moved_at))


def reason_path(path: Path) -> Path:
    """The reason file beside a skipped or rejected file: `<name>.reason.txt`."""
    return path.with_name(path.name + REASON_SUFFIX)


def write_reason(path: Path, reason: str, access: FileAccess | None = None) -> None:
    """Write `<path>.reason.txt` (owner-only, or for the shared group), one line."""
    access = access or FileAccess()
    descriptor = os.open(reason_path(path), os.O_WRONLY | os.O_CREAT | os.O_EXCL, access.mode)
    try:
        access.apply(descriptor)
    except OSError:
        os.close(descriptor)
        raise
    with os.fdopen(descriptor, "w", encoding="utf-8") as stream:
        stream.write(reason.replace("\n", " ") + "\n")


def drop_folder_warnings(config: Config, access: FileAccess) -> list[str]:
    """Warnings for drop folders' done/, skipped/ and rejected/ files readable by too many."""
    warnings: list[str] = []
    for folder in drop_folders(config):
        for name in (DONE, SKIPPED, REJECTED):
            if (folder.path / name).is_dir():
                warnings += folder_warnings(folder.path / name, access)
    return warnings
