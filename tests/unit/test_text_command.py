"""`timedialog text` from the shell: lookup, list, department, values, copy, check."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import FIXED_NOW, REPO
from tui.cli import build_parser, main
from tui.cli import text as text_command
from tui.core.config.config import Config
from tui.core.texts.library import TextLibrary

EXAMPLE_CONFIG = str(REPO / "data" / "config.example.toml")
TODAY = FIXED_NOW.date()


@pytest.fixture
def department_library(config: Config) -> TextLibrary:
    return TextLibrary.from_config(config)


def run(
    capsys: pytest.CaptureFixture[str], config: Config, library: TextLibrary, *argv: str
) -> tuple[int, str, str]:
    args = build_parser().parse_args(["text", *argv])
    code = text_command.look_up(args, config, library, TODAY)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_lookup_prints_only_the_best_text_on_stdout(
    capsys: pytest.CaptureFixture[str], config: Config, library: TextLibrary
) -> None:
    code, out, err = run(capsys, config, library, "ventetid")
    purring = library.get("purring")
    assert purring is not None
    assert (code, out) == (0, purring.body + "\n")
    assert "Purring på time  [innebygd, purring]" in err


def test_no_match_exits_non_zero_with_the_closest_titles(
    capsys: pytest.CaptureFixture[str], config: Config, library: TextLibrary
) -> None:
    code, out, err = run(capsys, config, library, "vnttid")
    assert (code, out) == (1, "")
    assert "Ingen tekst passer «vnttid». Nærmest: Purring på time" in err


def test_a_text_not_valid_today_is_named_when_nothing_else_matches(
    capsys: pytest.CaptureFixture[str], config: Config, department_library: TextLibrary
) -> None:
    code, _out, err = run(capsys, config, department_library, "sommer", "drift")
    assert code == 1
    assert "«Redusert drift i sommer» passer, men er ikke gyldig i dag" in err
    assert "22.06.2026–14.08.2026" in err


def test_list_shows_origin_and_the_texts_resting_today(
    capsys: pytest.CaptureFixture[str], config: Config, department_library: TextLibrary
) -> None:
    code, out, err = run(capsys, config, department_library, "--list", "--department", "ORT")
    assert code == 0
    assert len(out.splitlines()) == 5
    assert "ny-time" not in out
    code, out, err = run(capsys, config, department_library, "--list", "--department", "BLOD")
    assert "ny-time              Ny time er satt opp  [BLOD]" in out
    assert "sommerdrift" not in out
    assert "sommerdrift" in err
    assert "gyldig 22.06.2026–14.08.2026" in err


def test_department_values_fill_and_missing_values_are_neither_printed_nor_copied(
    capsys: pytest.CaptureFixture[str],
    config: Config,
    department_library: TextLibrary,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    copied: list[str] = []

    def copy_osc52(text: str) -> bool:
        copied.append(text)
        return True

    monkeypatch.setattr("tui.core.texts.clipboard.copy_osc52_to_terminal", copy_osc52)
    monkeypatch.setattr("tui.core.texts.clipboard.copy_local", lambda text: False)

    code, out, err = run(
        capsys, config, department_library, "ny", "time", "--department", "BLOD", "--copy"
    )
    assert (code, out, copied) == (3, "", [])
    assert "Mangler {nytimedato} (datoen for den nye timen)" in err
    assert "--value nytimedato=VERDI" in err
    assert "ved Blodsykdommer" in err  # the text is shown, for reading

    code, out, err = run(
        capsys,
        config,
        department_library,
        "ny time",
        "--department=BLOD",
        "--value",
        "nytimedato=10.12.2026",
        "--value",
        "{nytimeklokkeslett}=09:15",
        "--copy",
    )
    assert code == 0
    assert out.startswith(
        "Vi har flyttet timen din. Ny time er 10.12.2026 kl. 09:15 ved Blodsykdommer"
    )
    assert "telefon 57 83 90 00" in out
    assert copied == [out.rstrip("\n")]
    assert "Kopiert via terminalen (OSC 52)." in err
    assert "• Kontroller at innkallingen er sendt i DIPS" in err


def test_bad_department_and_value_are_usage_errors(
    capsys: pytest.CaptureFixture[str], config: Config, library: TextLibrary
) -> None:
    code, _out, err = run(capsys, config, library, "time", "--department", "XYZ")
    assert code == 2
    assert "Ukjent avdeling XYZ. Kjente: BLOD, ORT, NEVRO, OYE, GAST" in err
    code, _out, err = run(capsys, config, library, "time", "--value", "frist")
    assert code == 2
    assert "--value skal være NAVN=VERDI" in err


@pytest.mark.parametrize(
    ("value", "error"),
    [
        ("nytimedato=31.02.2026", "{nytimedato}: Datoen 31.02.2026 finnes ikke."),
        ("nytimedato=neste uke", "{nytimedato}: Ugyldig dato «neste uke»; skriv dd.mm.åååå."),
        ("nytimeklokkeslett=24:00", "{nytimeklokkeslett}: Ugyldig klokkeslett 24:00"),
        ("nytimeklokkeslett=9", "{nytimeklokkeslett}: Ugyldig klokkeslett «9»"),
        ("telefon=ring oss", "{telefon}: Ugyldig telefonnummer «ring oss»"),
        ("tlf=57 83 90 00", "{tlf} er ingen plassholder."),
    ],
)
def test_wrong_values_are_refused_with_a_non_zero_exit_and_nothing_printed(
    capsys: pytest.CaptureFixture[str],
    config: Config,
    department_library: TextLibrary,
    value: str,
    error: str,
) -> None:
    code, out, err = run(
        capsys, config, department_library, "ny time", "--department", "BLOD", "--value", value
    )
    assert (code, out) == (2, "")
    assert f"--value: {error}" in err


def test_values_are_written_the_way_the_texts_use_them(
    capsys: pytest.CaptureFixture[str], config: Config, department_library: TextLibrary
) -> None:
    code, out, _err = run(
        capsys,
        config,
        department_library,
        "ny time",
        "--department=BLOD",
        "--value",
        "nytimedato=10.12",
        "--value",
        "nytimeklokkeslett=kl. 9.15",
    )
    assert code == 0
    assert "Ny time er 10.12.2026 kl. 09:15 ved Blodsykdommer" in out


def test_check_through_the_real_command_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    assert main(["--config", EXAMPLE_CONFIG, "text", "check"]) == 0
    assert capsys.readouterr().out == "7 tekster kontrollert, ingen feil.\n"

    folder = tmp_path / "tekster"
    folder.mkdir()
    (folder / "feil.toml").write_text(
        "id = 'feil'\ntitle = 'Feil'\nbody = 'Ring {tlf}.'\n", "utf-8"
    )
    config = tmp_path / "config.toml"
    config.write_text('[[departments]]\ncode = "ORT"\ntexts_dir = "tekster"\n', "utf-8")
    assert main(["--config", str(config), "text", "check"]) == 1
    captured = capsys.readouterr()
    assert captured.out.startswith(f"{folder / 'feil.toml'}:3: ukjent plassholder {{tlf}}")
    assert "6 tekster kontrollert, 1 feil." in captured.err


def test_a_broken_department_text_warns_but_lookups_still_work(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    folder = tmp_path / "tekster"
    folder.mkdir()
    (folder / "feil.toml").write_text("id = \n", "utf-8")
    config = tmp_path / "config.toml"
    config.write_text('[[departments]]\ncode = "ORT"\ntexts_dir = "tekster"\n', "utf-8")
    assert main(["--config", str(config), "text", "gebyr"]) == 0
    captured = capsys.readouterr()
    assert captured.out.startswith("Du vil få tilsendt et gebyr")
    assert "Advarsel: 1 problem med tekstfilene" in captured.err
