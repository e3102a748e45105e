"""Urgent words at their edges: each way a sign is set aside (a past episode, a habit, a risk
asked about, a reason for the referral, over or harmless) with every word that sets it aside,
and the words that bring it back ("nå", "plutselig", "verre", "igjen").

A clerk relies on both sides: a sign that goes on is never hidden, and a sign told as long
gone does not cry wolf. The mutation check (docs/testing.md) found these edges untested.
The red flags alone are checked here (`NO_WEIGHTS`): the learned layer is tested apart.
"""

from __future__ import annotations

import pytest

from tui.core.rules.learned import NO_WEIGHTS, Model, Weights
from tui.core.rules.urgent import RED_FLAGS, UrgentHint, UrgentRule

RULE = UrgentRule()


def urgent(text: str, rule: UrgentRule = RULE) -> bool:
    """True when the red flags raise the hint for `text`."""
    return rule.check(text, NO_WEIGHTS).urgent


@pytest.mark.parametrize(
    "text",
    [
        # a risk asked about: a modal, any subject, the sign in its base form
        "Kan man blø mye etter inngrepet?",
        "Kan en blø mye etter inngrepet?",
        "Kan han blø mye etter inngrepet?",
        "Kan hun blø mye etter inngrepet?",
        "Kan ho blø mykje etter inngrepet?",
        "Kan eg blø mykje etter inngrepet?",
        "Kunne jeg blø etter inngrepet?",
        "Vil jeg blø etter inngrepet?",
        "Ville jeg blø etter inngrepet?",
        # a past episode, each way of naming the time gone by
        "Jeg hadde et hjerneslag i fjor.",
        "Jeg hadde et hjerneslag i 2019.",
        "Jeg hadde et hjerneslag i 1999.",
        "Jeg hadde et hjerneslag forrige år.",
        "Eg hadde eit hjerneslag førre år.",
        "Jeg hadde et hjerneslag forrige uke.",
        "Jeg hadde et hjerneslag for to år siden.",
        "Eg hadde eit hjerneslag for to år sidan.",
        "Eg hadde eit hjerneslag for to år sia.",
        "Jeg hadde et hjerneslag i mars.",
        "Jeg hadde et hjerneslag i jula.",
        # known for years, each way of counting them
        "Jeg har hatt tungpust i årevis.",
        "Jeg har hatt tungpust i flere år.",
        "Eg har hatt tungpust i fleire år.",
        "Jeg har hatt tungpust i mange år.",
        "Jeg har hatt tungpust i 10 år.",
        "Jeg har hatt tungpust i to år.",
        "Jeg har hatt tungpust i tre år.",
        "Jeg har hatt tungpust i fire år.",
        "Jeg har hatt tungpust i fem år.",
        "Jeg har hatt tungpust i seks år.",
        "Jeg har hatt tungpust i ti år.",
        "Jeg har hatt tungpust i sju år.",
        "Jeg har hatt tungpust i syv år.",
        "Jeg har hatt tungpust i åtte år.",
        "Jeg har hatt tungpust i ni år.",
        "Jeg har hatt tungpust i tolv år.",
        "Eg har hatt tungpust i tjue år.",
        # a habit, each word for it
        "Mor blir ofte forvirret om kvelden.",
        "Mor pleier å bli forvirret om kvelden.",
        "Mor blir vanligvis forvirret om kvelden.",
        "Mor blir iblant forvirret om kvelden.",
        "Mor blir stundom forvirret om kvelden.",
        "Mor blir forvirret utover kvelden.",
        # the reason for the referral, each word for "because"
        "Jeg ble henvist pga blod i avføringen.",
        "Jeg ble henvist på grunn av blod i avføringen.",
        "Jeg ble henvist grunnet blod i avføringen.",
        "Eg vart tilvist grunna blod i avføringa.",
        "Jeg ble henvist ettersom jeg har hatt blod i avføringen.",
        "Eg vart tilvist sidan eg har hatt blod i avføringa.",
        # named as a past event
        "Etter hjerneslaget i fjor bor han på sykehjem.",
        "Han bor på sykehjem etter hjerneslaget han fikk i fjor.",
        # resolved, in its sentence or the next
        "Jeg hadde brystsmerter i natt, men den er borte nå.",
        "Jeg hadde brystsmerter i natt, men alt er borte.",
        "Jeg hadde brystsmerter i natt. Det er borte.",
        "Jeg hadde brystsmerter i natt, det gikk bra.",
        "Jeg hadde brystsmerter i natt, det gikk fint.",
        "Jeg hadde brystsmerter i natt, det gikk greit.",
        "Jeg hadde brystsmerter i natt, det gikk over.",
        "Eg hadde brystsmerter i natt, det gjekk bra.",
        "Jeg hadde brystsmerter i natt, det har gått bra.",
        "Jeg hadde brystsmerter i natt, det gikk fin.",
        "Han hadde brystsmerter i natt, han har kommet seg.",
        "Jeg har brystsmerter i natt. Men det er borte nå.",
        # a "men" clause that says it is over or was harmless
        "Jeg hadde brystsmerter i natt, men nå er det bra.",
        "Jeg hadde brystsmerter, men nå er det over.",
        "Jeg har brystsmerter, men det er ikke farlig.",
        "Jeg har brystsmerter, men det er ikke farleg.",
        "Jeg har brystsmerter, men det er ikke alvorlig.",
        "Eg har brystsmerter, men det er ikkje alvorleg.",
        "Jeg har brystsmerter, men ingen feil.",
        "Jeg har brystsmerter, men det er ikke noe galt.",
        "Jeg hadde brystsmerter, men legen fant ikke noe galt.",
        "Eg har brystsmerter, men det er ikkje noko gale.",
        "Jeg har brystsmerter, men det er bra nå.",
        "Jeg har brystsmerter, men det er borte.",
    ],
)
def test_a_sign_set_aside_raises_no_hint(text: str) -> None:
    assert not urgent(text), RULE.check(text, NO_WEIGHTS)


