"""Subcommands and options about patient data: `purge`, `list` without or with patient data.

`list` prints statistics only unless `--with-patient-data` is given; then the export is
recorded in the database's export log before anything is printed.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from typing import Any

from tui.core.export import (
    WITH_PATIENT_DATA_FLAG,
    export_rows,
    protect_output,
    record_export,
)
from tui.core.i18n import _, ngettext
from tui.core.inbox import Inbox, matches_filter
from tui.core.labels import category_label, status_label
from tui.core.model import Message, mask_national_id

PURGE_COMMAND = "purge"


def add_patient_data_flag(parser: argparse.ArgumentParser) -> None:
    """The explicit flag that lets an export include names, masked numbers and texts."""
    parser.add_argument(
        WITH_PATIENT_DATA_FLAG,
        action="store_true",
        dest="with_patient_data",
        help=_(
            "ta med pasientens navn, maskert fødselsnummer, emne og tekst (loggføres i "
            "databasens eksportlogg)"
        ),
    )


def add_purge_command(
    commands: Any, common_options: Callable[[argparse.ArgumentParser], None]
) -> None:
    """Add `purge [--dry-run]` to the subcommand parser `commands`."""
    purge = commands.add_parser(
        PURGE_COMMAND,
        help=_("slett personopplysninger i meldinger lukket for mer enn retention_days siden"),
        description=_(
            "Sletter tekst, emne, navn, fødselsnummer og DIPS-referanse i meldinger som ble "
            "lukket for mer enn retention_days dager siden, i databasen, arkivet og "
            "sikkerhetskopiene, og gamle filer i slippmappene. Statistikken blir stående. "
            "Appen gjør dette selv hver dag; --dry-run viser hva som ville blitt slettet."
        ),
    )
    purge.add_argument(
        "--dry-run", action="store_true", help=_("vis hva som ville blitt slettet, uten å slette")
    )
    common_options(purge)


def run_purge(inbox: Inbox, *, dry_run: bool) -> int:
    """Run the purge (or its dry run) and print the report."""
    if not dry_run:
        inbox.store.prepare()
    from tui.core.retention import purge_expired

    report = purge_expired(inbox, dry_run=dry_run)
    for line in report.lines():
        print(line)
    return 0


def list_messages(
    inbox: Inbox,
    query: str,
    *,
    as_json: bool,
    archive: bool,
    with_patient_data: bool,
) -> int:
    """Print the inbox (or the archive) matching `query`, as lines or JSON.

    Without patient data each line is deadline, department, category, status and id; with
    it, also the masked fødselsnummer, the name and the subject (JSON: the text too).
    """
    if archive:
        messages = inbox.search_archive(query)
    else:
        messages = [m for m in inbox.messages() if matches_filter(m, query)]
    warning = protect_output(sys.stdout, inbox.store.access)
    if warning:
        print(warning, file=sys.stderr)
    if with_patient_data:
        command = "list" + (" --archive" if archive else "") + (" --json" if as_json else "")
        record_export(inbox, f"{command} {WITH_PATIENT_DATA_FLAG}", messages)
        print(
            ngettext(
                "Eksporten av pasientdata for {count} melding er loggført.",
                "Eksporten av pasientdata for {count} meldinger er loggført.",
                len(messages),
            ).format(count=len(messages)),
            file=sys.stderr,
        )
    if as_json:
        for message in messages:  # `urgent` for messages stored before it was kept
            inbox.find_urgent_words(message)
        rows = export_rows(messages, with_patient_data=with_patient_data)
        json.dump(rows, sys.stdout, ensure_ascii=False, indent=2)
        print()
        return 0
    for message in messages:
        print(_line(message, with_patient_data=with_patient_data))
    return 0


def _line(message: Message, *, with_patient_data: bool) -> str:
    line = (
        f"{message.deadline.isoformat()}  {message.department:<6} "
        f"{category_label(message.category).lower():<12} "
        f"{status_label(message.status).lower():<10} {message.id}"
    )
    if with_patient_data:
        patient = mask_national_id(message.patient_id) or "-"
        line += f"  {patient}  {message.patient_name or '-'}  {message.subject}"
    return line
