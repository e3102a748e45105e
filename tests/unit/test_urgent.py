"""Urgent words: the red flags a triage nurse would not want missed, read as the classifier
reads the message (base forms, clauses, negation), plus a site's own words."""

from __future__ import annotations

import pytest

from tui.core.rules.urgent import RED_FLAGS, UrgentHint, UrgentRule

RULE = UrgentRule()


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("Jeg har fått brystsmerter og puster dårlig siden i går.", "brystsmerter"),
        ("Det haster!", "haster"),
        ("Dette er akutt, kan noen ringe meg?", "akutt"),
        ("Jeg blør fra operasjonssåret.", "blør"),
        ("Jeg har tenkt på selvmord den siste uka.", "selvmord"),
        ("Jeg vil ta livet mitt.", "ta livet"),
        ("Selvmordstankene kommer tilbake.", "selvmordstankene"),
        ("Det haster ikke med timen, men jeg har brystsmerter.", "brystsmerter"),
        ("Jeg vet ikke hva jeg skal gjøre. Det haster.", "haster"),
        ("Får ikke puste om natten.", "ikke puste"),
        # stroke signs, breathing, sight, fever with confusion: what the issue found missed
        ("Mannen min fikk plutselig skjev munn og snakker utydelig.", "skjev munn"),
        ("Mamma snakker uklart og den ene siden av ansiktet henger.", "snakker uklart"),
        ("Jeg klarer ikke å puste og leppene er blå.", "leppene er blå"),
        ("Jeg mistet plutselig synet på det ene øyet i morges.", "synet"),
        ("Hun har over 40 i feber og er helt forvirret.", "feber"),
        ("Eg har vondt i brystet og pustar tungt.", "vondt i brystet"),
        ("Eg har mista synet på det eine auget.", "mista synet"),
        ("Jeg har ikke hatt brystsmerter før, men nå har jeg det.", "brystsmerter"),
        ("Jeg er gravid og har fått sterke magesmerter.", "gravid"),
        ("Ansiktet og tunga hovner opp etter et bistikk.", "hovner"),
        ("Han har fått ansiktslammelse i dag.", "ansiktslammelse"),
        ("Jeg ser ingenting på høyre øye, det kom plutselig.", "ser ingenting"),
        # veiled words for suicide, a child that hardly responds
        ("Jeg har bare lyst til å forsvinne.", "lyst til å forsvinne"),
        ("Eg klarar ikkje meir, eg har lyst til å døy.", "lyst til å døy"),
        ("Jeg klarer ikke mer av dette.", "klarer ikke mer"),
        ("Jeg vil ikke være her lenger.", "være her lenger"),
        ("Jeg har skrevet et brev til barna mine.", "brev"),
        ("Gutten reagerer nesten ikke på oss.", "reagerer nesten ikke"),
        # a present sign that a "men" clause only hopes will pass; a past one that goes on
        ("Har hatt vondt i brystet siden i går, men det går sikkert over.", "vondt i brystet"),
        ("Jeg fikk en blødning for tre uker siden som ikke har stoppet.", "blødning"),
        ("Sønnen vår på 2 mnd har fått feber.", "feber"),
        ("Eg har så vondt i hovudet, det verste eg har kjent.", "verste"),
        ("Far er helt slapp og svarer nesten ikke.", "slapp"),
        # widened by a triage nurse's questions, one category at a time
        ("Jeg har trykk i brystet som stråler ut i kjeven.", "trykk"),
        ("Jeg er kaldsvett og kvalm.", "kaldsvett"),
        ("Hjertet mitt raser og jeg føler meg rar.", "hjertet mitt raser"),
        ("Han hiver etter pusten.", "hiver etter pusten"),
        ("Mor finner ikke ordene og virker rar.", "finner ikke ordene"),
        ("Jeg har mistet følelsen i den ene armen.", "følelsen"),
        ("Eg klarer ikkje stå på beina i dag.", "stå på beina"),
        ("Han falt plutselig om på kjøkkenet.", "falt plutselig om"),
        ("Det er som en gardin foran øyet.", "gardin"),
        ("Avføringen er svart som tjære.", "avføringen er svart"),
        ("Det kommer masse blod når jeg hoster.", "blod"),
        ("Jeg har tenkt på å avslutte livet.", "avslutte livet"),
        ("Familien har det bedre uten meg.", "bedre uten meg"),
        ("Jeg har samlet piller i skapet.", "samlet piller"),
        ("Jeg har elveblest over hele kroppen og hoven i halsen.", "elveblest"),
        ("Vannet har gått, og jeg er bare i uke 30.", "vannet har gått"),
        ("Jeg kjenner mindre liv i magen enn før.", "mindre liv"),
        ("Babyen vil ikke drikke og er slapp.", "babyen"),
        ("Hun har prikker som ikke forsvinner når vi trykker et glass mot dem.", "prikker"),
        ("Smertene i magen er uutholdelige.", "uutholdelige"),
        ("Jeg fikk feber to dager etter operasjonen.", "feber"),
        ("Såret fra inngrepet har gått opp og det kommer puss.", "såret"),
        ("Leggen er hoven og vond etter operasjonen.", "leggen er hoven"),
        ("Jeg får ikke tisset siden i morges.", "tisset"),
        ("Høy feber og frysninger siden i natt.", "feber og frysninger"),
        ("Skal jeg ringe 113?", "113"),
        ("Sønnen min er så uklar og har feber.", "uklar"),
        ("Hun vil ikke bøye nakken.", "bøye nakken"),
        # a triage nurse's further questions: signs of leaving for good, fever with the
        # body's defence down, talk that makes no sense, a child that cannot be roused, a
        # belly gone hard, bile
        ("Faren min har sagt farvel til alle og gitt bort tingene sine.", "farvel til alle"),
        ("Hun har gitt bort eiendelene sine den siste uka.", "gitt bort eiendelene sine"),
        ("Mannen min får cellegift og har 39 i feber nå.", "cellegift"),
        ("Mor gir ikke mening når hun snakker.", "mening"),
        ("Vi får nesten ikke liv i ham.", "liv"),
        ("Magen er bretthard etter operasjonen.", "bretthard"),
        ("Eg kastar opp grønt heile tida.", "grønt"),
    ],
)
def test_urgent_sentences_are_flagged(text: str, word: str) -> None:
    hint = RULE.check(text)
    assert hint.urgent, text
    assert any(word in found for found in hint.words), hint


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
        "Det er aldri akutt for meg.",
        # a thank-you for the emergency room, a sign that is over, a misunderstanding
        "Tusen takk for god behandling på akuttmottaket i helgen.",
        "Jeg hadde brystsmerter i fjor, men det er helt borte nå.",
        "Jeg hadde blødning etter operasjonen, men det stoppet av seg selv.",
        "Jeg besvimte aldri, det var en misforståelse i journalen.",
        "Jeg har ikke vært svimmel eller besvimt siden sist.",
        "Må jeg faste før blodprøven på mandag?",
        "Jeg ser ingenting galt med å flytte timen.",
        # a past episode that is over or was harmless; the emergency room as a place
        "Jeg var på legevakten med brystsmerter i helgen, men det var ikke noe alvorlig.",
        "Hun hadde et hjerneslag i fjor og skal til kontroll i mai.",
        "Han besvimte for tre måneder siden og har vært fin siden.",
        "Etter at jeg var innom akutten, fikk jeg beskjed om å sende melding hit.",
        "Fastlegen skrev at det haster på henvisningen, når får jeg time?",
        "Jeg vil at smertene skal forsvinne.",
        "Plagene forsvant for godt etter operasjonen.",
        "Jeg har feber og er slapp, så jeg kommer ikke på timen.",
        # a sign that was normal, known for years, or a risk asked about
        "Jeg hadde litt blødning i går, men legen sa det var normalt.",
        "Jeg har hatt tungpust i mange år, derfor er jeg henvist.",
        "Kan jeg blø mye etter inngrepet?",
        # a past occasion, a known state, a reason for the referral, a worry, resolved
        "Sist jeg fastet fikk jeg føling.",
        "Jeg fikk en allergisk reaksjon i sommer og måtte få adrenalin.",
        "Han bor på sykehjem nå etter hjerneslaget i fjor.",
        "Mor blir ofte forvirret utover kvelden.",
        "Jeg ble henvist fordi jeg har hatt litt blod i avføringen.",
        "Jeg er redd jeg ikke klarer å drikke all væsken før undersøkelsen.",
        "Jeg var på legevakten med brystsmerter, og det er helt borte nå.",
        "Jeg er innlagt etter brystsmerter i natt og trenger ny time.",
        "Jeg orker ikke vente mer på denne timen.",
        "Hofta gjør at jeg ikke klarer å gå mer enn hundre meter.",
        # farewells and gifts that are no warning sign, chemotherapy without fever
        "Jeg tok farvel med mamma på sykehjemmet i går. Kan timen min flyttes?",
        "Vi har gitt bort alt av babyklær, så vi trenger ikke timen.",
        "Hun skal ta farvel med jobben før operasjonen, kan vi flytte timen?",
        "Eg fekk cellegift i fjor. Kan eg flytte timen?",
        "Sønnen min har feber og er slapp, kan vi flytte timen til neste uke?",
    ],
)
def test_calm_or_negated_sentences_are_not_flagged(text: str) -> None:
    assert not RULE.check(text).urgent, RULE.check(text)


