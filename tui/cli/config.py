"""`timedialog config check|path`: check the configuration, or say where it is read from.

Runs before any configuration is read, since reporting its errors (with their lines) is the
point.
"""

from __future__ import annotations

import argparse
from typing import Any

from tui.cli.common import CommonOptions, Subcommand, fail
from tui.core.config.config import (
    Config,
    ConfigError,
    example_config_path,
    find_config_path,
    load_config,
)
from tui.core.i18n import _, ngettext


def add_parser(commands: Any, common_options: CommonOptions) -> None:
    """Add `config check` and `config path` to the subcommand parser `commands`."""
    config = commands.add_parser("config", help=_("kontroller konfigurasjonen"))
    config_commands = config.add_subparsers(dest="config_command", metavar="HANDLING")
    check = config_commands.add_parser(
        "check", help=_("kontroller konfigurasjonsfilen og vis feil med linjenummer")
    )
    common_options(check)
    path = config_commands.add_parser("path", help=_("vis hvor konfigurasjonsfilen leses fra"))
    common_options(path)
    common_options(config)


def run(args: argparse.Namespace) -> int:
    """`timedialog config check` (exit 1 when the file has errors) or `config path`."""
    path = find_config_path(args.config)
    if args.config_command == "path":
        print(path)
        return 0
    if args.config_command != "check":
        return fail(_("Skriv «timedialog config check» eller «timedialog config path»."))
    from tui.keymap import check_keys  # loads every screen: only for `config check`

    try:
        config = load_config(args.config)
        check_keys(config)
    except ConfigError as error:
        return fail(str(error), 1)
    print(_("Konfigurasjonsfilen {file} er i orden.").format(file=path))
    if path == example_config_path():
        print(_("(Ingen egen fil funnet; dette er eksempelfilen som følger med.)"))
    for line in describe_config(config):
        print(f"  {line}")
    return 0


def describe_config(config: Config) -> list[str]:
    """What a configuration decides, line by line, in Norwegian."""
    return [
        ngettext("{count} avdeling:", "{count} avdelinger:", len(config.departments)).format(
            count=len(config.departments)
        ),
        *(
            "    "
            + ngettext(
                "{label}: svarfrist {days} arbeidsdag, HER {her}, tlf. {phone}",
                "{label}: svarfrist {days} arbeidsdager, HER {her}, tlf. {phone}",
                d.deadline_days,
            ).format(
                label=d.label,
                days=d.deadline_days,
                her=", ".join(d.her_ids) or "-",
                phone=d.phone or "-",
            )
            for d in config.departments
        ),
        _("Stengte dager i tillegg til helligdagene: {days}").format(
            days=", ".join(day.isoformat() for day in config.closed_days) or _("ingen")
        ),
        _("Gebyrregel: {rule}").format(rule=config.fee.describe()),
        _("Hasteord: {words}").format(words=config.urgent.describe()),
    ]


COMMAND = Subcommand(add_parser, run_unconfigured=run)
