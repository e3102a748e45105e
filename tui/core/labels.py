"""Words and date formats the clerk reads: category and status names, Norwegian dates.

Shared by the app, the command line and the reports, so a category is called the same
everywhere.
"""

from __future__ import annotations

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
