"""The standard texts: the procedure's five word for word, the file format, department texts."""

from __future__ import annotations

import re
from datetime import date, datetime
from pathlib import Path

import pytest

from tests.conftest import REPO
from tui.core.config.config import load_config, parse_config
from tui.core.model import OSLO, Category, Message
from tui.core.texts.library import (
    BUILT_IN,
    PROCEDURE_TEXT_IDS,
    TemplateError,
    TextLibrary,
    department_folders,
    parse_template,
    read_folder,
    read_text_file,
)
from tui.core.texts.procedure import PROCEDURE_FILE_NAME, procedure_path, procedure_texts

SHARED_SEED = REPO.parent / "shared" / "seed" / PROCEDURE_FILE_NAME
FIXTURE_SEED = REPO / "tests" / "fixtures" / "seed" / PROCEDURE_FILE_NAME
SEED = SHARED_SEED if SHARED_SEED.exists() else FIXTURE_SEED
"""The procedure: the shared seed when this checkout sits beside it, else the committed copy."""

# Each text in the seed sits between its heading and the next heading. These markers are the
# test's own, independent of `tui.core.texts.procedure`, so a mistake there cannot hide here.
SEED_SECTIONS = {
    "endring": ("Endring av time:", "Avbestilling av time"),
    "avbestilling": ("Avbestilling av time", "Purring på time:"),
    "purring": ("Purring på time:", "Avslutte dialog ved andre henvendelser enn time"),
    "annet": ("https://metodebok.no/index.php?action=topic&item=PwJGBk2A", "Avslutte dialog med"),
    "gebyr": ("Avslutte dialog med avbestillingsgebyr", "4. GENERELT"),
}
TITLES = {
    "endring": "Endring av time",
    "avbestilling": "Avbestilling av time",
    "purring": "Purring på time",
    "annet": "Avslutte dialog ved andre henvendelser enn time",
    "gebyr": "Avslutte dialog med avbestillingsgebyr",
}


def normalise(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def seed_text(template_id: str) -> str:
    seed = SEED.read_text(encoding="utf-8")
    start_marker, end_marker = SEED_SECTIONS[template_id]
    start = seed.index(start_marker) + len(start_marker)
    end = seed.index(end_marker, start)
    return normalise(seed[start:end])


def write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


# The procedure's five texts -------------------------------------------------------------------


@pytest.mark.parametrize("template_id", PROCEDURE_TEXT_IDS)
def test_built_in_text_is_the_procedures_word_for_word(template_id: str) -> None:
    template = TextLibrary.load().get(template_id)
    assert template is not None
    assert normalise(template.body) == seed_text(template_id)
    assert template.title == TITLES[template_id]
    assert template.category is Category(template_id)
    assert template.origin == BUILT_IN


def test_committed_copies_of_the_procedure_are_the_seed_byte_for_byte() -> None:
    seed = SEED.read_bytes()
    assert procedure_path().read_bytes() == seed  # what `timedialog text check` compares with
    assert FIXTURE_SEED.read_bytes() == seed  # what the tests use where the seed is absent


def test_procedure_wording_as_the_checker_reads_it() -> None:
    wording = procedure_texts()
    assert set(wording) == set(PROCEDURE_TEXT_IDS)
    for text_id, text in wording.items():
        assert text.body == seed_text(text_id)
        assert text.title == TITLES[text_id]


def test_paragraphs_are_kept_and_wrapped_lines_joined() -> None:
    library = TextLibrary.load()
    endring = library.get("endring")
    avbestilling = library.get("avbestilling")
    assert endring is not None
    assert avbestilling is not None
    assert endring.body.count("\n\n") == 1
    assert "\n" not in endring.body.split("\n\n")[1]
    assert avbestilling.body.split("\n\n")[1].startswith("Hvis du på nytt")


def test_every_category_has_its_reply() -> None:
    library = TextLibrary.load()
    for category in Category:
        template = library.for_category(category)
        assert template is not None
        assert template.id == category.value


# The file format ------------------------------------------------------------------------------


def test_a_full_text_file_is_read(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "sommer.toml",
        "id = 'sommer'\ntitle = 'Sommerdrift'\ncategory = 'endring'\n"
        "keywords = ['ferie']\nchecklist = ['Sjekk listen']\n"
        "valid_from = 2026-06-01\nvalid_until = '2026-08-31'\n"
        "body = '''\nHei fra {avdeling}.\n\nRing {telefon}.\n'''\n",
    )
    template = parse_template(path, "BLOD")
    assert template.id == "sommer"
    assert template.category is Category.ENDRING
    assert template.keywords == ("ferie",)
    assert template.checklist == ("Sjekk listen",)
    assert (template.valid_from, template.valid_until) == (date(2026, 6, 1), date(2026, 8, 31))
    assert template.body == "Hei fra {avdeling}.\n\nRing {telefon}."
    assert template.placeholders == ("avdeling", "telefon")
    assert template.origin == "BLOD"
    assert not template.built_in


def test_a_broken_text_file_is_named_with_its_line(tmp_path: Path) -> None:
    broken = write(tmp_path, "broken.toml", 'id = "x"\ntitle = "X"\nbody = "a" "b"\n')
    with pytest.raises(TemplateError, match=r"broken\.toml:3: ikke gyldig TOML"):
        parse_template(broken)
    unterminated = write(tmp_path, "open.toml", "id = 'x'\ntitle = 'X'\nbody = '''\nHei\n")
    with pytest.raises(TemplateError, match=r"open\.toml:4: ikke gyldig TOML"):
        parse_template(unterminated)
    missing = write(tmp_path, "missing.toml", 'id = "x"\n')
    with pytest.raises(TemplateError, match="mangler «title»") as raised:
        parse_template(missing)
    assert "mangler «body»" in str(raised.value)


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("category = 'flytting'", "ukjent kategori «flytting»"),
        ("keywords = 'ferie'", "«keywords» må være en liste med tekster"),
        ("checklist = [1, 2]", "«checklist» må være en liste med tekster"),
        ("valid_from = 'snart'", "«valid_from» må være en dato"),
        ("valid_until = 2026-01-01T10:00:00", "«valid_until» må være en dato"),
    ],
)
def test_a_wrong_value_makes_the_file_unusable_and_names_its_line(
    tmp_path: Path, line: str, expected: str
) -> None:
    path = write(tmp_path, "t.toml", f"id = 't'\ntitle = 'T'\n{line}\nbody = 'Hei.'\n")
    reading = read_text_file(path)
    assert reading.template is None
    assert [(p.line, p.message.startswith(expected)) for p in reading.problems] == [(3, True)]


