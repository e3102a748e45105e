"""Words and date formats the clerk reads: category and status names, Norwegian dates.

Shared by the app, the command line and the reports, so a category is called the same
everywhere.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date, datetime

from tui.core.i18n import N_, _
from tui.core.model import OSLO, Category, Status


def category_label(category: Category) -> str:
    """The category's name: "Endring", "Avbestilling" ..."""
    return {
        Category.ENDRING: _("Endring"),
        Category.AVBESTILLING: _("Avbestilling"),
        Category.PURRING: _("Purring"),
        Category.ANNET: _("Annet"),
        Category.GEBYR: _("Gebyr"),
    }[category]


def unsure_label(alternatives: Sequence[Category]) -> str:
    """The question an unsure suggestion asks: "Usikker: endring eller avbestilling?"."""
    names = [category_label(category).lower() for category in alternatives[:3]]
    if len(names) < 2:
        return _("Usikker: {category}?").format(category=names[0] if names else "")
    return _("Usikker: {first} eller {last}?").format(first=", ".join(names[:-1]), last=names[-1])


def category_short(category: Category) -> str:
    """At most seven characters, for the inbox column."""
    return {
        Category.ENDRING: _("Endring"),
        Category.AVBESTILLING: _("Avbest."),
        Category.PURRING: _("Purring"),
        Category.ANNET: _("Annet"),
        Category.GEBYR: _("Gebyr"),
    }[category]


def status_label(status: Status) -> str:
    """The status's name: "Ny", "Besvart" ..."""
    return {
        Status.NEW: _("Ny"),
        Status.ANSWERED: _("Besvart"),
        Status.FOLLOW_UP: _("Oppfølging"),
        Status.CLOSED: _("Lukket"),
    }[status]


def weekday_short(day: date) -> str:
    """Two-letter weekday: "ma", "ti", "on", "to", "fr", "lø", "sø"."""
    names = (_("ma"), _("ti"), _("on"), _("to"), _("fr"), _("lø"), _("sø"))
    return names[day.weekday()]


def short_date(day: date, today: date | None = None) -> str:
    """Weekday and day.month ("fr 27.03"), for narrow columns.

    A day in another year than `today` shows its year instead of the weekday ("07.05.19"):
    as wide, and never mistaken for this year's.
    """
    if today is not None and day.year != today.year:
        return f"{day:%d.%m.%y}"
    return f"{weekday_short(day)} {day:%d.%m}"


def long_date(day: date) -> str:
    """Weekday and full date: "fr 27.03.2026"."""
    return f"{weekday_short(day)} {day:%d.%m.%Y}"


def date_time(moment: datetime) -> str:
    """Weekday, date and time in Oslo: "fr 27.03.2026 09:15"."""
    local = moment.astimezone(OSLO) if moment.tzinfo else moment
    return f"{long_date(local.date())} {local:%H:%M}"


_FIXED_REASONS = (
    N_("tekst: ingen kjente ord"),
    N_("tekst: tom melding"),
    N_("tekst: ingen ord å tolke"),
    N_("tekst: ser ikke ut til å være norsk"),
    N_("tekst: nevner timen, men ikke hva pasienten vil"),
    N_("tekst: ingen ønske om timen"),
)
"""Reasons stored as they are written here (bokmål), worded in the reader's language."""

_REASONS = (
    (re.compile(r"(?:kode|code) (\S+)"), "code"),
    (re.compile(r"text: no known words"), "none"),
    (re.compile(r"tekst: for lang til å tolkes \((\d+) tegn\)"), "long"),
    (re.compile(r"(?:tekst|text): '(.*)'", re.S), "word"),
    (re.compile(r"(?:valgt av|chosen by) (.+)"), "chosen"),
    (re.compile(r"prosess (.+)"), "process"),
)


def category_reason_label(reason: str) -> str:
    """Why a message has its category, in the language in force, whoever stored it.

    The classifier and the importer store their reasons in bokmål ("kode OET", "tekst:
    'kommer ikke'", "prosess Avtaleavbestilling"); a clerk's choice and older files may hold
    either language ("valgt av kari", "chosen by kari"). Each form is said again in the
    reader's language; the patient's own words stay as they were. Anything else is shown as
    it is.
    """
    if reason in _FIXED_REASONS:
        return _(reason)
    for pattern, kind in _REASONS:
        found = pattern.fullmatch(reason)
        if found is None:
            continue
        if kind == "code":
            return _("kode {code}").format(code=found.group(1))
        if kind == "none":
            return _("tekst: ingen kjente ord")
        if kind == "long":
            return _("tekst: for lang til å tolkes ({count} tegn)").format(count=found.group(1))
        if kind == "word":
            return _("tekst: '{word}'").format(word=found.group(1))
        if kind == "process":
            process = found.group(1)  # a process name marked with N_() in `processes`
            return _("prosess {process}").format(process=_(process))
        return _("valgt av {user}").format(user=found.group(1))
    return reason
