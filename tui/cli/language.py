"""argparse in the clerk's language: its own words ("usage:", "options", its errors) and ours.

argparse looks its words up with `gettext` under their English text, through the names `_`
and `ngettext` of its own module, each time it uses them. `localise_argparse` points those
two names at a table of those words in bokmål (`_()` gives them back in the language in
force, English included, from our catalogue). `localise_metavars` puts each option's
placeholder ("STI", "KODE") in the same language. Both reach into argparse's module and its
parsers' actions, which argparse offers no public way to do: that is kept in this module.
"""

from __future__ import annotations

import argparse
from typing import Any

from tui.core.i18n import N_, _, ngettext

ARGPARSE_WORDS: dict[str, str] = {
    "usage: ": N_("bruk: "),
    "options": N_("valg"),
    "positional arguments": N_("argumenter"),
    "subcommands": N_("underkommandoer"),
    "show this help message and exit": N_("vis denne hjelpen og avslutt"),
    "%(prog)s: error: %(message)s\n": N_("%(prog)s: feil: %(message)s\n"),
    "argument %(argument_name)s: %(message)s": N_("%(argument_name)s: %(message)s"),
    "the following arguments are required: %s": N_("dette må oppgis: %s"),
    "unrecognized arguments: %s": N_("ukjent valg eller argument: %s"),
    "invalid choice: %(value)r (choose from %(choices)s)": N_(
        "ugyldig valg: %(value)r (velg blant %(choices)s)"
    ),
    "expected one argument": N_("mangler en verdi"),
    "expected at most one argument": N_("tar høyst én verdi"),
    "expected at least one argument": N_("mangler minst én verdi"),
    "ambiguous option: %(option)s could match %(matches)s": N_(
        "flertydig valg: %(option)s kan være %(matches)s"
    ),
    "not allowed with argument %s": N_("kan ikke brukes sammen med %s"),
    "ignored explicit argument %r": N_("tar ingen verdi: %r"),
    "invalid %(type)s value: %(value)r": N_("ugyldig verdi (%(type)s): %(value)r"),
    "one of the arguments %s is required": N_("ett av disse må oppgis: %s"),
    "unexpected option string: %s": N_("uventet valg: %s"),
    "can't open '%(filename)s': %(error)s": N_("kan ikke åpne «%(filename)s»: %(error)s"),
}
"""argparse's words a user can meet, by their English text, in bokmål."""

METAVARS: dict[str, str] = {
    "PATH": N_("STI"),
    "STI": N_("STI"),
    "USER": N_("BRUKER"),
    "DAYS": N_("DAGER"),
    "KIND": N_("TYPE"),
    "HOST": N_("VERT"),
    "PORT": N_("PORT"),
    "URL": N_("URL"),
    "KODE": N_("KODE"),
    "DATO": N_("DATO"),
    "TID": N_("TID"),
    "FIL": N_("FIL"),
    "KOMMANDO": N_("KOMMANDO"),
    "HANDLING": N_("HANDLING"),
    "QUERY": N_("SØKEORD"),
    "NAVN=VERDI": N_("NAVN=VERDI"),
}
"""The placeholders of our options, by the name written in the code (or argparse's default,
the option's name in capitals), in bokmål."""


def _words(message: str) -> str:
    known = ARGPARSE_WORDS.get(message)
    return _(known) if known is not None else message


def _plural_words(singular: str, plural: str, count: int) -> str:
    if singular == "expected %s argument":
        return ngettext("mangler %s verdi", "mangler %s verdier", count)
    return singular if count == 1 else plural


def localise_argparse() -> None:
    """Have argparse speak the language in force from now on (words looked up when used)."""
    module: Any = argparse
    module._ = _words
    module.ngettext = _plural_words


def _parsers(parser: argparse.ArgumentParser) -> list[argparse.ArgumentParser]:
    found = [parser]
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for child in dict.fromkeys(action.choices.values()):
                found += _parsers(child)
    return found


def localise_metavars(parser: argparse.ArgumentParser) -> None:
    """Give every placeholder, in `parser` and its subcommands, in the language in force.

    An option without a placeholder of its own gets argparse's default, its name in capitals,
    translated; a positional's name (`query`) becomes its placeholder the same way.
    """
    for each in _parsers(parser):
        for action in each._actions:
            if action.nargs == 0:  # a flag: no value, no placeholder
                continue
            name = action.metavar or action.dest.upper()
            bokmal = METAVARS.get(name) if isinstance(name, str) else None
            if bokmal is not None:
                action.metavar = _(bokmal)
