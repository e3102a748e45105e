"""Who the clerk is: the operating system's account of this process, not a name given to it.

The history names the clerk behind every change, so the name must not be one the clerk
chooses. It is the login name of the process's real user id (`pwd`), which an SSH login sets
and a clerk cannot change. `--user NAME` with another name is accepted only where nobody else
can be misled by it:

- with `--demo` (a fresh temporary inbox, deleted on quit), and
- in a database nobody else can reach: its folder, or a folder above it, belongs to the
  caller and is closed to group and others (a private trial inbox, a test's temporary
  folder); nobody else can get past such a folder (root aside).

In a database other clerks share, `--user` must equal the login name, or the command stops.
The system log's copy of the audit trail (`audit`) records the user id as the kernel sees it,
whatever name the history shows.
"""

from __future__ import annotations

import os
import pwd
import stat
from pathlib import Path

from tui.core.controls import without_controls
from tui.core.i18n import _


class IdentityError(ValueError):
    """A `--user` that is not the login name, where that is not allowed; says why, in Norwegian."""


def login_name() -> str:
    """The login name of this process's real user id (its number when it has no name)."""
    uid = os.getuid()
    try:
        return pwd.getpwuid(uid).pw_name
    except KeyError:
        return str(uid)


def is_private_folder(folder: Path) -> bool:
    """True when `folder` belongs to this process's user and grants nothing to group or others."""
    try:
        info = folder.stat()
    except OSError:
        return False
    return stat.S_ISDIR(info.st_mode) and info.st_uid == os.getuid() and not info.st_mode & 0o077


def only_caller_reaches(database: Path) -> bool:
    """True when no other account can reach `database`: a folder on its way is the caller's alone.

    Group access lists cannot open such a folder either: with an access list, the group bits
    are its mask.
    """
    return any(is_private_folder(folder) for folder in database.resolve().parents)


def clerk_name(requested: str | None, *, demo: bool, database: Path | None) -> str:
    """The name the history records for this session.

    The login name, unless `--user` asked for another one where that is allowed (see the
    module's docstring); raises `IdentityError` otherwise.
    """
    login = login_name()
    if not requested or requested == login:
        return login
    if demo or (database is not None and only_caller_reaches(database)):
        return without_controls(requested)
    raise IdentityError(
        _(
            "--user {user} er ikke deg: du er logget inn som {login}. Et annet navn kan bare "
            "brukes med --demo, eller i en database bare du har tilgang til. Historikken viser "
            "alltid hvem som gjorde hva."
        ).format(user=without_controls(requested), login=login)
    )
