"""The intent rules: the ways patients ask to move, cancel or chase an appointment.

Each rule reads one sentence (`tui.core.rules.language.Word`s with base form, negation, question)
and yields `Evidence`: a category, a weight, the rule's name and the patient's words that
decided. `tui.core.rules.classify` weighs what all rules found. Words in a negated clause count for
nothing ("jeg skal ikke avbestille"); a past report ("avbestilte", "dere flyttet timen") counts
little or for something else; "flytte" with a place ("flyttet til Bodø") is moving house.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from tui.core.model import Category
from tui.core.rules.language import MONTHS, NEGATIONS, Word, add_typo_targets
from tui.core.rules.month_names import MONTH_NAMES

APPOINTMENT = frozenset(
    [
        "time",
        "tid",
        "avtale",
        "kontroll",
        "konsultasjon",
        "undersøkelse",
        "operasjon",
        "utredning",
        "behandling",
        "oppfølging",
        "innkalling",
        "telefontime",
        "video",
        "samtale",
    ]
)
"""Words for the appointment itself (a word ending in "time" counts too: "legetime")."""


@dataclass(frozen=True)
class Evidence:
    """One intent rule found in a message: for which category, how strongly, from which words."""

    category: Category
    weight: float
    rule: str
    words: str
    told: bool = False
    """A past the patient tells ("jeg avbestilte", "jeg ventet"), not a wish: it weighs little
    and answers nothing before it."""


MONDAY_TO_SATURDAY = (
    "mandag",
    "måndag",
    "tirsdag",
    "tysdag",
    "onsdag",
    "torsdag",
    "fredag",
    "lørdag",
    "laurdag",
)
"""The days by name but Sunday, bokmål and nynorsk (a time reference names one of them)."""

TIME_REFERENCES = frozenset(
    [
        *MONDAY_TO_SATURDAY,
        "neste",
        "uke",
        "dag",
        "dato",
        *MONTH_NAMES,
        "ettermiddag",
        "formiddag",
        "kveld",
        "morgen",
        "tidlig",
        "sen",
        "før",
        "etter",
        "kl",
        "klokka",
        "klokken",
        "jul",
        "påske",
        "nyttår",
        "sommer",
        "ferie",
        "høst",
        "vår",
        "vinter",
    ]
)
"""Words that place a wished-for time: weekdays, months, "neste uke", "etter kl 12"."""


def _time_reference(word: Word) -> bool:
    return word.lemma in TIME_REFERENCES or word.text[:1].isdigit()


def appointment(word: Word) -> bool:
    """True for a word naming the appointment ("timen", "kontrollen", "legetimen")."""
    return word.lemma in APPOINTMENT or (word.lemma.endswith("time") and len(word.lemma) > 4)


def _phrase(words: Sequence[Word], start: int, end: int) -> str:
    return " ".join(word.text for word in words[max(start, 0) : end + 1])


def _near(words: Sequence[Word], index: int, span: int, test: Callable[[Word], bool]) -> int:
    """The index of a word within `span` words of `index` (either side) passing `test`, or -1."""
    for other in range(max(index - span, 0), min(index + span + 1, len(words))):
        if other != index and test(words[other]):
            return other
    return -1


def _after(words: Sequence[Word], index: int, span: int, test: Callable[[Word], bool]) -> int:
    for other in range(index + 1, min(index + span + 1, len(words))):
        if test(words[other]):
            return other
    return -1


def _before(words: Sequence[Word], index: int, span: int, test: Callable[[Word], bool]) -> int:
    for other in range(index - 1, max(index - span - 1, -1), -1):
        if test(words[other]):
            return other
    return -1


def _is_past(words: Sequence[Word], index: int) -> bool:
    """True for a past form the patient reports, not a request.

    Past: "avbestilte", "har flyttet", "ble flyttet"; a request: "få flyttet", "kan flyttes",
    "blir avbestilt", "ønsker timen avbestilt".
    """
    word = words[index]
    if word.text == word.lemma or word.text.endswith(("es", "ast", "s")):
        return False
    if index and words[index - 1].text == "ha":
        return True  # "kan ha avbestilt", "skulle ha flyttet": a perfect, past
    if _before(words, index, 3, lambda w: w.text in ("få", "bli", "blir", "må", "kan")) >= 0:
        return False  # as written: "ble flyttet" is past
    if _before(words, index, 4, _wish) >= 0:
        return False  # "jeg ønsker timen avbestilt"
    if _before(words, index, 3, lambda w: w.text in ("ble", "vart", "blei")) >= 0:
        return True
    if word.text.endswith(("te", "et", "de", "dd")):
        return True
    if word.text.endswith("a"):
        return word.lemma.endswith("e")  # nynorsk "flytta", "venta"
    # "avbestilt" is past; "avslutt", "slett" are the imperative (the base form cut short)
    return word.text.endswith("t") and not word.lemma.startswith(word.text)


def _by_hospital(words: Sequence[Word], index: int) -> bool:
    """The hospital did it ("dere avlyste", "ble flyttet"): a report, not the patient's wish."""
    if not _is_past(words, index):
        return False
    return _before(words, index, 3, lambda w: w.is_("dere", "de", "sykehuset", "ble", "vart")) >= 0


# The intent rules. Each takes the sentences of a message and yields what it finds.
Rule = Callable[[Sequence[Word]], Iterable[Evidence]]
RULES: list[Rule] = []
"""Every intent rule, in the order they are tried."""


def _rule(function: Rule) -> Rule:
    RULES.append(function)
    return function


CANCEL_VERBS = frozenset({"avbestille", "avlyse", "kansellere", "annullere", "avmelde"})
REMOVE_VERBS = frozenset({"slette", "stryke", "fjerne", "droppe"})
CHANGE_VERBS = frozenset(
    {
        "flytte",
        "endre",
        "bytte",
        "utsette",
        "forskyve",
        "ombestille",
        "omberamme",
        "framskynde",
        "fremskynde",
        "fremskyve",
        "framskyve",
    }
)
NEED_WORDS = frozenset({"trenge", "trenges", "behov", "bruk", "nødvendig", "aktuell"})
WANT_WORDS = frozenset({"ønske", "ville", "skulle"})
COME_WORDS = frozenset({"komme", "møte"})
BETTER_WORDS = frozenset({"frisk", "bedring", "ferdigbehandle", "ferdigbehandlet", "løse", "over"})
ELSEWHERE_WORDS = frozenset({"privat", "privatklinikk", "behandlingsvalg"})
DEATH_WORDS = frozenset({"dø", "død", "avdød", "bortgang"})
DOCUMENTS = frozenset(
    {"brev", "papir", "kopi", "attest", "dokumentasjon", "kvittering", "epikrise", "erklæring"}
)
"""Papers a patient may wait for or need, which are not the appointment."""
WAIT_WORDS = frozenset({"vente", "ventetid", "venteliste", "kø"})
OTHER_TOPICS = frozenset(
    [
        "resept",
        "parkere",
        "parkering",
        "epikrise",
        "sykemelding",
        "egenmelding",
        "journal",
        "innsyn",
        "faktura",
        "regning",
        "gebyr",
        "egenandel",
        "frikort",
        "tolk",
        "adresse",
        "telefonnummer",
        "nummer",
        "kantine",
        "inngang",
        "etasje",
        "prøvesvar",
        "resultat",
        "klage",
        "medisin",
        "tablett",
        "pasientreise",
        "reise",
        "ledsager",
        "faste",
        "spise",
        "forberede",
        "navn",
        "brille",
        "kollektivtransport",
        "åpningstid",
        "resepsjon",
        "hund",
        "sårstell",
        "trene",
        "gips",
        "bil",
        "prøve",
        "blodprøve",
        "celleprøve",
        "papir",
        "bilde",
        "tannlege",
        "arbeidsgiver",
        "dokumentasjon",
        "attest",
        "forsikring",
        "konto",
        "bank",
    ]
)
"""Topics that are not about moving, cancelling or chasing an appointment."""

PERSONAL_DATA = ("navn", "nummer", "adresse", "konto")
"""Ends of words for what a patient may ask to have changed in the records ("etternavn",
"kontonummer", "e-postadresse"): changing them is not changing the appointment."""


@_rule
def _cancel_verbs(words: Sequence[Word]) -> Iterable[Evidence]:
    for index, word in enumerate(words):
        if word.lemma in CANCEL_VERBS or word.lemma == "avbestilling":
            if word.negated or word.reported:
                continue  # "jeg skal ikke avbestille", "ikke avlys timen"
            if _before(words, index, 4, lambda w: w.is_("noen", "andre", "nokon")) >= 0:
                continue  # "hvis noen avbestiller", "noen kan jo ha avbestilt": someone else's
            if index and words[index - 1].is_("en", "et", "ein", "eit", "den", "ei"):
                continue  # "en avlyst time": a slot someone else gave up
            if _by_hospital(words, index):
                yield Evidence(Category.ANNET, 1.0, "annet/sykehuset-avlyste", word.text)
                continue
            reported = _is_past(words, index) or (
                word.lemma == "avbestilling" and _before(words, index, 2, _past_sending) >= 0
            )  # "jeg avbestilte i god tid", "jeg sendte avbestilling to dager før"
            weight = 1.0 if reported else 3.5
            yield Evidence(Category.AVBESTILLING, weight, "avbestilling/ord", word.text, reported)
        elif (
            word.lemma in REMOVE_VERBS
            and not word.negated
            and not word.reported
            and not _is_past(words, index)  # "timen ble slettet ved en feil": told
        ):
            # "slett timen", "fjern den", "stryk meg", "timen kan strykes"; not "time for å
            # fjerne en føflekk" (something else is removed)
            target = _after(
                words, index, 3, lambda w: _offered(w) or w.is_("jeg", "den", "min", "mi", "mitt")
            )
            if target < 0 and word.lemma == "droppe":
                # "jeg dropper det", "dropper hele greia": said of the appointment
                target = _after(words, index, 2, lambda w: w.is_("den", "hel", "greie", "alt"))
            if target < 0 and not _starts_object(words, index):
                # passive: "timen kan strykes", "ultralydtimen 7. mars kan slettast"
                target = _before(words, index, 5, appointment)
            if target < 0 and len(words) == 1:
                target = index  # the imperative alone: "Slett."
            if target >= 0:
                yield Evidence(
                    Category.AVBESTILLING,
                    3.0,
                    "avbestilling/fjerne-timen",
                    _phrase(words, min(index, target), max(index, target)),
                )


