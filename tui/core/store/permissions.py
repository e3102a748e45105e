"""Who may read the files that hold patient data: a check, with a warning a clerk can act on.

timedialog creates every such file owner-only (0600), or for the configured `shared_group`
(0660, that group); folders 0700 or 2770. A file made by hand, copied, or restored from
elsewhere may be more open: this module finds it and says, in Norwegian, what to run.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from tui.core.i18n import _
from tui.core.store.dbfile import FileAccess


@dataclass(frozen=True)
class TooOpen:
    """A file or folder more people can read than the configuration allows."""

    path: Path
    mode: int
    who: str
    """Who may read it beyond the allowed: "alle brukere" or "gruppen «x»"."""
    fix: int
    """The mode to set."""


def too_open(path: Path, access: FileAccess) -> TooOpen | None:
    """Whether `path` gives more access than `access` allows; None when it is fine or missing.

    Other users may never read or enter it. Its group may only when a shared group is
    configured and the path belongs to that group.
    """
    try:
        info = path.stat()
    except OSError:
        return None
    folder = stat.S_ISDIR(info.st_mode)
    mode = stat.S_IMODE(info.st_mode)
    allowed = (access.folder_mode if folder else access.mode) & 0o777
    fix = access.folder_mode if folder else access.mode
    if mode & 0o007:
        return TooOpen(path, mode, _("alle brukere på maskinen"), fix)
    if mode & 0o070 & ~allowed:
        group = _group_name(info.st_gid)
        return TooOpen(path, mode, _("gruppen «{group}»").format(group=group), fix)
    if mode & 0o070 and access.gid is not None and info.st_gid != access.gid:
        group = _group_name(info.st_gid)
        return TooOpen(path, mode, _("gruppen «{group}»").format(group=group), fix)
    return None


def _group_name(gid: int) -> str:
    import grp

    try:
        return grp.getgrgid(gid).gr_name
    except KeyError:
        return str(gid)


def warning_for(found: TooOpen) -> str:
    """The clerk's warning for one path that is too open."""
    return _(
        "Advarsel: {file} kan leses av {who} (rettigheter {mode:o}), men inneholder "
        "helseopplysninger. Kjør «chmod {fix:o} {file}» eller be IT rette det."
    ).format(file=found.path, who=found.who, mode=found.mode, fix=found.fix)


def access_warnings(paths: Iterable[Path], access: FileAccess) -> list[str]:
    """One warning per path that is too open."""
    return [warning_for(found) for path in paths if (found := too_open(path, access))]


def folder_warnings(folder: Path, access: FileAccess) -> list[str]:
    """The warnings for a folder and the files in it, the files summed up in one line.

    A folder of a few hundred imported files gives one warning, not hundreds.
    """
    warnings = access_warnings([folder], access)
    try:
        entries = [Path(entry.path) for entry in os.scandir(folder) if entry.is_file()]
    except OSError:
        return warnings
    found = [item for path in sorted(entries) if (item := too_open(path, access))]
    if len(found) == 1:
        warnings.append(warning_for(found[0]))
    elif found:
        warnings.append(
            _(
                "Advarsel: {count} filer i {folder} kan leses av {who} (for eksempel {file}, "
                "rettigheter {mode:o}), men inneholder helseopplysninger. Kjør «chmod {fix:o} "
                "{folder}/*» eller be IT rette det."
            ).format(
                count=len(found),
                folder=folder,
                who=found[0].who,
                file=found[0].path.name,
                mode=found[0].mode,
                fix=found[0].fix,
            )
        )
    return warnings
