"""`timedialog import PATH...`: import Helsenorge message files, folders and zip archives."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tui.cli.common import CommonOptions, Subcommand, open_inbox, warn
from tui.core.i18n import _

if TYPE_CHECKING:
    from tui.core.config.config import Config


def add_parser(commands: Any, common_options: CommonOptions) -> None:
    """Add `import` to the subcommand parser `commands`."""
    importing = commands.add_parser(
        "import",
        help=_("importer Helsenorge-meldinger (filer, mapper eller zip-arkiv)"),
        description=_(
            "Importerer MsgHead/Dialogmelding-filer. En mappe leses med alle undermapper; "
            "zip-arkiv leses fil for fil. Trygt å kjøre flere ganger: det som finnes fra før, "
            "legges ikke til igjen. Avslutter med kode 1 når minst én fil ble avvist, eller "
            "når det ikke fantes noen filer å importere."
        ),
    )
    importing.add_argument("paths", nargs="+", metavar="STI", help=_("fil, mappe eller zip-arkiv"))
    common_options(importing)


def run(args: argparse.Namespace, config: Config) -> int:
    """Import the files; exit 1 when a file was rejected or there was nothing to import."""
    from tui.core.helsenorge.importer import Importer

    inbox = open_inbox(args, config)
    warn(inbox)
    inbox.store.check_writable()  # before reading the files: none could be added
    report = Importer(inbox).import_paths([Path(path) for path in args.paths])
    if report.results:
        for line in report.lines():
            print(line)
    if report.nothing_to_import:
        print(report.nothing_line())
        return 1
    return 1 if report.any_rejected else 0


COMMAND = Subcommand(add_parser, run)
