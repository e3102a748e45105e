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


AVBESTILLING, ENDRING, PURRING, ANNET = (
    Category.AVBESTILLING,
    Category.ENDRING,
    Category.PURRING,
    Category.ANNET,
)


def _rules(text: str) -> tuple[Category, bool, str, str, tuple[Category, ...]]:
    """What the rules alone suggest for `text`: category, sure, rule, reason, alternatives."""
    s = classify_text(text, weights=NO_WEIGHTS)
    return s.category, s.sure, s.rule, s.reason, s.alternatives


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # being well or treated elsewhere counts only in a message about an appointment
        (
            "Jeg er frisk og vil avbestille timen.",
            (
                AVBESTILLING,
                True,
                "avbestilling/ord",
                "tekst: 'avbestille', 'frisk'",
                (AVBESTILLING, ANNET),
            ),
        ),
        (
            "Jeg er frisk og vil avbestille.",
            (AVBESTILLING, True, "avbestilling/ord", "tekst: 'avbestille'", (AVBESTILLING, ANNET)),
        ),
        (
            "Jeg får behandling et annet sted og vil avbestille timen.",
            (
                AVBESTILLING,
                True,
                "avbestilling/ord",
                "tekst: 'avbestille', 'sted'",
                (AVBESTILLING, ANNET),
            ),
        ),
        # not coming, with a wish for another time: a change, the not coming supports it
        (
            "Jeg kommer ikke. Kan jeg få ny time?",
            (
                ENDRING,
                True,
                "endring/ny-time",
                "tekst: 'ny time', 'få ny time', 'kommer ikke'",
                (ENDRING, ANNET),
            ),
        ),
        (
            "Jeg kommer ikke på timen, vil du flytte den til neste uke?",
            (ENDRING, True, "endring/ord", "tekst: 'flytte', 'kommer ikke'", (ENDRING, ANNET)),
        ),
        (
            "Jeg kan ikke komme på timen, den passer ikke.",
            (
                ENDRING,
                True,
                "endring/passer-ikke",
                "tekst: 'passer ikke', 'ikke komme'",
                (ENDRING, ANNET),
            ),
        ),
        # ... but not when the patient also cancels outright
        (
            "Jeg vil avbestille timen og kommer ikke. Kan jeg få ny time?",
            (
                AVBESTILLING,
                False,
                "avbestilling/ord",
                "tekst: 'avbestille', 'kommer ikke'",
                (AVBESTILLING, ENDRING, ANNET),
            ),
        ),
        (
            "Jeg vil avbestille timen. Kan jeg få ny time?",
            (
                ENDRING,
                True,
                "endring/ny-time",
                "tekst: 'ny time', 'få ny time'",
                (ENDRING, AVBESTILLING),
            ),
        ),
        # cancelling while care is still needed: a change
        (
            "Jeg må avbestille timen, men trenger fortsatt å komme.",
            (
                ENDRING,
                True,
                "avbestilling/ord",
                "tekst: 'trenger fortsatt', 'avbestille'",
                (ENDRING, ANNET),
            ),
        ),
        (
            "Jeg må avbestille timen.",
            (AVBESTILLING, True, "avbestilling/ord", "tekst: 'avbestille'", (AVBESTILLING, ANNET)),
        ),
        # changing something else than the appointment: something else
        (
            "Jeg har fått nytt etternavn. Kan dere endre det?",
            (ANNET, True, "annet/endre-annet", "tekst: 'endre'", (ANNET,)),
        ),
        (
            "Jeg har ny adresse. Kan dere endre den?",
            (ANNET, True, "annet/endre-annet", "tekst: 'adresse', 'endre'", (ANNET,)),
        ),
        (
            "Jeg har fått nytt etternavn. Kan dere endre timen?",
            (ENDRING, True, "endring/ord", "tekst: 'endre'", (ENDRING, ANNET)),
        ),
        (
            "Jeg har fått nytt etternavn. Kan dere endre det til fredag?",
            (ENDRING, True, "endring/ord", "tekst: 'endre'", (ENDRING, ANNET)),
        ),
        (
            "Jeg har fått nytt etternavn. Kan dere endre det og gi meg ny time?",
            (ENDRING, True, "endring/ord", "tekst: 'endre', 'ny time'", (ENDRING, ANNET)),
        ),
        ("Kan dere endre det?", (ENDRING, True, "endring/ord", "tekst: 'endre'", (ENDRING, ANNET))),
        # a first appointment asked for after a referral: a chase
        (
            "Kan jeg få time? Fastlegen har henvist meg.",
            (PURRING, False, "purring/når", "tekst: 'få time'", (PURRING, ANNET)),
        ),
        (
            "Kan eg få time? Legen har tilvist meg.",
            (PURRING, False, "purring/når", "tekst: 'få time'", (PURRING, ANNET)),
        ),
        (
            "Kan jeg få tid? Jeg står på venteliste.",
            (PURRING, True, "purring/venter", "tekst: 'venteliste', 'få tid'", (PURRING, ANNET)),
        ),
        (
            "Kan jeg få timen? Fastlegen har henvist meg.",
            (ENDRING, False, "endring/kan-jeg-få", "tekst: 'få timen'", (ENDRING, ANNET)),
        ),
        (
            "Kan jeg få ny time? Fastlegen har henvist meg.",
            (ENDRING, True, "endring/ny-time", "tekst: 'ny time', 'få ny time'", (ENDRING, ANNET)),
        ),
        (
            "Kan jeg få time?",
            (ENDRING, False, "endring/kan-jeg-få", "tekst: 'få time'", (ENDRING, ANNET)),
        ),
        # asking to confirm the referral has come, or one's place on the list: a chase
        (
            "Kan dere bekrefte at henvisningen er mottatt?",
            (
                PURRING,
                True,
                "purring/status",
                "tekst: 'henvisningen', 'bekrefte'",
                (PURRING, ANNET),
            ),
        ),
        (
            "Kan dere bekrefte at dere har mottatt tilvisinga?",
            (PURRING, True, "purring/status", "tekst: 'tilvisinga', 'bekrefte'", (PURRING, ANNET)),
        ),
        (
            "Kan dere bekrefte at henvisningen er registrert?",
            (
                PURRING,
                True,
                "purring/status",
                "tekst: 'henvisningen', 'bekrefte'",
                (PURRING, ANNET),
            ),
        ),
        (
            "Kan dere bekrefte at dere vil motta henvisningen?",
            (
                PURRING,
                True,
                "purring/status",
                "tekst: 'henvisningen', 'bekrefte'",
                (PURRING, ANNET),
            ),
        ),
        (
            "Kan dere registrere henvisningen og bekrefte det?",
            (
                PURRING,
                True,
                "purring/status",
                "tekst: 'henvisningen', 'bekrefte'",
                (PURRING, ANNET),
            ),
        ),
        (
            "Kan dere bekrefte at jeg står på lista?",
            (PURRING, True, "purring/venter", "tekst: 'lista', 'bekrefte'", (PURRING, ANNET)),
        ),
        (
            "Kan dere bekrefte at jeg er registrert på lista?",
            (PURRING, True, "purring/venter", "tekst: 'lista', 'bekrefte'", (PURRING, ANNET)),
        ),
        (
            "Kan dere bekrefte at timen er registrert?",
            (ANNET, True, "annet/bekrefte", "tekst: 'bekrefte'", (ANNET,)),
        ),
        (
            "Kan dere bekrefte timen?",
            (ANNET, True, "annet/bekrefte", "tekst: 'bekrefte'", (ANNET,)),
        ),
        # a thank-you: opening with it, short, or closing a longer message
        ("Takk for sist.", (ANNET, True, "annet/takk", "tekst: 'takk'", (ANNET,))),
        (
            "Tusen takk til alle på avdelingen.",
            (ANNET, True, "annet/takk", "tekst: 'takk'", (ANNET,)),
        ),
        ("Takk.", (ANNET, True, "annet/takk", "tekst: 'takk'", (ANNET,))),
        ("Nei takk.", (ANNET, True, "annet/ikke-timen", "tekst: ingen ønske om timen", (ANNET,))),
        ("Hei. Takk for timen.", (ANNET, True, "annet/takk", "tekst: 'takk'", (ANNET,))),
        (
            "Hei, jeg lurer på noe om timen min. Takk.",
            (ANNET, False, "annet/takk", "tekst: 'takk'", (ANNET,)),
        ),
    ],
)
def test_what_only_the_whole_message_tells(
    text: str, expected: tuple[Category, bool, str, str, tuple[Category, ...]]
) -> None:
    assert _rules(text) == expected
