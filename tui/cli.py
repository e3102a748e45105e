"""The `timedialog` command: the app, and subcommands for scripts and quick lookups.

Textual is imported only when the app starts or a text is looked up, so `list` and the other
subcommands start fast. The domain's modules are imported inside `main`, once the collector is
off for the start-up (see `main`).
"""

from __future__ import annotations

import argparse
import gc
import os
import shutil
import sys
import tempfile
from collections.abc import Sequence
from contextlib import suppress
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

from tui import __version__
from tui.core.i18n import LANGUAGES, _, detect_language, ngettext, set_language

if TYPE_CHECKING:
    from tui.core.config.config import Config
    from tui.core.texts.library import TextLibrary
    from tui.core.workflow.inbox import Inbox


def _common_options(parser: argparse.ArgumentParser, *, top: bool) -> None:
    """Options every command takes, before or after the subcommand's name."""
    # Subcommands use SUPPRESS so a value given before the subcommand is not reset to None.
    default = None if top else argparse.SUPPRESS
    parser.add_argument("--db", metavar="PATH", default=default, help=_("databasefil"))
    parser.add_argument("--config", metavar="PATH", default=default, help=_("konfigurasjonsfil"))
    parser.add_argument(
        "--user",
        default=default,
        help=_("brukernavn: bare ditt eget, unntatt med --demo eller i en database bare du når"),
    )
    parser.add_argument(
        "--lang", choices=("nb", "en"), default=default, help=_("språk (nb eller en)")
    )


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
    _common_options(app_only, top=True)
    with suppress(_NotOnlyTheAppError):
        args, rest = app_only.parse_known_args(argv)
        if not rest:
            args.command = None
            return args
    return build_parser().parse_args(argv)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every subcommand."""
    from tui import serve, text_command
    from tui.cli_language import localise_argparse, localise_metavars
    from tui.cli_privacy import add_output_option, add_patient_data_flag, add_purge_command

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
    _common_options(parser, top=True)
    commands = parser.add_subparsers(dest="command", metavar="KOMMANDO")

    listing = commands.add_parser("list", help=_("skriv ut meldingene"))
    listing.add_argument("--json", action="store_true", help=_("som JSON"))
    listing.add_argument(
        "--archive", action="store_true", help=_("søk i arkivet (besvarte og lukkede meldinger)")
    )
    listing.add_argument("query", nargs="*", help=_("søkeord (alle må finnes i meldingen)"))
    add_patient_data_flag(listing)
    add_output_option(listing)
    _common_options(listing, top=False)

    archive = commands.add_parser(
        "archive", help=_("flytt gamle besvarte og lukkede meldinger til arkivet")
    )
    _common_options(archive, top=False)

    init = commands.add_parser(
        "init",
        help=_("opprett en ny, tom database (--db, TIMEDIALOG_DB eller standardstedet)"),
        description=_(
            "Oppretter databasen som --db (eller TIMEDIALOG_DB) angir, i en mappe som finnes. "
            "En database som finnes fra før, blir ikke endret. Ingen annen kommando oppretter "
            "en database som er angitt med sti."
        ),
    )
    _common_options(init, top=False)

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
    _common_options(importing, top=False)

    demo = commands.add_parser(
        "demo",
        help=_("legg demo-meldingene inn i databasen --db (til opplæring og prøving)"),
        description=_(
            "Legger demo-innboksen (bare testpersoner) inn i databasen som --db angir, så flere "
            "kan prøve den samme innboksen samtidig. --db må oppgis: demoen skal aldri havne i "
            "den ekte innboksen. Trygt å kjøre flere ganger."
        ),
    )
    _common_options(demo, top=False)

    text = commands.add_parser("text", help=_("finn, list eller kontroller standardtekstene"))
    text_command.add_arguments(text)
    _common_options(text, top=False)

    serving = commands.add_parser(
        "serve",
        help=_("vis appen i en nettleser (textual-serve, bare denne maskinen som standard)"),
    )
    serve.add_arguments(serving)
    serving.add_argument(
        "--demo",
        action="store_true",
        default=argparse.SUPPRESS,
        help=_("hver nettleserfane får sin egen, midlertidige demo-innboks"),
    )
    _common_options(serving, top=False)

    from tui.cli_rules import add_rule_commands

    add_rule_commands(commands, partial(_common_options, top=False))
    from tui.cli_report import add_report_command

    add_report_command(commands, partial(_common_options, top=False))
    add_purge_command(commands, partial(_common_options, top=False))
    localise_metavars(parser)
    return parser


def _fail(message: str, code: int = 2) -> int:
    print(message, file=sys.stderr)
    return code


def _inbox(
    args: argparse.Namespace,
    config: Config,
    library: TextLibrary | None = None,
    *,
    create: bool = False,
) -> Inbox:
    """The clerk's inbox on the database in force; a named one must exist unless `create`."""
    from tui.core.config.paths import find_database
    from tui.core.identity import clerk_name
    from tui.core.store.store import Store
    from tui.core.workflow.inbox import Inbox

    location = find_database(args.db)
    location.check(create=create)  # a StoreError: a missing folder or file, nothing made
    user = clerk_name(args.user, demo=bool(getattr(args, "demo", False)), database=location.path)
    store = Store(location.path, group=config.shared_group)
    return Inbox(store, config, user, library=library)


