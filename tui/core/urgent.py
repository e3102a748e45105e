"""Words that suggest a patient needs urgent help, which this channel is not for.

The procedure: messages are not for "øyeblikkelig hjelp eller avklaringer som haster". A
message whose words suggest urgency gets a hint for the clerk (phone the patient, follow the
local routine); it is only ever a hint, never an automatic reply. A word in a negated clause
("det haster ikke", "ikke akutt", "ingen brystsmerter") is reported as negated, not as urgent.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import cached_property

from tui.core.settings import setting, text_list

DEFAULT_WORDS = (
    "akutt",
    "haster",
    "hastesak",
    "øyeblikkelig hjelp",
    "brystsmerter",
    "smerter i brystet",
    "vondt i brystet",
    "puster dårlig",
    "pustebesvær",
    "får ikke puste",
    "blør",
    "blødning",
    "besvimt",
    "bevisstløs",
    "lammet",
    "hjerneslag",
    "selvmord",
    "ta livet mitt",
    "ta mitt eget liv",
    "ikke leve lenger",
    "skade meg selv",
)
"""Words and phrases that suggest urgency; a word also matches longer words it begins."""

DEFAULT_NEGATIONS = ("ikke", "ingen", "intet", "aldri", "uten")
"""Words that negate an urgent word in the same clause when they stand close to it."""

_BEFORE = 3
"""A negation counts when it is at most this many words before the urgent word ..."""
_AFTER = 1
"""... or this many words after it ("det haster ikke")."""
_CLAUSE_BREAK = re.compile(r"[.!?;:,\n]|\b(?:men|fordi|og|så|eller)\b", re.IGNORECASE)
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class UrgentHint:
    """What the words of a message suggest: the urgent words found, and the negated ones."""

    words: tuple[str, ...] = ()
    """Urgent words or phrases found in the message (lower case)."""
    negated: tuple[str, ...] = ()
    """Urgent words that stood in a negated clause ("haster ikke"), shown but not flagged."""

    @property
    def urgent(self) -> bool:
        """True when at least one urgent word stands un-negated."""
        return bool(self.words)


NO_URGENT_WORDS = UrgentHint()
"""The hint for a text without any urgent word, negated or not."""


@dataclass(frozen=True)
class UrgentRule:
    """The configured urgent words (`[urgent]` in the configuration)."""

    words: tuple[str, ...] = setting(DEFAULT_WORDS, text_list)
    negations: tuple[str, ...] = setting(DEFAULT_NEGATIONS, text_list)

    @cached_property
    def _pattern(self) -> re.Pattern[str]:
        # Longest first, so "smerter i brystet" wins over a shorter overlapping entry.
        phrases = sorted({w.lower() for w in self.words}, key=len, reverse=True)
        parts = (r"\s+".join(map(re.escape, phrase.split())) for phrase in phrases)
        # Matched against the lower-cased text: faster than IGNORECASE for the same result.
        return re.compile(r"\b(?:" + "|".join(parts) + r")\w*")

    @cached_property
    def _telltales(self) -> frozenset[str]:
        # One word of each phrase, its longest: a text with none of them cannot match, and
        # looking for them is quicker than the pattern (most messages have no urgent word).
        return frozenset(max(phrase.lower().split(), key=len, default="") for phrase in self.words)

    @cached_property
    def _negations(self) -> frozenset[str]:
        return frozenset(word.lower() for word in self.negations)

    def check(self, text: str) -> UrgentHint:
        """The urgent words in `text`, split into standing and negated."""
        text = text.lower()
        if not any(word in text for word in self._telltales):
            return NO_URGENT_WORDS  # most messages: one shared answer, nothing to build
        found: list[str] = []
        negated: list[str] = []
        clauses: _Clauses | None = None  # found only for a text with an urgent word
        for match in self._pattern.finditer(text):
            clauses = clauses or _Clauses(text)
            phrase = " ".join(match.group(0).split())
            before, after = clauses.around(match.start(), match.end())
            words_before = _WORD.findall(before)[-_BEFORE:]
            words_after = _WORD.findall(after)[:_AFTER]
            if any(word in self._negations for word in (*words_before, *words_after)):
                negated.append(phrase)
            else:
                found.append(phrase)
        if not found and not negated:
            return NO_URGENT_WORDS
        return UrgentHint(tuple(dict.fromkeys(found)), tuple(dict.fromkeys(negated)))


class _Clauses:
    """The clause breaks of a text, found once, to cut out the clause around a word."""

    def __init__(self, text: str) -> None:
        self.text = text
        breaks = list(_CLAUSE_BREAK.finditer(text))
        self._starts = [b.start() for b in breaks]
        self._ends = [b.end() for b in breaks]

    def around(self, start: int, end: int) -> tuple[str, str]:
        """The clause's text before `start` and after `end`."""
        index = bisect_right(self._ends, start)
        clause_start = self._ends[index - 1] if index else 0
        index = bisect_left(self._starts, end)
        clause_end = self._starts[index] if index < len(self._starts) else len(self.text)
        return self.text[clause_start:start], self.text[end:clause_end]
