"""A clerk's path through the app, key by key: what is copied, stored and shown."""

from __future__ import annotations

from dataclasses import replace

import pytest
from textual import events
from textual.screen import Screen
from textual.widgets import Input, OptionList

from tests.helpers.pilot import AppFactory, screen_text, settle, table
from tui.app import TimedialogApp
from tui.core.model import Category, Status
from tui.screens.help import HelpScreen
from tui.screens.inbox import InboxScreen
from tui.screens.template_picker import TemplatePicker
from tui.screens.text_view import TextView
from tui.widgets.message_detail import MessageDetail


async def test_inbox_shows_messages_most_urgent_first(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        ids = table(app).message_ids
        assert ids == [m.id for m in app.inbox.messages()]
        text = screen_text(app)
        assert "!!ma 23.11" in text  # overdue marker in words, not colour alone
        assert "*****" in text
        assert "forfalt" in text


async def test_move_with_j_k_and_copy_suggested_reply(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("j", "j", "k")
        assert table(app).cursor == 1
        message = app.inbox.messages()[1]
        await pilot.press("c")
        await settle(pilot)
        template = app.library.for_category(message.category)
        assert template is not None
        assert app.clipboard == template.body
        assert any("Kopiert via terminalen (OSC 52)" in n.message for n in app._notifications)


async def test_enter_opens_message_full_screen_at_80_columns(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        detail = app.screen.query_one(MessageDetail)
        assert app.screen.maximized is detail
        assert detail.has_focus
        first = app.inbox.messages()[0]
        assert first.text.split()[0] in screen_text(app)
        await pilot.press("escape")
        assert app.screen.maximized is None
        assert table(app).has_focus


async def test_the_message_scrolls_keeps_its_place_and_fits_a_new_width(
    make_app: AppFactory,
) -> None:
    """The detail pane draws its own lines: they must scroll, wrap and follow the message."""
    app = make_app()
    async with app.run_test(size=(80, 14)) as pilot:  # too low for the whole message
        await settle(pilot)
        await pilot.press("enter")  # the message full screen, focused
        await settle(pilot)
        detail = app.screen.query_one(MessageDetail)
        assert detail.virtual_size.height > detail.scrollable_content_region.height
        fourth = detail.render_line(3).text
        await pilot.press("down", "down", "down")
        await settle(pilot)
        assert detail.scroll_offset.y == 3
        assert detail.render_line(0).text == fourth
        view = detail.view
        assert view is not None
        detail.show(replace(view, on_duty=("per",)))  # the same message, changed
        await settle(pilot)
        assert detail.scroll_offset.y == 3
        lines_at_80 = detail.virtual_size.height
        await pilot.resize_terminal(50, 14)
        await settle(pilot)
        assert detail.virtual_size.height > lines_at_80  # wrapped again, narrower
        width = detail.scrollable_content_region.width
        assert all(len(detail.render_line(y).text) == width for y in range(5))
        await pilot.press("escape", "j")
        await settle(pilot)
        assert detail.scroll_offset.y == 0  # another message starts at its top


async def test_panes_side_by_side_when_wide(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        inbox_region = table(app).region
        detail_region = app.screen.query_one(MessageDetail).region
        assert detail_region.x >= inbox_region.right
        await pilot.press("enter")
        assert app.screen.maximized is None


@pytest.mark.parametrize(("size", "layout"), [((120, 40), "-wide"), ((80, 24), "-narrow")])
async def test_the_first_frame_is_laid_out_for_the_terminals_width(
    make_app: AppFactory,
    monkeypatch: pytest.MonkeyPatch,
    size: tuple[int, int],
    layout: str,
) -> None:
    # Textual sets the breakpoint classes on the screen's first resize, after the first frame;
    # without them already set, that frame was laid out unsized and the screen painted twice.
    before_resize: list[set[str]] = []
    on_resize = Screen._on_resize

    async def noted(screen: Screen[object], event: events.Resize) -> None:
        if isinstance(screen, InboxScreen):
            before_resize.append(set(screen.classes))
        await on_resize(screen, event)

    monkeypatch.setattr(Screen, "_on_resize", noted)
    app = make_app()
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        assert before_resize, "the inbox screen was never resized"
        assert layout in before_resize[0]
        assert {"-wide", "-narrow"} & before_resize[0] == {layout}


async def test_mark_answered_is_stored_with_who_and_survives_restart(
    make_app: AppFactory,
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        selected = table(app).selected_id
        await pilot.press("b")
        await settle(pilot)
    assert selected is not None
    stored = app.inbox.store.get(selected)
    # The top message is the urgent one asking for an earlier time: a change, whose reply is
    # followed up with its checklist.
    assert stored.category is Category.ENDRING
    assert stored.status is Status.FOLLOW_UP
    assert stored.answered_by == "kari"

    again = make_app()
    async with again.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        # Answered messages sink below the open ones.
        assert table(again).message_ids[0] != selected
        assert selected in table(again).message_ids


async def test_template_picker_filters_previews_and_copies(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("t")
        assert isinstance(app.screen, TemplatePicker)
        await pilot.press(*"purr")
        options = app.screen.query_one(OptionList)
        assert options.option_count == 1
        assert "Behandling/operasjon/konsultasjon" in screen_text(app)
        await pilot.press("enter")
        await settle(pilot)
        purring = app.library.get("purring")
        assert purring is not None
        assert app.clipboard == purring.body
        assert not isinstance(app.screen, TemplatePicker)


async def test_template_picker_puts_suggestion_first_and_escape_copies_nothing(
    make_app: AppFactory,
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        first = app.inbox.messages()[0]
        await pilot.press("t")
        picker = app.screen
        assert isinstance(picker, TemplatePicker)
        assert picker.highlighted_template is not None
        assert picker.highlighted_template.id == first.category.value
        await pilot.press("escape")
        assert app.clipboard == ""


async def test_change_category_with_e(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        selected = table(app).selected_id
        assert selected is not None
        await pilot.press("e")
        # Categories are listed in order; pick "Annet" (the fourth).
        options = app.screen.query_one(OptionList)
        options.highlighted = list(Category).index(Category.ANNET)
        await pilot.press("enter")
        await settle(pilot)
        stored = app.inbox.store.get(selected)
        assert stored.category is Category.ANNET
        assert stored.category_confirmed
        detail = app.screen.query_one(MessageDetail)
        assert "valgt av kari" in str(detail.body)


async def test_filter_with_slash(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"koloskopi")
        assert app.screen.query_one("#filter", Input).has_focus
        assert len(table(app).message_ids) == 1
        await pilot.press("enter")
        assert table(app).has_focus
        await pilot.press("j")
        assert len(table(app).message_ids) == 1  # the filter stays while the clerk works
        await pilot.press("escape")  # escape in the list clears it
        assert len(table(app).message_ids) == len(app.inbox.messages())
        await pilot.press("slash", *"koloskopi", "escape")  # as it does in the field
        assert len(table(app).message_ids) == len(app.inbox.messages())


async def test_help_lists_keys_and_rules(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        keys = dict(app.screen.keys)
        assert keys["c"] == "Kopier svarforslaget"
        assert "Merk svaret som sendt (så: til oppfølging)" in keys.values()
        assert "Cursor up" not in keys.values()
        await pilot.press("escape")
        assert not isinstance(app.screen, HelpScreen)


async def test_show_text_fallback(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("c", "x")
        assert isinstance(app.screen, TextView)
        assert app.screen.text == app.clipboard
        await pilot.press("escape")
        assert not isinstance(app.screen, TextView)


async def test_every_action_is_in_the_command_palette(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        titles = [command.title for command in app.get_system_commands(app.screen)]
        for description in ("Kopier", "Tekster", "Besvart", "Kategori", "Søk", "Vis", "Hjelp"):
            assert any(title.startswith(description + " (") for title in titles), description
        await pilot.press("ctrl+p", *"Tekster")
        await pilot.pause()
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, TemplatePicker)


async def test_keys_with_no_message_selected_warn_instead_of_failing(
    inbox_app_empty: TimedialogApp,
) -> None:
    app = inbox_app_empty
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("c", "b", "e", "enter")
        await settle(pilot)
        assert app.clipboard == ""
        assert any("Velg en melding først" in n.message for n in app._notifications)
        await pilot.press("t")  # the picker works without a message: pure lookup
        assert isinstance(app.screen, TemplatePicker)
