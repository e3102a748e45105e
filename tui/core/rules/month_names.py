"""The months by name, as patients write them: one list for every reader of a message's words."""

from __future__ import annotations

MONTH_NAMES = (
    "januar",
    "februar",
    "mars",
    "april",
    "mai",
    "juni",
    "juli",
    "august",
    "september",
    "oktober",
    "november",
    "desember",
)
"""The months written out (bokmål and nynorsk spell them alike)."""

MONTH_ABBREVIATIONS = (
    "jan",
    "feb",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "okt",
    "nov",
    "des",
)
"""The months shortened ("15. okt"); "mars" and "mai" are short already."""