@pytest.mark.parametrize(
    "text",
    [
        # not a risk asked about: a statement, or no subject between the modal and the sign
        "Kan blø mye?",
        "Jeg blør mye?",
        # not a year: five digits
        "Jeg hadde et hjerneslag i 20190.",
        # "forrige" with no unit of time, or a time too short to be over
        "Jeg hadde et hjerneslag forrige fredag.",
        "Jeg hadde et hjerneslag i forrige",
        "Jeg hadde et hjerneslag for to timer siden.",
        "Jeg hadde et hjerneslag siden.",
        "Jeg hadde et hjerneslag for siden.",
        "Hjerneslag for år siden.",
        "Jeg fikk et hjerneslag for to dager siden.",
        # years, but not "i mange år"
        "I år har jeg tungpust.",
        "Jeg har vært tungpust i år.",
        "Mange år tungpust.",
        "Tungpust år.",
        # known for years or a habit, but worse, sudden or back now
        "Jeg har hatt tungpust i mange år, men nå er det plutselig verre.",
        "Jeg har hatt tungpust i mange år og nå er det brått mye verre.",
        "Jeg har hatt tungpust i mange år, verste nå.",
        "Jeg har hatt tungpust i årevis, og det er verre.",
        "Jeg har hatt tungpust i årevis, og det kom plutselig.",
        "Jeg har hatt tungpust i årevis, brått.",
        "Jeg har hatt tungpust i årevis, verste natta.",
        "Jeg har hatt tungpust i årevis, fortsatt.",
        "Mor blir ofte forvirret, men nå ble hun plutselig forvirret.",
        "Mor blir ofte forvirret, men i dag brått.",
        "Mor blir ofte forvirret, og nå er det verre.",
        # the reason for the referral, but worse or back now, or no referral named before it
        "Jeg ble henvist fordi jeg har hatt blod i avføringen, og nå er det plutselig mye.",
        "Jeg ble henvist fordi jeg har hatt blod i avføringen, det kom brått.",
        "Jeg ble henvist fordi jeg har hatt blod i avføringen, og det er verre.",
        "Jeg ble henvist fordi jeg har hatt blod i avføringen, og det er fortsatt der.",
        "Jeg ble henvist fordi jeg har hatt blod i avføringen, og det er her igjen.",
        "Jeg har blod i avføringen, derfor ble jeg henvist.",
        "Jeg har blitt henvist. Jeg har blod i avføringen.",
        # "etter" the sign, but no time gone by
        "Hjerneslag etter i fjor.",
        "Han har det vondt etter hjerneslaget nå.",
        # "komme seg" as going somewhere, not as recovering
        "Han har brystsmerter i natt og må komme seg til legen.",
        # a "men" clause, or the next sentence, that does not say it is over
        "Jeg har brystsmerter, det er ikke borte.",
        "Jeg har brystsmerter, det går sikkert bra.",
        "Jeg har brystsmerter. Det blir nok borte.",
        "Jeg har brystsmerter. Men det er ikke borte.",
        "Jeg hadde brystsmerter i natt, men nå er det ikke bra.",
        "Jeg har brystsmerter, men farlig er det.",
        "Jeg har brystsmerter, men det blir bedre.",
        "Jeg har brystsmerter men",
        # negated, but brought back by the next "men" clause, in the next sentence too
        "Jeg har ikke brystsmerter. Men nå har jeg det.",
        "Jeg har ikke brystsmerter, men i natt kom de.",
        "Jeg har ikke brystsmerter, men plutselig i dag.",
    ],
)
def test_a_sign_that_goes_on_raises_the_hint(text: str) -> None:
    assert urgent(text), RULE.check(text, NO_WEIGHTS)


