"""The layout version of a database file, and the migrations from older layouts.

The version lives in the `meta` table. A file with a newer version than this program knows is
refused (never written); an older one is brought up to date one step at a time by pure
functions, and the store keeps a backup of the old file before it writes the new one.

Versions:
- 0: the first prototype; messages in TinyDB's default table `_default`, no `meta` table, and
  no `revision`, `history` or claim fields.
- 1: messages in the `messages` table, every field of `Message.to_dict`, and `meta`. The
  hot file may also hold a `roster` table (the duty roster the leaders edit in the app); it
  came without a new version, since older programs keep tables they do not know untouched.
- 2: history actions are stable codes (`history.py`), not the words of the clerk's language
  ("videresendt" or "forwarded" became "forwarded", "sjekkliste" with "gjort" became
  "checklist_ticked"), so every language reads every file and the purge knows every action.
- 3: the hot file is a snapshot with a journal beside it (`journal`): `meta` holds the revision
  the snapshot includes. A version-2 program would read the snapshot without the journal and
  write over changes it never saw, so it must refuse the file: hence a new version.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from tui.core.history import from_legacy
from tui.core.model import Message
from tui.core.store.dbfile import JSONData

SCHEMA_VERSION = 3
"""The version this program writes."""

META = "meta"
MESSAGES = "messages"
ROSTER = "roster"
EXPORTS = "exports"
SUGGESTION_FEEDBACK = "suggestion_feedback"
"""A clerk's change of a suggested category: week, department, the pair and the rule; nothing
of the patient, so the retention purge leaves it."""
"""Exports of patient data: who, when, what (added beside the messages; older programs keep it)."""
LEGACY_DEFAULT_TABLE = "_default"


class UnknownSchemaError(ValueError):
    """The file's version is newer than this program, or not a version at all."""

    def __init__(self, version: object) -> None:
        super().__init__(f"unknown schema version {version!r}")
        self.version = version


def new_database() -> JSONData:
    """The contents of an empty database of the current version."""
    return {META: {"1": {"schema_version": SCHEMA_VERSION, "revision": 0}}, MESSAGES: {}}


def revision_of(data: JSONData) -> int:
    """The revision a snapshot holds (0 for one written before there were revisions)."""
    meta = data.get(META) or {}
    document = meta.get("1") if isinstance(meta, dict) else None
    revision = document.get("revision", 0) if isinstance(document, dict) else 0
    return revision if isinstance(revision, int) and revision >= 0 else 0


def with_revision(data: JSONData, revision: int) -> JSONData:
    """`data` with its `meta` naming `revision` (the other tables shared, not copied)."""
    meta = dict(data.get(META) or {})
    meta["1"] = {**meta.get("1", {}), "schema_version": SCHEMA_VERSION, "revision": revision}
    return {**data, META: meta}


def version_of(data: JSONData) -> int:
    """The file's schema version: from `meta`, or 0 for a file that has tables but no `meta`."""
    meta = data.get(META)
    if not meta:
        return SCHEMA_VERSION if not any(data.values()) else 0
    version = next(iter(meta.values())).get("schema_version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 0:
        raise UnknownSchemaError(version)
    return version


def _v0_to_v1(data: JSONData) -> JSONData:
    """Move messages to their own table and fill in the fields version 1 added."""
    documents: dict[str, Any] = {}
    for table in (LEGACY_DEFAULT_TABLE, MESSAGES):
        for document in data.get(table, {}).values():
            documents[str(len(documents) + 1)] = Message.from_dict(document).to_dict()
    upgraded = {
        name: table
        for name, table in data.items()
        if name not in (LEGACY_DEFAULT_TABLE, MESSAGES, META)
    }
    upgraded[MESSAGES] = documents
    upgraded[META] = {"1": {"schema_version": 1}}
    return upgraded


def _v1_to_v2(data: JSONData) -> JSONData:
    """Store every message's history actions as codes, whichever language wrote them."""
    upgraded = dict(data)
    messages: dict[str, Any] = {}
    for key, document in data.get(MESSAGES, {}).items():
        history = document.get("history") if isinstance(document, dict) else None
        if isinstance(history, list):
            entries = [
                from_legacy(entry) if isinstance(entry, dict) else entry for entry in history
            ]
            messages[key] = {**document, "history": entries}
        else:
            messages[key] = document
    upgraded[MESSAGES] = messages
    upgraded[META] = {"1": {"schema_version": 2}}
    return upgraded


def _v2_to_v3(data: JSONData) -> JSONData:
    """Name the snapshot's revision (the first, 0): its journal starts after it."""
    upgraded = dict(data)
    upgraded[META] = {"1": {"schema_version": 3, "revision": 0}}
    return upgraded


MIGRATIONS: dict[int, Callable[[JSONData], JSONData]] = {
    0: _v0_to_v1,
    1: _v1_to_v2,
    2: _v2_to_v3,
}
"""From version N to N+1."""


def upgrade(data: JSONData) -> tuple[JSONData, int]:
    """The data in the current layout, and the version it was in.

    Raises `UnknownSchemaError` for a version newer than `SCHEMA_VERSION`.
    """
    original = version = version_of(data)
    if version > SCHEMA_VERSION:
        raise UnknownSchemaError(version)
    while version < SCHEMA_VERSION:
        data = MIGRATIONS[version](data)
        version += 1
    return data, original
