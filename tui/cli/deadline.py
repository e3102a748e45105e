"""`timedialog deadline DATE`: the reply deadline for a day of receipt, with what it skipped."""

from __future__ import annotations

import argparse
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from tui.cli.common import CommonOptions, Subcommand, fail, run_rule
from tui.core.i18n import _, ngettext
from tui.core.labels import long_date
from tui.core.model import OSLO
from tui.core.rules.workdays import MAX_DEADLINE_DAYS, reply_deadline

if TYPE_CHECKING:
    from tui.core.config.config import Config


def add_parser(commands: Any, common_options: CommonOptions) -> None:
    """Add `deadline` to the subcommand parser `commands`."""
    deadline = commands.add_parser("deadline", help=_("regn ut svarfristen for en mottaksdato"))
    deadline.add_argument("received", metavar="DATO", help=_("mottaksdato, ÅÅÅÅ-MM-DD"))
    deadline.add_argument(
        "--days", type=int, help=_("arbeidsdager (1–4; standard: avdelingens frist)")
    )
    deadline.add_argument("--department", metavar="KODE", help=_("avdelingens kode"))
    common_options(deadline)


def run(args: argparse.Namespace, config: Config) -> int:
    """Print the deadline, and the working days it counted, in Norwegian."""
    return run_rule(_deadline, args, config)


def _deadline(args: argparse.Namespace, config: Config) -> int:
    try:
        received = date.fromisoformat(args.received[:10])
    except ValueError:
        return fail(_("«{value}» er ikke en dato (skriv ÅÅÅÅ-MM-DD)").format(value=args.received))
    if args.days is not None:
        days = args.days
        if not 1 <= days <= MAX_DEADLINE_DAYS:
            return fail(
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


COMMAND = Subcommand(add_parser, run)