def _warn(inbox: Inbox) -> None:
    from tui.core.privacy.files import file_warnings

    for warning in file_warnings(inbox):
        print(warning, file=sys.stderr)


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
    # the collector would run dozens of times for nothing (a tenth of the start-up). The app
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
    if args.command is not None:
        from tui import cli_rules

        if args.command == cli_rules.CONFIG_COMMAND:
            return cli_rules.run_config_command(args)
    from tui.core.config.config import ConfigError, load_config
    from tui.core.identity import IdentityError
    from tui.core.store.store import StoreError

    try:
        config = load_config(args.config)
    except ConfigError as error:
        return _fail(str(error))
    try:
        if args.command is None:
            return _run_app(args, config)
        return _run_command(args, config)
    except StoreError as error:
        return _fail(str(error), 1)
    except (ConfigError, IdentityError) as error:
        return _fail(str(error))


def _run_command(args: argparse.Namespace, config: Config) -> int:
    """Run a subcommand (not `config`, which needs no configuration to be read)."""
    from tui import cli_rules
    from tui.cli_privacy import PURGE_COMMAND, list_messages, run_purge

    if args.command in cli_rules.RULE_COMMANDS:
        return cli_rules.run_rule_command(args, config)
    if args.command == "list":
        inbox = _inbox(args, config)
        _warn(inbox)
        query = " ".join(args.query)
        return list_messages(
            inbox,
            query,
            as_json=args.json,
            archive=args.archive,
            with_patient_data=args.with_patient_data,
            output=args.output,
        )
    if args.command == PURGE_COMMAND:
        inbox = _inbox(args, config)
        _warn(inbox)
        if not args.dry_run:
            inbox.store.check_writable()
        return run_purge(inbox, dry_run=args.dry_run)
    if args.command == "init":
        return _init(args, config)
    if args.command == "archive":
        inbox = _inbox(args, config)
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
    if args.command == "demo":
        return _demo(args, config)
    if args.command == "import":
        inbox = _inbox(args, config)
        _warn(inbox)
        inbox.store.check_writable()  # before reading the files: none could be added
        return _import(inbox, [Path(path) for path in args.paths])
    if args.command == "report":
        from tui.cli_report import run_report_command

        inbox = _inbox(args, config)
        _warn(inbox)
        return run_report_command(args, config, inbox.store)
    if args.command == "text":
        from tui import text_command
        from tui.core.texts.library import TextLibrary
        from tui.core.workflow.inbox import oslo_now

        library = TextLibrary.from_config(config)
        return text_command.run(args, config, library, oslo_now().date())
    if args.command == "serve":
        from tui import serve
        from tui.core.config.paths import find_database
        from tui.core.identity import clerk_name
        from tui.keymap import check_keys

        check_keys(config)
        location = find_database(args.db)
        if not getattr(args, "demo", False):
            location.check(create=False)  # each tab could not ask
        user = clerk_name(args.user, demo=bool(args.demo), database=location.path)
        return serve.run(args, user)
    raise AssertionError(f"no branch for the command {args.command!r}")


