"""The section leader's path through the app, key by key: the report, the duty roster, and the
mark on open messages nobody has taken by midday of their last day."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date

from textual.command import CommandPalette
from textual.pilot import Pilot
from textual.widgets import Input, OptionList, Static

from tests.conftest import FakeClock
from tests.helpers.pilot import AppFactory, screen_text, settle
from tests.helpers.report_inbox import at, build_report_inbox
from tui.app import TimedialogApp
from tui.core.config.config import Config
from tui.core.report.report import PeriodKind
from tui.core.store.store import Store
from tui.core.texts.library import TextLibrary
from tui.core.workflow.inbox import Inbox
from tui.screens.inbox import InboxScreen
from tui.screens.report import ReportScreen
from tui.screens.roster import RosterScreen
from tui.widgets.inbox_list import InboxList
from tui.widgets.message_detail import MessageDetail
from tui.widgets.weekly_bars import WeeklyBars

SIZE = (80, 24)


async def press(pilot: Pilot[None], *keys: str) -> None:
    """Press keys, then wait until the app has done what they asked."""
    await pilot.press(*keys)
    await settle(pilot)


def header(app: TimedialogApp) -> str:
    return str(app.screen.query_one("#inbox-header", Static).content)


def report_header(app: TimedialogApp) -> str:
    return str(app.screen.query_one("#report-header", Static).content)


def app_for(
    user: str, store: Store, config: Config, clock: FakeClock, library: TextLibrary
) -> TimedialogApp:
    build_report_inbox(store, config, clock)
    return TimedialogApp(Inbox(store, config, user, clock), library, local_clipboard=False)


async def test_r_opens_the_report_and_keys_choose_period_and_department(
    store: Store, config: Config, clock: FakeClock, library: TextLibrary
) -> None:
    app = app_for("kari", store, config, clock, library)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "r")
        screen = app.screen
        assert isinstance(screen, ReportScreen)
        assert report_header(app).startswith("Oversikt – november 2026 (01.11–30.11.2026)")
        assert "alle avdelinger" in report_header(app)
        text = screen_text(app)
        assert "Mottatt" in text
        footer = text.splitlines()[-1]
        assert footer.startswith("← Forrige → Neste p Periode a Avdeling v Vaktliste ? Hjelp")
        assert screen.report is not None
        assert screen.report.totals.received == 10

        await press(pilot, "left")
        assert "oktober 2026" in report_header(app)
        assert screen.report.totals.received == 1  # m9, 30 October
        await press(pilot, "right", "a")
        assert "november 2026" in report_header(app)
        assert "BLOD – Blodsykdommer" in report_header(app)
        assert screen.report.departments == ("BLOD",)
        assert screen.report.totals.received == 7
        await press(pilot, "A")
        assert screen.report.departments == ()

        await press(pilot, "p")  # month -> year (the current one: it holds today)
        assert screen.period.kind is PeriodKind.YEAR
        assert screen.report.totals.received == 11  # the whole of 2026
        await pilot.press("p")  # year -> week
        await settle(pilot)
        assert screen.period.kind is PeriodKind.WEEK
        assert "uke 48 2026" in report_header(app)
        assert screen.report.totals.received == 2  # m7 and m10

        await press(pilot, "escape")
        assert isinstance(app.screen, InboxScreen)


async def test_the_reports_open_and_overdue_now_is_the_headers_count(
    store: Store, config: Config, clock: FakeClock, library: TextLibrary
) -> None:
    """Whatever period the report shows, its "now" figures are the inbox header's."""
    app = app_for("kari", store, config, clock, library)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        match = re.match(r"(\d+) åpne, (\d+) forfalt", header(app))
        assert match is not None, header(app)
        opened, overdue = match.groups()
        await press(pilot, "r", "left", "left")  # September: nothing received then
        screen = app.screen
        assert isinstance(screen, ReportScreen)
        assert screen.report is not None
        assert screen.report.totals.received == 0
        text = screen_text(app)
        assert re.search(rf"Åpne nå, hele innboksen +{opened}\b", text), text
        assert re.search(rf"Åpne og forfalt nå, hele innboksen +{overdue}\b", text), text


