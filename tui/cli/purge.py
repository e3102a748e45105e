"""`timedialog purge [--dry-run]`: erase patient data past `retention_days` now.

The app does this by itself once a day; `--dry-run` shows what would be erased.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from tui.cli.common import CommonOptions, Subcommand, open_inbox, warn
from tui.core.i18n import _

if TYPE_CHECKING:
    from tui.core.config.config import Config
    from tui.core.workflow.inbox import Inbox


def add_parser(commands: Any, common_options: CommonOptions) -> None:
    """Add `purge [--dry-run]` to the subcommand parser `commands`."""
    purge = commands.add_parser(
        "purge",
        help=_("slett personopplysninger i meldinger lukket for mer enn retention_days siden"),
        description=_(
            "Sletter tekst, emne, navn, fødselsnummer og DIPS-referanse i meldinger som ble "
            "lukket for mer enn retention_days dager siden, i databasen, arkivet og "
            "sikkerhetskopiene, og gamle filer i slippmappene. Statistikken blir stående. "
            "Appen gjør dette selv hver dag; --dry-run viser hva som ville blitt slettet."
        ),
    )
    purge.add_argument(
        "--dry-run", action="store_true", help=_("vis hva som ville blitt slettet, uten å slette")
    )
    common_options(purge)


def run(args: argparse.Namespace, config: Config) -> int:
    """Run the purge (or its dry run) on the database in force."""
    inbox = open_inbox(args, config)
    warn(inbox)
    if not args.dry_run:
        inbox.store.check_writable()
    return run_purge(inbox, dry_run=args.dry_run)


def run_purge(inbox: Inbox, *, dry_run: bool) -> int:
    """Run the purge (or its dry run) and print the report."""
    from tui.core.privacy.retention import purge_expired

    if not dry_run:
        inbox.store.prepare()
    report = purge_expired(inbox, dry_run=dry_run)
    for line in report.lines():
        print(line)
    return 0


COMMAND = Subcommand(add_parser, run)
