"""Time counted in working hours: office hours on working days, in Oslo time."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

import pytest

from tests.helpers.report_inbox import at
from tui.core.config.config import Config, parse_config_text
from tui.core.rules.officehours import OfficeHours, WorkingTime
from tui.core.rules.workdays import WorkCalendar


@pytest.fixture
def working_time(config: Config) -> WorkingTime:
    return config.working_time()  # 08:00-15:30; 24 and 31 December closed


@pytest.mark.parametrize(
    ("start", "end", "hours"),
    [
        (at("2026-11-02", "09:00"), at("2026-11-02", "11:30"), 2.5),
        (at("2026-11-02", "07:00"), at("2026-11-02", "07:30"), 0.0),  # before opening
        (at("2026-11-02", "07:00"), at("2026-11-02", "09:00"), 1.0),
        (at("2026-11-02", "16:00"), at("2026-11-02", "17:00"), 0.0),  # after closing
        (at("2026-11-02", "15:00"), at("2026-11-03", "08:30"), 1.0),  # overnight
        (at("2026-11-06", "20:00"), at("2026-11-09", "09:00"), 1.0),  # over a weekend
        (at("2026-11-02", "09:00"), at("2026-11-09", "09:00"), 5 * 7.5),  # one whole week
        (at("2026-11-07", "10:00"), at("2026-11-08", "14:00"), 0.0),  # Saturday to Sunday
        # Easter: Thursday 2, Friday 3 and Monday 6 April 2026 are public holidays.
        (at("2026-04-01", "14:00"), at("2026-04-07", "09:00"), 1.5 + 1.0),
        # 24 December is a configured closed day, 25 December a public holiday.
        (at("2026-12-23", "15:00"), at("2026-12-28", "08:30"), 0.5 + 0.5),
        # The clocks went forward on Sunday 29 March 2026: no office hour moves.
        (at("2026-03-27", "15:00"), at("2026-03-30", "09:00"), 0.5 + 1.0),
        (at("2026-11-02", "11:00"), at("2026-11-02", "10:00"), 0.0),  # answered "before"
    ],
)
def test_working_hours_between(
    working_time: WorkingTime, start: datetime, end: datetime, hours: float
) -> None:
    assert working_time.hours_between(start, end) == pytest.approx(hours)


@pytest.mark.usefixtures("machine_in_new_york")
def test_moments_in_other_zones_are_counted_in_oslo_time(working_time: WorkingTime) -> None:
    # 08:00 and 09:30 UTC are 09:00 and 10:30 in Oslo in November.
    start = datetime(2026, 11, 2, 8, 0, tzinfo=UTC)
    end = datetime(2026, 11, 2, 9, 30, tzinfo=UTC)
    assert working_time.hours_between(start, end) == 1.5
    # In summer Oslo is two hours ahead: 05:30 UTC is 07:30 (before opening), 07:30 is 09:30.
    summer = datetime(2026, 6, 1, 5, 30, tzinfo=UTC)
    assert working_time.hours_between(summer, summer.replace(hour=7)) == 1.5


def test_other_office_hours() -> None:
    long_days = WorkingTime(OfficeHours(opens=time(7, 0), closes=time(19, 0)), WorkCalendar())
    assert long_days.hours_between(at("2026-11-02", "06:00"), at("2026-11-03", "20:00")) == 24.0
    assert OfficeHours().describe() == "08:00–15:30"


def test_office_hours_from_configuration() -> None:
    config = parse_config_text('[office_hours]\nopens = "07:30"\ncloses = "15:00"\n')
    assert config.office_hours == OfficeHours(time(7, 30), time(15, 0))
    assert parse_config_text("").office_hours == OfficeHours(time(8, 0), time(15, 30))


# The edges: a day off on its own, seconds, and asking the calendar once per day.


@pytest.mark.parametrize(
    ("start", "end"),
    [
        (at("2026-11-07", "09:00"), at("2026-11-07", "14:00")),  # within a Saturday
        (at("2026-12-24", "09:00"), at("2026-12-24", "14:00")),  # within a closed day
        (at("2026-05-14", "09:00"), at("2026-05-14", "14:00")),  # within Ascension Day
    ],
)
def test_no_working_hours_within_a_day_off(
    working_time: WorkingTime, start: datetime, end: datetime
) -> None:
    assert working_time.hours_between(start, end) == 0.0


def test_the_same_moment_is_no_time(working_time: WorkingTime) -> None:
    moment = at("2026-11-02", "10:00")
    assert working_time.hours_between(moment, moment) == 0.0


def test_working_time_is_counted_to_the_second(working_time: WorkingTime) -> None:
    start = at("2026-11-02", "09:00")
    end = start.replace(second=45, microsecond=500_000)
    assert working_time.hours_between(start, end) * 3600 == pytest.approx(45.5, abs=1e-9)
    # Seconds before opening and after closing do not count either.
    early = at("2026-11-02", "07:59").replace(second=59)
    late = at("2026-11-02", "15:30").replace(second=1)
    assert working_time.hours_between(early, late) == 7.5


class CountingCalendar(WorkCalendar):
    """A calendar that counts the questions it is asked."""

    def __init__(self) -> None:
        super().__init__()
        self.asked: list[date] = []

    def is_working_day(self, day: date) -> bool:
        self.asked.append(day)
        return super().is_working_day(day)


def test_each_day_is_asked_of_the_calendar_once() -> None:
    # A report counts a year of messages over the same days; the calendar is slow to ask.
    calendar = CountingCalendar()
    working_time = WorkingTime(OfficeHours(), calendar)
    for _ in range(3):
        working_time.hours_between(at("2026-11-06", "14:00"), at("2026-11-09", "10:00"))
    assert sorted(calendar.asked) == [date(2026, 11, day) for day in (6, 7, 8, 9)]
    assert working_time.is_working_day(date(2026, 11, 6))
    assert not working_time.is_working_day(date(2026, 11, 7))
    assert len(calendar.asked) == 4
