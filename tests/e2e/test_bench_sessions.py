"""The pure parts of bench/sessions.py: figures, the table, and how output answers a key.

No timings are asserted here: the benchmark prints figures, it does not judge them.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from bench import sessions
from bench.sessions import (
    HEADER,
    Clerk,
    Keypress,
    Result,
    Setup,
    parse_group_env,
    parse_size,
    parse_smaps_rollup,
    percentile,
    spread,
    table,
)

REPO = Path(__file__).resolve().parents[2]


def test_percentile_is_the_nearest_rank() -> None:
    values = [float(n) for n in range(1, 101)]  # 1 .. 100
    assert percentile(values, 50) == 50
    assert percentile(values, 95) == 95
    assert percentile(values, 100) == 100
    assert percentile([7.0, 1.0, 3.0], 50) == 3  # unsorted input
    assert percentile([4.0], 95) == 4
    assert percentile([1.0, 2.0], 0) == 1
    with pytest.raises(ValueError, match="no values"):
        percentile([], 50)


def test_spread_writes_thousands_as_the_issue_does() -> None:
    assert spread([4.2, 6.0, 1930.4]) == "6 / 1 930 / 1 930 ms"
    assert spread([]) == "–"


def test_options_are_read() -> None:
    assert parse_size("120x40") == (120, 40)
    with pytest.raises(Exception, match="COLUMNSxROWS"):
        parse_size("80 by 24")
    assert parse_group_env("1:PGHOST=/tmp/a=b") == (1, "PGHOST", "/tmp/a=b")
    with pytest.raises(Exception, match="GROUP:NAME=VALUE"):
        parse_group_env("PGHOST=x")


def test_memory_is_read_from_smaps_rollup() -> None:
    text = (
        "55d1c0000000-7ffc0000000 ---p 00000000 00:00 0    [rollup]\n"
        "Rss:               70308 kB\n"
        "Pss:               41230 kB\n"
        "Pss_Anon:          30000 kB\n"
    )
    assert parse_smaps_rollup(text) == (70308 * 1024, 41230 * 1024)


def test_table_has_the_issues_columns_and_one_row_per_run() -> None:
    result = Result(Setup(1000, 50, 2.0))
    result.keys = [5.0, 7.0, 375.0, 1930.0]
    result.rss = [71 * 1024 * 1024, 75 * 1024 * 1024]
    result.pss = [40 * 1024 * 1024, 44 * 1024 * 1024]
    result.visible = [300.0, 500.0]
    result.visible_everywhere = [650.0]
    result.unanswered = 1
    result.run_seconds = 95.4
    quiet = Result(Setup(10000, 1, 0.0))
    lines = table([result, quiet]).splitlines()
    assert lines[0].startswith(
        "| open messages | sessions | writes | keypress → first byte, p50 / p95 / worst |"
    )
    assert lines[1].count("|---") == lines[0].count(" | ") + 1
    assert lines[2] == (
        "| 1 000 | 50 | an import every 2 s | 7 / 1 930 / 1 930 ms | 73 / 75 MiB; 42 MiB "
        "| 400 ms (650 ms) | 4 (1 unanswered) | 95 s |"
    )
    assert lines[3] == "| 10 000 | 1 | none | – | – | – | 0 | 0 s |"


class _NoPty:
    """A stand-in for the session's pty: these tests only feed output."""


def _clerk() -> Clerk:
    clerk = Clerk(0, 0, _NoPty())  # type: ignore[arg-type]
    clerk.top_line = 3
    return clerk


def _row(line: int, cursor: bool) -> bytes:
    style = b"\x1b[1;38;5;195;48;5;32m" if cursor else b"\x1b[38;5;253;48;5;233m"
    marker = sessions.CURSOR_MARKER if cursor else b" "
    return b"\x1b[%d;1H" % line + style + marker + b"  ma 07.12 Endring? 131169***** Flytte\r\n"


def _header(count: int) -> bytes:
    return b"\x1b[1;1H\x1b[48;5;17m " + f"{count} åpne, 0 forfalt (!!)".encode()


