"""Train the learned layer of the suggestions and the urgent hint, and measure it honestly.

Three logistic regressions (scikit-learn, a developer's tool: `pip install --group dev`):

- `words`: the category from the words of a message alone (`tui.core.rules.learned.word_features`);
- `stacked`: the category from the words and the rules' evidence (`classify.rule_features`,
  scaled down by `RULE_SCALE`: the rules were written while reading most of these messages,
  so on them they look surer than they are on a new writer's);
- `urgent`: urgent or not, from the words that name something (`content_features`); it raises
  the hint only where no red flag was found at all, standing or set aside.

`python bench/train_suggestions.py` trains on every labelled message in tests/data and writes
`data/classify-weights.json` (features seen in fewer than `MIN_MESSAGES` messages and tiny
weights left out), which `tui.core.rules.learned` applies at run time in pure Python.

`python bench/train_suggestions.py --loso` prints leave-one-set-out figures instead: for each
writer set (the corpus, A, B, D, E, C, H: `bench.corpus.WRITER_SETS`) the models are trained on the
others and the held-out set is classified by the real code path, for the rules alone, the
learned layer alone (the stacked model, sure from `LEARNED_ALONE_SURE`) and the two combined
as shipped. The rules have seen every set while they were written, the corpus, A and B most,
so their figures there flatter them; D and E show the rules before they were widened to them.
Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))  # run as a script: `bench.corpus` is beside it

from bench.corpus import Figures, Labelled, writer_sets  # noqa: E402
from tui.core.model import Category  # noqa: E402
from tui.core.rules.classify import classify_text, evidence_of, rule_features  # noqa: E402
from tui.core.rules.learned import (  # noqa: E402
    NO_WEIGHTS,
    WEIGHTS_FILE,
    Model,
    Weights,
    content_features,
    word_features,
)
from tui.core.rules.urgent import UrgentRule  # noqa: E402

RULE_SCALE = 0.35
"""The rules' evidence counts this much in the stacked model (chosen leave-one-set-out)."""
REGULARISATION = 1.0
"""scikit-learn's C for every model: smaller is smoother."""
MIN_MESSAGES = 2
"""A feature must occur in this many training messages to get a weight."""
SMALLEST_WEIGHT = 0.005
"""Weights smaller than this (in every class) are left out of the file."""
URGENT_THRESHOLD = 0.7
"""The learned urgent probability that raises the hint where no red flag was found."""
LEARNED_ALONE_SURE = 0.8
"""For the figures of the learned layer alone: sure from this probability."""

Features = dict[str, float]


def category_features(message: Labelled) -> tuple[Features, Features] | None:
    """The words' features and the words' and rules' features of a message, or None.

    None for a message the classifier does not read at all (empty, noise, another language).
    """
    found = evidence_of(message.text)
    if found is None:
        return None
    reading, tally, rules = found
    words = dict.fromkeys(word_features(reading), 1.0)
    return words, {**words, **rule_features(tally, rules, RULE_SCALE)}


def urgent_features(message: Labelled) -> Features | None:
    """The features of a message's words that name something, for the urgent model."""
    found = evidence_of(message.text)
    if found is None:
        return None
    return dict.fromkeys(content_features(word_features(found[0])), 1.0)


def fit(rows: Sequence[tuple[Features, str]], binary_class: str = "") -> Model:
    """A logistic regression on `rows`, as a `tui.core.rules.learned.Model`.

    With `binary_class`, labels are that class or not, and the classes balanced.
    """
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    counts = Counter(name for features, _label in rows for name in features)
    kept = [
        ({k: v for k, v in features.items() if counts[k] >= MIN_MESSAGES}, label)
        for features, label in rows
    ]
    vectorizer = DictVectorizer()
    matrix = vectorizer.fit_transform([features for features, _label in kept])
    labels = [label for _features, label in kept]
    model = LogisticRegression(
        C=REGULARISATION, max_iter=5000, class_weight="balanced" if binary_class else None
    )
    model.fit(matrix, labels)
    names = vectorizer.get_feature_names_out()
    classes: tuple[str, ...]
    intercept: tuple[float, ...]
    columns: list[tuple[float, ...]]
    if binary_class:
        # scikit-learn's one row of a binary model speaks for its second class
        sign = 1.0 if model.classes_[1] == binary_class else -1.0
        classes = (binary_class,)
        intercept = (sign * float(model.intercept_[0]),)
        columns = [(sign * float(model.coef_[0][i]),) for i in range(len(names))]
    else:
        classes = tuple(str(c) for c in model.classes_)
        intercept = tuple(float(v) for v in model.intercept_)
        columns = [tuple(float(row[i]) for row in model.coef_) for i in range(len(names))]
    weights = {
        str(name): tuple(round(w, 4) for w in column)
        for name, column in zip(names, columns, strict=True)
        if max(abs(w) for w in column) >= SMALLEST_WEIGHT
    }
    return Model(classes, tuple(round(v, 4) for v in intercept), weights)


