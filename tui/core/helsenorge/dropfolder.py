"""Drop folders: Helsenorge files delivered into a folder are imported while the app runs.

Each scan takes the folder's settled files of the kinds the import reads (`.xml` message
files and `.zip` archives, or a file without a suffix whose content is one of those), imports
them, then moves each out of the way: imported ones (and ones imported before) into `done/`,
skipped ones into `skipped/` and rejected ones into `rejected/`, the last two with
`<name>.reason.txt` beside them. Every other file (a document, a picture, a folder) stays
where it is, and the scan names it once. Nothing is deleted, and a name already taken gets a
number rather than overwriting anything.

A drop folder that is a home folder, a system folder or the database's own folder is
refused: it holds other people's files, and the app must never move those.

The files hold patient data: the folders and reason files are created owner-only (or for the
configured shared group), each moved file is given the same mode and stamped with the moment
it was moved, and recorded (`drop_record`): the retention purge deletes `retention_days`
later only what the record names.

Several clerks' apps may watch the same folder: a lock file in the folder lets one of them
scan at a time, and the others skip that round. Delivering programs should write under a
hidden or `.tmp` name and rename when done; files still being written are left until they
have not changed for a moment.
"""

from __future__ import annotations

import contextlib
import os
import pwd
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from filelock import FileLock, Timeout

from tui.core.config.config import Config
from tui.core.helsenorge.drop_record import LOCK_NAME, SUBFOLDERS, MovedRecord
from tui.core.helsenorge.importer import FileResult, Importer, ImportReport, Outcome
from tui.core.helsenorge.message_files import (
    REASON_SUFFIX,
    entry_name,
    importable_kind,
    is_own_file,
)
from tui.core.i18n import _
from tui.core.oserrors import describe_os_error
from tui.core.store.dbfile import FileAccess
from tui.core.store.permissions import folder_warnings
from tui.core.workflow.inbox import Inbox

DONE, SKIPPED, REJECTED = SUBFOLDERS
__all__ = ["LOCK_NAME", "REASON_SUFFIX", "DropFolder", "DropFolderScanner", "DropScan"]

SYSTEM_FOLDERS = frozenset(
    Path(name)
    for name in (
        *("/", "/bin", "/boot", "/dev", "/etc", "/home", "/lib", "/lib32", "/lib64"),
        *("/libx32", "/media", "/mnt", "/opt", "/proc", "/root", "/run", "/sbin", "/srv"),
        *("/sys", "/tmp", "/usr", "/var", "/var/tmp", "/Users", "/Volumes"),
    )
)
"""Folders that are never a drop folder: the system's own, and the roots of others'."""
SYSTEM_TREES = tuple(Path(name) for name in ("/bin", "/boot", "/dev", "/etc", "/lib", "/proc"))
SYSTEM_TREES += tuple(Path(name) for name in ("/sbin", "/sys", "/usr"))
"""Trees no folder inside of which is a drop folder."""
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


def unsafe_drop_folder(folder: Path, database: Path | None) -> str:
    """Why `folder` must not be a drop folder (a home, system or the database's folder), or "".

    The app moves the files it takes out of the folder and deletes them after the retention
    time; in such a folder they would be other people's files.
    """
    try:
        resolved = folder.resolve()
    except OSError:
        return ""
    if resolved in SYSTEM_FOLDERS or any(resolved.is_relative_to(tree) for tree in SYSTEM_TREES):
        why = _("en systemmappe")
    elif resolved in _home_folders():
        why = _("en hjemmemappe")
    elif database is not None and resolved == database.resolve().parent:
        why = _("databasens egen mappe")
    else:
        return ""
    return _(
        "Slippmappen {folder} brukes ikke: den er {why}. Sett drop_folder til en egen mappe "
        "bare for Helsenorge-filene."
    ).format(folder=folder, why=why)


def _home_folders() -> set[Path]:
    homes = {Path.home().resolve()}
    with contextlib.suppress(OSError):
        for user in pwd.getpwall():
            if user.pw_dir and user.pw_dir not in ("/", "/nonexistent"):
                with contextlib.suppress(OSError):
                    homes.add(Path(user.pw_dir).resolve())
    return homes


