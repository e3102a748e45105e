"""The rule-based category suggestion, from code and from Norwegian text."""

from __future__ import annotations

import pytest

from tui.core.classify import classify, classify_text
from tui.core.model import Category


@pytest.mark.parametrize(
    ("code", "category"),
    [
        ("OET", Category.ENDRING),
        ("OAT", Category.AVBESTILLING),
        ("ART", Category.AVBESTILLING),
        ("OAB", Category.AVBESTILLING),
        (" OAT ", Category.AVBESTILLING),
    ],
)
def test_clear_codes_decide_and_say_so(code: str, category: Category) -> None:
    suggestion = classify(code, "Hei, jeg lurer på noe.")
    assert suggestion.category is category
    assert suggestion.reason == f"kode {code.strip()}"


@pytest.mark.parametrize(
    ("text", "category", "word"),
    [
        ("Jeg ønsker å avbestille timen min på fredag.", Category.AVBESTILLING, "avbestille"),
        ("Må dessverre avlyse, er syk.", Category.AVBESTILLING, "avlyse"),
        ("Kan jeg flytte timen til neste uke?", Category.ENDRING, "flytte"),
        ("Jeg må endre tidspunktet.", Category.ENDRING, "endre"),
        ("Jeg trenger ny time, den passer ikke.", Category.ENDRING, "ny time"),
        ("Jeg har ventet i et halvt år.", Category.PURRING, "ventet"),
        ("Hvor lang er ventetiden?", Category.PURRING, "ventetiden"),
        ("Jeg vil purre på timen.", Category.PURRING, "purre"),
        ("Kan dere sende meg prøvesvaret?", Category.ANNET, None),
    ],
)
def test_text_suggests_category_with_the_word_found(
    text: str, category: Category, word: str | None
) -> None:
    suggestion = classify("HE", text)
    assert suggestion.category is category
    if word:
        assert suggestion.reason == f"tekst: '{word}'"
    else:
        assert suggestion.reason == "tekst: ingen kjente ord"


def test_more_evidence_wins_and_ties_prefer_cancellation() -> None:
    assert classify_text("Avbestille eller flytte?").category is Category.AVBESTILLING
    assert (
        classify_text("Kan jeg flytte timen eller endre dagen? Jeg har ventet.").category
        is Category.ENDRING
    )


def test_words_match_at_word_start_only() -> None:
    # "forflytte" is not "flytte" at a word start; "venter" inside "forventer" is not a chase.
    assert classify_text("Jeg forventer svar.").category is Category.ANNET
