"""The learned layer: weights trained offline on the labelled messages, applied in pure Python.

The intent rules (`tui.core.rules.intents`) read the constructions their author saw; patients who
write otherwise slip past them. A logistic regression over the words of a message (base forms,
negated or not, pairs of neighbouring words, the first letters of long words, words of a
question) and the rules' own evidence gives a second view, trained by
`bench/train_suggestions.py` (scikit-learn, a developer's tool only) and shipped as a small
JSON file of weights (`data/classify-weights.json`). Here the weights are applied with a sparse
dot product and a softmax: no numpy, no scikit-learn, nothing at start-up. The file is read
with the first message classified, like the language data.

Three models are in the file: `words` (the words alone), `stacked` (the words and the rules'
evidence) for the category, and `urgent` (the words alone) for the urgent hint.
`tui.core.rules.classify` and `tui.core.rules.urgent` decide how the views are combined.
"""

from __future__ import annotations

import math
import threading
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pathlib import Path

    from tui.core.rules.language import Reading

WEIGHTS_FILE = "classify-weights.json"
"""The trained weights, in the data folder (`tui.core.resources.data_dir`)."""

LONG_WORD = 6
"""Base forms this long or longer also give their first `PREFIX` letters as a feature."""
PREFIX = 5


def word_features(reading: Reading) -> dict[str, str]:
    """The features of a message's words, each with the patient's words it stands for.

    `l:` a base form (`l:¬komme` when negated), `q:` a base form in a question, `p:` the first
    letters of a long base form (compounds, inflections the dictionary misses), `b:` two
    neighbouring base forms in a sentence. Every feature has the value 1.
    """
    features: dict[str, str] = {}
    previous = None
    for word in reading.words:
        lemma = word.lemma
        features.setdefault(f"l:{'¬' if word.negated else ''}{lemma}", word.text)
        if word.question:
            features.setdefault(f"q:{lemma}", word.text)
        if len(lemma) >= LONG_WORD:
            features.setdefault(f"p:{lemma[:PREFIX]}", word.text)
        if previous is not None and previous.sentence == word.sentence:
            features.setdefault(f"b:{previous.lemma} {lemma}", f"{previous.text} {word.text}")
        previous = word
    return features


FUNCTION_WORDS = frozenset(
    [
        "og",
        "i",
        "på",
        "har",
        "er",
        "jeg",
        "det",
        "den",
        "en",
        "et",
        "å",
        "til",
        "med",
        "for",
        "som",
        "av",
        "at",
        "men",
        "så",
        "om",
        "min",
        "mitt",
        "mine",
        "du",
        "dere",
        "vi",
        "han",
        "hun",
        "ho",
        "de",
        "seg",
        "sin",
        "sitt",
        "være",
        "ha",
        "bli",
        "kan",
        "vil",
        "skal",
        "må",
        "kunne",
        "ville",
        "skulle",
        "få",
        "nå",
        "da",
        "der",
        "her",
        "hva",
        "hvor",
        "når",
        "hvordan",
        "fra",
        "etter",
        "før",
        "over",
        "under",
        "ved",
        "hos",
        "mot",
        "eller",
        "også",
        "bare",
        "litt",
        "veldig",
        "helt",
        "mye",
        "noe",
        "noen",
        "alle",
        "hei",
        "takk",
        "mvh",
        "hilsen",
        "dette",
        "denne",
        "siden",
        "dag",
        "no",
        "me",
        "kva",
        "kor",
        "dei",
        "ein",
        "eit",
        "ei",
    ]
)
"""Words that say nothing of a person's health by themselves: the urgent model leaves them
out, so it weighs symptoms and situations, not how long or how plainly a message is written."""


_UNNAMED = FUNCTION_WORDS | {"ikke", "ikkje", "ingen", "inga", "aldri", "gjør", "gjer"}


def content_features(features: Mapping[str, str]) -> dict[str, str]:
    """The word features of `word_features` that name something, for the urgent model.

    Base forms and pairs of function words only, and the question marks, are left out.
    """
    kept: dict[str, str] = {}
    for feature, text in features.items():
        kind, _colon, rest = feature.partition(":")
        if kind == "q":
            continue
        if kind == "l" and rest.removeprefix("¬") in FUNCTION_WORDS:
            continue
        if kind == "b" and all(part in FUNCTION_WORDS for part in rest.split(" ")):
            continue
        kept[feature] = text
    return kept


