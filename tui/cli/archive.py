"""`timedialog archive`: move old answered and closed messages to the archive now."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from tui.cli.common import CommonOptions, Subcommand, open_inbox
from tui.core.i18n import _, ngettext

if TYPE_CHECKING:
    from tui.core.config.config import Config


def add_parser(commands: Any, common_options: CommonOptions) -> None:
    """Add `archive` to the subcommand parser `commands`."""
    archive = commands.add_parser(
        "archive", help=_("flytt gamle besvarte og lukkede meldinger til arkivet")
    )
    common_options(archive)


def run(args: argparse.Namespace, config: Config) -> int:
    """Archive what is due and say how many messages moved."""
    inbox = open_inbox(args, config)
    inbox.store.prepare()
    moved = inbox.archive_done()
    print(
        ngettext(
            "{count} melding flyttet til arkivet.",
            "{count} meldinger flyttet til arkivet.",
            len(moved),
        ).format(count=len(moved))
    )
    return 0


COMMAND = Subcommand(add_parser, run)
