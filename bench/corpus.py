"""The labelled corpus of written patient messages (tests/data), and the figures on it.

Shared by `bench/classify.py`, which prints the figures, and `tests/unit/test_classify_corpus.py`,
which keeps them at or above the targets. Each message is classified as it arrives (`classify`
with the code `HE`, which leaves the category to the words) and checked for urgent words.
"""

from __future__ import annotations

import csv
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from tui.core.model import Category
from tui.core.rules.classify import classify
from tui.core.rules.learned import Weights
from tui.core.rules.urgent import UrgentRule

DATA = Path(__file__).resolve().parent.parent / "tests" / "data"
TUNING = DATA / "classify-corpus.tsv"
"""The messages the rules were tuned on."""
HOLDOUT = DATA / "classify-holdout.tsv"
"""Every fourth message of the corpus, set aside before tuning and never tuned on."""
INDEPENDENT = DATA / "classify-independent.tsv"
"""Messages written by separate writers who never saw the rules (sets A and B)."""
INDEPENDENT_2 = DATA / "classify-independent-2.tsv"
"""More messages by separate writers (sets D and E), added when the learned layer came."""
INDEPENDENT_3 = DATA / "classify-independent-3.tsv"
"""More messages by separate writers (sets C and H), added when sureness was calibrated."""
SPLITS = {
    "tuned": TUNING,
    "holdout": HOLDOUT,
    "independent": INDEPENDENT,
    "independent-2": INDEPENDENT_2,
    "independent-3": INDEPENDENT_3,
}
"""Every split of the labelled messages, by the name the tests and the bench use."""
WRITER_SETS: dict[str, tuple[Path, int, int]] = {
    "corpus": (TUNING, 0, 315),
    "A": (INDEPENDENT, 0, 200),
    "B": (INDEPENDENT, 200, 400),
    "D": (INDEPENDENT_2, 0, 250),
    "E": (INDEPENDENT_2, 250, 500),
    "C": (INDEPENDENT_3, 0, 200),
    "H": (INDEPENDENT_3, 200, 450),
}
"""The sets by who wrote them (file, first and end row): the corpus (its hold-out joins it,
`writer_sets`) and six sets of separate writers. Leave-one-set-out holds out one at a time."""

CATEGORIES = (Category.ENDRING, Category.AVBESTILLING, Category.PURRING, Category.ANNET)


@dataclass(frozen=True)
class Labelled:
    """One written message with the category a clerk would give it and its urgency."""

    category: Category
    urgent: bool
    style: str
    text: str


def load(path: Path) -> list[Labelled]:
    """The messages of one corpus file (tab-separated: category, urgent, style, text)."""
    with path.open(encoding="utf-8", newline="") as file:
        rows = csv.DictReader(file, delimiter="\t", quoting=csv.QUOTE_NONE)
        return [
            Labelled(Category(row["category"]), row["urgent"] == "1", row["style"], row["text"])
            for row in rows
        ]


def writer_sets() -> dict[str, list[Labelled]]:
    """The messages of each writer set (`WRITER_SETS`), the corpus with its hold-out."""
    sets = {name: load(path)[first:end] for name, (path, first, end) in WRITER_SETS.items()}
    sets["corpus"] = sets["corpus"] + load(HOLDOUT)
    return sets


@dataclass
class Figures:
    """How the classifier and the urgent words did on a corpus."""

    messages: int = 0
    right: int = 0
    sure: int = 0
    wrong_while_sure: int = 0
    confusion: Counter[tuple[Category, Category]] = field(default_factory=Counter)
    """(labelled, suggested) -> count."""
    urgent: int = 0
    urgent_flagged: int = 0
    calm: int = 0
    false_alarms: int = 0

    @property
    def accuracy(self) -> float:
        """The share of messages given the labelled category."""
        return self.right / self.messages

    @property
    def unsure_share(self) -> float:
        """The share of suggestions that were unsure."""
        return 1 - self.sure / self.messages

    @property
    def right_among_sure(self) -> float:
        """The share right among the sure suggestions."""
        return (self.sure - self.wrong_while_sure) / self.sure if self.sure else 1.0

    @property
    def wrong_while_sure_rate(self) -> float:
        """The share of all messages suggested wrongly but sure: `c` copies the wrong text."""
        return self.wrong_while_sure / self.messages

    @property
    def urgent_recall(self) -> float:
        """The share of urgent messages that get the banner."""
        return self.urgent_flagged / self.urgent if self.urgent else 1.0

    @property
    def false_alarm_rate(self) -> float:
        """The share of calm messages that get the banner."""
        return self.false_alarms / self.calm if self.calm else 0.0

    def category_accuracy(self, category: Category) -> float | None:
        """The share right among the messages labelled `category`."""
        total = sum(n for (label, _s), n in self.confusion.items() if label is category)
        return self.confusion[(category, category)] / total if total else None


def measure(
    messages: list[Labelled], rule: UrgentRule | None = None, weights: Weights | None = None
) -> Figures:
    """Classify and check every message; count what came out.

    `weights`: the learned layer to use (the shipped one when None; `NO_WEIGHTS`: rules alone).
    """
    rule = rule or UrgentRule()
    figures = Figures()
    for message in messages:
        suggestion = classify("HE", message.text, weights=weights)
        right = suggestion.category is message.category
        figures.messages += 1
        figures.right += right
        figures.sure += suggestion.sure
        figures.wrong_while_sure += suggestion.sure and not right
        figures.confusion[(message.category, suggestion.category)] += 1
        flagged = rule.check(message.text, weights).urgent
        if message.urgent:
            figures.urgent += 1
            figures.urgent_flagged += flagged
        else:
            figures.calm += 1
            figures.false_alarms += flagged
    return figures
