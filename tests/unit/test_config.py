"""The configuration: every key checked, every error named with its line."""

from __future__ import annotations

import dataclasses
from datetime import date
from pathlib import Path

import pytest

from tests.conftest import REPO
from tui.core.config.config import Config, ConfigError, Department, load_config, parse_config_text
from tui.core.config.tomllines import KeyLines
from tui.core.model import Category
from tui.core.rules.fee import FeeVariant
from tui.core.settings import REQUIRED, setting, text

EXAMPLE = REPO / "data" / "config.example.toml"


def problems_of(source: str) -> list[tuple[int | None, str]]:
    with pytest.raises(ConfigError) as caught:
        parse_config_text(source, Path("config.toml"))
    return [(problem.line, problem.message) for problem in caught.value.problems]


def test_example_configuration_loads_with_everything_the_rules_need() -> None:
    config = load_config(EXAMPLE)
    assert config.department("NEVRO") is not None
    assert config.deadline_days_for("NEVRO") == 2
    assert date(2026, 12, 24) in config.closed_days
    assert config.fee.variant is FeeVariant.WEEKDAY_HOURS
    assert config.fee.amount_kr == 1993
    assert config.fee_kr_for("DPS") == 443
    assert config.fee_kr_for("BLOD") == 1993
    assert config.urgent.check("Jeg har brystsmerter.").urgent
    assert config.checklists.for_category(Category.ENDRING) == (
        "Finn ny time i DIPS",
        "Send brev eller ring pasienten",
    )
    assert config.checklists.for_category(Category.PURRING) is None


def test_an_empty_file_gives_the_defaults() -> None:
    config = parse_config_text("")
    assert config == Config()
    assert config.deadline_days == 4


def test_department_deadline_defaults_to_the_general_one() -> None:
    config = parse_config_text('[general]\ndeadline_days = 3\n[[departments]]\ncode = "A"\n')
    assert config.deadline_days_for("A") == 3


def test_each_error_is_named_with_its_line() -> None:
    source = """\
# comment
[general]
deadline_days = 7
closed_days = [
    2026-12-24,
    "2026-13-01",
]

[[departments]]
code = "BLOD"
her_ids = ["90253"]

[[departments]]
code = "ORT"
phon = "123"
deadline_days = 5

[[departments]]
name = "uten kode"

[fee]
variant = "fredag"

[checklist]
endring = ["x"]
"""
    assert problems_of(source) == [
        (
            3,
            "[general] deadline_days: svarfristen må være 1 til 4 arbeidsdager "
            "(prosedyren sier maks 4), ikke 7",
        ),
        (4, "[general] closed_days: «2026-13-01» er ikke en dato (skriv ÅÅÅÅ-MM-DD)"),
        (15, "[[departments]] avdeling nr. 2 (ORT): ukjent nøkkel «phon» – mente du «phone»?"),
        (
            16,
            "[[departments]] avdeling nr. 2 (ORT): deadline_days: svarfristen må være 1 til 4 "
            "arbeidsdager (prosedyren sier maks 4), ikke 5",
        ),
        (18, "[[departments]] avdeling nr. 3: mangler code"),
        (
            22,
            "[fee] variant: «fredag» er ukjent; velg en av «hverdagstimer», «fredag-kl», "
            "«fredag-for»",
        ),
        (24, "ukjent tabell «checklist» – mente du «checklists»?"),
    ]


def test_the_message_lists_every_problem_with_file_and_line() -> None:
    with pytest.raises(ConfigError) as caught:
        parse_config_text("[general]\nclaim_minutes = 0\nfoo = 1\n", Path("/etc/td.toml"))
    assert str(caught.value).splitlines() == [
        "Konfigurasjonsfilen /etc/td.toml har 2 feil:",
        "  linje 2: [general] claim_minutes: må være fra 1 til 1440, ikke 0",
        "  linje 3: [general] ukjent nøkkel «foo» (kjente: archive_after_days, claim_minutes, "
        "closed_days, deadline_days, drop_folder, retention_days, shared_group)",
    ]


def test_syntax_errors_carry_tomllibs_line() -> None:
    assert problems_of('[general]\ndeadline_days = 3\ndeadline_days = "x\n') == [
        (3, "ikke gyldig TOML (ulovlig tegn)")
    ]


