"""Reading Norwegian as patients write it: words, base forms, clauses, negation, questions.

A message is split into sentences and clauses, and each word gets its base form (lemma) from
simplemma's bokmål and nynorsk dictionaries, so "avbestilte", "flytta" and "venta" are read as
"avbestille", "flytte" and "vente". Where the library is wrong for this kind of text, or a
nynorsk or dialect form should read as the bokmål word the rules use ("kjem", "ikkje", "æ"),
`EXCEPTIONS` decides. A word neither dictionary knows is matched against the words the rules
look for, allowing one typing error ("avbestile", "henvisnig"), with rapidfuzz.

The dictionaries are loaded on the first message read, never at start-up: `tui.core.rules.classify`
and `tui.core.rules.urgent` call `read` only when a message arrives.

A word is *negated* when a negation ("ikke", "ikkje", "ingen", "aldri" ...) stands just before
it or up to a few words ahead of it in the same clause: "kommer ikke", "ikke hørt noe",
"har ikke fått noen innkalling". A new clause ends the negation: after "men" ("ikke før, men
nå"), a comma, or a second verb of will or ability ("kan ikke komme torsdag kan dere flytte").
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, ClassVar

from tui.core.rules.month_names import MONTH_ABBREVIATIONS, MONTH_NAMES

if TYPE_CHECKING:
    from simplemma import Lemmatizer

LANGUAGES = ("nb", "nn")
"""simplemma's Norwegian: bokmål first, then nynorsk."""

SENTENCE_WORDS = 60
"""A sentence longer than this (a long text without punctuation) is read in pieces, so the
time a message takes grows with its length, not with the square of it."""

MAX_CHARACTERS = 5_000
"""Longer texts are read up to here (a Helsenorge message holds at most 1 000 characters)."""

EXCEPTIONS: dict[str, str] = {
    # nynorsk and dialect forms read as the bokmål word the rules are written with
    "eg": "jeg",
    "æ": "jeg",
    "je": "jeg",
    "ikkje": "ikke",
    "ikkj": "ikke",
    "itj": "ikke",
    "kje": "ikke",
    "ikk": "ikke",
    "inkje": "ingen",
    "kjem": "komme",
    "kjæm": "komme",
    "kæm": "komme",
    "kome": "komme",
    "koma": "komme",
    "kom": "komme",
    "ka": "hva",
    "kva": "hva",
    "kor": "hvor",
    "korleis": "hvordan",
    "kven": "hvem",
    "når": "når",
    "nar": "når",
    "pa": "på",
    "dykk": "dere",
    "dokker": "dere",
    "ynskje": "ønske",
    "ynskjer": "ønske",
    "gløymt": "glemme",
    "gløymd": "glemme",
    "glømt": "glemme",
    "glømd": "glemme",
    "høyrt": "høre",
    "høyra": "høre",
    "hørrt": "høre",
    "veke": "uke",
    "veka": "uke",
    "veker": "uke",
    "annan": "annen",
    "anna": "annen",
    "ein": "en",
    "eit": "et",
    "ei": "en",
    "tidlegare": "tidlig",
    "seinare": "sen",
    "seinere": "sen",
    "sein": "sen",
    "tilvising": "henvisning",
    "tilvisinga": "henvisning",
    "tilvisingen": "henvisning",
    "tilvisning": "henvisning",
    "enno": "ennå",
    "enda": "ennå",
    "framleis": "fortsatt",
    "sidan": "siden",
    "sia": "siden",
    "mogleg": "mulig",
    "staden": "sted",
    "stad": "sted",
    "isteden": "sted",
    "istedenfor": "sted",
    "tima": "time",
    "tiem": "time",  # letters swapped in a short word the typo repair leaves alone
    "tmie": "time",
    "tiemn": "time",
    "timen": "time",
    "timar": "time",
    "timane": "time",
    "sjukehus": "sykehus",
    "sjukehuset": "sykehus",
    "mæ": "jeg",
    "meg": "jeg",
    "mi": "jeg",
    "no": "nå",
    "går": "gå",
    "gått": "gå",
    "kalla": "kalle",
    "pustar": "puste",
    "pusten": "pust",
    "hoven": "hoven",
    "hovent": "hoven",
    "hovne": "hoven",
    "hovner": "hoven",
    # where the dictionary reads a word of this domain as another word
    "slette": "slette",
    "slett": "slette",
    "utsette": "utsette",
    "byte": "bytte",
    "fjern": "fjerne",
    "stryk": "stryke",
    "avlys": "avlyse",
    "si": "si",
    "flyte": "flytte",  # "to float": in a message about an appointment, a missing t
    "blødd": "blø",
    "prøvesvar": "prøvesvar",
    "prøvesvaret": "prøvesvar",
    "bruk": "bruk",
    "legetimen": "time",
    "kontrolltimen": "time",
    "telefontime": "telefontime",
    "videomøte": "video",
    "videokonsultasjon": "video",
    "telefonkonsultasjon": "telefontime",
    "epikrisen": "epikrise",
    "avslutt": "avslutte",
    "maser": "mase",
    "innkalt": "innkalle",
    "tors": "torsdag",
    "ons": "onsdag",
    "tirs": "tirsdag",
    "fre": "fredag",
    "man": "man",
    "lista": "liste",
    "trekk": "trekke",  # the imperative ("trekk meg frå lista"), not the noun
    "komen": "komme",
    "innkallelse": "innkalling",
    "vidare": "videre",
    "utgreiing": "utredning",
    "utgreiinga": "utredning",
    "undersøking": "undersøkelse",
    "undersøkinga": "undersøkelse",
    "innkallelsen": "innkalling",
    "fastande": "faste",
    "døy": "dø",  # nynorsk "to die", not the dictionary's "døye"
    "døye": "dø",
    "døyr": "dø",
    "meir": "mer",
    "fastende": "faste",
    "stadfesting": "bekreftelse",
    "stadfestinga": "bekreftelse",
    "drøppe": "droppe",  # spoken English in Norwegian spelling
    "drøpper": "droppe",
    "setje": "sette",  # nynorsk verbs read as the bokmål the rules use
    "utsetje": "utsette",
    "utsetja": "utsette",
    "rekne": "regne",
    "rekna": "regne",
    "rekn": "regne",
}
"""Words whose base form the rules need and the dictionaries do not give (or give wrongly)."""

