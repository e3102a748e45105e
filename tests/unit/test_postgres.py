"""The PostgreSQL store's own: schema migrations, departments and grants, addresses, TLS,
notifications and reconnection, choosing the store. Against the server `tests/run` starts;
what both stores do is the contract suite (test_store_contract.py)."""

from __future__ import annotations

import socket
import struct
import sys
import threading
import uuid
from collections.abc import Iterator
from contextlib import suppress
from datetime import timedelta
from pathlib import Path

import pytest

from tests.conftest import FakeClock
from tests.helpers.postgres import new_database, with_parameters
from tests.helpers.stores import watching
from tui.core.config.config import ConfigError, parse_config_text
from tui.core.config.paths import DatabaseLocation, ServerLocation, find_database, open_store
from tui.core.model import Message
from tui.core.store.dbfile import StoreError
from tui.core.store.postgres import schema as schema_module
from tui.core.store.postgres.schema import SCHEMA_VERSION, migrations
from tui.core.store.postgres.store import PostgresStore
from tui.core.store.store import Store

psycopg = pytest.importorskip("psycopg")


def message(message_id: str, clock: FakeClock) -> Message:
    return Message(
        id=message_id,
        received=clock.now,
        deadline=(clock.now + timedelta(days=4)).date(),
        department="ORT",
        text="Kan jeg flytte timen min?",
        subject="Flytte time",
    )


@pytest.fixture
def database() -> str:
    """A database of its own on the test server: nothing in it yet."""
    return new_database()


@pytest.fixture
def store(database: str, clock: FakeClock) -> Iterator[PostgresStore]:
    store = PostgresStore(database, "ORT", clock=clock)
    yield store
    store.close()


def versions(url: str) -> list[int]:
    with psycopg.connect(url) as connection:
        rows = connection.execute("SELECT version FROM timedialog_schema ORDER BY version")
        return [row[0] for row in rows]


# Schema versions -------------------------------------------------------------------------------


def test_the_migrations_are_numbered_sql_files_and_the_last_is_the_version() -> None:
    assert [version for version, _sql in migrations()] == list(range(1, SCHEMA_VERSION + 1))
    assert SCHEMA_VERSION >= 2


def test_a_new_database_gets_every_version_in_order(store: PostgresStore, database: str) -> None:
    assert not store.exists()
    store.prepare()
    assert store.exists()
    assert store.migrated_from == 0
    assert versions(database) == list(range(1, SCHEMA_VERSION + 1))


