"""The category suggestion: the Helsenorge code where it is clear, else the patient's words.

Each test names a way patients write (the kinds of phrasing issue 20 found falling through to
`annet`); the corpus in tests/data checks the figures over hundreds of messages.
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from tui.core.model import Category
from tui.core.rules.classify import Sureness, Views, classify, classify_text
from tui.core.rules.sitewords import SiteWords


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
def test_clear_codes_decide_sure_and_say_so(code: str, category: Category) -> None:
    suggestion = classify(code, "Hei, jeg lurer på noe om parkering.")
    assert suggestion.category is category
    assert suggestion.sure
    assert suggestion.reason == f"kode {code.strip()}"
    assert suggestion.rule == f"kode {code.strip()}"


@pytest.mark.parametrize(
    ("text", "category"),
    [
        # a change without "flytte" or "endre"
        ("Kan jeg få timen tidligere?", Category.ENDRING),
        ("Passer det å komme en uke senere?", Category.ENDRING),
        ("Kan jeg få time på video i stedet?", Category.ENDRING),
        ("kan ikke komme torsdag kan dere flytte den til fredag", Category.ENDRING),
        # a cancellation without "avbestille"
        ("Jeg kommer ikke på timen i morgen.", Category.AVBESTILLING),
        ("Timen kan strykes, jeg er blitt bra.", Category.AVBESTILLING),
        ("Jeg melder meg av timen den 3. april.", Category.AVBESTILLING),
        ("Skal ikke ha timen likevel.", Category.AVBESTILLING),
        ("Jeg har flyttet til Bodø, dere kan slette timen.", Category.AVBESTILLING),
        # a chase without "purre" or "vente"
        ("Står jeg fortsatt på venteliste?", Category.PURRING),
        ("Har dere glemt meg? Jeg har ikke hørt noe siden i høst.", Category.PURRING),
        ("Hvor står jeg i køen?", Category.PURRING),
        # nynorsk, misspellings, no punctuation
        ("Eg kan ikkje kome på tysdag, kan eg få ein ny time?", Category.ENDRING),
        ("Eg har venta på innkalling sidan januar.", Category.PURRING),
        ("Ønsker å avbestile timen 12.5 kl 13.00.", Category.AVBESTILLING),
        ("hei jeg lurer på om det går ann å flyte timen min", Category.ENDRING),
        # something else
        ("Hvor kan jeg parkere når jeg kommer til timen?", Category.ANNET),
        ("Kan dere sende meg prøvesvaret?", Category.ANNET),
    ],
)
def test_patients_phrasing_is_understood_and_sure(text: str, category: Category) -> None:
    suggestion = classify("HE", text)
    assert suggestion.category is category, suggestion
    assert suggestion.sure, suggestion


def test_not_coming_is_a_cancellation_but_with_a_wish_for_a_new_time_a_change() -> None:
    assert classify_text("Jeg kan ikke komme, trenger ikke timen.").category is (
        Category.AVBESTILLING
    )
    assert classify_text("Jeg kan ikke komme, kan jeg få ny time?").category is Category.ENDRING


def test_a_negated_keyword_does_not_count() -> None:
    suggestion = classify_text(
        "Jeg skal ikke avbestille, men jeg lurer på om jeg kan flytte timen en time senere."
    )
    assert suggestion.category is Category.ENDRING
    assert "avbestille" not in suggestion.reason


def test_moving_house_is_not_moving_the_appointment() -> None:
    moved = classify_text("Jeg har flyttet. Ny adresse er Storgata 12, 8006 Bodø.")
    assert moved.category is Category.ANNET
    assert classify_text("Kan dere flytte timen til fredag?").category is Category.ENDRING


def test_what_follows_men_outweighs_what_it_answers() -> None:
    suggestion = classify_text("Jeg vet at jeg har ventet lenge, men nå trenger jeg ikke timen.")
    assert suggestion.category is Category.AVBESTILLING


def test_the_reason_names_the_decisive_words() -> None:
    assert classify_text("Jeg trenger ny time, den passer ikke.").reason == (
        "tekst: 'ny time', 'passer ikke'"
    )
    assert classify_text("Jeg kommer ikke på timen.").reason == "tekst: 'kommer ikke'"


def test_weak_or_conflicting_evidence_is_unsure_with_the_likeliest_first() -> None:
    conflicting = classify_text(
        "Jeg skal ikke ha timen på fredag. Kan dere i stedet sende epikrisen til fastlegen?"
    )
    assert not conflicting.sure
    assert conflicting.alternatives[:2] == (Category.AVBESTILLING, Category.ANNET)
    weak = classify_text("Jeg kan ikke komme.")
    assert weak.category is Category.AVBESTILLING
    assert not weak.sure
    assert weak.alternatives[:2] == (Category.AVBESTILLING, Category.ENDRING)


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "tekst: tom melding"),
        ("   ", "tekst: tom melding"),
        ("🙂👍", "tekst: ingen ord å tolke"),
        ("Hello, I have an appointment next week. Do I need a passport?", "norsk"),
        ("avbestille timen " * 1500, "for lang"),
    ],
)
def test_bad_input_is_annet_unsure_with_a_reason_never_an_error(text: str, reason: str) -> None:
    suggestion = classify("HE", text)
    assert suggestion.category is Category.ANNET
    assert not suggestion.sure
    assert reason in suggestion.reason
    assert len(suggestion.alternatives) >= 2


def test_a_sites_words_count_unless_negated() -> None:
    site = SiteWords(endring=("ombooke",), annet=("reiseregning",))
    assert classify_text("Vil ombooke torsdagen min", site).category is Category.ENDRING
    assert classify_text("Jeg sender reiseregningen i posten.", site).category is Category.ANNET
    assert classify_text("Jeg vil ikke ombooke noe.", site).category is Category.ANNET


@pytest.mark.parametrize(
    ("text", "category"),
    [
        # cancelling a place in the queue, giving up what is offered, passives
        ("Ta meg ut av køen, jeg er operert et annet sted.", Category.AVBESTILLING),
        ("Jeg vil ikke lenger stå på ventelista.", Category.AVBESTILLING),
        ("Kontrollen neste uke kan slettes.", Category.AVBESTILLING),
        ("Eg ber om at timen min blir avlyst. Timen kan avlysast.", Category.AVBESTILLING),
        ("Vi har bestemt oss for å avstå fra operasjonen.", Category.AVBESTILLING),
        ("Dere kan gi timen bort til en annen.", Category.AVBESTILLING),
        # cancelling while care is still needed is a change
        ("Jeg må avbestille fredag, men trenger fortsatt time. Sett opp en ny.", Category.ENDRING),
        # another time asked for as a question about what is free
        ("Har dere noe ledig i september?", Category.ENDRING),
        ("Kan vi ta mandag i stedet?", Category.ENDRING),
        ("Kan begge timene legges på samme dag?", Category.ENDRING),
        # chasing as a question about the referral
        ("Har dere mottatt henvisningen fra fastlegen min?", Category.PURRING),
        ("Er henvisningen min vurdert ennå?", Category.PURRING),
        ("Hvor lenge må jeg vente på operasjon?", Category.PURRING),
        # not chasing, not changing
        ("Hvor lenge varer kontrollen?", Category.ANNET),
        ("Kan dere endre etternavnet mitt i systemet?", Category.ANNET),
        ("Jeg har byttet bank, kontonummeret er nytt.", Category.ANNET),
        ("Kan jeg ta med meg en venn inn på timen?", Category.ANNET),
    ],
)
def test_general_constructions_are_read(text: str, category: Category) -> None:
    assert classify("HE", text).category is category, classify("HE", text)


def test_refusing_to_cancel_is_not_a_cancellation() -> None:
    suggestion = classify_text("Jeg vil ikke avbestille timen! Det må være en feil hos dere.")
    assert suggestion.category is Category.ANNET


def test_no_wish_found_is_not_sure_when_the_appointment_is_named() -> None:
    unclear = classify_text("Timen min er i en travel periode for meg.")
    assert unclear.category is Category.ANNET
    assert not unclear.sure
    nothing = classify_text("Er det wifi i venterommet?")  # nothing about an appointment
    assert nothing.category is Category.ANNET
    assert nothing.sure


def test_a_reason_given_in_a_statement_is_background() -> None:
    suggestion = classify_text("Bilen er på verksted. Finnes det en ledig tid neste uke?")
    assert suggestion.category is Category.ENDRING
    assert suggestion.sure


def test_a_new_time_the_patient_has_is_no_wish_for_one() -> None:
    for text in ("Jeg har ny time i desember.", "Eg har ein ny time i desember"):
        has = classify_text(text)
        assert not (has.category is Category.ENDRING and has.sure), has
    asked = classify_text("har dere ny time ledig i desember")
    assert asked.category is Category.ENDRING
    wish = classify_text("Jeg har behov for ny time")
    assert wish.category is Category.ENDRING


def _views(**changes: object) -> Views:
    agreed = Views(
        category=Category.ANNET,
        probability=0.85,
        runner_up=0.1,
        words_alone=0.6,
        rules_category=Category.ANNET,
        rules_sure=True,
        rule_weight=2.0,
        contested=False,
    )
    return replace(agreed, **changes)  # type: ignore[arg-type]


def test_sure_needs_the_views_to_agree() -> None:
    assert _views().sure()
    assert not _views(rules_category=Category.ENDRING).sure()
    assert not _views(words_alone=0.05).sure()
    assert not _views(probability=0.45, runner_up=0.4).sure()


def test_no_wish_found_is_sure_only_where_the_learned_layer_is_much_surer() -> None:
    # the rules found nothing for the category: they may have missed a wish, sure or not
    assert not _views(rule_weight=0.0).sure()
    assert _views(rule_weight=0.0, probability=0.95, runner_up=0.03).sure()
    assert not _views(rule_weight=0.0, probability=0.95, runner_up=0.03, contested=True).sure()


def test_two_clear_rules_need_a_surer_learned_layer_even_where_the_rules_chose() -> None:
    assert not _views(contested=True, probability=0.7, runner_up=0.25).sure()
    assert _views(contested=True).sure()
    assert not _views(rules_sure=False, contested=True, probability=0.99).sure()
    stricter = Sureness(learned=0.9)
    assert not _views().sure(stricter)
