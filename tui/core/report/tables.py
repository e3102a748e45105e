"""The report as tables, and those tables as text and as CSV for a spreadsheet.

The report screen, `timedialog report` and its CSV all show `report_tables(report)`, so they
cannot disagree: a figure is written the same way everywhere (whole numbers plain, decimals
with one decimal and a decimal comma, dates in ISO form). The CSV suits a spreadsheet with
Norwegian settings: semicolons between fields, UTF-8 with a byte order mark (`CSV_ENCODING`),
and a decimal comma, so Excel and LibreOffice read numbers as numbers.

Only figures, department codes and the clerks' user names appear: the summaries the report is
made from hold nothing of a patient.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from tui.core.i18n import _
from tui.core.labels import category_label, category_short
from tui.core.model import OSLO
from tui.core.report.report import Figures, Report
from tui.core.report.suggestions import SUGGESTED, Accuracy, SuggestionWeek, total

Cell = int | float | str | date | None
"""One value of a table: a count, hours or a share (float), a label, a date, or nothing."""

CSV_ENCODING = "utf-8-sig"
"""UTF-8 with a byte order mark: Excel then reads æøå right."""
CSV_DELIMITER = ";"
"""Norwegian spreadsheets use the comma for decimals, so fields are separated by semicolons."""


@dataclass(frozen=True)
class Table:
    """A titled table: its headings (the first one heads the row labels) and rows."""

    key: str
    """A stable name: "summary", "weeks", "categories", "clerks", "suggestions"."""
    headings: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]

    @property
    def title(self) -> str:
        """The first heading, which names what the rows are."""
        return self.headings[0]


def cell_text(cell: Cell, blank: str = "–") -> str:
    """A value as every output writes it: 42, 5,5 (one decimal), 2026-11-23; `blank` for none."""
    if cell is None:
        return blank
    if isinstance(cell, float):
        # Half up, as a spreadsheet rounds (format() would round 5.25 to 5.2).
        rounded = Decimal(repr(cell)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
        return str(rounded).replace(".", ",")
    if isinstance(cell, date):
        return cell.isoformat()
    return str(cell)


def selection_label(report: Report) -> str:
    """The chosen departments: "alle" or "BLOD, ORT"."""
    return ", ".join(report.departments) if report.departments else _("alle")


def heading_rows(report: Report) -> tuple[tuple[str, Cell], ...]:
    """What the report covers: period, departments, when it was made, the working hours."""
    return (
        (_("Periode"), report.period.label),
        (_("Fra"), report.period.start),
        (_("Til"), report.period.end),
        (_("Avdelinger"), selection_label(report)),
        (_("Laget"), report.made_at.astimezone(OSLO).strftime("%Y-%m-%d %H:%M")),
        (_("Arbeidstid"), report.office_hours),
    )


def _summary(report: Report) -> Table:
    totals = report.totals
    rows: tuple[tuple[Cell, ...], ...] = (
        (_("Mottatt"), totals.received),
        (_("Besvart i tide"), totals.answered_in_time),
        (_("Besvart for sent"), totals.answered_late),
        (_("Ubesvart etter fristen"), totals.overdue),
        (_("Andel besvart i tide (%)"), totals.in_time_percent),
        (_("Lukket uten svar"), totals.closed_without_reply),
        (_("Ligger nå hos en annen avdeling"), totals.sent_on),
        (_("Åpne, mottatt i perioden"), totals.open),
        (_("Åpne nå, hele innboksen"), report.now.open),
        (_("Åpne og forfalt nå, hele innboksen"), report.now.overdue),
        (_("Videresendt med v (flyttet ut)"), report.forwarded),
        (_("Tid til videresending, median (arbeidstimer)"), report.forward_median_hours),
        (_("Svartid, median (arbeidstimer)"), totals.answer_median_hours),
        (_("Svartid, 90-persentil (arbeidstimer)"), totals.answer_p90_hours),
    )
    return Table("summary", (_("Nøkkeltall"), _("Verdi")), rows)


def _outcomes(label: Cell, figures: Figures) -> tuple[Cell, ...]:
    return (
        label,
        figures.received,
        figures.answered_in_time,
        figures.answered_late,
        figures.closed_without_reply,
        figures.open,
        figures.answer_median_hours,
    )


def report_tables(report: Report) -> tuple[Table, ...]:
    """The report's tables, in the order every output shows them."""
    outcome_headings = (
        _("Mottatt"),
        _("I tide"),
        _("For sent"),
        _("Uten svar"),
        _("Åpne"),
        _("Median t"),
    )
    weeks = Table(
        "weeks",
        (_("Uke"), _("Fra"), _("Mottatt"), _("I tide"), _("For sent"), _("Øvrige")),
        tuple(
            (
                week.iso_week,
                week.monday,
                week.figures.received,
                week.figures.answered_in_time,
                week.figures.answered_late,
                week.figures.others,
            )
            for week in report.weeks
        ),
    )
    categories = Table(
        "categories",
        (_("Kategori"), *outcome_headings),
        tuple(_outcomes(category_label(category), f) for category, f in report.by_category),
    )
    clerks = Table(
        "clerks",
        (
            _("Saksbehandler"),
            _("Besvart"),
            _("I tide"),
            _("For sent"),
            _("Median t"),
            _("Videresendt"),
        ),
        tuple(
            (
                clerk.clerk or _("(ukjent)"),
                clerk.answered,
                clerk.answered_in_time,
                clerk.answered_late,
                clerk.answer_median_hours,
                clerk.forwarded,
            )
            for clerk in report.by_clerk
        ),
    )
    return (_summary(report), weeks, categories, clerks, _suggestions(report))


