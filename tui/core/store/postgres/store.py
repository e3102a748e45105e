"""A department's inbox in PostgreSQL, with the file store's semantics (`InboxStore`).

Every change is one transaction that first locks the department's row: the changes of one
department are serialised as the file store's lock serialises them, each starts from the
latest committed state, and each committed change takes the department's next revision. The
changed rows carry that revision (`changed_at`), which is the change feed: `changes_since(r)`
is the rows changed after `r`. The commit also sends a notification (`NOTIFY`) with the
revision and the changed ids, which `watch` turns into a wake-up for the reader.

The messages are stored as the file store stores them (the JSON of `Message.to_dict`), one row
each; an archived message keeps its row with the year of its archive. Nothing is ever
deleted: the retention purge erases the patient data in the rows (`erase`).
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import orjson

from tui.core.i18n import _
from tui.core.model import OSLO, HistoryEntry, Message
from tui.core.patient_data import erase_document, holds_patient_data
from tui.core.store.changes import Changes
from tui.core.store.dbfile import (
    DatabaseUnusableError,
    FileAccess,
    ReadOnlyDatabaseError,
    StoreError,
    StoreWriteError,
)
from tui.core.store.erasure import ErasureResult
from tui.core.store.postgres import check_url, psycopg_module
from tui.core.store.postgres.schema import (
    SCHEMA_VERSION,
    NewerSchemaError,
    migrate,
    schema_version,
)
from tui.core.store.postgres.watch import channel, watch_department
from tui.core.store.store import AddResult, Change, MessageNotFoundError

if TYPE_CHECKING:
    import psycopg

    from tui.core.store.summary import MessageSummary

CONNECT_TIMEOUT_SECONDS = 10
NOTIFY_ID_LIMIT = 200
"""At most this many ids travel in a notification (its payload is limited); the reader asks
`changes_since` for what changed in any case."""


def _oslo_now() -> datetime:
    return datetime.now(OSLO)


@dataclass
class _Transaction:
    """One open write transaction: its cursor and what it changed."""

    cursor: psycopg.Cursor[Any]
    department: str
    revision: int
    """The revision this transaction commits as."""
    written: list[str] = field(default_factory=list)
    roster: bool = False
    audited: bool = True
    """Whether the transaction listeners (the audit trail) hear of the messages written."""

    def write(self, message: Message, *, archived_year: int | None = None) -> None:
        """Store a message's new contents (its row must exist)."""
        self.cursor.execute(
            "UPDATE messages SET document = %s, revision = %s, changed_at = %s,"
            " archived_year = %s WHERE department = %s AND id = %s",
            (
                _jsonb(message.to_dict()),
                message.revision,
                self.revision,
                archived_year,
                self.department,
                message.id,
            ),
        )
        self.written.append(message.id)

    def record(self, kind: str, document: dict[str, Any]) -> None:
        """Add a document to a log beside the messages (exports, suggestion feedback)."""
        self.cursor.execute(
            "INSERT INTO records (department, kind, document) VALUES (%s, %s, %s)",
            (self.department, kind, _jsonb(document)),
        )


def _jsonb(value: Any) -> Any:
    from psycopg.types.json import Jsonb

    return Jsonb(value, dumps=orjson.dumps)


def _documents(rows: Iterable[tuple[Any, ...]]) -> Iterator[dict[str, Any]]:
    for row in rows:
        document = row[0]
        yield document if isinstance(document, dict) else orjson.loads(document)


