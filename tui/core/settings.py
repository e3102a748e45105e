"""How a configuration key is declared and read: one dataclass field per key.

A settings dataclass declares each key it reads from its TOML table as a field made with
`setting(default, reader)`. The field's name is the key's name, so adding a key to the
configuration is one line: the field. `read_table` turns a TOML table into the dataclass,
checking every value with its reader and reporting unknown keys (with the nearest known name).
Readers raise `SettingError` with a Norwegian reason; the caller adds the file and the line.

The docstring under a field says what the key is for, and the reader's docstring what value it
takes: `python -m tui.config_reference` makes docs/configuration.md from them.
"""

from __future__ import annotations

import dataclasses
import difflib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, time
from enum import StrEnum
from pathlib import Path
from typing import Any, TypeVar

from tui.core.i18n import _

READER = "timedialog.reader"
REQUIRED: Any = dataclasses.MISSING
"""Default for a key that must be given."""

T = TypeVar("T")
E = TypeVar("E", bound=StrEnum)


class SettingError(ValueError):
    """A value a key cannot take; the message says why, in Norwegian."""


@dataclass(frozen=True)
class ReadContext:
    """What a reader may need besides the value: the file, to resolve relative folders."""

    path: Path | None = None


Reader = Callable[[Any, ReadContext], Any]


def setting(default: Any, reader: Reader) -> Any:
    """A dataclass field that is read from the configuration key of the same name."""
    if isinstance(default, list | dict | set):
        raise TypeError("use a tuple or another immutable default")
    return dataclasses.field(default=default, metadata={READER: reader})


@dataclass(frozen=True)
class Problem:
    """One thing wrong in a configuration: where (key path) and why."""

    path: tuple[str | int, ...]
    reason: str


def read_table(
    cls: type[T],
    table: object,
    *,
    where: tuple[str | int, ...],
    problems: list[Problem],
    context: ReadContext,
    defaults: dict[str, Any] | None = None,
) -> T | None:
    """Build `cls` from a TOML table; on any problem, append it and return None.

    `defaults` replaces field defaults that depend on other keys (a department's deadline
    defaults to the general one).
    """
    if not isinstance(table, dict):
        problems.append(Problem(where, _("må være en tabell")))
        return None
    fields = {f.name: f for f in dataclasses.fields(cls) if READER in f.metadata}  # type: ignore[arg-type]
    values: dict[str, Any] = {}
    ok = True
    for key, value in table.items():
        if key not in fields:
            problems.append(Problem((*where, key), unknown_key_reason(key, fields)))
            ok = False
            continue
        try:
            values[key] = fields[key].metadata[READER](value, context)
        except SettingError as error:
            problems.append(Problem((*where, key), f"{key}: {error}"))
            ok = False
    for name, declared in fields.items():
        if name in table:
            continue
        if defaults and name in defaults:
            values[name] = defaults[name]
        elif declared.default is dataclasses.MISSING:
            problems.append(Problem(where, _("mangler {key}").format(key=name)))
            ok = False
    return cls(**values) if ok else None


def unknown_key_reason(key: str, known: Iterable[str], *, table: bool = False) -> str:
    """Why a key is unknown, naming the closest known key (or table) when one is near."""
    known = sorted(known)
    close = difflib.get_close_matches(key, known, n=1)
    what = _("ukjent tabell") if table else _("ukjent nøkkel")
    if close:
        return _("{what} «{key}» – mente du «{close}»?").format(what=what, key=key, close=close[0])
    return _("{what} «{key}» (kjente: {known})").format(what=what, key=key, known=", ".join(known))


# Readers -------------------------------------------------------------------------------------


def whole_number(low: int, high: int) -> Reader:
    """A whole number from `low` to `high`."""

    def read(value: Any, _context: ReadContext) -> int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise SettingError(_("må være et helt tall, ikke {value!r}").format(value=value))
        if not low <= value <= high:
            raise SettingError(
                _("må være fra {low} til {high}, ikke {value}").format(
                    low=low, high=high, value=value
                )
            )
        return value

    read.__doc__ = f"A whole number from {low} to {high}."
    return read


