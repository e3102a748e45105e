"""The section leader's overview: every figure that shows whether the work is done in time.

`build_report` computes every figure of the report screen, `timedialog report` and its CSV
from message summaries (hot file and archive alike), for a period and a choice of departments.
It is pure: no clock, no files; the caller gives it the messages and "now".

Definitions (docs/brukerveiledning.md, "Oversikten", says the same for the section leader):

- A message belongs to the period when it was **received** (Oslo date) on one of its days.
- It concerns the chosen departments when it is in one of them now, or was forwarded from or
  to one of them. No choice means every department.
- **Answered**: a clerk marked the reply sent (`b`): the message is in follow-up or closed
  after it. **In time** when the answer's date (Oslo) is on or before the deadline day,
  **late** after it.
- **Closed without reply** (`u`: a duplicate, the patient was phoned) needed no reply: it is
  counted apart, neither in time nor late, and not in the time to answer.
- **Open**: no reply yet; **overdue** when the deadline day has passed (now).
- **Share answered in time**: in time / (in time + late + open and overdue): a message past
  its deadline and still unanswered is not in time, though it has no answer yet.
- **Now in another department**: forwarded out of the chosen departments and now in another.
- So: received = in time + late + closed without reply + now in another department + open.
- **Forwarded with v**: moved out of one of the chosen departments (`v`), wherever it is now;
  the time to forward runs from receipt to the first such move.
- **Open now, whole inbox**: every message of the chosen departments waiting for a reply now,
  whenever it came in, counted as the inbox header counts (`counts.open_now`).
- Times to answer and to forward are in **working hours** (`officehours.py`): office hours on
  working days. Median and 90th percentile by the standard library's `statistics`; the
  percentile interpolates between neighbours (`method="inclusive"`, as a spreadsheet's
  PERSENTIL.INK / PERCENTILE.INC).
- **Per clerk**: the messages each clerk answered (in time, late, median time to answer)
  and forwarded.
- **Weekly volume**: the messages received each ISO week of the period (Monday to Sunday),
  split into answered in time, late, and the rest.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from enum import StrEnum

from tui.core.i18n import _
from tui.core.model import OSLO, Category, Forward
from tui.core.report.counts import OpenNow, is_overdue, open_now
from tui.core.report.suggestions import SuggestionWeek, suggestion_weeks
from tui.core.rules.officehours import WorkingTime
from tui.core.store.summary import MessageSummary


class PeriodKind(StrEnum):
    """How a period was chosen: a calendar week, month or year, or any two dates."""

    WEEK = "uke"
    MONTH = "måned"
    YEAR = "år"
    CUSTOM = "egen"


PERIOD_CYCLE = (PeriodKind.WEEK, PeriodKind.MONTH, PeriodKind.YEAR)
"""The kinds the report screen steps through."""


def monday_of(day: date) -> date:
    """The Monday of the ISO week `day` is in."""
    return day - timedelta(days=day.weekday())


def month_name(month: int) -> str:
    """The month's Norwegian name: "januar" ... "desember"."""
    names = (
        _("januar"),
        _("februar"),
        _("mars"),
        _("april"),
        _("mai"),
        _("juni"),
        _("juli"),
        _("august"),
        _("september"),
        _("oktober"),
        _("november"),
        _("desember"),
    )
    return names[month - 1]


