"""`timedialog init`: make a new, empty database; one that exists is left as it is."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from tui.cli.common import CommonOptions, Subcommand, open_inbox
from tui.core.i18n import _

if TYPE_CHECKING:
    from tui.core.config.config import Config


def add_parser(commands: Any, common_options: CommonOptions) -> None:
    """Add `init` to the subcommand parser `commands`."""
    init = commands.add_parser(
        "init",
        help=_("opprett en ny, tom database (--db, TIMEDIALOG_DB eller standardstedet)"),
        description=_(
            "Oppretter databasen som --db (eller TIMEDIALOG_DB) angir, i en mappe som finnes. "
            "En database som finnes fra før, blir ikke endret. Ingen annen kommando oppretter "
            "en database som er angitt med sti."
        ),
    )
    common_options(init)


def run(args: argparse.Namespace, config: Config) -> int:
    """Make the database; say whether it was made or was there already."""
    inbox = open_inbox(args, config, create=True)
    store = inbox.store
    if store.exists():
        store.prepare()  # a server's schema may be older than this program: brought up to date
        print(
            _("Databasen {file} finnes fra før; ingenting er endret.").format(file=store.location)
        )
        return 0
    store.prepare()
    print(_("Ny, tom database opprettet: {file}").format(file=store.location))
    return 0


COMMAND = Subcommand(add_parser, run)