@dataclass(frozen=True)
class Model:
    """One logistic regression: an intercept and a weight per feature for each class.

    A model of one class is binary (its probability is the sigmoid of the score); a model of
    several is multinomial (the softmax of the scores).
    """

    classes: tuple[str, ...]
    intercept: tuple[float, ...]
    weights: Mapping[str, tuple[float, ...]]

    @classmethod
    def from_dict(cls, data: Mapping[str, object]) -> Model:
        """The model as `bench/train_suggestions.py` writes it."""
        classes = tuple(str(c) for c in _list(data["classes"]))
        intercept = tuple(_number(v) for v in _list(data["intercept"]))
        raw = data["weights"]
        if not isinstance(raw, dict):
            raise TypeError("weights")
        weights = {str(k): tuple(_number(v) for v in _list(w)) for k, w in raw.items()}
        if len(intercept) != len(classes) or any(len(w) != len(classes) for w in weights.values()):
            raise ValueError("a weight per class")
        return cls(classes, intercept, weights)

    def scores(self, features: Mapping[str, float]) -> list[float]:
        """The score of each class: the intercept plus the weighted features present."""
        scores = list(self.intercept)
        for feature, value in features.items():
            weights = self.weights.get(feature)
            if weights is not None:
                for index, weight in enumerate(weights):
                    scores[index] += weight * value
        return scores

    def probabilities(self, features: Mapping[str, float]) -> dict[str, float]:
        """Each class's probability (a binary model's one class: the sigmoid of its score)."""
        scores = self.scores(features)
        if len(scores) == 1:
            return {self.classes[0]: 1 / (1 + math.exp(-max(min(scores[0], 50.0), -50.0)))}
        top = max(scores)
        exps = [math.exp(score - top) for score in scores]
        total = sum(exps)
        return {c: e / total for c, e in zip(self.classes, exps, strict=True)}

    def decisive(
        self, features: Mapping[str, float], words: Mapping[str, str], category: str, count: int
    ) -> list[str]:
        """The patient's words that weigh most for `category`, heaviest first.

        Only word features (those in `words`) count: they are what the clerk can read; a
        function word or a negation alone says nothing to the clerk and is not named.
        """
        index = self.classes.index(category)
        others = [i for i in range(len(self.classes)) if i != index]
        pull: dict[str, float] = {}
        for feature, text in words.items():
            weights = self.weights.get(feature)
            if weights is None:
                continue
            # against the strongest other class (a binary model: against nothing)
            lead = weights[index] - max((weights[i] for i in others), default=0.0)
            value = features.get(feature, 0.0) * lead
            if value > 0 and text not in _UNNAMED:
                pull[text] = pull.get(text, 0.0) + value
        ranked = sorted(pull.items(), key=lambda item: -item[1])
        chosen: list[str] = []
        for text, _value in ranked:
            if any(text in other.split() or other in text.split() for other in chosen):
                continue  # "timen" and "flytte timen": one is enough
            chosen.append(text)
            if len(chosen) == count:
                break
        return chosen


@dataclass(frozen=True)
class Weights:
    """The trained models, and how the rules' evidence is scaled for the stacked one."""

    words: Model | None = None
    stacked: Model | None = None
    urgent: Model | None = None
    rule_scale: float = 1.0
    """Each rule feature is multiplied by this (as in training)."""
    urgent_threshold: float = 1.0
    """The learned urgent probability from which the hint is raised without a red flag."""

    @classmethod
    def from_dict(cls, data: Mapping[str, object]) -> Weights:
        """The weights as `bench/train_suggestions.py` writes them."""

        def model(name: str) -> Model | None:
            part = data.get(name)
            return Model.from_dict(part) if isinstance(part, dict) else None

        return cls(
            model("words"),
            model("stacked"),
            model("urgent"),
            _number(data.get("rule_scale", 1.0)),
            _number(data.get("urgent_threshold", 1.0)),
        )


NO_WEIGHTS = Weights()
"""No learned layer: the rules alone (a missing or damaged file; comparisons in the bench)."""


def _list(value: object) -> Iterable[object]:
    if not isinstance(value, list):
        raise TypeError("a list")
    return value


def _number(value: object) -> float:
    if not isinstance(value, int | float):
        raise TypeError("a number")
    return float(value)


class _Loaded:
    """The shipped weights, read on first use (once per process)."""

    def __init__(self) -> None:
        self._weights: Weights | None = None
        self._lock = threading.Lock()

    def get(self) -> Weights:
        if self._weights is None:
            with self._lock:
                if self._weights is None:
                    from tui.core.resources import data_dir

                    self._weights = read_weights(data_dir() / WEIGHTS_FILE)
        return self._weights


def read_weights(path: Path) -> Weights:
    """The weights in `path`; the rules alone (`NO_WEIGHTS`) when it is missing or damaged."""
    import orjson

    try:
        data = orjson.loads(path.read_bytes())
        return Weights.from_dict(data) if isinstance(data, dict) else NO_WEIGHTS
    except (OSError, orjson.JSONDecodeError, KeyError, TypeError, ValueError):
        return NO_WEIGHTS


_SHIPPED = _Loaded()


def shipped() -> Weights:
    """The weights that ship with timedialog (`data/classify-weights.json`)."""
    return _SHIPPED.get()
