"""Terminal control characters: never stored, never written to a terminal or a file.

A patient's message, a pasted text, a file name or a configuration text can carry characters
a terminal obeys rather than shows: an escape sequence (C0 `ESC`, or the C1 `CSI` U+009B) can
clear the clerk's screen, move the cursor, or put text of its choosing on the clipboard
through OSC 52; a bidi override (U+202A-U+202E, U+2066-U+2069) shows text in another order
than it is stored. `without_controls` is the one place that removes them, used on every way in
(the Helsenorge import, registration by paste, the configuration and the standard texts, the
database as read) and on the ways out that do not come from a message read through the store.

Removed are Unicode's category Cc (C0 U+0000-U+001F, DEL, C1 U+0080-U+009F) except newline
and tab, and the bidi embeddings, overrides and isolates. A carriage return is a line break
(CR LF and a lone CR become LF). Each run of removed characters leaves one visible
placeholder, U+FFFD, so the clerk can see that something was there.
"""

from __future__ import annotations

import re
from typing import Any

PLACEHOLDER = "\ufffd"
"""Shown where control characters were removed: the replacement character, one per run."""

BIDI_CONTROLS = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
"""Bidi embeddings, overrides (U+202A-U+202E) and isolates (U+2066-U+2069)."""

_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f" + BIDI_CONTROLS + "]+")
"""Runs of Cc characters other than tab (09) and newline (0A), and of bidi controls."""
_LINE_ENDS = re.compile("\r\n?")

_IN_JSON = (
    re.compile(rb"\\[bfru]"),  # C0 as JSON escapes it (orjson writes nothing else with \u)
    re.compile(rb"\xc2[\x80-\x9f]"),  # C1 in UTF-8
    re.compile(rb"\xe2(?:\x80[\xaa-\xae]|\x81[\xa6-\xa9])"),  # bidi controls in UTF-8
)
"""What a control character looks like in a JSON file (which forbids unescaped C0, but not
DEL, looked for by itself): three
patterns, each starting with a literal, scan a file several times faster than one that
combines them. An escaped backslash before `r` or `u`, or a character written as `\\uXXXX`
by another program, also matches: that only costs a closer look."""


def without_controls(text: str, placeholder: str = PLACEHOLDER) -> str:
    """`text` without terminal control characters; each removed run leaves `placeholder`.

    Newlines and tabs stay; carriage returns become newlines.
    """
    if "\r" in text:
        text = _LINE_ENDS.sub("\n", text)
    return _CONTROLS.sub(placeholder, text)


def has_controls(text: str) -> bool:
    """True when `without_controls` would change `text` (a carriage return counts)."""
    return "\r" in text or _CONTROLS.search(text) is not None


def data_without_controls(value: Any) -> Any:
    """Parsed JSON or TOML with `without_controls` applied to every string, keys included.

    Returns the same object when nothing changed; containers are changed in place.
    """
    if isinstance(value, str):
        return without_controls(value) if has_controls(value) else value
    if isinstance(value, list):
        for index, item in enumerate(value):
            value[index] = data_without_controls(item)
        return value
    if isinstance(value, dict):
        for key in [key for key in value if isinstance(key, str) and has_controls(key)]:
            value[without_controls(key)] = value.pop(key)
        for key, item in value.items():
            value[key] = data_without_controls(item)
        return value
    return value


def data_has_controls(value: Any) -> bool:
    """True when `data_without_controls` would change something in `value`."""
    if isinstance(value, str):
        return has_controls(value)
    if isinstance(value, list):
        return any(data_has_controls(item) for item in value)
    if isinstance(value, dict):
        return any(data_has_controls(key) or data_has_controls(item) for key, item in value.items())
    return False


def json_may_hold_controls(raw: bytes) -> bool:
    """True when a JSON file's bytes may hold a control character in a string.

    A quick scan of the bytes, so a clean file (the usual case) costs no walk through its data.
    """
    return b"\x7f" in raw or any(pattern.search(raw) is not None for pattern in _IN_JSON)
