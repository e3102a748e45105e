"""Reply deadlines over Norwegian holidays, weekends and DST."""

from __future__ import annotations

import threading
from datetime import date, datetime
from pathlib import Path

import pytest

from tui.core.model import OSLO
from tui.core.rules import workdays
from tui.core.rules.holiday_cache import HolidayCache
from tui.core.rules.workdays import WorkCalendar, reply_deadline

CALENDAR = WorkCalendar()


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=OSLO)


@pytest.mark.parametrize(
    ("received", "days", "expected", "why"),
    [
        ("2026-03-27T09:00", 4, "2026-04-07", "Easter: Skjærtorsdag, Langfredag, 2. påskedag"),
        ("2026-05-13T09:00", 4, "2026-05-20", "Ascension Thursday 14 May"),
        ("2026-05-22T09:00", 1, "2026-05-26", "Whit Monday 25 May"),
        ("2026-05-15T09:00", 2, "2026-05-19", "17 May on a Sunday, weekend skipped"),
        ("2027-05-14T09:00", 2, "2027-05-19", "17 May 2027 is a Monday"),
        ("2026-12-23T09:00", 2, "2026-12-28", "Christmas: 25 and 26 December"),
        ("2026-12-23T09:00", 4, "2026-12-30", "24 December is a working day by law"),
        ("2026-11-28T12:00", 4, "2026-12-03", "received Saturday: counts from Monday"),
        ("2026-11-29T23:30", 1, "2026-11-30", "received Sunday night"),
        ("2026-11-26T10:00", 4, "2026-12-02", "ordinary Thursday"),
    ],
)
def test_reply_deadline(received: str, days: int, expected: str, why: str) -> None:
    assert reply_deadline(at(received), days, CALENDAR) == date.fromisoformat(expected), why


def test_day_of_receipt_counts_in_oslo_time_not_utc() -> None:
    # 23:30 UTC on Friday 27 March is already Saturday 00:30 in Oslo (CET, before DST).
    received_utc = datetime.fromisoformat("2026-03-27T23:30+00:00")
    assert reply_deadline(received_utc, 1, CALENDAR) == date(2026, 3, 30)


def test_dst_change_weekend_does_not_shift_the_deadline() -> None:
    # Clocks go forward on Sunday 29 March 2026 at 02:00; receipt on Saturday at 02:30 UTC.
    received = datetime.fromisoformat("2026-03-28T01:30+00:00")
    assert received.astimezone(OSLO).date() == date(2026, 3, 28)
    assert reply_deadline(received, 1, CALENDAR) == date(2026, 3, 30)
    # Autumn: clocks go back on Sunday 25 October 2026.
    autumn = datetime.fromisoformat("2026-10-24T22:30+00:00")  # Sunday 00:30 CEST
    assert reply_deadline(autumn, 1, CALENDAR) == date(2026, 10, 26)


def test_closed_days_from_configuration_are_skipped() -> None:
    closed = WorkCalendar([date(2026, 12, 24), date(2026, 12, 31)])
    assert reply_deadline(at("2026-12-23T09:00"), 4, closed) == date(2027, 1, 4)
    assert closed.holiday_name(date(2026, 12, 24)) == "Stengt (lokal)"
    assert closed.holiday_name(date(2026, 12, 25)) == "Første juledag"


def test_deadline_days_above_the_procedures_limit_are_refused() -> None:
    with pytest.raises(ValueError, match="1 to 4"):
        reply_deadline(at("2026-11-26T10:00"), 5, CALENDAR)


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        ("2026-11-26", "2026-11-26", 0),
        ("2026-11-26", "2026-11-27", 1),
        ("2026-11-26", "2026-11-30", 2),
        ("2026-11-30", "2026-11-26", -2),
        ("2026-03-27", "2026-04-07", 4),
    ],
)
def test_working_days_between(start: str, end: str, expected: int) -> None:
    assert (
        CALENDAR.working_days_between(date.fromisoformat(start), date.fromisoformat(end))
        == expected
    )


# The edges: zero days, negative days, the machine's zone, the holiday names, loading.


def test_zero_working_days_after_a_day_is_that_day() -> None:
    saturday = date(2026, 11, 28)
    assert CALENDAR.add_working_days(saturday, 0) == saturday
    assert CALENDAR.add_working_days(date(2026, 11, 26), 0) == date(2026, 11, 26)


