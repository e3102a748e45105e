"""Words that suggest a patient needs urgent help, which this channel is not for.

The procedure: messages are not for "øyeblikkelig hjelp eller avklaringer som haster". A
message whose words suggest urgency gets a hint for the clerk (phone the patient, follow the
local routine); it is only ever a hint, never an automatic reply.

The message is read as the classifier reads it (`tui.core.rules.language`: base forms, clauses,
negation), and checked against *red flags*: what a triage nurse would not want a clerk to miss
(`RED_FLAGS`: signs of stroke, breathing trouble, chest pain, sudden loss of sight, fever with
confusion or a stiff neck, heavy bleeding, bleeding or pain in pregnancy, a severe allergic
reaction, thoughts of suicide or self-harm also in veiled words ("lyst til å forsvinne",
"orker ikke mer"), fainting, fits, a child that hardly responds), and the words a site adds in
`[urgent] words`. A flag in a negated clause ("ingen brystsmerter", "det haster ikke") is
reported as negated, unless a following "men" clause brings it back ("ikke hatt brystsmerter
før, men nå har jeg det"). Not raised: a flag the patient reports as over ("hadde blødning i
fjor, men det stoppet"), as harmless ("..., men det var ikke noe farlig"), as a past episode
("hjerneslag i fjor", "besvimte for to måneder siden", unless it goes on), thanks for ("takk
for hjelpen på akuttmottaket"), the emergency room named as a place ("beskjed på akutten"),
a referral's priority ("skrev haster på henvisningen"). A "men" clause that only hopes ("men
det går sikkert over") leaves the sign standing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import Enum
from functools import cached_property
from typing import TYPE_CHECKING

from tui.core.i18n import _
from tui.core.rules.month_names import MONTH_NAMES
from tui.core.settings import setting, text_list

if TYPE_CHECKING:
    from tui.core.rules.language import Reading, Word
    from tui.core.rules.learned import Weights

MONTHS = frozenset(MONTH_NAMES)
"""The months ("i mars" told in the past tense is a past episode)."""

RED_FLAGS: tuple[str, ...] = (
    # explicit urgency
    "akutt",
    "haste",
    "hastesak",
    "øyeblikkelig + hjelp",
    # chest pain, heart attack
    "brystsmerte*",
    "bryst|brystet + vond*|smerte*|press|trykk*|stikk*|klem*",
    "hjerteinfarkt*|infarkt",
    # breathing
    "pustebesvær|tungpust*|andpusten|kveles|kvele*",
    "puste|pust|luft + ikke|tung*|dårlig*|vanskelig*|problem*|piper|strev*|knapt|nok",
    "leppe*|lepper|munn* + blå*",
    "puste|pust|pustar|puster + raskt|fort|hurtig*",
    "blåfarge*|blåleppet*",
    # stroke
    "hjerneslag",
    "munn|munnvik*|ansikt*|fjes|ansiktet + skjev*|henge*|slapp*|lam*|nummen",
    "snakke|snakker|tale|prate|snakkar + utydelig*|uklar*|rar*|snøvl*|ordentlig|vanskelig*",
    "snøvl*",
    "arm|armen|armer|bein|beinet|ben|side|siden|hånd|fot + lam*|nummen|slapp|svak*|henge*",
    "lamme|lammet|lammelse*|*lammelse|*lammet|*parese|ansiktslam*",
    # sudden loss of sight
    "syn|synet|øye|auge|auget|se|ser + miste*|mista|svart*|borte|forsvant|forsvinne*|dobbelt",
    "dobbeltsyn",
    "se|ser + ingenting + øye|øyet|auge|auget|plutselig|brått",
    "blind* + øye|øyet|auge|auget|plutselig|brått",
    # the worst headache, sudden
    "hodepine|hovudverk + verst*|voldsom*|plutselig|brått|kraftig*",
    "vondt + hode|hodet|hovud|hovudet + verst*|voldsom*|plutselig|brått",
    # fever with confusion or a stiff neck; fever in a baby; a child that hardly responds
    "feber + forvirr*|stiv*|nakke*|baby*|spedbarn*|nyfødt*",
    "feber + mnd|måned*|månad*|uker|veker + datter*|dotter*|sønn*|son*|barn*|jente*|gutt*",
    "reagere|reagerer + ikke|nesten + snakke*|snakkar|tiltale*|rope*|kalle*",
    "reagere|reagerer + nesten + ikke",
    "slapp + svare|svarer|reagere|reagerer|våkne|våkner + ikke|nesten",
    "vekke + ikke|vanskelig*|nesten",
    "forvirr* + plutselig|brått|helt|heilt|veldig|husker",
    "stiv + nakke*",
    "mening|meining|sammenheng* + ikke|ikkje + snakke|snakker|snakkar|seier|sier|prate*",
    "liv + få|får|fekk|fikk + ikke|ikkje|nesten + henne|ham|han|ho|barnet|babyen|guten|jenta",
    # bleeding
    "blø|blør|blødde|blødd|blødning*",
    "blod + oppkast*|kaste*|tarm*|avføring*|hoste*",
    # pregnancy
    "gravid* + smerte*|*smerte|vondt|vond|rier|liv",
    "kjenne|kjent + liv + ikke",
    # severe allergic reaction
    "hoven|hovne*|hovner + tunge|tunga|leppe*|ansikt*|hals*|svelg*",
    "allergisk + reaksjon",
    "anafylak*",
    "hals* + trang",
    "svelge + problem*|ikke|vanskelig*",
    # suicide, self-harm
    "selvmord*|sjølvmord*",
    "ta + livet|liv",
    "leve + ikke|lenger",
    "skade + meg|seg|selv|sjølv",
    "tablett*|piller + vilje",
    "alle + tablett*|piller|pillene + ta|tatt|tok|svelge*|svelgd*",
    "vits + ikke|ingen + leve|livet",
    "alt + svart|mørkt|håpløst|meiningslaust|meningsløst",
    "orke|klare + ikke + mer - vente|vent*|gå|enn|jobbe|stå|sitte|lese|betale",
    "lyst|vil|ville|ønske + dø",
    "lyst + forsvinne",
    "forsvinne + godt|alltid + vil|ville|lyst|bare|ønske",
    "være + her + lenger + ikke + vil|ville|ønske|orke|lyst",
    "avskjedsbrev*",
    "brev + skrive|skrevet|skrive + familie*|barna|ungane",
    # fainting, fits, unconscious
    "besvim*|svime*|bevisstløs*|medvitslaus*|kramp*",
    "våkne + ikke",
    # --- widened by a triage nurse's questions, category by category ---
    # chest and heart: pain that spreads, cold sweat, a racing or stumbling heart
    "smerte*|vondt|trykk*|stråle* + kjeve*|venstre|skulderblad*",
    "stråle* + arm*",
    "kaldsvett*|klamsvett*|klam",
    "hjerte|hjertet + rase*|hamre*|galopp*|uregelmessig*|stopp*|hopp*",
    "hjerte|hjertet + slå|slår + fort|hardt|rart|ujevnt",
    "hjertestans|hjerteanfall|hjerteattakk",
    # breathing
    "andenød|åndenød|astmaanfall|kvelning*|surkl*",
    "puste|pust|pusten|pustar|puster + hive*|gispe*|sliter|slite|strever|greie*|får|klare*",
    "luft + få|får|fikk|nok + ikke|knapt",
    # stroke and the brain: words lost, one side numb or weak, sudden imbalance or confusion
    "ord|ordene|ordane + finne|finner|komme|kommer + ikke",
    "halve|halvdel*|ene + ansikt*|kropp*|side*|fjes* + nummen|lam*|slapp|prikk*|følelse*|henge*",
    "følelse*|kjensl*|kraft* + miste*|mista|borte + arm*|bein*|ben|hånd*|side*|ansikt*|begge",
    "stå|gå + bein|beina|bena|beina + ikke + klare*|greie*|kunne|kan",
    "balanse*|ustø* + plutselig|brått|miste*|mista",
    "forvirr*|desorient*|uklar + feber|nå|no|idag|plutselig|brått",
    "nakke* + bøye|bøyer|bøya + ikke|klare*|vondt|greie*",
    "epilepsi* + anfall*",
    "kollaps*|segne*",
    "falle|falt|datt|seig|sig + om|sammen|bakken|golvet|gulvet + plutselig|brått|bare",
    "bevissthet*|medvit* + miste*|mista",
    "slo|slått|slå + hode*|hovud* + falt|datt|falle|detta|ramla",
    "hodeskade*|hjernerystelse*",
    # the eye: a curtain, flashes, sudden loss
    "gardin*|skygge*|lysglimt* + øye*|auge*|syn*",
    # bleeding
    "avføring* + svart*|tjære*",
    "neseblod* + stoppe*|slutte*|stanse*|ikke",
    "blod + kaste*|oppkast*|spytte*|hoste*",
    "blod + komme|kommet|kommer|renne*|masse|mye|friskt|fosse*|strømme*|endetarm*",
    # consciousness and a person much changed
    "kontakt + ikke|dårlig|lite + få|får|er|oppnå*",
    "grå|gråblek|likblek + ansikt*|hud*|helt|heilt",
    # suicide and self-harm, also in veiled words
    "suicid*|overdose*",
    "livet|liv|alt + avslutte|ende|slutt*|orke*",
    "livet|liv + gi + opp",
    "hoppe|hopp + bru|brua|bro|broen|tak*|toget|foran|utfor|enklest|tanke*|tenke*|tenkte|lyst",
    "bedre + uten + meg|jeg",
    "leve + orke|orker|vil|ville|ønske + ikke",
    "død|døde + heller|bedre + var|være",
    "kutte|kuttar|kutter|risse + meg|seg|sjølv|selv",
    "mange + tablett*|piller|pillene|medisin* + ta|tatt|tok|svelge*",
    "samle|samlet|samla + tablett*|piller|pillene",
    "plan|planer + livet|dø|selvmord*|avslutte",
    "farvel|adjø + alle|familie*|barna|ungane|vil|ville",
    "gi|gir|gitt|ga|gav + bort + tingene|tinga|eiendelene|eigedelane + sine|sin|sitt|mine",
    "skade + noen|andre|barna",
    "stemmer + høre|hører|høyrer",
    # severe allergic reaction
    "elveblest*|utslett* + pust*|hoven*|hovne*|hals*|svelg*|tunge*|kroppen",
    "adrenalin*|epipen*",
    "stikk*|stukket|stukken + hoven*|hovne*|pust*|hals*",
    # pregnancy and birth
    "vannet|fostervann* + gå|gått|gikk|gjekk|går|lekke*|renne*",
    "rier|riene",
    "liv|spark*|bevegelse* + mindre|lite|ikke|kjenne*|merke* + baby*|barnet|magen",
    "svangerskapsforgiftning*|preeklampsi*|svangerskap* + blø*|smerte*|vondt",
    "gravid* + hodepine|syn*|hoven*|hovne*|flimmer*|blø*",
    "uke|uker|veke|veker + på + vei|veg + blø*|smerte*|vondt|rier",
    # infants and children
    "baby*|spedbarn*|nyfødt*|småbarn* + slapp|puste*|pust*|drikke|drikker|spise|bleie*|gul*",
    "baby*|spedbarn*|nyfødt* + drikke|spise|die|amme + ikke|nekte*",
    "bleie*|bleier + tørr*",
    "utslett*|prikk*|flekk* + blekne*|glass*|forsvinne + ikke|trykk*",
    # severe pain: sudden, unbearable
    "uutholdelig*|ulidelig*|uuthaldeleg*",
    "smerte*|vondt|*smerter + plutselig|brått + sterk*|kraftig*|voldsom*|forferdelig*",
    "smerte*|vondt + holde|halde + ut + ikke",
    "mage|magen + hard|stinn|spent + vondt|smerte*",
    "mage|magen + steinhard*|bretthard*|beinhard*",
    "kaste|kastar|kaster|kastet|spy*|oppkast* + grønt|grønn*|galle*",
    "testikkel*|pung* + smerte*|vondt|hoven*|hovne*",
    # after an operation or a procedure: infection, bleeding, a clot, nothing passing
    "feber + operasjon*|operert|inngrep*|biopsi*|skopi*|fødsel*|keisersnitt*|sår*|kateter*",
    "sår|såret|arr|arret|snitt* + puss*|verk*|åpne*|gape*|gått|gikk|sprukk*",
    "legg|leggen|leggene + hoven*|hovne*|vond*|smerte*|rød*",
    "tisse|tiss|urinere + ikke|klare*|greie*|få|får",
    "kateter* + tett*|blod*|lekk*",
    # sepsis: fever with shivering, a very ill person, mottled skin
    "feber + frysning*|frost*|skjelv*|klapr*|marmorer*",
    # fever while the body's defence is down: chemotherapy, an organ transplant
    "feber + cellegift*|cytostatik*|kjemo*|kreftbehandling*|transplant*",
    "marmorer*",
    "syk + veldig|svært|kjempe*|forferdelig* + kjenne*|føle*",
    # poisoning, low blood sugar, dehydration
    "forgift*|føling",
    "blodsukker* + lav*|høy*|over|under|stige*|falle*",
    "kaste|kastar|kaster|spy* + alt|opp + drikke|behold*|ned",
    "drikke + klare*|få|får|greie* + ikke",
    # asked whether to call the emergency number or an ambulance
    "112|113|ambulanse*",
)
"""Built-in red flags. Each is one or more groups joined by " + " that must all occur within
a few words of each other in one sentence; a group lists alternatives with "|", a "*" at the
end matches a word's beginning, at the start a word's end ("*smerte": "magesmerter"). Words
match the patient's word as written or its base form."""

