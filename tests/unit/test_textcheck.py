"""`timedialog text check` finds each kind of problem and names its file and line."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.conftest import REPO
from tui.core.config.config import Config, load_config, parse_config
from tui.core.resources import templates_dir
from tui.core.texts.check import check_texts, count_label


@pytest.fixture
def built_in(tmp_path: Path) -> Path:
    """A copy of the built-in texts to break."""
    folder = tmp_path / "templates"
    shutil.copytree(templates_dir(), folder)
    return folder


def problems(config: Config, built_in: Path) -> list[str]:
    return [
        f"{p.path.name}:{p.line}: {p.message}"
        for p in check_texts(config, built_in=built_in).problems
    ]


def test_the_shipped_texts_and_example_department_pass() -> None:
    report = check_texts(load_config(REPO / "data" / "config.example.toml"))
    assert report.problems == ()
    assert report.files == 7  # five built-in texts and BLOD's two
    assert count_label(report) == "7 tekster kontrollert, ingen feil."


def test_a_changed_word_in_a_procedure_text_is_found_on_its_line(built_in: Path) -> None:
    endring = built_in / "endring.toml"
    text = endring.read_text(encoding="utf-8")
    endring.write_text(text.replace("finner ny passende time", "finner en ny time"), "utf-8")
    found = problems(Config(), built_in)
    assert found == ["endring.toml:10: teksten avviker fra prosedyren: «en» står ikke i prosedyren"]


def test_replaced_words_quote_both_sides(built_in: Path) -> None:
    endring = built_in / "endring.toml"
    text = endring.read_text(encoding="utf-8")
    endring.write_text(text.replace("vil se på muligheten", "vil vurdere muligheten"), "utf-8")
    assert problems(Config(), built_in) == [
        "endring.toml:8: teksten avviker fra prosedyren: prosedyren sier «se på», filen «vurdere»"
    ]


def test_added_and_removed_words_are_quoted(built_in: Path) -> None:
    gebyr = built_in / "gebyr.toml"
    text = gebyr.read_text(encoding="utf-8")
    gebyr.write_text(text.replace("(kun hverdager).", "(kun hverdager). Takk."), "utf-8")
    purring = built_in / "purring.toml"
    text = purring.read_text(encoding="utf-8")
    purring.write_text(text.replace("Det er dessverre lang ventetid hos oss. ", ""), "utf-8")
    found = problems(Config(), built_in)
    assert found == [
        "purring.toml:8: teksten avviker fra prosedyren: «Det er dessverre lang ventetid hos "
        "oss.» mangler",
        "gebyr.toml:8: teksten avviker fra prosedyren: «Takk.» står ikke i prosedyren",
    ]


def test_title_and_category_must_be_the_procedures(built_in: Path) -> None:
    annet = built_in / "annet.toml"
    text = annet.read_text(encoding="utf-8")
    text = text.replace(
        'title = "Avslutte dialog ved andre henvendelser enn time"', 'title = "Annet"'
    )
    annet.write_text(text.replace('category = "annet"', 'category = "purring"'), "utf-8")
    found = problems(Config(), built_in)
    assert found == [
        "annet.toml:4: tittelen skal være «Avslutte dialog ved andre henvendelser enn time» "
        "som i prosedyren, ikke «Annet»",
        "annet.toml:5: kategorien skal være «annet»",
    ]


def test_a_missing_procedure_text_is_named(built_in: Path) -> None:
    (built_in / "gebyr.toml").unlink()
    found = problems(Config(), built_in)
    assert found == [
        "templates:0: prosedyreteksten «gebyr» (Avslutte dialog med avbestillingsgebyr) "
        "mangler eller kan ikke brukes"
    ]


def test_a_broken_procedure_text_is_reported_twice_over(built_in: Path) -> None:
    (built_in / "avbestilling.toml").write_text("id = 'avbestilling'\ntitle = \n", "utf-8")
    found = problems(Config(), built_in)
    assert found[0].startswith("avbestilling.toml:2: ikke gyldig TOML")
    assert found[1].startswith("templates:0: prosedyreteksten «avbestilling»")


def test_department_texts_are_checked_with_duplicates_and_unknown_placeholders(
    tmp_path: Path, built_in: Path
) -> None:
    folder = tmp_path / "blod"
    folder.mkdir()
    (folder / "a.toml").write_text(
        "id = 'egen'\ntitle = 'Egen'\nbody = '''\nRing {telefon}\nfør {fristen}.\n'''\n", "utf-8"
    )
    (folder / "b.toml").write_text("id = 'egen'\ntitle = 'Kopi'\nbody = 'x'\n", "utf-8")
    (folder / "c.toml").write_text("id = 'Ugyldig id'\ntitle = 'C'\nbody = 'x'\n", "utf-8")
    config = parse_config(
        {"departments": [{"code": "BLOD", "texts_dir": "blod"}]}, tmp_path / "config.toml"
    )
    found = problems(config, built_in)
    assert [problem.split(";")[0] for problem in found] == [
        "a.toml:5: ukjent plassholder {fristen}",
        "b.toml:1: id «egen» er brukt før i a.toml",
        "c.toml:1: id «Ugyldig id» kan bare ha små bokstaver, sifre, - og _",
    ]


def test_a_missing_department_folder_points_at_the_configuration(
    tmp_path: Path, built_in: Path
) -> None:
    config_path = tmp_path / "config.toml"
    config_path.write_text(
        '[[departments]]\ncode = "ORT"\nname = "Ortopedi"\ntexts_dir = "tekster/ort"\n', "utf-8"
    )
    report = check_texts(load_config(config_path), built_in=built_in)
    [problem] = report.problems
    assert (problem.path, problem.line) == (config_path, 4)
    assert "tekstmappen" in problem.message
    assert "avdeling ORT finnes ikke" in problem.message
    assert not report.ok
    assert count_label(report) == "5 tekster kontrollert, 1 feil."