class PostgresStore:
    """The messages of one department in a PostgreSQL database (`InboxStore`)."""

    def __init__(
        self,
        url: str,
        department: str,
        *,
        group: str | None = None,
        clock: Callable[[], datetime] = _oslo_now,
    ) -> None:
        check_url(url)
        if not department:
            raise StoreError(
                _(
                    "Databasen på tjeneren {url} deles av avdelingene: sett «department» i "
                    "[database] i konfigurasjonen til avdelingens navn."
                ).format(url=url)
            )
        self.url = url
        self.department = department
        self.access = FileAccess(group)
        self.clock = clock
        self.transaction_listeners: list[Callable[[frozenset[str]], None]] = []
        self._connection_lock = threading.RLock()
        self._connection_now: psycopg.Connection[Any] | None = None
        self._held = threading.local()
        self._writable: bool | None = None
        self.last_notice: dict[str, Any] = {}
        """The latest notification the watcher received: revision, roster, changed ids."""
        self.migrated_from: int | None = None
        """The schema version `prepare` found (None until it ran)."""

    # Where and whether ----------------------------------------------------------------------

    @property
    def path(self) -> Path | None:
        """No file: the database is on a server."""
        return None

    @property
    def location(self) -> str:
        """The server's address and the department, for messages."""
        return f"{self.url} ({self.department})"

    def exists(self) -> bool:
        """True when the schema is in place and the department has its row."""
        with self._connection() as connection:
            if schema_version(connection) == 0:
                return False
            row = connection.execute(
                "SELECT 1 FROM departments WHERE name = %s", (self.department,)
            ).fetchone()
            return row is not None

    @property
    def read_only(self) -> bool:
        """True when this login may read the messages but not change them."""
        if self._writable is None:
            with self._connection() as connection:
                row = connection.execute(
                    "SELECT has_table_privilege('messages', 'UPDATE')"
                    " AND has_table_privilege('departments', 'UPDATE')"
                ).fetchone()
                self._writable = bool(row and row[0])
        return not self._writable

    def check_writable(self) -> None:
        """Raise `ReadOnlyDatabaseError` when this login may not change the messages."""
        if self.read_only:
            raise ReadOnlyDatabaseError(
                _(
                    "Du har bare lesetilgang til databasen {url}. Ingenting blir endret; be "
                    "IT om skrivetilgang for avdelingens rolle."
                ).format(url=self.url)
            )

    def warnings(self) -> list[str]:
        """Nothing to warn about: the server's grants decide who reads (`timedialog doctor`)."""
        return []

    # Connections ----------------------------------------------------------------------------

    def connect(self) -> psycopg.Connection[Any]:
        """A new connection of its own (the watcher's, a check's); the caller closes it."""
        driver = psycopg_module()
        try:
            connection: psycopg.Connection[Any] = driver.connect(
                self.url,
                autocommit=True,
                connect_timeout=CONNECT_TIMEOUT_SECONDS,
                application_name="timedialog",
            )
        except driver.Error as error:
            raise self._error(error) from error
        from psycopg.types.json import set_json_loads

        set_json_loads(orjson.loads, connection)
        return connection

    @contextmanager
    def _connection(self) -> Iterator[psycopg.Connection[Any]]:
        """The store's connection, for one thread at a time; made again after it broke.

        The first connection checks the schema: a newer one is refused, a missing or older
        one is brought up to date (which needs the owner's rights: `timedialog init`).
        """
        psycopg = psycopg_module()
        with self._connection_lock:
            connection = self._connection_now
            if connection is None or connection.closed or connection.broken:
                connection = self.connect()
                try:
                    self._check_schema(connection)
                except BaseException:
                    connection.close()
                    raise
                self._connection_now = connection
            try:
                yield connection
            except psycopg.Error as error:
                if connection.broken or connection.closed:
                    self._connection_now = None
                raise self._error(error) from error

    def close(self) -> None:
        """Close the store's connection (a new one is made when it is needed again)."""
        with self._connection_lock:
            if self._connection_now is not None:
                self._connection_now.close()
                self._connection_now = None

    def _check_schema(self, connection: psycopg.Connection[Any]) -> None:
        psycopg = psycopg_module()
        try:
            version = schema_version(connection)
        except psycopg.Error as error:  # no right to read it: no grants for this login
            raise self._error(error) from error
        try:
            if version < SCHEMA_VERSION:
                self.migrated_from, _after = migrate(connection)
            elif version > SCHEMA_VERSION:
                raise NewerSchemaError(version)
        except NewerSchemaError as error:
            raise DatabaseUnusableError(
                _(
                    "Databasen {url} har skjemaversjon {version}, men denne versjonen av "
                    "timedialog kjenner bare versjon {known}. Databasen er trolig tatt i bruk "
                    "av en nyere timedialog: oppdater programmet. Ingenting er endret."
                ).format(url=self.url, version=error.version, known=SCHEMA_VERSION),
                Path(self.url),
            ) from error
        except psycopg.errors.InsufficientPrivilege as error:
            raise StoreError(
                _(
                    "Databasen {url} har skjemaversjon {version}, og denne timedialog trenger "
                    "versjon {known}. Du har ikke rett til å endre skjemaet: be IT kjøre "
                    "«timedialog init --db {url}» som databasens eier."
                ).format(url=self.url, version=version, known=SCHEMA_VERSION)
            ) from error
        except psycopg.Error as error:
            raise self._error(error) from error

    def _error(self, error: Exception) -> StoreError:
        """A clerk's message for a database error (libpq's own words name the cause)."""
        psycopg = psycopg_module()
        if isinstance(error, StoreError):
            return error
        reason = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        if isinstance(error, psycopg.errors.InsufficientPrivilege):
            return ReadOnlyDatabaseError(
                _("Du har ikke tilgang til dette i databasen {url}: {reason}").format(
                    url=self.url, reason=reason
                )
            )
        if isinstance(error, psycopg.OperationalError):
            return StoreWriteError(
                _("Får ikke kontakt med databasetjeneren {url}: {reason}").format(
                    url=self.url, reason=reason
                )
            )
        return StoreWriteError(
            _("Databasen {url} svarte med en feil: {reason}").format(url=self.url, reason=reason)
        )

    # Transactions ---------------------------------------------------------------------------

    @contextmanager
    def _transaction(self) -> Iterator[_Transaction]:
        """One write transaction under the department's lock; listeners hear how it ended."""
        if getattr(self._held, "value", False):
            raise RuntimeError("Store transactions do not nest")
        self.check_writable()
        stored = False
        audited: list[str] = []
        self._held.value = True
        try:
            with self._connection() as connection, connection.transaction():
                cursor = connection.cursor()
                cursor.execute(
                    "INSERT INTO departments (name) VALUES (%s) ON CONFLICT DO NOTHING",
                    (self.department,),
                )
                row = cursor.execute(
                    "SELECT revision FROM departments WHERE name = %s FOR UPDATE",
                    (self.department,),
                ).fetchone()
                if row is None:  # the row-level security hides it: no grant for it
                    raise ReadOnlyDatabaseError(
                        _("Du har ikke tilgang til avdelingen {department} i {url}.").format(
                            department=self.department, url=self.url
                        )
                    )
                transaction = _Transaction(cursor, self.department, int(row[0]) + 1)
                yield transaction
                written = transaction.written
                audited = written if transaction.audited else []
                if written or transaction.roster:
                    cursor.execute(
                        "UPDATE departments SET revision = %s WHERE name = %s",
                        (transaction.revision, self.department),
                    )
                    payload: dict[str, object] = {
                        "revision": transaction.revision,
                        "roster": transaction.roster,
                    }
                    if len(written) <= NOTIFY_ID_LIMIT:
                        payload["ids"] = sorted(set(written))
                    cursor.execute(
                        "SELECT pg_notify(%s, %s)",
                        (channel(self.department), json.dumps(payload)),
                    )
            stored = True
        finally:
            self._held.value = False
            done = frozenset(audited) if stored else frozenset()
            for listener in self.transaction_listeners:
                listener(done)

    def _read(self, sql: str, parameters: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        """Run a query; a connection found dropped is made again and the query asked again.

        Reading changes nothing, so asking again is safe. A write is never repeated: the clerk
        is told, and the next change goes over a new connection.
        """
        try:
            with self._connection() as connection:
                return connection.execute(sql.encode(), parameters).fetchall()
        except StoreError:
            if self._connection_now is not None:  # not a dropped connection: the query's error
                raise
        with self._connection() as connection:
            return connection.execute(sql.encode(), parameters).fetchall()

    def _messages(self, sql: str, parameters: tuple[Any, ...]) -> list[Message]:
        try:
            return [
                Message.from_dict(document) for document in _documents(self._read(sql, parameters))
            ]
        except (KeyError, TypeError, ValueError) as error:
            raise self._unreadable(error) from error

    def _unreadable(self, error: Exception) -> DatabaseUnusableError:
        from tui.core.oserrors import describe_bad_document

        return DatabaseUnusableError(
            _("Databasen {url} har en melding som ikke kan leses ({error}).").format(
                url=self.url, error=describe_bad_document(error)
            ),
            Path(self.url),
        )

    # Reading --------------------------------------------------------------------------------

    def messages(self) -> list[Message]:
        """Every message in the department's hot inbox, in the order they were added."""
        return self._messages(
            "SELECT document FROM messages WHERE department = %s AND archived_year IS NULL"
            " ORDER BY position",
            (self.department,),
        )

    def get(self, message_id: str) -> Message:
        """One hot message as it is now; raise `MessageNotFoundError` when there is none."""
        found = self._messages(
            "SELECT document FROM messages WHERE department = %s AND id = %s"
            " AND archived_year IS NULL",
            (self.department, message_id),
        )
        if not found:
            raise MessageNotFoundError(_("Fant ikke meldingen {id}.").format(id=message_id))
        return found[0]

    def archived(self, years: Iterable[int] | None = None) -> list[Message]:
        """The archived messages received in `years` (all years when None)."""
        if years is None:
            return self._messages(
                "SELECT document FROM messages WHERE department = %s"
                " AND archived_year IS NOT NULL ORDER BY archived_year, position",
                (self.department,),
            )
        return self._messages(
            "SELECT document FROM messages WHERE department = %s"
            " AND archived_year = ANY(%s) ORDER BY archived_year, position",
            (self.department, list(years)),
        )

    def archive_years(self) -> list[int]:
        """The years that have archived messages, oldest first."""
        rows = self._read(
            "SELECT DISTINCT archived_year FROM messages WHERE department = %s"
            " AND archived_year IS NOT NULL ORDER BY archived_year",
            (self.department,),
        )
        return [int(row[0]) for row in rows]

    def archived_ids(self, year: int) -> frozenset[str]:
        """The ids in the archive of `year`."""
        rows = self._read(
            "SELECT id FROM messages WHERE department = %s AND archived_year = %s",
            (self.department, year),
        )
        return frozenset(str(row[0]) for row in rows)

    def summaries(self, years: Iterable[int] = ()) -> list[MessageSummary]:
        """The figures' facts of every hot message and the archived ones of `years`."""
        from tui.core.store.summary import MessageSummary  # the report's: not loaded at start-up

        rows = self._read(
            "SELECT document FROM messages WHERE department = %s"
            " AND (archived_year IS NULL OR archived_year = ANY(%s)) ORDER BY position",
            (self.department, list(years)),
        )
        try:
            return [MessageSummary.from_dict(document) for document in _documents(rows)]
        except (KeyError, TypeError, ValueError) as error:
            raise self._unreadable(error) from error

    def roster_data(self) -> dict[str, Any]:
        """The duty roster as the leaders last saved it (`{}` when never saved)."""
        rows = self._read("SELECT roster FROM departments WHERE name = %s", (self.department,))
        return dict(next(_documents(rows), {}))

    def suggestion_feedback(self) -> list[dict[str, Any]]:
        """Every recorded change of a suggested category, oldest first."""
        return self._records("suggestion_feedback")

    def export_log(self) -> list[dict[str, Any]]:
        """Every recorded export of patient data, oldest first."""
        return self._records("exports")

    def _records(self, kind: str) -> list[dict[str, Any]]:
        rows = self._read(
            "SELECT document FROM records WHERE department = %s AND kind = %s ORDER BY number",
            (self.department, kind),
        )
        return list(_documents(rows))

    # The change feed (`tui.core.store.changes.ChangeFeed`) -----------------------------------

    def revision(self) -> int:
        """The revision of the department's latest committed change (0 for a new one)."""
        rows = self._read("SELECT revision FROM departments WHERE name = %s", (self.department,))
        return int(rows[0][0]) if rows else 0

    def changes_since(self, revision: int) -> Changes:
        """The messages changed after `revision`, as they are now (None: left the hot inbox).

        Read in one snapshot with the revision, so the next call starts where this one ends.
        """
        with self._connection() as connection, connection.transaction():
            connection.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
            row = connection.execute(
                "SELECT revision, roster_revision FROM departments WHERE name = %s",
                (self.department,),
            ).fetchone()
            now, roster = (int(row[0]), int(row[1])) if row else (0, 0)
            rows = connection.execute(
                "SELECT id, archived_year, document FROM messages"
                " WHERE department = %s AND changed_at > %s ORDER BY position",
                (self.department, revision),
            ).fetchall()
        messages: dict[str, Message | None] = {}
        try:
            for message_id, archived_year, document in rows:
                messages[str(message_id)] = (
                    Message.from_dict(document) if archived_year is None else None
                )
        except (KeyError, TypeError, ValueError) as error:
            raise self._unreadable(error) from error
        return Changes(now, messages, roster=roster > revision)

    def watch(self, stop: threading.Event) -> Iterator[None]:
        """Yield after each burst of commits in the department, by any host, until `stop`.

        LISTENs on its own connection. Yields once as soon as the LISTEN is in place, and once
        again after each reconnection, so what was committed meanwhile is fetched too.
        """

        def heard(notice: dict[str, Any]) -> None:
            self.last_notice = notice

        return watch_department(self.connect, self.department, stop, heard)

    # Changing -------------------------------------------------------------------------------

    def prepare(self) -> None:
        """Bring the schema up to date and give the department its row."""
        with self._transaction():
            pass

    def add(self, messages: Iterable[Message]) -> AddResult:
        """Add messages whose ids are new; archived ones count as stored."""
        incoming = list(messages)
        with self._transaction() as transaction:
            ids = list({message.id for message in incoming})
            known = {
                str(row[0])
                for row in transaction.cursor.execute(
                    "SELECT id FROM messages WHERE department = %s AND id = ANY(%s)",
                    (self.department, ids),
                ).fetchall()
            }
            new: dict[str, Message] = {}
            for message in incoming:
                if message.id not in known:
                    new.setdefault(message.id, message)
            transaction.cursor.executemany(
                "INSERT INTO messages (department, id, revision, changed_at, document)"
                " VALUES (%s, %s, %s, %s, %s)",
                [
                    (
                        self.department,
                        message.id,
                        message.revision,
                        transaction.revision,
                        _jsonb(message.to_dict()),
                    )
                    for message in new.values()
                ],
            )
            transaction.written += list(new)
        return AddResult(
            added=tuple(new),
            existing=tuple(message.id for message in incoming if message.id in known),
        )

    def _locked_hot(self, transaction: _Transaction, ids: list[str] | None) -> list[Message]:
        sql = (
            "SELECT document FROM messages WHERE department = %s AND archived_year IS NULL"
            + (" AND id = ANY(%s)" if ids is not None else "")
            + " ORDER BY position"
        )
        parameters: tuple[Any, ...] = (self.department,) if ids is None else (self.department, ids)
        rows = transaction.cursor.execute(sql.encode(), parameters).fetchall()
        try:
            return [Message.from_dict(document) for document in _documents(rows)]
        except (KeyError, TypeError, ValueError) as error:
            raise self._unreadable(error) from error

    def update_many(self, changes: dict[str, Change]) -> list[Message]:
        """Apply each hot message's change in one transaction; the messages changed."""
        with self._transaction() as transaction:
            changed: list[Message] = []
            for message in self._locked_hot(transaction, list(changes)):
                if changes[message.id](message) is False:
                    continue
                message.revision += 1
                transaction.write(message)
                changed.append(message)
            transaction.audited = False  # as the file store: analyses are no audited change
            return changed

    def update(
        self,
        message_id: str,
        change: Change,
        records: list[tuple[str, dict[str, Any]]] | None = None,
    ) -> Message:
        """Apply `change` to the latest stored version of a message and store the result."""
        with self._transaction() as transaction:
            found = self._locked_hot(transaction, [message_id])
            if not found:
                raise MessageNotFoundError(_("Fant ikke meldingen {id}.").format(id=message_id))
            message = found[0]
            if change(message) is False:
                return message
            message.revision += 1
            transaction.write(message)
            for kind, record in records or ():
                transaction.record(kind, dict(record))
            return message

    def update_roster_data(self, change: Callable[[dict[str, Any]], dict[str, Any]]) -> None:
        """Replace the duty roster with `change(latest)`, in one transaction."""
        with self._transaction() as transaction:
            rows = transaction.cursor.execute(
                "SELECT roster FROM departments WHERE name = %s", (self.department,)
            ).fetchall()
            new = change(dict(next(_documents(rows), {})))
            transaction.cursor.execute(
                "UPDATE departments SET roster = %s, roster_revision = %s WHERE name = %s",
                (_jsonb(new), transaction.revision, self.department),
            )
            transaction.roster = True

    def archive(
        self, is_due: Callable[[Message], bool], mark: Callable[[Message], None]
    ) -> list[Message]:
        """Move the hot messages `is_due` accepts to the archive of the year they came in."""
        with self._transaction() as transaction:
            due = [m for m in self._locked_hot(transaction, None) if is_due(m)]
            for message in due:
                mark(message)
                message.revision += 1
                transaction.write(message, archived_year=message.received.year)
            return due

    def load(
        self,
        hot: list[Message],
        archived: list[Message],
        roster: dict[str, Any],
        exports: list[dict[str, Any]],
        feedback: list[dict[str, Any]],
    ) -> None:
        """Fill an empty department with a whole database as it is (`transfer`), at once.

        Messages keep their revisions and histories; archived ones go to their year's archive.
        Raises `StoreError` when the department has messages already (nothing written).
        """
        with self._transaction() as transaction:
            row = transaction.cursor.execute(
                "SELECT count(*) FROM messages WHERE department = %s", (self.department,)
            ).fetchone()
            if row and row[0]:
                raise StoreError(
                    _("Avdelingen {department} i {url} har meldinger fra før.").format(
                        department=self.department, url=self.url
                    )
                )
            transaction.cursor.executemany(
                "INSERT INTO messages (department, id, revision, changed_at, archived_year,"
                " document) VALUES (%s, %s, %s, %s, %s, %s)",
                [
                    (
                        self.department,
                        message.id,
                        message.revision,
                        transaction.revision,
                        year,
                        _jsonb(message.to_dict()),
                    )
                    for messages, archive in ((hot, False), (archived, True))
                    for message in messages
                    for year in [message.received.year if archive else None]
                ],
            )
            transaction.written += [message.id for message in (*hot, *archived)]
            transaction.audited = False  # a move, not a clerk's change
            if roster:
                transaction.cursor.execute(
                    "UPDATE departments SET roster = %s, roster_revision = %s WHERE name = %s",
                    (_jsonb(roster), transaction.revision, self.department),
                )
                transaction.roster = True
            for kind, records in (("exports", exports), ("suggestion_feedback", feedback)):
                for record in records:
                    transaction.record(kind, record)

    def log_export(self, record: dict[str, Any]) -> None:
        """Record an export of patient data (who, when, what) beside the messages."""
        with self._transaction() as transaction:
            transaction.record("exports", dict(record))

    def erase(
        self, is_due: Callable[[Message], bool], record: HistoryEntry, *, dry_run: bool = False
    ) -> ErasureResult:
        """Erase the patient data of the messages `is_due` accepts, hot and archived.

        The rows stay (the figures need them); their patient data goes, `record` joins each
        history. Old row versions stay in the table's pages until VACUUM reuses them, and in
        the server's backups until those are rotated (docs/postgresql.md); a VACUUM of the
        table is asked for after the erasure (the table's owner may run it; others are told
        no, which is harmless).
        """
        with self._transaction() as transaction:
            rows = transaction.cursor.execute(
                "SELECT document, archived_year FROM messages WHERE department = %s"
                " ORDER BY position",
                (self.department,),
            ).fetchall()
            erased: list[Message] = []
            for document, archived_year in rows:
                if not holds_patient_data(document):
                    continue
                try:
                    message = Message.from_dict(document)
                except (KeyError, TypeError, ValueError) as error:
                    raise self._unreadable(error) from error
                if not is_due(message):
                    continue
                erased.append(message)
                if dry_run:
                    continue
                updated = dict(document)
                erase_document(updated)
                updated["history"] = [*updated.get("history", []), record.to_dict()]
                updated["revision"] = int(updated.get("revision", 0)) + 1
                transaction.write(Message.from_dict(updated), archived_year=archived_year)
        if erased and not dry_run:
            self._vacuum()
        return ErasureResult(tuple(erased))

    def _vacuum(self) -> None:
        """Ask the server to reclaim the erased rows' old versions (the owner's right)."""
        psycopg = psycopg_module()
        try:
            with self._connection() as connection:
                connection.execute("VACUUM messages")
        except (StoreError, psycopg.Error):
            pass  # not the owner: the server's autovacuum does it in its time