DEFAULT_NEGATIONS = ("ikke", "ingen", "intet", "aldri", "uten")
"""Negations; a site may add its own in `[urgent] negations`."""

_WINDOW = 12
"""The words of one red flag stand at most this many words apart."""
_NOW = frozenset({"nå", "no", "plutselig", "brått", "idag", "dag", "natt", "morges", "morgon"})
"""Words that bring a negated red flag back in a following "men" clause."""
_OVER = frozenset(
    {
        "borte",
        "over",
        "bra",
        "bedre",
        "stoppe",
        "slutt",
        "forsvinne",
        "fin",
        "god",
        "stanse",
        "normal",
        "ufarlig",
    }
)
"""Words that say a red flag is over, in a following "men" clause."""
_HARMLESS = frozenset({"farlig", "farleg", "alvorlig", "alvorleg", "galt", "gale", "feil"})
"""Words that, negated in a following "men" clause, say it was nothing dangerous."""
_HOPED = frozenset(
    {"sikkert", "nok", "vel", "kanskje", "antakelig", "trolig", "håpe", "går", "blir"}
)
"""Words of a "men" clause that hope a red flag will pass rather than say it has: "men det
går sikkert over", "men det blir nok bra". The sign is still there."""
_PAST_UNITS = frozenset({"uke", "måned", "år", "veke", "månad", "mnd"})
_PAST_VERBS = frozenset(
    {"hadde", "var", "fikk", "fekk", "ble", "vart", "blei", "vore", "hatt", "måtte", "tok"}
)
_STILL = frozenset(
    {"fortsatt", "fremdeles", "framleis", "igjen", "stadig", "nå", "no", "idag", "ennå", "enno"}
)
"""Words that say a past sign goes on, or is back."""
_PLACES = ("akutten", "akuttmottak", "akuttmottaket", "akutmottaket", "akuttavdeling")
"""The emergency department named as a place, which is no urgency in itself."""


