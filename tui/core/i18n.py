"""The one translation function for every user-facing string: `_`.

Norwegian bokmål is the language the clerks work in, so the source strings are bokmål and a
missing translation falls back to bokmål, never to an empty string. Other languages are
standard gettext catalogues in `tui/locale/<lang>/LC_MESSAGES/timedialog.mo`, made from the
`.po` file beside it by `python -m tools.i18n update` (README, "Language").

A string is translated when `_()` is called, so the language must be set before any module
that translates at import time (a Textual `BINDINGS` list, a module constant) is imported: the
command line sets it first and imports the app afterwards. A constant in a module that is
imported earlier marks its string with `N_()` and translates it where it is shown.
"""

from __future__ import annotations

import gettext
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
    """The language the environment asks for, as gettext reads it.

    The first of `LANGUAGE`, `LC_ALL`, `LC_MESSAGES`, `LANG` that is set decides: English
    when it names English (`en_GB.UTF-8`, `en`), bokmål for anything else, the C and POSIX
    locales included (a server's `C.UTF-8` says nothing about the clerk's language).
    """
    for variable in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(variable, "").split(":")[0]
        if value:
            return "en" if value.lower().startswith("en") else LANGUAGES[0]
    return LANGUAGES[0]


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


def N_(message: str) -> str:  # noqa: N802 - the gettext convention, known to extractors
    """Mark a string for translation without translating it now (`_()` translates it later)."""
    return message


def ngettext(singular: str, plural: str, count: int) -> str:
    """Translate a string whose form depends on `count`."""
    return _State.translation.ngettext(singular, plural, count)