def test_an_older_schema_is_brought_up_to_date_keeping_its_messages(
    database: str, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    with monkeypatch.context() as patch:  # a program that knew version 1 only
        patch.setattr(schema_module, "SCHEMA_VERSION", 1)
        patch.setattr(schema_module, "migrations", lambda: migrations()[:1])
        from tui.core.store.postgres import store as store_module

        patch.setattr(store_module, "SCHEMA_VERSION", 1)
        old = PostgresStore(database, "ORT", clock=clock)
        old.add([message("a", clock)])
        old.close()
    assert versions(database) == [1]
    new = PostgresStore(database, "ORT", clock=clock)
    assert [m.id for m in new.messages()] == ["a"]
    assert new.migrated_from == 1
    assert versions(database) == list(range(1, SCHEMA_VERSION + 1))
    new.close()


def test_a_failing_migration_changes_nothing(
    database: str, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    broken = [*migrations(), (SCHEMA_VERSION + 1, "CREATE TABLE half_done (x int); SELEC 1;")]
    monkeypatch.setattr(schema_module, "SCHEMA_VERSION", SCHEMA_VERSION + 1)
    monkeypatch.setattr(schema_module, "migrations", lambda: broken)
    from tui.core.store.postgres import store as store_module

    monkeypatch.setattr(store_module, "SCHEMA_VERSION", SCHEMA_VERSION + 1)
    with pytest.raises(StoreError, match="svarte med en feil"):
        PostgresStore(database, "ORT", clock=clock).messages()
    with psycopg.connect(database) as connection:
        assert connection.execute("SELECT to_regclass('timedialog_schema')").fetchone() == (None,)
        assert connection.execute("SELECT to_regclass('half_done')").fetchone() == (None,)


def test_a_clerk_without_the_owners_rights_is_told_to_ask_it(database: str) -> None:
    with psycopg.connect(database, autocommit=True) as connection:
        role = unique_role("plain_clerk")
        connection.execute(f"CREATE ROLE {role} LOGIN")
    clerk = PostgresStore(clerk_url(database, role), "ORT")
    with pytest.raises(StoreError, match="timedialog init"):
        clerk.messages()
    with psycopg.connect(database) as connection:
        assert connection.execute("SELECT to_regclass('timedialog_schema')").fetchone() == (None,)


# Departments and grants ------------------------------------------------------------------------


def test_departments_share_the_database_and_see_their_own_messages(
    database: str, clock: FakeClock
) -> None:
    ort = PostgresStore(database, "ORT", clock=clock)
    nevro = PostgresStore(database, "NEVRO", clock=clock)
    ort.add([message("a", clock)])
    nevro.add([message("a", clock), message("b", clock)])  # the same id in another department
    assert [m.id for m in ort.messages()] == ["a"]
    assert [m.id for m in nevro.messages()] == ["a", "b"]
    ort.update("a", lambda m: setattr(m, "subject", "ORT sin"))
    assert nevro.get("a").subject == "Flytte time"
    assert (ort.revision(), nevro.revision()) == (2, 1)  # each department counts its own


def unique_role(name: str) -> str:
    """A role name no other test uses (roles belong to the whole server)."""
    return f"{name}_{uuid.uuid4().hex[:8]}"


def clerk_url(database: str, role: str) -> str:
    return with_parameters(database, user=role)


def grant_department(database: str, department: str, role: str) -> None:
    """What docs/postgresql.md tells the administrator to do for a department's role."""
    from psycopg import sql

    with psycopg.connect(database, autocommit=True) as connection:
        connection.execute(sql.SQL("CREATE ROLE {} NOLOGIN").format(sql.Identifier(role)))
        connection.execute(
            sql.SQL(
                "GRANT SELECT, INSERT, UPDATE ON departments, messages, records TO {0};"
                " GRANT SELECT ON timedialog_schema, department_roles TO {0};"
                " GRANT USAGE ON SEQUENCE messages_position_seq, records_number_seq TO {0}"
            ).format(sql.Identifier(role))
        )
        connection.execute(
            "INSERT INTO department_roles (department, role_name) VALUES (%s, %s)",
            (department, role),
        )


def test_a_department_role_reaches_its_own_department_only(
    store: PostgresStore, database: str, clock: FakeClock
) -> None:
    store.prepare()
    store.add([message("ort-1", clock)])
    PostgresStore(database, "NEVRO", clock=clock).add([message("nevro-1", clock)])
    department_role, kari_login = unique_role("timedialog_ort"), unique_role("kari")
    grant_department(database, "ORT", department_role)
    with psycopg.connect(database, autocommit=True) as connection:
        connection.execute(f"CREATE ROLE {kari_login} LOGIN IN ROLE {department_role}")

    kari = PostgresStore(clerk_url(database, kari_login), "ORT", clock=clock)
    assert [m.id for m in kari.messages()] == ["ort-1"]
    kari.update("ort-1", lambda m: setattr(m, "subject", "kari var her"))
    kari.add([message("ort-2", clock)])
    assert [m.subject for m in store.messages()] == ["kari var her", "Flytte time"]

    into_nevro = PostgresStore(clerk_url(database, kari_login), "NEVRO", clock=clock)
    assert into_nevro.messages() == []  # the rows are there, but not for kari
    with pytest.raises(StoreError):
        into_nevro.add([message("sneaked-in", clock)])
    assert [m.id for m in PostgresStore(database, "NEVRO").messages()] == ["nevro-1"]
    kari.close()
    into_nevro.close()


def test_a_role_that_may_only_read_is_read_only(
    store: PostgresStore, database: str, clock: FakeClock
) -> None:
    store.add([message("a", clock)])
    with psycopg.connect(database, autocommit=True) as connection:
        role = unique_role("reader")
        connection.execute(f"CREATE ROLE {role} LOGIN")
        connection.execute(f"GRANT SELECT ON ALL TABLES IN SCHEMA public TO {role}")
        connection.execute("INSERT INTO department_roles VALUES ('ORT', %s)", (role,))
    reader = PostgresStore(clerk_url(database, role), "ORT", clock=clock)
    assert [m.id for m in reader.messages()] == ["a"]
    assert reader.read_only
    with pytest.raises(StoreError, match="lesetilgang"):
        reader.update("a", lambda m: None)
    reader.close()


# Addresses, passwords, TLS, the driver ---------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "postgresql://kari:hemmelig@db.sykehus.no/timedialog",
        "postgresql://db.sykehus.no/timedialog?password=hemmelig",
    ],
)
def test_a_password_in_the_address_is_refused(url: str) -> None:
    with pytest.raises(StoreError, match="passord"):
        PostgresStore(url, "ORT")
    with pytest.raises(ConfigError, match="passord"):
        parse_config_text(f'[database]\nurl = "{url}"\ndepartment = "ORT"\n')


SSL_REQUEST = struct.pack("!i", 80877103)
GSS_REQUEST = struct.pack("!i", 80877104)


