"""`timedialog report`: the section leader's overview on the terminal, and as CSV.

    timedialog report [--from DATE] [--to DATE] [--department CODE ...] [--csv FILE]

The same figures as the report screen (`r`), from the same function (`build_report`) and the
same tables (`report_tables`). Without dates it covers the current month up to today. `--csv
FILE` also writes the tables for a spreadsheet (semicolons, UTF-8 with BOM, ISO dates, decimal
comma); `--csv -` writes the CSV to standard output instead of the text.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tui.cli.common import CommonOptions, Subcommand, open_inbox, warn
from tui.core.config.config import UNSORTED, Config
from tui.core.i18n import _
from tui.core.oserrors import describe_os_error
from tui.core.workflow.inbox import oslo_now

if TYPE_CHECKING:
    # Only the command itself needs the report; declaring its options must not load it,
    # since every subcommand builds the whole parser.
    from tui.core.report.report import Period
    from tui.core.store.interface import InboxStore

EXIT_USAGE = 2
EXIT_WRITE_FAILED = 1


def add_parser(commands: Any, common_options: CommonOptions) -> None:
    """Add `report` to the subcommand parser `commands`."""
    report = commands.add_parser(
        "report",
        help=_("oversikt for seksjonsleder: frister, volum, per kategori og saksbehandler"),
        description=_(
            "Skriver ut de samme tallene som oversikten i appen (r), for meldinger mottatt i "
            "perioden, arkivet medregnet. Uten datoer: denne måneden til og med i dag."
        ),
    )
    report.add_argument("--from", dest="start", metavar="DATO", help=_("første dag, ÅÅÅÅ-MM-DD"))
    report.add_argument("--to", dest="end", metavar="DATO", help=_("siste dag, ÅÅÅÅ-MM-DD"))
    report.add_argument(
        "--department",
        action="append",
        metavar="KODE",
        help=_("bare denne avdelingen (kan gis flere ganger; standard: alle)"),
    )
    report.add_argument(
        "--csv",
        metavar="FIL",
        help=_("skriv også CSV for regneark (semikolon, UTF-8 med BOM); «-» skriver CSV ut"),
    )
    common_options(report)


class UsageError(ValueError):
    """Arguments that cannot make a report; the message says why, in Norwegian."""


def _date(value: str, option: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise UsageError(
            _("{option}: «{value}» er ikke en dato (skriv ÅÅÅÅ-MM-DD)").format(
                option=option, value=value
            )
        ) from None


def period_from(start: str | None, end: str | None, today: date) -> Period:
    """The period the options ask for; by default this month up to and including today."""
    from tui.core.report.report import Period

    last = _date(end, "--to") if end else None
    first = _date(start, "--from") if start else None
    if first is None:
        first = (last or today).replace(day=1)
    if last is None:
        last = max(today, first)
    if last < first:
        raise UsageError(
            _("--to {end} er før --from {start}.").format(
                end=last.isoformat(), start=first.isoformat()
            )
        )
    return Period(first, last)


def chosen_departments(codes: list[str] | None, config: Config) -> tuple[str, ...]:
    """The department codes asked for, checked against the configuration."""
    known = [department.code for department in config.departments]
    for code in codes or ():
        if code not in known and code != UNSORTED:
            raise UsageError(
                _("Ukjent avdeling «{code}». Kjente: {known}").format(
                    code=code, known=", ".join([*known, UNSORTED])
                )
            )
    return tuple(codes or ())


def run(args: argparse.Namespace, config: Config) -> int:
    """`timedialog report` on the database in force."""
    inbox = open_inbox(args, config)
    warn(inbox)
    return run_report_command(args, config, inbox.store)


def run_report_command(args: argparse.Namespace, config: Config, store: InboxStore) -> int:
    """Print the report; write the CSV when asked. Exit 2 on bad arguments, 1 on a failed write."""
    from tui.core.report.report import build_report
    from tui.core.report.tables import CSV_ENCODING, csv_text, text_lines

    now = oslo_now()
    try:
        period = period_from(args.start, args.end, now.date())
        departments = chosen_departments(args.department, config)
    except UsageError as error:
        print(error, file=sys.stderr)
        return EXIT_USAGE
    report = build_report(
        store.summaries(period.years),
        period=period,
        now=now,
        working_time=config.working_time(),
        departments=departments,
    )
    if args.csv == "-":
        sys.stdout.flush()
        sys.stdout.buffer.write(csv_text(report).encode(CSV_ENCODING))
        sys.stdout.buffer.flush()
        return 0
    print("\n".join(text_lines(report)))
    if args.csv:
        path = Path(args.csv)
        try:
            path.write_bytes(csv_text(report).encode(CSV_ENCODING))
        except OSError as error:
            print(
                _("Kunne ikke skrive CSV-filen {file}: {reason}.").format(
                    file=path, reason=describe_os_error(error)
                ),
                file=sys.stderr,
            )
            return EXIT_WRITE_FAILED
        print(_("CSV skrevet til {file}.").format(file=path), file=sys.stderr)
    return 0


COMMAND = Subcommand(add_parser, run)
