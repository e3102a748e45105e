"""Suggest a message's category from its Helsenorge code or, failing that, from its words.

A clear TypeForesp code decides (`OET` endring; `OAT`, `ART`, `OAB` avbestilling). Otherwise
the text is read (`tui.core.rules.language`: base forms, clauses, negation, questions) and each
*intent rule* below looks for one way patients ask for something: "avbestille", "trenger ikke
timen", "kommer ikke" for a cancellation; "ny time", "kan jeg få timen tidligere?", "passer
ikke" for a change; "har ikke hørt noe", "står jeg på venteliste?" for a chase; "resept",
"parkering" for something else. Each rule found adds its weight to its category; a rule's
words in a negated clause count for nothing ("jeg skal ikke avbestille, men ...").

The rules' suggestion is the category with most weight, with their words as the reason; it
is sure when that weight is strong and well ahead of the next category's. A learned layer
(`tui.core.rules.learned`: logistic regressions trained offline on the labelled messages) weighs the
same message again from its words and the rules' evidence, and has the last word on the
category. A suggestion is *sure* only when three views agree: the learned model over words and
rules (with enough probability), the rules, and a learned model over the words alone (which
must not find the category unlikely). Where the rules were unsure themselves, or two categories
each had a clear rule, the learned layer must be surer; where the rules found nothing at all
for the category (`annet` because no wish was found), surer still, however sure the rules were:
patients a rule cannot read are the commonest wrong sure suggestion on a new writer's messages.
Otherwise it is *unsure*, and the clerk is shown the two or three likeliest categories
(`Suggestion.alternatives`) before anything is copied. The thresholds (`Sureness`) are chosen
leave-one-set-out by `bench/calibrate_suggestions.py`. The reason always names the patient's
decisive words: the rules' words, or where the learned layer decided otherwise, the words that
weighed most for its category. A site adds its own words per category in
`[suggestions]` of the configuration (`SiteWords`); where they are found, the rules decide.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from tui.core.i18n import N_
from tui.core.model import CLEAR_CODES, Category
from tui.core.rules.intents import (
    RULES,
    Evidence,
    appointment,
    asks_unread,
    names_a_day,
    not_the_appointment,
)
from tui.core.rules.language import MAX_CHARACTERS, Reading, Word, read
from tui.core.rules.learned import Weights, shipped, word_features
from tui.core.rules.sitewords import NO_SITE_WORDS, SiteWords

CODE_CATEGORIES: dict[str, Category] = {
    "OET": Category.ENDRING,
    "OAT": Category.AVBESTILLING,
    "ART": Category.AVBESTILLING,
    "OAB": Category.AVBESTILLING,
}
assert frozenset(CODE_CATEGORIES) == CLEAR_CODES
"""TypeForesp codes (code list 7601) whose meaning is clear; `HE` and `OT` need the text."""

SURE_WEIGHT = 2.5
"""A suggestion is sure only when its category's weight reaches this ..."""
SURE_MARGIN = 1.5
"""... and leads the next category by at least this much."""
OTHER_SURE_WEIGHT = 2.0
"""`annet` in a message that names the appointment is sure only from this much evidence."""
ALTERNATIVE_AT_LEAST = 0.1
"""A third category is offered to the clerk only from this learned probability."""
DECISIVE_WORDS = 3
"""How many of the patient's words the reason names when the learned layer decided."""


@dataclass(frozen=True)
class Sureness:
    """When a suggestion of the learned layer is sure: the thresholds of the views' agreement.

    Chosen leave-one-set-out by `bench/calibrate_suggestions.py`: the learned layer trained on
    all writer sets but one, each held-out set read by rules that had not seen it; the fewest
    unsure with their mean wrong-while-sure at most 2 %.
    """

    learned: float = 0.5
    """The learned probability a sure suggestion needs when the rules were sure too ..."""
    learned_alone: float = 0.8
    """... when the rules were unsure of the same category ..."""
    contested: float = 0.8
    """... when two categories each had a clear rule (the rules sure of one all the same) ..."""
    nothing_found: float = 0.9
    """... and when the rules found no evidence for it at all, sure or not (`annet` where no
    wish was found: finding no rule is no evidence against a wish the rules cannot read)."""
    words_at_least: float = 0.1
    """The probability the model of the words alone must give the category."""
    lead: float = 0.0
    """How far the learned category's probability must lead the next one's."""


