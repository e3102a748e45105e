"""The procedure's own wording of the five standard texts, read from the procedure document.

`data/prosedyre-digital-dialog-endring-av-time.txt` is a verbatim copy of the procedure
("Digital dialog - endring av time"). The built-in texts must say exactly what it says; the
checker (`timedialog text check`) and the tests compare them word for word, ignoring only how
the lines are wrapped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from tui.core.model import Category
from tui.core.resources import data_dir

PROCEDURE_FILE_NAME = "prosedyre-digital-dialog-endring-av-time.txt"


@dataclass(frozen=True)
class _Section:
    title: str
    start: str
    """The line the text follows: its heading, or the link the procedure puts before it."""
    end: str
    """The heading of what comes next."""


_SECTIONS = {
    Category.ENDRING: _Section("Endring av time", "Endring av time:", "Avbestilling av time"),
    Category.AVBESTILLING: _Section(
        "Avbestilling av time", "Avbestilling av time", "Purring på time:"
    ),
    Category.PURRING: _Section(
        "Purring på time", "Purring på time:", "Avslutte dialog ved andre henvendelser enn time"
    ),
    Category.ANNET: _Section(
        "Avslutte dialog ved andre henvendelser enn time",
        "https://metodebok.no/index.php?action=topic&item=PwJGBk2A",
        "Avslutte dialog med avbestillingsgebyr",
    ),
    Category.GEBYR: _Section(
        "Avslutte dialog med avbestillingsgebyr",
        "Avslutte dialog med avbestillingsgebyr",
        "4. GENERELT",
    ),
}


@dataclass(frozen=True)
class ProcedureText:
    """One of the procedure's standard texts: its id (the category), title and wording."""

    id: str
    title: str
    body: str
    """The wording with whitespace normalised (see `normalise_whitespace`)."""


def normalise_whitespace(text: str) -> str:
    """Every run of whitespace as one space, no space at either end: wrapping does not count."""
    return re.sub(r"\s+", " ", text).strip()


def procedure_path() -> Path:
    """The copy of the procedure document that ships with timedialog."""
    return data_dir() / PROCEDURE_FILE_NAME


def procedure_texts(path: Path | None = None) -> dict[str, ProcedureText]:
    """The five texts as the procedure words them, by id.

    Raises `OSError` when the document cannot be read and `ValueError` when a heading the
    texts are found by is not in it.
    """
    document = (path or procedure_path()).read_text(encoding="utf-8")
    texts = {}
    for category, section in _SECTIONS.items():
        start = document.index(section.start) + len(section.start)
        end = document.index(section.end, start)
        texts[category.value] = ProcedureText(
            category.value, section.title, normalise_whitespace(document[start:end])
        )
    return texts