def test_an_unknown_key_or_placeholder_is_reported_but_the_text_is_kept(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "t.toml",
        "id = 't'\ntitle = 'T'\nkeyword = ['x']\nbody = '''\nHei.\nRing {telefonnr}.\n'''\n",
    )
    reading = read_text_file(path)
    assert reading.template is not None
    assert [(p.line, p.message.split(";")[0]) for p in reading.problems] == [
        (3, "ukjent nøkkel «keyword»"),
        (6, "ukjent plassholder {telefonnr}"),
    ]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("Hei {avdeling.\n", "en klammeparentes står alene"),
        ("Hei }\n", "en klammeparentes står alene"),
        ("Frist {frist:%d}\n", "plassholderen {frist} skal stå uten tillegg"),
    ],
)
def test_broken_placeholders_make_the_file_unusable(
    tmp_path: Path, body: str, expected: str
) -> None:
    path = write(
        tmp_path, "t.toml", f"id = 't'\ntitle = 'T'\nbody = '''\nFørste linje.\n{body}'''\n"
    )
    reading = read_text_file(path)
    assert reading.template is None
    assert [(p.line, expected in p.message) for p in reading.problems] == [(5, True)]


def test_doubled_braces_are_literal_braces(tmp_path: Path) -> None:
    path = write(tmp_path, "t.toml", "id = 't'\ntitle = 'T'\nbody = 'Skriv {{navn}}.'\n")
    template = parse_template(path)
    assert template.placeholders == ()


def test_an_id_used_twice_in_a_folder_keeps_the_first_and_says_so(tmp_path: Path) -> None:
    write(tmp_path, "a.toml", "id = 'x'\ntitle = 'Første'\nbody = 'A'\n")
    write(tmp_path, "b.toml", "# kopi\nid = 'x'\ntitle = 'Andre'\nbody = 'B'\n")
    reading = read_folder(tmp_path, "BLOD")
    assert [t.title for t in reading.templates] == ["Første"]
    [problem] = reading.problems
    assert (problem.path.name, problem.line) == ("b.toml", 2)
    assert "brukt før i a.toml" in problem.message
    assert reading.files == 2


# Department texts, validity and what the app may do with them -------------------------------


