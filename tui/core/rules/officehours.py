"""Office hours: the time of day the office works, and time counted in working hours.

The section leader's report measures how long a patient waited for a reply in the hours the
office could have answered: from `opens` to `closes` (`[office_hours]`, 08:00 to 15:30 by
default) on working days, which are Monday to Friday that are neither public holidays nor the
office's closed days (the same calendar as the reply deadline). A message that arrives on a
Friday evening and is answered at 09:00 on Monday waited one working hour.

Times are Oslo wall-clock times. Daylight saving changes at night on a Sunday, never inside
office hours, so counting on the wall clock is exact.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from tui.core.model import OSLO
from tui.core.rules.workdays import WorkCalendar
from tui.core.settings import clock_time, setting


@dataclass(frozen=True)
class OfficeHours:
    """When the office works each working day (`[office_hours]` in the configuration)."""

    opens: time = setting(time(8, 0), clock_time)
    """When the office opens on a working day."""
    closes: time = setting(time(15, 30), clock_time)
    """When it closes (after `opens`)."""

    def describe(self) -> str:
        """The hours as "08:00–15:30", for the report's explanation."""
        return f"{self.opens:%H:%M}–{self.closes:%H:%M}"


class WorkingTime:
    """Counts time in working hours; remembers which days are working days.

    One instance serves a whole report: a year of messages asks about the same few hundred
    days many thousands of times, and the holiday calendar is slow to ask.
    """

    def __init__(self, office_hours: OfficeHours, calendar: WorkCalendar) -> None:
        self.office_hours = office_hours
        self.calendar = calendar
        self._working: dict[date, bool] = {}

    def is_working_day(self, day: date) -> bool:
        """True for Monday to Friday that is neither a public holiday nor a closed day."""
        known = self._working.get(day)
        if known is None:
            known = self._working[day] = self.calendar.is_working_day(day)
        return known

    def hours_between(self, start: datetime, end: datetime) -> float:
        """The working hours between two moments; 0 when `end` is not after `start`.

        Counted on the Oslo wall clock, in seconds of the day: part of the first and last day,
        whole office days in between (a report does this for every message of a year).
        """
        start, end = start.astimezone(OSLO), end.astimezone(OSLO)
        if end <= start:
            return 0.0
        opens, closes = _seconds(self.office_hours.opens), _seconds(self.office_hours.closes)

        def clip(seconds: float) -> float:
            return min(max(seconds, opens), closes)

        first, last = start.date(), end.date()
        if first == last:
            if not self.is_working_day(first):
                return 0.0
            return (clip(_seconds(end)) - clip(_seconds(start))) / 3600
        total = closes - clip(_seconds(start)) if self.is_working_day(first) else 0.0
        total += clip(_seconds(end)) - opens if self.is_working_day(last) else 0.0
        day = first + timedelta(days=1)
        while day < last:
            if self.is_working_day(day):
                total += closes - opens
            day += timedelta(days=1)
        return total / 3600


def _seconds(moment: datetime | time) -> float:
    """Seconds since midnight of a time of day (or of a moment's wall-clock time)."""
    return moment.hour * 3600 + moment.minute * 60 + moment.second + moment.microsecond / 1e6