RENOUNCE_VERBS = frozenset({"avstå", "frasi", "avslå"})
"""Verbs of giving up what is offered (the appointment, the treatment, the place in the queue)."""


def _offered(word: Word) -> bool:
    """The appointment, the treatment or the offer of it: what a patient may give up."""
    return appointment(word) or word.is_(
        "tilbud", "plass", "venteliste", "liste", "kø", "henvisning"
    )


def _past_sending(word: Word) -> bool:
    """A past form of sending or giving notice: "sendte", "har sendt", "ga", "meldte"."""
    return word.text in ("sendte", "sendt", "ga", "gav", "gitt", "meldte", "meldt", "sende")


def _starts_object(words: Sequence[Word], index: int) -> bool:
    """An article or a noun follows the verb: it acts on something named after it."""
    return index + 1 < len(words) and words[index + 1].is_("en", "et", "ei", "noen", "alle")


@_rule
def _give_up(words: Sequence[Word]) -> Iterable[Evidence]:
    """Finds "si fra meg timen", "melde meg av", "takke nei", "ta meg av lista", "avslutte"."""
    for index, word in enumerate(words):
        if word.negated:
            continue
        nxt = words[index + 1].lemma if index + 1 < len(words) else ""
        if (
            word.lemma in ("si", "gi", "seie")
            and _after(words, index, 3, lambda w: w.is_("fra", "frå")) >= 0
        ):
            if _near(words, index, 5, appointment) >= 0:
                yield Evidence(Category.AVBESTILLING, 3.0, "avbestilling/si-fra", word.text)
        elif (
            word.lemma in ("gi", "gå")
            and _after(words, index, 4, lambda w: w.is_("annen", "andre", "noen")) >= 0
            and (word.lemma == "gi" or _after(words, index, 1, lambda w: w.is_("til")) >= 0)
        ):
            if _near(words, index, 4, appointment) >= 0:
                yield Evidence(Category.AVBESTILLING, 3.0, "avbestilling/gi-bort", word.text)
        elif word.lemma == "gi" and _after(words, index, 3, lambda w: w.is_("bort", "vekk")) >= 0:
            # "gi den bort", "gi bort timen": the appointment is what is given
            if _near(words, index, 4, appointment) >= 0 or nxt in ("den", "han", "ho"):
                yield Evidence(Category.AVBESTILLING, 3.0, "avbestilling/gi-bort", word.text)
        elif word.lemma in RENOUNCE_VERBS and not word.reported and not _is_past(words, index):
            # "avstå fra operasjonen", "frasi meg timen", "avslå tilbudet"; not "avstå fra mat
            # før undersøkelsen": what is given up is named right after
            start = index + 1
            if start < len(words) and words[start].is_("fra", "frå", "meg", "seg"):
                start += 1
            if any(_offered(w) for w in words[start : start + 3]):
                yield Evidence(Category.AVBESTILLING, 3.0, "avbestilling/avstå", word.text)
        elif (
            word.lemma == "melde"
            and _after(words, index, 2, lambda w: w.is_("av", "ut", "forfall", "avbud")) >= 0
        ):
            if nxt in ("jeg", "av"):
                yield Evidence(Category.AVBESTILLING, 3.0, "avbestilling/melde-av", word.text)
            else:  # "melde forfall/avbud": cannot come, which a wish for a new time makes a change
                yield Evidence(Category.AVBESTILLING, 2.5, "avbestilling/kommer-ikke", word.text)
        elif word.lemma == "takke" and nxt == "nei":
            yield Evidence(Category.AVBESTILLING, 3.0, "avbestilling/takke-nei", "takke nei")
        elif (
            word.lemma in ("si", "seie") and nxt == "nei" and _after(words, index, 5, _offered) >= 0
        ):
            # "si nei (takk) til operasjonen"
            yield Evidence(Category.AVBESTILLING, 3.0, "avbestilling/takke-nei", "si nei")
        elif (
            word.lemma == "bruke"
            and _after(words, index, 4, lambda w: w.is_("annen", "andre", "noen")) >= 0
            and _near(words, index, 4, appointment) >= 0
        ):
            # "timen kan brukes av en annen"
            yield Evidence(Category.AVBESTILLING, 3.0, "avbestilling/gi-bort", word.text)
        elif word.lemma in ("avslutte", "trekke", "reservere") and not word.reported:
            if word.lemma == "avslutte" and _is_past(words, index):
                continue
            if word.lemma == "trekke" and (
                _is_past(words, index)
                or _after(words, index, 3, lambda w: _offered(w) or w.is_("jeg", "seg")) < 0
            ):
                continue  # "trekk meg frå lista", "trekke henvisningen"; not "ble trukket ned"
            yield Evidence(Category.AVBESTILLING, 3.0, "avbestilling/avslutte", word.text)
        elif (
            word.lemma == "ta"
            and _after(words, index, 3, lambda w: w.is_("av", "bort")) >= 0
            and _after(words, index, 5, _offered) >= 0
        ) or (
            word.is_("ha", "få")
            and nxt == "jeg"
            and _after(words, index, 3, lambda w: w.is_("av", "ut")) >= 0
            and _after(words, index, 5, lambda w: w.is_("liste", "venteliste", "kø")) >= 0
        ):
            # "ta meg av lista", "vil bare ha meg av listen", "få meg ut av køen"
            yield Evidence(Category.AVBESTILLING, 3.0, "avbestilling/ta-av-lista", word.text)


@_rule
def _not_needed(words: Sequence[Word]) -> Iterable[Evidence]:
    """Finds "trenger ikke timen", "ikke behov", "ønsker ikke ny time", "skal ikke ha timen"."""
    for index, word in enumerate(words):
        if not word.negated:
            continue
        if word.lemma in NEED_WORDS:
            yield Evidence(Category.AVBESTILLING, 3.5, "avbestilling/trenger-ikke", word.text)
        elif word.lemma == "bruke" and (
            _after(words, index, 3, appointment) >= 0
            or (_ends_clause(words, index) and any(appointment(w) for w in words[:index]))
        ):
            # "vil ikke bruke timen", "timen som jeg ikke kommer til å bruke": not needed;
            # not "kan ikke bruke linser" (something else is not used)
            yield Evidence(Category.AVBESTILLING, 3.0, "avbestilling/trenger-ikke", word.text)
        elif word.lemma == "interessere" and _after(words, index, 4, _offered) >= 0:
            # "ikke interessert i denne timen / i tilbudet"
            yield Evidence(Category.AVBESTILLING, 3.0, "avbestilling/trenger-ikke", word.text)
        elif word.lemma in WANT_WORDS or word.text == "ha":
            target = _after(
                words,
                index,
                5,
                lambda w: (
                    w.lemma in ("ha", "møte", "komme", "venteliste", "liste") or appointment(w)
                ),
            )
            if target < 0 and _after(words, index, 4, lambda w: w.is_("stå", "være", "bli")) >= 0:
                # "ønsker ikke lenger å stå på venteliste": the list may stand further off
                target = _after(words, index, 7, lambda w: w.is_("venteliste", "liste", "kø"))
            if target >= 0 and _after(words, index, target - index, _losing) >= 0:
                continue  # "vil ikke miste plassen i køen": a wish to keep it
            if target >= 0 and _after(words, index, target - index, _cancelling) >= 0:
                # "jeg vil ikke avbestille timen": what is not wanted is the cancellation
                yield Evidence(
                    Category.ANNET, 2.5, "annet/vil-ikke-avbestille", _phrase(words, index, target)
                )
                continue
            if target >= 0 and _after(words, index, target - index, _able) >= 0:
                continue  # "vil ikke kunne møte": cannot, not will not (`_not_coming`)
            if target >= 0 and (word.lemma != "ha" or appointment(words[target])):
                yield Evidence(
                    Category.AVBESTILLING,
                    3.0,
                    "avbestilling/vil-ikke-ha",
                    _phrase(words, index, target),
                )
        elif word.lemma == "ta" and _after(words, index, 2, _offered) >= 0:
            # "har bestemt meg for å ikke ta operasjonen"
            yield Evidence(Category.AVBESTILLING, 3.0, "avbestilling/vil-ikke-ha", word.text)
        elif (
            word.lemma == "vente"
            and _near(words, index, 2, lambda w: w.is_("lenger", "lengre")) >= 0
        ):
            # "jeg venter ikke lenger på operasjonen"
            yield Evidence(Category.AVBESTILLING, 3.0, "avbestilling/vil-ikke-ha", word.text)
        elif word.lemma == "bli" and _after(words, index, 2, appointment) >= 0:
            # "det blir ingen time på meg"
            yield Evidence(Category.AVBESTILLING, 3.0, "avbestilling/vil-ikke-ha", word.text)
        elif word.lemma == "gå" and _after(words, index, 1, lambda w: w.is_("videre")) >= 0:
            yield Evidence(Category.AVBESTILLING, 3.0, "avbestilling/vil-ikke-ha", "gå videre")
        elif (
            word.lemma == "ny"
            and _after(words, index, 1, appointment) >= 0
            and _before(words, index, 3, lambda w: w.lemma in WANT_WORDS) >= 0
        ):
            yield Evidence(Category.AVBESTILLING, 3.0, "avbestilling/ikke-ny-time", "ikke ny time")
        elif (
            word.is_("sette", "sett")
            and _after(words, index, 2, lambda w: w.is_("opp")) >= 0
            and _after(words, index, 4, lambda w: w.is_("ny", "jeg", "igjen")) >= 0
            and not word.question
        ):
            # "ikke sett opp noe nytt", "ikkje set opp ny", "ikke sett meg opp igjen"
            yield Evidence(
                Category.AVBESTILLING,
                3.0,
                "avbestilling/ikke-ny-time",
                _phrase(words, index, index + 1),
            )