def text(value: Any, _context: ReadContext) -> str:
    """A non-empty string."""
    if not isinstance(value, str) or not value.strip():
        raise SettingError(
            _("må være en tekst i anførselstegn, ikke {value!r}").format(value=value)
        )
    return value.strip()


def optional_text(value: Any, context: ReadContext) -> str:
    """A string, possibly empty."""
    if value == "":
        return ""
    return text(value, context)


def text_list(value: Any, context: ReadContext) -> tuple[str, ...]:
    """A list of non-empty strings, at least one."""
    if not isinstance(value, list) or not value:
        raise SettingError(_('må være en liste med tekster, for eksempel ["a", "b"]'))
    items = []
    for number, item in enumerate(value, start=1):
        try:
            items.append(text(item, context))
        except SettingError as error:
            raise SettingError(
                _("element {number} {error}").format(number=number, error=error)
            ) from None
    return tuple(items)


def checklist(value: Any, context: ReadContext) -> tuple[str, ...]:
    """A list of strings; empty means "nothing to follow up"."""
    if value == []:
        return ()
    return text_list(value, context)


def digit_strings(value: Any, _context: ReadContext) -> tuple[str, ...]:
    """A list of identifiers made of digits (HER-ids), as text or numbers."""
    if not isinstance(value, list):
        raise SettingError(_('må være en liste, for eksempel ["90253"]'))
    items = []
    for item in value:
        item_text = str(item).strip() if isinstance(item, str | int) else ""
        if isinstance(item, bool) or not item_text.isdigit():
            raise SettingError(_("«{item}» er ikke et HER-id (bare sifre)").format(item=item))
        items.append(item_text)
    return tuple(items)


def date_list(value: Any, _context: ReadContext) -> tuple[date, ...]:
    """A list of dates, as TOML dates (2026-12-24) or ISO text ("2026-12-24")."""
    if not isinstance(value, list):
        raise SettingError(_("må være en liste med datoer, for eksempel [2026-12-24, 2026-12-31]"))
    days = []
    for item in value:
        if isinstance(item, date) and not hasattr(item, "hour"):
            days.append(item)
            continue
        try:
            days.append(date.fromisoformat(str(item)))
        except ValueError:
            raise SettingError(
                _("«{item}» er ikke en dato (skriv ÅÅÅÅ-MM-DD)").format(item=item)
            ) from None
    return tuple(sorted(set(days)))


def clock_time(value: Any, _context: ReadContext) -> time:
    """A time of day, "HH:MM" (or a TOML local time)."""
    if isinstance(value, time):
        return value
    try:
        return time.fromisoformat(str(value)) if len(str(value)) == 5 else _bad_time(value)
    except ValueError:
        return _bad_time(value)


def _bad_time(value: object) -> time:
    raise SettingError(_("«{value}» er ikke et klokkeslett (skriv TT:MM)").format(value=value))


def one_of(choices: type[E]) -> Reader:
    """One of an enumeration's values."""

    def read(value: Any, _context: ReadContext) -> E:
        try:
            return choices(value)
        except ValueError:
            known = ", ".join(f"«{choice.value}»" for choice in choices)
            raise SettingError(
                _("«{value}» er ukjent; velg en av {known}").format(value=value, known=known)
            ) from None

    read.__doc__ = "One of " + ", ".join(f'`"{choice.value}"`' for choice in choices) + "."
    return read


def folder(value: Any, context: ReadContext) -> Path | None:
    """A folder; `~` is expanded and a relative folder is relative to the configuration file."""
    if value == "":
        return None
    path = Path(text(value, context)).expanduser()
    if not path.is_absolute() and context.path is not None:
        path = context.path.parent / path
    return path