def test_duplicate_codes_and_her_ids_are_refused() -> None:
    source = (
        '[[departments]]\ncode = "A"\nher_ids = ["1"]\n\n'
        '[[departments]]\ncode = "A"\nher_ids = ["1"]\n'
    )
    assert problems_of(source) == [
        (6, "[[departments]] avdeling nr. 2 (A): koden A er brukt før (avdeling nr. 1)"),
        (7, "[[departments]] avdeling nr. 2 (A): HER-id 1 hører allerede til A"),
    ]


def test_wrong_types_are_explained() -> None:
    found = problems_of(
        '[general]\ndeadline_days = "4"\n[[departments]]\ncode = "A B"\nher_ids = ["x1"]\n'
        '[fee]\nfriday_time = "12"\n[urgent]\nwords = []\n[checklists]\nendring = "x"\n'
    )
    lines = [line for line, _message in found]
    assert lines == [2, 4, 5, 7, 9, 11]
    assert "ikke '4'" in found[0][1]
    assert "«x1» er ikke et HER-id" in found[2][1]
    assert "ikke et klokkeslett" in found[3][1]


def test_key_lines_handle_arrays_of_tables_inline_tables_and_multiline_values() -> None:
    lines = KeyLines(
        "a = 1\n"
        "[[t]]\n"
        "x = 1\n"
        "\n"
        "[[t]]\n"
        "# note\n"
        "y = [\n"
        "  1,\n"
        "]\n"
        "z = { p = 1 }\n"
        'm = """\n'
        "[[t]]\n"
        '"""\n'
        "n = 2\n"
    )
    assert lines.line_of(("a",)) == 1
    assert lines.line_of(("t", 0)) == 2
    assert lines.line_of(("t", 1)) == 5
    assert lines.line_of(("t", 1, "y")) == 7
    assert lines.line_of(("t", 1, "z", "p")) == 10
    assert lines.line_of(("t", 1, "n")) == 14
    assert lines.line_of(("t", 1, "missing")) == 5
    assert lines.line_of(("nothing",)) is None


def test_adding_a_key_is_one_field() -> None:
    @dataclasses.dataclass(frozen=True)
    class Extended(Department):
        drop_folder: str = setting("", text)

    from tui.core.settings import ReadContext, read_table

    problems: list[object] = []
    built = read_table(
        Extended,
        {"code": "A", "drop_folder": "inn"},
        where=("departments", 0),
        problems=problems,  # type: ignore[arg-type]
        context=ReadContext(),
    )
    assert built is not None
    assert built.drop_folder == "inn"
    assert REQUIRED is dataclasses.MISSING


def test_unreadable_files_are_config_errors(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="kan ikke leses"):
        load_config(tmp_path / "missing.toml")
    latin1 = tmp_path / "latin1.toml"
    latin1.write_bytes("[general]\n# Øye\n".encode("latin-1"))
    with pytest.raises(ConfigError, match="ikke UTF-8"):
        load_config(latin1)


def test_environment_variable_selects_the_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    own = tmp_path / "own.toml"
    own.write_text('[[departments]]\ncode = "EGEN"\n', encoding="utf-8")
    monkeypatch.setenv("TIMEDIALOG_CONFIG", str(own))
    assert load_config().department("EGEN") is not None


def test_a_sites_suggestion_words_are_checked_with_their_lines() -> None:
    found = problems_of(
        '[general]\ndeadline_days = 4\n\n[suggestions]\nendring = "ombooke"\n'
        'avbestiling = ["melde frafall"]\npurring = ["hvor i køen", ""]\n'
    )
    assert [line for line, _message in found] == [5, 6, 7]
    assert "[suggestions] endring: må være en liste med tekster" in found[0][1]
    assert "mente du «avbestilling»?" in found[1][1]
    assert "element 2" in found[2][1]


def test_a_sites_suggestion_words_reach_the_classifier() -> None:
    config = parse_config_text('[suggestions]\nendring = ["ombooke"]\n')
    assert config.suggestions.endring == ("ombooke",)
    from tui.core.rules.classify import classify

    assert classify("HE", "Kan jeg ombooke?", config.suggestions).category is Category.ENDRING
