"""Values as clerks type them: dates, times of day, telephone numbers.

One reading for every place a clerk types such a value: the registration form's received and
appointment times, and the placeholder values of a standard text (the picker and
`timedialog text --value`). A value that cannot be read raises `ValueError` with a message in
the clerk's language, so nothing is filled in or copied from a wrong value.
"""

from __future__ import annotations

import re
from datetime import date, time, timedelta

from tui.core.i18n import _

RELATIVE_DAYS = {"i dag": 0, "idag": 0, "i går": -1, "igår": -1, "i morgen": 1, "imorgen": 1}
"""Words for a day relative to today, as clerks write them."""

DATE = "dato"
TIME = "klokkeslett"
PHONE = "telefon"
TEXT = "tekst"
KINDS = (DATE, TIME, PHONE, TEXT)
"""The kinds of value a placeholder holds; each is checked its own way."""

_TIME = re.compile(r"(?:kl\.?\s*)?(?P<hour>\d{1,2})[:.](?P<minute>\d{2})")
_PHONE = re.compile(r"\+?[\d ()\-.]+")
_MIN_PHONE_DIGITS = 3


def read_day(text: str, today: date) -> date:
    """A date as clerks write it: "10.12.2026", "10.12.26", "10.12" (this year), "2026-12-10".

    Also "i dag", "i går" and "i morgen". Raises `ValueError` with a message for the clerk.
    """
    cleaned = " ".join(text.lower().split())
    if cleaned in RELATIVE_DAYS:
        return today + timedelta(days=RELATIVE_DAYS[cleaned])
    iso = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", cleaned)
    if iso:
        year, month, day = (int(part) for part in iso.groups())
    else:
        parts = re.split(r"[./]", cleaned.rstrip("."))
        if len(parts) not in (2, 3) or not all(part.isdigit() for part in parts):
            raise ValueError(_("Ugyldig dato «{text}»; skriv dd.mm.åååå.").format(text=text))
        day, month = int(parts[0]), int(parts[1])
        year = int(parts[2]) if len(parts) == 3 else today.year
        if year < 100:
            year += 2000
    try:
        return date(year, month, day)
    except ValueError as error:
        raise ValueError(_("Datoen {text} finnes ikke.").format(text=text)) from error


def read_time(text: str) -> time:
    """A time of day: "09:15", "9.15", "kl. 9.15"; hours 00-23, minutes 00-59.

    Raises `ValueError` with a message for the clerk.
    """
    found = _TIME.fullmatch(" ".join(text.lower().split()))
    if found is None:
        raise ValueError(
            _("Ugyldig klokkeslett «{text}»; skriv tt:mm, for eksempel 09:15.").format(text=text)
        )
    hour, minute = int(found.group("hour")), int(found.group("minute"))
    if hour > 23 or minute > 59:
        raise ValueError(
            _("Ugyldig klokkeslett {hour}:{minute:02d}: timer 00–23, minutter 00–59.").format(
                hour=hour, minute=minute
            )
        )
    return time(hour, minute)


def read_phone(text: str) -> str:
    """A telephone number: digits, spaces, and + - ( ) . only, with at least a few digits.

    Returned with its spaces tidied. Raises `ValueError` with a message for the clerk.
    """
    cleaned = " ".join(text.split())
    digits = sum(character.isdigit() for character in cleaned)
    if not _PHONE.fullmatch(cleaned) or digits < _MIN_PHONE_DIGITS:
        raise ValueError(
            _("Ugyldig telefonnummer «{text}»; bruk sifre, for eksempel 57 83 92 20.").format(
                text=text
            )
        )
    return cleaned


def checked_value(kind: str, text: str, today: date) -> str:
    """`text` read as a value of `kind`, written the way the texts use it.

    Dates become dd.mm.åååå and times hh:mm, so "10.12" and "9.15" read as "10.12.2026" and
    "09:15" in the text. Raises `ValueError` with a message for the clerk when the value is
    empty or not of its kind.
    """
    cleaned = " ".join(text.split())
    if not cleaned:
        raise ValueError(_("Verdien er tom."))
    if kind == DATE:
        return f"{read_day(cleaned, today):%d.%m.%Y}"
    if kind == TIME:
        return f"{read_time(cleaned):%H:%M}"
    if kind == PHONE:
        return read_phone(cleaned)
    return cleaned
