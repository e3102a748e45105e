"""The screen, `timedialog report` and its CSV show the same figures, and nothing of a patient.

All three come from `build_report` through `report_tables`; these tests run the real command
and the real screen on the hand-built inbox and compare what each shows.
"""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path

import pytest
from textual.widgets import Static

from tests.conftest import FakeClock
from tests.helpers.pilot import screen_text, settle
from tests.helpers.report_inbox import PATIENTS, SECRET_SUBJECT, SECRET_TEXT, build_report_inbox
from tui.cli import main
from tui.cli import report as cli_report
from tui.core.config.config import Config
from tui.core.report.report import Period, Report, build_report
from tui.core.report.tables import (
    CSV_DELIMITER,
    Table,
    cell_text,
    report_tables,
    table_lines,
    text_lines,
)
from tui.core.store.store import Store
from tui.core.texts.library import TextLibrary
from tui.core.workflow.inbox import Inbox
from tui.screens.report import ReportScreen
from tui.widgets.weekly_bars import WeeklyBars, bar_lengths

NOVEMBER = ["--from", "2026-11-01", "--to", "2026-11-30"]


@pytest.fixture
def report_inbox(store: Store, config: Config, clock: FakeClock) -> Inbox:
    return build_report_inbox(store, config, clock)


@pytest.fixture
def expected(report_inbox: Inbox, config: Config, clock: FakeClock) -> Report:
    """The report worked out by the one function, for November 2026 and every department."""
    return build_report(
        report_inbox.store.summaries([2026]),
        period=Period(date(2026, 11, 1), date(2026, 11, 30)),
        now=clock.now,
        working_time=config.working_time(),
    )


@pytest.fixture
def cli(report_inbox: Inbox, clock: FakeClock, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The command line's common arguments, on the hand-built inbox at the fixed "now"."""
    monkeypatch.setattr(cli_report, "oslo_now", clock)
    return ["--db", str(report_inbox.store.path)]


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(args)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def csv_tables(raw: bytes) -> list[list[list[str]]]:
    """The CSV file's blocks (separated by blank rows), each a list of rows."""
    assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 byte order mark
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=CSV_DELIMITER))
    blocks: list[list[list[str]]] = [[]]
    for row in rows:
        if row:
            blocks[-1].append(row)
        else:
            blocks.append([])
    return blocks


def csv_form(table: Table) -> list[list[str]]:
    return [list(table.headings)] + [[cell_text(c, blank="") for c in row] for row in table.rows]