async def test_the_report_scrolls_at_80x24_by_keys(
    store: Store, config: Config, clock: FakeClock, library: TextLibrary
) -> None:
    app = app_for("kari", store, config, clock, library)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "r")
        assert app.screen.focused is app.screen.query_one("#report-body")
        assert "Saksbehandler" not in screen_text(app)
        await press(pilot, "end")
        text = screen_text(app)
        assert "Forslag riktig  Vurdert  Riktig %  Endring %  Avbest. %  Purring %  Annet %" in text
        assert "Hele perioden" in text
        assert "Saksbehandler  Besvart  I tide  For sent  Median t  Videresendt" in text
        assert "kari                 3       2         1       2,5            1" in text
        await press(pilot, "home")
        assert "Nøkkeltall" in screen_text(app)


async def test_the_weekly_bars_read_without_colour(
    store: Store, config: Config, clock: FakeClock, library: TextLibrary
) -> None:
    app = app_for("kari", store, config, clock, library)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "r")
        lines = str(app.screen.query_one(WeeklyBars).render()).splitlines()
        assert (
            lines[0] == "█ besvart i tide  ▓ for sent  ░ øvrige (åpne, uten svar, i annen avdeling)"
        )
        week46 = next(line for line in lines if line.startswith("uke 46 09.11"))
        week47 = next(line for line in lines if line.startswith("uke 47 16.11"))
        # Week 47 (4 received) is the busiest and fills the width; week 46 (2) half of it.
        assert week46.count("█") == week46.count("▓")  # one in time, one late
        assert week47.count("░") == 3 * week47.count("█")  # one in time, three others
        bar_46 = week46.count("█") + week46.count("▓")
        bar_47 = week47.count("█") + week47.count("░")
        assert bar_46 * 2 == bar_47
        assert len(week47) <= 80 - 2  # inside the body's padding