SURENESS = Sureness()
"""The thresholds timedialog ships with."""


@dataclass(frozen=True)
class Suggestion:
    """A suggested category, why, and how sure the rules are of it."""

    category: Category
    reason: str
    sure: bool = True
    """True when `c` may copy the category's reply without asking."""
    alternatives: tuple[Category, ...] = ()
    """The likeliest categories, best first (the suggested one included); for the picker."""
    rule: str = ""
    """The rule that decided ("kode OET", "avbestilling/trenger-ikke"): no patient words."""


@dataclass
class _Tally:
    weights: dict[Category, float] = field(default_factory=dict)
    best: dict[Category, Evidence] = field(default_factory=dict)
    words: dict[Category, list[str]] = field(default_factory=dict)
    found: dict[Category, list[Evidence]] = field(default_factory=dict)

    def add(self, evidence: Evidence, seen: set[tuple[str, str]]) -> None:
        key = (evidence.rule, evidence.words)
        if key in seen:
            return
        seen.add(key)
        category = evidence.category
        # The same rule found again adds a little: repeating a wish is not a second wish.
        repeat = any(e.rule == evidence.rule for e in self.found.get(category, []))
        self.weights[category] = self.weights.get(category, 0.0) + (
            evidence.weight * (0.25 if repeat else 1.0)
        )
        self.found.setdefault(category, []).append(evidence)
        if category not in self.best or evidence.weight > self.best[category].weight:
            self.best[category] = evidence
        self.words.setdefault(category, []).append(evidence.words)


def classify_text(
    text: str, site_words: SiteWords = NO_SITE_WORDS, weights: Weights | None = None
) -> Suggestion:
    """Suggest a category from the words of a message, sure or unsure, with its reason.

    `weights` is the learned layer (the shipped one when None; `NO_WEIGHTS`: the rules alone).
    """
    if not text.strip():
        return _unsure_other(N_("tekst: tom melding"), "annet/tom")
    reading = read(text)
    if reading.characters > MAX_CHARACTERS:
        return _unsure_other(
            N_("tekst: for lang til å tolkes ({count} tegn)").format(count=reading.characters),
            "annet/for-lang",
        )
    if reading.letters == 0 or not reading.words:
        return _unsure_other(N_("tekst: ingen ord å tolke"), "annet/ingen-ord")
    if not reading.is_norwegian:
        return _unsure_other(N_("tekst: ser ikke ut til å være norsk"), "annet/annet-språk")
    return _weigh(reading, site_words, shipped() if weights is None else weights)


@dataclass(frozen=True)
class Views:
    """What the rules and the learned layer each make of a message, before sureness is decided."""

    category: Category
    """The learned layer's category (the stacked model's likeliest)."""
    probability: float
    """The stacked model's probability of `category` ..."""
    runner_up: float
    """... and of the next likeliest category."""
    words_alone: float
    """The probability the model of the words alone gives `category`."""
    rules_category: Category
    rules_sure: bool
    rule_weight: float
    """The weight the rules found for `category` (0: no evidence at all)."""
    contested: bool
    """Two categories each had a clear rule of their own."""

    def sure(self, sureness: Sureness = SURENESS) -> bool:
        """True when the views agree enough for `c` to copy without asking."""
        if self.rules_category is not self.category:
            return False
        if self.words_alone < sureness.words_at_least:
            return False
        if self.probability - self.runner_up < sureness.lead:
            return False
        if self.rule_weight == 0:
            # "no wish found": the rules may have missed one, sure or not
            return not self.contested and self.probability >= sureness.nothing_found
        if self.rules_sure:
            needed = sureness.contested if self.contested else sureness.learned
            return self.probability >= max(needed, sureness.learned)
        # unsure rules made sure only uncontested, by a learned layer much surer
        return not self.contested and self.probability >= sureness.learned_alone


