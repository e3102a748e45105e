"""Suggest a message's category from its Helsenorge code or, failing that, from its words.

The suggestion always carries its reason ("kode OET", "tekst: 'avbestille'"), so the clerk sees
why and can change it; it is never final by itself.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from tui.core.i18n import _
from tui.core.model import Category

CODE_CATEGORIES: dict[str, Category] = {
    "OET": Category.ENDRING,
    "OAT": Category.AVBESTILLING,
    "ART": Category.AVBESTILLING,
    "OAB": Category.AVBESTILLING,
}
"""TypeForesp codes (code list 7601) whose meaning is clear; `HE` and `OT` need the text."""

# Word beginnings (stems) and phrases per category, most specific first. A stem matches at the
# start of a word, so "avbestill" finds "avbestille", "avbestilling" and "avbestiller".
_RULES: tuple[tuple[Category, tuple[str, ...]], ...] = (
    (
        Category.AVBESTILLING,
        (
            "avbestill",
            "avlys",
            "kansell",
            "ikke lenger behov",
            "trenger ikke time",
            "trenger ikke lenger",
            "ikke behov for time",
            "avslutt",
            "frisk",
        ),
    ),
    (
        Category.ENDRING,
        (
            "flytt",
            "endre",
            "endring",
            "ny time",
            "nytt tidspunkt",
            "annet tidspunkt",
            "annen dag",
            "annen tid",
            "bytte",
            "utsett",
            "passer ikke",
            "passer dårlig",
            "kan ikke komme",
            "forhindret",
        ),
    ),
    (
        Category.PURRING,
        (
            "venter",
            "ventet",
            "ventetid",
            "purr",
            "hørt noe",
            "ikke fått time",
            "ikke fått innkalling",
            "når får jeg",
            "lenge siden",
        ),
    ),
)
_PATTERNS = tuple(
    (category, re.compile(r"\b(" + "|".join(re.escape(w) for w in words) + r")\w*", re.I))
    for category, words in _RULES
)


@dataclass(frozen=True)
class Suggestion:
    """A suggested category and the reason for it, in words a clerk understands."""

    category: Category
    reason: str


def classify_text(text: str) -> Suggestion:
    """Suggest a category from the words of a message; `annet` when nothing matches.

    Each category scores the number of its words found; a tie goes to the category listed
    first (a cancellation outranks a change, a change outranks a chase).
    """
    best: tuple[int, Category, str] | None = None
    for category, pattern in _PATTERNS:
        found = [match.group(0) for match in pattern.finditer(text)]
        if found and (best is None or len(found) > best[0]):
            best = (len(found), category, found[0])
    if best is None:
        return Suggestion(Category.ANNET, _("tekst: ingen kjente ord"))
    _count, category, word = best
    return Suggestion(category, _("tekst: '{word}'").format(word=word.lower()))


def classify(type_code: str, text: str) -> Suggestion:
    """Suggest a category from the TypeForesp code when it is clear, else from the text."""
    code = type_code.strip().upper()
    if code in CODE_CATEGORIES:
        return Suggestion(CODE_CATEGORIES[code], _("kode {code}").format(code=code))
    return classify_text(text)
