"""The category suggestion at its edges: the fallbacks for text that cannot be read, the
evidence given to training, a clear code, and sureness exactly at its margin.

A clerk relies on each: a message that cannot be read is never sure, and says why; a lead of
exactly the margin is sure. The rules alone are checked (`NO_WEIGHTS`, or a site's own words,
which the rules decide): the learned layer is tested in test_learned.py.
"""

from __future__ import annotations

import math
from dataclasses import replace

import pytest

from tui.core.model import Category
from tui.core.rules.classify import (
    Suggestion,
    Sureness,
    Views,
    classify,
    classify_text,
    evidence_of,
    rule_features,
    views_of,
)
from tui.core.rules.language import MAX_CHARACTERS
from tui.core.rules.learned import NO_WEIGHTS, Model, Weights
from tui.core.rules.sitewords import SiteWords

CLASSES = ("annet", "avbestilling", "endring", "purring")
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


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # "men": what comes after it outweighs what it answers
        (
            "Jeg har ventet lenge, men nå trenger jeg ikke timen.",
            (
                AVBESTILLING,
                True,
                "avbestilling/trenger-ikke",
                "tekst: 'trenger'",
                (AVBESTILLING, PURRING),
            ),
        ),
        (
            "Jeg ville avbestille, men nå vil jeg heller flytte timen.",
            (ENDRING, True, "endring/ord", "tekst: 'flytte'", (ENDRING, AVBESTILLING)),
        ),
        (
            "Jeg trenger ikke timen lenger, men kan jeg få en ny time i mai?",
            (
                ENDRING,
                True,
                "endring/ny-time",
                "tekst: 'ny time', 'få en ny time'",
                (ENDRING, AVBESTILLING),
            ),
        ),
        (
            "Avbestill timen min, men gi meg en ny time.",
            (ENDRING, False, "endring/ny-time", "tekst: 'ny time'", (ENDRING, AVBESTILLING)),
        ),
        # ... not a past told after it, nor the same wish, nor another topic
        (
            "Jeg ville flytte timen, men jeg avbestilte den i går.",
            (ENDRING, True, "endring/ord", "tekst: 'flytte'", (ENDRING, AVBESTILLING)),
        ),
        (
            "Jeg vil avbestille, men jeg trenger ikke timen.",
            (
                AVBESTILLING,
                True,
                "avbestilling/ord",
                "tekst: 'avbestille', 'trenger'",
                (AVBESTILLING, ANNET),
            ),
        ),
        (
            "Jeg vil flytte timen, men hvor kan jeg parkere?",
            (ENDRING, False, "endring/ord", "tekst: 'flytte'", (ANNET, ENDRING)),
        ),
        (
            "Flytt timen min, jeg kommer ikke.",
            (ENDRING, True, "endring/ord", "tekst: 'flytt', 'kommer ikke'", (ENDRING, ANNET)),
        ),
        # no wish found: named the appointment, asked about a time, or not about an appointment
        (
            "Angående timen min.",
            (
                ANNET,
                False,
                "annet/uklart",
                "tekst: nevner timen, men ikke hva pasienten vil",
                (ANNET, ENDRING, AVBESTILLING),
            ),
        ),
        (
            "Mandag eller tirsdag?",
            (
                ANNET,
                False,
                "annet/uklart",
                "tekst: 'mandag', 'tirsdag', men ikke klart hva pasienten vil",
                (ANNET, ENDRING, AVBESTILLING),
            ),
        ),
        (
            "Jeg er frisk nå.",
            (ANNET, True, "annet/ikke-timen", "tekst: ingen ønske om timen", (ANNET,)),
        ),
        (
            "Hvor kan jeg parkere? Jeg trenger fortsatt time.",
            (ANNET, True, "annet/emne", "tekst: 'parkere', 'hvor kan'", (ANNET, ENDRING)),
        ),
    ],
)
def test_men_and_no_wish_found(
    text: str, expected: tuple[Category, bool, str, str, tuple[Category, ...]]
) -> None:
    assert _rules(text) == expected


