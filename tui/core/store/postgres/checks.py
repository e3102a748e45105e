"""What `timedialog doctor` checks on a PostgreSQL database: connection, schema, grants.

Each check gives a line for IT: what was checked, and whether it holds. Nothing is changed:
the schema's version is read, not migrated, and the grants are asked of the server
(`has_table_privilege`), not tried.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from tui.core.i18n import _
from tui.core.store.dbfile import StoreError
from tui.core.store.postgres import psycopg_module
from tui.core.store.postgres.schema import SCHEMA_VERSION, schema_version
from tui.core.store.postgres.store import PostgresStore

if TYPE_CHECKING:
    import psycopg

TABLE_RIGHTS = {
    "messages": ("SELECT", "INSERT", "UPDATE"),
    "departments": ("SELECT", "INSERT", "UPDATE"),
    "records": ("SELECT", "INSERT"),
    "timedialog_schema": ("SELECT",),
    "department_roles": ("SELECT",),
}
SEQUENCES = ("messages_position_seq", "records_number_seq")


@dataclass(frozen=True)
class Check:
    """One thing checked, and whether it holds."""

    ok: bool
    text: str


def check_server(store: PostgresStore) -> list[Check]:
    """Connection, schema version, the login's grants and its department: a line each."""
    driver = psycopg_module()
    try:
        connection = store.connect()
    except StoreError as error:
        return [Check(False, str(error))]
    checks: list[Check] = []
    with connection:
        info = connection.info
        tls = _("med TLS") if connection.pgconn.ssl_in_use else _("uten TLS")
        checks.append(
            Check(
                True,
                _("Tilkoblet {host} som {user}, PostgreSQL {version}, {tls}.").format(
                    host=info.host, user=info.user, version=info.server_version, tls=tls
                ),
            )
        )
        try:
            version = schema_version(connection)
        except driver.Error as error:
            version = SCHEMA_VERSION  # unknown: the grants below say what is missing
            reason = str(error).strip().splitlines()[0]
            checks.append(
                Check(False, _("Skjemaversjonen kan ikke leses: {reason}").format(reason=reason))
            )
        else:
            checks.append(_version_check(version))
        if version != SCHEMA_VERSION:
            return checks
        try:
            checks += _grants(connection, store.department)
        except driver.Error as error:
            checks.append(Check(False, str(error).strip()))
    return checks


def _version_check(version: int) -> Check:
    if version == SCHEMA_VERSION:
        return Check(True, _("Skjemaversjon {version}.").format(version=version))
    if version > SCHEMA_VERSION:
        return Check(
            False,
            _(
                "Skjemaversjon {version} er nyere enn programmets {known}: oppdater timedialog."
            ).format(version=version, known=SCHEMA_VERSION),
        )
    return Check(
        False,
        _(
            "Skjemaversjon {version}, programmet trenger {known}: kjør «timedialog init» som "
            "databasens eier."
        ).format(version=version, known=SCHEMA_VERSION),
    )


def _grants(connection: psycopg.Connection[Any], department: str) -> list[Check]:
    checks: list[Check] = []
    missing = []
    for table, rights in TABLE_RIGHTS.items():
        for right in rights:
            row = connection.execute(
                "SELECT has_table_privilege(%s, %s)", (table, right)
            ).fetchone()
            if not (row and row[0]):
                missing.append(f"{right} ON {table}")
    for sequence in SEQUENCES:
        row = connection.execute(
            "SELECT has_sequence_privilege(%s, 'USAGE')", (sequence,)
        ).fetchone()
        if not (row and row[0]):
            missing.append(f"USAGE ON SEQUENCE {sequence}")
    if missing:
        checks.append(
            Check(False, _("Rettigheter mangler: {missing}.").format(missing=", ".join(missing)))
        )
    else:
        checks.append(Check(True, _("Rettighetene til tabellene er på plass.")))
    row = connection.execute(
        "SELECT c.relowner = u.oid OR u.rolbypassrls OR u.rolsuper,"
        " timedialog_may_use(%s)"
        " FROM pg_class c, pg_roles u WHERE c.relname = 'messages' AND u.rolname = current_user",
        (department,),
    ).fetchone()
    bypasses, may_use = (bool(row[0]), bool(row[1])) if row else (False, False)
    if bypasses:
        checks.append(
            Check(
                True,
                _(
                    "Innloggingen eier tabellene (eller er superbruker): den ser alle "
                    "avdelingene. Gi ekspeditørene egne innlogginger i avdelingens rolle."
                ),
            )
        )
    elif may_use:
        checks.append(
            Check(
                True,
                _("Innloggingen hører til avdelingen {department}.").format(department=department),
            )
        )
    else:
        checks.append(
            Check(
                False,
                _(
                    "Innloggingen er ikke medlem av noen rolle for avdelingen {department} "
                    "(tabellen department_roles): den ser ingen meldinger."
                ).format(department=department),
            )
        )
    return checks