def _ends_clause(words: Sequence[Word], index: int) -> bool:
    """True when nothing of its clause follows the word."""
    return index + 1 >= len(words) or words[index + 1].clause != words[index].clause


def _opens_clause(words: Sequence[Word], index: int) -> bool:
    """True when the word at `index` begins its clause."""
    return index == 0 or (index > 0 and words[index - 1].clause != words[index].clause)


def _the_appointment(word: Word) -> bool:
    return appointment(word) or word.is_("den", "han", "ho")


def _cancelling(word: Word) -> bool:
    return word.lemma in CANCEL_VERBS or word.lemma in REMOVE_VERBS


def _losing(word: Word) -> bool:
    return word.is_("miste", "tape", "glippe", "gå glipp")


def _able(word: Word) -> bool:
    return word.is_("kunne", "kan", "klare", "rekke", "få")


@_rule
def _not_coming(words: Sequence[Word]) -> Iterable[Evidence]:
    """Finds "kommer ikke", "møter ikke", "kan ikke komme": cannot attend.

    A cancellation, or with a wish for another time, a change (`classify` moves it there).
    """
    for index, word in enumerate(words):
        joins = word.lemma == "bli" and _after(words, index, 2, lambda w: w.is_("med")) >= 0
        if word.text == "kan" and word.negated and not word.question:
            # "den dagen kan jeg ikke": cannot, with nothing after in the clause
            rest = [w for w in words[index + 1 :] if w.clause == word.clause]
            if all(w.lemma in ("jeg", "ikke", "dessverre", "da") for w in rest) and any(
                _time_reference(w) or w.is_("da", "den") for w in words[:index]
            ):
                yield Evidence(Category.AVBESTILLING, 1.0, "avbestilling/kommer-ikke", "kan ikke")
            continue
        if (
            word.lemma == "regne"
            and word.negated
            and _after(words, index, 1, lambda w: w.is_("med")) >= 0
            and _after(words, index, 2, lambda w: w.is_("jeg", "oss")) >= 0
        ):
            # "ikke regn med meg på torsdag": not coming
            yield Evidence(Category.AVBESTILLING, 2.5, "avbestilling/kommer-ikke", word.text)
            continue
        if (
            word.lemma in ("orke", "rekke")
            and word.negated
            and _after(words, index, 2, _the_appointment) >= 0
        ):
            # "orker ikke den / timen": cannot face it; "rekker ikke timen": cannot make it
            yield Evidence(Category.AVBESTILLING, 2.5, "avbestilling/kommer-ikke", word.text)
            continue
        if (word.lemma not in COME_WORDS and not joins) or not word.negated:
            continue
        if word.lemma == "komme" and _after(words, index, 2, lambda w: w.is_("gjennom")) >= 0:
            continue
        if word.lemma == "komme" and _future(words, index):
            continue  # "kjem ikkje til å kunne køyre": the verb after "til å" says what
        if word.text in ("møtt", "møtte", "kommet", "kom") and not (
            _before(words, index, 3, lambda w: w.is_("kunne", "skulle", "ville", "måtte", "ska"))
            >= 0
        ):
            # "ikke møtt", "kom ikke": a past no-show (a bill, a complaint), not a notice;
            # not the dialect infinitive "ska ikkje kom"
            yield Evidence(Category.ANNET, 1.0, "annet/ikke-møtt", word.text)
            continue
        able = _before(words, index, 4, lambda w: w.is_("kunne", "kan", "klare", "få", "rekke"))
        weight = 1.0 if able >= 0 else 2.5
        if _near(words, index, 3, lambda w: w.is_("lenger", "lengre", "meir", "mer")) >= 0:
            weight = 3.0  # "kan ikke lenger komme": for good, not this once
        negation = _before(words, index, 4, lambda w: w.lemma in ("ikke", "ingen"))
        start = negation if 0 <= negation < index else index
        yield Evidence(
            Category.AVBESTILLING,
            weight,
            "avbestilling/kommer-ikke",
            _phrase(words, start, index if start < index else index + 1),
        )


def _future(words: Sequence[Word], index: int) -> bool:
    """True for "kommer til å" + a verb: the future of that verb, not coming anywhere.

    "jeg kommer ikke til å kunne kjøre", "ingen kommer til å savne henne"; what is (not) done
    is the verb after "til å" ("kommer ikke til å møte" is found by "møte").
    """
    to = index + 1
    while to < len(words) and words[to].lemma in NEGATIONS | {"nok", "sikkert", "jo"}:
        to += 1
    return to + 1 < len(words) and words[to].is_("til", "te") and words[to + 1].is_("å")


@_rule
def _better_or_elsewhere(words: Sequence[Word]) -> Iterable[Evidence]:
    """Well again, treated elsewhere, moved away, deceased: the appointment is not needed."""
    for index, word in enumerate(words):
        if word.negated:
            continue
        if (
            word.is_("ferdig")
            and _after(words, index, 3, lambda w: w.is_("behandling", "utredning", "kur")) >= 0
        ):
            # "e ferdig med behandlinga": the appointment is not needed
            yield Evidence(Category.AVBESTILLING, 1.5, "avbestilling/frisk", word.text)
        elif word.lemma in BETTER_WORDS or (
            word.lemma in ("bra", "god", "bedre")
            and _before(words, index, 3, _became) >= 0
            and _before(words, index, 2, lambda w: w.is_("passe")) < 0  # "passer bedre"
        ):
            if word.lemma == "over" and _before(words, index, 2, lambda w: w.is_("gå")) < 0:
                continue
            weight = 1.5 if word.lemma in BETTER_WORDS else 1.0
            yield Evidence(Category.AVBESTILLING, weight, "avbestilling/frisk", word.text)
        elif (
            word.text in _TREATED
            and _near(words, index, 3, lambda w: w.is_("allerede", "alt", "nettopp")) >= 0
        ):
            # "har allerede blitt behandlet ved Haukeland", "er alt operert"
            yield Evidence(Category.AVBESTILLING, 2.5, "avbestilling/annet-sted", word.text)
        elif word.lemma in ELSEWHERE_WORDS or (
            word.lemma in ("sykehus", "sted") and _before(words, index, 2, _other) >= 0
        ):
            yield Evidence(Category.AVBESTILLING, 1.5, "avbestilling/annet-sted", word.text)
        elif word.lemma == "miste" and _after(words, index, 3, lambda w: w.is_(*_FAMILY)) >= 0:
            # "vi har mistet far": died
            yield Evidence(Category.AVBESTILLING, 3.5, "avbestilling/død", word.text)
        elif word.lemma in DEATH_WORDS or (
            word.lemma in ("gå", "sovne")
            and _after(words, index, 1, lambda w: w.is_("bort", "inn")) >= 0
            and (_is_past(words, index) or word.text in ("gikk", "gjekk", "gått"))
        ):
            # "døde", "har gått bort", "sovnet inn"
            yield Evidence(Category.AVBESTILLING, 3.5, "avbestilling/død", word.text)


_FAMILY = (
    "far",
    "mor",
    "pappa",
    "mamma",
    "mann",
    "kone",
    "sønn",
    "son",
    "datter",
    "dotter",
    "bror",
    "søster",
    "syster",
    "bestefar",
    "bestemor",
    "samboer",
    "ektemann",
)
"""Family a patient writes for: "mistet far" is a death in the family."""

_TREATED = frozenset(
    {"behandlet", "behandla", "operert", "undersøkt", "utredet", "utreda", "fikset", "ordnet"}
)
"""Participles of being treated: "allerede behandlet" makes the appointment needless."""


def _became(word: Word) -> bool:
    return word.is_("bli", "blitt", "ha", "har", "være", "er", "mye", "e", "det")


def _other(word: Word) -> bool:
    return word.is_("annen", "annet", "anna", "annan", "andre", "nytt")


def _moves_house(words: Sequence[Word], index: int) -> bool:
    """True for moving house: "flyttet til Bodø", "flytter utenlands", "har flyttet.".

    Not for moving the appointment: "flytte timen", "flytte den til fredag", "kan den flyttes?".
    """
    clause = words[index].clause

    def here(test: Callable[[Word], bool]) -> Callable[[Word], bool]:
        return lambda w: w.clause == clause and test(w)

    if (
        _after(
            words,
            index,
            3,
            here(lambda w: appointment(w) or w.is_("den", "dei", "det", "dem", "deres", "begge")),
        )
        >= 0
    ):
        return False
    if _before(words, index, 3, here(lambda w: appointment(w) or w.is_("den"))) >= 0:
        return False
    if _near(words, index, 3, lambda w: w.is_("utenlands", "hjem", "kommune", "adresse")) >= 0:
        return True
    following = words[index + 1] if index + 1 < len(words) else None
    if following is None or following.clause != clause:
        if _before(words, index, 2, here(_wish)) >= 0:
            return False  # "jeg ønsker å flytte.", "kan dere flytte?": asked, the appointment
        if _before(words, index, 2, here(lambda w: w.is_("jeg", "vi", "me", "eg"))) >= 0:
            return True  # "vi har flytta", "jeg flyttet.": nothing moved but the patient
    place = _after(words, index, 3, lambda w: w.is_("til", "te", "fra", "frå"))
    if place >= 0 and place + 1 < len(words):
        return not _time_reference(words[place + 1]) and not appointment(words[place + 1])
    return not any(appointment(w) for w in words)