def _weigh(reading: Reading, site_words: SiteWords, weights: Weights) -> Suggestion:
    tally = _evidence(reading, site_words)
    rules = _decide(reading, tally)
    if weights.stacked is None or weights.words is None or rules.rule.endswith("/stedets-ord"):
        return rules  # no learned layer; or a site's own words, which the site knows best
    words = word_features(reading)
    features = {**dict.fromkeys(words, 1.0), **rule_features(tally, rules, weights.rule_scale)}
    learned = weights.stacked.probabilities(features)
    ranked = sorted(learned, key=lambda c: (-learned[c], _ORDER[Category(c)]))
    views = _views(reading, tally, rules, weights, learned=learned, ranked=ranked)
    category = views.category
    sure = views.sure()
    # the likeliest, best first: two at least, a third only when it is at all likely
    alternatives = tuple(
        Category(c) for i, c in enumerate(ranked[:3]) if i < 2 or learned[c] >= ALTERNATIVE_AT_LEAST
    )
    if rules.category is category:
        return Suggestion(category, rules.reason, sure, alternatives, rules.rule)
    decisive = weights.stacked.decisive(features, words, category.value, DECISIVE_WORDS)
    reason = (
        N_("tekst: {words}").format(words=", ".join(f"'{w}'" for w in decisive))
        if decisive
        else rules.reason
    )
    return Suggestion(category, reason, sure, alternatives, f"lært/{category.value}")


def _views(
    reading: Reading,
    tally: _Tally,
    rules: Suggestion,
    weights: Weights,
    *,
    learned: dict[str, float],
    ranked: list[str],
) -> Views:
    assert weights.words is not None
    alone = weights.words.probabilities(dict.fromkeys(word_features(reading), 1.0))
    category = Category(ranked[0])
    return Views(
        category,
        learned[ranked[0]],
        learned[ranked[1]] if len(ranked) > 1 else 0.0,
        alone.get(ranked[0], 0.0),
        rules.category,
        rules.sure,
        tally.weights.get(category, 0.0),
        sum(weight >= SURE_WEIGHT for weight in tally.weights.values()) >= 2,
    )


def views_of(text: str, weights: Weights) -> Views | None:
    """The views of a text that is read at all, with the learned layer `weights` (for the bench).

    None where the text is not read, or a site's words or a missing layer leave the rules alone.
    """
    found = evidence_of(text)
    if found is None or weights.stacked is None or weights.words is None:
        return None
    reading, tally, rules = found
    features = {
        **dict.fromkeys(word_features(reading), 1.0),
        **rule_features(tally, rules, weights.rule_scale),
    }
    learned = weights.stacked.probabilities(features)
    ranked = sorted(learned, key=lambda c: (-learned[c], _ORDER[Category(c)]))
    return _views(reading, tally, rules, weights, learned=learned, ranked=ranked)


def rule_features(tally: _Tally, rules: Suggestion, scale: float) -> dict[str, float]:
    """The rules' evidence as features of the learned layer, each multiplied by `scale`.

    The rules' suggestion (`s:`, `ss:` when sure, `rule:`), each rule found (`r:`, its weight)
    and each category's weight (`w:`); weights are divided by 3, a clear rule's weight.
    """
    features = {f"s:{rules.category.value}": scale, f"rule:{rules.rule}": scale}
    if rules.sure:
        features[f"ss:{rules.category.value}"] = scale
    for found in tally.found.values():
        for evidence in found:
            key = f"r:{evidence.rule}"
            features[key] = features.get(key, 0.0) + evidence.weight / 3 * scale
    for category, weight in tally.weights.items():
        features[f"w:{category.value}"] = weight / 3 * scale
    return features


def evidence_of(text: str) -> tuple[Reading, _Tally, Suggestion] | None:
    """What the rules make of a text that is read at all (for training the learned layer)."""
    if not text.strip():
        return None
    reading = read(text)
    if reading.characters > MAX_CHARACTERS or reading.letters == 0 or not reading.words:
        return None
    if not reading.is_norwegian:
        return None
    tally = _evidence(reading, NO_SITE_WORDS)
    return reading, tally, _decide(reading, tally)


def _evidence(reading: Reading, site_words: SiteWords) -> _Tally:
    """What every rule found in the message, weighed in its sentence and in the whole."""
    tally = _Tally()
    seen: set[tuple[str, str]] = set()
    sentences = []
    for sentence in reading.sentences():
        found = [evidence for rule in RULES for evidence in rule(sentence)]
        found.extend(site_words.evidence(sentence))
        sentences.append((any(word.question for word in sentence), _but(sentence, found)))
    for evidence in _in_context(sentences):
        tally.add(evidence, seen)
    _message_level(reading, tally, seen)
    return tally


