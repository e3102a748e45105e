"""The learned layer: weights trained offline, applied in pure Python with the rules.

What is checked: the arithmetic of a model (scores, softmax, sigmoid, the decisive words), the
shipped weights (three models, read from data/), a damaged or missing file (the rules alone,
no error), and how the layer joins the rules: the category is the learned one, sure only when
the views agree, and its reason names the patient's own words.
"""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from tui.core.model import Category
from tui.core.rules.classify import classify, classify_text
from tui.core.rules.language import read
from tui.core.rules.learned import (
    NO_WEIGHTS,
    Model,
    Weights,
    content_features,
    read_weights,
    shipped,
    word_features,
)
from tui.core.rules.urgent import UrgentRule

TOY = Model(
    ("avbestilling", "endring"),
    (0.0, 0.5),
    {"l:avbestille": (3.0, -1.0), "l:flytte": (-1.0, 2.0), "b:flytte time": (0.0, 1.0)},
)


def test_a_model_adds_the_weights_of_the_features_present() -> None:
    assert TOY.scores({"l:avbestille": 1.0, "l:ukjent": 1.0}) == [3.0, -0.5]
    probabilities = TOY.probabilities({"l:flytte": 1.0})
    assert math.isclose(sum(probabilities.values()), 1.0)
    assert probabilities["endring"] > 0.9


def test_a_model_of_one_class_is_binary() -> None:
    model = Model(("urgent",), (-1.0,), {"l:puste": (3.0,)})
    assert math.isclose(model.probabilities({})["urgent"], 1 / (1 + math.e))
    assert model.probabilities({"l:puste": 1.0})["urgent"] > 0.8


def test_the_decisive_words_are_the_patients_heaviest_first() -> None:
    words = {"l:flytte": "flytte", "b:flytte time": "flytte timen", "l:og": "og"}
    features = dict.fromkeys(words, 1.0)
    assert TOY.decisive(features, words, "endring", 3) == ["flytte"]  # held by "flytte timen"
    assert TOY.decisive(features, words, "avbestilling", 3) == []


def test_word_features_read_base_forms_negation_questions_and_pairs() -> None:
    features = word_features(read("Jeg kommer ikke. Kan timen flyttes?"))
    assert features["l:¬komme"] == "kommer"
    assert features["q:time"] == "timen"
    assert features["b:time flytte"] == "timen flyttes"
    assert "b:ikke kunne" not in features  # not across sentences
    assert "l:jeg" not in content_features(features)
    assert "l:¬komme" in content_features(features)


def test_the_shipped_weights_have_three_models() -> None:
    weights = shipped()
    assert weights.words is not None
    assert weights.stacked is not None
    assert weights.urgent is not None
    assert set(weights.stacked.classes) == {c.value for c in Category} - {"gebyr"}
    assert 0 < weights.rule_scale <= 1
    assert 0 < weights.urgent_threshold < 1


@pytest.mark.parametrize("content", [b"", b"{not json", b"[]", b'{"words": {"classes": 1}}'])
def test_a_damaged_weights_file_leaves_the_rules_alone(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "weights.json"
    path.write_bytes(content)
    assert read_weights(path) == NO_WEIGHTS
    assert read_weights(tmp_path / "missing.json") == NO_WEIGHTS


def test_without_weights_the_rules_decide() -> None:
    text = "Jeg kan ikke komme på torsdag. Har dere noe fredag?"
    rules = classify_text(text, weights=NO_WEIGHTS)
    assert not rules.rule.startswith("lært")
    assert classify_text(text, weights=Weights()) == rules


CLASSES = ("annet", "avbestilling", "endring", "purring")


def _leaning(feature: str, category: str, weight: float) -> Model:
    """A toy model of the four classes that only knows one feature, for one category."""
    column = tuple(weight if c == category else 0.0 for c in CLASSES)
    return Model(CLASSES, (0.0, 0.0, 0.0, 0.0), {feature: column})


def test_where_the_learned_layer_decides_otherwise_it_is_unsure_and_names_words() -> None:
    text = "Torsdag kommer jeg ikke."
    weights = Weights(
        words=_leaning("l:torsdag", "endring", 10.0),
        stacked=_leaning("l:torsdag", "endring", 10.0),
    )
    rules = classify_text(text, weights=NO_WEIGHTS)
    suggestion = classify_text(text, weights=weights)
    assert rules.category is Category.AVBESTILLING
    assert suggestion.category is Category.ENDRING
    assert suggestion.rule == "lært/endring"
    assert not suggestion.sure  # the rules did not agree: the clerk chooses
    assert suggestion.reason == "tekst: 'torsdag'"
    assert suggestion.alternatives[0] is Category.ENDRING


def test_the_learned_layer_agreeing_keeps_the_rules_words_and_makes_it_sure() -> None:
    text = "Torsdag kommer jeg ikke."
    agreeing = Weights(
        words=_leaning("l:¬komme", "avbestilling", 10.0),
        stacked=_leaning("l:¬komme", "avbestilling", 10.0),
    )
    doubting = Weights(
        words=_leaning("l:torsdag", "endring", 10.0),  # the words alone find it unlikely
        stacked=_leaning("l:¬komme", "avbestilling", 10.0),
    )
    rules = classify_text(text, weights=NO_WEIGHTS)
    suggestion = classify_text(text, weights=agreeing)
    assert suggestion.category is Category.AVBESTILLING
    assert suggestion.reason == rules.reason
    assert suggestion.rule == rules.rule
    assert suggestion.sure is rules.sure
    assert not classify_text(text, weights=doubting).sure


def test_a_sure_suggestion_needs_the_rules_and_the_learned_layer_to_agree() -> None:
    suggestion = classify_text("Jeg vil gjerne avbestille timen min på mandag.")
    assert suggestion.category is Category.AVBESTILLING
    assert suggestion.sure
    assert suggestion.rule == "avbestilling/ord"  # the rules' own rule and words
    assert "avbestille" in suggestion.reason


def test_a_clear_code_is_not_weighed_again() -> None:
    assert classify("OAT", "Jeg vil flytte timen.").category is Category.AVBESTILLING


def test_the_learned_urgent_hint_names_words_and_can_be_turned_off() -> None:
    text = "Jeg har det så tungt at jeg ikke ser noen vei ut lenger."
    rule = UrgentRule()
    assert not rule.check(text, NO_WEIGHTS).urgent  # no red flag names it
    hint = rule.check(text)
    assert hint.urgent
    assert all(word in text.lower() for word in hint.words)
    assert not {"ikke", "jeg", "har"} & set(hint.words)


def test_the_learned_urgent_hint_does_not_override_a_sign_set_aside() -> None:
    # a red flag found and told as over: the rules' judgement stands
    assert not UrgentRule().check("Jeg hadde brystsmerter i fjor, men det er helt borte nå.").urgent


def test_the_shipped_weights_know_only_features_the_code_makes() -> None:
    """A drift between bench/train_suggestions.py and the run time shows here."""
    weights = shipped()
    assert weights.words is not None
    assert weights.stacked is not None
    assert weights.urgent is not None
    word_kinds = {"l", "q", "p", "b"}
    assert {f.partition(":")[0] for f in weights.words.weights} <= word_kinds
    assert {f.partition(":")[0] for f in weights.stacked.weights} <= word_kinds | {
        "r",
        "w",
        "s",
        "ss",
        "rule",
    }
    assert {f.partition(":")[0] for f in weights.urgent.weights} <= {"l", "p", "b"}
