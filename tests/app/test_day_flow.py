"""A clerk's day without a stumble (issue 19): the place kept, nothing changed or copied blind.

Pilot tests at 80x24 on the demo inbox; the second clerk is a second `Inbox` on its own
`Store` of the same file, as a second session is.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from textual.widgets import OptionList, Static
from textual.widgets._toast import ToastHolder

from tests.conftest import FIXED_NOW
from tests.helpers.pilot import AppFactory, screen_text, settle, table
from tui.app import TimedialogApp
from tui.core.config.config import Config
from tui.core.model import Category, Message, Status
from tui.core.patient_data import REVEALED
from tui.core.store.store import Store
from tui.core.workflow.inbox import SEARCHED, Inbox, Urgency, matches_filter, national_ids_in
from tui.screens.category_picker import CategoryPicker
from tui.screens.checklist import ChecklistScreen
from tui.screens.close_reason import CloseReason
from tui.screens.confirm import ConfirmScreen
from tui.screens.department_picker import DepartmentPicker
from tui.screens.help import HelpScreen
from tui.screens.text_view import TextView
from tui.widgets.inbox_list import InboxList, row_cells
from tui.widgets.message_detail import MessageDetail


@pytest.fixture
def per(demo_inbox: Inbox, config: Config) -> Inbox:
    """A second clerk, in a second session, on the same file."""
    return Inbox(Store(demo_inbox.store.path), config, "per", demo_inbox.clock)


def inbox_list(app: TimedialogApp) -> InboxList:
    """The inbox's list, also while a dialog is on top of it."""
    return app.screen_stack[0].query_one(InboxList)


def stored(app: TimedialogApp, message_id: str) -> Message:
    return app.inbox.store.get(message_id)


def needs_work(message: Message) -> bool:
    return message.status in (Status.NEW, Status.FOLLOW_UP)


# Keep the clerk's place ------------------------------------------------------------------------


