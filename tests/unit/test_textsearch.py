"""Finding a text as the clerk types: fuzzy on title, keywords and body, best first."""

from __future__ import annotations

import pytest

from tui.core.texts.library import Template, TextLibrary
from tui.textsearch import TextIndex, acceptable


@pytest.fixture
def index(library: TextLibrary) -> TextIndex:
    return TextIndex(library.available())


def ids(index: TextIndex, query: str, suggested: str | None = None) -> list[str]:
    return [match.template.id for match in index.search(query, suggested)]


def test_empty_query_lists_every_text_with_the_suggestion_first(index: TextIndex) -> None:
    assert ids(index, "") == ["avbestilling", "gebyr", "annet", "endring", "purring"]
    assert ids(index, "  ", "purring")[0] == "purring"
    assert index.search("", "purring")[0].suggested


def test_title_matches_fuzzily_and_marks_the_letters(index: TextIndex) -> None:
    [match] = index.search("purr")
    assert match.template.id == "purring"
    assert match.title_offsets == (0, 1, 2, 3)
    avbst = index.search("avbst")
    assert avbst[0].template.id in {"avbestilling", "gebyr"}
    assert avbst[0].title_offsets in {(0, 1, 2, 4, 5), (20, 21, 22, 24, 25)}


def test_letters_across_title_words_match_like_the_command_palette(index: TextIndex) -> None:
    match = index.search("avbtim")[0]
    assert match.template.id == "avbestilling"
    title = match.template.title
    assert "".join(title[o] for o in match.title_offsets).lower() == "avbtim"


def test_body_words_match_with_a_typo_and_are_reported(index: TextIndex) -> None:
    [match] = index.search("ventetd")
    assert match.template.id == "purring"
    assert match.title_offsets == ()
    assert match.other_terms[0][0] == "ventetid"
    assert "ventetid" in index.matched_terms("ventetd")


def test_part_of_a_compound_word_matches(index: TextIndex) -> None:
    assert ids(index, "tid")[0] == "purring"  # ventetid


def test_every_query_word_must_match_somewhere(index: TextIndex) -> None:
    assert ids(index, "fastlege henvisning") == ["avbestilling"]
    assert set(ids(index, "fastlege")) == {"avbestilling", "purring"}
    assert ids(index, "fastlege gebyr") == []


def test_keywords_and_id_match(index: TextIndex) -> None:
    assert ids(index, "ventetid")[0] == "purring"
    assert ids(index, "resept") == ["annet"]  # a keyword only


def test_title_matches_rank_above_body_matches(index: TextIndex) -> None:
    # "time" is in four titles; the fee text only has "timer" and "timen" in its body.
    ranked = ids(index, "time")
    assert set(ranked[:4]) == {"endring", "avbestilling", "purring", "annet"}
    assert ranked[4:] == ["gebyr"]


def test_the_suggested_text_leads_whenever_it_matches(index: TextIndex) -> None:
    assert ids(index, "time")[-1] == "gebyr"
    assert ids(index, "time", suggested="gebyr")[0] == "gebyr"
    assert "annet" not in ids(index, "purr", suggested="annet")


def test_scattered_letters_do_not_match() -> None:
    assert not acceptable("tid", (0, 3, 7))  # t...i...d across "tilsendt"
    assert acceptable("tid", (5, 6, 7))  # one run: "ventetid"
    assert acceptable("ventetd", (0, 1, 2, 3, 4, 5, 7))  # one gap in seven letters
    assert not acceptable("ventetd", (1, 2, 3, 4, 5, 6, 8))  # must start the word
    assert not acceptable("ve", (3, 4))  # two letters must start the word


def test_nothing_matches_nonsense(index: TextIndex) -> None:
    assert index.search("xqzw") == []
    assert index.closest_titles("vnttid") == ["Purring på time"]
    assert len(index.closest_titles("xqzw")) == 3


def test_long_bodies_and_queries_are_matched_word_by_word() -> None:
    # FuzzySearch over a whole body would try every combination of letter positions and not
    # finish; the index matches word by word, so this returns at once.
    body = " ".join(["ventetiden er lang og du må vente"] * 400)
    template = Template(id="lang", title="Lang tekst", body=body)
    [match] = TextIndex([template]).search("ventetd lang vente du")
    assert match.template.id == "lang"


def test_placeholder_names_are_not_searched() -> None:
    template = Template(id="t", title="Lokal", body="Ring {avdeling} på {telefon} om timen.")
    assert TextIndex([template]).search("avdeling") == []
    assert [m.template.id for m in TextIndex([template]).search("ring timen")] == ["t"]


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("avbsetilling", "avbestilling"),  # two letters swapped
        ("purirng", "purring"),
        ("gebry", "gebyr"),
        ("avbestiling", "avbestilling"),  # a letter left out
        ("avbesstilling", "avbestilling"),  # a letter doubled
        ("purrring", "purring"),
        ("avbestolling", "avbestilling"),  # a wrong letter, in a long word
        ("ventetdi time", "purring"),
    ],
)
def test_a_slip_of_the_keyboard_is_forgiven(index: TextIndex, query: str, found: str) -> None:
    assert ids(index, query)[0] == found


def test_a_slip_is_highlighted_as_the_start_of_the_word_it_stands_for(index: TextIndex) -> None:
    assert index.matched_terms("gebry")["gebyr"] == (0, 1, 2, 3, 4)
    assert index.matched_terms("purirng")["purring"] == (0, 1, 2, 3, 4, 5, 6)
    [match] = index.search("purirng")
    assert match.title_offsets == (0, 1, 2, 3, 4, 5, 6)  # "Purring" in "Purring på time"


def test_short_words_and_two_slips_are_not_forgiven(index: TextIndex) -> None:
    assert ids(index, "tme") == []  # three letters: as typed
    assert ids(index, "gbe") == []
    assert ids(index, "pruirng") == []  # two slips
    assert ids(index, "vabestilling") == ids(index, "avbestilling")  # the first two swapped


def test_a_word_that_matches_as_typed_is_not_taken_for_a_slip() -> None:
    exact = Template(id="a", title="Gebry-ordningen", body="Om gebry.")
    slip = Template(id="b", title="Gebyr", body="Om gebyr.")
    assert [m.template.id for m in TextIndex([exact, slip]).search("gebry")] == ["a"]
    assert [m.template.id for m in TextIndex([slip]).search("gebry")] == ["b"]
    assert TextIndex([slip]).search("gebyr")[0].score > TextIndex([slip]).search("gebry")[0].score