NEGATIONS = frozenset(
    {"ikke", "ingen", "intet", "ingenting", "aldri", "uten", "utan", "inga", "ingi", "hverken"}
)
"""Words that negate what stands near them in the same clause (after `EXCEPTIONS`)."""

_NEGATION_BEFORE = 2
"""A negation reaches this many words back ("det haster ikke", "trenger jeg ikke") ..."""
_NEGATION_AFTER = 4
"""... and this many forward ("har ikke fått noen innkalling"), within its clause."""

_SCOPE_ENDS = frozenset(
    {"men", "og", "fordi", "siden", "når", "hvis", "dersom", "kan", "vil", "skal", "må"}
)
"""Words after a negation where it stops: a new clause or a new verb of will or ability.
Not "eller": "ikke svimmel eller besvimt" negates both."""

_CLAUSE_WORDS = frozenset({"men", "fordi", "dersom", "hvis"})
"""Conjunctions that begin a new clause."""

QUESTION_STARTS = frozenset(
    {
        "kan",
        "kunne",
        "går",
        "gå",
        "er",
        "passer",
        "har",
        "vil",
        "får",
        "blir",
        "skal",
        "hva",
        "hvor",
        "når",
        "hvordan",
        "hvorfor",
        "hvilken",
        "hvilket",
        "hvem",
        "kva",
        "kor",
        "korleis",
        "ka",
        "kven",
        "finnes",
        "fins",
        "står",
        "må",
    }
)
"""First words that make a sentence a question even without "?" (SMS style)."""

_GREETINGS = frozenset({"hei", "hallo", "heisann", "hej", "hi", "morn", "god", "dag", "morgen"})
_REPORTING = frozenset({"takk", "tusen", "takket"})
"""First words of a clause that thanks for, rather than asks for, something."""

_TOKEN = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*|\d+(?:[.:]\d+)*|[.!?;:,\n]", re.UNICODE)
_SENTENCE_END = frozenset(".!?\n")
"""Ends of a sentence (a line break only when it leaves a blank line)."""
_CLAUSE_END = frozenset(";:,")


@dataclass(frozen=True, slots=True)
class Word:
    """One word of a message, as the rules see it."""

    text: str
    """The word as written, in lower case."""
    lemma: str
    """Its base form ("avbestilte" -> "avbestille"), after the exceptions and typo repair."""
    sentence: int
    clause: int
    negated: bool = False
    """A negation stands close to it in its clause."""
    question: bool = False
    """Its sentence asks something ("?" at the end, a question word or verb first, or an
    indirect question: "jeg lurer på om ...")."""
    reported: bool = False
    """Its clause thanks for or reports what someone else did ("takk for at dere flyttet")."""

    def is_(self, *lemmas: str) -> bool:
        """True when the word's base form or its written form is one of `lemmas`."""
        return self.lemma in lemmas or self.text in lemmas

    def starts(self, *stems: str) -> bool:
        """True when the base form or the written form begins with one of `stems`."""
        return self.lemma.startswith(stems) or self.text.startswith(stems)