@dataclass(frozen=True)
class UrgentHint:
    """What the words of a message suggest: the urgent words found, and the negated ones."""

    words: tuple[str, ...] = ()
    """Urgent words or phrases found in the message (lower case)."""
    negated: tuple[str, ...] = ()
    """Urgent words that stood in a negated clause ("haster ikke"), shown but not flagged."""

    @property
    def urgent(self) -> bool:
        """True when at least one urgent word stands un-negated."""
        return bool(self.words)


NO_URGENT_WORDS = UrgentHint()
"""The hint for a text without any urgent word, negated or not."""


@dataclass(frozen=True)
class _Flag:
    """One red flag: groups of alternative words, all needed.

    `negative` when one group is a negation itself ("klarer ikke å puste").
    """

    groups: tuple[tuple[str, ...], ...]
    negative: bool
    consecutive: bool = False
    """A site's phrase: its words in a row, each matching at the start of a word."""
    unless: tuple[str, ...] = ()
    """Words that, standing among the flag's words or right after them, make it something
    else ("orker ikke mer" but not "orker ikke vente mer", "klarer ikke gå mer enn ...")."""

    @classmethod
    def parse(cls, flag: str) -> _Flag:
        flag, _dash, unless = flag.partition(" - ")
        groups = tuple(
            tuple(part.strip().lower() for part in group.split("|") if part.strip())
            for group in flag.split("+")
        )
        negative = any(term in _NEGATION_TERMS for group in groups for term in group)
        excluded = tuple(part.strip().lower() for part in unless.split("|") if part.strip())
        return cls(tuple(group for group in groups if group), negative, unless=excluded)

    @classmethod
    def phrase(cls, phrase: str) -> _Flag:
        """A site's word or phrase: each word matches at the start of a word, in a row."""
        words = tuple((word.lower() + "*",) for word in phrase.split())
        return cls(words, any(word[0][:-1] in _NEGATION_TERMS for word in words), True)

    @cached_property
    def _parts(self) -> tuple[tuple[frozenset[str], tuple[str, ...], tuple[str, ...]], ...]:
        """Each group as its whole words, word beginnings and word ends."""
        # Beginnings and ends carry the line breaks that `may_match`'s text puts around words.
        return tuple(
            (
                frozenset(t for t in group if "*" not in t),
                tuple("\n" + t[:-1] for t in group if t.endswith("*")),
                tuple(t[1:] + "\n" for t in group if t.startswith("*")),
            )
            for group in self.groups
        )

    def may_match(self, forms: frozenset[str], lines: str) -> bool:
        """False when some group has none of a sentence's words or base forms.

        `forms` holds them, `lines` the same one a line between line breaks: the quick test
        that most flags fail for most sentences.
        """
        for whole, beginnings, ends in self._parts:
            if whole & forms:
                continue
            if any(part in lines for part in beginnings) or any(part in lines for part in ends):
                continue
            return False
        return True


