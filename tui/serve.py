"""`timedialog serve`: the app in a web browser, through textual-serve.

Each browser tab gets its own timedialog process, started with the options `serve` was given
(database, configuration, user, language, demo). The server listens on 127.0.0.1 unless told
otherwise: textual-serve has no authentication, so anyone who reaches the port uses the app as
the user it runs as. Serving other machines therefore takes `--allow-remote` and belongs
behind the hospital's authenticating HTTPS proxy.
"""

from __future__ import annotations

import argparse
import ipaddress
import shlex
import sys

from tui.core.i18n import _, current_language

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The `serve` subcommand's own options."""
    parser.add_argument(
        "--host",
        default=DEFAULT_HOST,
        help=_("adressen serveren lytter på (standard: {host}, bare denne maskinen)").format(
            host=DEFAULT_HOST
        ),
    )
    parser.add_argument(
        "--port",
        type=int,
        default=DEFAULT_PORT,
        help=_("porten (standard: {port})").format(port=DEFAULT_PORT),
    )
    parser.add_argument(
        "--public-url",
        metavar="URL",
        help=_("adressen nettleseren bruker, når serveren står bak en proxy (https://...)"),
    )
    parser.add_argument(
        "--allow-remote",
        action="store_true",
        help=_(
            "lytt på en annen adresse enn denne maskinens egen (uten pålogging: bare bak "
            "sykehusets proxy med pålogging)"
        ),
    )


def is_loopback(host: str) -> bool:
    """True for an address only this machine reaches (127.0.0.0/8, ::1, localhost)."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def no_authentication_warning(host: str, port: int, user: str) -> str:
    """What the section leader must know before serving other machines."""
    return _(
        "ADVARSEL: textual-serve har ingen pålogging. Alle som når {host}:{port}, bruker "
        "timedialog som «{user}» og ser pasientmeldingene. Sett serveren bak sykehusets proxy "
        "med pålogging og https, og la bare proxyen nå porten."
    ).format(host=host, port=port, user=user)


def app_command(args: argparse.Namespace, user: str) -> str:
    """The shell command each browser session runs: this timedialog with the same options."""
    argv = [sys.executable, "-m", "tui", "--user", user, "--lang", current_language()]
    if args.db:
        argv += ["--db", args.db]
    if args.config:
        argv += ["--config", args.config]
    if args.demo:
        argv.append("--demo")
    return shlex.join(argv)


def run(args: argparse.Namespace, user: str) -> int:
    """Serve the app until interrupted; refuse a remote address without `--allow-remote`."""
    if not is_loopback(args.host):
        if not args.allow_remote:
            print(
                _(
                    "{host} er ikke denne maskinens egen adresse. textual-serve har ingen "
                    "pålogging; legg til --allow-remote bare når serveren står bak sykehusets "
                    "proxy med pålogging."
                ).format(host=args.host),
                file=sys.stderr,
            )
            return 2
        print(no_authentication_warning(args.host, args.port, user), file=sys.stderr)
    from textual_serve.server import Server

    server = Server(
        app_command(args, user),
        host=args.host,
        port=args.port,
        title="timedialog",
        public_url=args.public_url,
    )
    server.serve()
    return 0
