"""The PostgreSQL schema's versions: numbered SQL files, applied in order, each in a transaction.

`sql/NNN_name.sql` brings the schema from version NNN-1 to NNN. `migrate` takes an advisory
lock (two programs starting at once migrate once), reads the version, refuses a database newer
than this program, and applies the missing files and their version rows in one transaction:
a failure leaves the schema as it was. The messages inside keep the file store's document
layout (`Message.to_dict`, `tui.core.store.schema.SCHEMA_VERSION`).
"""

from __future__ import annotations

import re
from importlib.resources import files
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import psycopg

MIGRATION_LOCK = 0x74696D65  # "time": the advisory lock key the migrators share
_FILE_NAME = re.compile(r"(\d{3})_[a-z_]+\.sql")


def migrations() -> list[tuple[int, str]]:
    """(version, SQL) of every migration file, in order."""
    found = []
    for entry in files(__package__).joinpath("sql").iterdir():
        match = _FILE_NAME.fullmatch(entry.name)
        if match:
            found.append((int(match.group(1)), entry.read_text(encoding="utf-8")))
    found.sort()
    if [version for version, _sql in found] != list(range(1, len(found) + 1)):
        raise RuntimeError("the PostgreSQL migrations are not numbered 1, 2, 3, …")
    return found


SCHEMA_VERSION = len(migrations())
"""The PostgreSQL schema version this program makes and uses."""


class NewerSchemaError(RuntimeError):
    """The database's schema is newer than this program knows."""

    def __init__(self, version: int) -> None:
        super().__init__(f"schema version {version}")
        self.version = version


def schema_version(connection: psycopg.Connection[tuple[object, ...]]) -> int:
    """The database's schema version; 0 when timedialog's tables are not there."""
    row = connection.execute("SELECT to_regclass('timedialog_schema') IS NOT NULL").fetchone()
    if not row or not row[0]:
        return 0
    row = connection.execute("SELECT coalesce(max(version), 0) FROM timedialog_schema").fetchone()
    return int(str(row[0])) if row else 0


def migrate(connection: psycopg.Connection[tuple[object, ...]]) -> tuple[int, int]:
    """Bring the schema up to `SCHEMA_VERSION`; return (version before, version after).

    Raises `NewerSchemaError` (nothing changed) for a database newer than this program.
    """
    with connection.transaction():
        connection.execute("SELECT pg_advisory_xact_lock(%s)", (MIGRATION_LOCK,))
        before = schema_version(connection)
        if before > SCHEMA_VERSION:
            raise NewerSchemaError(before)
        for version, sql in migrations()[before:]:
            connection.execute(sql.encode())  # several statements: no parameters
            connection.execute("INSERT INTO timedialog_schema (version) VALUES (%s)", (version,))
    return before, SCHEMA_VERSION
