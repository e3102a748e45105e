"""The one translation function for every user-facing string: `_`.

Norwegian bokmål is the language the clerks work in, so the source strings are bokmål and a
missing translation falls back to bokmål, never to an empty string. Other languages are
standard gettext catalogues in `tui/locale/<lang>/LC_MESSAGES/timedialog.mo`.
"""

from __future__ import annotations

import gettext
import locale
import os
from pathlib import Path

DOMAIN = "timedialog"
LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"
LANGUAGES = ("nb", "en")
"""Supported languages; the first is the source language and the default."""


class _State:
    translation: gettext.NullTranslations = gettext.NullTranslations()
    language: str = LANGUAGES[0]


def detect_language() -> str:
    """The language asked for by the environment (`LANGUAGE`, `LC_ALL`, `LC_MESSAGES`, `LANG`).

    English only when the locale says English; everything else is bokmål.
    """
    for variable in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(variable, "")
        if value and value not in ("C", "POSIX") and not value.startswith("C."):
            return "en" if value.lower().startswith("en") else "nb"
    code = locale.getlocale()[0] or ""
    return "en" if code.lower().startswith("en") else "nb"


def set_language(language: str) -> None:
    """Translate from now on into `language` (`nb` or `en`)."""
    if language not in LANGUAGES:
        raise ValueError(f"unknown language {language!r}; choose one of {', '.join(LANGUAGES)}")
    _State.language = language
    if language == LANGUAGES[0]:
        _State.translation = gettext.NullTranslations()
    else:
        _State.translation = gettext.translation(
            DOMAIN, LOCALE_DIR, languages=[language], fallback=True
        )


def current_language() -> str:
    """The language strings are translated into now."""
    return _State.language


def _(message: str) -> str:
    """Translate a bokmål source string into the current language."""
    return _State.translation.gettext(message)


def ngettext(singular: str, plural: str, count: int) -> str:
    """Translate a string whose form depends on `count`."""
    return _State.translation.ngettext(singular, plural, count)