def test_department_folder_overrides_by_id_and_adds_its_own(tmp_path: Path) -> None:
    write(
        tmp_path,
        "purring.toml",
        "id = 'purring'\ntitle = 'Purring (lokal)'\ncategory = 'purring'\nbody = 'Lokal tekst.'\n",
    )
    write(tmp_path, "egen.toml", "id = 'egen'\ntitle = 'Egen tekst'\nbody = 'Egen.'\n")
    library = TextLibrary.load([(tmp_path, "BLOD")])

    blod = library.get("purring", "BLOD")
    assert blod is not None
    assert (blod.body, blod.origin) == ("Lokal tekst.", "BLOD")
    assert len(library.available("BLOD")) == 6
    assert library.get("egen", "BLOD") is not None

    others = library.get("purring", "ORT")
    assert others is not None
    assert others.origin == BUILT_IN
    assert library.get("egen", "ORT") is None
    assert len(library.available("ORT")) == 5

    # Without a department (pure lookup) every text shows, each with its origin.
    everything = library.available()
    assert sorted((t.id, t.origin) for t in everything if t.id == "purring") == [
        ("purring", "BLOD"),
        ("purring", BUILT_IN),
    ]
    assert library.get("purring") == others


def test_the_suggested_reply_is_the_departments_text_for_the_category_in_force(
    tmp_path: Path,
) -> None:
    write(
        tmp_path,
        "purring.toml",
        "id = 'purring'\ntitle = 'Purring (lokal)'\nbody = 'Lokal.'\nvalid_until = 2026-11-30\n",
    )
    library = TextLibrary.load([(tmp_path, "BLOD")])
    message = Message(
        id="m1",
        received=datetime(2026, 11, 26, 9, 0, tzinfo=OSLO),
        deadline=date(2026, 11, 30),
        department="BLOD",
        text="Hei",
        category=Category.PURRING,
    )
    suggested = library.suggested(message, date(2026, 11, 30))
    assert suggested is not None
    assert suggested.origin == "BLOD"
    later = library.suggested(message, date(2026, 12, 1))
    assert later is not None
    assert later.origin == BUILT_IN
    fee = library.suggested(message, date(2026, 11, 30), Category.GEBYR)
    assert fee is not None
    assert fee.id == Category.GEBYR.value


def test_validity_dates_decide_which_text_is_in_force(tmp_path: Path) -> None:
    write(
        tmp_path,
        "purring.toml",
        "id = 'purring'\ntitle = 'Purring i sommer'\nvalid_from = 2026-06-01\n"
        "valid_until = 2026-08-31\nbody = 'Sommer.'\n",
    )
    library = TextLibrary.load([(tmp_path, "BLOD")])
    summer = library.for_category(Category.PURRING, "BLOD", date(2026, 8, 31))
    autumn = library.for_category(Category.PURRING, "BLOD", date(2026, 9, 1))
    assert summer is not None
    assert summer.title == "Purring i sommer"
    assert autumn is not None
    assert autumn.origin == BUILT_IN  # the built-in text stands when the override is not valid
    assert library.available("BLOD", date(2026, 5, 31)) == library.available("ORT")


def test_a_broken_department_file_leaves_the_rest_usable(tmp_path: Path) -> None:
    write(tmp_path, "ok.toml", "id = 'ok'\ntitle = 'OK'\nbody = 'Fint.'\n")
    write(tmp_path, "broken.toml", "id = 'x'\ntitle =\n")
    library = TextLibrary.load([(tmp_path, "BLOD"), (tmp_path / "missing", "ORT")])
    assert library.get("ok", "BLOD") is not None
    assert {(p.path.name, p.line) for p in library.problems} == {("broken.toml", 2), ("missing", 0)}


def test_configured_department_folders_are_relative_to_the_configuration(tmp_path: Path) -> None:
    config = parse_config(
        {
            "departments": [
                {"code": "BLOD", "texts_dir": "tekster/blod"},
                {"code": "ORT", "texts_dir": str(tmp_path / "ort")},
                {"code": "OYE"},
            ]
        },
        tmp_path / "config.toml",
    )
    assert department_folders(config) == [
        (tmp_path / "tekster" / "blod", "BLOD"),
        (tmp_path / "ort", "ORT"),
    ]


def test_the_example_configuration_gives_blod_its_own_texts() -> None:
    library = TextLibrary.from_config(load_config(REPO / "data" / "config.example.toml"))
    assert not library.problems
    own = library.get("ny-time", "BLOD")
    assert own is not None
    assert own.placeholders == ("nytimedato", "nytimeklokkeslett", "avdeling", "telefon")


def test_the_documented_example_is_a_valid_text(tmp_path: Path) -> None:
    readme = (REPO / "docs" / "standard-texts.md").read_text(encoding="utf-8")
    section = readme.split("## The file format", 1)[1]
    example = section.split("```toml\n", 1)[1].split("```", 1)[0]
    reading = read_text_file(write(tmp_path, "ny-time.toml", example), "BLOD")
    assert reading.problems == ()
    template = reading.template
    assert template is not None
    assert template.checklist
    assert template.valid_from == date(2026, 1, 1)
    assert template.placeholders == ("nytimedato", "nytimeklokkeslett", "avdeling", "telefon")
