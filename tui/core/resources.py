"""Where the files that ship with timedialog are: demo inbox, example configuration, texts.

In a source checkout they are the top-level `data/` and `templates/` folders; an installed wheel
carries the same folders inside the package (see `pyproject.toml`).
"""

from __future__ import annotations

from pathlib import Path

APP_NAME = "timedialog"
"""The name of timedialog's own folder in the user's data, configuration and cache folders."""

_PACKAGE = Path(__file__).resolve().parent.parent


def _first_existing(*candidates: Path) -> Path:
    for candidate in candidates:
        if candidate.is_dir():
            return candidate
    return candidates[0]


def data_dir() -> Path:
    """The folder with the demo inbox and the example configuration."""
    return _first_existing(_PACKAGE.parent / "data", _PACKAGE / "_data")


def templates_dir() -> Path:
    """The folder with the built-in standard texts, one file per text."""
    return _first_existing(_PACKAGE.parent / "templates", _PACKAGE / "_templates")
