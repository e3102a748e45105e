"""Keys as Textual names them: reading a configured list of keys, and showing a key.

`[keys]` in the configuration names keys as a clerk writes them ("f2", "ctrl+s", "?"); Textual
names some characters by word ("question_mark"). Used by the app (the command palette shows a
remapped key) and by `tui.keymap`, which checks the `[keys]` table.
"""

from __future__ import annotations

import string
from functools import cache

from textual.keys import Keys, format_key

from tui.textual_compat import character_to_key

MODIFIERS = ("ctrl", "shift", "alt", "meta", "super", "hyper")


@cache
def _key_names() -> frozenset[str]:
    names = {key.value.rsplit("+", 1)[-1] for key in Keys if not key.value.startswith("<")}
    names |= {character_to_key(character) for character in string.printable.strip() + "æøåÆØÅ"}
    return frozenset(names)


def normalise(keys: str) -> list[str]:
    """The keys of a comma-separated list as Textual names them ("?" is "question_mark")."""
    parts = [part.strip() for part in keys.split(",")]
    return [character_to_key(part) if len(part) == 1 else part for part in parts]


def is_key(key: str) -> bool:
    """True for a key Textual can bind: a name or character, after any modifiers."""
    *modifiers, name = key.split("+")
    return bool(name) and all(m in MODIFIERS for m in modifiers) and name in _key_names()


def key_label(key: str) -> str:
    """A key as the help shows it: "?" rather than "question_mark"."""
    *modifiers, name = key.split("+")
    return "+".join([*modifiers, format_key(name)])
