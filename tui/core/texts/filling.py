"""Filling a standard text: the values a context has, and the text with them put in.

What a text may say and where each value comes from is `tui.core.texts.placeholders`; this module
puts the values in, for the picker, the copy key and `timedialog text`. A text is filled when
the clerk copies or picks it, never to show the inbox, so start-up does not load it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from tui.core.texts.placeholders import PLACEHOLDERS, FillContext, parse_fields


def known_values(context: FillContext) -> dict[str, str]:
    """Every placeholder value the context has (names it lacks are left out)."""
    values = {name: placeholder.value(context) for name, placeholder in PLACEHOLDERS.items()}
    return {name: value for name, value in values.items() if value}


@dataclass(frozen=True)
class Part:
    """A piece of a filled text: literal words, or a placeholder's value."""

    text: str
    """What the piece reads as; "" for a placeholder without a value."""
    placeholder: str = ""
    """The placeholder's name when the piece stands for one."""

    @property
    def missing(self) -> bool:
        """True for a placeholder that has no value yet."""
        return bool(self.placeholder) and not self.text


@dataclass(frozen=True)
class FilledText:
    """A text with its placeholders filled as far as the values allow."""

    parts: tuple[Part, ...]

    @property
    def missing(self) -> tuple[str, ...]:
        """The placeholders still without a value, each once, in order."""
        return tuple(dict.fromkeys(part.placeholder for part in self.parts if part.missing))

    @property
    def complete(self) -> bool:
        """True when every placeholder has a value: only then may the text be copied."""
        return not self.missing

    @property
    def text(self) -> str:
        """The filled text; a missing value reads as its `{name}` so nothing vanishes silently."""
        return "".join(
            f"{{{part.placeholder}}}" if part.missing else part.text for part in self.parts
        )


def fill(text: str, values: Mapping[str, str]) -> FilledText:
    """Fill `text`'s placeholders from `values`; empty or absent values are left missing.

    A placeholder with a format specification or conversion is never filled: the checker
    reports it, and the clerk is not handed a text that was filled differently than written.
    Raises `PlaceholderSyntaxError` for unmatched braces.
    """
    parts: list[Part] = []
    for piece in parse_fields(text):
        if isinstance(piece, str):
            parts.append(Part(piece))
        else:
            value = values.get(piece.name, "").strip() if piece.is_plain else ""
            parts.append(Part(value, piece.name))
    return FilledText(tuple(parts))