def test_tls_settings_go_to_libpq_as_they_are() -> None:
    """`sslmode=require` reaches libpq: a server that declines TLS is refused before a word.

    The test server listens on a unix socket, where libpq uses no TLS; this one is a listener
    on 127.0.0.1 that answers libpq's TLS request with PostgreSQL's "no".
    """
    asked: list[bytes] = []
    with socket.create_server(("127.0.0.1", 0)) as server:
        port = server.getsockname()[1]
        server.settimeout(15)

        def answer() -> None:
            with suppress(OSError):
                while True:  # each connection libpq makes; each request (TLS, GSS) gets a "no"
                    connection, _address = server.accept()
                    with connection:
                        while request := connection.recv(8):
                            asked.append(request)
                            if len(request) == 8 and request[4:] in (SSL_REQUEST, GSS_REQUEST):
                                connection.sendall(b"N")
                            else:
                                break  # a startup packet: libpq went on without TLS

        thread = threading.Thread(target=answer, daemon=True)
        thread.start()
        store = PostgresStore(f"postgresql://127.0.0.1:{port}/timedialog?sslmode=require", "ORT")
        with pytest.raises(StoreError, match="SSL"):
            store.messages()
    thread.join(timeout=20)
    assert asked
    assert all(request[4:] in (SSL_REQUEST, GSS_REQUEST) for request in asked)
    assert any(request[4:] == SSL_REQUEST for request in asked)


def test_a_missing_driver_says_which_extra_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "psycopg", None)
    with pytest.raises(StoreError, match=r"pip install 'timedialog\[postgres\]'"):
        PostgresStore("postgresql:///timedialog", "ORT").messages()


def test_no_department_is_a_clear_error() -> None:
    with pytest.raises(StoreError, match="department"):
        PostgresStore("postgresql:///timedialog", "")


# Choosing the store ----------------------------------------------------------------------------


def test_the_address_chooses_the_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    config = parse_config_text(
        '[database]\nurl = "postgresql://db.sykehus.no/timedialog?sslmode=verify-full"\n'
        'department = "ORT"\n'
    )
    monkeypatch.delenv("TIMEDIALOG_DB", raising=False)
    location = find_database(None, config)
    assert location == ServerLocation(
        "postgresql://db.sykehus.no/timedialog?sslmode=verify-full", "ORT"
    )
    assert isinstance(open_store(location), PostgresStore)
    file = tmp_path / "inbox.json"
    assert find_database(str(file), config) == DatabaseLocation(file, named=True)
    assert isinstance(open_store(find_database(str(file), config)), Store)
    monkeypatch.setenv("TIMEDIALOG_DB", "postgresql:///other")
    assert find_database(None, config) == ServerLocation("postgresql:///other", "ORT")
    assert find_database("postgres://h/db", None) == ServerLocation("postgres://h/db", "")


# Notifications and reconnection ----------------------------------------------------------------


def test_the_notification_carries_the_changed_ids(store: PostgresStore, clock: FakeClock) -> None:
    store.add([message("a", clock), message("b", clock)])
    reader = PostgresStore(store.url, "ORT", clock=clock)
    stop, woken, thread = watching(reader)
    try:
        assert woken.acquire(timeout=10)
        store.update("b", lambda m: setattr(m, "subject", "ny"))
        assert woken.acquire(timeout=10)
        assert reader.last_notice == {"revision": store.revision(), "roster": False, "ids": ["b"]}
    finally:
        stop.set()
        thread.join(timeout=10)


def test_a_dropped_watch_reconnects_and_catches_up(store: PostgresStore, clock: FakeClock) -> None:
    store.add([message("a", clock)])
    reader = PostgresStore(store.url, "ORT", clock=clock)
    stop, woken, thread = watching(reader)
    try:
        assert woken.acquire(timeout=10)
        seen = reader.revision()
        with psycopg.connect(store.url, autocommit=True) as admin:
            killed = admin.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                " WHERE query LIKE 'LISTEN%%' AND datname = current_database()"
            ).fetchall()
            assert killed == [(True,)]
            store.update("a", lambda m: setattr(m, "subject", "mens ingen lyttet"))
        assert woken.acquire(timeout=15)  # reconnected: once, to catch up
        assert reader.changes_since(seen).messages["a"].subject == "mens ingen lyttet"
        store.update("a", lambda m: setattr(m, "subject", "etterpå"))
        assert woken.acquire(timeout=10)  # and listening again
    finally:
        stop.set()
        thread.join(timeout=10)
    assert not thread.is_alive()


def test_the_store_reconnects_after_its_connection_dropped(
    store: PostgresStore, clock: FakeClock
) -> None:
    def drop() -> None:
        with psycopg.connect(store.url, autocommit=True) as admin:
            admin.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                " WHERE application_name = 'timedialog' AND datname = current_database()"
            )

    store.add([message("a", clock)])
    drop()
    assert [m.id for m in store.messages()] == ["a"]  # a read is asked again
    drop()
    with pytest.raises(StoreError, match="Får ikke kontakt"):
        store.add([message("b", clock)])  # a write is not repeated: the clerk is told
    assert [m.id for m in store.messages()] == ["a"]  # and nothing half-written
    store.add([message("b", clock)])  # the next change goes over a new connection
    assert [m.id for m in store.messages()] == ["a", "b"]