async def test_report_and_roster_are_in_the_command_palette(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        commands = [command.title for command in app.get_system_commands(app.screen)]
        assert "Rapport (r)" in commands
        assert "Vaktliste (V)" in commands
        await press(pilot, "ctrl+p")
        assert isinstance(app.screen, CommandPalette)
        await press(pilot, *"rapport", "enter")
        assert isinstance(app.screen, ReportScreen)


async def test_help_explains_the_figures(
    store: Store, config: Config, clock: FakeClock, library: TextLibrary
) -> None:
    app = app_for("kari", store, config, clock, library)
    async with app.run_test(size=(100, 60)) as pilot:
        await settle(pilot)
        await press(pilot, "r")
        await press(pilot, "question_mark")
        text = screen_text(app)
        assert "Slik leses oversikten" in text
        assert "arbeidstimer" in text
        assert "Forrige" in text


async def test_the_header_shows_who_is_on_duty_today(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        # Thursday: the example configuration puts per on duty; the clerk is kari.
        assert header(app).endswith(" – vakt: per – kari")
        assert len(header(app)) <= 78  # fits an 80-column terminal with its padding


async def test_a_leader_changes_todays_duty_and_the_header_follows(
    store: Store, config: Config, clock: FakeClock, library: TextLibrary
) -> None:
    app = app_for("siri", store, config, clock, library)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert "vakt: per" in header(app)
        await press(pilot, "V")
        assert isinstance(app.screen, RosterScreen)
        options = app.screen.query_one(OptionList)
        assert "torsdag   per" in str(options.get_option_at_index(4).prompt)
        today = options.get_option_at_index(9)
        assert today.id == "d2026-11-26"
        assert "(i dag)" in str(today.prompt)
        await pilot.press(*["down"] * 7, "enter")  # the heading rows are skipped
        await settle(pilot)
        names = app.screen.query_one("#roster-names", Input)
        assert names.has_focus
        assert names.value == "per"
        await press(pilot, "ctrl+u", *"ola, tone", "enter")
        prompt = str(options.get_option_at_index(9).prompt)
        assert prompt == "to 26.11.2026  ola, tone  (i dag, egen dag, endret i appen)"
        await press(pilot, "escape")
        assert header(app).endswith(" – vakt: ola, tone – siri")
    # Stored in the shared database for every clerk, with who and when.
    other = Inbox(store, config, "kari", clock)
    assert other.duty.today() == ("ola", "tone")
    entry = other.duty.roster().changes.history[-1]
    assert (entry.user, entry.when, entry.new) == ("siri", clock.now, "ola, tone")


async def test_a_leader_hands_a_weekday_back_to_the_configuration(
    store: Store, config: Config, clock: FakeClock, library: TextLibrary
) -> None:
    app = app_for("siri", store, config, clock, library)
    app.inbox.duty.set_weekday(3, ("ola",))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert "vakt: ola" in header(app)
        await press(pilot, "V")
        await press(pilot, "down", "down", "down", "delete")
        await press(pilot, "escape")
        assert "vakt: per" in header(app)


async def test_a_clerk_may_look_but_not_change(
    store: Store, config: Config, clock: FakeClock, library: TextLibrary
) -> None:
    app = app_for("kari", store, config, clock, library)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("r", "v")  # the roster from the report
        await settle(pilot)
        assert isinstance(app.screen, RosterScreen)
        assert "Bare ledere kan endre vaktlisten (siri)" in screen_text(app)
        await press(pilot, "enter", "delete")
        assert not app.screen.query_one("#roster-names", Input).display
        assert any("Bare ledere" in n.message for n in app._notifications)
    assert store.roster_data() == {}


async def test_unclaimed_on_the_last_day_is_marked_in_row_and_detail(
    store: Store, config: Config, clock: FakeClock, library: TextLibrary
) -> None:
    inbox = Inbox(store, config, "kari", clock)
    due = inbox.new_message(
        message_id="due", received=at("2026-11-20", "10:00"), department="BLOD", text="Hei"
    )
    later = inbox.new_message(
        message_id="later", received=at("2026-11-25", "10:00"), department="BLOD", text="Hei"
    )
    assert due.deadline == date(2026, 11, 26)
    store.add([due, later])
    clock.now = at("2026-11-26", "12:05")
    app = TimedialogApp(inbox, library, local_clipboard=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        rows = screen_text(app).splitlines()
        due_row = next(row for row in rows if "fr 27.11" not in row and "to 26.11" in row)
        assert "IKKE TATT" in due_row
        assert "IKKE TATT" not in next(row for row in rows if "ti 01.12" in row)
        assert app.screen.query_one(InboxList).selected_id == "due"
        detail = str(app.screen.query_one(MessageDetail).body)
        assert "Ansvar: Ingen har tatt meldingen, og i dag er siste svardag. Vakt i dag: per." in (
            detail
        )
        await pilot.press("enter")  # kari opens it: it is hers now
        await settle(pilot)
        await press(pilot, "escape")
        await press(pilot, "enter")
        assert store.get("due").claimed_by == "kari"
        detail = str(app.screen.query_one(MessageDetail).body)
        assert "Ansvar:" not in detail


async def test_report_of_an_empty_inbox(inbox_app_empty: Callable[..., TimedialogApp]) -> None:
    app = inbox_app_empty
    assert isinstance(app, TimedialogApp)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "r")
        text = screen_text(app)
        assert "Mottatt" in text
        assert re.search(r"Svartid, median \(arbeidstimer\) +–", text)


async def test_a_damaged_archive_is_reported_not_a_crash(
    store: Store, config: Config, clock: FakeClock, library: TextLibrary
) -> None:
    app = app_for("kari", store, config, clock, library)
    store.archive_path(2026).write_text("{ikke json", encoding="utf-8")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "r")
        assert "kunne ikke lese databasen" in report_header(app)
        assert any("inbox.archive-2026.json" in n.message for n in app._notifications)
        await press(pilot, "escape")
        assert isinstance(app.screen, InboxScreen)