@_rule
def _change(words: Sequence[Word]) -> Iterable[Evidence]:
    """Finds "flytte", "endre", "bytte", "utsette": moving the appointment (not house)."""
    for index, word in enumerate(words):
        if word.lemma in CHANGE_VERBS:
            if word.negated or word.reported:
                continue
            if word.lemma == "flytte" and _moves_house(words, index):
                yield Evidence(Category.AVBESTILLING, 1.0, "avbestilling/flyttet", word.text)
                continue
            if _by_hospital(words, index) or (word.lemma == "endre" and _is_past(words, index)):
                yield Evidence(Category.ANNET, 1.5, "annet/sykehuset-flyttet", word.text)
                continue
            if _is_past(words, index) and _before(words, index, 2, _subject) >= 0:
                # "jeg flyttet timen via Helsenorge i går": done, told, not asked for
                yield Evidence(Category.ENDRING, 1.0, "endring/ord", word.text, told=True)
                continue
            changed = _changed_thing(words, index)
            if changed >= 0:
                # "byttet bank", "endre etternavnet", "bytte fastlege": not the appointment
                yield Evidence(
                    Category.ANNET, 2.5, "annet/endre-annet", _phrase(words, index, changed)
                )
                continue
            yield Evidence(Category.ENDRING, 3.5, "endring/ord", word.text)
        elif word.lemma == "endring" and not word.negated:
            yield Evidence(Category.ENDRING, 3.0, "endring/ord", word.text)
        elif (
            word.is_("gjøre", "gjøres", "legge", "ta")
            and _after(words, index, 3, lambda w: w.is_("om", "over")) >= 0
        ) and _near(words, index, 6, lambda w: w.starts("video", "telefon", "digital")) >= 0:
            yield Evidence(Category.ENDRING, 3.0, "endring/gjøre-om", word.text)


def _changed_thing(words: Sequence[Word], index: int) -> int:
    """The index of what a change verb changes when that is not the appointment, or -1.

    "byttet bank", "endre navnet mitt", "bytte fastlege", "navnet må endres"; -1 when the
    appointment or a time stands there ("bytte timen", "endre til fredag").
    """
    clause = words[index].clause
    span = [
        i
        for i in range(max(index - 3, 0), min(index + 4, len(words)))
        if i != index and words[i].clause == clause
    ]
    if any(appointment(words[i]) or _time_reference(words[i]) for i in span):
        return -1
    return next((i for i in span if not_the_appointment(words[i])), -1)


def names_a_day(word: Word) -> bool:
    """True for a weekday, a month, a date or "dag", "uke", "dato": a time on the calendar."""
    if word.lemma in MONTHS or word.text[:1].isdigit():
        return True
    return word.lemma in TIME_REFERENCES and word.lemma not in TIMING and word.lemma != "neste"


WEEKDAYS = frozenset((*MONDAY_TO_SATURDAY, "søndag", "sundag"))

IMPERATIVES = frozenset(
    {
        "gi",
        "gje",
        "ta",
        "sett",
        "set",
        "legg",
        "finn",
        "send",
        "ring",
        "skriv",
        "book",
        "bestill",
        "bytt",
        "skyv",
        "la",
        "hold",
        "gjør",
        "gjer",
    }
)
"""Imperatives the dictionaries read as other words ("ring", "legg") or that are short."""

_GREETING_OR_LINK = ("hei", "hallo", "og", "så", "da", "bare", "berre", "ikke", "vær", "snill")


def asks_unread(words: Sequence[Word]) -> list[str]:
    """Signs that a message wants something about a time that no rule has read, as written.

    An imperative opening a sentence ("Gi meg en torsdag", "Ikke sett opp noe"), a weekday or
    a date ("torsdag", "12. januar"), a verb of giving something up ("dropper", "gir opp",
    "kutter ut", "hopper over"). Where no wish was found, `annet` is then never sure: finding
    nothing is no evidence when the patient plainly asks or names a time.
    """
    signs: list[str] = []
    for index, word in enumerate(words):
        if word.lemma in WEEKDAYS or word.lemma in MONTHS or _date(words, index):
            signs.append(word.text)
        elif word.lemma == "droppe" or (
            word.starts("gi", "ga", "kutt", "hopp")
            and _after(words, index, 1, lambda w: w.is_("opp", "ut", "over")) >= 0
        ):
            signs.append(_phrase(words, index, index + 1))
        elif _imperative(words, index):
            signs.append(word.text)
    return list(dict.fromkeys(signs))


def _date(words: Sequence[Word], index: int) -> bool:
    """A date or a clock time: "12.01", "3/4", "12." before a month, "kl 10"."""
    word = words[index]
    if not word.text[:1].isdigit():
        return False
    return (
        any(c in word.text for c in ".:/")
        or (index + 1 < len(words) and words[index + 1].lemma in MONTHS)
        or (index > 0 and words[index - 1].is_("kl", "klokka", "klokken"))
    )


def _imperative(words: Sequence[Word], index: int) -> bool:
    """True for a verb in the imperative opening its sentence ("Flytt den", "Gi meg ...")."""
    word = words[index]
    if word.question:
        return False
    start = index
    while start > 0 and words[start - 1].sentence == word.sentence:
        start -= 1
    if any(not w.is_(*_GREETING_OR_LINK) for w in words[start:index]):
        return False
    return word.text in IMPERATIVES or (
        len(word.text) >= 3 and word.lemma.endswith("e") and word.text == word.lemma[:-1]
    )


def not_the_appointment(word: Word) -> bool:
    """Things patients change that are not the appointment: records, bank, doctor, glasses."""
    return (
        _other_topic(word)
        or (word.lemma.endswith(PERSONAL_DATA) and len(word.lemma) >= 4)
        or word.is_("lege", "fastlege", "behandler", "bank")
    )


@_rule
def _still_needed(words: Sequence[Word]) -> Iterable[Evidence]:
    """Finds "trenger fortsatt å komme", "trenger framleis time": care still needed.

    Little by itself (a chase says it too); but whatever else the message cancels, a patient
    who still needs the appointment wants another one, which is a change (`classify` moves the
    cancellation there: its text would close the referral). Not when asked: "lurer på om jeg
    fortsatt trenger EKG-en", "trenger jeg fortsatt ...?".
    """
    for index, word in enumerate(words):
        if (
            _cancelling(word)
            and _opens_clause(words, index - 1)
            and words[index - 1].is_("ikke")
            and _after(words, index, 2, lambda w: _offered(w) or w.is_("jeg")) >= 0
        ):
            # "Ikke stryk meg!", "ikkje slett timen": keep me, the imperative denied
            yield Evidence(
                Category.ENDRING, 1.0, "endring/trenger-fortsatt", _phrase(words, index - 1, index)
            )
            continue
        needs = word.lemma in NEED_WORDS or (
            word.text == "ha" and _after(words, index, 2, appointment) >= 0
        )  # "trenger fortsatt time", "vil fortsatt ha time"
        if not needs or word.negated:
            continue
        if _before(words, index, 3, lambda w: w.is_("om")) >= 0 or (
            word.question and _after(words, index, 1, _subject) >= 0
        ):
            continue
        if _near(words, index, 2, lambda w: w.is_("fortsatt", "fremdeles", "framleis")) >= 0:
            yield Evidence(
                Category.ENDRING, 1.0, "endring/trenger-fortsatt", _phrase(words, index, index + 1)
            )


_SUBJECTS = frozenset(
    {"jeg", "du", "vi", "me", "dere", "de", "dei", "han", "hun", "ho", "det", "den"}
)


def _subject(word: Word) -> bool:
    return word.lemma in _SUBJECTS


@_rule
def _new_time(words: Sequence[Word]) -> Iterable[Evidence]:
    """Finds "ny time", "en annen dag", "ein annan dato": asking for another time."""
    for index, word in enumerate(words):
        if not (word.lemma == "ny" or _other(word)) or word.negated:
            continue
        target = _after(
            words,
            index,
            2,
            lambda w: (
                appointment(w)
                or w.is_("dag", "dato", "tidspunkt", "uke", "ukedag", "klokkeslett", "forslag")
            ),
        )
        if target < 0 and word.lemma == "ny" and _elliptic(words, index):
            # "kan jeg få ny?", "kan dere sette opp en ny når ...": the noun left out
            yield Evidence(
                Category.ENDRING, 2.5, "endring/ny-time", _phrase(words, index - 1, index)
            )
            continue
        if target < 0:
            continue
        if word.lemma == "ny" and index and words[index - 1].is_("den", "det", "dei", "de"):
            continue  # "den nye timen": one the patient already has
        if word.lemma == "ny" and index and words[index - 1].is_("noe", "noko", "noen"):
            continue  # "noe nytt om timen?": news of it (`_chase`)
        got = _before(words, index, 3, lambda w: w.is_("fått", "fikk", "fekk"))
        if got < 0 and not word.question:
            got = _has_new(words, index)
        if got >= 0 and _before(words, got, 2, lambda w: w.is_("kunne", "skulle", "ville")) >= 0:
            got = -1  # "kunne eg fått kome ein annan dag?": a wish, not a report
        if (
            got >= 0
            or _after(words, target, 3, lambda w: w.is_("sendt", "kommet", "mottatt", "sendte"))
            >= 0
        ):
            yield Evidence(Category.ANNET, 1.5, "annet/fått-ny-time", _phrase(words, index, target))
            continue
        if _before(words, index, 5, lambda w: w.is_("skulle", "lovet", "lova")) >= 0:
            yield Evidence(Category.PURRING, 2.0, "purring/lovet", _phrase(words, index, target))
            continue
        if words[target].lemma in ("behandling", "operasjon", "utredning") and word.lemma != "ny":
            continue  # "annen behandling": not another time
        if words[target].is_("sted") or _before(words, index, 2, lambda w: w.is_("sykehus")) >= 0:
            continue
        yield Evidence(Category.ENDRING, 3.0, "endring/ny-time", _phrase(words, index, target))


