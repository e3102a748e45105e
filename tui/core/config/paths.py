"""Where the database lives, and the store that opens it (`open_store`).

`--db`, else `TIMEDIALOG_DB`, else `[database] url`, else the user's data folder.
A `postgresql://` address names a database on a PostgreSQL server (`ServerLocation`), anything
else a database file (`DatabaseLocation`).

A database is never made by accident. The default one, in the user's data folder, is made on
the first start; one named by `--db` or `TIMEDIALOG_DB` must already exist, or be made by an
explicit step (`timedialog init`, or the app asking first): a mistyped path would otherwise
give the clerk an empty inbox of its own, and changes the others never see.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from tui.core.config.config import DB_ENV
from tui.core.i18n import _
from tui.core.resources import APP_NAME
from tui.core.store.dbfile import StoreError
from tui.core.store.postgres import check_url, is_server_url

if TYPE_CHECKING:
    from collections.abc import Callable
    from datetime import datetime

    from tui.core.config.config import Config
    from tui.core.store.interface import InboxStore


def default_db_path() -> Path:
    """`inbox.json` in the user's data folder (platformdirs)."""
    from platformdirs import user_data_path

    return user_data_path(APP_NAME) / "inbox.json"


def find_db_path(explicit: str | os.PathLike[str] | None = None) -> Path:
    """The database file in force: explicit, then `TIMEDIALOG_DB`, then the default."""
    location = find_database(explicit)
    if isinstance(location, ServerLocation):
        raise StoreError(_("Databasen er på en PostgreSQL-tjener, ikke i en fil."))
    return location.path


@dataclass(frozen=True)
class DatabaseLocation:
    """The database in force, and whether someone named it (or it is the default)."""

    path: Path
    named: bool
    """Given by `--db` or `TIMEDIALOG_DB`; False for the default in the user's data folder."""

    @property
    def exists(self) -> bool:
        """True when the database file is there."""
        return self.path.exists()

    def check(self, *, create: bool) -> None:
        """Refuse a named database whose folder is missing, or (unless `create`) its file.

        Raises `StoreError` with a message for the clerk; nothing is created. The default
        database is made where it belongs, on the first start, as it always was.
        """
        if not self.named:
            return
        folder = self.path.parent
        if not folder.is_dir():
            raise StoreError(
                _(
                    "Mappen {folder} finnes ikke, så databasen {file} kan ikke brukes. Sjekk "
                    "--db eller TIMEDIALOG_DB; ingenting er opprettet."
                ).format(folder=folder, file=self.path)
            )
        if not create and not self.exists:
            raise StoreError(
                _(
                    "Databasen {file} finnes ikke; ingenting er opprettet. Sjekk stien, eller "
                    "opprett en ny database med «timedialog init --db {file}»."
                ).format(file=self.path)
            )


@dataclass(frozen=True)
class ServerLocation:
    """A database on a PostgreSQL server, and the department whose messages are wanted."""

    url: str
    department: str
    named: bool = True
    path: None = None

    @property
    def exists(self) -> bool:
        """A server's database is checked when it is opened: taken to be there."""
        return True

    def check(self, *, create: bool) -> None:
        """Refuse an address with a password in it (`StoreError`)."""
        check_url(self.url)


def find_database(
    explicit: str | os.PathLike[str] | None = None, config: Config | None = None
) -> DatabaseLocation | ServerLocation:
    """The database in force, explicit first, and whether it was named or is the default."""
    department = config.database.department if config else ""
    for named in (explicit, os.environ.get(DB_ENV), config.database.url if config else None):
        if named:
            if is_server_url(str(named)):
                return ServerLocation(str(named), department)
            return DatabaseLocation(Path(named), named=True)
    return DatabaseLocation(default_db_path(), named=False)


def open_store(
    location: DatabaseLocation | ServerLocation,
    *,
    group: str | None = None,
    clock: Callable[[], datetime] | None = None,
) -> InboxStore:
    """The store of the database at `location`: the file store, or the PostgreSQL store."""
    extra = {"clock": clock} if clock is not None else {}
    if isinstance(location, ServerLocation):
        from tui.core.store.postgres.store import PostgresStore

        return PostgresStore(location.url, location.department, group=group, **extra)
    from tui.core.store.store import Store

    return Store(location.path, group=group, **extra)