def _suggestions(report: Report) -> Table:
    """The share of judged suggestions that were right ("forslag riktig").

    Per week and suggested category, with the period's total last.
    """
    weeks = report.suggestions
    rows = [(week.iso_week, *_accuracy_cells(week)) for week in weeks]
    rows.append((_("Hele perioden"), *_accuracy_cells(total(weeks))))
    return Table(
        "suggestions",
        (
            _("Forslag riktig"),
            _("Vurdert"),
            _("Riktig %"),
            *(f"{category_short(category)} %" for category in SUGGESTED),
        ),
        tuple(rows),
    )


def _accuracy_cells(week: SuggestionWeek) -> tuple[Cell, ...]:
    empty = Accuracy()
    return (
        week.total.judged,
        week.total.percent,
        *(week.by_category.get(category, empty).percent for category in SUGGESTED),
    )


def table_lines(table: Table) -> list[str]:
    """A table as aligned text: labels left, figures right, two spaces between columns."""
    texts = [table.headings, *(tuple(cell_text(cell) for cell in row) for row in table.rows)]
    widths = [max(len(row[column]) for row in texts) for column in range(len(table.headings))]
    lines = []
    for row in texts:
        cells = [row[0].ljust(widths[0])]
        cells += [text.rjust(width) for text, width in zip(row[1:], widths[1:], strict=True)]
        lines.append("  ".join(cells).rstrip())
    return lines


def text_lines(report: Report) -> list[str]:
    """The whole report as plain text, for the terminal (`timedialog report`)."""
    title = _("Oversikt for seksjonsleder")
    lines = [title, "=" * len(title)]
    heading = heading_rows(report)
    width = max(len(label) for label, _value in heading)
    lines += [f"{label.ljust(width)}  {cell_text(value)}" for label, value in heading]
    for table in report_tables(report):
        lines.append("")
        if not table.rows:
            lines.append(f"{table.title}: " + _("ingen"))
            continue
        lines += table_lines(table)
    return lines


def csv_text(report: Report) -> str:
    """The whole report as CSV text (encode it with `CSV_ENCODING` when writing a file).

    The heading rows come first, then each table with its headings, a blank row between.
    Empty values (no median without answers) are empty fields.
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=CSV_DELIMITER, lineterminator="\r\n")
    writer.writerow([_("Oversikt for seksjonsleder")])
    for label, value in heading_rows(report):
        writer.writerow([label, cell_text(value, blank="")])
    for table in report_tables(report):
        writer.writerow([])
        writer.writerow(table.headings)
        writer.writerows([cell_text(cell, blank="") for cell in row] for row in table.rows)
    return buffer.getvalue()