@dataclass(frozen=True)
class Reading:
    """A message read into words, with what the rules need to know about each."""

    words: tuple[Word, ...]
    characters: int
    """The length of the whole text, before any cut (`MAX_CHARACTERS`)."""
    letters: int
    """How many letters the text has at all (0 for emoji or punctuation only)."""

    @property
    def is_norwegian(self) -> bool:
        """True unless a text of some length has none of Norwegian's most common words."""
        if len(self.words) < 4:
            return True
        return any(word.lemma in _COMMON_NORWEGIAN for word in self.words)

    def sentences(self) -> Iterator[tuple[Word, ...]]:
        """The words sentence by sentence (a run-on sentence in pieces of `SENTENCE_WORDS`)."""
        current: list[Word] = []
        number = -1
        for word in self.words:
            if (word.sentence != number and current) or len(current) >= SENTENCE_WORDS:
                yield tuple(current)
                current = []
            number = word.sentence
            current.append(word)
        if current:
            yield tuple(current)


_COMMON_NORWEGIAN = frozenset(
    {
        "jeg",
        "du",
        "han",
        "hun",
        "ho",
        "vi",
        "dere",
        "være",
        "ha",
        "kunne",
        "ville",
        "skulle",
        "ikke",
        "på",
        "og",
        "å",
        "til",
        "med",
        "for",
        "som",
        "det",
        "den",
        "en",
        "et",
        "time",
        "hei",
        "takk",
        "av",
        "om",
        "fra",
        "frå",
        "hva",
        "hvor",
        "når",
        "få",
        "komme",
        "min",
        "mitt",
        "hos",
        "vente",
        "siden",
        "nå",
        "noe",
        "ingen",
    }
)


class _Lemmas:
    """simplemma's bokmål and nynorsk dictionaries, loaded on first use (once per process)."""

    def __init__(self) -> None:
        self._lemmatizer: Lemmatizer | None = None
        self._lock = threading.Lock()

    def lemmatizer(self) -> Lemmatizer:
        """The lemmatiser, loading its dictionaries the first time."""
        if self._lemmatizer is None:
            with self._lock:
                if self._lemmatizer is None:
                    from simplemma import Lemmatizer
                    from simplemma.strategies import DefaultStrategy

                    # The low-memory store reads the compressed data without building a
                    # dictionary of every form: a fraction of the memory (bench/classify.py).
                    lemmatizer = Lemmatizer(lemmatization_strategy=DefaultStrategy(low_memory=True))
                    for language in LANGUAGES:
                        lemmatizer.lemmatize("time", lang=language)  # load both now, in one go
                    self._lemmatizer = lemmatizer
        return self._lemmatizer

    def is_known(self, word: str) -> bool:
        """True when bokmål or nynorsk has the word."""
        from simplemma import is_known

        self.lemmatizer()
        return is_known(word, lang=LANGUAGES, low_memory=True)

    def is_known_bokmaal(self, word: str) -> bool:
        """True when bokmål has the word."""
        from simplemma import is_known

        self.lemmatizer()
        return is_known(word, lang="nb", low_memory=True)


_LEMMAS = _Lemmas()


class _TypoTargets:
    """Words the rules look for that a misspelling may be repaired to (`add_typo_targets`)."""

    words: ClassVar[set[str]] = set()
    choices: ClassVar[tuple[str, ...]] = ()


def add_typo_targets(words: Iterable[str]) -> None:
    """Let misspellings of these words (one or two letters off) be read as them.

    The rules call this with their own words, so "avbestile" reads as "avbestille".
    """
    new = {word for word in words if len(word) >= 5 and " " not in word} - _TypoTargets.words
    if new:
        _TypoTargets.words.update(new)
        _TypoTargets.choices = tuple(sorted(_TypoTargets.words))
        base_form.cache_clear()


def load() -> None:
    """Load the dictionaries now (a worker can call this before the clerk needs them)."""
    _LEMMAS.lemmatizer()


