"""Where the database lives: `--db`, else `TIMEDIALOG_DB`, else the user's data folder.

A database is never made by accident. The default one, in the user's data folder, is made on
the first start; one named by `--db` or `TIMEDIALOG_DB` must already exist, or be made by an
explicit step (`timedialog init`, or the app asking first): a mistyped path would otherwise
give the clerk an empty inbox of its own, and changes the others never see.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from tui.core.config.config import DB_ENV
from tui.core.i18n import _
from tui.core.resources import APP_NAME
from tui.core.store.dbfile import StoreError


def default_db_path() -> Path:
    """`inbox.json` in the user's data folder (platformdirs)."""
    from platformdirs import user_data_path

    return user_data_path(APP_NAME) / "inbox.json"


def find_db_path(explicit: str | os.PathLike[str] | None = None) -> Path:
    """The database in force: explicit, then `TIMEDIALOG_DB`, then the default."""
    return find_database(explicit).path


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


def find_database(explicit: str | os.PathLike[str] | None = None) -> DatabaseLocation:
    """The database in force, explicit first, and whether it was named or is the default."""
    if explicit:
        return DatabaseLocation(Path(explicit), named=True)
    if os.environ.get(DB_ENV):
        return DatabaseLocation(Path(os.environ[DB_ENV]), named=True)
    return DatabaseLocation(default_db_path(), named=False)
