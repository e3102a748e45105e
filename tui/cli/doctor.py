"""`timedialog doctor`: check the database in force, for IT.

A PostgreSQL database: the connection (and whether it uses TLS), the schema's version, the
login's grants and its department (`tui.core.store.postgres.checks`). A database file: that it
reads, its schema version, and who may read its files. Nothing is changed; exit 0 when all
holds, 1 otherwise.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from tui.cli.common import CommonOptions, Subcommand
from tui.core.i18n import _

if TYPE_CHECKING:
    from tui.core.config.config import Config


def add_parser(commands: Any, common_options: CommonOptions) -> None:
    """Add `doctor` to the subcommand parser `commands`."""
    doctor = commands.add_parser(
        "doctor",
        help=_("sjekk databasen: tilkobling, skjemaversjon og rettigheter"),
    )
    common_options(doctor)


def run(args: argparse.Namespace, config: Config) -> int:
    """Print a line per check; exit 1 when one fails."""
    from tui.core.config.paths import find_database, open_store
    from tui.core.store.postgres.checks import Check, check_server
    from tui.core.store.postgres.store import PostgresStore
    from tui.core.store.store import StoreError

    location = find_database(args.db, config)
    location.check(create=False)
    store = open_store(location, group=config.shared_group)
    print(_("Database: {location}").format(location=store.location))
    if isinstance(store, PostgresStore):
        checks = check_server(store)
    else:
        try:
            count = len(store.messages())
            checks = [
                Check(True, _("Databasefilen kan leses ({count} meldinger).").format(count=count))
            ]
        except StoreError as error:
            checks = [Check(False, str(error))]
        checks += [Check(False, warning) for warning in store.warnings()]
    for check in checks:
        print(("OK    " if check.ok else "FEIL  ") + check.text)
    return 0 if all(check.ok for check in checks) else 1


COMMAND = Subcommand(add_parser, run)