@dataclass(frozen=True)
class Period:
    """The days a report covers, first and last included."""

    start: date
    end: date
    kind: PeriodKind = PeriodKind.CUSTOM

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError("a period cannot end before it starts")

    @classmethod
    def containing(cls, kind: PeriodKind, day: date) -> Period:
        """The calendar week, month or year that `day` is in."""
        if kind is PeriodKind.WEEK:
            start = monday_of(day)
            return cls(start, start + timedelta(days=6), kind)
        if kind is PeriodKind.MONTH:
            start = day.replace(day=1)
            following = (start + timedelta(days=31)).replace(day=1)
            return cls(start, following - timedelta(days=1), kind)
        if kind is PeriodKind.YEAR:
            return cls(date(day.year, 1, 1), date(day.year, 12, 31), kind)
        raise ValueError("a custom period needs its dates")

    def shifted(self, steps: int) -> Period:
        """The period `steps` periods later (earlier when negative), of the same kind."""
        if self.kind is PeriodKind.WEEK:
            return Period.containing(self.kind, self.start + timedelta(weeks=steps))
        if self.kind is PeriodKind.MONTH:
            months = self.start.year * 12 + self.start.month - 1 + steps
            return Period.containing(self.kind, date(months // 12, months % 12 + 1, 1))
        if self.kind is PeriodKind.YEAR:
            return Period.containing(self.kind, date(self.start.year + steps, 1, 1))
        length = timedelta(days=(self.end - self.start).days + 1)
        return Period(self.start + steps * length, self.end + steps * length, self.kind)

    def contains(self, day: date) -> bool:
        """True when `day` is one of the period's days."""
        return self.start <= day <= self.end

    @property
    def years(self) -> range:
        """The calendar years the period touches (the archive files to read)."""
        return range(self.start.year, self.end.year + 1)

    @property
    def label(self) -> str:
        """The period in words: "uke 48 2026", "november 2026", "2026", "2026-01-01 – 2026-01-31".

        A period of any two dates is written with ISO dates.
        """
        if self.kind is PeriodKind.WEEK:
            year, week, _day = self.start.isocalendar()
            return _("uke {week} {year}").format(week=week, year=year)
        if self.kind is PeriodKind.MONTH:
            return f"{month_name(self.start.month)} {self.start.year}"
        if self.kind is PeriodKind.YEAR:
            return str(self.start.year)
        return f"{self.start.isoformat()} – {self.end.isoformat()}"


def median(values: Collection[float]) -> float | None:
    """The median, or None when there are no values."""
    return statistics.median(values) if values else None


def percentile_90(values: Collection[float]) -> float | None:
    """The 90th percentile, interpolated as a spreadsheet's PERCENTILE.INC; None when empty."""
    if not values:
        return None
    if len(values) == 1:
        return next(iter(values))
    return statistics.quantiles(values, n=10, method="inclusive")[-1]


@dataclass(frozen=True)
class Figures:
    """What became of a group of messages: all of them, one category, or one week."""

    received: int = 0
    answered_in_time: int = 0
    answered_late: int = 0
    closed_without_reply: int = 0
    sent_on: int = 0
    """Forwarded out of the chosen departments and now in another one."""
    open: int = 0
    overdue: int = 0
    """Of the open ones, those whose deadline day has passed."""
    answer_median_hours: float | None = None
    answer_p90_hours: float | None = None

    @property
    def answered(self) -> int:
        """Answered in time or late."""
        return self.answered_in_time + self.answered_late

    @property
    def in_time_percent(self) -> float | None:
        """The share answered in time, in per cent (None when there is nothing to share).

        Of the messages that were answered or should have been by now: answered in time,
        answered late, and open past their deadline (those are not in time either).
        """
        due = self.answered + self.overdue
        if not due:
            return None
        return 100 * self.answered_in_time / due

    @property
    def others(self) -> int:
        """Received but not answered: closed without reply, sent on, or open."""
        return self.received - self.answered


@dataclass(frozen=True)
class WeekFigures:
    """One ISO week of the period."""

    monday: date
    figures: Figures

    @property
    def iso_week(self) -> str:
        """The ISO week as "2026-W48"."""
        year, week, _day = self.monday.isocalendar()
        return f"{year}-W{week:02d}"


@dataclass(frozen=True)
class ClerkFigures:
    """What one clerk did with the period's messages."""

    clerk: str
    answered_in_time: int = 0
    answered_late: int = 0
    answer_median_hours: float | None = None
    forwarded: int = 0

    @property
    def answered(self) -> int:
        """Answered in time or late."""
        return self.answered_in_time + self.answered_late


@dataclass(frozen=True)
class Report:
    """Every figure of the overview for one period and choice of departments."""

    period: Period
    departments: tuple[str, ...]
    """The chosen department codes, sorted; empty means every department."""
    made_at: datetime
    totals: Figures
    forwarded: int
    forward_median_hours: float | None
    by_category: tuple[tuple[Category, Figures], ...]
    by_clerk: tuple[ClerkFigures, ...]
    weeks: tuple[WeekFigures, ...]
    office_hours: str
    """The working hours the times count, in words ("08:00–15:30 på arbeidsdager")."""
    now: OpenNow = field(default_factory=OpenNow)
    """What waits for a reply now in the chosen departments, whenever it came in."""
    suggestions: tuple[SuggestionWeek, ...] = ()
    """How often the suggested category was right, week by week ("forslag riktig")."""


@dataclass
class _Tally:
    received: int = 0
    in_time: int = 0
    late: int = 0
    without_reply: int = 0
    sent_on: int = 0
    open: int = 0
    overdue: int = 0
    hours: list[float] = field(default_factory=list)

    def figures(self) -> Figures:
        return Figures(
            received=self.received,
            answered_in_time=self.in_time,
            answered_late=self.late,
            closed_without_reply=self.without_reply,
            sent_on=self.sent_on,
            open=self.open,
            overdue=self.overdue,
            answer_median_hours=median(self.hours),
            answer_p90_hours=percentile_90(self.hours),
        )


@dataclass
class _ClerkTally:
    in_time: int = 0
    late: int = 0
    forwarded: int = 0
    hours: list[float] = field(default_factory=list)


def _first_forward_out(summary: MessageSummary, chosen: frozenset[str]) -> Forward | None:
    """The first move out of a chosen department (out of any department when none is chosen)."""
    return next(
        (f for f in summary.forwards if not chosen or f.from_department in chosen),
        None,
    )


def _concerns(summary: MessageSummary, chosen: frozenset[str]) -> bool:
    if not chosen or summary.department in chosen:
        return True
    return any(f.from_department in chosen or f.to_department in chosen for f in summary.forwards)


def build_report(
    summaries: Iterable[MessageSummary],
    *,
    period: Period,
    now: datetime,
    working_time: WorkingTime,
    departments: Collection[str] = (),
) -> Report:
    """Every figure for the messages received in `period` that concern `departments`."""
    chosen = frozenset(departments)
    today = now.astimezone(OSLO).date()
    totals = _Tally()
    categories: dict[Category, _Tally] = {category: _Tally() for category in Category}
    weeks: dict[date, _Tally] = defaultdict(_Tally)
    clerks: dict[str, _ClerkTally] = defaultdict(_ClerkTally)
    forward_hours: list[float] = []
    waiting: list[MessageSummary] = []
    concerned: list[MessageSummary] = []
    for summary in summaries:
        if not chosen or summary.department in chosen:
            waiting.append(summary)
        received = summary.received.astimezone(OSLO)
        if not period.contains(received.date()) or not _concerns(summary, chosen):
            continue
        concerned.append(summary)
        tallies = (totals, categories[summary.category], weeks[monday_of(received.date())])
        for tally in tallies:
            tally.received += 1
        if chosen and summary.department not in chosen:
            for tally in tallies:
                tally.sent_on += 1
        elif summary.answered and summary.answered_at is not None:
            hours = working_time.hours_between(received, summary.answered_at)
            in_time = summary.answered_at.astimezone(OSLO).date() <= summary.deadline
            clerk = clerks[summary.answered_by]
            clerk.hours.append(hours)
            if in_time:
                clerk.in_time += 1
            else:
                clerk.late += 1
            for tally in tallies:
                tally.hours.append(hours)
                if in_time:
                    tally.in_time += 1
                else:
                    tally.late += 1
        elif summary.closed_without_reply:
            for tally in tallies:
                tally.without_reply += 1
        else:
            overdue = is_overdue(summary, today)
            for tally in tallies:
                tally.open += 1
                tally.overdue += overdue
        forward = _first_forward_out(summary, chosen)
        if forward is not None:
            forward_hours.append(working_time.hours_between(received, forward.when))
            clerks[forward.user].forwarded += 1
    return Report(
        period=period,
        departments=tuple(sorted(chosen)),
        made_at=now,
        totals=totals.figures(),
        forwarded=len(forward_hours),
        forward_median_hours=median(forward_hours),
        by_category=tuple((category, tally.figures()) for category, tally in categories.items()),
        by_clerk=tuple(
            ClerkFigures(
                clerk=name,
                answered_in_time=tally.in_time,
                answered_late=tally.late,
                answer_median_hours=median(tally.hours),
                forwarded=tally.forwarded,
            )
            for name, tally in sorted(clerks.items())
        ),
        weeks=tuple(
            WeekFigures(monday, weeks[monday].figures() if monday in weeks else Figures())
            for monday in _mondays(period, today)
        ),
        office_hours=_("{hours} på arbeidsdager").format(
            hours=working_time.office_hours.describe()
        ),
        now=open_now(waiting, today),
        suggestions=suggestion_weeks(concerned, _mondays(period, today)),
    )


def _mondays(period: Period, today: date) -> list[date]:
    """The Mondays of the period's weeks, up to the current week (later weeks are empty)."""
    last = min(period.end, max(today, period.start))
    monday, mondays = monday_of(period.start), []
    while monday <= last:
        mondays.append(monday)
        monday += timedelta(weeks=1)
    return mondays
