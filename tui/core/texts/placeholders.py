"""Placeholders in standard texts: which exist, where their values come from, how to write them.

A text may say `{avdeling}` or `{timedato}`; the value comes from the configuration (the
department) or from the message the clerk is answering. `PLACEHOLDERS` is the one list of
names a text may use: the checker rejects any other name, the picker asks the clerk for a
value it cannot find, and docs/standard-texts.md documents the same list. Filling a text with
the values is `tui.core.texts.filling` (reading the texts, at start-up, needs only this module).

The syntax is Python's format-string syntax as `string.Formatter` parses it: `{name}` is a
placeholder, `{{` and `}}` are literal braces. Format specifications and conversions
(`{frist:%d}`, `{frist!r}`) are not allowed.
"""

from __future__ import annotations

import string
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date

from tui.core.config.config import Department
from tui.core.i18n import N_, _
from tui.core.model import OSLO, Message
from tui.core.texts.typed_values import checked_value as checked_kind

_formatter = string.Formatter()


@dataclass(frozen=True)
class FillContext:
    """What placeholder values can be taken from: a department, a message, today's date."""

    today: date
    department: Department | None = None
    message: Message | None = None


@dataclass(frozen=True)
class Placeholder:
    """One name a text may use, what it stands for and how its value is found."""

    name: str
    about: str
    """What the value is, the bokmål source string (marked with `N_`): see `description`."""
    source: str
    """Where the value comes from: "konfigurasjon", "melding", "dato", or "saksbehandler" for a
    value only the clerk knows (a new appointment found in DIPS), always typed in the picker."""
    example: str
    """A value of the right shape, shown in the docs and as the prompt's hint."""
    value: Callable[[FillContext], str]
    """The value in a context, or "" when the context does not have it."""
    kind: str = "tekst"
    """What a typed value must be: "dato", "klokkeslett", "telefon" or free "tekst"
    (`tui.core.texts.typed_values` checks it)."""

    @property
    def description(self) -> str:
        """What the value is, in the clerk's language, for the prompt when it is missing."""
        return _(self.about)


def _numeric_date(day: date) -> str:
    return f"{day:%d.%m.%Y}"


def _department_name(context: FillContext) -> str:
    return context.department.name if context.department else ""


def _department_phone(context: FillContext) -> str:
    return context.department.phone if context.department else ""


def _deadline(context: FillContext) -> str:
    return _numeric_date(context.message.deadline) if context.message else ""


def _appointment_start(context: FillContext, pattern: str) -> str:
    appointment = context.message.appointment if context.message else None
    if appointment is None or appointment.start is None:
        return ""
    start = appointment.start
    local = start.astimezone(OSLO) if start.tzinfo else start
    return f"{local:{pattern}}"


def _typed(context: FillContext) -> str:
    return ""


def _appointment_place(context: FillContext) -> str:
    appointment = context.message.appointment if context.message else None
    return appointment.location if appointment else ""


PLACEHOLDERS: Mapping[str, Placeholder] = {
    placeholder.name: placeholder
    for placeholder in (
        Placeholder(
            "avdeling",
            N_("avdelingens navn"),
            "konfigurasjon",
            "Nevrologisk poliklinikk",
            _department_name,
        ),
        Placeholder(
            "telefon",
            N_("avdelingens telefonnummer"),
            "konfigurasjon",
            "57 83 92 20",
            _department_phone,
            "telefon",
        ),
        Placeholder(
            "frist", N_("svarfristen for meldingen"), "melding", "30.11.2026", _deadline, "dato"
        ),
        Placeholder(
            "timedato",
            N_("datoen for timen"),
            "melding",
            "03.12.2026",
            lambda context: _appointment_start(context, "%d.%m.%Y"),
            "dato",
        ),
        Placeholder(
            "timeklokkeslett",
            N_("klokkeslettet for timen"),
            "melding",
            "10:30",
            lambda context: _appointment_start(context, "%H:%M"),
            "klokkeslett",
        ),
        Placeholder(
            "timested", N_("stedet for timen"), "melding", "Poliklinikk 2", _appointment_place
        ),
        Placeholder(
            "dato",
            N_("dagens dato"),
            "dato",
            "26.11.2026",
            lambda c: _numeric_date(c.today),
            "dato",
        ),
        Placeholder(
            "nytimedato",
            N_("datoen for den nye timen"),
            "saksbehandler",
            "10.12.2026",
            _typed,
            "dato",
        ),
        Placeholder(
            "nytimeklokkeslett",
            N_("klokkeslettet for den nye timen"),
            "saksbehandler",
            "09:15",
            _typed,
            "klokkeslett",
        ),
    )
}
"""Every placeholder a text may use, by name."""


class PlaceholderSyntaxError(ValueError):
    """A text whose braces do not form placeholders (an unmatched `{` or `}`)."""


@dataclass(frozen=True)
class Field:
    """A placeholder as written in a text: its name, and what follows the name if anything."""

    name: str
    format_spec: str = ""
    conversion: str = ""

    @property
    def is_plain(self) -> bool:
        """True for a plain `{name}` without format specification or conversion."""
        return not self.format_spec and not self.conversion


def parse_fields(text: str) -> list[str | Field]:
    """Split a text into literal pieces and placeholder fields, in order.

    Raises `PlaceholderSyntaxError` (in bokmål) for unmatched braces.
    """
    pieces: list[str | Field] = []
    try:
        for literal, name, format_spec, conversion in _formatter.parse(text):
            if literal:
                pieces.append(literal)
            if name is not None:
                pieces.append(Field(name, format_spec or "", conversion or ""))
    except ValueError as error:
        raise PlaceholderSyntaxError(
            _(
                "en klammeparentes står alene: en plassholder skrives {navn}, og en "
                "klammeparentes som skal stå i teksten, skrives dobbelt"
            )
        ) from error
    return pieces


def placeholder_names(text: str) -> tuple[str, ...]:
    """The placeholder names a text uses, each once, in order of first use."""
    names = [piece.name for piece in parse_fields(text) if isinstance(piece, Field)]
    return tuple(dict.fromkeys(names))


def checked_value(name: str, value: str, today: date) -> str:
    """A value the clerk typed for placeholder `name`, checked for its kind and tidied.

    A date becomes dd.mm.åååå, a time hh:mm. Raises `ValueError` with a message for the clerk
    when the value is not of its kind, is empty, or the name is not a placeholder: nothing is
    filled in (or copied) from it.
    """
    placeholder = PLACEHOLDERS.get(name)
    if placeholder is None:
        raise ValueError(_("{name} er ingen plassholder.").format(name=f"{{{name}}}"))
    try:
        return checked_kind(placeholder.kind, value, today)
    except ValueError as error:
        raise ValueError(f"{{{name}}}: {error}") from error


def describe(name: str) -> str:
    """What a placeholder stands for, for a prompt; unknown names are described as such."""
    placeholder = PLACEHOLDERS.get(name)
    return placeholder.description if placeholder else _("ukjent plassholder")