def _has_new(words: Sequence[Word], index: int) -> int:
    """The "har" of "jeg har (en) ny time", "Har ny time i desember": one the patient has.

    Not "har dere ny time ledig" (asked of the clinic) nor "har behov for ny time" (a wish).
    """
    has = index - 1
    while has >= 0 and words[has].is_("en", "ein", "ei", "eit"):
        has -= 1
    if has < 0 or words[has].text.lower() not in ("har", "hev"):
        return -1
    if has and not words[has - 1].is_("jeg", "eg", "e", "æ", "vi", "me"):
        return -1
    return has


def _elliptic(words: Sequence[Word], index: int) -> bool:
    """True for "ny" meaning "ny time": after "få", "ha" or "sette opp", ending its clause."""
    following = words[index + 1] if index + 1 < len(words) else None
    if following is not None and following.is_("en", "ein", "ei", "eit"):
        # "kan jeg få en ny en?"
        following = words[index + 2] if index + 2 < len(words) else None
    ends = (
        following is None
        or following.clause != words[index].clause
        or following.is_("når", "så", "etter", "snarest", "takk")
    )
    lead = _before(
        words, index, 3, lambda w: w.is_("få", "ha", "opp", "gi", "sette", "gje", "trenge")
    )
    return ends and lead >= 0


TIMING = frozenset({"tidlig", "sen", "før", "etter", "fram", "ledig", "seinere", "snarest"})


@_rule
def _timing(words: Sequence[Word]) -> Iterable[Evidence]:
    """Finds "Kan jeg få timen tidligere?", "en time senere", "etter kl 12", "ledige timer"."""
    for index, word in enumerate(words):
        if word.negated or word.lemma not in TIMING:
            continue
        asks = word.question or _before(words, index, 8, _wish) >= 0
        if not asks:
            continue
        if word.lemma in ("før", "etter"):
            # "etter kl 12", "før kl 10", "etter 15": a time of day the patient wants
            follow = words[index + 1] if index + 1 < len(words) else None
            lead = words[index - 1] if index else None
            if not (
                (
                    follow is not None
                    and (
                        follow.text[:1].isdigit()
                        or follow.is_(
                            "kl", "klokka", "lunsj", "skoletid", "jobb", "ferie", "påske", "jul"
                        )
                    )
                )
                or (
                    lead is not None
                    and lead.is_("dag", "uke", "time", "komme", "eller")
                    and any(
                        w.lemma in ("få", "komme", "flytte")
                        or (w.text == "ha" and _after(words, i, 2, appointment) >= 0)
                        for i, w in enumerate(words)
                    )
                )
            ):
                continue
        if word.lemma in ("tidlig", "sen") and (
            _before(words, index, 3, lambda w: w.is_("sist")) >= 0
            or word.text in ("senest", "seinast", "seinaste")
        ):
            continue  # "sist", "senest 15. mai": a deadline, no wish
        if word.lemma == "fram" and (
            _before(words, index, 2, lambda w: w.lemma in COME_WORDS) >= 0
            or _after(words, index, 1, lambda w: w.is_("til", "te")) >= 0
        ):
            continue  # "har henvisningen kommet fram" (arrived), "fram til kontrollen" (until)
        if _near(words, index, 6, _scheduled) < 0:
            continue
        yield Evidence(Category.ENDRING, 3.0, "endring/tidspunkt", word.text)


def _scheduled(word: Word) -> bool:
    """What a wished-for time is about: the appointment, coming, a day or an hour of it."""
    return (
        appointment(word)
        or word.lemma in COME_WORDS
        or word.is_("dag", "uke", "få", "kl", "dato", "tidspunkt", "ha", "legge", "sette", "ta")
        or word.is_("den", "begge")
        or (_time_reference(word) and word.lemma not in TIMING)
    )


@_rule
def _place_in_time(words: Sequence[Word]) -> Iterable[Evidence]:
    """Finds "kan begge legges på morgenen?", "kan vi ta torsdag i staden?": a time asked for.

    Also the imperative: "Gi meg en torsdag", "finn en tid etter kl 15".

    A verb of scheduling (legge, sette, ta) with, right after it and its object, the day or
    the hour; not "ta med meg noe på mandag", "ta blodprøven på fredag" (another object).
    """
    for index, word in enumerate(words):
        giving = word.is_("gi", "gje", "finne", "finn") and _imperative(words, index)
        if word.negated or not (word.is_("legge", "sette", "ta") or giving):
            continue
        if not (word.question or _before(words, index, 4, _wish) >= 0 or giving):
            continue
        at = index + 1
        while (
            at < len(words)
            and at <= index + 3
            and (words[at].is_(*_PLACED) or (giving and words[at].is_("jeg", "oss")))
        ):
            at += 1
        later = (
            at + 1 < len(words)
            and words[at].is_("etter", "før")
            and not word.is_("ta")
            and (
                words[at + 1].is_("det", "den", "påske", "jul", "ferie", "sommer", "nyttår")
                or _time_of_day_or_date(words, at + 1)
            )
        )  # "kan timen legges til etter det / etter påske?"
        if giving and at < len(words) and words[at].is_("dato", "dag", "tid", "uke"):
            continue  # "Gi meg en dato": any time at all, a chase
        if at < len(words) and (_time_of_day_or_date(words, at) or later):
            yield Evidence(Category.ENDRING, 3.0, "endring/tidspunkt", _phrase(words, index, at))


def _time_of_day_or_date(words: Sequence[Word], index: int) -> bool:
    """A day, a part of the day or a date; a bare number only as a date or a clock time."""
    word = words[index]
    if not word.text[:1].isdigit():
        return word.lemma in TIME_REFERENCES and not word.is_("før", "etter")
    following = words[index + 1] if index + 1 < len(words) else None
    return any(c in word.text for c in ".:") or (
        following is not None and following.lemma in MONTHS
    )


_PLACED = (
    "den",
    "dem",
    "dei",
    "begge",
    "han",
    "ho",
    "timen",
    "time",
    "timene",
    "timane",
    "på",
    "til",
    "i",
    "om",
    "samme",
    "same",
    "en",
    "ein",
    "annen",
    "annan",
    "heller",
)
"""Words between a verb of scheduling and the time: its object (the appointment), a preposition."""


def _wish(word: Word) -> bool:
    return word.is_("ønske", "ville", "gjerne", "helst", "håpe", "mulig", "kunne", "ønskes")


@_rule
def _mode(words: Sequence[Word]) -> Iterable[Evidence]:
    """Finds "på video i stedet", "ta kontrollen på telefon", "digitalt": another way of meeting."""
    for index, word in enumerate(words):
        if word.negated:
            continue
        if word.is_("video", "digital", "digitalt", "telefontime") or (
            word.is_("telefon") and _before(words, index, 1, lambda w: w.is_("på", "pa")) >= 0
        ):
            if word.is_("telefon") and (
                _near(words, index, 5, lambda w: w.is_("snakke", "ringe", "prate", "nå")) >= 0
                or (
                    _near(words, index, 5, appointment) < 0
                    and _near(words, index, 4, lambda w: w.is_("ta", "sted")) < 0
                )
            ):
                continue
            if (
                word.question
                or _near(words, index, 8, _wish) >= 0
                or _near(words, index, 5, lambda w: w.is_("sted", "bytte")) >= 0
            ):
                yield Evidence(Category.ENDRING, 3.0, "endring/video-telefon", word.text)
        elif (
            word.is_("sted")
            and (
                _before(words, index, 1, lambda w: w.is_("i")) >= 0
                or word.text in ("isteden", "istedet", "istaden")
            )
            and (
                word.question
                and any(appointment(w) or w.is_("den") or names_a_day(w) for w in words)
                and not any(
                    w.is_("innkalling", "brev", "post", "e-post", "svar", "sende") for w in words
                )
            )
        ):
            yield Evidence(Category.ENDRING, 2.5, "endring/i-stedet", "i stedet")


@_rule
def _does_not_suit(words: Sequence[Word]) -> Iterable[Evidence]:
    """Finds "passer ikke", "passer dårlig", "passer det å komme ...?", "kolliderer"."""
    for index, word in enumerate(words):
        if word.lemma == "passe":
            # "passer dårlig", "passer meg veldig dårlig", "passar ikkje"
            poorly = _after(words, index, 3, lambda w: w.is_("dårlig", "dårleg", "ikke", "ille"))
            if word.negated or poorly >= 0:
                end = poorly if poorly >= 0 else index
                yield Evidence(
                    Category.ENDRING, 3.0, "endring/passer-ikke", _phrase(words, index, end)
                )
            elif word.question and _after(words, index, 4, lambda w: w.lemma in COME_WORDS) >= 0:
                yield Evidence(Category.ENDRING, 3.0, "endring/passer-det", word.text)
            elif _after(words, index, 2, lambda w: w.is_("bedre", "best")) >= 0:
                # "det passer bedre med en ettermiddagstime", "fredager passer best"
                yield Evidence(Category.ENDRING, 3.0, "endring/passer-ikke", word.text)
            elif not word.question:
                yield Evidence(Category.ANNET, 1.0, "annet/passer", word.text)
        elif word.starts("kollider", "kræsj", "krasj"):
            yield Evidence(Category.ENDRING, 3.0, "endring/kolliderer", word.text)
        elif (
            word.lemma == "gå"
            and word.negated
            and _before(words, index, 4, lambda w: w.is_("dag", "dagen", "da", "tidspunkt")) >= 0
        ):
            yield Evidence(Category.ENDRING, 2.0, "endring/går-ikke", word.text)