@dataclass(frozen=True)
class DropScan:
    """One scan: the import report, files that could not be moved, and files left in place."""

    report: ImportReport
    problems: tuple[str, ...] = ()
    """Files that could not be moved (they stay put), and why."""
    left: tuple[str, ...] = ()
    """Names of other files (not of a kind the import reads), each named only once."""


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
        self._named: set[str] = set()
        self._left: list[str] = []
        self._unsafe: str | None = None

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
            if name.startswith(".") or name.endswith(PARTIAL_SUFFIXES) or is_own_file(name):
                continue
            try:
                if entry.is_dir(follow_symlinks=False) and name in SUBFOLDERS:
                    continue
                if not entry.is_file(follow_symlinks=False):
                    self._leave(name)
                    continue
                info = entry.stat(follow_symlinks=False)
            except OSError:
                continue
            if not importable_kind(Path(entry.path)):
                self._leave(name)
                continue
            key = (info.st_size, info.st_mtime_ns)
            seen[name] = key
            if now - info.st_mtime >= self.settle_seconds or self._last_seen.get(name) == key:
                ready.append(Path(entry.path))
        self._last_seen = seen
        return sorted(ready)

    def _leave(self, name: str) -> None:
        """A file the import does not read: it stays, and is named in the next scan once."""
        if name not in self._named:
            self._named.add(name)
            self._left.append(entry_name(Path(name)))

    def _take_left(self) -> tuple[str, ...]:
        left, self._left = tuple(self._left), []
        return left

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
        if self._unsafe is None:  # the list of users' homes is read once, not every scan
            self._unsafe = unsafe_drop_folder(self.folder.path, self.inbox.store.path)
        if self._unsafe:
            raise DropFolderError(self._unsafe)
        lock = FileLock(self.folder.path / LOCK_NAME, timeout=0)
        try:
            with lock:
                files = self.ready_files()
                if not files:
                    return DropScan(ImportReport(), left=self._take_left())
                importer = Importer(self.inbox, fallback_department=self.folder.department)
                report = importer.import_files(files)
                record = MovedRecord(self.folder.path, self.inbox.store.access)
                by_file: dict[Path, list[FileResult]] = {}
                for result in report.results:
                    by_file.setdefault(result.path, []).append(result)
                problems = [self._move(path, results, record) for path, results in by_file.items()]
                with contextlib.suppress(OSError):  # the files are moved; a record is for later
                    record.save()
                return DropScan(
                    report,
                    tuple(problem for problem in problems if problem),
                    self._take_left(),
                )
        except Timeout:
            return DropScan(ImportReport(), left=self._take_left())

    def _move(self, path: Path, results: list[FileResult], record: MovedRecord) -> str:
        """Move a file into its outcome's folder and record it; return what went wrong, or "".

        An archive goes by its members' outcomes: rejected/ when one was rejected, done/ when
        one was imported (or known), skipped/ otherwise. Skipped and rejected files get their
        reason beside them: for an archive, each member that was not imported.
        """
        outcome = _archive_outcome(results)
        target_folder = self.folder.path / _TARGETS[outcome]
        access = self.inbox.store.access
        try:
            access.make_folder(target_folder)
            target = free_name(target_folder, path.name)
            os.rename(path, target)
            moved_at = self.wall_clock()
            protect_moved(target, access, moved_at)
            with contextlib.suppress(OSError):
                record.add(target, moved_at)
            if outcome in (Outcome.SKIPPED, Outcome.REJECTED):
                write_reason(target, _reason_text(results), access)
                protect_moved(reason_path(target), access, moved_at)
        except FileNotFoundError:
            return ""  # Moved meanwhile by a clerk: nothing left to do.
        except OSError as error:
            return _("Kunne ikke flytte {file} til {folder}: {error}.").format(
                file=path.name, folder=target_folder, error=describe_os_error(error)
            )
        return ""


def _archive_outcome(results: list[FileResult]) -> Outcome:
    outcomes = {result.outcome for result in results}
    if Outcome.REJECTED in outcomes:
        return Outcome.REJECTED
    for outcome in (Outcome.IMPORTED, Outcome.FLAGGED, Outcome.EXISTING):
        if outcome in outcomes:
            return outcome
    return Outcome.SKIPPED


