"""Errors from the operating system and from libraries, in the clerk's language.

Python gives an `OSError` the C library's English words ("Permission denied"), tomllib and
orjson write English too, and their texts may quote what they read. Every message a clerk
reads wraps them in a sentence of ours, with the detail said in the language in force.
"""

from __future__ import annotations

import errno
import re

from tui.core.i18n import N_, _


def describe_os_error(error: OSError) -> str:
    """What went wrong, in words a clerk understands: "disken er full", "mappen finnes ikke"."""
    reasons = {
        errno.ENOSPC: _("disken er full"),
        errno.EDQUOT: _("diskkvoten din er brukt opp"),
        errno.EROFS: _("mappen ligger på et skrivebeskyttet filsystem"),
        errno.EACCES: _("du har ikke skrivetilgang til mappen eller filen"),
        errno.EPERM: _("du har ikke lov til å endre mappen eller filen"),
        errno.ENOENT: _("mappen finnes ikke"),
        errno.EIO: _("lese- eller skrivefeil på disken"),
        errno.ENOTDIR: _("en del av stien er ikke en mappe"),
        errno.EISDIR: _("stien er en mappe, ikke en fil"),
        errno.EEXIST: _("filen finnes fra før"),
        errno.ENAMETOOLONG: _("navnet er for langt"),
        errno.ELOOP: _("stien peker i ring (symbolske lenker)"),
        errno.EMFILE: _("for mange åpne filer"),
        errno.EBUSY: _("filen er i bruk"),
        errno.ETXTBSY: _("filen er i bruk"),
        errno.EXDEV: _("filen kan ikke flyttes til et annet filsystem"),
    }
    code = error.errno or 0
    if code in reasons:
        return reasons[code]
    name = errno.errorcode.get(code, str(code))
    return _("systemfeil {code}").format(code=name)


_TOML_REASONS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), reason)
    for pattern, reason in (
        (r"Invalid statement", N_("ugyldig linje")),
        (r"Expected '=' after a key", N_("mangler «=» etter en nøkkel")),
        (r"Expected '\]\]' at the end of an array", N_("mangler «]]» etter en tabellrekke")),
        (r"Expected '\]' at the end of a table", N_("mangler «]» etter et tabellnavn")),
        (r"Expected", N_("mangler et tegn")),
        (r"Found invalid character", N_("ugyldig tegn")),
        (r"Illegal character", N_("ulovlig tegn")),
        (r"Cannot declare .* twice", N_("samme tabell er oppgitt to ganger")),
        (r"Cannot overwrite a value", N_("samme nøkkel er oppgitt to ganger")),
        (r"Cannot (mutate|redefine)", N_("en tabell eller nøkkel er oppgitt på nytt")),
        (r"Duplicate inline table key", N_("samme nøkkel to ganger i en tabell")),
        (r"Invalid initial character for a key", N_("ugyldig tegn først i en nøkkel")),
        (r"Unclosed array", N_("en liste mangler «]»")),
        (r"Unclosed inline table", N_("en tabell på én linje er ikke avsluttet")),
        (r"Unterminated string", N_("en tekst mangler sluttanførselstegn")),
        (r"Unescaped '\\\\' in a string", N_("en «\\» i en tekst må skrives «\\\\»")),
        (r"Invalid hex value|Escaped character", N_("ugyldig tegnkode i en tekst")),
        (r"Invalid date or datetime", N_("ugyldig dato eller tidspunkt")),
        (r"Invalid value", N_("ugyldig verdi")),
    )
)


def describe_toml_error(message: str) -> str:
    """Tomllib's reason (without its position) in the clerk's words; it never quotes the file."""
    for pattern, reason in _TOML_REASONS:
        if pattern.search(message):
            return _(reason)
    return _("ugyldig TOML")


def describe_json_error(error: ValueError) -> str:
    """Where a JSON file stops making sense: "ugyldig JSON på linje 1, kolonne 3"."""
    line, column = getattr(error, "lineno", None), getattr(error, "colno", None)
    if isinstance(line, int) and isinstance(column, int):
        return _("ugyldig JSON på linje {line}, kolonne {column}").format(line=line, column=column)
    return _("ugyldig JSON")


def describe_bad_document(error: Exception) -> str:
    """Why a stored message cannot be read, without quoting anything stored in it."""
    if isinstance(error, KeyError) and error.args:
        return _("feltet «{field}» mangler").format(field=error.args[0])
    return _("et felt har feil type eller verdi")