_NEGATION_TERMS = frozenset({"ikke", "ingen", "aldri", "ingenting", "uten", "utan"})


def _matches(term: str, word: Word) -> bool:
    if term.endswith("*"):
        return word.starts(term[:-1])
    if term.startswith("*"):  # the end of a compound: "*smerte" finds "magesmerter"
        end = term[1:]
        return word.lemma.endswith(end) or word.text.endswith(end)
    return word.is_(term)


class _State(Enum):
    """What a red flag found in a sentence says."""

    STANDING = "standing"
    """A sign the patient has now: it raises the hint."""
    NEGATED = "negated"
    """A sign denied ("ingen brystsmerter"): shown, not flagged."""
    OVER = "over"
    """A sign set aside: over, past, harmless, a habit, asked about, a place."""


@dataclass(frozen=True)
class UrgentRule:
    """The urgent words: the built-in red flags and a site's own (`[urgent]`)."""

    words: tuple[str, ...] = setting((), text_list)
    """The site's own words and phrases, added to `RED_FLAGS`."""
    negations: tuple[str, ...] = setting((), text_list)
    """The site's own negation words, added to the built-in ones."""

    def describe(self) -> str:
        """In words for the clerk: the built-in red flags and the site's own words."""
        if not self.words:
            return _("{count} innebygde varseltegn").format(count=len(RED_FLAGS))
        return _("{count} innebygde varseltegn og stedets egne ord: {words}").format(
            count=len(RED_FLAGS), words=", ".join(f"«{word}»" for word in self.words)
        )

    @cached_property
    def _flags(self) -> tuple[_Flag, ...]:
        return (
            *(_Flag.parse(flag) for flag in RED_FLAGS),
            *(_Flag.phrase(word) for word in self.words if word.split()),
        )

    @cached_property
    def _negations(self) -> frozenset[str]:
        return frozenset(word.lower() for word in (*DEFAULT_NEGATIONS, *self.negations))

    def check(self, text: str, weights: Weights | None = None) -> UrgentHint:
        """The urgent words in `text`, split into standing and negated.

        `weights`: the learned layer (the shipped one when None; `NO_WEIGHTS`: red flags only).
        """
        if not text.strip():
            return NO_URGENT_WORDS
        from tui.core.rules.language import read  # the language data loads with the first message

        return self.check_reading(read(text), weights)

    def check_reading(self, reading: Reading, weights: Weights | None = None) -> UrgentHint:
        """The urgent words in a message already read.

        Where no red flag stands, nor one set aside (negated, over, past), the learned layer
        may still raise the hint: a message whose words, weighed together, look like the
        urgent ones it was trained on. Then the words that weighed most are shown.
        """
        found: list[str] = []
        negated: list[str] = []
        flagged = False
        sentences = list(reading.sentences())
        for number, sentence in enumerate(sentences):
            following = sentences[number + 1] if number + 1 < len(sentences) else ()
            forms = frozenset(form for word in sentence for form in (word.text, word.lemma))
            lines = "\n" + "\n".join(forms) + "\n"
            for flag in self._flags:
                if not flag.may_match(forms, lines):
                    continue
                match = _find(flag, sentence)
                if match is None:
                    continue
                words = _quote(sentence, match)
                state = self._state(flag, sentence, match, following)
                if state is _State.STANDING:
                    found.append(words)
                elif state is _State.NEGATED:
                    negated.append(words)
                flagged = True
        standing = _widest(found)
        set_aside = tuple(w for w in _widest(negated) if w not in standing)
        if not flagged:
            return _learned(reading, weights)
        return UrgentHint(standing, set_aside)

    def _state(
        self,
        flag: _Flag,
        sentence: Sequence[Word],
        match: list[int],
        following: Sequence[Word],
    ) -> _State:
        """The state of the red flag found at `match`: standing, negated or over."""
        words = [sentence[i] for i in match]
        if any(word.reported for word in words):
            return _State.OVER  # "takk for at dere tok vare på meg etter hjerteinfarktet"
        if all(word.text.startswith(_PLACES) for word in words):
            return _State.OVER  # "fikk beskjed på akutten": a place, not an emergency
        # nynorsk "tilvising" reads as "henvisning" (`Word.is_` matches the base form too)
        if any(word.is_("haste", "akutt") for word in words) and any(
            w.is_("henvisning", "søknad") for w in sentence
        ):
            return _State.OVER  # "legen skreiv «haster» på tilvisinga": the referral's priority
        if _past_episode(sentence, match) or _for_years(sentence) or _habitual(sentence):
            return _State.OVER  # "hadde et lite hjerneslag i fjor", "tungpust i mange år"
        if _after_the_event(sentence, match) or _known_reason(sentence, match):
            return _State.OVER  # "bor på sykehjem etter hjerneslaget i fjor", "henvist fordi ..."
        if any(w.is_("innlagt", "innlagd", "innlagde") for w in sentence):
            return _State.OVER  # "er innlagt på medisinsk etter brystsmerter": in hospital's care
        if flag.negative and _before_any(sentence, min(match), 5, _FEARS):
            return _State.OVER  # "redd eg ikkje klarer å drikke all væska": a worry ahead
        if _asked_about(sentence, match):
            return _State.OVER  # "kan jeg blø mye etter biopsien?": a risk asked about
        after = _after_but(sentence, max(match), following)
        is_negated = not flag.negative and any(
            sentence[i].negated or self._negated_by_site(sentence, i) for i in match
        )
        if is_negated:
            if after and any(w.is_(*_NOW) for w in after) and not any(w.negated for w in after):
                return _State.STANDING  # "ikke hatt brystsmerter før, men nå har jeg det"
            return _State.NEGATED
        if after and any(w.is_(*_HARMLESS) and w.negated for w in after):
            return _State.OVER  # "var på legevakta med brystsmerter, men det var ikkje noko farleg"
        if (
            after
            and any(w.is_(*_OVER) for w in after)
            and not any(w.negated for w in after)
            and not any(w.is_(*_HOPED) for w in after)
        ):
            return _State.OVER  # "hadde blødning i fjor, men det stoppet av seg selv"
        if _resolved(sentence, max(match), following):
            return _State.OVER  # "..., det gikk heldigvis fint", "og det er helt borte nå"
        return _State.STANDING  # also "men det går sikkert over": hoped, not over

    def _negated_by_site(self, sentence: Sequence[Word], index: int) -> bool:
        """A site's own negation word just before the word, in its clause."""
        if not self.negations:
            return False
        clause = sentence[index].clause
        for other in range(max(index - 3, 0), index):
            if sentence[other].clause == clause and sentence[other].text in self._negations:
                return True
        return False