async def test_b_goes_on_to_the_next_message_and_b_twice_answers_two(
    make_app: AppFactory,
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        first, second, third = table(app).message_ids[:3]
        await pilot.press("b", "b")
        await settle(pilot)
        assert stored(app, first).answered_by == "kari"
        assert stored(app, second).answered_by == "kari"
        assert stored(app, third).status is Status.NEW
        assert table(app).selected_id == third  # not with the answered one down the list


async def test_u_and_v_go_on_to_the_next_message(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("j")
        first, second, third = table(app).message_ids[1:4]
        await pilot.press("u")
        await settle(pilot)
        assert isinstance(app.screen, CloseReason)
        await pilot.press("enter")  # the first common reason
        await settle(pilot)
        assert stored(app, first).status is Status.CLOSED
        assert table(app).selected_id == second
        await pilot.press("v")
        await settle(pilot)
        assert isinstance(app.screen, DepartmentPicker)
        await pilot.press("enter")
        await settle(pilot)
        assert stored(app, second).forwards
        assert table(app).selected_id == third


async def test_the_last_tick_closes_the_checklist_and_goes_on(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("o")  # only the messages in follow-up
        await settle(pilot)
        ids = table(app).message_ids
        assert ids
        # Answer one more so the view has a next one to go on to.
        await pilot.press("o")
        await settle(pilot)
        for row, message in enumerate(table(app).messages):
            if message.status is Status.NEW and message.category is Category.ENDRING:
                table(app).cursor = row
                break
        answered_now = table(app).selected_id
        assert answered_now is not None
        await pilot.press("b")
        await settle(pilot)
        await pilot.press("o")
        await settle(pilot)
        current = table(app).selected_id
        assert current is not None
        assert set(table(app).message_ids) == {*ids, answered_now}
        await pilot.press("l")
        await settle(pilot)
        assert isinstance(app.screen, ChecklistScreen)
        for number in range(len(stored(app, current).checklist), 0, -1):
            await pilot.press(str(number))
            await settle(pilot)
        assert stored(app, current).status is Status.CLOSED
        assert not isinstance(app.screen, ChecklistScreen)  # closed by the last tick
        assert table(app).selected_id not in (current, None)
        assert needs_work(stored(app, table(app).selected_id or ""))


async def test_b_in_an_opened_message_goes_back_to_the_list_on_the_next(
    make_app: AppFactory,
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        first, second = table(app).message_ids[:2]
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen.maximized is not None
        await pilot.press("b")
        await settle(pilot)
        assert app.screen.maximized is None
        assert table(app).has_focus
        assert table(app).selected_id == second
        assert stored(app, first).status is not Status.NEW
        assert stored(app, first).claimed_by == ""


async def test_q_in_an_opened_message_goes_back_and_q_in_the_inbox_quits(
    make_app: AppFactory,
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        message_id = table(app).selected_id
        assert message_id is not None
        await pilot.press("enter")
        await settle(pilot)
        assert "q Tilbake" in screen_text(app).splitlines()[-1]
        await pilot.press("q")
        await settle(pilot)
        assert app.is_running
        assert app.screen.maximized is None
        assert table(app).has_focus
        assert stored(app, message_id).claimed_by == ""  # left, so let go
        assert "q Avslutt" in screen_text(app).splitlines()[-1]
        await pilot.press("q")
        await settle(pilot)
    assert app.return_code == 0


async def test_a_search_puts_the_cursor_on_the_first_match_and_escape_clears_it(
    make_app: AppFactory,
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        everything = table(app).row_count
        await pilot.press("j", "j", "j", "j")
        await pilot.press("slash", *"purring")
        await settle(pilot)
        matches = table(app).message_ids
        assert 1 < len(matches) < everything
        assert table(app).cursor == 0
        await pilot.press("enter")  # to the list
        await pilot.press("j")
        chosen = table(app).selected_id
        assert table(app).has_focus
        await pilot.press("escape")
        await settle(pilot)
        assert table(app).row_count == everything
        assert table(app).selected_id == chosen  # the cursor stays on its message


async def test_at_80x24_the_inbox_shows_at_least_14_messages(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        lines = screen_text(app).splitlines()
        rows = [line for line in lines[2:] if "*****" in line]
        assert len(rows) >= 15
        await pilot.press("c")  # the line naming the copied text takes one
        await settle(pilot)
        rows = [line for line in screen_text(app).splitlines()[2:] if "*****" in line]
        assert len(rows) >= 14
        assert app.screen.query_one(MessageDetail).region.height <= 6  # a preview


@pytest.mark.parametrize(
    ("deadline", "shown"),
    [
        (date(2019, 5, 7), "!!07.05.19"),
        (date(2027, 1, 4), "  04.01.27"),
        (date(2026, 12, 1), "  ti 01.12"),
    ],
)
def test_a_deadline_in_another_year_shows_the_year(
    demo_inbox: Inbox, deadline: date, shown: str
) -> None:
    message = replace(demo_inbox.messages()[0], deadline=deadline)
    assert row_cells(message, Urgency(deadline, FIXED_NOW.date()))[0] == shown


# Never copy or change blind ---------------------------------------------------------------------


async def test_every_change_in_the_app_asks_before_going_past_another_clerk(
    make_app: AppFactory, per: Inbox
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        message_id = table(app).selected_id
        assert message_id is not None
        category = stored(app, message_id).category
        per.claim(message_id)

        await pilot.press("e")
        await settle(pilot)
        assert isinstance(app.screen, CategoryPicker)
        await pilot.press("home", "enter")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        reasons = str(app.screen.query_one("#confirm-reasons", Static).render())
        assert "Meldingen er tatt av per (siden " in reasons
        await pilot.press("escape")
        await settle(pilot)
        assert stored(app, message_id).category is category
        assert any("Ingenting er endret" in n.message for n in app._notifications)

        await pilot.press("u")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        assert inbox_list(app).selected_id == message_id  # the question is about this one
        await pilot.press("enter")  # yes
        await settle(pilot)
        closed = stored(app, message_id)
        assert closed.status is Status.CLOSED
        assert closed.claimed_by == ""

        per.reopen(message_id)  # per reopens it: kari's B is checked against that
        await pilot.press("B")
        await settle(pilot)
        assert not isinstance(app.screen, ConfirmScreen)  # open already: nothing to do
        per.close_without_reply(message_id, "Duplikat")
        await settle(pilot)
        table(app).select(message_id)
        await pilot.press("enter")  # kari opens it: what she sees from now on
        await settle(pilot)
        per.set_category(message_id, Category.ANNET)
        await pilot.press("B")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        assert "per  kategori" in str(app.screen.query_one("#confirm-reasons", Static).render())
        await pilot.press("enter")
        await settle(pilot)
        assert stored(app, message_id).status is Status.NEW


async def test_a_tick_asks_before_going_past_another_clerks_change(
    make_app: AppFactory, per: Inbox
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("o")
        await settle(pilot)
        message_id = table(app).selected_id
        assert message_id is not None
        message = stored(app, message_id)
        first, *_others, last = message.checklist
        await pilot.press("l")
        await settle(pilot)
        per.tick(message_id, first)
        after_per = stored(app, message_id).checklist_done
        await pilot.press(str(len(message.checklist)))
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        assert "per  sjekkliste" in str(app.screen.query_one("#confirm-reasons", Static).render())
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, ChecklistScreen)
        assert stored(app, message_id).checklist_done == after_per
        await pilot.press(str(len(message.checklist)))  # now seen: no question
        await settle(pilot)
        assert last in stored(app, message_id).checklist_done


async def test_the_confirmation_takes_enter_for_yes_and_j_only_moves(
    make_app: AppFactory,
) -> None:
    answers: list[bool | None] = []
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        for keys in (("j", "enter"), ("enter",), ("escape",), ("n",), ("j", "k", "enter")):
            app.push_screen(ConfirmScreen("Vil du likevel?", ["Grunn."]), answers.append)
            await settle(pilot)
            choices = app.screen.query_one(OptionList)
            assert choices.has_focus
            await pilot.press(*keys)
            await settle(pilot)
    assert answers == [False, True, False, False, True]


async def test_after_a_copy_the_title_stays_in_view_and_b_gives_the_checklist_reminded(
    make_app: AppFactory,
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        row = next(
            row
            for row, m in enumerate(table(app).messages)
            if m.status is Status.NEW and m.category is Category.AVBESTILLING
        )
        table(app).cursor = row
        message_id = table(app).selected_id
        assert message_id is not None
        await pilot.press("t", *"gebyr")  # not the category's own text: its checklist differs
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        gebyr = app.library.get("gebyr")
        assert gebyr is not None
        assert app.clipboard.startswith(gebyr.body[:40])
        copied = app.screen.query_one("#copied", Static)
        assert f"Kopiert: «{gebyr.title}» – x viser hele teksten" in str(copied.render())
        reminder = next(n for n in app._notifications if n.title == "Husk etterpå")
        after_gebyr = app.inbox.checklist_for(Category.AVBESTILLING, gebyr)
        assert after_gebyr != app.inbox.checklist_for(Category.AVBESTILLING)
        assert reminder.message.splitlines() == [f"• {item}" for item in after_gebyr]

        await pilot.press("b")
        await settle(pilot)
        assert stored(app, message_id).checklist == list(after_gebyr)  # what was reminded

        await pilot.press("x")
        await settle(pilot)
        assert isinstance(app.screen, TextView)
        assert " ".join(app.clipboard.split()[:6]) in screen_text(app)  # the text copied


async def test_notices_never_cover_the_text_view(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("c")
        await settle(pilot)
        await pilot.press("x")
        await settle(pilot)
        assert isinstance(app.screen, TextView)
        app.notify("En melding er importert", title="Import", timeout=30)
        await settle(pilot)
        assert "En melding er importert" not in screen_text(app)
        assert "Kopiert via" not in screen_text(app)
        assert not any(holder.display for holder in app.screen.query(ToastHolder))
        await pilot.press("escape")
        await settle(pilot)
        assert "En melding er importert" in screen_text(app)  # shown once back in the inbox


# Find things ------------------------------------------------------------------------------------


async def test_a_second_question_mark_while_the_help_opens_leaves_it_open(
    make_app: AppFactory,
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("question_mark", "question_mark")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        assert "Taster" in screen_text(app)
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, HelpScreen)


def with_patient(inbox: Inbox) -> Message:
    """An open demo message whose patient has a whole fødselsnummer (a test person)."""
    return next(m for m in inbox.messages() if m.status.is_open and len(m.patient_id) == 11)


def test_the_search_finds_by_birth_date_digits_and_a_whole_number_only_when_asked(
    demo_inbox: Inbox,
) -> None:
    message = with_patient(demo_inbox)
    number = message.patient_id
    assert matches_filter(message, number[:6])
    assert matches_filter(message, number[:4])
    assert not matches_filter(message, number)  # a whole number: only where it is audited
    assert matches_filter(message, number, by_national_id=True)
    assert matches_filter(message, f"{number[:6]} {number[6:]}", by_national_id=True)
    assert not matches_filter(message, number[6:])  # the personal number is not searchable
    assert not matches_filter(message, number[:7])
    other = "01010112345" if number != "01010112345" else "02020212345"
    assert not matches_filter(message, other, by_national_id=True)
    assert national_ids_in(f"x {number[:6]} {number[6:]} y") == {number}


def test_a_search_by_number_is_recorded_like_a_showing(demo_inbox: Inbox) -> None:
    message = with_patient(demo_inbox)
    demo_inbox.record_national_id_search([message])
    entry = demo_inbox.store.get(message.id).history[-1]
    assert (entry.user, entry.action, entry.old, entry.new) == ("kari", REVEALED, "", SEARCHED)


async def test_searching_by_the_whole_number_shows_the_patients_messages_once_recorded(
    make_app: AppFactory,
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        message = with_patient(app.inbox)
        number = message.patient_id
        same_patient = {m.id for m in app.inbox.messages() if m.patient_id == number}
        await pilot.press("slash", *number)
        await settle(pilot)
        assert set(table(app).message_ids) == same_patient
        assert table(app).cursor == 0
        for message_id in same_patient:
            entries = [e for e in stored(app, message_id).history if e.action == REVEALED]
            assert [(e.user, e.new) for e in entries] == [("kari", SEARCHED)]
        typed, *below = screen_text(app).splitlines()[1:]
        assert number in typed  # the search field holds what the clerk typed
        assert number not in "\n".join(below)  # the rows and the preview keep it masked
        await pilot.press(*" ")  # typing on (or a reload) does not record it again
        app.screen.load_messages()
        await settle(pilot)
        for message_id in same_patient:
            history = stored(app, message_id).history
            assert sum(e.action == REVEALED for e in history) == 1
        await pilot.press("escape", "slash", *number[:6])  # the birth date as the list shows it
        await settle(pilot)
        assert message.id in table(app).message_ids
        assert sum(e.action == REVEALED for e in stored(app, message.id).history) == 1
