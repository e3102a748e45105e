"""The weekly volume as horizontal bars: one line per week, drawn with block characters.

Each bar is as long as the week's received messages (the busiest week fills the width) and is
split into answered in time (`█`), answered late (`▓`) and the rest (`░`: open, closed
without reply, sent on). The shapes differ, so the split reads on a 16-colour terminal and
without colour at all; the theme's success, warning and muted colours come on top
(component classes in `screens/report.tcss`). The count stands at the end of each line.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.widget import Widget

from tui.core.i18n import _
from tui.core.report.report import WeekFigures

IN_TIME, LATE, OTHER = "█", "▓", "░"


def bar_lengths(week: WeekFigures, peak: int, width: int) -> tuple[int, int, int]:
    """How many cells the in-time, late and other parts take for a bar of at most `width`.

    The whole bar is the week's share of the busiest week (at least one cell when the week
    had any message); the parts are cut from it by rounding their running totals.
    """
    figures = week.figures
    if not figures.received or peak <= 0 or width <= 0:
        return (0, 0, 0)
    scale = width / peak
    total = max(1, round(figures.received * scale))
    in_time = min(total, round(figures.answered_in_time * scale))
    late = min(total, round((figures.answered_in_time + figures.answered_late) * scale)) - in_time
    return (in_time, late, total - in_time - late)


def week_label(week: WeekFigures) -> str:
    """The ISO week number and its Monday: "uke 48 23.11"."""
    number = week.monday.isocalendar()[1]
    return _("uke {week:>2}").format(week=number) + f" {week.monday:%d.%m}"


LEGEND = (
    (IN_TIME, _("besvart i tide")),
    (LATE, _("for sent")),
    (OTHER, _("øvrige (åpne, uten svar, i annen avdeling)")),
)
"""What the three block characters mean, in the order the bars are drawn."""


class WeeklyBars(Widget):
    """The weekly volume of a report as bars, one line per week."""

    COMPONENT_CLASSES = {
        "weekly-bars--in-time",
        "weekly-bars--late",
        "weekly-bars--other",
    }

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.weeks: tuple[WeekFigures, ...] = ()

    def show(self, weeks: Sequence[WeekFigures]) -> None:
        """Draw these weeks (the report's, oldest first)."""
        self.weeks = tuple(weeks)
        self.refresh(layout=True)

    def render(self) -> Text:
        """The legend, then one line per week: label, bar, count."""
        styles = [
            self.get_component_rich_style(name)
            for name in ("weekly-bars--in-time", "weekly-bars--late", "weekly-bars--other")
        ]
        lines = Text(no_wrap=True, end="")
        for (char, meaning), style in zip(LEGEND, styles, strict=True):
            lines.append(char, style)
            lines.append(f" {meaning}  ")
        lines.rstrip()
        if not self.weeks:
            return lines
        counts = [str(week.figures.received) for week in self.weeks]
        count_width = max(len(count) for count in counts)
        labels = [week_label(week) for week in self.weeks]
        label_width = max(len(label) for label in labels)
        bar_width = max(1, self.size.width - label_width - count_width - 3)
        peak = max(week.figures.received for week in self.weeks)
        for week, label, count in zip(self.weeks, labels, counts, strict=True):
            lines.append("\n" + label.ljust(label_width) + " ")
            parts = bar_lengths(week, peak, bar_width)
            for length, char, style in zip(parts, (IN_TIME, LATE, OTHER), styles, strict=True):
                lines.append(char * length, style)
            lines.append(" " * (bar_width - sum(parts)) + " " + count.rjust(count_width))
        return lines
