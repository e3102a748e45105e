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
from pathlib import Path
from typing import Any, TextIO

from tui.core.i18n import _
from tui.core.model import Message
from tui.core.patient_data import export_row
from tui.core.store.dbfile import FileAccess
from tui.core.workflow.audit import listing_events
from tui.core.workflow.inbox import Inbox

EXPORT_ACTION = "export"
"""The system log's action for an export of patient data."""
SEARCH_ACTION = "search"
"""The system log's action for a command-line search that lists messages."""
SEARCH_WORDS = "<søkeord>"
"""Stands for a search's words in the export log: the words may be a name or a number."""
WITH_PATIENT_DATA_FLAG = "--with-patient-data"
"""The command-line flag every export takes to include names, masked numbers and texts."""


def export_rows(
    messages: Iterable[Message], *, with_patient_data: bool = False
) -> list[dict[str, Any]]:
    """The rows of an export (see `privacy.export_row`)."""
    return [export_row(message, with_patient_data=with_patient_data) for message in messages]


def record_export(
    inbox: Inbox,
    command: str,
    messages: Sequence[Message],
    *,
    when: datetime | None = None,
    with_patient_data: bool = True,
) -> dict[str, Any]:
    """Record that this clerk exports `messages` now; return the record.

    An export of patient data, or a search that lists a patient's messages (`with_patient_data`
    False): both are written to the database's export log and then sent to the system log
    (`audit`), ids and counts only. Raises `StoreError` when it cannot be recorded: the caller
    must then not export.
    """
    record = {
        "when": (when or inbox.clock()).isoformat(),
        "user": inbox.user,
        "command": command,
        "with_patient_data": with_patient_data,
        "count": len(messages),
        "ids": [message.id for message in messages],
    }
    inbox.store.log_export(record)
    action = EXPORT_ACTION if with_patient_data else SEARCH_ACTION
    inbox.audit.send(listing_events(action, inbox.user, messages, [("command", command)]))
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


PRIVATE_FILE_MODE = 0o600


def open_new_private(path: Path) -> TextIO:
    """A new file at `path`, for writing, that only its owner can read (0600, whatever the umask).

    Raises `FileExistsError` when something exists at `path` (a file, or a link to one): an
    export never writes over a file, nor through a link someone left for it.
    """
    descriptor = os.open(
        path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0), PRIVATE_FILE_MODE
    )
    try:
        os.fchmod(descriptor, PRIVATE_FILE_MODE)  # the umask can only have taken bits away
        return os.fdopen(descriptor, "w", encoding="utf-8")
    except BaseException:
        os.close(descriptor)
        raise


def output_error(path: Path, error: OSError) -> str:
    """Why the export's file could not be made, in Norwegian."""
    if isinstance(error, FileExistsError):
        message = _(
            "{file} finnes fra før. Velg et nytt filnavn: en eksport skriver aldri over en fil."
        )
        return message.format(file=path)
    return _("Kan ikke lage {file}: {reason}.").format(file=path, reason=error.strerror or error)
