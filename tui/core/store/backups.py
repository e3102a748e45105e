"""Rotating daily copies of the database files, and a copy before every migration.

Copies live in `<stem>-backups/` beside the database (`inbox.json` -> `inbox-backups/`), named
`<file stem>.<date><suffix>` (`inbox.2026-11-26.json`). The first change of a day copies the
inbox as it was before that change, the hot file's snapshot and journal folded into one TinyDB
file (a copy needs no journal): data that had just parsed, so every daily copy is a good one.
The newest `KEEP_DAYS` daily copies of each file are kept.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from pathlib import Path

from tui.core.store.dbfile import (
    FileAccess,
    StoreError,
    parse,
    read_bytes,
    remove_stale_temporaries,
    replace_atomically,
)
from tui.core.store.schema import SCHEMA_VERSION, UnknownSchemaError, version_of

KEEP_DAYS = 5
"""How many daily copies of each file are kept."""


class Backups:
    """The backup folder of one database and its archive files."""

    def __init__(self, database: Path, access: FileAccess) -> None:
        self.database = database
        self.folder = database.parent / f"{database.stem}-backups"
        self.access = access
        self._done: dict[Path, date] = {}

    def _daily_name(self, source: Path, day: date) -> Path:
        return self.folder / f"{source.stem}.{day.isoformat()}{source.suffix}"

    def _write(self, target: Path, raw: bytes) -> None:
        self.access.make_folder(self.folder)
        replace_atomically(target, raw, self.access, self.database)

    def daily_due(self, source: Path, today: date) -> bool:
        """Whether the next change of `source` today should make the daily copy first."""
        return self._done.get(source) != today

    def daily(self, source: Path, raw: bytes, today: date) -> Path | None:
        """Copy `raw` (the good contents of `source`) unless today's copy exists; prune old ones.

        Call under the database's lock. Returns the copy written, or None.
        """
        if self._done.get(source) == today:
            return None
        target = self._daily_name(source, today)
        written = None
        if not target.exists():
            self._write(target, raw)
            written = target
            for old in self.daily_copies(source)[KEEP_DAYS:]:
                old.unlink(missing_ok=True)
        self._done[source] = today
        return written

    def before_migration(self, source: Path, raw: bytes, version: int, now: datetime) -> Path:
        """Keep the file as it was before a migration from `version`; these are never pruned."""
        target = self.folder / f"{source.stem}.v{version}-{now:%Y%m%dT%H%M%S}{source.suffix}"
        self._write(target, raw)
        return target

    def daily_copies(self, source: Path) -> list[Path]:
        """The daily copies of `source`, newest first."""
        pattern = re.compile(
            re.escape(source.stem) + r"\.(\d{4}-\d{2}-\d{2})" + re.escape(source.suffix)
        )
        if not self.folder.is_dir():
            return []
        found = [path for path in self.folder.iterdir() if pattern.fullmatch(path.name)]
        return sorted(found, key=lambda path: path.name, reverse=True)

    def copies(self) -> list[Path]:
        """Every copy in the folder, daily and before-migration, of every file, by name."""
        pattern = re.compile(
            r".+\.(\d{4}-\d{2}-\d{2}|v\d+-\d{8}T\d{6})" + re.escape(self.database.suffix)
        )
        if not self.folder.is_dir():
            return []
        return sorted(
            path
            for path in self.folder.iterdir()
            if pattern.fullmatch(path.name) and not path.name.startswith(".") and path.is_file()
        )

    def rewrite(self, copy: Path, raw: bytes) -> None:
        """Replace a copy's contents (the retention purge erases patient data in copies too)."""
        replace_atomically(copy, raw, self.access, self.database)

    def last_good(self, source: Path) -> Path | None:
        """The newest copy of `source` that parses and has a version this program knows."""
        for copy in self.daily_copies(source):
            try:
                raw = read_bytes(copy)
                data = parse(raw or b"", copy) if raw else None
                if data is not None and version_of(data) <= SCHEMA_VERSION:
                    return copy
            except (StoreError, UnknownSchemaError):
                continue
        return None

    def remove_stale_temporaries(self) -> None:
        """Delete temporary files of killed writers in the backup folder (under the lock)."""
        if self.folder.is_dir():
            remove_stale_temporaries(self.folder, self.database)