def test_a_sign_brought_back_by_a_negated_now_stays_negated() -> None:
    hint = RULE.check("Jeg har ikke brystsmerter, men nå er det ikke bra.", NO_WEIGHTS)
    assert not hint.urgent
    assert hint.negated == ("brystsmerter",)


def test_a_sites_negation_counts_within_three_words_before_the_sign() -> None:
    rule = UrgentRule(words=("svimmel",), negations=("ITTE",))
    assert not urgent("Itte jeg svimmel.", rule)  # the message's first word
    assert not urgent("Itte er jeg svimmel.", rule)
    assert not urgent("Jeg er itte svimmel og kvalm.", rule)
    assert urgent("Itte er jeg veldig svimmel.", rule)  # four words before: another thought
    assert urgent("Itte. Jeg er svimmel.", rule)  # another sentence


def test_a_sites_phrase_stands_in_a_row_and_a_negation_in_it_is_its_own() -> None:
    rule = UrgentRule(words=("svimmel og kvalm",))
    assert RULE.check("Jeg er svimmel og kvalm.", NO_WEIGHTS) == UrgentHint()
    assert rule.check("Jeg er svimmel og kvalm.", NO_WEIGHTS).words == ("svimmel og kvalm",)
    assert not urgent("Jeg er svimmel og ikke kvalm.", rule)  # not in a row
    assert rule.check("Jeg er ikke svimmel og kvalm.", NO_WEIGHTS).negated == ("svimmel og kvalm",)
    # a phrase that holds a negation ("ikke puste") is not negated by it
    breathless = UrgentRule(words=("ikke puste",)).check("Jeg klarer ikke å puste.", NO_WEIGHTS)
    assert breathless.urgent


def test_the_description_counts_the_built_in_flags_and_quotes_the_sites_words() -> None:
    assert UrgentRule().describe() == f"{len(RED_FLAGS)} innebygde varseltegn"
    assert UrgentRule(words=("ta livet", "svimmel")).describe() == (
        f"{len(RED_FLAGS)} innebygde varseltegn og stedets egne ord: «ta livet», «svimmel»"
    )


def test_the_quote_is_the_whole_span_when_short_else_the_words_alone() -> None:
    hint = RULE.check(
        "Jeg har trykk i brystet og smerter som stråler ut i venstre arm.", NO_WEIGHTS
    )
    assert "trykk i brystet" in hint.words
    assert "stråler ut i venstre arm" in hint.words  # five words apart: the whole span
    assert "trykk … venstre" in hint.words  # further apart: the words alone


def _learned(threshold: float) -> Weights:
    """A learned urgent model that gives "redd" and "magen" exactly even odds together."""
    model = Model(("urgent",), (-4.0,), {"l:redd": (3.0,), "l:mage": (1.0,)})
    return Weights(urgent=model, urgent_threshold=threshold)


def test_the_learned_layer_raises_the_hint_from_its_threshold_on() -> None:
    text = "Jeg har vondt i magen og er redd."
    assert RULE.check(text, NO_WEIGHTS) == UrgentHint()
    assert RULE.check(text, _learned(0.5)).words == ("redd", "magen")  # exactly at it
    assert RULE.check(text, _learned(0.51)) == UrgentHint()


def test_the_learned_layer_names_at_most_three_words() -> None:
    model = Model(
        ("urgent",),
        (-1.0,),
        {"l:redd": (4.0,), "l:mage": (3.0,), "l:kvalm": (2.0,), "l:svimmel": (1.0,)},
    )
    hint = RULE.check(
        "Jeg er redd, kvalm, svimmel og har vondt i magen.",
        Weights(urgent=model, urgent_threshold=0.5),
    )
    assert hint.words == ("redd", "magen", "kvalm")  # not "svimmel", the fourth


