"""The `timedialog` command: the app, and subcommands for scripts and quick lookups.

Each subcommand is a module of `tui.cli` (`SUBCOMMANDS` names them); its module is loaded only
when its parser is built or it runs. Textual is imported only when the app starts or a text
is looked up, so `list` and the other subcommands start fast. The domain's modules are
imported inside `main`, once the collector is off for the start-up (see `main`).
"""

from __future__ import annotations

import argparse
import gc
import importlib
import os
import sys
from collections.abc import Sequence
from contextlib import suppress
from functools import partial
from typing import NoReturn

from tui import __version__
from tui.cli.common import Subcommand, common_options, fail
from tui.core.i18n import LANGUAGES, _, detect_language, set_language

SUBCOMMANDS = {
    "list": "listing",
    "archive": "archive",
    "init": "init",
    "import": "importing",
    "demo": "demo",
    "text": "text",
    "serve": "serve",
    "config": "config",
    "deadline": "deadline",
    "fee": "fee",
    "report": "report",
    "purge": "purge",
    "migrate": "migrate",
    "doctor": "doctor",
}
"""Each subcommand's name, and its module in `tui.cli` (in the order the help lists them)."""


def subcommand(name: str) -> Subcommand:
    """The subcommand `name` (its module is loaded now)."""
    command: Subcommand = importlib.import_module(f"tui.cli.{SUBCOMMANDS[name]}").COMMAND
    return command


class _NotOnlyTheAppError(Exception):
    """The command line does more than start the app: the full parser reads it."""


class _AppParser(argparse.ArgumentParser):
    """The top-level options alone; any error is left to the full parser to report."""

    def error(self, message: str) -> NoReturn:
        """Hand the command line over instead of ending the program."""
        raise _NotOnlyTheAppError(message)


def parse_arguments(argv: Sequence[str] | None = None) -> argparse.Namespace:
    """The command line, parsed; `command` is None when it starts the app.

    A command line that only starts the app (the usual case, and the one whose start-up is
    timed) is read by a parser of the top-level options: building every subcommand's parser,
    and loading their modules, would add to the start-up. Anything else, `--help`, `--version`
    and mistakes included, is read by `build_parser()`.
    """
    app_only = _AppParser(prog="timedialog", add_help=False)
    app_only.add_argument("--demo", action="store_true")
    common_options(app_only, top=True)
    with suppress(_NotOnlyTheAppError):
        args, rest = app_only.parse_known_args(argv)
        if not rest:
            args.command = None
            return args
    return build_parser().parse_args(argv)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every subcommand."""
    from tui.cli.language import localise_argparse, localise_metavars

    localise_argparse()
    parser = argparse.ArgumentParser(
        prog="timedialog",
        description=_("Innboks og standardtekster for meldinger fra pasienter om timer."),
    )
    parser.add_argument(
        "--version",
        action="version",
        version=f"timedialog {__version__}",
        help=_("vis versjonsnummeret og avslutt"),
    )
    parser.add_argument(
        "--demo",
        action="store_true",
        help=_("åpne en fersk, midlertidig kopi av demo-innboksen (endrer ingenting)"),
    )
    common_options(parser, top=True)
    commands = parser.add_subparsers(dest="command", metavar="KOMMANDO")
    for name in SUBCOMMANDS:
        subcommand(name).add_parser(commands, partial(common_options, top=False))
    localise_metavars(parser)
    return parser


EXIT_BROKEN_PIPE = 141
"""The status for output cut off by its reader: 128 + SIGPIPE, as the shell's own tools give."""


def run() -> NoReturn:
    """The `timedialog` command (and `python -m tui`): `main`, in a process that dumps no core."""
    from tui.hardening import forbid_core_dumps

    forbid_core_dumps()
    sys.exit(main())


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status.

    A programming error ends with a report that shows where, but neither the error's text nor
    any variable's value: either may hold patient data (see `tui.crash`).
    """
    # Starting the app imports Textual and reads the inbox: many objects and no garbage, so
    # the collector would run dozens of times for nothing (bench/startup.py). The app
    # turns it back on once the first frame is painted; every other command, at once.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _main(argv, collecting)
    except BrokenPipeError:
        # The reader stopped reading (`timedialog list | head`): no error of ours. Python
        # would report the same again when it flushes the output at exit, so it goes nowhere.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_BROKEN_PIPE
    except Exception as error:
        from tui.crash import print_crash_report

        print_crash_report(error)
        return 1
    finally:
        if collecting:
            gc.enable()


def _language_asked(argv: Sequence[str]) -> str | None:
    """`--lang X` (or `--lang=X`) anywhere on the command line, or None.

    Read before the parser is built, so the help and argparse's errors are written in the
    language asked for.
    """
    for index, argument in enumerate(argv):
        value = argument.partition("=")[2] if argument.startswith("--lang=") else None
        if argument == "--lang" and index + 1 < len(argv):
            value = argv[index + 1]
        if value in LANGUAGES:
            return value
    return None


def _main(argv: Sequence[str] | None, collecting: bool) -> int:
    set_language(_language_asked(sys.argv[1:] if argv is None else argv) or detect_language())
    args = parse_arguments(argv)
    if args.command is not None and collecting:
        gc.enable()  # only the app's start-up goes without the collector
    if args.lang:
        set_language(args.lang)
    command = subcommand(args.command) if args.command is not None else None
    if command is not None and command.run_unconfigured is not None:
        return command.run_unconfigured(args)
    from tui.core.config.config import ConfigError, load_config
    from tui.core.identity import IdentityError
    from tui.core.store.store import StoreError

    try:
        config = load_config(args.config)
    except ConfigError as error:
        return fail(str(error))
    try:
        if command is None:
            from tui.cli.start_app import run_app

            return run_app(args, config)
        assert command.run is not None, f"{args.command} runs without a configuration"
        return command.run(args, config)
    except StoreError as error:
        return fail(str(error), 1)
    except (ConfigError, IdentityError) as error:
        return fail(str(error))
