"""Where the database lives: `--db`, else `TIMEDIALOG_DB`, else the user's data folder."""

from __future__ import annotations

import os
from pathlib import Path

from tui.core.config import APP_NAME, DB_ENV


def default_db_path() -> Path:
    """`inbox.json` in the user's data folder (platformdirs)."""
    from platformdirs import user_data_path

    return user_data_path(APP_NAME) / "inbox.json"


def find_db_path(explicit: str | os.PathLike[str] | None = None) -> Path:
    """The database in force: explicit, then `TIMEDIALOG_DB`, then the default."""
    if explicit:
        return Path(explicit)
    if os.environ.get(DB_ENV):
        return Path(os.environ[DB_ENV])
    return default_db_path()