LEARNED_WORDS = 3
"""How many of the patient's words the hint names when the learned layer raised it."""


def _learned(reading: Reading, weights: Weights | None) -> UrgentHint:
    """The hint from the learned layer alone, or none."""
    from tui.core.rules.learned import content_features, shipped, word_features

    weights = shipped() if weights is None else weights
    if weights.urgent is None or not reading.words:
        return NO_URGENT_WORDS
    words = content_features(word_features(reading))
    features = dict.fromkeys(words, 1.0)
    (probability,) = weights.urgent.probabilities(features).values()
    if probability < weights.urgent_threshold:
        return NO_URGENT_WORDS
    return UrgentHint(tuple(weights.urgent.decisive(features, words, "urgent", LEARNED_WORDS)))


def _before_any(sentence: Sequence[Word], index: int, span: int, lemmas: frozenset[str]) -> bool:
    before = sentence[max(index - span, 0) : index]
    return any(w.is_(*lemmas) for w in before)


_FEARS = frozenset(
    {"redd", "engstelig", "bekymret", "bekymra", "nervøs", "frykte", "uroleg", "urolig", "vegre"}
)
"""Words of a worry: a sign feared ahead ("redd jeg ikke klarer å drikke"), not had."""

_HABITUAL = frozenset({"ofte", "pleie", "pleier", "vanligvis", "iblant", "stundom", "utover"})
"""Words that make a sign a habit or a known state, not an event ("blir ofte forvirret")."""

