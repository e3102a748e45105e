"""`timedialog migrate --from SOURCE --to TARGET`: move a department's database to another store.

From a database file to PostgreSQL (`--to postgresql://…`, the department from `[database]
department`), or back (`--from postgresql://… --to file.json`). Everything moves (messages,
archive, roster, history, logs); the counts are read back from the target and compared; the
source is left as it was. The target must be empty.
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, Any

from tui.cli.common import CommonOptions, Subcommand, fail
from tui.core.i18n import _

if TYPE_CHECKING:
    from tui.core.config.config import Config


def add_parser(commands: Any, common_options: CommonOptions) -> None:
    """Add `migrate` to the subcommand parser `commands`."""
    migrate = commands.add_parser(
        "migrate",
        help=_("flytt en avdelings database mellom fil og PostgreSQL (tallene kontrolleres)"),
        description=_(
            "Flytter alt i en avdelings database (meldinger, arkiv, vaktliste, historikk) fra "
            "en databasefil til PostgreSQL, eller tilbake. Kilden endres ikke; målet må være "
            "tomt. Avdelingen på tjeneren er [database] department i konfigurasjonen."
        ),
    )
    migrate.add_argument("--from", dest="source", required=True, metavar="DB")
    migrate.add_argument("--to", dest="target", required=True, metavar="DB")
    common_options(migrate)


def run(args: argparse.Namespace, config: Config) -> int:
    """Move everything; print the counts. Exit 1 when anything failed (the target is told)."""
    from tui.core.config.paths import find_database, open_store
    from tui.core.store.transfer import transfer

    source_location = find_database(args.source, config)
    source_location.check(create=False)
    target_location = find_database(args.target, config)
    target_location.check(create=True)
    if source_location == target_location:
        return fail(_("Kilde og mål er samme database."))
    source = open_store(source_location, group=config.shared_group)
    target = open_store(target_location, group=config.shared_group)
    counts = transfer(source, target)
    print(
        _("Flyttet fra {source} til {target}; tallene stemmer:").format(
            source=source.location, target=target.location
        )
    )
    for name, count in counts.items():
        print(f"  {name}: {count}", file=sys.stdout)
    return 0


COMMAND = Subcommand(add_parser, run)
