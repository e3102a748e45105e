"""`timedialog text`: look a standard text up from the shell, list the texts, check them.

    timedialog text [QUERY ...] [--copy] [--list] [--department CODE] [--value NAME=VALUE]
    timedialog text check

The lookup uses the picker's matching (`tui.textsearch`) and fills placeholders the same way
(`tui.core.texts.replies`). Only the filled text goes to standard output, so it can be piped; what
goes with it (title, other matches, the checklist) goes to standard error. A text with a value
missing is not printed to standard output nor copied: the command names the value and how
to give it, and exits with `EXIT_MISSING_VALUE`.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from typing import Any

from tui.cli.common import CommonOptions, Subcommand
from tui.core.config.config import Config
from tui.core.i18n import _, ngettext
from tui.core.texts.library import Template, TextLibrary, origin_label
from tui.core.texts.placeholders import checked_value, describe
from tui.core.texts.replies import ReplyContext

EXIT_NO_MATCH = 1
EXIT_PROBLEMS = 1
EXIT_USAGE = 2
EXIT_MISSING_VALUE = 3


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The `text` subcommand's own arguments."""
    parser.add_argument(
        "query", nargs="*", help=_("søkeord, eller «check» for å kontrollere alle tekstene")
    )
    parser.add_argument("--copy", action="store_true", help=_("kopier teksten også"))
    parser.add_argument("--list", action="store_true", help=_("list tekstene"))
    parser.add_argument(
        "--department", metavar="KODE", help=_("avdelingens tekster og verdier (f.eks. BLOD)")
    )
    parser.add_argument(
        "--value",
        metavar="NAVN=VERDI",
        action="append",
        default=[],
        help=_("verdi for en plassholder, f.eks. --value frist=30.11.2026 (kan gjentas)"),
    )


def _err(message: str) -> None:
    print(message, file=sys.stderr)


def add_parser(commands: Any, common_options: CommonOptions) -> None:
    """Add `text` to the subcommand parser `commands`."""
    text = commands.add_parser("text", help=_("finn, list eller kontroller standardtekstene"))
    add_arguments(text)
    common_options(text)


def run(args: argparse.Namespace, config: Config) -> int:
    """`timedialog text` with the configuration's texts, today."""
    from tui.core.workflow.inbox import oslo_now

    return look_up(args, config, TextLibrary.from_config(config), oslo_now().date())


def look_up(args: argparse.Namespace, config: Config, library: TextLibrary, today: date) -> int:
    """Run `timedialog text` with parsed arguments; returns the exit status."""
    if args.query == ["check"]:
        return check(config)
    department = args.department
    if department is not None and config.department(department) is None:
        codes = ", ".join(d.code for d in config.departments) or _("ingen")
        _err(_("Ukjent avdeling {code}. Kjente: {codes}").format(code=department, codes=codes))
        return EXIT_USAGE
    typed: dict[str, str] = {}
    for item in args.value:
        name, sep, value = item.partition("=")
        if not sep or not name.strip():
            _err(_("--value skal være NAVN=VERDI, ikke «{item}»").format(item=item))
            return EXIT_USAGE
        name = name.strip().strip("{}")
        try:
            typed[name] = checked_value(name, value, today)
        except ValueError as error:
            _err(_("--value: {error}").format(error=error))
            return EXIT_USAGE
    if library.problems:
        _err(
            ngettext(
                "Advarsel: {count} problem med tekstfilene; se «timedialog text check».",
                "Advarsel: {count} problemer med tekstfilene; se «timedialog text check».",
                len(library.problems),
            ).format(count=len(library.problems))
        )
    context = ReplyContext(config, today, department=department)
    query = " ".join(args.query)
    if args.list or not query:
        return _list(library, context, hint=not args.list)
    return _lookup(library, context, query, typed, copy=args.copy)


def _validity(template: Template) -> str:
    start = f"{template.valid_from:%d.%m.%Y}" if template.valid_from else ""
    end = f"{template.valid_until:%d.%m.%Y}" if template.valid_until else ""
    return _("gyldig {start}–{end}").format(start=start, end=end) if start or end else ""


def _not_valid_today(library: TextLibrary, context: ReplyContext) -> list[Template]:
    texts = library.available(context.department_code)
    return [template for template in texts if not template.is_valid_on(context.today)]


def _list(library: TextLibrary, context: ReplyContext, *, hint: bool) -> int:
    texts = context.texts(library)
    for template in texts:
        notes = [origin_label(template.origin)]
        if validity := _validity(template):
            notes.append(validity)
        print(f"{template.id:<20} {template.title}  [{', '.join(notes)}]")
    resting = _not_valid_today(library, context)
    if resting:
        _err(_("Ikke gyldige i dag ({count}):").format(count=len(resting)))
        for template in resting:
            _err(f"  {template.id:<18} {template.title}  [{_validity(template)}]")
    if hint:
        _err("")
        _err(_("Skriv «timedialog text SØKEORD» for å vise en tekst."))
    return 0


def _lookup(
    library: TextLibrary,
    context: ReplyContext,
    query: str,
    typed: dict[str, str],
    *,
    copy: bool,
) -> int:
    from tui.textsearch import TextIndex

    index = TextIndex(context.texts(library))
    matches = index.search(query)
    if not matches:
        titles = "; ".join(index.closest_titles(query)) or _("ingen tekster")
        _err(
            _("Ingen tekst passer «{query}». Nærmest: {titles}").format(query=query, titles=titles)
        )
        for match in TextIndex(_not_valid_today(library, context)).search(query):
            _err(
                _("«{title}» passer, men er ikke gyldig i dag ({validity}).").format(
                    title=match.template.title, validity=_validity(match.template)
                )
            )
        return EXIT_NO_MATCH
    template = matches[0].template
    filled = context.fill(template, typed)
    _err(f"{template.title}  [{origin_label(template.origin)}, {template.id}]")
    others = [match.template.title for match in matches[1:4]]
    if others:
        _err(_("Andre treff: {titles}").format(titles="; ".join(others)))
    if not filled.complete:
        _err("")
        _err(filled.text)
        _err("")
        for name in filled.missing:
            _err(
                _("Mangler {name} ({description}). Oppgi: --value {bare}=VERDI").format(
                    name=f"{{{name}}}", description=describe(name), bare=name
                )
            )
        _err(_("Teksten er ikke skrevet ut eller kopiert før alle verdiene er fylt ut."))
        return EXIT_MISSING_VALUE
    print(filled.text)
    if copy:
        _copy(filled.text)
    if template.checklist:
        _err(_("Husk etterpå:"))
        for item in template.checklist:
            _err(f"  • {item}")
    return 0


def _copy(text: str) -> None:
    from tui.core.texts.clipboard import copy_local, copy_osc52_to_terminal

    ways = []
    if copy_osc52_to_terminal(text):
        ways.append(_("terminalen (OSC 52)"))
    if copy_local(text):
        ways.append(_("lokal utklippstavle"))
    if ways:
        _err(_("Kopiert via {ways}.").format(ways=_(" og ").join(ways)))
    else:
        _err(_("Kunne ikke kopiere; merk teksten over."))


def check(config: Config) -> int:
    """`timedialog text check`: print every problem as `file:line: message`; 1 if any."""
    from tui.core.texts.check import check_texts, count_label

    report = check_texts(config)
    for problem in report.problems:
        print(problem)
    print(count_label(report), file=sys.stdout if report.ok else sys.stderr)
    return 0 if report.ok else EXIT_PROBLEMS


COMMAND = Subcommand(add_parser, run)
