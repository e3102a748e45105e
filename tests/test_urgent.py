"""Urgent words: a hint for the clerk, with negations ("det haster ikke") left out."""

from __future__ import annotations

import pytest

from tui.core.urgent import UrgentHint, UrgentRule

RULE = UrgentRule()


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("Jeg har fått brystsmerter og puster dårlig siden i går.", "brystsmerter"),
        ("Det haster!", "haster"),
        ("Dette er akutt, kan noen ringe meg?", "akutt"),
        ("Jeg blør fra operasjonssåret.", "blør"),
        ("Jeg har tenkt på selvmord den siste uka.", "selvmord"),
        ("Jeg vil ta livet mitt.", "ta livet mitt"),
        ("Mannen min puster  dårlig.", "puster dårlig"),
        ("Selvmordstankene kommer tilbake.", "selvmordstankene"),
        ("Det haster ikke med timen, men jeg har brystsmerter.", "brystsmerter"),
        ("Jeg vet ikke hva jeg skal gjøre. Det haster.", "haster"),
        ("Får ikke puste om natten.", "får ikke puste"),
    ],
)
def test_urgent_sentences_are_flagged(text: str, word: str) -> None:
    hint = RULE.check(text)
    assert hint.urgent
    assert word in (w.lower() for w in hint.words)


@pytest.mark.parametrize(
    "text",
    [
        "Det haster ikke.",
        "Det haster ikke, men jeg vil gjerne ha en ny time.",
        "Dette er ikke akutt.",
        "Ikke akutt, bare et spørsmål om parkering.",
        "Jeg har ingen brystsmerter lenger.",
        "Kan jeg flytte timen til uka etter? Mandager passer best.",
        "Jeg ønsker å avbestille timen min.",
        "Hvilken inngang skal jeg bruke?",
        "Alle slags spørsmål om forslag til ny tid.",
        "Det er aldri akutt for meg.",
    ],
)
def test_calm_or_negated_sentences_are_not_flagged(text: str) -> None:
    assert not RULE.check(text).urgent


def test_negated_words_are_reported_as_negated() -> None:
    hint = RULE.check("Kan vi ta kontrollen på video? Det haster ikke.")
    assert not hint.urgent
    assert hint.negated == ("haster",)


def test_a_negation_in_another_clause_does_not_hide_the_word() -> None:
    hint = RULE.check("Jeg kan ikke komme på mandag fordi jeg blør.")
    assert hint.urgent


def test_words_are_configurable() -> None:
    rule = UrgentRule(words=("svimmel",), negations=("ikke",))
    assert rule.check("Jeg er svimmel.").urgent
    assert not rule.check("Jeg har brystsmerter.").urgent
    assert not rule.check("Jeg er ikke svimmel.").urgent


def test_a_phrase_is_found_across_line_breaks_and_in_capitals() -> None:
    rule = UrgentRule(words=("ta mitt eget liv",), negations=("ikke",))
    assert rule.check("Jeg vil TA\nmitt  eget livet.").words == ("ta mitt eget livet",)
    assert rule.check("Eget liv, mitt liv.") == UrgentHint()