_REFERRAL = ("henvis", "tilvis", "henvist", "tilvist")
_BECAUSE = frozenset({"fordi", "pga", "grunn", "grunnet", "grunna", "ettersom", "sidan"})

_PAST_TIMES = frozenset({"sommer", "vinter", "høst", "haust", "vår", "jul", "jula", "påske"})
"""Seasons and holidays: "i sommer", "i jula" told in the past tense is a past episode."""


def _habitual(sentence: Sequence[Word]) -> bool:
    """True for a sign told as a habit ("blir ofte forvirret utover ettermiddagen").

    Unless it is sudden or worse: "plutselig", "brått", "verre".
    """
    if any(w.is_("plutselig", "brått", "verre", "verste") for w in sentence):
        return False
    return any(w.is_(*_HABITUAL) for w in sentence)


def _after_the_event(sentence: Sequence[Word], match: list[int]) -> bool:
    """True for "etter hjerneslaget i fjor": the sign named as a past event, a point in time."""
    first, last = min(match), max(match)
    if first == 0 or not sentence[first - 1].is_("etter"):
        return False
    return _past_time(sentence[last + 1 : last + 6])


def _past_time(words: Sequence[Word]) -> bool:
    """True when the words name a time gone by: "i fjor", "for to år siden", "i mars"."""
    for index, word in enumerate(words):
        following = words[index + 1] if index + 1 < len(words) else None
        if word.is_("fjor") or (word.text[:2] in ("19", "20") and len(word.text) == 4):
            return True
        if word.is_("forrige", "førre") and following is not None:
            return following.lemma in _PAST_UNITS
        if word.is_("siden"):  # "sidan" and "sia" read as "siden"
            ago = words[max(index - 3, 0) : index]
            if any(w.is_("for") for w in ago) and any(w.lemma in _PAST_UNITS for w in ago):
                return True
        if (
            word.is_("i")
            and following is not None
            and (following.lemma in MONTHS or following.lemma in _PAST_TIMES)
        ):
            return True
    return False


