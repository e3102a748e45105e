"""Reply deadlines over Norwegian holidays, weekends and DST."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from tui.core.model import OSLO
from tui.core.workdays import WorkCalendar, reply_deadline

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