def _decide(reading: Reading, tally: _Tally) -> Suggestion:
    """The rules' suggestion from what they found: the heaviest category, sure or unsure."""
    ranked = sorted(tally.weights.items(), key=lambda item: (-item[1], _ORDER[item[0]]))
    intents: list[tuple[Category, float]] = [(c, w) for c, w in ranked if c is not Category.ANNET]
    other = tally.weights.get(Category.ANNET, 0.0)
    if not intents or (intents[0][1] < SURE_WEIGHT and other > intents[0][1]):
        return _other_topic(reading, tally, intents, other)
    category, weight = intents[0]
    second = max([w for c, w in ranked if c is not category] or [0.0])
    sure = weight >= SURE_WEIGHT and weight - second >= SURE_MARGIN
    ordered = [c for c, _w in ranked]
    if any(e.rule == "avbestilling/kommer-ikke" for e in tally.found[category]):
        # not coming is half a change: "kan ikke komme" may well want another time
        ordered.insert(1, Category.ENDRING)
    # the categories with evidence, best first; `annet` joins when only one has any
    alternatives = tuple(dict.fromkeys((*ordered, Category.ANNET)))[: max(len(ordered), 2)][:3]
    words = ", ".join(f"'{w}'" for w in dict.fromkeys(tally.words[category]))
    rule = tally.best[category].rule
    if sure:
        return Suggestion(
            category, N_("tekst: {words}").format(words=words), True, alternatives, rule
        )
    return Suggestion(category, N_("tekst: {words}").format(words=words), False, alternatives, rule)


def _but(words: Sequence[Word], found: list[Evidence]) -> list[Evidence]:
    """What comes after "men" outweighs what it answers.

    "jeg har ventet lenge, men nå trenger jeg ikke timen" is a cancellation: evidence before the
    last "men" of a sentence counts half when the words after it give another category.
    """
    but = max((i for i, w in enumerate(words) if w.is_("men")), default=0)
    if not but:
        return found  # no "men", or "men" first: nothing stands before it

    def position(evidence: Evidence) -> int:
        # where the rule's words stand as a whole ("ikke komme" after "men", not the "ikke"
        # of "vil ikke miste den" before it), written or in their base form ("takke nei":
        # "takker nei"); else where the first of them stands ("når … time"); else -1
        phrase = evidence.words.split()
        whole = (
            i
            for i in range(len(words) - len(phrase) + 1)
            if all(words[i + k].is_(part) for k, part in enumerate(phrase))
        )
        first = next((i for i, w in enumerate(words) if w.is_(phrase[0])), -1)
        return next(whole, first)

    # a wish after "men" outweighs; a past told there ("men jeg avbestilte") does not
    after = {e.category for e in found if position(e) > but and not e.told} - {Category.ANNET}
    return [
        replace(e, weight=e.weight / 2) if 0 <= position(e) < but and after - {e.category} else e
        for e in found
    ]


def _in_context(sentences: list[tuple[bool, list[Evidence]]]) -> list[Evidence]:
    """What a message asks outweighs what it tells around it.

    A topic named in a statement without a wish of its own ("bilen er på verksted", "det er
    bare svar på prøver", "plagene forsvant da jeg byttet briller") is the reason or the
    background when another sentence clearly asks for the appointment to move, be cancelled
    or chased: it counts half. A question about another topic is a request of its own.
    """

    def wish(evidence: Evidence) -> bool:
        return (
            evidence.category is not Category.ANNET
            and not evidence.told
            and evidence.weight >= SURE_WEIGHT
        )

    asked = any(wish(e) for _question, found in sentences for e in found)
    return [
        replace(e, weight=e.weight / 2)
        if asked
        and e.rule == "annet/emne"
        and not question
        and not any(wish(other) for other in found)
        else e
        for question, found in sentences
        for e in found
    ]


_WELL_OR_ELSEWHERE = ("avbestilling/frisk", "avbestilling/annet-sted", "avbestilling/flyttet")
_CHANGE_WISHES = frozenset(
    [
        "endring/ord",
        "endring/ny-time",
        "endring/tidspunkt",
        "endring/video-telefon",
        "endring/passer-ikke",
        "endring/passer-det",
        "endring/kolliderer",
        "endring/kan-jeg-få",
        "endring/kan-jeg-komme",
        "endring/vil-ha-time",
        "endring/i-stedet",
        "endring/gjøre-om",
    ]
)