def _known_reason(sentence: Sequence[Word], match: list[int]) -> bool:
    """True for a sign given as the reason for a referral ("henvist fordi jeg har hatt blod").

    The reason the patient waits for an appointment, known to the doctor who referred; not
    when it is sudden, worse or back now.
    """
    before = sentence[: min(match)]
    if not any(w.starts(*_REFERRAL) for w in before):
        return False
    if not any(w.is_(*_BECAUSE) for w in before):
        return False
    return not any(w.is_(*_STILL, "plutselig", "brått", "verre") for w in sentence)


def _resolved(sentence: Sequence[Word], position: int, following: Sequence[Word]) -> bool:
    """True when words after the sign say it went well, in its sentence or the next.

    "det gikk heldigvis fint", "det er helt borte nå", "han har kommet seg"; not negated or
    hoped ("men det går sikkert over").
    """
    words = [*sentence[position + 1 :], *following]
    for index, word in enumerate(words):
        near = words[max(index - 3, 0) : index + 4]  # the word itself too
        if any(w.negated or w.text in _HOPED for w in near):
            continue
        # "det" reads as "den", "fint" as "fin"
        if word.is_("borte") and any(w.is_("den", "alt") for w in near):
            return True
        if word.text in ("gikk", "gjekk", "gått") and any(
            w.is_("bra", "fin", "greit", "over") for w in near
        ):
            return True
        if word.lemma == "komme" and index + 1 < len(words) and words[index + 1].is_("seg"):
            return word.text != word.lemma  # "har kommet seg", not "komme seg til"
    return False


def _past_episode(sentence: Sequence[Word], match: list[int]) -> bool:
    """True for a sign told as a past episode: "i fjor", "for to måneder siden", "forrige år".

    The sign is in the past tense ("hadde", "var", "svima") and nothing says it goes on or is
    back ("fortsatt", "igjen", "nå"). Hours and days ago are no past episode: that may still be
    going on.
    """
    first = min(match)
    told = sentence[first].lemma != sentence[first].text and sentence[first].text.endswith(
        ("te", "de", "a", "et")
    )
    told = told or any(w.text in _PAST_VERBS for w in sentence[:first])
    if not told or any(w.is_(*_STILL) or (w.negated and w.lemma in _OVER) for w in sentence):
        return False  # "nå", "igjen", "som ikke har stoppet": it goes on
    if _past_time(sentence):
        return True
    # "sist jeg fastet", "den gangen", "forrige gang": an earlier occasion
    return any(
        (w.is_("sist", "sidst") and i + 1 < len(sentence) and sentence[i + 1].is_(*_PEOPLE))
        or (w.is_("gang", "gong") and i and sentence[i - 1].is_("den", "forrige", "førre"))
        for i, w in enumerate(sentence)
    )