def test_evidence_before_men_counts_half_when_another_wish_follows() -> None:
    found = evidence_of("Jeg har ventet lenge, men nå trenger jeg ikke timen.")
    assert found is not None
    assert found[1].weights == {Category.AVBESTILLING: 3.5, Category.PURRING: 1.5}
    # the same words without "men": the waiting counts whole
    found = evidence_of("Jeg har ventet lenge. Nå trenger jeg ikke timen.")
    assert found is not None
    assert found[1].weights[Category.PURRING] == 3.0


def _toward(category: str, weight: float, classes: tuple[str, ...] = CLASSES) -> Model:
    """A toy model that only knows the word "torsdag", and weighs it for one category."""
    column = tuple(weight if c == category else 0.0 for c in classes)
    return Model(classes, (0.0,) * len(classes), {"l:torsdag": column})


def test_the_views_of_a_message_for_the_bench() -> None:
    text = "Torsdag kommer jeg ikke."
    weights = Weights(words=_toward("endring", 2.0), stacked=_toward("endring", 10.0))
    views = views_of(text, weights)
    assert views is not None
    likely = math.exp(10) / (math.exp(10) + 3)
    assert (views.category, views.rules_category, views.rules_sure) == (
        Category.ENDRING,
        Category.AVBESTILLING,
        True,
    )
    assert views.rule_weight == 0.0  # no rule found a change
    assert views.contested is False
    assert (views.probability, views.runner_up, views.words_alone) == pytest.approx(
        (likely, 1 / (math.exp(10) + 3), math.exp(2) / (math.exp(2) + 3))
    )
    assert views.sure() is False  # the rules did not agree
    # the words alone may not know the category at all; a binary stacked model has no runner-up
    other = Weights(
        words=_toward("annet", 1.0, ("annet", "avbestilling")),
        stacked=_toward("endring", 10.0, ("endring",)),
    )
    views = views_of(text, other)
    assert views is not None
    assert (views.words_alone, views.runner_up) == (0.0, 0.0)
    # nothing to weigh: a text not read, or no learned layer
    assert views_of(" ", weights) is None
    assert views_of(text, NO_WEIGHTS) is None
    assert views_of(text, Weights(words=_toward("endring", 1.0))) is None
    assert views_of(text, Weights(stacked=_toward("endring", 1.0))) is None


AGREED = Views(
    category=Category.ENDRING,
    probability=0.5,
    runner_up=0.25,
    words_alone=0.1,
    rules_category=Category.ENDRING,
    rules_sure=True,
    rule_weight=3.0,
    contested=False,
)
"""Views exactly at the shipped thresholds: the learned probability, the words alone."""


def test_sureness_holds_exactly_at_each_threshold() -> None:
    assert AGREED.sure()
    assert not replace(AGREED, words_alone=0.09).sure()
    assert not replace(AGREED, probability=0.49).sure()
    # contested: the rules sure all the same, the learned layer exactly at its higher bar
    assert replace(AGREED, contested=True, probability=0.8).sure()
    assert not replace(AGREED, contested=True, probability=0.79).sure()
    # the rules unsure: the learned layer alone, exactly at its bar, and only uncontested
    assert replace(AGREED, rules_sure=False, probability=0.8).sure()
    assert not replace(AGREED, rules_sure=False, probability=0.79).sure()
    # no evidence at all for the category: exactly at the highest bar
    assert replace(AGREED, rule_weight=0.0, probability=0.9).sure()
    assert not replace(AGREED, rule_weight=0.0, probability=0.89).sure()


def test_a_lead_is_sure_from_exactly_its_threshold() -> None:
    leading = Sureness(lead=0.25)
    assert AGREED.sure(leading)  # 0.5 leads 0.25 by exactly 0.25
    assert not replace(AGREED, runner_up=0.26).sure(leading)
    # with no lead asked for, a tie is sure
    assert replace(AGREED, runner_up=0.5).sure()