@lru_cache(maxsize=65_536)
def base_form(word: str) -> str:
    """The base form of a lower-case word: the exceptions, the dictionaries, typo repair."""
    exception = EXCEPTIONS.get(word)
    if exception is not None:
        return exception
    if not word.isalpha():
        return word
    lemmatizer = _LEMMAS.lemmatizer()
    passive = _passive_verb(word, lemmatizer.lemmatize(word, lang="nb"))
    if passive:
        return base_form(passive)
    lemma: str = _bokmaal_infinitive(lemmatizer.lemmatize(word, lang=LANGUAGES))
    if len(word) < 5 or _LEMMAS.is_known(word):
        return EXCEPTIONS.get(lemma, lemma)
    repaired = _repair_typo(word)
    return repaired if repaired != word else EXCEPTIONS.get(lemma, lemma)


def _passive_verb(word: str, bokmaal: str) -> str:
    """The infinitive of a passive verb the dictionaries miss, or "".

    Bokmål "-es" ("timen kan slettes", which the dictionary reads as a word of its own) and
    nynorsk "-ast" ("kan avlysast", "bør avbestillast", which it reads as "avlysa" or cuts
    wrongly): the stem with "-e", when bokmål knows that verb.
    """
    if len(word) < 6:
        return ""
    if word.endswith("ast"):
        candidate = word[:-3] + "e"
    elif word.endswith("es") and bokmaal == word:
        candidate = word[:-1]
    else:
        return ""
    return candidate if _LEMMAS.is_known_bokmaal(candidate) else ""


def _bokmaal_infinitive(lemma: str) -> str:
    """A nynorsk a-infinitive ("avlysa", "bestemma") as the bokmål verb the rules use."""
    if len(lemma) < 5 or not lemma.endswith("a") or _LEMMAS.is_known_bokmaal(lemma):
        return lemma
    candidate = lemma[:-1] + "e"
    return candidate if _LEMMAS.is_known_bokmaal(candidate) else lemma


def _repair_typo(word: str) -> str:
    """An unknown word one typing error (two, for long words) from a word the rules use."""
    choices = _TypoTargets.choices
    if not choices:
        return word
    from rapidfuzz import process
    from rapidfuzz.distance import DamerauLevenshtein

    limit = 1 if len(word) < 9 else 2
    found = process.extractOne(
        word, choices, scorer=DamerauLevenshtein.distance, score_cutoff=limit
    )
    if found is None:
        return word
    repaired = str(found[0])
    return base_form(repaired) if repaired != word else word


@lru_cache(maxsize=64)
def read(text: str) -> Reading:
    """Read a message: its words with base form, sentence, clause, negation and question.

    Kept for the last few texts: the suggestion and the urgent words read the same message.
    """
    characters = len(text)
    text = text[:MAX_CHARACTERS].lower()
    tokens = _join_split_compounds(_TOKEN.findall(text))
    raw: list[tuple[str, str, int, int]] = []  # text, lemma, sentence, clause
    sentence = clause = 0
    sentence_questions: dict[int, bool] = {}
    statements: set[int] = set()
    for number, token in enumerate(tokens):
        if token == "\n" and tokens[number - 1 : number] != ["\n"]:
            # a single line break may only wrap a sentence; a blank line ends it
            clause += 1
            continue
        if token == "." and _abbreviated(tokens, number):
            continue  # "kl. 10", "den 7. mars": the point ends no sentence
        if token in _SENTENCE_END:
            if token == "?":
                sentence_questions[sentence] = True
            elif token in ".!":
                statements.add(sentence)
            sentence += 1
            clause += 1
            continue
        if token in _CLAUSE_END:
            clause += 1
            continue
        if token in _CLAUSE_WORDS:
            clause += 1
        raw.append((token, base_form(token), sentence, clause))
    words = _mark(raw, sentence_questions, statements)
    letters = sum(character.isalpha() for character in text)
    return Reading(tuple(words), characters, letters)


_SPLIT_PREFIXES = {"av": ("bestil", "bestill", "lys", "melde"), "om": ("bestil",)}
"""A prefix patients write apart from its verb: "av bestille", "av lyse", "om bestille"."""


def _join_split_compounds(tokens: list[str]) -> list[str]:
    """Tokens with a prefix written apart joined to its verb ("av bestille" -> "avbestille")."""
    joined: list[str] = []
    skip = False
    for number, token in enumerate(tokens):
        if skip:
            skip = False
            continue
        following = tokens[number + 1] if number + 1 < len(tokens) else ""
        stems = _SPLIT_PREFIXES.get(token)
        if stems and following.startswith(stems):
            joined.append(token + following)
            skip = True
        else:
            joined.append(token)
    return joined


