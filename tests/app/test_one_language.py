"""One language at a time: under bokmål no English reaches the clerk, under English no bokmål.

`tests/helpers/language_walk.py` opens every screen (Pilot), every notice a walk through the day
raises, every subcommand's help and argparse's errors, in a fresh process per language, and
prints what it saw; here each text is searched for words of the other language. The lists
are short on purpose: common words no text of the other language has. The walk's data is
made of invented words, so only what timedialog itself says is checked.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO
from tests.helpers.pilot import AppFactory, settle

ENGLISH = """the and of not with your you this that search message messages command commands press
quit matches found usage options show help error keys theme screenshot minimize maximize save
cancel yes invalid arguments required expected unrecognized choose line column file folder open
closed new in from by working days reply answered overdue today code chosen
released claimed forwarded archived registered""".split()  # noqa: SIM905
"""Words no bokmål text of timedialog uses ("argument", "status", "demo" are in both; the
subcommands' names, "text" and "deadline", are the same in every language)."""
BOKMAL = """og ikke melding meldinger meldingen søk trykk avslutt tilbake hjelp kopier svar fra
til på er av med uten ny åpne forfalt lukket valgt kode tekst arbeidsdager arbeidsdag vakt bruk valg
feil linje filen mappen stengt juledag dager dag innboks kategori sjekkliste tatt frigitt
videresendt gjort ingen denne eller skal kan ble har""".split()  # noqa: SIM905
"""Words no English text of timedialog uses."""
PATTERNS = {
    "nb": [re.compile(r"(?<![\w-])(" + "|".join(ENGLISH) + r")(?![\w-])", re.IGNORECASE)],
    "en": [
        re.compile(r"(?<![\w-])(" + "|".join(BOKMAL) + r")(?![\w-])", re.IGNORECASE),
        re.compile(r"\b\d+ t\b"),  # "7 t 30 min": hours in bokmål
    ],
}
"""What must not show in each language."""
EITHER = [re.compile(r"\w\((?:s|er|r)\)")]
"""A plural left to the reader ("melding(er)", "file(s)"): ngettext says it right."""


def other_language_in(language: str, seen: dict[str, str]) -> list[str]:
    """Each line of the walk that holds a word of the other language, with where it was."""
    found = []
    for place, text in seen.items():
        for line in text.splitlines():
            words = [m.group(0) for p in [*PATTERNS[language], *EITHER] for m in p.finditer(line)]
            if words:
                found.append(f"[{place}] {sorted(set(words))}: {line.strip()}")
    return found


def walk(language: str, *options: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "tests.helpers.language_walk", language, *options],
        cwd=REPO,
        stdout=subprocess.PIPE,
        text=True,
    )


def result(process: subprocess.Popen[str]) -> dict[str, str]:
    out, _err = process.communicate(timeout=300)
    assert process.returncode == 0
    seen: dict[str, str] = json.loads(out)
    return seen


@pytest.fixture(scope="module")
def walks() -> dict[str, dict[str, str]]:
    """Both languages' walks, run side by side."""
    running = {language: walk(language) for language in ("nb", "en")}
    return {language: result(process) for language, process in running.items()}


@pytest.mark.parametrize("language", ["nb", "en"])
def test_every_screen_and_help_speaks_one_language(
    walks: dict[str, dict[str, str]], language: str
) -> None:
    seen = walks[language]
    places = set(seen)
    assert {"inbox", "opened message", "command palette", "ctrl+c", "report help"} <= places
    assert any(place.startswith("$ timedialog report --help") for place in places)
    assert len(places) > 50  # every screen and every subcommand was walked
    assert other_language_in(language, seen) == []


def test_what_the_walk_sees_is_the_real_thing(walks: dict[str, dict[str, str]]) -> None:
    """The walk found the words it checks: the history, the reasons, argparse, the palette."""
    nb, en = walks["nb"], walks["en"]
    assert "status ny → til oppfølging" in nb["history and reasons"]
    assert "status new → in follow-up" in en["history and reasons"]
    assert "(chosen by kari)" in en["history and reasons"]  # recorded in bokmål
    assert "(valgt av kari)" in nb["history and reasons"]  # recorded in English
    assert "Ingen treff" in nb["command palette, no match"]
    assert "No matches" in en["command palette, no match"]
    assert "bruk: timedialog list" in nb["$ timedialog list --help (list --help)"]
    assert "usage: timedialog list" in en["$ timedialog list --help (list --help)"]
    assert (
        "Christmas Day"
        in en[
            "$ timedialog deadline 2026-12-22 --config "
            + str(REPO / "data" / "config.example.toml")
            + " (deadline over a holiday)"
        ]
    )


@pytest.mark.parametrize("language", ["nb", "en"])
def test_a_string_left_in_the_other_language_is_found(language: str) -> None:
    """The check can fail: one runtime string shown in the other language is caught."""
    header = "{open}, {overdue} forfalt (!!), {today} i dag (!), {follow_up} til oppfølging"
    seen = result(walk(language, "--leak", header, "--only", "inbox"))
    assert list(seen) == ["inbox"]
    found = other_language_in(language, seen)
    assert found
    assert all(line.startswith("[inbox]") for line in found)


# The command palette and Textual's own commands ---------------------------------------------


async def test_the_palette_offers_the_clerks_actions_and_nothing_of_textuals(
    make_app: AppFactory,
) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        titles = [command.title for command in app.get_system_commands(app.screen)]
        assert "Kopier (c)" in titles
        assert "Avslutt (q)" in titles
        for textual in ("Theme", "Keys", "Screenshot", "Quit", "Maximize", "Minimize"):
            assert not any(textual in title for title in titles), textual


async def test_no_screenshot_is_written(
    make_app: AppFactory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Textual's screenshot action would write the screen (a shown number too) to a file."""
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_DOWNLOAD_DIR", str(home / "Downloads"))
    monkeypatch.chdir(home)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.action_screenshot()
        app.deliver_screenshot(path=str(home))
        await pilot.pause()
        notices = [notice.message for notice in app._notifications]
    assert list(home.rglob("*")) == []
    assert any("Skjermbilder lagres ikke" in notice for notice in notices)


def test_lang_is_read_before_the_help_is_written(capsys: pytest.CaptureFixture[str]) -> None:
    """The help and argparse's errors come in the language `--lang` asks for, wherever it is."""
    from tui.cli import main

    for argv in (["--lang", "en", "list", "--help"], ["list", "--help", "--lang=en"]):
        with pytest.raises(SystemExit):
            main(argv)
        out = capsys.readouterr().out
        assert out.startswith("usage: timedialog list")
        assert "show this help message and exit" in out
        assert "[QUERY ...]" in out
    with pytest.raises(SystemExit):
        main(["list", "--help"])
    out = capsys.readouterr().out
    assert out.startswith("bruk: timedialog list")
    assert "vis denne hjelpen og avslutt" in out
    with pytest.raises(SystemExit) as exit_status:
        main(["import", "--lang", "en"])
    assert exit_status.value.code == 2
    assert "error: the following arguments are required: PATH" in capsys.readouterr().err