@_rule
def _asks_for_time(words: Sequence[Word]) -> Iterable[Evidence]:
    """Finds "kan jeg få (en) time ...?" without "når": asking for another time."""
    for index, word in enumerate(words):
        if word.negated or _when(words):
            continue
        if word.lemma == "få" and word.question:
            target = _after(words, index, 3, appointment)
            if target < 0 and any(_time_reference(w) for w in words[index + 1 :]):
                target = _after(words, index, 2, lambda w: w.is_("den", "det"))
            modal = _before(
                words,
                index,
                4,
                lambda w: w.is_("kan", "kunne", "kunna", "mulig", "sjanse", "mulighet", "mogleg"),
            )
            if target < 0 or modal < 0:
                continue
            if any(_other_topic(w) for w in words[index + 1 : target]):
                continue  # "få tolk til timen": the interpreter is asked for, not a time
            if _near(words, target, 6, lambda w: w.is_("snart", "ennå", "enno", "bekrefte")) >= 0:
                continue
            # without a time asked for ("kan jeg få timen min på nynorsk?") it is a guess
            timed = any(_time_reference(w) or w.is_("når", "etter") for w in words[target:])
            weight = 3.0 if timed else 2.0
            yield Evidence(
                Category.ENDRING, weight, "endring/kan-jeg-få", _phrase(words, index, target)
            )
        elif (
            word.lemma == "komme"
            and word.question
            and _before(words, index, 3, lambda w: w.is_("kan", "kunne", "kunna", "passe")) >= 0
        ):
            # "kan jeg komme neste uke?", "kan eg koma ein time seinare?"
            if any(_time_reference(w) for w in words[index + 1 : index + 5]):
                yield Evidence(Category.ENDRING, 2.5, "endring/kan-jeg-komme", word.text)
        elif word.text == "ha" and _before(words, index, 3, _wish) >= 0:
            target = _after(words, index, 3, appointment)
            if target >= 0 and any(_time_reference(w) for w in words[target:]):
                yield Evidence(
                    Category.ENDRING, 2.5, "endring/vil-ha-time", _phrase(words, index, target)
                )


_QUESTION_VERBS = frozenset(
    {"få", "bli", "komme", "kunne", "skulle", "ville", "være", "gå", "kalle", "måtte", "ha"}
)


def _when(words: Sequence[Word]) -> bool:
    """The sentence asks when ("når", "hva tid", "hvor lenge")."""
    for index, word in enumerate(words):
        follow = words[index + 1] if index + 1 < len(words) else None
        # "når får jeg ...": the verb right after asks; "når jeg kommer" is a time clause,
        # unless the clerk is asked to tell it ("jeg vil vite når jeg kan ...")
        asks = follow is not None and follow.lemma in _QUESTION_VERBS
        told = _before(words, index, 3, lambda w: w.is_("vite", "lure", "lurer", "spørre", "si"))
        opens = index <= 1 or asks or told >= 0
        if word.is_("når", "nar") and (asks or told >= 0 or index <= 1):
            return True
        if (
            word.is_("hva", "hvor")
            and opens
            and follow is not None
            and follow.is_("tid", "lenge", "lang", "langt")
            and not _duration(words, index)
        ):
            return True
    return False


def _duration(words: Sequence[Word], index: int) -> bool:
    """True for "hvor lenge varer undersøkelsen?", "hvor lang tid tar den?": how long it lasts.

    Not "hvor lang tid tar det før jeg får time?", which asks when.
    """
    verb = _after(words, index, 4, lambda w: w.is_("vare", "ta"))
    if verb < 0:
        return False
    return words[verb].is_("vare") or _after(words, verb, 6, lambda w: w.is_("før", "til")) < 0


@_rule
def _waiting(words: Sequence[Word]) -> Iterable[Evidence]:
    """Finds "har ventet", "ventetid", "står jeg på venteliste?", "køen": a chase."""
    for index, word in enumerate(words):
        if word.lemma not in WAIT_WORDS and not word.starts("venteli", "ventetid"):
            continue
        if word.negated:
            continue  # "jeg ønsker ikke å stå på venteliste lenger"
        if any(w.starts("venterom") for w in words):
            continue  # "hvor lang ventetid er det på venterommet?": the day of the appointment
        if index and words[index - 1].is_("fra", "frå", "av"):
            continue  # "ta meg ut av køen", "trekk meg frå ventelista": out of it
        if _before(words, index, 7, _not_wanted) >= 0:
            continue  # "ønsker ikke lenger å stå på venteliste"
        if word.lemma != "vente" and _before(words, index, 3, lambda w: w.is_("sto", "stod")) >= 0:
            # "han sto på venteliste": told as past (he has died, or has been treated)
            yield Evidence(Category.PURRING, 1.0, "purring/venter", word.text, told=True)
            continue
        if word.lemma == "vente":
            follow = [w.lemma for w in words[index + 1 : index + 5]]
            about_referral = any(w.starts("henvis", "tilvis", "søknad") for w in words)
            if follow[:1] == ["med"] or (
                ("svar" in follow or "resultat" in follow) and not about_referral
            ):
                continue  # "venter på svar på prøvene"; not "venter på svar på henvisningen"
            if follow[:1] == ["til"] and len(follow) > 1 and follow[1] in APPOINTMENT:
                continue
            if _near(words, index, 4, lambda w: w.is_("bil", "bilen", "venterom", "utenfor")) >= 0:
                continue
            if follow[:1] == ["på"] and len(follow) > 1 and follow[1] in ("svar", "prøvesvar"):
                continue
            waited = follow.index("på") if "på" in follow else -1
            if waited >= 0 and any(lemma in DOCUMENTS for lemma in follow[waited + 1 : waited + 3]):
                # "venter på brevet", "venter på kopi av journalen": a paper, not a time
                yield Evidence(Category.PURRING, 1.5, "purring/venter", word.text)
                continue
            told = _told_past(words, index)
            if told or not any(_waited_for(words, i) for i in range(len(words))):
                # a past wait told ("jeg ventet i 7 timer"), or waiting but not said for what:
                # a chase only with more to go on
                weight = 1.0 if told else 1.5
                yield Evidence(Category.PURRING, weight, "purring/venter", word.text, told)
                continue
        yield Evidence(Category.PURRING, 3.0, "purring/venter", word.text)


def _told_past(words: Sequence[Word], index: int) -> bool:
    """True for a simple past after its subject ("jeg ventet", "vi venta"): an episode told.

    Not a wait that goes on: "har ventet", "venter", "ventet i tre måneder nå" (no subject).
    """
    if not _is_past(words, index) or _before(words, index, 3, lambda w: w.is_("ha")) >= 0:
        return False
    return index > 0 and words[index - 1].is_("jeg", "vi", "me", "han", "hun", "ho", "de", "dei")


def _not_wanted(word: Word) -> bool:
    return word.negated and (word.lemma in WANT_WORDS or word.lemma in NEED_WORDS)


def _waited_for(words: Sequence[Word], index: int) -> bool:
    """What patients wait for when they chase: the appointment, the referral, or time passing.

    Not hours ("i 7 timer"): that is a long day, not a long wait for an appointment.
    """
    word = words[index]
    if word.text in ("timer", "timar", "timene", "timane"):
        return False
    return (
        appointment(word)
        or word.is_("henvisning", "lenge", "siden", "måned", "år", "uke", "liste", "tur")
        or (word.text[:1].isdigit() and not _hours(words, index))
    )


def _hours(words: Sequence[Word], index: int) -> bool:
    return index + 1 < len(words) and words[index + 1].text in ("timer", "timar", "t", "min")


@_rule
def _not_heard(words: Sequence[Word]) -> Iterable[Evidence]:
    """Finds "har ikke hørt noe", "ikke fått time/innkalling/brev", "ingen svar", "glemt meg"."""
    for index, word in enumerate(words):
        if word.lemma == "høre" and word.negated:
            heard = _after(words, index, 3, lambda w: w.lemma not in NEGATIONS)
            if heard >= 0 and words[heard].is_("på"):
                continue  # "hørte ikke på meg": did not listen
            yield Evidence(Category.PURRING, 3.0, "purring/ikke-hørt", "ikke " + word.text)
        elif (
            word.lemma == "høre"
            and word.question
            and _after(words, index, 2, lambda w: w.is_("noe", "noko", "nytt")) >= 0
            and _after(words, index, 5, _called_in) >= 0
        ):
            # "Hørt noe om henvisningen min?", "har de høyrt noko om tilvisinga?"
            yield Evidence(Category.PURRING, 2.5, "purring/status", word.text)
        elif word.lemma == "få" and word.negated:
            target = _after(
                words,
                index,
                4,
                lambda w: (
                    appointment(w) or w.is_("brev", "innkalling", "svar", "beskjed", "bekreftelse")
                ),
            )
            results = target >= 0 and any(_other_topic(w) for w in words[target + 1 : target + 4])
            if target >= 0 and not results:  # not "fikk ikke svar på prøvene": results
                yield Evidence(
                    Category.PURRING, 3.0, "purring/ikke-fått", _phrase(words, index, target)
                )
        elif word.lemma == "glemme":
            if _after(words, index, 2, lambda w: w.is_("jeg")) >= 0 or (
                word.question and _before(words, index, 2, lambda w: w.is_("jeg")) >= 0
            ):
                yield Evidence(Category.PURRING, 3.0, "purring/glemt", word.text)
        elif (
            word.lemma in ("svar", "kontakt")
            and _before(words, index, 3, lambda w: w.lemma == "ingen") >= 0
        ):
            yield Evidence(Category.PURRING, 2.0, "purring/ingen-svar", word.text)
        elif (
            (appointment(word) or word.is_("dato", "innkalling", "brev", "tilbakemelding"))
            and index
            and (
                words[index - 1].is_("ingen", "inga")
                or (
                    (index >= 2 and words[index - 1].is_("noen", "nokon", "noko"))
                    and words[index - 2].is_("ikke")
                )
            )
            and _before(words, index, 4, lambda w: w.is_("bli", "blir", "passe", "av")) < 0
        ):
            # "Ingen time.", "men ikkje nokon dato": nothing has come; not "det blir ingen
            # time på meg" (a cancellation), "ingen av timene passer"
            yield Evidence(Category.PURRING, 2.0, "purring/ingen-svar", word.text)
        elif (
            word.lemma in ("ingenting", "ingen")
            and _after(words, index, 2, lambda w: w.is_("skje", "skjedd", "har", "ringt", "tatt"))
            >= 0
        ):
            yield Evidence(Category.PURRING, 2.5, "purring/ingenting-skjer", word.text)