def _abbreviated(tokens: list[str], number: int) -> bool:
    """True for the point of an abbreviation ("kl.", "ca.") or of a date ("7. mars")."""
    before = tokens[number - 1] if number else ""
    after = tokens[number + 1] if number + 1 < len(tokens) else ""
    if before in _ABBREVIATIONS:
        return True
    return before.isdigit() and len(before) <= 2 and (after in MONTHS or after.isdigit())


_ABBREVIATIONS = frozenset({"kl", "ca", "nr", "dr", "tlf", "evt", "pga", "bl", "eks", "jf"})

MONTHS = frozenset((*MONTH_NAMES, *MONTH_ABBREVIATIONS))
"""The months, written out or cut short."""

_STATEMENT_STARTS = frozenset(
    {"ikke", "ikkje", "dessverre", "nettopp", "allerede", "fortsatt", "ennå", "bare", "nok"}
)
"""Words that, right after a verb opening a sentence that ends in a full stop, show a subject
left out ("Har ventet lenge.", "Kan dessverre ikke komme."), not a question."""

_SHORT_VERBS = frozenset({"få", "ha", "gå", "se", "ta", "stå", "si", "bli", "gi", "be", "dø"})


def _left_out_subject(second: tuple[str, str, int, int]) -> bool:
    """True when the second word of a sentence shows its subject left out.

    A past participle, a sentence adverb or an object follows the opening verb ("Har ventet.",
    "Kan dessverre ikke.", "Har time onsdag."), where a question would have its subject
    ("Har dere ...", "Kan eg ...", "Er det ...", "Er timen ...").
    """
    text, lemma = second[0], second[1]
    if text in _STATEMENT_STARTS:
        return True
    if text in _SUBJECT_WORDS or lemma in _SUBJECT_WORDS:
        return False
    verb = lemma.endswith("e") or lemma in _SHORT_VERBS
    return (verb and text != lemma and text.endswith(("t", "d", "a"))) or text in ("time", "tid")


_SUBJECT_WORDS = frozenset(
    {
        "jeg",
        "du",
        "dere",
        "vi",
        "me",
        "de",
        "dei",
        "han",
        "hun",
        "ho",
        "det",
        "den",
        "denne",
        "dette",
        "man",
        "noen",
        "nokon",
        "min",
        "mitt",
        "mine",
    }
)


def _mark(
    raw: list[tuple[str, str, int, int]], questions: dict[int, bool], statements: set[int]
) -> list[Word]:
    """Mark each word negated or not, and in a question or not.

    A sentence asks when it ends in "?", when it is an indirect question ("jeg lurer på om"),
    or when a question word or a verb opens it (SMS style: "kan dere flytte timen"), unless it
    ends in a full stop and a participle or a sentence adverb follows the verb: then the
    subject is left out of a statement ("Har ventet på time siden jul.").
    """
    negated = [False] * len(raw)
    for index, (_text, lemma, _sentence, clause) in enumerate(raw):
        if lemma not in NEGATIONS or (index and raw[index - 1][0] == "eller"):
            continue  # "eller ikke?" asks; it negates nothing
        for back in range(index - 1, max(index - 1 - _NEGATION_BEFORE, -1), -1):
            if raw[back][3] != clause:
                break
            negated[back] = True
        for ahead in range(index + 1, min(index + 1 + _NEGATION_AFTER, len(raw))):
            if raw[ahead][3] != clause or raw[ahead][0] in _SCOPE_ENDS:
                break
            negated[ahead] = True
    first_words: dict[int, str] = {}
    clause_starts: dict[int, str] = {}
    for index, (text, _lemma, sentence, clause) in enumerate(raw):
        if sentence not in first_words and text not in _GREETINGS:
            following = raw[index + 1] if index + 1 < len(raw) else None
            stated = (
                sentence in statements
                and following is not None
                and following[2] == sentence
                and _left_out_subject(following)
            )
            first_words[sentence] = "" if stated else text
        clause_starts.setdefault(clause, text)
        # "jeg lurer på om/når ...", "vil vite om ...": an indirect question
        if text in ("lurer", "lure", "undrar", "lurar", "vite", "spør", "spørre") and any(
            later[0] in ("om", "når", "hvor", "hva", "kor", "kva", "hvordan", "hvilken", "hvilket")
            for later in raw[index + 1 : index + 4]
        ):
            questions[sentence] = True
    return [
        Word(
            text,
            lemma,
            sentence,
            clause,
            negated[index],
            questions.get(sentence, False) or first_words.get(sentence) in QUESTION_STARTS,
            clause_starts.get(clause) in _REPORTING,
        )
        for index, (text, lemma, sentence, clause) in enumerate(raw)
    ]
