"""Finding a standard text as the clerk types: one matcher for the picker and the shell.

Matching uses Textual's own fuzzy matcher (`textual.fuzzy.FuzzySearch`, the command palette's),
but never on a whole body: the matcher tries every combination of letter positions, so a
query of a few letters against a paragraph is slow and grows exponentially with the query
(`bench/texts.py` measures it). Instead:

- the query is split into words, and every word must match a word of the text: of its title,
  its keywords (and id) or its body. A query word matches a text word when the fuzzy matcher
  finds it there as one run of letters ("tid" in "ventetid"), or starting at the word's first
  letter with at most one gap per four letters typed ("ventetd" finds "ventetid", "avbst"
  finds "avbestilling"). Words of one or two letters must start the text word.
- each distinct text word is matched once per query word, however many texts use it, and
  the candidates for the next keystroke are the survivors of the previous one;
- the whole query is also matched against each title the way the command palette does
  ("endtim" finds "Endring av time"), for titles that contain its letters in order, as long
  as the letters found fall in at most one run per three letters typed;
- a query word of four letters or more also matches a text word that starts with it but for
  one slip of the keyboard after the first letter: two letters swapped ("avbsetilling",
  "gebry", "purirng"), one left out ("avbestiling") or one too many ("avbesstilling"), and
  from six letters one wrong letter ("avbestolling"), when no text word matches it as typed.
  RapidFuzz measures the distance (`OSA`, optimal string alignment, counts a swap of
  neighbours as one edit); such matches weigh less than exact ones.

Title matches weigh more than keyword matches, which weigh more than body matches; the text
suggested for the message comes first when it matches at all.
"""

from __future__ import annotations

import bisect
import dataclasses
import difflib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from itertools import pairwise

from rapidfuzz import process
from rapidfuzz.distance import OSA
from textual.fuzzy import FuzzySearch

from tui.core.texts.library import Template
from tui.core.texts.placeholders import PlaceholderSyntaxError, parse_fields

TITLE_WEIGHT = 3.0
KEYWORD_WEIGHT = 2.0
BODY_WEIGHT = 1.0
TYPO_WEIGHT = 0.5
"""A word matched but for a slip of the keyboard counts this much of an exact match."""
TYPO_MIN_LETTERS = 4
"""Shorter query words must match as typed: one slip in three letters matches too much."""
WRONG_LETTER_MIN_LETTERS = 6
"""From this length a wrong letter is forgiven too, not only a swapped, missing or extra one."""

_WORD = re.compile(r"\w+")
_PHRASE_MIN_LETTERS = 4
"""Shorter one-word queries are matched word by word only: three letters spread over a title
match almost any title."""
_CACHED_QUERY_WORDS = 256
"""Query words whose matches are kept: a picker session's worth of keystrokes."""

Offsets = tuple[int, ...]


def words_of(text: str) -> list[str]:
    """The words of a text, lowercased, as the matcher sees them."""
    return _WORD.findall(text.lower())


@dataclass(frozen=True)
class TextMatch:
    """A text that matches the query, how well, and what in it matched."""

    template: Template
    score: float
    title_offsets: Offsets = ()
    """Character positions in the title to highlight."""
    other_terms: tuple[tuple[str, Offsets], ...] = ()
    """Keyword or body words that matched a query word the title did not, with positions."""
    suggested: bool = False
    """True for the text suggested for the selected message."""


@dataclass
class _Entry:
    template: Template
    title: str
    title_lower: str
    title_starts: dict[str, int]
    """Each title word (lowercased) and where it first starts in the title."""


@dataclass
class _QueryWord:
    candidates: list[str]
    """Vocabulary words that contain the query word's letters in order."""
    hits: dict[str, tuple[float, Offsets]] = field(default_factory=dict)
    best: dict[int, tuple[float, str]] | None = None
    """For each text the word matches: the best weighted score and the text word; on demand."""


def _literal_text(body: str) -> str:
    """The body without its placeholders, which the clerk sees filled, not by name."""
    try:
        pieces = parse_fields(body)
    except PlaceholderSyntaxError:
        return body
    return " ".join(piece for piece in pieces if isinstance(piece, str))


def _groups(offsets: Sequence[int]) -> int:
    return 1 + sum(1 for before, after in pairwise(offsets) if after != before + 1)


def acceptable(query_word: str, offsets: Sequence[int]) -> bool:
    """Whether a fuzzy match of one query word inside one text word is a sensible match.

    One run of letters is a match (at the start of the word for one or two letters typed);
    otherwise the match must start the word and have at most one gap per four letters typed.
    """
    if not offsets:
        return False
    groups = _groups(offsets)
    if groups == 1:
        return len(query_word) >= 3 or offsets[0] == 0
    return offsets[0] == 0 and groups <= 1 + len(query_word) // 4