@_rule
def _chase(words: Sequence[Word]) -> Iterable[Evidence]:
    """Finds "når får jeg time?", "status", "purre", "er henvisningen kommet?", "lovet time"."""
    when = _when(words)
    for index, word in enumerate(words):
        if word.negated:
            continue
        if word.lemma in ("purre", "purring", "mase"):
            if any(w.starts("regning", "faktura", "inkasso", "betal") for w in words):
                # "fikk en purring på en regning": a reminder to pay, a bill's question
                yield Evidence(Category.ANNET, 2.5, "annet/emne", word.text)
                continue
            yield Evidence(
                Category.PURRING, 3.0 if word.lemma != "mase" else 2.0, "purring/purre", word.text
            )
        elif when and (
            appointment(word)
            or word.is_("kalle", "kalt", "kalla", "tur", "henvisning")
            or (word.lemma.endswith("dato") and not word.lemma.startswith("fødsel"))
        ):
            if word.lemma in ("tid",) and _near(words, index, 3, lambda w: w.is_("ta", "tar")) >= 0:
                continue
            if (
                _near(words, index, 6, lambda w: w.is_("møte", "opne", "åpne", "ta")) >= 0
                and not (_near(words, index, 6, lambda w: w.is_("få", "komme", "kalle", "kalt")))
                >= 0
            ):
                continue
            if (
                word.lemma == "tid"
                and not _near(words, index, 5, lambda w: w.is_("få", "kalle", "kalt", "innkalling"))
                >= 0
            ):
                continue
            yield Evidence(Category.PURRING, 3.0, "purring/når", _when_phrase(words, word))
        elif (
            word.is_("tid")
            and _before(words, index, 3, lambda w: w.is_("lang")) >= 0
            and _it_takes(words, index)
            and not any(w.is_("hvor", "kor", "hva", "kva") for w in words)
        ):
            # "det tar så lang tid", "hvorfor tar det så lang tid?": a wait complained of;
            # not "timen tar lang tid" (it lasts long)
            yield Evidence(Category.PURRING, 2.5, "purring/venter", "lang tid")
        elif (
            word.is_("lenge")
            and word.question
            and (until := _after(words, index, 3, lambda w: w.is_("til", "igjen", "att"))) >= 0
            and _ends_clause(words, until)
        ):
            # "er det lenge til?", "hvor lenge er det igjen?": how long the wait still is
            yield Evidence(Category.PURRING, 2.5, "purring/når", _phrase(words, index, until))
        elif when and word.is_("skje") and not any(appointment(w) for w in words):
            # "når skjer det noe?"
            yield Evidence(Category.PURRING, 2.5, "purring/når", word.text)
        elif (
            word.lemma == "ny"
            and word.question
            and index
            and words[index - 1].is_("noe", "noko")
            and _after(words, index, 3, _called_in) >= 0
        ):
            # "er det noe nytt om timen min?", "noko nytt om tilvisinga?"
            yield Evidence(
                Category.PURRING, 2.5, "purring/status", _phrase(words, index - 1, index)
            )
        elif word.lemma in ("status", "oppdatering") or (
            word.lemma == "henvisning"
            and _near(
                words,
                index,
                4,
                lambda w: w.is_(
                    "motta", "mottatt", "komme", "kommet", "registrere", "registrert", "fram"
                ),
            )
            >= 0
        ):
            yield Evidence(Category.PURRING, 2.5, "purring/status", word.text)
        elif (
            word.lemma == "henvisning"
            and word.question
            and _near(words, index, 4, lambda w: w.is_("få", "vurdere", "behandle", "se")) >= 0
        ):
            # "har dere fått henvisningen?", "er henvisningen vurdert?": where the case stands
            yield Evidence(Category.PURRING, 2.5, "purring/status", word.text)
        elif (
            word.lemma in ("få", "motta")
            and word.question
            and word.text in ("fått", "fenge", "mottatt", "motteke", "motteken")
            and _asks_whether(words, index)
            and (
                _after(words, index, 3, _called_in) >= 0
                or (
                    _after(words, index, 1, lambda w: w.is_("den", "det", "han", "ho")) >= 0
                    and any(_called_in(w) for w in words)
                )
            )
        ):
            # "har jeg fått time?", "har dere sendt innkalling?": has anything come of it
            yield Evidence(Category.PURRING, 3.0, "purring/fått-time", word.text)
        elif (
            word.lemma == "helsehjelp"
            and _before(words, index, 2, lambda w: w.is_("rett")) >= 0
            and _after(words, index, 6, lambda w: w.is_("innen", "frist", "dato") or _dated(w)) >= 0
        ):
            # "rett til helsehjelp innen 12 uker": a promised time
            yield Evidence(Category.PURRING, 2.5, "purring/frist", word.text)
        elif (
            word.lemma == "gå"
            and word.text in ("gått", "gikk")
            and _after(words, index, 3, lambda w: w.lemma in ("uke", "måned", "år", "mnd")) >= 0
            and _after(words, index, 2, _dated) >= 0
        ):
            # "nå har det gått 14 uker": time gone by since a promise
            yield Evidence(Category.PURRING, 1.5, "purring/lenge-siden", word.text)
        elif word.starts("frist", "behandlingsfrist") and (
            _near(words, index, 5, lambda w: w.is_("rett", "helsehjelp", "gå", "passere", "ute"))
            >= 0
        ):
            # "rett til helsehjelp med frist 15.04", "fristen er gått ut"
            yield Evidence(Category.PURRING, 2.5, "purring/frist", word.text)
        elif (
            word.is_("hvor", "kor")
            and word.question
            and _after(words, index, 1, lambda w: w.is_("være")) >= 0
            and _after(words, index, 3, _called_in) >= 0
        ):
            # "hvor er min time?", "kor er tilvisinga mi?": what has become of it
            yield Evidence(
                Category.PURRING, 2.5, "purring/status", _phrase(words, index, index + 3)
            )
        elif (
            (word.is_("hvordan", "korleis") and _after(words, index, 2, lambda w: w.is_("gå")) >= 0)
            or (
                word.is_("hva", "kva", "ka")
                and _after(words, index, 1, lambda w: w.is_("skje")) >= 0
            )
        ) and _after(words, index, 5, _called_in) >= 0:
            # "hvordan går det med henvisningen min?", "ka skjer med henvisninga mi"
            yield Evidence(
                Category.PURRING, 2.5, "purring/status", _phrase(words, index, index + 2)
            )
        elif word.is_("love", "lovet", "lova") or (
            word.lemma in ("skulle", "ville")
            and _after(words, index, 3, lambda w: w.is_("få", "bli", "innkalling", "kalle")) >= 0
            and _after(words, index, 5, lambda w: appointment(w) or w.is_("kalt", "innkalt", "inn"))
            >= 0
            and not word.question
        ):
            yield Evidence(Category.PURRING, 2.5, "purring/lovet", word.text)
        elif word.lemma == "få" and word.question and _after(words, index, 3, appointment) >= 0:
            if _after(words, index, 5, lambda w: w.is_("snart", "ennå", "enno", "noensinne")) >= 0:
                yield Evidence(Category.PURRING, 3.0, "purring/når", word.text)
        elif (
            word.is_("lenge", "år", "måned", "uke", "mnd")
            and _after(words, index, 1, lambda w: w.is_("siden", "sia", "sidan")) >= 0
            and _before(words, index, 3, lambda w: w.is_("for")) < 0
        ):
            yield Evidence(Category.PURRING, 1.5, "purring/lenge-siden", f"{word.text} siden")
        elif (
            word.is_("liste", "lista")
            and _near(
                words,
                index,
                4,
                # "står jeg på lista?", "er jeg satt opp på noen liste?"; not "kan jeg settes opp
                # på liste for ledige timer?" (asking to be put on one)
                lambda w: (
                    w.is_("hvor", "står", "langt", "nede", "oppført", "registrert")
                    or w.text == "satt"
                ),
            )
            >= 0
        ):
            yield Evidence(Category.PURRING, 2.5, "purring/venter", word.text)


def _asks_whether(words: Sequence[Word], index: int) -> bool:
    """The perfect asked: "har jeg fått ...?", "om dere har fått ..."; not "jeg har fått".

    Not "hvorfor har jeg fått to innkallinger?": asking why is no chase.
    """
    if any(w.is_("hvorfor", "kvifor", "korfor") for w in words):
        return False
    inverted = index >= 2 and words[index - 1].lemma in _SUBJECTS and words[index - 2].is_("ha")
    return inverted or _before(words, index, 3, lambda w: w.is_("om")) >= 0


def _it_takes(words: Sequence[Word], index: int) -> bool:
    """True for "det tar (så lang tid)", "tar det ...": "it takes", not "timen tar"."""
    takes = _before(words, index, 5, lambda w: w.is_("ta"))
    return takes >= 0 and _near(words, takes, 1, lambda w: w.text in ("det", "dette")) >= 0


