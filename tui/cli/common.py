"""What every subcommand shares: the common options, the clerk's inbox, errors and warnings.

A subcommand is a module of `tui.cli` with a `COMMAND`: a `Subcommand` that adds its parser
and runs it. `tui.cli.main` lists them in one table and dispatches on it. The core is imported
inside the functions: the command line loads it only once the collector is off for the
start-up (see `tui.cli.main.main`), and each command loads only what it uses.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from tui.core.i18n import _

if TYPE_CHECKING:
    from tui.core.config.config import Config
    from tui.core.texts.library import TextLibrary
    from tui.core.workflow.inbox import Inbox

CommonOptions = Callable[[argparse.ArgumentParser], None]
"""Adds the options every command takes to a subcommand's parser."""


@dataclass(frozen=True)
class Subcommand:
    """One subcommand: how its parser is made, and how it runs."""

    add_parser: Callable[[Any, CommonOptions], None]
    """Adds its parser to argparse's subparsers (`commands.add_parser(...)`), with the
    common options."""
    run: Callable[[argparse.Namespace, Config], int] | None = None
    """Runs it once the configuration is read; returns the exit status."""
    run_unconfigured: Callable[[argparse.Namespace], int] | None = None
    """Runs it before any configuration is read (`config` reports the configuration's
    errors itself); used instead of `run`."""


def common_options(parser: argparse.ArgumentParser, *, top: bool) -> None:
    """Options every command takes, before or after the subcommand's name."""
    # Subcommands use SUPPRESS so a value given before the subcommand is not reset to None.
    default = None if top else argparse.SUPPRESS
    parser.add_argument(
        "--db",
        metavar="PATH",
        default=default,
        help=_("databasefil, eller postgresql://… for en database på en PostgreSQL-tjener"),
    )
    parser.add_argument("--config", metavar="PATH", default=default, help=_("konfigurasjonsfil"))
    parser.add_argument(
        "--user",
        default=default,
        help=_("brukernavn: bare ditt eget, unntatt med --demo eller i en database bare du når"),
    )
    parser.add_argument(
        "--lang", choices=("nb", "en"), default=default, help=_("språk (nb eller en)")
    )


def fail(message: str, code: int = 2) -> int:
    """Write `message` to standard error; return the exit status `code`."""
    print(message, file=sys.stderr)
    return code


def open_inbox(
    args: argparse.Namespace,
    config: Config,
    library: TextLibrary | None = None,
    *,
    create: bool = False,
) -> Inbox:
    """The clerk's inbox on the database in force; a named one must exist unless `create`."""
    from tui.core.config.paths import find_database, open_store
    from tui.core.identity import clerk_name
    from tui.core.workflow.inbox import Inbox

    location = find_database(args.db, config)
    location.check(create=create)  # a StoreError: a missing folder or file, nothing made
    user = clerk_name(args.user, demo=bool(getattr(args, "demo", False)), database=location.path)
    store = open_store(location, group=config.shared_group)
    return Inbox(store, config, user, library=library)


def warn(inbox: Inbox) -> None:
    """Print a warning for each file with patient data that more people may read."""
    from tui.core.privacy.files import file_warnings

    for warning in file_warnings(inbox):
        print(warning, file=sys.stderr)


def run_rule(
    work: Callable[[argparse.Namespace, Config], int], args: argparse.Namespace, config: Config
) -> int:
    """Run a rule's command (`deadline`, `fee`) for `--department`, if given and known.

    An unknown department, or a value the rule cannot read (`ValueError`), ends with exit
    status 2 and the reason.
    """
    code = args.department
    if code and config.department(code) is None:
        known = ", ".join(d.code for d in config.departments)
        return fail(_("Ukjent avdeling «{code}». Kjente: {known}").format(code=code, known=known))
    try:
        return work(args, config)
    except ValueError as error:
        return fail(str(error))