def _message_level(reading: Reading, tally: _Tally, seen: set[tuple[str, str]]) -> None:
    """What only the whole message tells.

    - Being well again, treated elsewhere or moving house says something about the
      appointment only when the message is about one.
    - "Kan ikke komme" with a wish for another time is a change: the not coming supports it.
    - Cancelling while saying care is still needed ("må avbestille, men trenger fortsatt å
      komme") is a change too: the cancellation text would close the referral.
    - Changing something without naming the appointment or a day, in a message that names
      something else a patient may have changed ("nytt etternavn ... kan dere endre det?"),
      changes that thing: something else.
    - Asking to confirm that the referral has come, or that the patient is on the list, is
      a chase.
    - A short thank-you is something else.
    """
    cancel = tally.found.get(Category.AVBESTILLING, [])
    if cancel and not any(appointment(word) for word in reading.words):
        kept = [e for e in cancel if e.rule not in _WELL_OR_ELSEWHERE]
        _replace(tally, Category.AVBESTILLING, kept)
        cancel = kept
    change = tally.found.get(Category.ENDRING, [])
    if cancel and any(e.rule in _CHANGE_WISHES for e in change):
        only_absent = all(
            e.rule in ("avbestilling/kommer-ikke", *_WELL_OR_ELSEWHERE) for e in cancel
        )
        if only_absent:
            moved = [
                Evidence(Category.ENDRING, e.weight, e.rule, e.words)
                for e in cancel
                if e.rule == "avbestilling/kommer-ikke"
            ]
            _replace(tally, Category.AVBESTILLING, [])
            cancel = []
            for evidence in moved:
                tally.add(evidence, set())
    if (
        change
        and all(e.rule == "endring/ord" for e in change)
        and not any(appointment(w) or names_a_day(w) for w in reading.words)
        and any(not_the_appointment(w) for w in reading.words)
    ):
        _replace(tally, Category.ENDRING, [])
        for evidence in change:
            tally.add(Evidence(Category.ANNET, 2.5, "annet/endre-annet", evidence.words), set())
        change = []
    if (
        change
        and all(e.rule == "endring/kan-jeg-få" and e.words.split()[-1] in _A_TIME for e in change)
        and any(w.starts("henvis", "tilvis", "venteli") for w in reading.words)
    ):
        # "kan jeg få time? fastlegen har henvist meg": a first appointment asked for after a
        # referral is a chase, not a change of one the patient has ("kan jeg få timen ...")
        _replace(tally, Category.ENDRING, [])
        for evidence in change:
            tally.add(
                Evidence(Category.PURRING, evidence.weight, "purring/når", evidence.words), set()
            )
        change = []
    confirm = [e for e in tally.found.get(Category.ANNET, []) if e.rule == "annet/bekrefte"]
    if (
        confirm
        and any(w.starts("henvis", "tilvis", "venteli") or w.is_("liste") for w in reading.words)
        # "mottatt" reads as "motta", "registrert" as "registrere"
        and any(w.is_("motta", "registrere", "stå") for w in reading.words)
    ):
        # "kan dere bekrefte at den (henvisningen) er mottatt?", "... at jeg står på listen?":
        # where the case stands, a chase
        kept = [e for e in tally.found[Category.ANNET] if e.rule != "annet/bekrefte"]
        _replace(tally, Category.ANNET, kept)
        for evidence in confirm:
            tally.add(Evidence(Category.PURRING, 2.5, "purring/status", evidence.words), set())
    if cancel and any(e.rule == "endring/trenger-fortsatt" for e in change):
        _replace(tally, Category.AVBESTILLING, [])
        for evidence in cancel:
            tally.add(
                Evidence(Category.ENDRING, evidence.weight, evidence.rule, evidence.words), set()
            )
    thanks = [
        i
        for i, word in enumerate(reading.words)
        if word.lemma == "takk" and not (i and reading.words[i - 1].is_("nei"))  # "nei takk"
    ]
    if thanks:
        # a message that opens by thanking for something is a thank-you; a "takk" at the end
        # only closes it
        opens = thanks[0] <= 1 and any(
            w.is_("for", "til") for w in reading.words[thanks[0] : thanks[0] + 3]
        )  # "Takk for ...", "Tusen takk til alle på ..."
        weight = 2.0 if opens else 1.5 if len(reading.words) <= 8 else 1.0
        tally.add(Evidence(Category.ANNET, weight, "annet/takk", "takk"), seen)