def test_text_and_csv_agree_with_the_report(
    cli: list[str],
    expected: Report,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    target = tmp_path / "rapport.csv"
    code, out, err = run(["report", *NOVEMBER, *cli, "--csv", str(target)], capsys)
    assert code == 0
    assert f"CSV skrevet til {target}" in err
    tables = report_tables(expected)
    for table in tables:
        lines = table_lines(table)
        assert "\n".join(lines) in out, table.key
    assert out.splitlines() == text_lines(expected)
    raw = target.read_bytes()
    blocks = csv_tables(raw)
    assert blocks[0][1:4] == [
        ["Periode", "2026-11-01 – 2026-11-30"],
        ["Fra", "2026-11-01"],
        ["Til", "2026-11-30"],
    ]
    assert [csv_form(table) for table in tables] == blocks[1:]
    assert b"\r\n" in raw


def test_the_figures_are_the_worked_out_ones(
    cli: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Spot checks of the CSV against the answers worked out in test_report.py."""
    target = tmp_path / "rapport.csv"
    assert main(["report", *NOVEMBER, *cli, "--csv", str(target)]) == 0
    summary, weeks, categories, clerks, _suggestions = csv_tables(target.read_bytes())[1:]
    figures = dict(row for row in summary[1:])
    assert figures["Mottatt"] == "10"
    assert figures["Besvart i tide"] == "5"
    assert figures["Besvart for sent"] == "1"
    assert figures["Andel besvart i tide (%)"] == "62,5"  # 5 of 8 (2 overdue); decimal comma
    assert figures["Ubesvart etter fristen"] == "2"
    assert figures["Åpne og forfalt nå, hele innboksen"] == "2"
    assert figures["Svartid, median (arbeidstimer)"] == "5,0"
    assert figures["Svartid, 90-persentil (arbeidstimer)"] == "23,8"  # 23.75, half up
    assert figures["Tid til videresending, median (arbeidstimer)"] == "5,3"  # 5.25, half up
    assert weeks[1] == ["2026-W44", "2026-10-26", "0", "0", "0", "0"]  # ISO week and date
    assert categories[5] == ["Gebyr", "0", "0", "0", "0", "0", ""]  # no median: empty field
    assert clerks[2] == ["kari", "3", "2", "1", "2,5", "1"]


def test_one_department_from_the_command_line(
    cli: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _err = run(["report", *NOVEMBER, *cli, "--department", "BLOD", "--csv", "-"], capsys)
    assert code == 0
    rows = list(csv.reader(io.StringIO(out.lstrip("\ufeff")), delimiter=";"))
    figures = {row[0]: row[1] for row in rows if len(row) == 2}
    assert figures["Avdelinger"] == "BLOD"
    assert figures["Mottatt"] == "7"
    assert figures["Ligger nå hos en annen avdeling"] == "1"
    assert out.startswith("\ufeff")


def test_nothing_of_a_patient_reaches_a_report(
    cli: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "rapport.csv"
    code, out, err = run(["report", *NOVEMBER, *cli, "--csv", str(target)], capsys)
    assert code == 0
    everything = out + err + target.read_bytes().decode("utf-8-sig")
    for name, national_id in PATIENTS.values():
        assert name not in everything
        assert national_id not in everything
        assert national_id[:6] not in everything  # not even the birth date
    assert SECRET_TEXT not in everything
    assert SECRET_SUBJECT not in everything
    for message_id in ("m1", "m10", "old"):
        assert message_id not in everything.split()


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--from", "2026-13-01"], "«2026-13-01» er ikke en dato"),
        (["--from", "2026-11-20", "--to", "2026-11-01"], "er før --from"),
        (["--department", "XYZ"], "Ukjent avdeling «XYZ»"),
    ],
)
def test_bad_arguments_are_refused_in_norwegian(
    cli: list[str], capsys: pytest.CaptureFixture[str], args: list[str], words: str
) -> None:
    code, out, err = run(["report", *cli, *args], capsys)
    assert code == 2
    assert words in err
    assert out == ""


def test_a_csv_that_cannot_be_written_is_reported(
    cli: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "mangler" / "rapport.csv"
    code, out, err = run(["report", *NOVEMBER, *cli, "--csv", str(target)], capsys)
    assert code == 1
    assert "Kunne ikke skrive CSV-filen" in err
    assert "Mottatt" in out  # the text report was printed all the same


def test_without_dates_the_report_covers_this_month_to_today(
    cli: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _err = run(["report", *cli], capsys)
    assert code == 0
    assert "Fra         2026-11-01" in out
    assert "Til         2026-11-26" in out


async def test_the_screen_agrees_with_the_report(
    report_inbox: Inbox, library: TextLibrary, expected: Report
) -> None:
    from tui.app import TimedialogApp

    app = TimedialogApp(report_inbox, library, local_clipboard=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("r")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ReportScreen)
        assert screen.report is not None
        assert screen.report.totals == expected.totals  # the month, as the command's dates
        summary, weeks, categories, clerks, suggestions = report_tables(expected)
        for widget_id, table in (
            ("#report-summary", summary),
            ("#report-categories", categories),
            ("#report-clerks", clerks),
            ("#report-suggestions", suggestions),
        ):
            shown = str(screen.query_one(widget_id, Static).content)
            assert shown == "\n".join(table_lines(table)), widget_id
        bars = screen.query_one(WeeklyBars)
        lines = str(bars.render()).splitlines()[1:]
        assert len(lines) == len(weeks.rows) == len(expected.weeks)
        peak = max(week.figures.received for week in expected.weeks)
        width = len(lines[0]) - len("uke 44 26.10 ") - len(" 4")
        for line, week in zip(lines, expected.weeks, strict=True):
            assert line.endswith(f" {week.figures.received}")
            in_time, late, other = bar_lengths(week, peak, width)
            assert line.count("█") == in_time
            assert line.count("▓") == late
            assert line.count("░") == other
        text = screen_text(app)
        assert "Mottatt" in text
        for name, national_id in PATIENTS.values():
            assert name not in text
            assert national_id[:6] not in text


def test_a_damaged_archive_stops_the_command_with_a_message(
    cli: list[str], report_inbox: Inbox, capsys: pytest.CaptureFixture[str]
) -> None:
    report_inbox.store.archive_path(2026).write_text("{ikke json", encoding="utf-8")
    code, out, err = run(["report", *NOVEMBER, *cli], capsys)
    assert code == 1
    assert "inbox.archive-2026.json" in err
    assert "Traceback" not in err
    assert out == ""