def test_the_answer_is_the_cursor_drawn_where_the_key_moves_it() -> None:
    clerk = _clerk()
    clerk.feed(_header(1000) + _row(3, True) + _row(4, False), 100)
    assert (clerk.cursor_line, clerk.count) == (3, 1000)
    assert clerk.next_key() == (b"j", 4)
    clerk.pending = press = Keypress(0, b"j", 1_000, 4, len(clerk.data))
    # A live update comes first: it draws the cursor where it still is.
    assert clerk.feed(_header(1001) + _row(3, True) + _row(4, False), 2_000) is None
    assert press.first_byte == 2_000
    # The key's answer, split between two reads in the middle of the cursor's row: it began
    # with the row the cursor left, in the first read.
    answer = _row(3, False) + _row(4, True)
    middle = answer.index(b"\x1b[4;1H") + 4
    assert clerk.feed(answer[:middle], 3_000) is None
    assert clerk.feed(answer[middle:], 3_500) is press
    assert press.answered == 3_000
    assert clerk.pending is None
    assert (clerk.cursor_line, clerk.count) == (4, 1001)
    assert clerk.next_key() == (b"k", 3)
    # Moving up draws the cursor's new row first: the answer begins with it.
    clerk.pending = press = Keypress(0, b"k", 4_000, 3, len(clerk.data))
    assert clerk.feed(_row(4, True), 4_100) is None  # a repaint from before the key
    assert clerk.feed(_row(3, True) + _row(4, False), 4_200) is press
    assert press.answered == 4_200


def test_the_cursor_drawn_before_the_key_is_no_answer() -> None:
    clerk = _clerk()
    clerk.feed(_row(4, True), 100)
    clerk.pending = press = Keypress(0, b"k", 150, 3, 0)  # as if the row came after the key
    press.offset = len(clerk.data)
    assert clerk.feed(b"\x1b[20;1H unrelated", 200) is None
    assert clerk.feed(_row(3, True), 300) is press


def test_without_a_line_any_output_answers() -> None:
    clerk = _clerk()
    clerk.pending = press = Keypress(0, b"j", 10, None, 0)
    assert clerk.feed(b"x", 20) is press
    assert press.answered == press.first_byte == 20


def test_header_counts_are_found_with_when_they_arrived() -> None:
    clerk = _clerk()
    header = _header(1002)
    middle = header.index(b"pne,")
    clerk.feed(_header(1000), 10)
    clerk.feed(header[:middle], 20)  # the count's words split between reads
    clerk.feed(header[middle:], 30)
    assert clerk.headers() == [(10, 1000), (30, 1002)]


def test_markers_agree_with_the_app() -> None:
    from tui.widgets.inbox_list import CURSOR_MARKER

    assert CURSOR_MARKER.encode() == sessions.CURSOR_MARKER
    source = (REPO / "tui" / "widgets" / "inbox_header.py").read_text(encoding="utf-8")
    header = re.search(r'"(\{open\}, [^"]*)"', source)
    plural = re.search(r'"(\{count\} åpne)"', source)
    assert header is not None
    assert plural is not None
    count = plural[1].format(count=1234)
    shown = header[1].format(open=count, overdue=1, today=2, follow_up=3)
    found = HEADER.search(shown.encode())
    assert found is not None
    assert found[1] == b"1234"


def test_a_missing_command_is_named(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: Any
) -> None:
    monkeypatch.setattr(sessions, "TIMEDIALOG", tmp_path / "timedialog")
    assert sessions.main(["--sessions", "1"]) == 2
    assert "timedialog is missing" in capsys.readouterr().err


def test_a_short_run_measures_and_leaves_nothing_behind(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Two real sessions, a writer, a few seconds: every part measured something, and no
    process or folder is left. (The figures themselves are not judged.)"""
    if not sessions.TIMEDIALOG.exists():
        pytest.skip("the installed timedialog command is needed")
    monkeypatch.setattr("tempfile.tempdir", str(tmp_path))
    closed: list[sessions.Host] = []
    close = sessions.Host.close

    def keep(host: sessions.Host) -> None:
        closed.append(host)
        close(host)

    monkeypatch.setattr(sessions.Host, "close", keep)
    result = sessions.measure(Setup(300, 2, 1.0, seconds=3.0, rate=10.0, groups=2))
    assert result.attributed
    assert result.keys
    assert len(result.write_ms) == 3
    assert result.visible
    assert result.group_visible.keys() == {0, 1}
    assert len(result.rss) == 2
    assert all(pss > 0 for pss in result.pss)
    assert all(clerk.pty.process.poll() is not None for clerk in closed[0].clerks)
    assert list(tmp_path.iterdir()) == []
