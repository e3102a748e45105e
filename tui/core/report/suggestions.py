"""How often the suggested category was right: "forslag riktig", per week and category.

A suggestion from the message's words is *judged* once a clerk has decided on the message:
confirmed or changed its category (`e`), answered it or closed it. It was *right* when the
category the clerk kept is the one suggested (a cancellation answered with the fee text counts
as right: the fee is a reply to a cancellation). Suggestions from a clear Helsenorge code are
left out: they say nothing about whether the words work at this site.

Computed from `MessageSummary` records only: no patient data.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from tui.core.model import OSLO, Category, Status
from tui.core.store.summary import MessageSummary

SUGGESTED = (Category.ENDRING, Category.AVBESTILLING, Category.PURRING, Category.ANNET)
"""The categories the words can suggest (the fee is the rules', not the words')."""


@dataclass(frozen=True)
class Accuracy:
    """Judged suggestions and how many were right."""

    judged: int = 0
    right: int = 0

    @property
    def percent(self) -> float | None:
        """The share right, in per cent (None: nothing judged)."""
        return 100 * self.right / self.judged if self.judged else None

    def add(self, right: bool) -> Accuracy:
        """The tally with one more judged suggestion."""
        return Accuracy(self.judged + 1, self.right + int(right))


@dataclass(frozen=True)
class SuggestionWeek:
    """One week's suggestions: all of them, and per suggested category."""

    monday: date
    total: Accuracy = Accuracy()
    by_category: dict[Category, Accuracy] = field(default_factory=dict)

    @property
    def iso_week(self) -> str:
        """The ISO week as "2026-W48"."""
        year, week, _day = self.monday.isocalendar()
        return f"{year}-W{week:02d}"


def judged(summary: MessageSummary) -> bool:
    """True for a suggestion from the words that a clerk has decided on."""
    if summary.suggested is None or summary.suggestion_rule.startswith("kode"):
        return False
    return summary.category_confirmed or summary.status is not Status.NEW


def was_right(summary: MessageSummary) -> bool:
    """True when the clerk kept the suggested category."""
    if summary.category is summary.suggested:
        return True
    return summary.suggested is Category.AVBESTILLING and summary.category is Category.GEBYR


def suggestion_weeks(
    summaries: Iterable[MessageSummary], mondays: Iterable[date]
) -> tuple[SuggestionWeek, ...]:
    """The period's weeks (`mondays`), each with its judged suggestions, by receipt week."""
    weeks = {monday: SuggestionWeek(monday) for monday in mondays}
    for summary in summaries:
        if not judged(summary):
            continue
        day = summary.received.astimezone(OSLO).date()
        monday = date.fromordinal(day.toordinal() - day.weekday())
        week = weeks.get(monday)
        if week is None or summary.suggested is None:
            continue
        right = was_right(summary)
        by_category = dict(week.by_category)
        by_category[summary.suggested] = by_category.get(summary.suggested, Accuracy()).add(right)
        weeks[monday] = SuggestionWeek(monday, week.total.add(right), by_category)
    return tuple(weeks.values())


def total(weeks: Iterable[SuggestionWeek]) -> SuggestionWeek:
    """The weeks added up (its `monday` is the first week's)."""
    weeks = list(weeks)
    first = weeks[0].monday if weeks else date.min
    result = SuggestionWeek(first)
    for week in weeks:
        by_category = dict(result.by_category)
        for category, accuracy in week.by_category.items():
            known = by_category.get(category, Accuracy())
            by_category[category] = Accuracy(
                known.judged + accuracy.judged, known.right + accuracy.right
            )
        result = SuggestionWeek(
            first,
            Accuracy(
                result.total.judged + week.total.judged, result.total.right + week.total.right
            ),
            by_category,
        )
    return result
