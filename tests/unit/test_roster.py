"""The duty roster: the configured plan, the leaders' changes in the shared database, and
the mark on open messages nobody has taken by midday of their last day."""

from __future__ import annotations

from datetime import date, time, timedelta
from pathlib import Path

import pytest

from tests.conftest import FakeClock
from tests.helpers.report_inbox import at
from tui.core.config.config import Config, ConfigError, parse_config_text
from tui.core.model import Message
from tui.core.rules.roster import (
    DutyRoster,
    Roster,
    RosterChanges,
    RosterError,
    RosterSettings,
    Source,
    parse_names,
    unclaimed_on_last_day,
)
from tui.core.store.interface import InboxStore
from tui.core.workflow.inbox import Inbox


@pytest.fixture
def store(any_store: InboxStore) -> InboxStore:
    """Each store in turn: the roster's tests are part of the store contract."""
    return any_store


PLAN = """\
[roster]
leaders = ["siri"]
claim_by = "11:30"
monday = ["kari"]
thursday = ["per", "anne"]

[roster.dates]
2026-12-23 = ["siri"]
2026-12-28 = []
"""


def test_the_plan_is_read_from_the_configuration() -> None:
    settings = parse_config_text(PLAN).roster
    assert settings.leaders == ("siri",)
    assert settings.claim_by == time(11, 30)
    assert settings.on_weekday(0) == ("kari",)
    assert settings.on_weekday(3) == ("per", "anne")
    assert settings.on_weekday(6) == ()
    assert settings.dates == ((date(2026, 12, 23), ("siri",)), (date(2026, 12, 28), ()))


def test_the_example_configuration_has_a_roster(config: Config) -> None:
    assert config.roster.is_set_up
    assert config.roster.leaders == ("siri",)
    assert config.roster.claim_by == time(12, 0)
    assert config.office_hours.describe() == "08:00–15:30"


def test_no_roster_by_default() -> None:
    settings = parse_config_text("").roster
    assert settings == RosterSettings()
    assert not Roster(settings).is_set_up
    assert settings.claim_by == time(12, 0)


@pytest.mark.parametrize(
    ("source", "line", "words"),
    [
        ('[roster]\nleaders = "siri"\n', 2, "liste med tekster"),
        ('[roster]\nfredag = ["kari"]\n', 2, "ukjent nøkkel «fredag»"),
        ('[roster]\nclaim_by = "12"\n', 2, "ikke et klokkeslett"),
        ('[roster.dates]\n2026-02-30 = ["kari"]\n', 1, "ikke en dato"),
        ('[roster.dates]\n2026-12-23 = "kari"\n', 1, "liste med tekster"),
        ('[office_hours]\nopens = "16:00"\ncloses = "15:30"\n', 3, "closes må være etter opens"),
    ],
)
def test_roster_and_office_hour_errors_name_their_line(source: str, line: int, words: str) -> None:
    with pytest.raises(ConfigError) as caught:
        parse_config_text(source, Path("config.toml"))
    problems = caught.value.problems
    assert len(problems) == 1
    assert problems[0].line == line
    assert words in problems[0].message


def test_a_date_beats_a_weekday_and_the_app_beats_the_configuration() -> None:
    settings = parse_config_text(PLAN).roster
    changes = RosterChanges(
        weekdays={3: ("ola",)},
        dates={date(2026, 12, 28): ("tone",), date(2026, 12, 3): ()},
    )
    roster = Roster(settings, changes)
    assert roster.day(date(2026, 11, 23)) == (("kari",), Source.CONFIG_WEEKDAY)  # Monday
    assert roster.day(date(2026, 11, 26)) == (("ola",), Source.APP_WEEKDAY)  # Thursday
    assert roster.day(date(2026, 12, 3)) == ((), Source.APP_DATE)  # a Thursday, cleared
    assert roster.day(date(2026, 12, 23)) == (("siri",), Source.CONFIG_DATE)
    assert roster.day(date(2026, 12, 28)) == (("tone",), Source.APP_DATE)  # app over config
    assert roster.special_dates() == [date(2026, 12, 3), date(2026, 12, 23), date(2026, 12, 28)]


def test_changes_survive_the_trip_through_the_database_format() -> None:
    changes = RosterChanges(weekdays={0: ("a", "b")}, dates={date(2026, 12, 24): ()})
    assert RosterChanges.from_dict(changes.to_dict()) == changes
    assert RosterChanges.from_dict({}) == RosterChanges()