@pytest.mark.parametrize(
    ("text", "weight"),
    [
        # opening with "takk for" or "takk til": a thank-you
        ("Tusen takk til alle på avdelingen.", 2.0),
        ("Takk til dere.", 2.0),
        # a short message of at most eight words
        ("Takk.", 1.5),
        ("Jeg lurer på noe om timen min. Takk.", 1.5),
        # closing a longer one, "takk for" too
        ("Hei, jeg lurer på noe om timen min. Takk.", 1.0),
        ("Jeg lurer på noe om timen min, takk for svar.", 1.0),
    ],
)
def test_a_thank_you_weighs_by_where_it_stands_and_the_length(text: str, weight: float) -> None:
    found = evidence_of(text)
    assert found is not None
    assert found[1].weights == {Category.ANNET: weight}


def test_a_change_of_something_else_weighs_as_a_clear_topic() -> None:
    found = evidence_of("Jeg har fått nytt etternavn. Kan dere endre det?")
    assert found is not None
    assert found[1].weights == {Category.ANNET: 2.5}


def test_a_first_appointment_asked_for_with_an_article_is_a_chase_after_a_referral() -> None:
    assert _rules("Kan jeg få en time? Fastlegen har henvist meg.") == (
        PURRING,
        False,
        "purring/når",
        "tekst: 'få en time'",
        (PURRING, ANNET),
    )


def _weights_of(text: str) -> dict[Category, float]:
    found = evidence_of(text)
    assert found is not None
    return found[1].weights


