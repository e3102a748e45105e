"""The five standard texts are the procedure's, word for word."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.conftest import REPO
from tui.core.model import Category
from tui.core.texts import PROCEDURE_TEXT_IDS, TemplateError, TextLibrary, parse_template

# A byte-exact copy of ../shared/seed/, so the check runs wherever the repository is cloned.
SEED = REPO / "tests" / "fixtures" / "seed" / "prosedyre-digital-dialog-endring-av-time.txt"

# Each text in the seed sits between its heading and the next heading.
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


@pytest.mark.parametrize("template_id", PROCEDURE_TEXT_IDS)
def test_built_in_text_is_the_procedures_word_for_word(template_id: str) -> None:
    template = TextLibrary.load().get(template_id)
    assert template is not None
    assert normalise(template.body) == seed_text(template_id)
    assert template.title == TITLES[template_id]
    assert template.category is Category(template_id)


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


def test_a_broken_text_file_is_named_in_the_error(tmp_path: Path) -> None:
    broken = tmp_path / "broken.toml"
    broken.write_text('id = "x"\ntitle = "X"\nbody = """unterminated\n', encoding="utf-8")
    with pytest.raises(TemplateError, match=r"broken\.toml"):
        parse_template(broken)
    missing = tmp_path / "missing.toml"
    missing.write_text('id = "x"\n', encoding="utf-8")
    with pytest.raises(TemplateError, match="mangler title, body"):
        parse_template(missing)


def test_department_folder_overrides_by_id(tmp_path: Path) -> None:
    (tmp_path / "purring.toml").write_text(
        'id = "purring"\ntitle = "Purring (lokal)"\ncategory = "purring"\nbody = "Lokal tekst."\n',
        encoding="utf-8",
    )
    library = TextLibrary.load([(tmp_path, "BLOD")])
    purring = library.get("purring")
    assert purring is not None
    assert purring.body == "Lokal tekst."
    assert purring.origin == "BLOD"
    assert len(library.templates) == 5
