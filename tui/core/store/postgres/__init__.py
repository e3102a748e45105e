"""The shared inbox in a PostgreSQL database: for hospitals that serve clerks from several hosts.

`--db postgresql://…` (or `TIMEDIALOG_DB`, or `[database] url`) selects it; the file store
stays the default. psycopg 3 comes with the `postgres` extra (`pip install
'timedialog[postgres]'`) and is imported only when a server is named. The address is handed
to libpq as it is, so libpq's own settings apply: the service file (`postgresql://?service=…`),
`.pgpass`, peer authentication, and TLS (`sslmode`, `sslrootcert`, …). A password written in
the address is refused: it would be on the command line or in the configuration file.
"""

from __future__ import annotations

from types import ModuleType
from urllib.parse import parse_qs, urlsplit

from tui.core.i18n import _
from tui.core.store.dbfile import StoreError

SCHEMES = ("postgresql://", "postgres://")


def is_server_url(text: str) -> bool:
    """True when `text` names a PostgreSQL database rather than a database file."""
    return text.lower().startswith(SCHEMES)


def check_url(url: str) -> None:
    """Refuse an address with a password in it (`StoreError`, in Norwegian)."""
    parts = urlsplit(url)
    if parts.password is not None or "password" in parse_qs(parts.query):
        raise StoreError(
            _(
                "Databaseadressen inneholder et passord. Passord skal aldri stå på "
                "kommandolinjen eller i konfigurasjonsfilen: bruk libpq sin .pgpass-fil, en "
                "tjenestefil (service=…) eller peer-autentisering."
            )
        )


def psycopg_module() -> ModuleType:
    """psycopg, or a `StoreError` that says how to install it."""
    try:
        import psycopg
    except ImportError as error:
        raise StoreError(
            _(
                "PostgreSQL-databasen trenger tillegget «postgres», som ikke er installert "
                "(psycopg mangler). Installer det med: pip install 'timedialog[postgres]'"
            )
        ) from error
    return psycopg