@pytest.mark.parametrize(
    ("text", "weights"),
    [
        # the same words of the same rule twice count once; other words of it a little more
        ("Jeg vil avbestille. Jeg vil avbestille.", {AVBESTILLING: 3.5}),
        ("Jeg vil avbestille timen min. Kan dere avlyse den?", {AVBESTILLING: 3.5 + 3.5 / 4}),
        # a topic told beside a clear wish counts half, also beside a wish of exactly 2.5
        ("Bilen er på verksted. Jeg vil flytte timen.", {ANNET: 1.25, ENDRING: 3.5}),
        ("Bilen er på verksted. Jeg kommer ikke på timen.", {ANNET: 1.25, AVBESTILLING: 2.5}),
        # before "men", halved by a wish after it: found by its first word ("når … time"), or
        # as a whole at the end of the sentence although its first word stands before "men"
        ("Jeg har fått resepten, men når får jeg time?", {PURRING: 3.0, ANNET: 1.25}),
        (
            "Jeg har ikke fått svar og har ventet lenge, men jeg kan ikke komme.",
            {PURRING: 3.0, AVBESTILLING: 1.0},
        ),
        # not coming, and care still needed: each piece of evidence counted once
        ("Jeg kan ikke komme på timen. Trenger fortsatt en annen dag.", {ENDRING: 5.0}),
    ],
)
def test_how_the_evidence_of_a_message_weighs(text: str, weights: dict[Category, float]) -> None:
    assert _weights_of(text) == pytest.approx(weights)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a wish of exactly the sure weight decides, however much else is found
        (
            "Jeg kommer ikke på timen, hvor kan jeg parkere?",
            (
                AVBESTILLING,
                False,
                "avbestilling/kommer-ikke",
                "tekst: 'kommer ikke'",
                (ANNET, ENDRING, AVBESTILLING),
            ),
        ),
        # a weak wish and as much of something else: the wish, unsure
        (
            "Takk for svar. Kan jeg få time?",
            (ENDRING, False, "endring/kan-jeg-få", "tekst: 'få time'", (ENDRING, ANNET)),
        ),
        # something else ahead of a weak wish: sure from a lead of exactly the margin
        (
            "Hvor er parkeringen ved sykehuset? Kan jeg få time? Takk.",
            (ANNET, True, "annet/emne", "tekst: 'parkeringen', 'takk'", (ANNET, ENDRING)),
        ),
        (
            "Hvor er parkeringen? Kan jeg få time?",
            (ANNET, False, "annet/emne", "tekst: 'parkeringen'", (ANNET, ENDRING)),
        ),
        # not coming is half a change: a change is offered right after it
        (
            "Jeg kommer ikke på timen. Takk for sist.",
            (
                AVBESTILLING,
                False,
                "avbestilling/kommer-ikke",
                "tekst: 'kommer ikke'",
                (AVBESTILLING, ENDRING, ANNET),
            ),
        ),
        # at most three categories are offered
        (
            "Jeg vil avbestille. Kan jeg få ny time? Jeg har ventet lenge. Hvor kan jeg parkere?",
            (
                ENDRING,
                False,
                "endring/ny-time",
                "tekst: 'ny time', 'få ny time'",
                (ENDRING, ANNET, AVBESTILLING),
            ),
        ),
        # before "men", the rule's words in their base form ("takke nei": "takker nei")
        (
            "Vi takker nei til timen, men kan dere gi oss en ny time?",
            (ENDRING, True, "endring/ny-time", "tekst: 'ny time'", (ENDRING, AVBESTILLING)),
        ),
        (
            "Eg har ikkje høyrt noko, men eg vil flytte timen.",
            (ENDRING, True, "endring/ord", "tekst: 'flytte'", (ENDRING, PURRING)),
        ),
        # after "men", a rule's words the patient wrote as one ("i stedet": "isteden")
        (
            "Jeg har ventet lenge, men kan jeg ta timen på telefon isteden?",
            (
                ENDRING,
                True,
                "endring/video-telefon",
                "tekst: 'telefon', 'i stedet'",
                (ENDRING, PURRING),
            ),
        ),
        # a first appointment asked for after a referral, and a cancellation beside it
        (
            "Kan jeg få time? Fastlegen har henvist meg. Jeg vil avbestille.",
            (
                AVBESTILLING,
                True,
                "avbestilling/ord",
                "tekst: 'avbestille'",
                (AVBESTILLING, PURRING),
            ),
        ),
        # something else ahead of three weak wishes: three categories offered, no more
        (
            "Hvor kan jeg parkere? Kan jeg få time? Jeg har ventet. Jeg avbestilte den forrige.",
            (
                ANNET,
                True,
                "annet/emne",
                "tekst: 'parkere', 'hvor kan'",
                (ANNET, ENDRING, PURRING),
            ),
        ),
        # a weak thank-you beside days asked about is not sure
        ("Takk. Mandag eller tirsdag?", (ANNET, False, "annet/takk", "tekst: 'takk'", (ANNET,))),
        # days asked about and no wish read: the first three named
        (
            "Går det an mandag, tirsdag, onsdag eller torsdag?",
            (
                ANNET,
                False,
                "annet/uklart",
                "tekst: 'mandag', 'tirsdag', 'onsdag', men ikke klart hva pasienten vil",
                (ANNET, ENDRING, AVBESTILLING),
            ),
        ),
        # the case named in a compound or an inflected verb, no wish: unsure; a birth date is
        # no case
        (
            "Legen har henvist meg.",
            (
                ANNET,
                False,
                "annet/uklart",
                "tekst: nevner timen, men ikke hva pasienten vil",
                (ANNET, ENDRING, AVBESTILLING),
            ),
        ),
        (
            "Operasjonsdatoen min.",
            (
                ANNET,
                False,
                "annet/uklart",
                "tekst: nevner timen, men ikke hva pasienten vil",
                (ANNET, ENDRING, AVBESTILLING),
            ),
        ),
        (
            "Fødselsdatoen min er feil.",
            (ANNET, True, "annet/ikke-timen", "tekst: ingen ønske om timen", (ANNET,)),
        ),
        # cancelling with care still needed, no appointment named: a change
        (
            "Jeg må avbestille, men trenger fortsatt å komme.",
            (
                ENDRING,
                True,
                "avbestilling/ord",
                "tekst: 'trenger fortsatt', 'avbestille'",
                (ENDRING, ANNET),
            ),
        ),
        # changing something else, and cancelling too
        (
            "Jeg har fått nytt etternavn, kan dere endre det? Og jeg vil avbestille.",
            (
                AVBESTILLING,
                False,
                "avbestilling/ord",
                "tekst: 'avbestille'",
                (AVBESTILLING, ANNET),
            ),
        ),
        # confirming one's place on the waiting list, or that one is referred (nynorsk)
        (
            "Kan dere bekrefte at jeg står på ventelisten?",
            (
                PURRING,
                True,
                "purring/venter",
                "tekst: 'ventelisten', 'bekrefte'",
                (PURRING, ANNET),
            ),
        ),
        (
            "Kan dere bekrefte at eg er tilvist og at det er registrert?",
            (PURRING, True, "purring/status", "tekst: 'bekrefte'", (PURRING, ANNET)),
        ),
    ],
)
def test_how_the_rules_decide_at_their_edges(
    text: str, expected: tuple[Category, bool, str, str, tuple[Category, ...]]
) -> None:
    assert _rules(text) == expected


