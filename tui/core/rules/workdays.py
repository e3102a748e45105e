"""Norwegian working days: the calendar every deadline and the fee rule count on.

Public holidays come from the `holidays` package (`holidays.Norway`, kept between starts by
`tui.core.rules.holiday_cache`), weekends are Saturday and Sunday, and a department may add its own
closed days (24 and 31 December are not public holidays, yet many offices close).
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from datetime import date, datetime, timedelta

from tui.core.i18n import N_, _
from tui.core.model import OSLO
from tui.core.rules.holiday_cache import HolidayCache, YearTables

MAX_DEADLINE_DAYS = 4
"""The procedure's limit: a reply within at most 4 working days."""

CLOSED_DAY_NAME = N_("Stengt (lokal)")
"""The name of a day the department has closed (from the configuration's closed days)."""

HOLIDAY_NAMES = (
    N_("Første nyttårsdag"),
    N_("Skjærtorsdag"),
    N_("Langfredag"),
    N_("Første påskedag"),
    N_("Andre påskedag"),
    N_("Arbeidernes dag"),
    N_("Grunnlovsdag"),
    N_("Kristi himmelfartsdag"),
    N_("Første pinsedag"),
    N_("Andre pinsedag"),
    N_("Første juledag"),
    N_("Andre juledag"),
)
"""Norway's public holidays as the `holidays` package names them (in Norwegian): the names
are kept so, and said in the language in force when shown."""

HOLIDAY_NAME_DELIMITER = "; "
"""Between the names of two holidays on one day (the `holidays` package's delimiter)."""

YEARS_AROUND = (1, 2)
"""A year missing from the tables is computed with the one before it and the two after it, so
deadlines and appointments across a new year need no second load of the package."""


class WorkCalendar:
    """Which days are working days in a Norwegian office.

    The public holidays of a year come from the cache file (`tui.core.rules.holiday_cache`) when it
    has them for the installed `holidays` package; otherwise the package is loaded, and the
    years around the one asked for are computed and written to the cache for the next start.
    """

    def __init__(self, closed_days: Iterable[date] = (), cache: HolidayCache | None = None) -> None:
        self._closed_days = frozenset(closed_days)
        self._cache = cache
        self._tables: YearTables | None = None
        self._loading = threading.Lock()

    @property
    def is_loaded(self) -> bool:
        """True once holiday tables are in memory (from the cache, or the package)."""
        return self._tables is not None

    def _public_holidays(self, year: int) -> dict[date, str]:
        tables = self._tables
        if tables is not None and year in tables:
            return tables[year]
        with self._loading:
            if self._cache is None:
                self._cache = HolidayCache()
            if self._tables is None:
                self._tables = self._cache.read()
            if year not in self._tables:
                before, after = YEARS_AROUND
                self._tables.update(_from_package(range(year - before, year + after + 1)))
                self._cache.write(self._tables)
            return self._tables[year]

    def holiday_name(self, day: date) -> str:
        """The name of the holiday or closed day on `day`, or "" on an ordinary day.

        Two on one day are named both, in alphabetical order, as the `holidays` package does.
        """
        name = self._public_holidays(day.year).get(day, "")
        names = name.split(HOLIDAY_NAME_DELIMITER) if name else []
        if day in self._closed_days:
            names = sorted({CLOSED_DAY_NAME, *names})
        return HOLIDAY_NAME_DELIMITER.join(_(part) for part in names)

    def is_working_day(self, day: date) -> bool:
        """True for Monday to Friday that is neither a public holiday nor a closed day."""
        return (
            day.weekday() < 5
            and day not in self._closed_days
            and day not in self._public_holidays(day.year)
        )

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


def _from_package(years: Iterable[int]) -> YearTables:
    """Norway's public holidays of `years`, with their Norwegian names, from the package."""
    # Imported here to keep start-up light: the package is slow to load (it imports every
    # country's module), and neither the inbox's first frame nor a start with the cache file
    # needs it.
    import holidays

    tables: YearTables = {year: {} for year in years}
    calendar = holidays.country_holidays("NO", language="no", years=list(tables))
    for day, name in calendar.items():
        tables[day.year][day] = str(name)
    return tables