def test_the_learned_layer_does_not_speak_where_a_flag_was_set_aside() -> None:
    # a negated sign is a finding: the learned layer is not asked
    hint = RULE.check("Det haster ikke, men jeg er redd.", _learned(0.0))
    assert hint == UrgentHint((), ("haster",))


@pytest.mark.parametrize(
    "text",
    [
        # the sign itself in the past tense, each ending of it
        "Jeg besvimte i fjor.",
        "Han blødde i mars.",
        "Eg svima i fjor.",
        "Han kollapset i fjor.",
        # or a past verb before it, each of them
        "Jeg hadde brystsmerter i fjor.",
        "Jeg var tungpust i fjor.",
        "Jeg fikk brystsmerter i fjor.",
        "Eg fekk brystsmerter i fjor.",
        "Jeg ble tungpust i fjor.",
        "Eg vart tungpust i fjor.",
        "Eg blei tungpust i fjor.",
        "Det har vore blødning i fjor.",
        "Jeg har hatt brystsmerter i fjor.",
        "Vi måtte ringe ambulanse i fjor.",
        "Han tok en overdose i fjor.",
        # an earlier occasion rather than a time
        "Jeg besvimte sist jeg fastet.",
        "Eg svima sist eg fasta.",
        "Han besvimte sist han fastet.",
        "Hun besvimte sist hun fastet.",
        "Ho besvima sist ho fasta.",
        "Vi besvimte begge sist vi fastet.",
        "Han besvimte sist gang.",
        "Jeg besvimte den gangen.",
        "Jeg besvimte forrige gang.",
        "Eg svima førre gong.",
    ],
)
def test_a_sign_told_as_a_past_episode_raises_no_hint(text: str) -> None:
    assert not urgent(text), RULE.check(text, NO_WEIGHTS)


@pytest.mark.parametrize(
    "text",
    [
        # in the present tense, with no past verb before it: it is happening
        "Jeg blør mye, akkurat som i fjor.",
        "Jeg besvimer, som i fjor.",
        "Jeg har brystsmerter som i fjor.",
        # a past episode that goes on or is back, each word for it
        "Jeg hadde blødning i fjor som ikke har stoppet.",
        "Jeg hadde brystsmerter i fjor, og nå er de her.",
        "Jeg hadde brystsmerter i fjor, no er dei her.",
        "Jeg hadde brystsmerter i fjor, men idag er de her.",
        "Jeg hadde brystsmerter i fjor og har dem fremdeles.",
        "Eg hadde brystsmerter i fjor og har dei framleis.",
        "Jeg hadde brystsmerter i fjor og har dem ennå.",
        "Eg hadde brystsmerter i fjor og har dei enno.",
        "Jeg hadde brystsmerter i fjor og har dem stadig.",
        "Jeg hadde brystsmerter i fjor og har dem fortsatt.",
        "Jeg hadde brystsmerter i fjor og har dem igjen.",
        # past, but neither a time gone by nor an earlier occasion
        "Jeg besvimte sist.",
        "Jeg besvimte en gang i dag.",
        "Jeg besvimte gang på gang.",
        "Jeg besvimte da jeg reiste meg.",
    ],
)
def test_a_past_sign_that_goes_on_or_is_recent_raises_the_hint(text: str) -> None:
    assert urgent(text), RULE.check(text, NO_WEIGHTS)


@pytest.mark.parametrize(
    "text",
    [
        # a referral's priority, each word for the referral
        "Legen skrev akutt på henvisningen.",
        "Det står haster på søknaden.",
        # in hospital's care already, each form of the word
        "Han er innlagt etter brystsmerter.",
        "Ho er innlagd etter brystsmerter.",
        "Dei innlagde han med brystsmerter i går.",
        # a habit, the past tense of "pleie" too
        "Mor pleide å bli helt forvirret om kvelden.",
        "Mor blir ofte helt forvirret om kvelden.",
        # named as a past event, right after "etter" at the start of the message
        "Etter blødningen i fjor bor han på sykehjem.",
        "Etter blødningen i mars bor han på sykehjem.",
        # resolved in its sentence, without a "men"
        "Jeg hadde brystsmerter i natt, det er borte nå.",
        "Jeg hadde brystsmerter i natt, den er borte nå.",
        "Jeg hadde brystsmerter i natt, alt er borte nå.",
        # a past episode: what the patient no longer does since is no sign that it goes on
        "Jeg hadde et hjerneslag i fjor og har ikke kjørt bil siden.",
        "Jeg besvimte sidst jeg fastet.",
        # known for years, told first
        "I mange år har jeg vært tungpust.",
        # a risk asked about with "risikere"
        "Risikerer jeg blødning etter inngrepet?",
        "Risikerer man blødning etter biopsien?",
    ],
)
def test_more_signs_set_aside(text: str) -> None:
    assert not urgent(text), RULE.check(text, NO_WEIGHTS)


