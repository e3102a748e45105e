"""A clerk's path through the procedure's rules, key by key (Textual Pilot)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from textual.pilot import Pilot
from textual.widgets import Input, OptionList, Static

from tests.helpers.pilot import settle
from tui.app import TimedialogApp
from tui.core.model import OSLO, Appointment, Category, Status
from tui.core.workflow.inbox import Inbox
from tui.screens.checklist import ChecklistScreen
from tui.screens.close_reason import CloseReason
from tui.screens.department_picker import DepartmentPicker
from tui.screens.help import HelpScreen
from tui.widgets.inbox_list import InboxList
from tui.widgets.message_detail import MessageDetail

SIZE = (80, 24)


def detail_text(app: TimedialogApp) -> str:
    return str(app.screen.query_one(MessageDetail).body)


def banner(app: TimedialogApp) -> str:
    """The urgency banner's words ("" when none shows)."""
    return app.screen.query_one(MessageDetail).banner


def row_text(app: TimedialogApp, row: int) -> str:
    """The inbox row as painted on screen (the list scrolls no further than needed)."""
    inbox = app.screen.query_one(InboxList)
    return inbox.render_line(row - inbox.scroll_offset.y).text


async def select(app: TimedialogApp, pilot: Pilot[None], query: str) -> None:
    """Filter the inbox to the message matching `query` (the clerk's `/`)."""
    await pilot.press("slash")
    await pilot.press(*query)
    await pilot.press("enter")
    await settle(pilot)
    assert app.screen.query_one(InboxList).row_count == 1, query


async def clear_filter(app: TimedialogApp, pilot: Pilot[None]) -> None:
    await pilot.press("slash", "escape")
    await settle(pilot)


async def test_forward_to_the_right_department(make_app: Callable[..., Any]) -> None:
    app: TimedialogApp = make_app()
    inbox = app.inbox
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await select(app, pilot, "Øyetime")
        before = next(m for m in inbox.messages() if m.subject == "Øyetime")
        await pilot.press("v")
        await pilot.pause()
        assert isinstance(app.screen, DepartmentPicker)
        await pilot.press(*"øye")
        await pilot.press("enter")
        await settle(pilot)
        assert not isinstance(app.screen, DepartmentPicker)
        moved = inbox.store.get(before.id)
        assert moved.department == "OYE"
        assert (moved.received, moved.deadline) == (before.received, before.deadline)
        assert moved.forwards[-1].from_department == "ORT"
        assert moved.history[-1].action == "forwarded"
        assert "fra ORT: Øyetime" in row_text(app, 0)
        text = detail_text(app)
        assert "Avdeling: OYE – Øyepoliklinikken" in text
        assert "Videresendt: fra ORT – Ortopedisk poliklinikk av kari" in text


async def test_forward_picker_filters_and_escape_cancels(make_app: Callable[..., Any]) -> None:
    app: TimedialogApp = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await select(app, pilot, "Øyetime")
        await pilot.press("v")
        await pilot.pause()
        picker = app.screen
        assert isinstance(picker, DepartmentPicker)
        assert "ORT" not in [d.code for d in picker.departments]  # its own department
        await pilot.press(*"nevro")
        await pilot.pause()
        assert [d.code for d in picker._shown] == ["NEVRO"]
        await pilot.press("escape")
        await settle(pilot)
        message = next(m for m in app.inbox.messages() if m.subject == "Øyetime")
        assert message.department == "ORT"
        assert not message.forwards


async def test_urgent_message_has_banner_marker_and_sorts_first(
    make_app: Callable[..., Any],
) -> None:
    app: TimedialogApp = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert row_text(app, 0).count("HASTER? Vondt i kneet") == 1
        assert banner(app)
        words = banner(app)
        assert "MULIG HASTESAK («brystsmerter», «puster dårlig»)" in words
        assert "113" in words
        assert "116 117" in words
        assert "Ring pasienten" in words
        # A message that says "Det haster ikke" gets no banner and no marker.
        await select(app, pilot, "Video i stedet")
        assert not banner(app)
        assert "HASTER?" not in row_text(app, 0)
        assert "bare i nektende form («haster»)" in detail_text(app)


async def test_late_cancellation_shows_arithmetic_and_suggests_the_fee(
    make_app: Callable[..., Any], demo_inbox: Inbox
) -> None:
    late = demo_inbox.new_message(
        message_id="late-cancel",
        received=datetime(2026, 11, 20, 11, 0, tzinfo=OSLO),
        department="BLOD",
        text="Jeg må avbestille timen på mandag.",
        subject="Syk barnehage",
        type_code="OAT",
        appointment=Appointment(start=datetime(2026, 11, 23, 10, 0, tzinfo=OSLO)),
    )
    demo_inbox.store.add([late])
    app: TimedialogApp = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await select(app, pilot, "barnehage")
        text = detail_text(app)
        assert "Gebyr: FOR SENT: gebyr kan sendes (1\u00a0993 kr)" in text
        assert "13 t (fr 20.11) + 10 t (ma 23.11) = 23 hverdagstimer < 24" in text
        assert "Svarforslag (c): Avslutte dialog med avbestillingsgebyr" in text
        assert "du avgjør" in text
        await pilot.press("c")
        await settle(pilot)
        assert app.clipboard.startswith("Du vil få tilsendt et gebyr")
        # The clerk decides: confirming "avbestilling" makes that the reply again.
        await pilot.press("e")
        await pilot.pause()
        await pilot.press("enter")  # the picker starts on the current category
        await settle(pilot)
        assert app.inbox.store.get("late-cancel").category is Category.AVBESTILLING
        assert "Svarforslag (c): Avbestilling av time" in detail_text(app)
        await pilot.press("c")
        await settle(pilot)
        assert app.clipboard.startswith("Vi har mottatt din avbestilling")