def _dated(word: Word) -> bool:
    return word.text[:1].isdigit() or word.is_("to", "tre", "fire", "fem", "seks", "ett", "et")


def _called_in(word: Word) -> bool:
    """The appointment or what leads to it: the referral, the letter calling the patient in."""
    return appointment(word) or word.is_("henvisning", "innkalling", "tilvisning", "søknad")


def _when_phrase(words: Sequence[Word], word: Word) -> str:
    first = next((w for w in words if w.is_("når", "nar", "hva", "hvor")), None)
    return f"{first.text} … {word.text}" if first is not None else word.text


_BECAUSE = ("fordi", "pga", "grunnet", "grunn", "ettersom", "sidan")
"""Words that open the reason for a wish."""

_MODALS = ("måtte", "skulle", "burde", "kunne", "ville", "å")


def _other_topic(word: Word) -> bool:
    """True for a topic that is not the appointment, or a compound that begins with one.

    "parkeringsbevis", "reseptfornyelse"; not "medisinsk" (a department).
    """
    return word.lemma in OTHER_TOPICS or word.lemma.startswith(_TOPIC_STEMS)


_TOPIC_STEMS = (
    *sorted(t for t in OTHER_TOPICS if len(t) >= 6 and t != "medisin"),
    "prøvesvar",
    "blodprøv",
    "epikris",
)


@_rule
def _other_topics(words: Sequence[Word]) -> Iterable[Evidence]:
    """Prescriptions, parking, test results, bills, interpreters, thanks: not the appointment."""
    for index, word in enumerate(words):
        if _other_topic(word) or (
            # "må jeg faste?", "skal han faste før EKG-en?": the verb, not "faste" (firm)
            word.text == "faste" and _before(words, index, 2, lambda w: w.is_(*_MODALS)) >= 0
        ):
            # the reason given ("grunnet planlagt reise", "fordi bilen er på verksted") is
            # background, not what the message is about
            because = _before(words, index, 4, lambda w: w.is_(*_BECAUSE)) >= 0
            yield Evidence(Category.ANNET, 1.25 if because else 2.5, "annet/emne", word.text)
        elif word.lemma in ("bekrefte", "bekreftelse") and not word.negated:
            yield Evidence(Category.ANNET, 2.0, "annet/bekrefte", word.text)
        elif word.lemma in ("fornøyd", "nøgd") and word.negated:
            # "ikke fornøyd med hvordan legen snakket til meg": a complaint
            yield Evidence(Category.ANNET, 2.0, "annet/emne", word.text)


@_rule
def _comes(words: Sequence[Word]) -> Iterable[Evidence]:
    """Finds "jeg kommer på timen", "kjem som avtalt": the patient will come as planned."""
    for index, word in enumerate(words):
        if (
            word.lemma == "komme"
            and not word.negated
            and not word.question
            and word.text in ("kommer", "kjem")
            and _before(words, index, 1, lambda w: w.is_("jeg", "vi", "me")) >= 0
            and (
                _after(words, index, 3, appointment) >= 0
                or _after(words, index, 2, lambda w: w.is_(*_AS_PLANNED)) >= 0
            )
        ):
            yield Evidence(Category.ANNET, 2.0, "annet/kommer", word.text)


_PEOPLE = ("jeg", "vi", "me", "han", "hun", "ho", "man", "eg")

_ASKING_VERBS = frozenset(
    {
        "få",
        "komme",
        "møte",
        "flytte",
        "endre",
        "bytte",
        "utsette",
        "avbestille",
        "avlyse",
        "slette",
        "stryke",
        "ta",
        "bli",
        "ha",
        "være",
        "vente",
        "ikke",
        "slippe",
    }
)
"""Verbs after "kan jeg" that ask about the appointment itself, not what to do at it."""


def _at_the_appointment(words: Sequence[Word], index: int) -> bool:
    """True for "på/før/etter/under/til" + the appointment a few words after `index`."""
    return any(
        words[i].is_("på", "før", "etter", "under", "til") and appointment(words[i + 1])
        for i in range(index + 1, min(index + 7, len(words) - 1))
    )


_PLACES_IN_HOSPITAL = ("avdeling", "etasje", "inngang", "bygg", "bygning", "rom", "poliklinikk")

_AS_PLANNED = ("som", "selvfølgelig", "sjølvsagt", "selvsagt", "uansett", "likevel")
"""After "jeg kommer": "som avtalt", "selvfølgelig", "uansett": coming as planned."""


@_rule
def _practical(words: Sequence[Word]) -> Iterable[Evidence]:
    """Finds questions about an appointment the patient keeps.

    What to bring, who may come along, where to go, how long it lasts, what to do: "kan jeg
    ta med mannen min?", "hvor skal jeg møte?", "hva skal vi gjøre?". Their answer is none of
    the standard texts about the appointment.
    """
    if not any(word.question for word in words):
        return
    for index, word in enumerate(words):
        if word.negated:
            continue
        follow = words[index + 1] if index + 1 < len(words) else None
        if word.is_("ta", "ha", "være", "bli") and follow is not None and follow.is_("med"):
            # "ta med meg", "ha med medisinlista", "være med inn", "bli med på timen"
            yield Evidence(Category.ANNET, 2.0, "annet/praktisk", _phrase(words, index, index + 1))
        elif (
            word.is_("kan", "kunne", "må", "bør", "får", "skal")
            and index + 2 < len(words)
            and words[index + 1].is_(*_PEOPLE)
            and words[index + 2].lemma not in _ASKING_VERBS
            and _at_the_appointment(words, index + 2)
        ):
            # "kan jeg bruke linser på undersøkelsen?", "må han faste før timen?"
            yield Evidence(Category.ANNET, 2.0, "annet/praktisk", _phrase(words, index, index + 2))
        elif (
            word.is_("hvordan", "korleis")
            and _after(words, index, 2, lambda w: w.is_(*_PEOPLE)) >= 0
            and _after(words, index, 2, lambda w: w.is_("gå")) < 0
            and not any(_called_in(w) or w.is_("kø", "venteliste", "liste") for w in words)
        ):
            # "hvordan logger jeg inn?", "korleis finn eg fram?"; not "hvordan går det med"
            yield Evidence(Category.ANNET, 2.0, "annet/praktisk", _phrase(words, index, index + 2))
        elif word.is_("hvilken", "hvilket", "kva", "ka") and (
            _after(words, index, 2, lambda w: w.is_(*_PLACES_IN_HOSPITAL)) >= 0
        ):
            # "hvilken avdeling skal jeg møte på?", "kva etasje?"
            yield Evidence(Category.ANNET, 2.0, "annet/praktisk", _phrase(words, index, index + 1))
        elif word.is_("hvor", "kor") and (
            _after(words, index, 4, lambda w: w.is_("møte", "parkere", "ligge", "finne", "melde"))
            >= 0
            or _duration(words, index)
        ):
            yield Evidence(Category.ANNET, 2.0, "annet/praktisk", _phrase(words, index, index + 1))
        elif word.is_("hva", "kva", "ka", "hvem", "kven") and (
            _after(words, index, 4, lambda w: w.is_("gjøre", "gjere", "ringe", "kontakte")) >= 0
            and _after(words, index, 3, lambda w: w.is_("skulle", "burde", "måtte", "gjøre")) >= 0
        ):
            # "hva skal jeg gjøre?", "hva gjør vi nå?", "hvem skal jeg ringe?"
            yield Evidence(Category.ANNET, 2.0, "annet/praktisk", _phrase(words, index, index + 1))


@_rule
def _slot_asked(words: Sequence[Word]) -> Iterable[Evidence]:
    """Finds "har dere noe fredag?", "har de ein time i slutten av mai?": another slot asked.

    A question to the hospital ("har dere/de/dykk") about something free at a time; not "har
    dere fått henvisningen?" (a chase) or "har jeg time?" (`_have_i`).
    """
    if not any(word.question for word in words):
        return
    for index, word in enumerate(words[:-2]):
        if not (word.is_("ha") and words[index + 1].is_("dere", "de", "dykk")):
            continue
        rest = words[index + 2 : index + 9]
        if any(w.is_("få", "fått", "motta", "sende", "sendt") for w in rest):
            continue
        offered = any(
            w.is_("noe", "noko", "noen", "nokon", "ledig", "ledige") or appointment(w) for w in rest
        )
        if offered and any(_time_reference(w) and not w.is_("før", "etter") for w in rest):
            yield Evidence(
                Category.ENDRING, 2.5, "endring/ledig-tid", _phrase(words, index, index + 2)
            )


@_rule
def _have_i(words: Sequence[Word]) -> Iterable[Evidence]:
    """Finds "har jeg (en) time hos dere?", "får jeg time før sommeren?": is one coming at all.

    An appointment the patient does not know of, asked about without a modal: a chase, not
    a change ("kan jeg få timen tidligere?").
    """
    for index, word in enumerate(words[:-2]):
        if not word.question or index > 1:
            continue  # the verb opens the question
        if not (word.text in ("har", "får", "fær") and words[index + 1].is_("jeg", "vi", "me")):
            continue
        target = _after(words, index + 1, 2, appointment)
        if target >= 0 and words[target].text in ("time", "tid", "timen", "ein", "en"):
            yield Evidence(Category.PURRING, 2.5, "purring/når", _phrase(words, index, target))


_RULE_WORDS = (
    *CANCEL_VERBS,
    *CHANGE_VERBS,
    "avbestilling",
    "endring",
    "venteliste",
    "ventetid",
    "innkalling",
    "henvisning",
    "operasjon",
    "kontroll",
    "undersøkelse",
    "avbestiller",
    "avbestilt",
    "flyttet",
    "ventet",
    "venter",
    "timen",
    "trenger",
    "kommer",
    "tidligere",
    "senere",
)
add_typo_targets(_RULE_WORDS)
