"""`timedialog demo --db PATH`: put the demo inbox (test persons only) into a database."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from tui.cli.common import CommonOptions, Subcommand, fail, open_inbox
from tui.core.i18n import _

if TYPE_CHECKING:
    from tui.core.config.config import Config


def add_parser(commands: Any, common_options: CommonOptions) -> None:
    """Add `demo` to the subcommand parser `commands`."""
    demo = commands.add_parser(
        "demo",
        help=_("legg demo-meldingene inn i databasen --db (til opplæring og prøving)"),
        description=_(
            "Legger demo-innboksen (bare testpersoner) inn i databasen som --db angir, så flere "
            "kan prøve den samme innboksen samtidig. --db må oppgis: demoen skal aldri havne i "
            "den ekte innboksen. Trygt å kjøre flere ganger."
        ),
    )
    common_options(demo)


def run(args: argparse.Namespace, config: Config) -> int:
    """Add the demo messages to the database `--db` names (never the real inbox)."""
    if not args.db:  # never $TIMEDIALOG_DB or the default: that is the real inbox
        return fail(_("Oppgi databasen med --db: demoen skal ikke havne i den ekte innboksen."))
    from tui.core.workflow.demo import demo_messages

    inbox = open_inbox(args, config, create=True)  # putting the demo into PATH is its purpose
    result = inbox.store.add(demo_messages(inbox))
    print(
        _("{added} demo-meldinger lagt inn i {file} ({existing} fantes fra før).").format(
            added=len(result.added), file=inbox.store.location, existing=len(result.existing)
        )
    )
    return 0


COMMAND = Subcommand(add_parser, run)