_A_TIME = ("time", "tid", "tiem", "timar", "timer")
"""An appointment in the indefinite form: one not yet had."""


def _replace(tally: _Tally, category: Category, kept: list[Evidence]) -> None:
    """The evidence of a category found in the message replaced by `kept`."""
    del tally.found[category], tally.weights[category]
    del tally.best[category], tally.words[category]
    for evidence in kept:
        tally.add(evidence, set())


def _other_topic(
    reading: Reading, tally: _Tally, intents: list[tuple[Category, float]], other: float
) -> Suggestion:
    """No wish about the appointment stands out: `annet`, sure when nothing hints at one."""
    alternatives = (Category.ANNET, *(c for c, _w in intents))[:3]
    asked = asks_unread(reading.words)
    mentions = bool(asked) or any(_speaks_of_the_case(word) for word in reading.words)
    if other > 0:
        words = ", ".join(f"'{w}'" for w in dict.fromkeys(tally.words[Category.ANNET]))
        # weak signs ("passer", "takk", "kommer") are sure only where no appointment is named
        strong = other >= OTHER_SURE_WEIGHT or not mentions
        sure = strong and (not intents or other - intents[0][1] >= SURE_MARGIN)
        return Suggestion(
            Category.ANNET,
            N_("tekst: {words}").format(words=words),
            sure,
            alternatives,
            tally.best[Category.ANNET].rule,
        )
    # Finding no wish is no evidence against one: only a message that does not speak of an
    # appointment, a referral or a waiting list at all is surely about something else.
    if asked and not intents:
        # "Gi meg en torsdag", "æ drøppe det": asked, or a time named, and no rule read it
        return Suggestion(
            Category.ANNET,
            N_("tekst: {words}, men ikke klart hva pasienten vil").format(
                words=", ".join(f"'{w}'" for w in asked[:3])
            ),
            False,
            (*alternatives, *(c for c in _LIKELY if c not in alternatives))[:3],
            "annet/uklart",
        )
    if intents or mentions:
        return Suggestion(
            Category.ANNET,
            N_("tekst: nevner timen, men ikke hva pasienten vil"),
            False,
            (*alternatives, *(c for c in _LIKELY if c not in alternatives))[:3],
            "annet/uklart",
        )
    return Suggestion(
        Category.ANNET, N_("tekst: ingen ønske om timen"), True, alternatives, "annet/ikke-timen"
    )


_CASE_WORDS = ("henvisning", "venteliste", "liste", "kø", "innkalling", "frist", "helsehjelp")
"""Words for a patient's case besides the appointment itself."""
_CASE_STEMS = ("henvis", "tilvis", "innkall", "venteli")
_CASE_ENDS = ("dato", "operasjon", "kontroll", "undersøkelse", "henvisning", "innkalling")


def _speaks_of_the_case(word: Word) -> bool:
    """True for a word about the appointment or the case leading to it.

    Compounds too ("operasjonsdato", "kneoperasjon", "ventelisteplass"); not "fødselsdato".
    """
    if appointment(word) or word.is_(*_CASE_WORDS):
        return True
    lemma = word.lemma
    return lemma.startswith(_CASE_STEMS) or (
        lemma.endswith(_CASE_ENDS) and not lemma.startswith("fødsel")
    )


_ORDER = {
    Category.AVBESTILLING: 0,
    Category.ENDRING: 1,
    Category.PURRING: 2,
    Category.ANNET: 3,
    Category.GEBYR: 4,
}
_LIKELY = (Category.ENDRING, Category.AVBESTILLING, Category.PURRING)


def _unsure_other(reason: str, rule: str) -> Suggestion:
    return Suggestion(Category.ANNET, reason, False, (Category.ANNET, *_LIKELY[:2]), rule)


def classify(
    type_code: str, text: str, site_words: SiteWords = NO_SITE_WORDS, weights: Weights | None = None
) -> Suggestion:
    """Suggest a category from the TypeForesp code when it is clear, else from the text."""
    code = type_code.strip().upper()
    if code in CODE_CATEGORIES:
        category = CODE_CATEGORIES[code]
        return Suggestion(
            category, N_("kode {code}").format(code=code), True, (category,), f"kode {code}"
        )
    return classify_text(text, site_words, weights)
