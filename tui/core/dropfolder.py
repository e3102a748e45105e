"""Drop folders: Helsenorge files delivered into a folder are imported while the app runs.

Each scan imports the folder's settled files, then moves every file out of the way: imported
ones (and ones imported before) into `done/`, skipped ones into `skipped/` and rejected ones
into `rejected/`, the last two with `<name>.reason.txt` beside them. Nothing is deleted, and a
name already taken gets a number rather than overwriting anything.

Several clerks' apps may watch the same folder: a lock file in the folder lets one of them
scan at a time, and the others skip that round. Delivering programs should write under a
hidden or `.tmp` name and rename when done; files still being written are left until they
have not changed for a moment.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from filelock import FileLock, Timeout

from tui.core.config import Config
from tui.core.i18n import _
from tui.core.importer import FileResult, Importer, ImportReport, Outcome
from tui.core.inbox import Inbox

DONE = "done"
SKIPPED = "skipped"
REJECTED = "rejected"
REASON_SUFFIX = ".reason.txt"
LOCK_NAME = ".timedialog-import.lock"
PARTIAL_SUFFIXES = (".tmp", ".part", ".partial", ".filepart", ".crdownload", "~")
"""Names of files still on their way in; they are left alone."""
FOLDER_MODE = 0o700
FILE_MODE = 0o600

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
                    folder=self.folder.path, error=error.strerror or error
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
        try:
            target_folder.mkdir(mode=FOLDER_MODE, exist_ok=True)
            target = free_name(target_folder, result.path.name)
            os.rename(result.path, target)
            if result.outcome in (Outcome.SKIPPED, Outcome.REJECTED):
                write_reason(target, f"{result.outcome.label}: {result.reason}")
        except FileNotFoundError:
            return ""  # Moved meanwhile by a clerk: nothing left to do.
        except OSError as error:
            return _("Kunne ikke flytte {file} til {folder}: {error}.").format(
                file=result.path.name, folder=target_folder, error=error.strerror or error
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


def write_reason(path: Path, reason: str) -> None:
    """Write `<path>.reason.txt` (owner-only), one line."""
    reason_path = path.with_name(path.name + REASON_SUFFIX)
    descriptor = os.open(reason_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
    with os.fdopen(descriptor, "w", encoding="utf-8") as stream:
        stream.write(reason.replace("\n", " ") + "\n")