def _reason_text(results: list[FileResult]) -> str:
    if len(results) == 1 and not results[0].member:
        result = results[0]
        return f"{result.outcome.label}: {result.reason}"
    return "\n".join(
        result.line() for result in results if result.outcome in (Outcome.SKIPPED, Outcome.REJECTED)
    )


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
    """Write `<path>.reason.txt` (owner-only, or for the shared group).

    One line; an archive's names each member that was not imported on a line of its own.
    """
    access = access or FileAccess()
    descriptor = os.open(reason_path(path), os.O_WRONLY | os.O_CREAT | os.O_EXCL, access.mode)
    try:
        access.apply(descriptor)
    except OSError:
        os.close(descriptor)
        raise
    with os.fdopen(descriptor, "w", encoding="utf-8") as stream:
        stream.write("\n".join(line.strip() for line in reason.splitlines()) + "\n")


PURGE_LOCK_SECONDS = 30.0
"""How long the retention purge waits for another app's scan of a drop folder to finish."""


@dataclass(frozen=True)
class DropPurge:
    """What the retention purge deletes from the drop folders, and what it leaves."""

    deleted: tuple[Path, ...] = ()
    """Files timedialog moved before the cutoff, and their reason files: (to be) deleted."""
    kept: tuple[Path, ...] = ()
    """Older files in done/, skipped/ and rejected/ that timedialog did not move there (or
    that changed since): never deleted, named for the clerk."""
    problems: tuple[str, ...] = ()


def purge_drop_folders(
    config: Config,
    cutoff: float,
    access: FileAccess,
    database: Path | None,
    *,
    dry_run: bool = False,
) -> DropPurge:
    """Delete the files timedialog moved into the drop folders before `cutoff` (a timestamp).

    Only what the folder's record names, and only while it is still the file that was moved;
    a dry run deletes nothing and reports the same. A folder the scan refuses (a home, system
    or the database's folder) is left alone too.
    """
    deleted: list[Path] = []
    kept: list[Path] = []
    problems: list[str] = []
    for folder in drop_folders(config):
        if not folder.path.is_dir():
            continue
        unsafe = unsafe_drop_folder(folder.path, database)
        if unsafe:
            problems.append(unsafe)
            continue
        try:
            with FileLock(folder.path / LOCK_NAME, timeout=PURGE_LOCK_SECONDS):
                _purge_folder(folder.path, cutoff, access, dry_run, (deleted, kept, problems))
        except Timeout:
            problems.append(
                _("Slippmappen {folder} er opptatt; de gamle filene slettes neste gang.").format(
                    folder=folder.path
                )
            )
        except OSError as error:
            problems.append(
                _("Slippmappen {folder} kan ikke ryddes: {error}.").format(
                    folder=folder.path, error=describe_os_error(error)
                )
            )
    return DropPurge(tuple(sorted(deleted)), tuple(sorted(kept)), tuple(problems))


def _purge_folder(
    folder: Path,
    cutoff: float,
    access: FileAccess,
    dry_run: bool,
    found: tuple[list[Path], list[Path], list[str]],
) -> None:
    deleted, kept, problems = found
    record = MovedRecord(folder, access)
    gone: list[str] = []
    for key, moved in sorted(record.files.items()):
        path = folder / key
        if not record.is_same(key):
            gone.append(key)  # deleted by hand, or replaced by another file: not ours now
            continue
        if moved.moved >= cutoff:
            continue
        files = [path] + ([reason_path(path)] if reason_path(path).exists() else [])
        if dry_run:
            deleted += files
            continue
        try:
            for file in files:
                file.unlink(missing_ok=True)
        except OSError as error:
            problems.append(
                _("Kunne ikke slette {file}: {error}.").format(
                    file=path, error=describe_os_error(error)
                )
            )
            continue
        deleted += files
        gone.append(key)
    if not dry_run:
        record.forget(gone)
        record.save()
    recorded = {folder / key for key in record.files}
    for name in SUBFOLDERS:
        with contextlib.suppress(OSError):
            for entry in os.scandir(folder / name):
                path = Path(entry.path)
                if path in recorded or path in deleted or entry.name.endswith(REASON_SUFFIX):
                    continue
                with contextlib.suppress(OSError):
                    if entry.stat(follow_symlinks=False).st_mtime < cutoff:
                        kept.append(path)


def drop_folder_warnings(config: Config, access: FileAccess) -> list[str]:
    """Warnings for drop folders' done/, skipped/ and rejected/ files readable by too many."""
    warnings: list[str] = []
    for folder in drop_folders(config):
        for name in (DONE, SKIPPED, REJECTED):
            if (folder.path / name).is_dir():
                warnings += folder_warnings(folder.path / name, access)
    return warnings
