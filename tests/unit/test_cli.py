"""The command line: list and text, with options after the subcommand's name."""

from __future__ import annotations

import importlib.metadata
import json
import os
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

import tui
from tests.conftest import REPO
from tui.cli import EXIT_BROKEN_PIPE, build_parser, main, parse_arguments
from tui.core.workflow.demo import demo_messages
from tui.core.workflow.inbox import Inbox


def test_list_json_with_db_after_the_subcommand(
    demo_inbox: Inbox, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["list", "--json", "--db", str(demo_inbox.store.path)]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert len(rows) == len(demo_inbox.messages())
    first = rows[0]
    assert {"id", "category", "status", "deadline", "department"} <= set(first)
    assert first["deadline"] == demo_inbox.messages()[0].deadline.isoformat()


def test_db_before_the_subcommand_works_too(
    demo_inbox: Inbox, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--db", str(demo_inbox.store.path), "list", "--json"]) == 0
    assert len(json.loads(capsys.readouterr().out)) == len(demo_inbox.messages())


def test_db_from_environment(
    demo_inbox: Inbox, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TIMEDIALOG_DB", str(demo_inbox.store.path))
    assert main(["list", "--json"]) == 0
    assert len(json.loads(capsys.readouterr().out)) == len(demo_inbox.messages())


def test_text_prints_the_best_match(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["text", "avbestilling"]) == 0
    assert capsys.readouterr().out.startswith("Vi har mottatt din avbestilling av time")


def test_text_without_query_lists_all(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["text"]) == 0
    out = capsys.readouterr().out
    for template_id in ("endring", "avbestilling", "purring", "annet", "gebyr"):
        assert template_id in out


def test_text_without_match_fails_with_closest_titles(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["text", "xyzzyq"]) == 1
    assert "Ingen tekst passer" in capsys.readouterr().err


def test_corrupt_database_gives_a_message_not_a_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text("{not json", encoding="utf-8")
    assert main(["list", "--db", str(broken)]) == 1
    assert "skadet" in capsys.readouterr().err


def test_broken_config_gives_a_message_not_a_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = tmp_path / "config.toml"
    broken.write_text("[general\n", encoding="utf-8")
    assert main(["list", "--config", str(broken)]) == 2
    assert "config.toml" in capsys.readouterr().err


def test_console_script_runs() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "tui", "text", "--list"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert "Purring på time" in result.stdout


def test_output_cut_off_by_its_reader_is_no_crash(inbox: Inbox) -> None:
    # `timedialog list --json | head -1`: the reader closes the pipe after the first line,
    # while the list is still being written (far more than a pipe's 64 kB buffer).
    demo = demo_messages(inbox)
    inbox.store.add([replace(demo[n % len(demo)], id=f"m{n}") for n in range(1000)])
    lister = subprocess.Popen(
        [sys.executable, "-m", "tui", "list", "--json", "--db", str(inbox.store.path)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    assert lister.stdout is not None
    assert lister.stderr is not None
    first = lister.stdout.readline()
    lister.stdout.close()
    errors = lister.stderr.read()
    assert lister.wait(timeout=30) == EXIT_BROKEN_PIPE
    assert first.strip()
    assert errors == b""


@pytest.mark.parametrize(
    "argv",
    [
        [],
        ["--demo"],
        ["--db", "inbox.json", "--user", "kari", "--lang", "en", "--config", "c.toml"],
        ["--db=inbox.json", "--use", "kari", "--dem"],
        ["--user", "list"],
        ["--db", "inbox.json", "list", "--json"],
        ["text", "gebyr"],
    ],
)
def test_starting_the_app_is_parsed_as_the_full_parser_does(argv: list[str]) -> None:
    assert parse_arguments(argv) == build_parser().parse_args(argv)


@pytest.mark.parametrize(
    "argv", [["--help"], ["--he"], ["--version"], ["--lang", "sv"], ["--db"], ["--d", "x"]]
)
def test_help_version_and_mistakes_come_from_the_full_parser(
    argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as parsed:
        build_parser().parse_args(argv)
    expected = (parsed.value.code, capsys.readouterr())
    with pytest.raises(SystemExit) as parsed:
        parse_arguments(argv)
    assert (parsed.value.code, capsys.readouterr()) == expected


def test_the_version_is_written_once() -> None:
    """The installed distribution's version is `tui.__version__` (hatch reads it there)."""
    assert importlib.metadata.version("timedialog") == tui.__version__
    assert 'dynamic = ["version"]' in (REPO / "pyproject.toml").read_text(encoding="utf-8")