def test_parse_names() -> None:
    assert parse_names(" kari, per anne,,kari ") == ("kari", "per", "anne")
    assert parse_names("") == ()


def duty_for(store: InboxStore, user: str, clock: FakeClock) -> DutyRoster:
    return DutyRoster(store, parse_config_text(PLAN).roster, user, clock)


def test_a_leader_changes_the_roster_for_everyone(store: InboxStore, clock: FakeClock) -> None:
    siri = duty_for(store, "siri", clock)
    kari = duty_for(store, "kari", clock)  # another clerk's session on the same database
    assert kari.today() == ("per", "anne")  # Thursday 26 November, from the configuration
    siri.set_date(date(2026, 11, 26), ("ola",))
    assert kari.today() == ("ola",)
    clock.advance(minutes=5)
    siri.set_weekday(0, ())
    roster = kari.roster()
    assert roster.on(date(2026, 11, 30)) == ()  # Mondays: nobody now
    siri.reset_date(date(2026, 11, 26))
    assert kari.today() == ("per", "anne")
    history = kari.roster().changes.history
    assert [(e.user, e.action, e.old, e.new) for e in history] == [
        ("siri", "vaktliste 2026-11-26", "(konfigurasjonen)", "ola"),
        ("siri", "vaktliste mandag", "(konfigurasjonen)", "ingen"),
        ("siri", "vaktliste 2026-11-26", "ola", "(konfigurasjonen)"),
    ]
    assert history[1].when == clock.now


def test_only_a_leader_may_change_it(store: InboxStore, clock: FakeClock) -> None:
    kari = duty_for(store, "kari", clock)
    assert not kari.may_edit
    with pytest.raises(RosterError, match=r"Bare ledere kan endre vaktlisten \(siri\)"):
        kari.set_weekday(0, ("kari",))
    assert store.roster_data() == {}
    nobody = DutyRoster(store, RosterSettings(), "siri", clock)
    with pytest.raises(RosterError, match="Ingen ledere er satt opp"):
        nobody.reset_weekday(0)


def test_the_roster_and_the_messages_share_the_file_without_harm(
    inbox: Inbox, clock: FakeClock
) -> None:
    message = inbox.new_message(
        message_id="a", received=clock.now, department="BLOD", text="Kan jeg flytte timen?"
    )
    inbox.store.add([message])
    duty_for(inbox.store, "siri", clock).set_weekday(4, ("anne",))
    inbox.mark_answered("a")
    assert [m.id for m in inbox.messages()] == ["a"]
    assert duty_for(inbox.store, "kari", clock).roster().weekday(4) == (
        ("anne",),
        Source.APP_WEEKDAY,
    )


@pytest.fixture
def due_today(inbox: Inbox, clock: FakeClock) -> Message:
    """An open message whose last day is today, Thursday 26 November."""
    message = inbox.new_message(
        message_id="due", received=at("2026-11-20", "10:00"), department="BLOD", text="Hei"
    )
    assert message.deadline == clock.now.date()
    inbox.store.add([message])
    return message


def test_unclaimed_at_midday_of_the_last_day(
    inbox: Inbox, clock: FakeClock, due_today: Message
) -> None:
    settings, minutes = inbox.config.roster, inbox.config.claim_minutes
    clock.now = at("2026-11-26", "11:59")
    assert not unclaimed_on_last_day(inbox.store.get("due"), clock.now, settings, minutes)
    assert not inbox.urgency(inbox.store.get("due")).unclaimed
    clock.now = at("2026-11-26", "12:00")
    assert unclaimed_on_last_day(inbox.store.get("due"), clock.now, settings, minutes)
    assert inbox.urgency(inbox.store.get("due")).unclaimed
    inbox.claim("due")  # someone takes it: no longer marked
    assert not inbox.urgency(inbox.store.get("due")).unclaimed
    clock.advance(minutes=minutes)  # the claim lapses: marked again
    assert inbox.urgency(inbox.store.get("due")).unclaimed
    clock.now = at("2026-11-27", "08:00")  # overdue and still nobody's
    assert inbox.urgency(inbox.store.get("due")).unclaimed
    inbox.mark_answered("due")
    assert not inbox.urgency(inbox.store.get("due")).unclaimed


def test_a_message_with_days_left_is_not_marked(inbox: Inbox, clock: FakeClock) -> None:
    message = inbox.new_message(
        message_id="later", received=clock.now, department="BLOD", text="Hei"
    )
    assert message.deadline > clock.now.date()
    clock.now += timedelta(hours=5)
    assert not inbox.urgency(message).unclaimed
