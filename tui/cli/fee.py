"""`timedialog fee`: the late-cancellation fee rule for one cancellation, with its arithmetic."""

from __future__ import annotations

import argparse
from datetime import datetime
from typing import TYPE_CHECKING, Any

from tui.cli.common import CommonOptions, Subcommand, run_rule
from tui.core.i18n import _
from tui.core.model import OSLO
from tui.core.rules.fee import check_fee

if TYPE_CHECKING:
    from tui.core.config.config import Config


def add_parser(commands: Any, common_options: CommonOptions) -> None:
    """Add `fee` to the subcommand parser `commands`."""
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


def run(args: argparse.Namespace, config: Config) -> int:
    """Print the fee rule's verdict, its arithmetic and the rule."""
    return run_rule(_fee, args, config)


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


COMMAND = Subcommand(add_parser, run)