def test_negative_working_days_are_refused() -> None:
    with pytest.raises(ValueError, match=r"^days must not be negative$"):
        CALENDAR.add_working_days(date(2026, 11, 26), -1)


@pytest.mark.parametrize(
    ("start", "days", "expected", "why"),
    [
        ("2026-11-26", 1, "2026-11-27", "Thursday to Friday"),
        ("2026-11-27", 1, "2026-11-30", "Friday to Monday over the weekend"),
        ("2026-11-26", 3, "2026-12-01", "Thursday, over the weekend, to Tuesday"),
        ("2026-04-01", 1, "2026-04-07", "Wednesday before Easter to Tuesday after"),
        ("2026-04-02", 1, "2026-04-07", "from a holiday: the next working day"),
        ("2026-12-23", 10, "2027-01-08", "two weeks over Christmas and New Year"),
    ],
)
def test_add_working_days(start: str, days: int, expected: str, why: str) -> None:
    assert CALENDAR.add_working_days(date.fromisoformat(start), days) == date.fromisoformat(
        expected
    ), why


@pytest.mark.usefixtures("machine_in_new_york")
def test_the_day_of_receipt_is_oslos_whatever_the_machines_zone() -> None:
    # Thursday 26 November 23:30 UTC is Friday 00:30 in Oslo, Thursday evening in New York.
    received = datetime.fromisoformat("2026-11-26T23:30+00:00")
    assert reply_deadline(received, 1, CALENDAR) == date(2026, 11, 30)


def test_a_closed_day_adjacent_to_a_weekend_and_a_holiday() -> None:
    # Christmas Day 2027 is a Saturday; closing Friday 24 December moves a deadline from
    # Thursday 23 December over the closed day and the holiday weekend to Monday 27.
    closed = WorkCalendar([date(2027, 12, 24)])
    assert not closed.is_working_day(date(2027, 12, 24))
    assert reply_deadline(at("2027-12-23T09:00"), 1, closed) == date(2027, 12, 27)
    assert reply_deadline(at("2027-12-23T09:00"), 1, CALENDAR) == date(2027, 12, 24)
    assert closed.working_days_between(date(2027, 12, 23), date(2027, 12, 28)) == 2


def test_holiday_names_are_norwegian_whatever_the_clerks_locale(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LANGUAGE", "en_US")  # an English-speaking clerk's session
    calendar = WorkCalendar(cache=HolidayCache(tmp_path / "holidays.json"))
    assert calendar.holiday_name(date(2026, 12, 25)) == "Første juledag"
    assert calendar.holiday_name(date(2026, 5, 17)) == "Grunnlovsdag"


def test_one_calendar_answers_for_years_far_apart(tmp_path: Path) -> None:
    calendar = WorkCalendar(cache=HolidayCache(tmp_path / "holidays.json"))
    assert calendar.holiday_name(date(2026, 5, 17)) == "Grunnlovsdag"
    assert calendar.holiday_name(date(2040, 5, 17)) == "Grunnlovsdag"
    assert calendar.holiday_name(date(2026, 12, 25)) == "Første juledag"


def test_a_loaded_year_is_answered_while_another_thread_computes_a_new_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The inbox loads the calendar in a worker; the screen asks about loaded years meanwhile
    # and must not wait for a year the worker is still computing.
    calendar = WorkCalendar(cache=HolidayCache(tmp_path / "holidays.json"))
    assert not calendar.is_working_day(date(2026, 12, 25))
    computing, release, answered = threading.Event(), threading.Event(), threading.Event()
    computed: list[range] = []
    real = workdays._from_package

    def slow(years: range) -> workdays.YearTables:
        computed.append(years)
        computing.set()
        release.wait(timeout=30)
        return real(years)

    def load() -> None:
        try:
            calendar.is_working_day(date(2040, 1, 2))
        finally:
            computing.set()  # also when 2040 needed no computing: the test fails at once

    def ask() -> None:
        if calendar.is_working_day(date(2026, 12, 28)):
            answered.set()

    monkeypatch.setattr(workdays, "_from_package", slow)
    worker, asker = threading.Thread(target=load), threading.Thread(target=ask)
    worker.start()
    try:
        assert computing.wait(timeout=30)
        assert computed, "the worker found 2040 without computing it"
        asker.start()
        assert answered.wait(timeout=10), "a loaded year waited for the worker"
    finally:
        release.set()
        worker.join()
        if asker.is_alive():
            asker.join()