async def test_answer_then_tick_the_checklist_until_closed(make_app: Callable[..., Any]) -> None:
    app: TimedialogApp = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await select(app, pilot, "Koloskopi")
        message_id = app.screen.query_one(InboxList).selected_id
        assert message_id is not None
        await pilot.press("b")
        await settle(pilot)
        message = app.inbox.store.get(message_id)
        assert message.status is Status.FOLLOW_UP
        assert "Oppf. 0/2" in row_text(app, 0)
        assert "Oppfølging (l): 2 av 2 gjenstår" in detail_text(app)
        await pilot.press("l")
        await pilot.pause()
        assert isinstance(app.screen, ChecklistScreen)
        await pilot.press("1")
        await settle(pilot)
        assert app.inbox.store.get(message_id).checklist_done == ["Finn ny time i DIPS"]
        items = app.screen.query_one("#checklist-items", OptionList)
        prompts = [str(items.get_option_at_index(i).prompt) for i in range(items.option_count)]
        assert prompts == [
            "1. [x] Finn ny time i DIPS",
            "2. [ ] Send brev eller ring pasienten",
        ]
        await pilot.press("down", "space")
        await settle(pilot)
        closed = app.inbox.store.get(message_id)
        assert closed.status is Status.CLOSED
        assert [e.action for e in closed.history[-3:]] == [
            "checklist_ticked",
            "checklist_ticked",
            "status_changed",
        ]
        await pilot.press("escape")
        await settle(pilot)
        assert "Oppfølging: fullført" in detail_text(app)
        assert "[x] Send brev eller ring pasienten" in detail_text(app)


async def test_follow_up_view_shows_only_messages_in_follow_up(
    make_app: Callable[..., Any],
) -> None:
    app: TimedialogApp = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        all_rows = app.screen.query_one(InboxList).row_count
        await pilot.press("o")
        await settle(pilot)
        table = app.screen.query_one(InboxList)
        follow_up = [m for m in app.inbox.messages() if m.status is Status.FOLLOW_UP]
        assert table.message_ids == [m.id for m in follow_up]
        assert "TIL OPPFØLGING: 1 melding " in str(
            app.screen.query_one("#inbox-header", Static).content
        )
        await pilot.press("o")
        await settle(pilot)
        assert app.screen.query_one(InboxList).row_count == all_rows


async def test_close_without_reply_requires_a_reason(make_app: Callable[..., Any]) -> None:
    app: TimedialogApp = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await select(app, pilot, "Parkering")
        message_id = app.screen.query_one(InboxList).selected_id
        assert message_id is not None
        await pilot.press("u")
        await pilot.pause()
        assert isinstance(app.screen, CloseReason)
        await pilot.press("tab", "enter")  # an empty reason is refused
        await pilot.pause()
        assert isinstance(app.screen, CloseReason)
        assert isinstance(app.focused, Input)
        await pilot.press(*"Pasienten er ringt")
        await pilot.press("enter")
        await settle(pilot)
        closed = app.inbox.store.get(message_id)
        assert (closed.status, closed.closed_reason) == (Status.CLOSED, "Pasienten er ringt")
        assert "Lukket uten svar: Pasienten er ringt" in detail_text(app)


async def test_close_without_reply_offers_common_reasons(make_app: Callable[..., Any]) -> None:
    app: TimedialogApp = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await select(app, pilot, "Sykemelding")
        message_id = app.screen.query_one(InboxList).selected_id
        assert message_id is not None
        await pilot.press("u")
        await pilot.pause()
        await pilot.press("enter")
        await settle(pilot)
        closed = app.inbox.store.get(message_id)
        assert closed.closed_reason.startswith("Duplikat")
        assert closed.history[-1].action == "closed_without_reply"


async def test_help_explains_the_rules_and_responsibilities(make_app: Callable[..., Any]) -> None:
    app: TimedialogApp = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        source = app.screen.source
        for phrase in (
            "Videresend",
            "hverdagstimer",
            "Video- og telefontimer gir aldri gebyr",
            "ring pasienten, eller følg",
            "113",
            "116 117",
            "til oppfølging",
            "Lukk uten svar",
            "Avdelingssjef",
            "Seksjonsleder, kontor",
            "Personell",
            "NEVRO – Nevrologisk poliklinikk: 2 arbeidsdager",
            "Avbestilling senest 24 hverdagstimer før timen",
        ):
            assert phrase in source, phrase
        keys = dict(app.screen.keys)
        assert keys["v"] == "Videresend til riktig avdeling"
        assert keys["l"] == "Kryss av oppfølgingen etter svaret"
        assert keys["o"].startswith("Vis bare meldinger til oppfølging")
        assert keys["u"] == "Lukk en melding som ikke trenger svar (grunn kreves)"
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, HelpScreen)