_PEOPLE = ("jeg", "eg", "vi", "me", "han", "hun", "ho", "gang", "gong")


def _for_years(sentence: Sequence[Word]) -> bool:
    """True for a sign had for years ("i mange år", "i årevis"): long known, not sudden.

    Unless it is worse now or back: "nå", "plutselig", "verre", "igjen".
    """
    if any(w.lemma in _STILL or w.is_("plutselig", "brått", "verre", "verste") for w in sentence):
        return False
    for index, word in enumerate(sentence):
        if word.is_("årevis"):
            return True
        if word.is_("år") and index >= 2 and sentence[index - 2].is_("i"):
            # "flere" and "fleire" read as "mange"
            return sentence[index - 1].is_("mange") or _number(sentence[index - 1])
    return False


_NUMBERS = ("to", "tre", "fire", "fem", "seks", "sju", "syv", "åtte", "ni", "ti", "tolv", "tjue")
"""Numbers of years written out ("i sju år"); one year is not years."""


def _number(word: Word) -> bool:
    return word.text.isdigit() or word.is_(*_NUMBERS)


def _asked_about(sentence: Sequence[Word], match: list[int]) -> bool:
    """True for a sign asked about as a risk: "kan jeg blø etter biopsien?".

    A modal, a subject, the sign in its base form: "kan man få hjerteinfarkt av ...?".
    """
    first = min(match)
    word = sentence[first]
    if not word.question or word.text != word.lemma or first < 2:
        return False
    # "eg" reads as "jeg", "kan" as "kunne", "vil" as "ville"
    subject = sentence[first - 1].is_("jeg", "man", "en", "han", "hun", "ho")
    return subject and sentence[first - 2].is_("kunne", "ville", "risikere")


def _widest(phrases: list[str]) -> tuple[str, ...]:
    """The phrases in order, once each, leaving out one that a longer one holds."""
    unique = list(dict.fromkeys(phrases))
    return tuple(p for p in unique if not any(p != q and f" {p} " in f" {q} " for q in unique))


def _quote(sentence: Sequence[Word], match: list[int]) -> str:
    """The patient's words of a red flag: the whole span when short ("leppene er blå")."""
    first, last = min(match), max(match)
    if last - first < 5:
        return " ".join(word.text for word in sentence[first : last + 1])
    return " … ".join(sentence[i].text for i in sorted(set(match)))


def _after_but(
    sentence: Sequence[Word], position: int, following: Sequence[Word]
) -> Sequence[Word]:
    """The words of the "men" clause after `position`, in this sentence or opening the next."""
    for index in range(position + 1, len(sentence)):
        if sentence[index].is_("men"):
            clause = sentence[index].clause
            return [w for w in sentence[index + 1 :] if w.clause == clause]
    if following and following[0].is_("men"):
        clause = following[0].clause
        return [w for w in following[1:] if w.clause == clause]
    return ()


def _find(flag: _Flag, sentence: Sequence[Word]) -> list[int] | None:
    """The indexes of the words that make up `flag` in `sentence`, or None."""
    first = flag.groups[0]
    for start, word in enumerate(sentence):
        if not any(_matches(term, word) for term in first):
            continue
        match = [start]
        if flag.consecutive:
            for offset, group in enumerate(flag.groups[1:], start=1):
                index = start + offset
                if index >= len(sentence) or not any(
                    _matches(term, sentence[index]) for term in group
                ):
                    break
                match.append(index)
            else:
                return match
            continue
        for group in flag.groups[1:]:
            low, high = max(start - _WINDOW, 0), min(start + _WINDOW + 1, len(sentence))
            found = next(
                (
                    i
                    for i in range(low, high)
                    if i not in match and any(_matches(term, sentence[i]) for term in group)
                ),
                None,
            )
            if found is None:
                break
            match.append(found)
        else:
            if not _excluded(flag, sentence, match):
                return match
    return None


def _excluded(flag: _Flag, sentence: Sequence[Word], match: list[int]) -> bool:
    """True when one of the flag's `unless` words stands among its words or right after.

    Right after, past an "å": "orker ikke mer å vente" is waiting that cannot be borne.
    """
    if not flag.unless:
        return False
    after = max(match) + 1
    if after < len(sentence) and sentence[after].is_("å"):
        after += 1
    span = sentence[min(match) : after + 1]
    return any(_matches(term, word) for word in span for term in flag.unless)