@pytest.mark.parametrize(
    "text",
    [
        # negated, but brought back in the night ("natta" reads as "natt")
        "Jeg har ikke hatt brystsmerter, men i natta kom de.",
        # a habit, but the worst now
        "Mor blir ofte helt forvirret, og dette er det verste.",
        # referred, but not because of the sign; or the sign came suddenly
        "Jeg ble henvist og har blod i avføringen.",
        "Jeg ble henvist fordi jeg har blod i avføringen, som kom plutselig.",
        # a question after the sign is no sign that it went well
        "Jeg har brystsmerter. Er det greit å ta Paracet?",
        # "kommer" as the last word: someone coming, not recovering
        "Jeg har brystsmerter og legen kommer.",
    ],
)
def test_more_signs_that_stand(text: str) -> None:
    assert urgent(text), RULE.check(text, NO_WEIGHTS)


def test_the_built_in_flags_read_as_written() -> None:
    # a fresh rule, so the red flags are parsed in this test
    rule = UrgentRule()
    assert rule.check("Jeg har ingen brystsmerter.", NO_WEIGHTS) == UrgentHint(
        (), ("brystsmerter",)
    )
    # a flag that holds a negation itself is not negated by it
    assert rule.check("Jeg klarer ikke å puste.", NO_WEIGHTS).urgent
    # "orker ikke mer", unless the words say what one cannot bear more of
    assert rule.check("Jeg orker ikke mer.", NO_WEIGHTS).words == ("orker ikke mer",)
    assert not urgent("Jeg orker ikke å vente mer.", rule)
    assert not urgent("Jeg klarer ikke å gå mer enn hundre meter.", rule)


def test_a_quote_of_words_five_apart_names_the_words_alone() -> None:
    hint = RULE.check("Jeg har smerter som stråler opp i kjeven.", NO_WEIGHTS)
    assert hint.words == ("smerter … kjeven",)
    hint = RULE.check("Jeg har smerter som stråler i kjeven.", NO_WEIGHTS)
    assert hint.words == ("smerter som stråler i kjeven",)


@pytest.mark.parametrize(
    "text",
    [
        # a referral's priority, the nynorsk word for it inflected
        "Legen skreiv haster på tilvisinga.",
        # a worry ahead: the fear up to five words before the sign, the first word too, and
        # each inflected word of fear
        "Jeg er redd for at mor snart ikke klarer å puste.",
        "Redd for at jeg ikke får puste.",
        "Jeg er bekymret for at jeg ikke klarer å puste.",
        "Jeg frykter at jeg ikke klarer å puste.",
        # a time gone by at the very start of the sentence
        "For år siden besvimte jeg på jobben.",
        "For to år siden besvimte jeg på jobben.",
        # it went well, said right after the sign
        "Jeg hadde brystsmerter, gikk over etter en time.",
        # ... said further on, past a negation that belongs to something else
        "Jeg hadde brystsmerter i natt, ikke så sterke, og etter en time gikk det over.",
        # ... with a negation four words after it, or four before: another thought
        "Jeg hadde brystsmerter i natt, det gikk over, men etterpå sov jeg ikke.",
        "Jeg hadde brystsmerter i natt, ikke sterke, og etter litt gikk det over.",
        # waiting that cannot be borne ("orker ikke mer å vente"), not life
        "Jeg orker ikke mer å vente på time.",
    ],
)
def test_signs_set_aside_at_the_edges_of_their_windows(text: str) -> None:
    assert not urgent(text), RULE.check(text, NO_WEIGHTS)