class TextIndex:
    """The texts prepared for matching as the clerk types; build once, search per keystroke."""

    def __init__(self, templates: Sequence[Template]) -> None:
        self.templates = tuple(templates)
        self._fuzzy = FuzzySearch(cache_size=4096)
        self._entries: list[_Entry] = []
        self._postings: dict[str, dict[int, float]] = {}
        for index, template in enumerate(self.templates):
            title = template.title
            starts: dict[str, int] = {}
            for found in _WORD.finditer(title):
                starts.setdefault(found.group().lower(), found.start())
            self._entries.append(_Entry(template, title, title.lower(), starts))
            self._post(index, starts, TITLE_WEIGHT)
            keywords = " ".join((template.id, *template.keywords))
            self._post(index, words_of(keywords), KEYWORD_WEIGHT)
            self._post(index, words_of(_literal_text(template.body)), BODY_WEIGHT)
        self._vocabulary = sorted(self._postings)
        self._query_words: dict[str, _QueryWord] = {}

    def _post(self, index: int, terms: Iterable[str], weight: float) -> None:
        for term in terms:
            posting = self._postings.setdefault(term, {})
            if posting.get(index, 0.0) < weight:
                posting[index] = weight

    # Matching one query word against the vocabulary ---------------------------------------

    def _candidates(self, word: str) -> list[str]:
        if len(word) <= 2:  # must start the text word: a slice of the sorted vocabulary
            start = bisect.bisect_left(self._vocabulary, word)
            end = bisect.bisect_left(self._vocabulary, word + "\U0010ffff")
            return self._vocabulary[start:end]
        previous = self._query_words.get(word[:-1])
        pool = previous.candidates if previous is not None else self._vocabulary
        in_order = re.compile(".*?".join(map(re.escape, word)))
        return [term for term in pool if in_order.search(term)]

    def _query_word(self, word: str) -> _QueryWord:
        """The vocabulary words `word` matches, remembered for the next keystroke."""
        cached = self._query_words.get(word)
        if cached is not None:
            return cached
        entry = _QueryWord(self._candidates(word))
        if len(word) <= 2:
            # Every text word that starts with one or two letters scores alike (text words are
            # single words, so only their first letter is a word start): score two, not each.
            prefix_score, prefix_offsets = self._fuzzy.match(word, word + "x")
            exact_score = self._fuzzy.match(word, word)[0]
            for term in entry.candidates:
                score = exact_score if term == word else prefix_score
                entry.hits[term] = (score, tuple(prefix_offsets))
        else:
            for term in entry.candidates:
                score, offsets = self._fuzzy.match(word, term)
                if score and acceptable(word, offsets):
                    entry.hits[term] = (score, tuple(offsets))
        if not entry.hits and len(word) >= TYPO_MIN_LETTERS and word.isalpha():
            entry.hits = self._slips(word)
        if len(self._query_words) >= _CACHED_QUERY_WORDS:
            self._query_words.pop(next(iter(self._query_words)))
        self._query_words[word] = entry
        return entry

    def _starting_with(self, letter: str) -> list[str]:
        """The text words that start with `letter` (a slice of the sorted vocabulary)."""
        start = bisect.bisect_left(self._vocabulary, letter)
        end = bisect.bisect_left(self._vocabulary, letter + "\U0010ffff")
        return self._vocabulary[start:end]

    def _slips(self, word: str) -> dict[str, tuple[float, Offsets]]:
        """Text words that start with `word` but for one slip of the keyboard, with a score.

        The slip comes after the first letter, or swaps the first two: the words looked at
        start with one of those, a small part of the vocabulary. Each match is scored as its
        start typed right would be, weighed by `TYPO_WEIGHT`; its start is highlighted.
        """
        pool = self._starting_with(word[0])
        if word[1] != word[0]:
            pool = pool + self._starting_with(word[1])
        slips: dict[str, tuple[float, Offsets]] = {}
        for length in (len(word) - 1, len(word), len(word) + 1):
            starts: dict[str, list[str]] = {}
            for term in pool:
                if len(term) >= length:
                    starts.setdefault(term[:length], []).append(term)
            found = process.extract(
                word, list(starts), scorer=OSA.distance, score_cutoff=1, limit=None
            )
            for start, distance, _index in found:
                if distance == 0 or (
                    len(start) == len(word)
                    and sorted(start) != sorted(word)  # a wrong letter, not two swapped
                    and len(word) < WRONG_LETTER_MIN_LETTERS
                ):
                    continue
                terms = starts[start]
                score = self._fuzzy.match(start, terms[0])[0] * TYPO_WEIGHT
                for term in terms:
                    if score > slips.get(term, (0.0, ()))[0]:
                        slips[term] = (score, tuple(range(length)))
        return slips

    def matched_terms(self, query: str) -> dict[str, Offsets]:
        """Every text word any query word matches, with the positions to highlight in it."""
        terms: dict[str, Offsets] = {}
        for word in dict.fromkeys(words_of(query)):
            for term, (_score, offsets) in self._query_word(word).hits.items():
                terms[term] = tuple(sorted({*terms.get(term, ()), *offsets}))
        return terms

    # Searching ------------------------------------------------------------------------------

    def search(self, query: str, suggested_id: str | None = None) -> list[TextMatch]:
        """The texts matching `query`, best first; the suggested text leads when it matches.

        An empty query matches every text, in the given order with the suggested one first.
        """
        words = list(dict.fromkeys(words_of(query)))
        if not words:
            everything = [
                TextMatch(template, 0.0, suggested=template.id == suggested_id)
                for template in self.templates
            ]
            return sorted(everything, key=lambda match: not match.suggested)
        scores = self._word_scores(words)
        found = set(scores[0]).intersection(*scores[1:])
        matches = {index: self._word_match(index, words, scores) for index in found}
        if len(words) == 1 and len(words[0]) >= _PHRASE_MIN_LETTERS:
            for index, entry in enumerate(self._entries):
                phrase = self._title_phrase(words[0], entry)
                if phrase is not None and (
                    index not in matches or phrase.score > matches[index].score
                ):
                    matches[index] = phrase
        ordered = sorted(
            matches.items(),
            key=lambda item: (item[1].template.id != suggested_id, -item[1].score, item[0]),
        )
        return [
            dataclasses.replace(match, suggested=match.template.id == suggested_id)
            for _index, match in ordered
        ]

    def _word_scores(self, words: list[str]) -> list[dict[int, tuple[float, str]]]:
        """Per query word: for each text it matches, the best weighted score and the word."""
        per_word: list[dict[int, tuple[float, str]]] = []
        for word in words:
            entry = self._query_word(word)
            if entry.best is None:
                entry.best = {}
                for term, (score, _offsets) in entry.hits.items():
                    for index, weight in self._postings[term].items():
                        weighted = score * weight
                        if weighted > entry.best.get(index, (0.0, ""))[0]:
                            entry.best[index] = (weighted, term)
            per_word.append(entry.best)
        return per_word

    def _word_match(
        self, index: int, words: list[str], scores: list[dict[int, tuple[float, str]]]
    ) -> TextMatch:
        """The match of a text every query word matched, with what to highlight."""
        entry = self._entries[index]
        score = 0.0
        title_offsets: set[int] = set()
        others: list[tuple[str, Offsets]] = []
        for word, word_scores in zip(words, scores, strict=True):
            weighted, term = word_scores[index]
            score += weighted
            offsets = self._query_word(word).hits[term][1]
            start = entry.title_starts.get(term)
            if start is not None:
                title_offsets.update(start + offset for offset in offsets)
            else:
                others.append((term, offsets))
        return TextMatch(entry.template, score, tuple(sorted(title_offsets)), tuple(others))

    def closest_titles(self, query: str, count: int = 3) -> list[str]:
        """Titles of the texts nearest a query that matched nothing, for a helpful error.

        Each query word is replaced by the most similar word the texts use (difflib), and the
        search is run again; failing that, the titles most similar to the query are given.
        """
        corrected = []
        for word in words_of(query):
            close = difflib.get_close_matches(word, self._vocabulary, n=1, cutoff=0.6)
            corrected.append(close[0] if close else word)
        titles = [match.template.title for match in self.search(" ".join(corrected))]
        if not titles:
            by_lower = {entry.title_lower: entry.title for entry in self._entries}
            close = difflib.get_close_matches(query.lower(), list(by_lower), n=count, cutoff=0.0)
            titles = [by_lower[title] for title in close]
        return list(dict.fromkeys(titles))[:count]

    def _title_phrase(self, word: str, entry: _Entry) -> TextMatch | None:
        """The command palette's match of a one-word query across the title's words.

        Only for titles that have the letters in order, and only when the letters found fall
        in at most one run per three letters typed ("endtim" in "Endring av time").
        """
        letters = iter(entry.title_lower)
        if not all(letter in letters for letter in word):
            return None
        score, offsets = self._fuzzy.match(word, entry.title)
        if not offsets or _groups(offsets) > 1 + len(word) // 3:
            return None
        return TextMatch(entry.template, score * TITLE_WEIGHT, tuple(offsets))
