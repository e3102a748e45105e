"""Exports: messages leaving the database for a file or a script, with patient data only on request.

An export holds statistics only (`privacy.export_row`) unless the caller asks for patient data
with an explicit flag; then the export is recorded in the database's export log first (who,
when, which command, which messages), and without that record nothing is written. Output
that goes into a file is made owner-only (or the shared group's) like the database.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any, TextIO

from tui.core.dbfile import FileAccess
from tui.core.i18n import _
from tui.core.inbox import Inbox
from tui.core.model import Message
from tui.core.privacy import export_row

WITH_PATIENT_DATA_FLAG = "--with-patient-data"
"""The command-line flag every export takes to include names, masked numbers and texts."""


def export_rows(
    messages: Iterable[Message], *, with_patient_data: bool = False
) -> list[dict[str, Any]]:
    """The rows of an export (see `privacy.export_row`)."""
    return [export_row(message, with_patient_data=with_patient_data) for message in messages]


def record_export(
    inbox: Inbox, command: str, messages: Sequence[Message], *, when: datetime | None = None
) -> dict[str, Any]:
    """Record that patient data of `messages` is exported by this clerk now; return the record.

    Raises `StoreError` when it cannot be recorded: the caller must then not export.
    """
    record = {
        "when": (when or inbox.clock()).isoformat(),
        "user": inbox.user,
        "command": command,
        "with_patient_data": True,
        "count": len(messages),
        "ids": [message.id for message in messages],
    }
    inbox.store.log_export(record)
    return record


def protect_output(stream: TextIO, access: FileAccess) -> str:
    """Make an export redirected into a file owner-only (or the group's); "" or a warning.

    The shell creates a redirected file with the user's umask, often readable by everyone.
    Terminals and pipes are left alone.
    """
    try:
        descriptor = stream.fileno()
        info = os.fstat(descriptor)
    except (OSError, ValueError, AttributeError):
        return ""
    if not stat.S_ISREG(info.st_mode):
        return ""
    try:
        access.apply(descriptor)
    except OSError:
        mode = stat.S_IMODE(info.st_mode)
        if mode & 0o777 & ~access.mode:
            return _(
                "Advarsel: filen utdataene skrives til har rettigheter {mode:o} og kunne ikke "
                "gjøres privat (den er ikke din). Kjør «chmod {fix:o}» på den."
            ).format(mode=mode, fix=access.mode)
    return ""