def train(messages: Iterable[Labelled]) -> Weights:
    """The three models trained on `messages`."""
    words: list[tuple[Features, str]] = []
    stacked: list[tuple[Features, str]] = []
    urgent: list[tuple[Features, str]] = []
    for message in messages:
        features = category_features(message)
        if features is None:
            continue
        words.append((features[0], message.category.value))
        stacked.append((features[1], message.category.value))
        content = urgent_features(message) or {}
        urgent.append((content, "urgent" if message.urgent else "calm"))
    return Weights(fit(words), fit(stacked), fit(urgent, "urgent"), RULE_SCALE, URGENT_THRESHOLD)


def as_dict(weights: Weights, trained_on: dict[str, int]) -> dict[str, Any]:
    """The weights as `tui.core.rules.learned.Weights.from_dict` reads them."""

    def model(part: Model | None) -> dict[str, Any]:
        assert part is not None
        return {
            "classes": list(part.classes),
            "intercept": list(part.intercept),
            "weights": {name: list(w) for name, w in sorted(part.weights.items())},
        }

    return {
        "about": (
            "Logistic regressions trained by bench/train_suggestions.py on tests/data; "
            "applied by tui/core/rules/learned.py."
        ),
        "trained_on": trained_on,
        "rule_scale": weights.rule_scale,
        "urgent_threshold": weights.urgent_threshold,
        "words": model(weights.words),
        "stacked": model(weights.stacked),
        "urgent": model(weights.urgent),
    }


def measure_with(
    messages: Sequence[Labelled], weights: Weights, sure_from: float | None = None
) -> Figures:
    """The figures of `messages` classified and checked with `weights`.

    With `sure_from`, the stacked model alone decides, sure from that probability.
    """
    rule = UrgentRule()
    figures = Figures()
    for message in messages:
        if sure_from is None:
            suggestion = classify_text(message.text, weights=weights)
            category, sure = suggestion.category, suggestion.sure
        else:
            category, sure = _learned_alone(message, weights, sure_from)
        right = category is message.category
        figures.messages += 1
        figures.right += right
        figures.sure += sure
        figures.wrong_while_sure += sure and not right
        figures.confusion[(message.category, category)] += 1
        if sure_from is None:
            flagged = rule.check(message.text, weights).urgent
        else:
            flagged = _urgent_alone(message, weights)
        if message.urgent:
            figures.urgent += 1
            figures.urgent_flagged += flagged
        else:
            figures.calm += 1
            figures.false_alarms += flagged
    return figures


def _learned_alone(message: Labelled, weights: Weights, sure_from: float) -> tuple[Category, bool]:
    features = category_features(message)
    if features is None or weights.stacked is None:
        return Category.ANNET, False
    probabilities = weights.stacked.probabilities(features[1])
    best = max(probabilities, key=lambda c: probabilities[c])
    return Category(best), probabilities[best] >= sure_from


def _urgent_alone(message: Labelled, weights: Weights) -> bool:
    features = urgent_features(message)
    if features is None or weights.urgent is None:
        return False
    (probability,) = weights.urgent.probabilities(features).values()
    return probability >= weights.urgent_threshold


def row(figures: Figures) -> str:
    return (
        f"{figures.accuracy:6.1%} {figures.right_among_sure:6.1%} "
        f"{figures.wrong_while_sure_rate:5.1%} {figures.unsure_share:5.1%} "
        f"{figures.urgent_flagged:>3}/{figures.urgent:<3} {figures.false_alarms:>3}/{figures.calm}"
    )


def leave_one_set_out() -> None:
    sets = writer_sets()
    print(
        "leave-one-set-out: trained on the other sets, measured on the one named\n"
        "columns: right, right among sure, wrong while sure, unsure, urgent flagged, "
        "false alarms"
    )
    for held, messages in sets.items():
        weights = train(m for name, others in sets.items() if name != held for m in others)
        print(f"{held} ({len(messages)} messages)")
        print(f"  rules only     {row(measure_with(messages, NO_WEIGHTS))}")
        print(f"  learned only   {row(measure_with(messages, weights, LEARNED_ALONE_SURE))}")
        print(f"  combined       {row(measure_with(messages, weights))}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--loso", action="store_true", help="leave-one-set-out figures only")
    args = parser.parse_args(argv)
    if args.loso:
        leave_one_set_out()
        return
    sets = writer_sets()
    weights = train(m for messages in sets.values() for m in messages)
    path = REPO / "data" / WEIGHTS_FILE
    data = as_dict(weights, {name: len(messages) for name, messages in sets.items()})
    path.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n")
    sizes = {
        name: len(model.weights)
        for name, model in (("words", weights.words), ("stacked", weights.stacked))
        if model is not None
    }
    urgent = len(weights.urgent.weights) if weights.urgent else 0
    print(
        f"wrote {path.relative_to(REPO)}: {path.stat().st_size // 1024} KB, features {sizes}, "
        f"urgent {urgent}"
    )


if __name__ == "__main__":
    main()
