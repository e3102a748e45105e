"""The `timedialog` command: the app, and subcommands for scripts and quick lookups.

Textual is imported only when the app starts or a text is looked up, so `list` and the other
subcommands start fast.
"""

from __future__ import annotations

import argparse
import getpass
import json
import shutil
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

from tui import __version__, text_command
from tui.core.config import Config, ConfigError, load_config
from tui.core.i18n import _, detect_language, set_language
from tui.core.inbox import Inbox, oslo_now
from tui.core.paths import find_db_path
from tui.core.store import Store, StoreError
from tui.core.texts import TextLibrary


def _common_options(parser: argparse.ArgumentParser, *, top: bool) -> None:
    """Options every command takes, before or after the subcommand's name."""
    # Subcommands use SUPPRESS so a value given before the subcommand is not reset to None.
    default = None if top else argparse.SUPPRESS
    parser.add_argument("--db", metavar="PATH", default=default, help=_("databasefil"))
    parser.add_argument("--config", metavar="PATH", default=default, help=_("konfigurasjonsfil"))
    parser.add_argument(
        "--user", default=default, help=_("brukernavn (standard: innlogget bruker)")
    )
    parser.add_argument(
        "--lang", choices=("nb", "en"), default=default, help=_("språk (nb eller en)")
    )


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every subcommand."""
    parser = argparse.ArgumentParser(
        prog="timedialog",
        description=_("Innboks og standardtekster for meldinger fra pasienter om timer."),
    )
    parser.add_argument("--version", action="version", version=f"timedialog {__version__}")
    parser.add_argument(
        "--demo",
        action="store_true",
        help=_("åpne en fersk, midlertidig kopi av demo-innboksen (endrer ingenting)"),
    )
    _common_options(parser, top=True)
    commands = parser.add_subparsers(dest="command", metavar="KOMMANDO")

    listing = commands.add_parser("list", help=_("skriv ut meldingene"))
    listing.add_argument("--json", action="store_true", help=_("som JSON"))
    _common_options(listing, top=False)

    text = commands.add_parser("text", help=_("finn, list eller kontroller standardtekstene"))
    text_command.add_arguments(text)
    _common_options(text, top=False)
    return parser


def _fail(message: str, code: int = 2) -> int:
    print(message, file=sys.stderr)
    return code


def _inbox(args: argparse.Namespace, config: Config) -> Inbox:
    user = args.user or getpass.getuser()
    return Inbox(Store(find_db_path(args.db)), config, user)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    set_language(detect_language())
    args = build_parser().parse_args(argv)
    if args.lang:
        set_language(args.lang)
    try:
        config = load_config(args.config)
    except ConfigError as error:
        return _fail(str(error))
    library = TextLibrary.from_config(config)
    try:
        if args.command == "list":
            return _list(_inbox(args, config), as_json=args.json)
        if args.command == "text":
            return text_command.run(args, config, library, oslo_now().date())
        return _run_app(args, config, library)
    except StoreError as error:
        return _fail(str(error), 1)


def _list(inbox: Inbox, *, as_json: bool) -> int:
    messages = inbox.messages()
    if as_json:
        rows = [
            {
                "id": m.id,
                "category": m.category.value,
                "status": m.status.value,
                "deadline": m.deadline.isoformat(),
                "department": m.department,
                "received": m.received.isoformat(),
                "subject": m.subject,
                "answered_by": m.answered_by,
            }
            for m in messages
        ]
        json.dump(rows, sys.stdout, ensure_ascii=False, indent=2)
        print()
        return 0
    for m in messages:
        print(
            f"{m.deadline.isoformat()}  {m.department:<6} {m.category.value:<12} "
            f"{m.status.value:<10} {m.subject}"
        )
    return 0


def _run_app(args: argparse.Namespace, config: Config, library: TextLibrary) -> int:
    demo_folder: Path | None = None
    if args.demo:
        demo_folder = Path(tempfile.mkdtemp(prefix="timedialog-demo-"))
        args.db = str(demo_folder / "demo.json")
    inbox = _inbox(args, config)
    try:
        if demo_folder is not None:
            from tui.core.demo import demo_messages

            inbox.store.add(demo_messages(inbox))
        # Read before the app starts, so the first frame shows the inbox; a bad file stops
        # here with a clear message instead of inside the full-screen app.
        messages = inbox.messages()
        from tui.app import TimedialogApp

        TimedialogApp(inbox, library, initial_messages=messages).run()
    finally:
        if demo_folder is not None:
            shutil.rmtree(demo_folder, ignore_errors=True)
    return 0
