"""'Forslag riktig': how often the category suggested from the words was kept, per week and
category, in the report's tables (screen, text and CSV share them)."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from tui.core.config.config import Config
from tui.core.model import OSLO, Category, Status
from tui.core.report.report import Period, PeriodKind, build_report
from tui.core.report.suggestions import Accuracy, judged, suggestion_weeks, was_right
from tui.core.report.tables import report_tables, table_lines
from tui.core.store.schema import SUGGESTION_FEEDBACK
from tui.core.store.store import Store
from tui.core.store.summary import MessageSummary
from tui.core.workflow.inbox import Inbox


def summary(
    number: int,
    day: str,
    suggested: Category | None,
    final: Category,
    *,
    rule: str = "endring/ny-time",
    status: Status = Status.ANSWERED,
    confirmed: bool = False,
) -> MessageSummary:
    received = datetime.fromisoformat(f"{day}T10:00").replace(tzinfo=OSLO)
    return MessageSummary(
        id=f"m{number}",
        received=received,
        deadline=received.date(),
        department="BLOD",
        category=final,
        status=status,
        answered_at=received if status is not Status.NEW else None,
        category_confirmed=confirmed,
        suggested=suggested,
        suggestion_rule=rule,
    )


# Week 45 (2 November) and week 46 (9 November) of 2026.
SUMMARIES = [
    summary(1, "2026-11-02", Category.ENDRING, Category.ENDRING),
    summary(2, "2026-11-03", Category.ENDRING, Category.AVBESTILLING, confirmed=True),
    summary(3, "2026-11-04", Category.AVBESTILLING, Category.GEBYR),  # the fee: right
    summary(4, "2026-11-05", Category.PURRING, Category.PURRING, status=Status.NEW),  # open
    summary(5, "2026-11-05", Category.ENDRING, Category.ENDRING, rule="kode OET"),  # a code
    summary(6, "2026-11-06", None, Category.ANNET),  # stored before suggestions were kept
    summary(7, "2026-11-10", Category.ANNET, Category.ANNET, status=Status.NEW, confirmed=True),
    summary(8, "2026-11-11", Category.PURRING, Category.ENDRING, status=Status.CLOSED),
]


def test_what_is_judged_and_what_is_right() -> None:
    assert [judged(s) for s in SUMMARIES] == [True, True, True, False, False, False, True, True]
    assert [was_right(s) for s in SUMMARIES if judged(s)] == [True, False, True, True, False]


def test_weeks_and_categories_worked_out_by_hand() -> None:
    w45, w46 = suggestion_weeks(SUMMARIES, [date(2026, 11, 2), date(2026, 11, 9)])
    assert w45.total == Accuracy(judged=3, right=2)
    assert w45.by_category == {
        Category.ENDRING: Accuracy(2, 1),
        Category.AVBESTILLING: Accuracy(1, 1),
    }
    assert w46.total == Accuracy(2, 1)
    assert w46.by_category[Category.PURRING].percent == 0.0
    assert w46.by_category[Category.ANNET].percent == 100.0


def test_the_report_table_shows_forslag_riktig(config: Config) -> None:
    report = build_report(
        SUMMARIES,
        period=Period.containing(PeriodKind.MONTH, date(2026, 11, 1)),
        now=datetime(2026, 11, 12, 12, 0, tzinfo=OSLO),
        working_time=config.working_time(),
    )
    table = report_tables(report)[-1]
    assert table.key == "suggestions"
    assert table.headings[:3] == ("Forslag riktig", "Vurdert", "Riktig %")
    rows = {row[0]: row for row in table.rows}
    assert rows["2026-W45"][1:3] == (3, 200 / 3)
    assert rows["Hele perioden"][1:3] == (5, 60.0)
    text = "\n".join(table_lines(table))
    assert "66,7" in text  # one decimal, decimal comma, as every figure


def test_a_clerks_change_is_recorded_without_patient_data(tmp_path: Path, config: Config) -> None:
    store = Store(tmp_path / "inbox.json")
    inbox = Inbox(store, config, "kari", lambda: datetime(2026, 11, 12, 9, 0, tzinfo=OSLO))
    message = inbox.new_message(
        message_id="x1",
        received=datetime(2026, 11, 12, 8, 0, tzinfo=OSLO),
        department="BLOD",
        text="Jeg kommer ikke på timen, Ola Nordmann 01017012345.",
        patient_name="Ola Nordmann",
    )
    inbox.add_messages([message])
    assert message.category_suggested is Category.AVBESTILLING
    inbox.set_category("x1", Category.ENDRING)
    inbox.set_category("x1", Category.ANNET)  # a confirmed category is no suggestion: no record
    records = store.suggestion_feedback()
    assert records == [
        {
            "week": "2026-W46",
            "department": "BLOD",
            "suggested": "avbestilling",
            "chosen": "endring",
            "rule": "avbestilling/kommer-ikke",
            "sure": True,
        }
    ]
    store.compact()  # the record is in the journal until then
    raw = (tmp_path / "inbox.json").read_text(encoding="utf-8")
    assert SUGGESTION_FEEDBACK in raw
    stored = store.get("x1")
    assert stored.category_suggested is Category.AVBESTILLING
    assert stored.copies_without_asking
