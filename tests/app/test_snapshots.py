"""What the clerk sees, at 80x24 and 120x40, compared with approved screenshots.

The `16` snapshots are taken as on PuTTY's `TERM=xterm`: 16 colours, so the app uses the
terminal's own palette (`tui.theme.ANSI_THEME`); the SVG shows those colours as a typical
terminal paints them.

Update after an intended change with `pytest tests/app/test_snapshots.py --snapshot-update` and
look at the new SVGs before committing them.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from textual.pilot import Pilot

from tests.helpers.pilot import AppFactory, settle

SIZES = [(80, 24), (120, 40)]


async def inbox_loaded(pilot: Pilot[None]) -> None:
    await settle(pilot)


def then(*keys: str) -> Callable[[Pilot[None]], Awaitable[None]]:
    async def run(pilot: Pilot[None]) -> None:
        await settle(pilot)
        await pilot.press(*keys)
        await settle(pilot)

    return run


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_inbox(snap_compare: Any, make_app: AppFactory, size: tuple[int, int]) -> None:
    assert snap_compare(make_app(), terminal_size=size, run_before=inbox_loaded)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_opened_message(snap_compare: Any, make_app: AppFactory, size: tuple[int, int]) -> None:
    assert snap_compare(make_app(), terminal_size=size, run_before=then("j", "enter"))


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_template_picker(snap_compare: Any, make_app: AppFactory, size: tuple[int, int]) -> None:
    assert snap_compare(make_app(), terminal_size=size, run_before=then("t", "a", "v"))


def test_help(snap_compare: Any, make_app: AppFactory) -> None:
    assert snap_compare(make_app(), terminal_size=(80, 24), run_before=then("question_mark"))


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_report(snap_compare: Any, make_app: AppFactory, size: tuple[int, int]) -> None:
    assert snap_compare(make_app(), terminal_size=size, run_before=then("r"))


def test_roster(snap_compare: Any, make_app: AppFactory) -> None:
    assert snap_compare(make_app(), terminal_size=(80, 24), run_before=then("V"))


@pytest.fixture
def sixteen_colours(monkeypatch: pytest.MonkeyPatch) -> None:
    """A terminal that announces 16 colours, as PuTTY does."""
    monkeypatch.setenv("TERM", "xterm")
    monkeypatch.delenv("COLORTERM")


SCREENS_16 = {
    "inbox": (),
    "opened": ("j", "enter"),
    "picker": ("t", "a", "v"),
    "help": ("question_mark",),
    "clipboard_guide": ("question_mark", "k"),
    "register": ("n",),
}


@pytest.mark.usefixtures("sixteen_colours")
@pytest.mark.parametrize("screen", SCREENS_16)
def test_16_colours_80x24(snap_compare: Any, make_app: AppFactory, screen: str) -> None:
    app = make_app()
    assert app.current_theme.ansi
    assert snap_compare(app, terminal_size=(80, 24), run_before=then(*SCREENS_16[screen]))
