"""Finding a standard text as the clerk types: one matcher for the picker and the shell.

Titles and keywords are matched fuzzily with Textual's own matcher (the command palette's), so
"avbst" finds "Avbestilling av time"; the body is matched word by word, because a fuzzy match
over a whole paragraph finds almost any query somewhere.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from textual.fuzzy import FuzzySearch

from tui.core.texts import Template

_fuzzy = FuzzySearch()


@dataclass(frozen=True)
class TextMatch:
    """A text that matches the query, how well, and where in its title."""

    template: Template
    score: float
    title_offsets: tuple[int, ...] = ()


def _score(template: Template, query: str) -> tuple[float, tuple[int, ...]]:
    title_score, offsets = _fuzzy.match(query, template.title)
    best = title_score * 2
    for keyword in (template.id, *template.keywords):
        best = max(best, _fuzzy.match(query, keyword)[0] * 1.5)
    words = query.lower().split()
    body = template.body.lower()
    if words and all(word in body for word in words):
        best = max(best, float(len(words)))
    return best, tuple(offsets) if title_score else ()


def search_texts(
    templates: Iterable[Template], query: str, suggested_id: str | None = None
) -> list[TextMatch]:
    """The texts matching `query`, best first; the suggested text leads when it matches.

    An empty query matches every text, in the library's order with the suggested one first.
    """
    query = query.strip()
    matches: list[TextMatch] = []
    for template in templates:
        if not query:
            matches.append(TextMatch(template, 1.0))
            continue
        score, offsets = _score(template, query)
        if score > 0:
            matches.append(TextMatch(template, score, offsets))
    matches.sort(key=lambda match: (match.template.id != suggested_id, -match.score))
    return matches


def closest_titles(templates: Sequence[Template], query: str, count: int = 3) -> list[str]:
    """Titles that come nearest to a query that matched nothing, for a helpful error."""
    import difflib

    titles = [template.title for template in templates]
    return difflib.get_close_matches(query, titles, n=count, cutoff=0.0)
