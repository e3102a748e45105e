"""`timedialog serve`: the app in a web browser, through textual-serve, for one clerk only.

Each browser tab gets its own timedialog process, started with the options `serve` was given
(database, configuration, user, language, demo), as the user the server runs as. So whoever
reaches the server works as that clerk: textual-serve itself has no authentication, and on a
shared SSH host every local account reaches 127.0.0.1. What this module adds:

- A secret per start: a random token in the address printed at start (as Jupyter does), in
  the path of the page, its assets and its websocket (`/<token>/`), compared in constant
  time. Any request without it (or with a wrong one), for any path, gets 403 and nothing of
  the app: not the page, not a script, not a websocket. `/?token=...` leads to the page too.
- The websocket also needs an `Origin` of the server itself (or of `--public-url`): a page of
  another site in the clerk's browser cannot open a session, even with the address.
- Only this machine's addresses, unless `--behind-proxy` says the server sits behind the
  hospital's authenticating HTTPS proxy (whose address `--public-url` must give).
- Every asset from the server itself: textual-serve's page fetches its font from a host on the
  internet; this page uses the same font from textual-serve's package, and a Content Security
  Policy keeps the browser from calling anyone else.
- The token never reaches a log: the access log is off, and tracebacks show no variables.
"""

from __future__ import annotations

import argparse
import importlib
import ipaddress
import secrets
import shlex
import sys
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from tui.cli.common import CommonOptions, Subcommand
from tui.core.i18n import _, current_language

if TYPE_CHECKING:
    from tui.core.config.config import Config

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000
TOKEN_BYTES = 32
"""256 random bits, as `secrets.token_urlsafe` gives them (43 characters)."""
EXIT_SERVE_MISSING = 1
"""The exit status when the `serve` extra is not installed."""


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
        "--behind-proxy",
        action="store_true",
        help=_(
            "lytt på en annen adresse enn denne maskinens egen: bare bak sykehusets proxy med "
            "pålogging og https (oppgi dens adresse med --public-url)"
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


def new_token() -> str:
    """A fresh secret for one start of the server."""
    return secrets.token_urlsafe(TOKEN_BYTES)


def _url_host(host: str) -> str:
    return f"[{host}]" if ":" in host else host


def base_url(args: argparse.Namespace) -> str:
    """Where the browser reaches the server, without a trailing slash."""
    if args.public_url:
        return str(args.public_url).rstrip("/")
    return f"http://{_url_host(args.host)}:{args.port}"


def origin_of(url: str) -> str:
    """`scheme://host[:port]` of a URL, as a browser sends it in `Origin`."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower()


def allowed_origins(args: argparse.Namespace) -> frozenset[str]:
    """The origins a websocket may come from: the server's own address (and its aliases)."""
    origins = {origin_of(base_url(args))}
    if not args.public_url and is_loopback(args.host):
        origins |= {f"http://{name}:{args.port}" for name in ("127.0.0.1", "localhost", "[::1]")}
    return frozenset(origins)


def no_authentication_warning(public_url: str) -> str:
    """What the section leader must know before serving other machines."""
    return _(
        "Serveren tar imot forbindelser fra andre maskiner. Den krever den hemmelige adressen, "
        "men har ingen pålogging: la bare sykehusets proxy ({url}) med pålogging og https nå "
        "porten."
    ).format(url=public_url)


def refusal(args: argparse.Namespace) -> str:
    """Why `serve` will not start with these options, or ""."""
    if not is_loopback(args.host) and not args.behind_proxy:
        return _(
            "{host} er ikke denne maskinens egen adresse. Andre maskiner kan bare slippes inn "
            "bak sykehusets proxy med pålogging: legg til --behind-proxy og --public-url."
        ).format(host=args.host)
    if args.behind_proxy and not str(args.public_url or "").startswith("https://"):
        return _(
            "--behind-proxy krever --public-url med proxyens https-adresse "
            "(https://...), som nettleseren bruker."
        )
    return ""


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


def add_parser(commands: Any, common_options: CommonOptions) -> None:
    """Add `serve` to the subcommand parser `commands`."""
    serving = commands.add_parser(
        "serve",
        help=_("vis appen i en nettleser (textual-serve, bare denne maskinen som standard)"),
    )
    add_arguments(serving)
    serving.add_argument(
        "--demo",
        action="store_true",
        default=argparse.SUPPRESS,
        help=_("hver nettleserfane får sin egen, midlertidige demo-innboks"),
    )
    common_options(serving)


SERVE_EXTRA = ("textual_serve", "aiohttp", "jinja2")
"""The packages of the `serve` extra (`pip install 'timedialog[serve]'`), as imported."""


def missing_serve_package() -> str:
    """The first package of the `serve` extra that cannot be imported; "" when all can."""
    for name in SERVE_EXTRA:
        try:
            importlib.import_module(name)
        except ImportError:
            return name
    return ""


def run(args: argparse.Namespace, config: Config) -> int:
    """`timedialog serve`: check what each tab would find wrong, then serve."""
    missing = missing_serve_package()
    if missing:
        print(
            _(
                "«timedialog serve» trenger tillegget «serve», som ikke er installert "
                "({package} mangler). Installer det med: pip install 'timedialog[serve]'"
            ).format(package=missing),
            file=sys.stderr,
        )
        return EXIT_SERVE_MISSING
    from tui.core.config.paths import find_database
    from tui.core.identity import clerk_name
    from tui.keymap import check_keys  # loads every screen: for `serve` alone

    check_keys(config)
    location = find_database(args.db, config)
    if not getattr(args, "demo", False):
        location.check(create=False)  # each tab could not ask
    user = clerk_name(args.user, demo=bool(args.demo), database=location.path)
    return serve(args, user)


def serve(args: argparse.Namespace, user: str) -> int:
    """Serve the app until interrupted, at the secret address it prints.

    An address other machines reach is refused, unless behind an authenticating proxy.
    """
    problem = refusal(args)
    if problem:
        print(problem, file=sys.stderr)
        return 2
    if args.behind_proxy:
        print(no_authentication_warning(args.public_url), file=sys.stderr)
    from tui.cli.web_server import GuardedServer  # textual-serve, aiohttp: for `serve` alone

    GuardedServer(
        app_command(args, user),
        host=args.host,
        port=args.port,
        public_url=base_url(args),
        token=new_token(),
        origins=allowed_origins(args),
        user=user,
    ).serve()
    return 0


COMMAND = Subcommand(add_parser, run)