def test_negated_words_are_reported_as_negated() -> None:
    hint = RULE.check("Kan vi ta kontrollen på video? Det haster ikke.")
    assert not hint.urgent
    assert hint.negated == ("haster",)


def test_a_negation_in_another_clause_does_not_hide_the_word() -> None:
    assert RULE.check("Jeg kan ikke komme på mandag fordi jeg blør.").urgent


def test_a_sites_words_add_to_the_red_flags() -> None:
    rule = UrgentRule(words=("svimmel",))
    assert rule.check("Jeg er svimmel.").urgent
    assert rule.check("Jeg har brystsmerter.").urgent  # the built-in flags still stand
    assert not rule.check("Jeg er ikke svimmel.").urgent
    assert not UrgentRule().check("Jeg er svimmel.").urgent
    assert str(len(RED_FLAGS)) in rule.describe()
    assert "«svimmel»" in rule.describe()


def test_a_sites_negation_words_negate_too() -> None:
    rule = UrgentRule(words=("svimmel",), negations=("itte",))
    assert not rule.check("Jeg er itte svimmel.").urgent
    assert rule.check("Jeg er svimmel.").urgent


def test_a_phrase_is_found_across_line_breaks_and_in_capitals() -> None:
    rule = UrgentRule(words=("ta mitt eget liv",))
    assert "ta mitt eget livet" in rule.check("Jeg vil TA\nmitt  eget livet.").words
    assert rule.check("Eget liv, mitt liv.") == UrgentHint()


def test_empty_emoji_and_long_texts_are_no_error() -> None:
    assert RULE.check("") == UrgentHint()
    assert RULE.check("🙂") == UrgentHint()
    assert RULE.check("ok " * 7000 + "jeg har brystsmerter").urgent is False  # beyond the cut
    assert RULE.check("jeg har brystsmerter " + "ok " * 7000).urgent
