"""Words and date formats the clerk reads: category and status names, Norwegian dates.

Shared by the app, the command line and the reports, so a category is called the same
everywhere.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from tui.core.i18n import _
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


def short_date(day: date) -> str:
    """Weekday and day.month ("fr 27.03"), for narrow columns."""
    return f"{weekday_short(day)} {day:%d.%m}"


def long_date(day: date) -> str:
    """Weekday and full date: "fr 27.03.2026"."""
    return f"{weekday_short(day)} {day:%d.%m.%Y}"


def date_time(moment: datetime) -> str:
    """Weekday, date and time in Oslo: "fr 27.03.2026 09:15"."""
    local = moment.astimezone(OSLO) if moment.tzinfo else moment
    return f"{long_date(local.date())} {local:%H:%M}"
