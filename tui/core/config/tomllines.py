"""Line numbers for the keys of a TOML file, so a configuration error can say where it is.

`tomllib` reports the line of a syntax error, but a parsed document carries no positions, so a
value that is valid TOML yet wrong for timedialog ("deadline_days = 7") cannot be traced back.
Rather than parse TOML a second time by hand, `KeyLines` asks `tomllib` itself: TOML is written
one statement per line, so the first prefix of the file (whole lines) that parses and holds a
key ends on the line where that key's value is complete, and the last parsable prefix before
that ends just before the line where the key starts.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Sequence
from functools import cached_property
from typing import Any

KeyPath = tuple[str | int, ...]
"""A key's place in the document: `("departments", 2, "deadline_days")`."""

_SYNTAX_POSITION = re.compile(r"\(at line (\d+), column (\d+)\)")


def syntax_error_line(error: tomllib.TOMLDecodeError) -> int | None:
    """The line `tomllib` names in a syntax error, or None when it names none."""
    match = _SYNTAX_POSITION.search(str(error))
    return int(match.group(1)) if match else None


def syntax_error_reason(error: tomllib.TOMLDecodeError) -> str:
    """The error without its "(at line, column)" tail."""
    return _SYNTAX_POSITION.sub("", str(error)).strip()


def _contains(document: dict[str, Any], path: KeyPath) -> bool:
    node: Any = document
    for part in path:
        if isinstance(part, int):
            if not isinstance(node, list) or part >= len(node):
                return False
        elif not isinstance(node, dict) or part not in node:
            return False
        node = node[part]
    return True


class KeyLines:
    """Where the keys of one syntactically valid TOML text are written (1-based lines)."""

    def __init__(self, text: str) -> None:
        self._lines = text.splitlines(keepends=True)

    @cached_property
    def _prefixes(self) -> list[dict[str, Any] | None]:
        """The document made of the first n lines, for every n; None where it does not parse."""
        documents: list[dict[str, Any] | None] = []
        for count in range(len(self._lines) + 1):
            try:
                documents.append(tomllib.loads("".join(self._lines[:count])))
            except tomllib.TOMLDecodeError:
                documents.append(None)
        return documents

    def line_of(self, path: Sequence[str | int]) -> int | None:
        """The line where the key (or table, or array element's table) at `path` starts.

        A path that is not in the file falls back to its nearest parent that is, so a missing
        key points at its table's header. None when not even the first part is there.
        """
        key = tuple(path)
        while key:
            line = self._start_line(key)
            if line is not None:
                return line
            key = key[:-1]
        return None

    def _start_line(self, path: KeyPath) -> int | None:
        prefixes = self._prefixes
        end = next(
            (n for n, document in enumerate(prefixes) if document and _contains(document, path)),
            None,
        )
        if end is None:
            return None
        # The last prefix before `end` that parses stops just before the key's first line.
        before = max(n for n in range(end) if prefixes[n] is not None)
        start = before + 1
        # Skip blank lines and comments between that prefix and the key itself.
        while start < end and self._lines[start - 1].strip()[:1] in ("", "#"):
            start += 1
        return start
