"""The system log's copy of the audit trail: one line per audited event, no patient data.

The history in the database records who did what, but any clerk of the department can write
that file. So every audited event also goes to the system log (syslog or journald, through
`/dev/log`), which records the sending process's user id itself and which no clerk can edit:
each change to a message (the history's entries: showing the fødselsnummer, answering,
closing, forwarding, claiming ...), every export, every command-line search that lists
messages, and the retention purge.

A line names the action, the message's id and department, the clerk and the user id, and for
the history's code-valued actions the old and new value (statuses, categories, departments);
never a name, a fødselsnummer, a subject, a text, a search's words or a file name. Example::

    timedialog[4242]: audit action=status message=6f1c... department=BLOD user=kari uid=1001
    old=ny new=oppfolging

Events reach the log only once the database has stored them (`AuditTrail` waits for the
store's transaction to end well); a host without a syslog socket gets no copy, and the work
goes on. `TIMEDIALOG_SYSLOG_SOCKET` names another socket (the tests' receiver).
"""

from __future__ import annotations

import os
import re
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from tui.core.controls import without_controls
from tui.core.patient_data import SAFE_HISTORY_ACTIONS

if TYPE_CHECKING:
    from logging.handlers import SysLogHandler

    from tui.core.model import HistoryEntry, Message
    from tui.core.store.interface import InboxStore

SOCKET_VARIABLE = "TIMEDIALOG_SYSLOG_SOCKET"
"""The environment variable that names the syslog socket (default `/dev/log`)."""
DEFAULT_SOCKET = "/dev/log"
IDENT = "timedialog"
"""The syslog tag: `journalctl -t timedialog` finds the lines."""
IDS_PER_LINE = 20
"""Message ids per line of an export or a purge; more ids take more lines (`part=2/3`)."""

_PLAIN = re.compile(r"[\w.:/@+,-]+")


def _value(text: str) -> str:
    """A value as the line shows it: bare when plain, else quoted (never a control character)."""
    text = without_controls(text, placeholder="?").replace("\n", " ")
    if _PLAIN.fullmatch(text):
        return text
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


@dataclass(frozen=True)
class AuditEvent:
    """One audited event, as the system log gets it."""

    action: str
    user: str
    message_id: str = ""
    department: str = ""
    details: tuple[tuple[str, str], ...] = ()
    """Further key-value pairs: codes and counts only (old and new status, command, count)."""

    def line(self, uid: int) -> str:
        """`audit action=... message=... department=... user=... uid=... key=value ...`."""
        pairs = [("action", self.action)]
        if self.message_id:
            pairs.append(("message", self.message_id))
        if self.department:
            pairs.append(("department", self.department))
        pairs += [("user", self.user), ("uid", str(uid)), *self.details]
        return "audit " + " ".join(f"{key}={_value(value)}" for key, value in pairs)


def history_event(message: Message, entry: HistoryEntry) -> AuditEvent:
    """The audit event for an entry of a message's history.

    Old and new values go along only for actions whose values are codes, never free text.
    """
    details: tuple[tuple[str, str], ...] = ()
    if entry.action in SAFE_HISTORY_ACTIONS and (entry.old or entry.new):
        details = (("old", entry.old), ("new", entry.new))
    return AuditEvent(entry.action, entry.user, message.id, message.department, details)


def listing_events(
    action: str, user: str, messages: Sequence[Message], details: Iterable[tuple[str, str]] = ()
) -> list[AuditEvent]:
    """An export, search or purge of `messages`: their ids, `IDS_PER_LINE` to a line."""
    shared = (*details, ("count", str(len(messages))))
    chunks = [messages[i : i + IDS_PER_LINE] for i in range(0, len(messages), IDS_PER_LINE)]
    if len(chunks) <= 1:
        ids = ",".join(message.id for message in messages)
        return [AuditEvent(action, user, details=(*shared, *((("messages", ids),) if ids else ())))]
    return [
        AuditEvent(
            action,
            user,
            details=(
                *shared,
                ("part", f"{number}/{len(chunks)}"),
                ("messages", ",".join(message.id for message in chunk)),
            ),
        )
        for number, chunk in enumerate(chunks, start=1)
    ]


class SystemLog:
    """Sends audit events to the system log (facility authpriv, priority info)."""

    def __init__(self, address: str | None = None) -> None:
        self.address = address or os.environ.get(SOCKET_VARIABLE) or DEFAULT_SOCKET
        self._handler: SysLogHandler | None = None
        self._lock = threading.Lock()
        self.failures = 0
        """Lines that could not be sent (no syslog socket, or it refused them)."""

    def send(self, events: Iterable[AuditEvent]) -> None:
        """Send each event as one line; a missing or broken log costs the line, not the work."""
        import logging

        lines = [event.line(os.getuid()) for event in events]
        if not lines:
            return
        with self._lock:
            handler = self._connect()
            for line in lines:
                record = logging.makeLogRecord({"msg": line, "levelno": logging.INFO})
                record.levelname = "INFO"
                handler.handle(record)

    def _connect(self) -> SysLogHandler:
        if self._handler is None:
            from logging.handlers import SysLogHandler  # on the first event, not at start-up

            log = self

            class _Handler(SysLogHandler):
                def handleError(self, record: object) -> None:  # noqa: N802 - logging's name
                    """Count the line as lost: a clerk's work never stops for the log."""
                    log.failures += 1

            handler = _Handler(self.address, facility=SysLogHandler.LOG_AUTHPRIV)
            handler.ident = f"{IDENT}[{os.getpid()}]: "
            handler.append_nul = False
            self._handler = handler
        return self._handler

    def close(self) -> None:
        """Close the socket, if one was opened."""
        with self._lock:
            if self._handler is not None:
                self._handler.close()
                self._handler = None


class AuditTrail:
    """The history's entries, on their way to the system log once the store has them.

    `record` queues an entry (per thread: each store transaction runs in one thread); when
    the store's transaction ends, the entries of the messages it wrote are sent and the rest
    dropped, so the log names no change the database does not hold.
    """

    def __init__(self, store: InboxStore, log: SystemLog | None = None) -> None:
        self.log = log or SystemLog()
        self._pending = threading.local()
        store.transaction_listeners.append(self._transaction_ended)

    def record(self, message: Message, entry: HistoryEntry) -> None:
        """Queue the entry just added to `message`'s history."""
        self._queue().append(history_event(message, entry))

    def send(self, events: Iterable[AuditEvent]) -> None:
        """Send events that need no transaction (an export, a search, a purge) now."""
        self.log.send(events)

    def _queue(self) -> list[AuditEvent]:
        queue: list[AuditEvent] | None = getattr(self._pending, "events", None)
        if queue is None:
            queue = self._pending.events = []
        return queue

    def _transaction_ended(self, written: frozenset[str]) -> None:
        events, self._pending.events = self._queue(), []
        self.log.send(event for event in events if event.message_id in written)
