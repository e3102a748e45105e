"""Subcommands for the procedure's rules: `config check|path`, `deadline`, `fee`.

Quick checks a clerk or section leader can run without opening the app; each prints the same
words and arithmetic the app shows.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from tui.core.config.config import (
    Config,
    ConfigError,
    example_config_path,
    find_config_path,
    load_config,
)
from tui.core.i18n import _, ngettext
from tui.core.labels import long_date
from tui.core.model import OSLO
from tui.core.rules.fee import check_fee
from tui.core.rules.workdays import MAX_DEADLINE_DAYS, reply_deadline

CONFIG_COMMAND = "config"
RULE_COMMANDS = ("deadline", "fee")


def add_rule_commands(
    commands: Any, common_options: Callable[[argparse.ArgumentParser], None]
) -> None:
    """Add `config`, `deadline` and `fee` to the subcommand parser `commands`."""
    config = commands.add_parser(CONFIG_COMMAND, help=_("kontroller konfigurasjonen"))
    config_commands = config.add_subparsers(dest="config_command", metavar="HANDLING")
    check = config_commands.add_parser(
        "check", help=_("kontroller konfigurasjonsfilen og vis feil med linjenummer")
    )
    common_options(check)
    path = config_commands.add_parser("path", help=_("vis hvor konfigurasjonsfilen leses fra"))
    common_options(path)
    common_options(config)

    deadline = commands.add_parser("deadline", help=_("regn ut svarfristen for en mottaksdato"))
    deadline.add_argument("received", metavar="DATO", help=_("mottaksdato, ÅÅÅÅ-MM-DD"))
    deadline.add_argument(
        "--days", type=int, help=_("arbeidsdager (1–4; standard: avdelingens frist)")
    )
    deadline.add_argument("--department", metavar="KODE", help=_("avdelingens kode"))
    common_options(deadline)

    fee = commands.add_parser("fee", help=_("vurder avbestillingsgebyr for en avbestilling"))
    fee.add_argument(
        "--appointment", required=True, metavar="TID", help=_("timen, ÅÅÅÅ-MM-DDTtt:mm")
    )
    fee.add_argument(
        "--sent", required=True, metavar="TID", help=_("når pasienten sendte avbestillingen")
    )
    fee.add_argument("--kind", default="", help=_("«video» eller «telefon» (ingen gebyr)"))
    fee.add_argument("--department", metavar="KODE", help=_("avdelingens kode (gebyrbeløp)"))
    common_options(fee)


def _fail(message: str, code: int = 2) -> int:
    print(message, file=sys.stderr)
    return code


def run_config_command(args: argparse.Namespace) -> int:
    """`timedialog config check` (exit 1 when the file has errors) or `config path`."""
    path = find_config_path(args.config)
    if args.config_command == "path":
        print(path)
        return 0
    if args.config_command != "check":
        return _fail(_("Skriv «timedialog config check» eller «timedialog config path»."))
    from tui.keymap import check_keys

    try:
        config = load_config(args.config)
        check_keys(config)
    except ConfigError as error:
        return _fail(str(error), 1)
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


def _parse_moment(value: str, what: str) -> datetime:
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise ValueError(
            _("{what}: «{value}» er ikke et tidspunkt (skriv ÅÅÅÅ-MM-DDTtt:mm)").format(
                what=what, value=value
            )
        ) from None
    return moment.replace(tzinfo=OSLO) if moment.tzinfo is None else moment.astimezone(OSLO)


def run_rule_command(args: argparse.Namespace, config: Config) -> int:
    """`timedialog deadline` or `timedialog fee`."""
    if args.department and config.department(args.department) is None:
        known = ", ".join(d.code for d in config.departments)
        return _fail(
            _("Ukjent avdeling «{code}». Kjente: {known}").format(code=args.department, known=known)
        )
    try:
        if args.command == "deadline":
            return _deadline(args, config)
        return _fee(args, config)
    except ValueError as error:
        return _fail(str(error))


def _deadline(args: argparse.Namespace, config: Config) -> int:
    try:
        received = date.fromisoformat(args.received[:10])
    except ValueError:
        return _fail(_("«{value}» er ikke en dato (skriv ÅÅÅÅ-MM-DD)").format(value=args.received))
    if args.days is not None:
        days = args.days
        if not 1 <= days <= MAX_DEADLINE_DAYS:
            return _fail(
                _(
                    "--days {days} avvist: svarfristen kan være 1 til {max} arbeidsdager "
                    "(prosedyren sier maks {max})."
                ).format(days=days, max=MAX_DEADLINE_DAYS)
            )
        source = _("--days")
    elif args.department:
        days = config.deadline_days_for(args.department)
        source = args.department
    else:
        days = config.deadline_days
        source = _("generell frist")
    calendar = config.calendar()
    moment = datetime.combine(received, datetime.min.time(), tzinfo=OSLO)
    deadline = reply_deadline(moment, days, calendar)
    skipped = [
        f"{long_date(day)} {calendar.holiday_name(day)}"
        for offset in range(1, (deadline - received).days)
        if (day := date.fromordinal(received.toordinal() + offset)).weekday() < 5
        and not calendar.is_working_day(day)
    ]
    print(deadline.isoformat())
    explanation = ngettext(
        "{deadline}: {days} arbeidsdag ({source}) etter {received}",
        "{deadline}: {days} arbeidsdager ({source}) etter {received}",
        days,
    ).format(deadline=long_date(deadline), days=days, source=source, received=long_date(received))
    if skipped:
        explanation += "; " + _("ikke talt: {days}").format(days=", ".join(skipped))
    print(explanation)
    return 0


def _fee(args: argparse.Namespace, config: Config) -> int:
    appointment = _parse_moment(args.appointment, "--appointment")
    sent = _parse_moment(args.sent, "--sent")
    amount = config.fee_kr_for(args.department) if args.department else config.fee.amount_kr
    verdict = check_fee(
        appointment, sent, config.fee, config.calendar(), kind=args.kind, amount_kr=amount
    )
    print(verdict.summary)
    print(verdict.arithmetic)
    print(_("Regel: {rule}").format(rule=config.fee.describe()))
    return 0
