"""Norwegian working days: the calendar every deadline and the fee rule count on.

Public holidays come from the `holidays` package (`holidays.Norway`), weekends are Saturday and
Sunday, and a department may add its own closed days (24 and 31 December are not public
holidays, yet many offices close).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, timedelta
from functools import cached_property
from typing import TYPE_CHECKING

from tui.core.model import OSLO

if TYPE_CHECKING:
    from holidays import HolidayBase

MAX_DEADLINE_DAYS = 4
"""The procedure's limit: a reply within at most 4 working days."""


class WorkCalendar:
    """Which days are working days in a Norwegian office."""

    def __init__(self, closed_days: Iterable[date] = ()) -> None:
        self._closed_days = frozenset(closed_days)

    @cached_property
    def _holidays(self) -> HolidayBase:
        # Imported here: the package takes a tenth of a second to load, and the inbox
        # paints from stored deadlines without it.
        import holidays

        calendar = holidays.country_holidays("NO", language="no")
        calendar.update(dict.fromkeys(self._closed_days, "Stengt (lokal)"))
        return calendar

    @property
    def is_loaded(self) -> bool:
        """True once the holiday tables are in memory (loading takes a tenth of a second)."""
        return "_holidays" in self.__dict__

    def is_working_day(self, day: date) -> bool:
        """True for Monday to Friday that is neither a public holiday nor a closed day."""
        return day.weekday() < 5 and day not in self._holidays

    def holiday_name(self, day: date) -> str:
        """The name of the holiday or closed day on `day`, or "" on an ordinary day."""
        return str(self._holidays.get(day) or "")

    def add_working_days(self, start: date, days: int) -> date:
        """The date `days` working days after `start`; `start` itself never counts."""
        if days < 0:
            raise ValueError("days must not be negative")
        day = start
        remaining = days
        while remaining:
            day += timedelta(days=1)
            if self.is_working_day(day):
                remaining -= 1
        return day

    def working_days_between(self, start: date, end: date) -> int:
        """Working days after `start` up to and including `end`; negative when `end` is earlier.

        `working_days_between(today, deadline)` is the number of working days left.
        """
        if end < start:
            return -self.working_days_between(end, start)
        return sum(
            1
            for offset in range(1, (end - start).days + 1)
            if self.is_working_day(start + timedelta(days=offset))
        )


def reply_deadline(received: datetime, days: int, calendar: WorkCalendar) -> date:
    """The last day to reply: the day of receipt (Oslo time) plus `days` working days."""
    if not 1 <= days <= MAX_DEADLINE_DAYS:
        raise ValueError(f"reply deadline must be 1 to {MAX_DEADLINE_DAYS} working days")
    return calendar.add_working_days(received.astimezone(OSLO).date(), days)