def _demo(args: argparse.Namespace, config: Config) -> int:
    if not args.db:  # never $TIMEDIALOG_DB or the default: that is the real inbox
        return _fail(_("Oppgi databasen med --db: demoen skal ikke havne i den ekte innboksen."))
    from tui.core.workflow.demo import demo_messages

    inbox = _inbox(args, config, create=True)  # putting the demo into PATH is its purpose
    result = inbox.store.add(demo_messages(inbox))
    print(
        _("{added} demo-meldinger lagt inn i {file} ({existing} fantes fra før).").format(
            added=len(result.added), file=inbox.store.path, existing=len(result.existing)
        )
    )
    return 0


def _init(args: argparse.Namespace, config: Config) -> int:
    """Make a new, empty database; one that exists is left as it is."""
    inbox = _inbox(args, config, create=True)
    store = inbox.store
    if store.path.exists():
        print(_("Databasen {file} finnes fra før; ingenting er endret.").format(file=store.path))
        return 0
    store.prepare()
    print(_("Ny, tom database opprettet: {file}").format(file=store.path))
    return 0


def _import(inbox: Inbox, paths: list[Path]) -> int:
    from tui.core.helsenorge.importer import Importer

    report = Importer(inbox).import_paths(paths)
    if report.results:
        for line in report.lines():
            print(line)
    if report.nothing_to_import:
        print(report.nothing_line())
        return 1
    return 1 if report.any_rejected else 0


def _may_open(args: argparse.Namespace, config: Config) -> bool:
    """True when the database exists, is the default, or the clerk says to make it."""
    from tui.core.config.paths import find_database

    location = find_database(args.db)
    location.check(create=True)  # a missing folder is refused before anything is asked
    if not location.named or location.exists:
        return True
    from tui.create_database import ask_to_create

    return ask_to_create(location.path, config.display.theme)


def _run_app(args: argparse.Namespace, config: Config) -> int:
    from tui.core.store.store import StoreError
    from tui.core.texts.library import TextLibrary

    if config.keys:  # without remapped keys there is nothing to check (nor to load for it)
        from tui.keymap import check_keys

        check_keys(config)  # a ConfigError ends here, before the full screen opens
    library = TextLibrary.from_config(config)  # the first frame shows the suggested reply
    demo_folder: Path | None = None
    if args.demo:
        demo_folder = Path(tempfile.mkdtemp(prefix="timedialog-demo-"))
        args.db = str(demo_folder / "demo.json")
    elif not _may_open(args, config):
        return _fail(_("Ingen database ble opprettet."), 1)
    inbox = _inbox(args, config, library, create=True)
    try:
        _warn(inbox)
        if demo_folder is None and not inbox.store.path.exists():
            inbox.store.prepare()  # asked for (or the default's first start): made now
        if demo_folder is not None:
            from tui.core.workflow.demo import demo_messages

            inbox.store.add(demo_messages(inbox, analyse=False))  # analysed after the first frame
        # Read before the app starts, so the first frame shows the inbox; a bad file (damaged,
        # or of a newer schema) stops here with a clear message instead of inside the
        # full-screen app. Creating or migrating the file waits for the app's first worker.
        messages = inbox.messages()
        from tui.app import TimedialogApp

        app = TimedialogApp(inbox, library, initial_messages=messages)
        app.run()
        return app.return_code or 0
    finally:
        with suppress(StoreError):  # after a crash or a hang-up; a no-op after a normal quit
            inbox.release_claim()
        if demo_folder is not None:
            shutil.rmtree(demo_folder, ignore_errors=True)
