"""Every screen on a small, plain terminal: 80x24, 16 colours, no colour at all.

The screens are opened on the demo inbox the way a clerk opens them, then checked as the
terminal would show them: the footer fits and keeps help and quit, every colour is one of the
terminal's 16, and with NO_COLOR (colours stripped) the cursor and the focus still show.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import replace
from typing import Any

import pytest
from rich.color import ColorType
from textual.filter import NoColor
from textual.pilot import Pilot
from textual.screen import ModalScreen
from textual.widget import Widget

from tests.helpers.pilot import AppFactory, screen_text, settle
from tui.app import TimedialogApp
from tui.core.config.config import Display, ThemeChoice
from tui.core.workflow.inbox import Inbox
from tui.screens.confirm import ConfirmScreen
from tui.theme import ANSI_THEME, terminal_colours, theme_name
from tui.widgets.choice_list import ChoiceList
from tui.widgets.inbox_list import InboxList
from tui.widgets.key_footer import KeyFooter, fitting

SCREENS = {
    "inbox": (),
    "opened message": ("enter",),
    "template picker": ("t",),
    "help": ("question_mark",),
    "clipboard guide": ("question_mark", "k"),
    "text view": ("x",),
    "category": ("e",),
    "forward": ("v",),
    "close without reply": ("u",),
    "register": ("n",),
    "import": ("i",),
    "checklist": ("o", "l"),
    "report": ("r",),
    "roster": ("V",),
    "confirm": (),
}
"""Every screen, and the keys that open it from the inbox (the confirmation is pushed)."""


async def open_screen(app: TimedialogApp, pilot: Pilot[None], name: str) -> None:
    await settle(pilot)
    if name == "confirm":
        reasons = ["Kari har merket meldingen som besvart kl. 09:58."]
        app.push_screen(ConfirmScreen("Vil du likevel merke meldingen som besvart?", reasons))
    else:
        await pilot.press(*SCREENS[name])
    await settle(pilot)


def ansi_app(make_app: AppFactory, inbox: Inbox) -> TimedialogApp:
    config = replace(inbox.config, display=Display(ThemeChoice.ANSI))
    return make_app(Inbox(inbox.store, config, inbox.user, inbox.clock))


def footer_line(app: TimedialogApp) -> str:
    return screen_text(app).splitlines()[-1]


def styles(app: TimedialogApp) -> Iterator[tuple[int, str, Any]]:
    """(line, text, style) of every segment on screen, as the terminal receives them."""
    for y, strip in enumerate(app.screen._compositor.render_strips()):
        for segment in strip:
            yield y, segment.text, segment.style


Cell = tuple[str, bool, bool, bool]


def colourless(app: TimedialogApp) -> list[list[Cell]]:
    """The screen with every colour removed, cell by cell: character, bold, reverse, underline."""
    lines = []
    for strip in app.screen._compositor.render_strips():
        cells: list[Cell] = []
        for segment in NoColor().apply(list(strip), None):  # type: ignore[arg-type]
            style = segment.style
            marks = (bool(style and style.bold), bool(style and style.reverse))
            underline = bool(style and style.underline)
            cells += [(character, *marks, underline) for character in segment.text]
        lines.append(cells)
    return lines


def within(screen: list[list[Cell]], widget: Widget) -> list[list[Cell]]:
    region = widget.region
    return [line[region.x : region.right] for line in screen[region.y : region.bottom]]


# Footer -----------------------------------------------------------------------------------


def test_footer_drops_spare_keys_first_then_from_the_right_and_never_the_pinned() -> None:
    widths = [9, 10, 12, 6, 8, 10]
    assert fitting(widths, {4, 5}, [2], room=100) == {0, 1, 2, 3, 4, 5}
    assert fitting(widths, {4, 5}, [2], room=43) == {0, 1, 3, 4, 5}
    assert fitting(widths, {4, 5}, [2], room=30) == {0, 4, 5}
    assert fitting(widths, {4, 5}, [2], room=5) == {4, 5}


@pytest.mark.parametrize("name", SCREENS)
async def test_every_screen_fits_80x24_with_its_keys_in_the_footer(
    make_app: AppFactory, name: str
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_screen(app, pilot, name)
        footer = app.screen.query_one(KeyFooter)
        shown = [key for key in footer.children if key.display]
        assert shown, "the footer shows keys"
        assert sum(key.region.width + 1 for key in shown) - 1 <= 80, "the footer fits"
        assert all(key.region.right <= 80 for key in shown)
        if isinstance(app.screen, ModalScreen):
            box = app.screen.children[0]
            assert box.region.width <= 80
            assert box.region.bottom <= 23, "the dialog ends above the footer line"
            assert app.screen.is_modal


async def test_inbox_footer_at_80_columns_keeps_help_and_quit(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        line = footer_line(app)
        assert "? Hjelp" in line
        assert "q Avslutt" in line
        assert "c Kopier" in line
        assert "x Vis" in line
        assert "Sjekkliste" not in line  # in ? and ctrl+p, not in the 80-column footer
        await pilot.resize_terminal(130, 30)
        await settle(pilot)
        assert "l Sjekkliste" in footer_line(app)
        assert "q Avslutt" in footer_line(app)


# 16 colours and the ANSI theme -------------------------------------------------------------


@pytest.mark.parametrize(
    ("environ", "ansi"),
    [
        ({"TERM": "xterm"}, True),
        ({"TERM": "xterm-16color"}, True),
        ({"TERM": "xterm-256color"}, False),
        ({"TERM": "xterm-256color", "COLORTERM": "truecolor"}, False),
        ({"TERM": "xterm-256color", "NO_COLOR": "1"}, True),
        ({"TERM": "xterm-256color", "TEXTUAL_COLOR_SYSTEM": "standard"}, True),
        ({"TERM": "dumb"}, True),
    ],
)
def test_auto_uses_the_terminals_palette_where_it_has_16_colours(
    environ: dict[str, str], ansi: bool
) -> None:
    expected = ANSI_THEME.name if ansi else "textual-dark"
    assert theme_name(ThemeChoice.AUTO, environ) == expected


def test_a_configured_theme_wins_over_the_terminal() -> None:
    assert theme_name(ThemeChoice.ANSI, {"TERM": "xterm-256color"}) == ANSI_THEME.name
    assert theme_name(ThemeChoice.LIGHT, {"TERM": "xterm"}) == "textual-light"
    assert terminal_colours({"TERM": "xterm"}) == "standard"


async def test_the_app_picks_the_ansi_theme_on_a_16_colour_terminal(
    make_app: AppFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TERM", "xterm")
    monkeypatch.delenv("COLORTERM")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert app.theme == ANSI_THEME.name
        assert app.current_theme.ansi


@pytest.mark.parametrize("name", SCREENS)
async def test_every_colour_is_one_of_the_terminals_16(
    make_app: AppFactory, demo_inbox: Inbox, name: str
) -> None:
    app = ansi_app(make_app, demo_inbox)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_screen(app, pilot, name)
        for y, text, style in styles(app):
            for colour in (style.color, style.bgcolor) if style else ():
                if colour is not None:
                    assert colour.type in (ColorType.DEFAULT, ColorType.STANDARD), (y, text, colour)


# No colour: cursor and focus ---------------------------------------------------------------


def focusable(app: TimedialogApp) -> list[Widget]:
    """What `tab` visits: inside the maximized pane only, when one is maximized."""
    maximized = app.screen.maximized
    chain = list(app.screen.focus_chain)
    if maximized is None:
        return chain
    return [widget for widget in chain if widget is maximized or maximized in widget.ancestors]


@pytest.mark.parametrize("name", SCREENS)
async def test_without_colour_every_focus_move_shows(
    make_app: AppFactory, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_screen(app, pilot, name)
        assert app.theme == ANSI_THEME.name  # NO_COLOR: the palette-only theme, colours off
        chain = focusable(app)
        for _step in range(len(chain) - 1 if len(chain) > 1 else 0):
            before, focused = colourless(app), app.focused
            await pilot.press("tab")
            await settle(pilot)
            assert app.focused is not None
            assert app.focused is not focused
            after = colourless(app)
            assert within(after, app.focused) != within(before, app.focused), (
                f"{app.focused} does not show that it has the focus"
            )


@pytest.mark.parametrize("name", SCREENS)
async def test_tab_goes_top_to_bottom_left_to_right(make_app: AppFactory, name: str) -> None:
    app = make_app()
    size = (130, 40) if name == "opened message" else (80, 24)
    async with app.run_test(size=size) as pilot:
        await open_screen(app, pilot, name)
        chain = focusable(app)
        for first, second in itertools.pairwise(chain):
            a, b = first.region, second.region
            side_by_side = a.y < b.bottom and b.y < a.bottom
            assert a.x < b.x if side_by_side else a.y < b.y, f"{first} before {second}"


async def test_without_colour_the_cursor_row_still_shows(
    make_app: AppFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("j", "j")
        await settle(pilot)
        rows = screen_text(app).splitlines()[2:10]
        assert rows[2].startswith(">")
        assert not any(row.startswith(">") for i, row in enumerate(rows) if i != 2)
        assert app.screen.query_one(InboxList).cursor == 2
        cursor_row = colourless(app)[4]
        assert all(reverse for _char, _bold, reverse, _under in cursor_row[:70])
        other_row = colourless(app)[5]
        assert not any(reverse for _char, _bold, reverse, _under in other_row[:70])


# Choice lists in dialogs ----------------------------------------------------------------------

CHOICE_LISTS = ("confirm", "category", "forward", "close without reply", "checklist", "roster")
"""The dialogs whose choices are a list (the picker's is checked with the picker)."""


def highlighted_rows(app: TimedialogApp, choices: ChoiceList) -> list[int]:
    """The screen rows of `choices` drawn in reverse video with every colour stripped.

    A row counts when most of it is reversed (the scroll bar is reversed too).
    """
    region = choices.content_region
    screen = colourless(app)
    return [
        y
        for y in range(region.y, region.bottom)
        if sum(reverse for _c, _b, reverse, _u in screen[y][region.x : region.right])
        > region.width // 2
    ]


@pytest.mark.parametrize("no_color", [True, False], ids=["NO_COLOR", "16 colours"])
@pytest.mark.parametrize("name", [*CHOICE_LISTS, "template picker"])
async def test_choice_lists_move_with_j_and_k_and_show_the_choice_without_colour(
    make_app: AppFactory,
    demo_inbox: Inbox,
    monkeypatch: pytest.MonkeyPatch,
    name: str,
    no_color: bool,
) -> None:
    if no_color:
        monkeypatch.setenv("NO_COLOR", "1")
        app = make_app()
    else:
        app = ansi_app(make_app, demo_inbox)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_screen(app, pilot, name)
        choices = app.screen.query_one(ChoiceList)
        start = choices.highlighted
        assert start is not None
        # Visible even before the list has the focus (the picker's filter field has it).
        first = highlighted_rows(app, choices)
        assert first
        choices.focus()
        await settle(pilot)
        assert highlighted_rows(app, choices) == first
        await pilot.press("j")
        await settle(pilot)
        assert choices.highlighted == start + 1
        second = highlighted_rows(app, choices)
        assert second
        assert second[0] == first[-1] + 1
        await pilot.press("k")
        await settle(pilot)
        assert choices.highlighted == start
        assert highlighted_rows(app, choices) == first
