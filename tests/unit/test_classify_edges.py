"""The category suggestion at its edges: the fallbacks for text that cannot be read, the
evidence given to training, a clear code, and sureness exactly at its margin.

A clerk relies on each: a message that cannot be read is never sure, and says why; a lead of
exactly the margin is sure. The rules alone are checked (`NO_WEIGHTS`, or a site's own words,
which the rules decide): the learned layer is tested in test_learned.py.
"""

from __future__ import annotations

import pytest

from tui.core.model import Category
from tui.core.rules.classify import Suggestion, classify, classify_text, evidence_of
from tui.core.rules.language import MAX_CHARACTERS
from tui.core.rules.learned import NO_WEIGHTS
from tui.core.rules.sitewords import SiteWords

UNREAD = (Category.ANNET, Category.ENDRING, Category.AVBESTILLING)
"""What the clerk is offered for a message that cannot be read."""


@pytest.mark.parametrize(
    ("text", "reason", "rule"),
    [
        (" \n ", "tekst: tom melding", "annet/tom"),
        ("🙂 👍 !!", "tekst: ingen ord å tolke", "annet/ingen-ord"),
        (
            "Hello, I need to move my appointment to Friday.",
            "tekst: ser ikke ut til å være norsk",
            "annet/annet-språk",
        ),
        (
            "ok " * 2000,
            f"tekst: for lang til å tolkes ({len('ok ' * 2000)} tegn)",
            "annet/for-lang",
        ),
    ],
)
def test_text_that_cannot_be_read_is_unsure_annet_with_its_reason(
    text: str, reason: str, rule: str
) -> None:
    assert classify("HE", text) == Suggestion(Category.ANNET, reason, False, UNREAD, rule)
    assert evidence_of(text) is None  # nor is it training material


def test_a_message_of_exactly_the_longest_length_is_read() -> None:
    text = "Jeg vil avbestille timen min. " + "x" * (MAX_CHARACTERS - 30)
    assert len(text) == MAX_CHARACTERS
    assert classify_text(text, weights=NO_WEIGHTS).category is Category.AVBESTILLING
    assert classify_text(text + "x", weights=NO_WEIGHTS).rule == "annet/for-lang"


def test_the_evidence_for_training_is_what_the_rules_decide() -> None:
    found = evidence_of("Jeg kommer ikke på timen i morgen.")
    assert found is not None
    reading, tally, rules = found
    assert [word.text for word in reading.words][:3] == ["jeg", "kommer", "ikke"]
    assert tally.weights[Category.AVBESTILLING] > 0
    assert rules == classify_text("Jeg kommer ikke på timen i morgen.", weights=NO_WEIGHTS)


def test_a_clear_code_offers_only_its_own_category() -> None:
    assert classify("oab", "") == Suggestion(
        Category.AVBESTILLING, "kode OAB", True, (Category.AVBESTILLING,), "kode OAB"
    )


SITE = SiteWords(endring=("ombooke",), annet=("reiseregning",))


def test_a_lead_of_exactly_the_margin_is_sure() -> None:
    # the site's word weighs 3, a closing "takk" in a short message 1.5: a lead of 1.5
    sure = classify_text("Vil ombooke. Takk.", SITE)
    assert sure.category is Category.ENDRING
    assert sure.sure is True
    # two site words of 3 each: no lead at all
    tied = classify_text("Vil ombooke. Reiseregning.", SITE)
    assert tied == Suggestion(
        Category.ENDRING,
        "tekst: 'ombooke'",
        False,
        (Category.ENDRING, Category.ANNET),
        "endring/stedets-ord",
    )


def test_a_thank_you_weighs_by_where_it_stands() -> None:
    # opening with "takk for": something else, and sure
    assert classify_text("Takk for hjelpen med timen i går, den var fin.", weights=NO_WEIGHTS) == (
        Suggestion(Category.ANNET, "tekst: 'takk'", True, (Category.ANNET,), "annet/takk")
    )
    # closing a longer message that names the appointment: not sure
    closing = classify_text(
        "Hei. Jeg har et spørsmål om timen min neste uke, og lurer på noe. Takk.",
        weights=NO_WEIGHTS,
    )
    assert closing.rule == "annet/takk"
    assert closing.sure is False
    # "nei takk" thanks for nothing
    assert classify_text("Nei takk.", weights=NO_WEIGHTS).rule == "annet/ikke-timen"
