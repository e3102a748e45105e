"""`timedialog list`: the messages, as lines or JSON, without or with patient data.

`list` prints statistics only unless `--with-patient-data` is given; then the export is
recorded in the database's export log before anything is printed.
"""

from __future__ import annotations

import argparse
import json
import sys
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from tui.cli.common import CommonOptions, Subcommand, open_inbox, warn
from tui.core.i18n import _, ngettext
from tui.core.labels import category_label, status_label
from tui.core.model import Message, mask_national_id
from tui.core.privacy.export import (
    SEARCH_WORDS,
    WITH_PATIENT_DATA_FLAG,
    export_rows,
    open_new_private,
    output_error,
    protect_output,
    record_export,
)
from tui.core.store.store import StoreError
from tui.core.workflow.inbox import Inbox, matches_filter

if TYPE_CHECKING:
    from tui.core.config.config import Config


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


def add_output_option(parser: argparse.ArgumentParser) -> None:
    """`--output FILE`: the export goes into a new file only its owner can read."""
    parser.add_argument(
        "--output",
        metavar="FIL",
        help=_(
            "skriv til en ny fil som bare du kan lese (0600); en fil som finnes fra før, "
            "blir aldri overskrevet"
        ),
    )


def add_parser(commands: Any, common_options: CommonOptions) -> None:
    """Add `list` to the subcommand parser `commands`."""
    listing = commands.add_parser("list", help=_("skriv ut meldingene"))
    listing.add_argument("--json", action="store_true", help=_("som JSON"))
    listing.add_argument(
        "--archive", action="store_true", help=_("søk i arkivet (besvarte og lukkede meldinger)")
    )
    listing.add_argument("query", nargs="*", help=_("søkeord (alle må finnes i meldingen)"))
    add_patient_data_flag(listing)
    add_output_option(listing)
    common_options(listing)


def run(args: argparse.Namespace, config: Config) -> int:
    """List the messages the command line asks for."""
    inbox = open_inbox(args, config)
    warn(inbox)
    return list_messages(
        inbox,
        " ".join(args.query),
        as_json=args.json,
        archive=args.archive,
        with_patient_data=args.with_patient_data,
        output=args.output,
    )


def list_messages(
    inbox: Inbox,
    query: str,
    *,
    as_json: bool,
    archive: bool,
    with_patient_data: bool,
    output: str | None = None,
) -> int:
    """Print the inbox (or the archive) matching `query`, as lines or JSON.

    Without patient data each line is deadline, department, category, status and id; with
    it, also the masked fødselsnummer, the name and the subject (JSON: the text too). An
    export with patient data, and a search (`query`), are recorded before anything is written
    (`export.record_export`): a search for a patient's name or number lists their messages.
    `output` names a new file for it, made owner-only; the file must not exist yet.
    """
    if archive:
        messages = inbox.search_archive(query)
    else:
        messages = [m for m in inbox.messages() if matches_filter(m, query)]
    listing = partial(
        _print_listing,
        inbox,
        messages,
        query=query,
        as_json=as_json,
        archive=archive,
        with_patient_data=with_patient_data,
    )
    if output is None:
        warning = protect_output(sys.stdout, inbox.store.access)
        if warning:
            print(warning, file=sys.stderr)
        return listing(sys.stdout)
    path = Path(output)
    try:
        stream = open_new_private(path)
    except OSError as error:
        print(output_error(path, error), file=sys.stderr)
        return 2
    with stream:
        try:
            return listing(stream)
        except StoreError:
            path.unlink(missing_ok=True)  # not recorded, so nothing may be exported
            raise


def _print_listing(
    inbox: Inbox,
    messages: list[Message],
    stream: TextIO,
    *,
    query: str,
    as_json: bool,
    archive: bool,
    with_patient_data: bool,
) -> int:
    command = "list" + (" --archive" if archive else "") + (" --json" if as_json else "")
    if with_patient_data:
        record_export(inbox, f"{command} {WITH_PATIENT_DATA_FLAG}", messages)
        print(
            ngettext(
                "Eksporten av pasientdata for {count} melding er loggført.",
                "Eksporten av pasientdata for {count} meldinger er loggført.",
                len(messages),
            ).format(count=len(messages)),
            file=sys.stderr,
        )
    elif query.strip():
        record_export(inbox, f"{command} {SEARCH_WORDS}", messages, with_patient_data=False)
        print(
            ngettext(
                "Søket og den {count} meldingen det fant, er loggført (ikke søkeordene).",
                "Søket og de {count} meldingene det fant, er loggført (ikke søkeordene).",
                len(messages),
            ).format(count=len(messages)),
            file=sys.stderr,
        )
    if as_json:
        for message in messages:  # `urgent` for messages stored before it was kept
            inbox.find_urgent_words(message)
        rows = export_rows(messages, with_patient_data=with_patient_data)
        json.dump(rows, stream, ensure_ascii=False, indent=2)
        print(file=stream)
        return 0
    for message in messages:
        print(_line(message, with_patient_data=with_patient_data), file=stream)
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


COMMAND = Subcommand(add_parser, run)