@pytest.mark.parametrize("text", ["12 34 56", "112"])
def test_numbers_alone_are_no_words_to_read(text: str) -> None:
    assert classify("HE", text) == Suggestion(
        ANNET, "tekst: ingen ord å tolke", False, UNREAD, "annet/ingen-ord"
    )
    assert evidence_of(text) is None


def test_the_evidence_for_training_reads_exactly_the_longest_message_and_no_longer() -> None:
    text = "Jeg vil avbestille timen min. " * (MAX_CHARACTERS // 30)
    text += "x" * (MAX_CHARACTERS - len(text))
    assert evidence_of(text) is not None
    assert evidence_of(text + "x") is None  # Norwegian, but too long


def test_the_rules_evidence_as_the_learned_layers_features() -> None:
    found = evidence_of("Jeg vil avbestille timen min. Kan dere avlyse den?")
    assert found is not None
    _reading, tally, rules = found
    assert rules.sure
    assert rule_features(tally, rules, 2.0) == pytest.approx(
        {
            "s:avbestilling": 2.0,
            "ss:avbestilling": 2.0,
            "rule:avbestilling/ord": 2.0,
            "r:avbestilling/ord": (3.5 / 3 + 3.5 / 3) * 2.0,  # found twice: summed
            "w:avbestilling": (3.5 + 3.5 / 4) / 3 * 2.0,
        }
    )
    # unsure: no "ss:"
    found = evidence_of("Jeg kan ikke komme. Jeg kommer ikke.")
    assert found is not None
    _reading, tally, rules = found
    assert not rules.sure
    assert rule_features(tally, rules, 1.0) == pytest.approx(
        {
            "s:avbestilling": 1.0,
            "rule:avbestilling/kommer-ikke": 1.0,
            "r:avbestilling/kommer-ikke": (1.0 + 2.5) / 3,
            "w:avbestilling": (1.0 + 2.5 / 4) / 3,
        }
    )
    # a rule moved to another category keeps its name
    found = evidence_of("Jeg kan ikke komme på timen. Trenger fortsatt en annen dag.")
    assert found is not None
    _reading, tally, rules = found
    assert rule_features(tally, rules, 1.0) == pytest.approx(
        {
            "s:endring": 1.0,
            "ss:endring": 1.0,
            "rule:endring/ny-time": 1.0,
            "r:endring/ny-time": 1.0,
            "r:endring/trenger-fortsatt": 1 / 3,
            "r:avbestilling/kommer-ikke": 1 / 3,
            "w:endring": 5 / 3,
        }
    )


def _odds(annet: float, avbestilling: float, endring: float, purring: float) -> Model:
    """A toy model that knows no feature: each category's probability in proportion to its
    odds, whatever the message says."""
    odds = (annet, avbestilling, endring, purring)
    return Model(CLASSES, tuple(math.log(o) for o in odds), {})


TORSDAG = "Torsdag kommer jeg ikke."
"""The rules read a cancellation, sure ("avbestilling/kommer-ikke")."""


def test_the_alternatives_of_the_learned_layer_a_third_from_exactly_its_threshold() -> None:
    # purring 0.55, endring 0.3, avbestilling exactly 0.1, annet 0.05
    weights = Weights(words=_odds(1, 2, 6, 11), stacked=_odds(1, 2, 6, 11))
    assert classify_text(TORSDAG, weights=weights).alternatives == (PURRING, ENDRING, AVBESTILLING)
    # the third below it: two only
    weights = Weights(words=_odds(1, 1, 6, 12), stacked=_odds(1, 1, 6, 12))
    assert classify_text(TORSDAG, weights=weights).alternatives == (PURRING, ENDRING)
    # four alike: three at most
    weights = Weights(words=_odds(1, 1, 1, 1), stacked=_odds(1, 1, 1, 1))
    assert len(classify_text(TORSDAG, weights=weights).alternatives) == 3


def test_the_learned_layer_deciding_otherwise_with_no_word_for_it_keeps_the_rules_reason() -> None:
    weights = Weights(words=_odds(1, 2, 6, 11), stacked=_odds(1, 2, 6, 11))
    rules = classify_text(TORSDAG, weights=NO_WEIGHTS)
    assert classify_text(TORSDAG, weights=weights) == Suggestion(
        PURRING,
        rules.reason,
        False,
        (PURRING, ENDRING, AVBESTILLING),
        "lært/purring",
    )


def test_the_learned_layer_deciding_otherwise_names_its_three_heaviest_words() -> None:
    column = {
        f"l:{day}": tuple(weight if c == "endring" else 0.0 for c in CLASSES)
        for day, weight in (("mandag", 4.0), ("tirsdag", 3.0), ("onsdag", 2.0), ("torsdag", 1.0))
    }
    stacked = Model(CLASSES, (0.0,) * 4, column)
    text = "Mandag, tirsdag, onsdag og torsdag kommer jeg ikke."
    suggestion = classify_text(text, weights=Weights(words=stacked, stacked=stacked))
    assert suggestion.category is ENDRING
    assert suggestion.reason == "tekst: 'mandag', 'tirsdag', 'onsdag'"
    assert suggestion.sure is False


def test_a_learned_layer_missing_one_of_its_models_leaves_the_rules_alone() -> None:
    rules = classify_text(TORSDAG, weights=NO_WEIGHTS)
    toy = _toward("endring", 10.0)
    assert classify_text(TORSDAG, weights=Weights(stacked=toy)) == rules
    assert classify_text(TORSDAG, weights=Weights(words=toy)) == rules


def test_a_code_that_needs_the_text_weighs_it_with_the_layer_given() -> None:
    weights = Weights(words=_toward("endring", 10.0), stacked=_toward("endring", 10.0))
    assert classify("HE", TORSDAG, weights=weights).rule == "lært/endring"
    assert classify("HE", TORSDAG, weights=NO_WEIGHTS).rule == "avbestilling/kommer-ikke"


def test_the_views_name_the_runner_up_and_the_rules_weight() -> None:
    weights = Weights(words=_odds(1, 2, 6, 11), stacked=_odds(1, 2, 6, 11))
    views = views_of(TORSDAG, weights)
    assert views is not None
    assert (views.category, views.probability, views.runner_up) == pytest.approx(
        (PURRING, 0.55, 0.3)
    )
    # two categories: the other is the runner-up
    two = Model(("avbestilling", "endring"), (math.log(3), 0.0), {})
    views = views_of(TORSDAG, Weights(words=two, stacked=two))
    assert views is not None
    assert (views.category, views.probability, views.runner_up) == pytest.approx(
        (AVBESTILLING, 0.75, 0.25)
    )
    assert views.rule_weight == 2.5  # what the rules found for the learned category
