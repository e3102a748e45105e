"""`timedialog config check`, `deadline` and `fee`, and a broken file refused everywhere."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import REPO
from tui.cli import main

EXAMPLE = str(REPO / "data" / "config.example.toml")


@pytest.fixture
def broken(tmp_path: Path) -> Path:
    path = tmp_path / "broken.toml"
    path.write_text(
        '[general]\ndeadline_days = 6\n\n[[departments]]\ncode = "A"\nphon = "1"\n',
        encoding="utf-8",
    )
    return path


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_config_check_accepts_the_example(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _err = run(capsys, "config", "check", "--config", EXAMPLE)
    assert code == 0
    assert "er i orden" in out
    assert "NEVRO – Nevrologisk poliklinikk: svarfrist 2 arbeidsdager" in out
    assert "Gebyrregel: Avbestilling senest 24 hverdagstimer" in out


def test_config_check_names_the_line_of_each_error(
    capsys: pytest.CaptureFixture[str], broken: Path
) -> None:
    code, out, err = run(capsys, "config", "check", "--config", str(broken))
    assert code == 1
    assert out == ""
    assert err.splitlines() == [
        f"Konfigurasjonsfilen {broken} har 2 feil:",
        "  linje 2: [general] deadline_days: svarfristen må være 1 til 4 arbeidsdager "
        "(prosedyren sier maks 4), ikke 6",
        "  linje 6: [[departments]] avdeling nr. 1 (A): ukjent nøkkel «phon» – mente du «phone»?",
    ]


def test_config_path_prints_the_file_in_force(
    capsys: pytest.CaptureFixture[str], broken: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TIMEDIALOG_CONFIG", str(broken))
    code, out, _err = run(capsys, "config", "path")
    assert (code, out.strip()) == (0, str(broken))


@pytest.mark.parametrize(
    "argv",
    [
        [],
        ["--demo"],
        ["list"],
        ["text", "--list"],
        ["deadline", "2026-03-27"],
        ["fee", "--appointment", "2026-12-28T10:00", "--sent", "2026-12-24T11:00"],
    ],
)
def test_every_command_refuses_a_broken_file_with_the_same_message(
    capsys: pytest.CaptureFixture[str],
    broken: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    argv: list[str],
) -> None:
    monkeypatch.setenv("TIMEDIALOG_CONFIG", str(broken))
    code, out, err = run(capsys, "--db", str(tmp_path / "db.json"), *argv)
    assert code == 2
    assert out == ""
    assert err.startswith(f"Konfigurasjonsfilen {broken} har 2 feil:")
    assert "linje 2:" in err
    assert "Traceback" not in err


def test_deadline_prints_the_date_with_easter_skipped(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _err = run(capsys, "--config", EXAMPLE, "deadline", "2026-03-27")
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "2026-04-07"
    assert "Langfredag" in lines[1]


def test_deadline_uses_the_departments_days(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _err = run(
        capsys, "--config", EXAMPLE, "deadline", "2026-05-13", "--department", "NEVRO"
    )
    assert code == 0
    assert out.splitlines()[0] == "2026-05-18"  # Ascension Day skipped, 2 working days
    code, out, _err = run(capsys, "--config", EXAMPLE, "deadline", "2026-05-13", "--days", "1")
    assert out.splitlines()[0] == "2026-05-15"


@pytest.mark.parametrize("days", ["5", "0", "-1"])
def test_deadline_refuses_days_outside_the_procedure(
    capsys: pytest.CaptureFixture[str], days: str
) -> None:
    code, out, err = run(capsys, "--config", EXAMPLE, "deadline", "2026-03-27", "--days", days)
    assert code == 2
    assert out == ""
    assert f"--days {days} avvist" in err
    assert "maks 4" in err


def test_deadline_refuses_bad_input(capsys: pytest.CaptureFixture[str]) -> None:
    code, _out, err = run(capsys, "--config", EXAMPLE, "deadline", "27.03.2026")
    assert code == 2
    assert "ikke en dato" in err
    code, _out, err = run(
        capsys, "--config", EXAMPLE, "deadline", "2026-03-27", "--department", "X"
    )
    assert code == 2
    assert "Ukjent avdeling «X»" in err


def test_fee_prints_verdict_and_arithmetic(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _err = run(
        capsys,
        "--config",
        EXAMPLE,
        "fee",
        "--appointment",
        "2026-12-28T10:00",
        "--sent",
        "2026-12-24T11:00",
    )
    assert code == 0
    assert out.splitlines() == [
        "FOR SENT: gebyr kan sendes (1\u00a0993 kr)",
        "avbestilt to 24.12 11:00, timen ma 28.12 10:00: 10 hverdagstimer < 24; "
        "ikke talt: to 24.12 Stengt (lokal), fr 25.12 Første juledag",
        "Regel: Avbestilling senest 24 hverdagstimer før timen (gebyr 1\u00a0993 kr).",
    ]


def test_fee_accepts_utc_sent_times_and_video(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _err = run(
        capsys,
        "--config",
        EXAMPLE,
        "fee",
        "--appointment",
        "2026-03-30T10:00",
        "--sent",
        "2026-03-27T08:00Z",
    )
    assert code == 0
    assert "25 hverdagstimer ≥ 24" in out  # 08:00 UTC is 09:00 in Oslo
    code, out, _err = run(
        capsys,
        "--config",
        EXAMPLE,
        "fee",
        "--appointment",
        "2026-03-30T10:00",
        "--sent",
        "2026-03-30T09:00",
        "--kind",
        "video",
    )
    assert out.startswith("Ikke gebyr")


def test_fee_refuses_a_wrong_time(capsys: pytest.CaptureFixture[str]) -> None:
    code, _out, err = run(
        capsys, "--config", EXAMPLE, "fee", "--appointment", "i morgen", "--sent", "2026-03-27"
    )
    assert code == 2
    assert "--appointment: «i morgen» er ikke et tidspunkt" in err