@pytest.mark.parametrize(
    "text",
    [
        # a fear six words before the sign is another thought
        "Jeg er redd for at mor min snart ikke klarer å puste.",
        # a time six words after "etter <sign>" is not the sign's time
        "Etter krampene er han sløvere enn i fjor.",
        # "for en uke" with no "siden" is how long, not how long ago
        "Jeg fikk brystsmerter i natt og er sykmeldt for en uke til.",
        # a sign asked about that happened (inflected), not a risk ahead
        "Kunne jeg besvimt av blodtrykksmedisinen?",
        # asking whether the bleeding is as it should be: it is bleeding
        "Burde jeg blø så mye etter inngrepet?",
        "Skal jeg blø så mye etter inngrepet?",
        # a "men" before the sign says nothing about it being over
        "Jeg var på kontroll, men brystsmertene kom tilbake etter å ha vært borte en uke.",
        # a message cut off after "Men."
        "Jeg har brystsmerter. Men.",
        # what the sentence before says of something else
        "Utslettet er borte nå. Jeg har brystsmerter. Hilsen Kari.",
        # the sign alone in its sentence
        "Hemiparese.",
        # a flag set aside by its own exceptions hides no other sign in the sentence
        "Jeg orker ikke å vente mer og er kaldsvett.",
        # the end of a compound ("*smerte"), its written form inflected
        "Jeg er gravid og har sterke magesmerter.",
        # the sign's own verb is not "it went well"
        "Vannet gikk, alt er bra.",
        # a hope right before "gikk over", at the start of the next sentence
        "Jeg hadde brystsmerter. Kanskje det gikk over av seg selv.",
        # the words of a flag twelve words apart
        "Mor har hatt feber siden i går kveld, og i dag virker hun også litt forvirret.",
        "Han er stiv og har hatt vondt i hodet siden i går, også i nakken.",
        # what the sentence before says is over ("Men det er borte nå") is not this sign
        "Jeg hadde vondt i magen i går. Men det er borte nå. Nå har jeg brystsmerter. Hilsen Kari.",
        # "orker ikke mer", and another word than "å" before the exception
        "Jeg orker ikke mer og går bare rundt.",
        # the exception further on than the word after "å"
        "Jeg orker ikke mer å leve, gå på jobb og late som ingenting.",
        "Jeg orker ikke mer å ligge, sitte og stirre i veggen.",
        # a flag's first word without the others near, then again with them
        "Han var stiv i beina etter turen på søndag, og vi trodde det var støle muskler, "
        "men nå er han stiv i nakken.",
    ],
)
def test_signs_that_stand_at_the_edges_of_their_windows(text: str) -> None:
    assert urgent(text), RULE.check(text, NO_WEIGHTS)


@pytest.mark.parametrize(
    "text",
    [
        # the words of a flag thirteen words apart or more, in either order
        "Jeg er stiv etter treningen, og jeg lurer på om jeg kan ta med meg nakkeputen min "
        "til operasjonen.",
        "Nakkeputen min vil jeg gjerne ta med til operasjonen på fredag, fordi jeg alltid blir "
        "så stiv etter å ha ligget lenge.",
        # ... nor a word near that begins like one of them ("rar*": "rapporten")
        "Jeg snakker med fastlegen i morgen om rapporten fra blodprøvene i mars, og det var "
        "vanskelig å forstå brevet.",
        # words that begin like a sign ("snøvl*") or end like one ("*lammet")
        "Det snør ute, så jeg kommer kanskje litt for sent.",
        "Jeg ble rammet av influensa i går.",
    ],
)
def test_no_sign_at_all(text: str) -> None:
    assert RULE.check(text, NO_WEIGHTS) == UrgentHint(), RULE.check(text, NO_WEIGHTS)


def test_a_sites_phrase_matches_only_its_words_in_a_row() -> None:
    rule = UrgentRule(words=("svimmel og kvalm",))
    for text in (
        "Jeg er svimmel, og så kvalm.",
        "Jeg er kvalm og svimmel.",
        "Jeg er svimmel og trøtt.",
        "Jeg er svimmel og",
        "Jeg er svimmel.",
    ):
        assert rule.check(text, NO_WEIGHTS) == UrgentHint(), text
    # the first "svimmel" not followed by the rest; the second is
    hint = rule.check("Svimmel om morgenen, og om kvelden svimmel og kvalm.", NO_WEIGHTS)
    assert hint.words == ("svimmel og kvalm",)


def test_a_sites_phrase_with_a_negation_in_it_stands() -> None:
    # "ikke sove" is the sign itself, not a denied "sove"
    rule = UrgentRule(words=("ikke sove",))
    assert rule.check("Jeg kan ikke sove.", NO_WEIGHTS) == UrgentHint(("ikke sove",))
