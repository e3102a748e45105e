"""A site's own words per category (`[suggestions]` in the configuration).

Read at start-up with the rest of the configuration; used by `tui.core.rules.classify` when a
message arrives (the classifier itself is not loaded at start-up).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from tui.core.model import Category
from tui.core.settings import setting, text_list

if TYPE_CHECKING:
    from tui.core.rules.intents import Evidence
    from tui.core.rules.language import Word

SITE_WORD_WEIGHT = 3.0
"""A site's word counts as much as a clear built-in one ("avbestille")."""


@dataclass(frozen=True)
class SiteWords:
    """A site's own words per category (`[suggestions]`), added to the built-in rules.

    A word or phrase matches at the start of a word, in the word as written or its base form
    ("ombooke" finds "ombooket"); a match in a negated clause counts for nothing.
    """

    endring: tuple[str, ...] = setting((), text_list)
    """Words and phrases that ask to change an appointment ("ombooke")."""
    avbestilling: tuple[str, ...] = setting((), text_list)
    """Words and phrases that cancel one ("melde fra om frafall")."""
    purring: tuple[str, ...] = setting((), text_list)
    """Words and phrases that chase a long wait ("hvor i køen")."""
    annet: tuple[str, ...] = setting((), text_list)
    """Words and phrases of any other question ("reiseregning")."""

    def items(self) -> Iterable[tuple[Category, tuple[str, ...]]]:
        """Each category with its configured words."""
        for category in (Category.ENDRING, Category.AVBESTILLING, Category.PURRING, Category.ANNET):
            yield category, getattr(self, category.value)

    def evidence(self, words: Sequence[Word]) -> Iterable[Evidence]:
        """The site's words found in one sentence."""
        from tui.core.rules.intents import Evidence  # with the classifier, never at start-up

        for category, phrases in self.items():
            for phrase in phrases:
                parts = phrase.lower().split()
                for index in range(len(words) - len(parts) + 1):
                    window = words[index : index + len(parts)]
                    if all(
                        w.starts(part) for w, part in zip(window, parts, strict=True)
                    ) and not any(w.negated for w in window):
                        yield Evidence(
                            category,
                            SITE_WORD_WEIGHT,
                            f"{category.value}/stedets-ord",
                            " ".join(w.text for w in window),
                        )


NO_SITE_WORDS = SiteWords()
