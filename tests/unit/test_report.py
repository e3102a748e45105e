"""Every figure of the section leader's report, on the hand-built inbox of `report_inbox.py`.

The right answers are worked out here from the table in that module, in working hours of
08:00-15:30 on working days.
"""

from __future__ import annotations

from datetime import date

import pytest

from tests.conftest import FakeClock
from tests.helpers.report_inbox import build_report_inbox
from tui.core.config.config import Config
from tui.core.model import Category, Message, Status
from tui.core.report.report import (
    Figures,
    Period,
    PeriodKind,
    Report,
    WeekFigures,
    build_report,
    percentile_90,
)
from tui.core.store.store import Store
from tui.core.store.summary import MessageSummary

NOVEMBER = Period(date(2026, 11, 1), date(2026, 11, 30))

# Working hours to answer, message by message:
M1 = 2.5  # Mon 09:00 -> Mon 11:30
M2 = 1.0  # Fri 20:00 (after hours) -> Mon 09:00: only Monday 08:00-09:00
M3 = 33.5  # Mon 14:00 -> Mon a week later 10:00: 1.5 + 4 x 7.5 + 2
M4 = 14.0  # Tue 08:30 -> Wed 15:00: 7 + 7
M6 = 7.5  # Thu 09:00 -> Fri 09:00: 6.5 + 1 (the forward does not stop the clock)
M10 = 1.0  # Tue 14:00 -> Tue 15:00
# Working hours to forward:
M6_FORWARD = 3.0  # Thu 09:00 -> Thu 12:00
M11_FORWARD = 7.5  # Mon 09:00 -> Tue 09:00: 6.5 + 1


@pytest.fixture
def summaries(store: Store, config: Config, clock: FakeClock) -> list[MessageSummary]:
    build_report_inbox(store, config, clock)
    return store.summaries([2025, 2026])


def report_for(
    summaries: list[MessageSummary],
    config: Config,
    clock: FakeClock,
    period: Period = NOVEMBER,
    departments: tuple[str, ...] = (),
) -> Report:
    return build_report(
        summaries,
        period=period,
        now=clock.now,
        working_time=config.working_time(),
        departments=departments,
    )


def test_the_archive_is_read_with_the_hot_file(
    store: Store, config: Config, clock: FakeClock
) -> None:
    build_report_inbox(store, config, clock)
    assert store.archive_years() == [2025, 2026]
    hot = {summary.id for summary in store.summaries()}
    assert {"m1", "m2", "m9", "old"}.isdisjoint(hot)
    with_2026 = {summary.id for summary in store.summaries([2026])}
    assert with_2026 == hot | {"m1", "m2", "m9"}


def test_totals_for_every_department(
    summaries: list[MessageSummary], config: Config, clock: FakeClock
) -> None:
    report = report_for(summaries, config, clock)
    hours = [M1, M2, M3, M4, M6, M10]  # sorted: 1, 1, 2.5, 7.5, 14, 33.5
    assert report.totals == Figures(
        received=10,  # m1-m8, m10, m11 (m9 came in October, "old" in 2025)
        answered_in_time=5,  # m1, m2, m4, m6, m10
        answered_late=1,  # m3: deadline Fri 13.11, answered Mon 16.11
        closed_without_reply=1,  # m5
        sent_on=0,  # nothing leaves "every department"
        open=3,  # m7, m8, m11
        overdue=2,  # m8 (deadline Tue 24.11), m11 (Fri 20.11)
        answer_median_hours=(2.5 + 7.5) / 2,
        answer_p90_hours=14.0 + 0.5 * (33.5 - 14.0),  # position 0.9 x 5 = 4.5
    )
    assert sorted(hours)[2:4] == [2.5, 7.5]
    # m8 and m11 are past their deadline and still unanswered: not in time either.
    assert report.totals.in_time_percent == pytest.approx(100 * 5 / (6 + 2))
    assert report.forwarded == 2  # m6 BLOD -> ORT, m11 ORT -> BLOD
    assert report.forward_median_hours == (M6_FORWARD + M11_FORWARD) / 2
    assert report.departments == ()
    assert report.made_at == clock.now
    assert report.office_hours == "08:00–15:30 på arbeidsdager"


def test_received_is_the_sum_of_what_became_of_the_messages(
    summaries: list[MessageSummary], config: Config, clock: FakeClock
) -> None:
    for departments in ((), ("BLOD",), ("ORT",), ("NEVRO",), ("BLOD", "ORT")):
        report = report_for(summaries, config, clock, departments=departments)
        groups = [
            report.totals,
            *(figures for _category, figures in report.by_category),
            *(week.figures for week in report.weeks),
        ]
        for figures in groups:
            assert figures.received == (
                figures.answered_in_time
                + figures.answered_late
                + figures.closed_without_reply
                + figures.sent_on
                + figures.open
            ), departments
        assert sum(f.received for _c, f in report.by_category) == report.totals.received
        assert sum(w.figures.received for w in report.weeks) == report.totals.received


def test_per_category(summaries: list[MessageSummary], config: Config, clock: FakeClock) -> None:
    report = report_for(summaries, config, clock)
    by_category = dict(report.by_category)
    assert list(by_category) == list(Category)  # every category, zeros included
    assert by_category[Category.ENDRING] == Figures(
        received=4,  # m1, m4, m7, m11
        answered_in_time=2,
        open=2,
        overdue=1,  # m11
        answer_median_hours=(M1 + M4) / 2,
        answer_p90_hours=M1 + 0.9 * (M4 - M1),
    )
    assert by_category[Category.AVBESTILLING] == Figures(
        received=2, answered_in_time=2, answer_median_hours=1.0, answer_p90_hours=1.0
    )
    assert by_category[Category.PURRING] == Figures(
        received=2, answered_late=1, open=1, overdue=1, answer_median_hours=M3, answer_p90_hours=M3
    )
    assert by_category[Category.ANNET] == Figures(
        received=2,
        answered_in_time=1,
        closed_without_reply=1,
        answer_median_hours=M6,
        answer_p90_hours=M6,
    )
    assert by_category[Category.GEBYR] == Figures()  # m9 was received in October


def test_per_clerk(summaries: list[MessageSummary], config: Config, clock: FakeClock) -> None:
    report = report_for(summaries, config, clock)
    clerks = {clerk.clerk: clerk for clerk in report.by_clerk}
    assert list(clerks) == ["anne", "kari", "per"]
    anne, kari, per = clerks["anne"], clerks["kari"], clerks["per"]
    assert (anne.answered, anne.answered_in_time, anne.answered_late) == (2, 2, 0)
    assert anne.answer_median_hours == (M4 + M6) / 2
    assert anne.forwarded == 0
    # kari answered m1, m3 (late) and m10, forwarded m11; closing m5 without reply is no answer.
    assert (kari.answered, kari.answered_in_time, kari.answered_late) == (3, 2, 1)
    assert kari.answer_median_hours == M1
    assert kari.forwarded == 1
    assert (per.answered, per.answered_in_time, per.answer_median_hours, per.forwarded) == (
        1,
        1,
        M2,
        1,
    )


def test_weekly_volume(summaries: list[MessageSummary], config: Config, clock: FakeClock) -> None:
    weeks = report_for(summaries, config, clock).weeks
    assert [week.monday for week in weeks] == [
        date(2026, 10, 26),  # week 44 holds Sunday 1 November
        date(2026, 11, 2),
        date(2026, 11, 9),
        date(2026, 11, 16),
        date(2026, 11, 23),  # the current week; 30 November is later, so not shown
    ]
    counts = [
        (w.figures.received, w.figures.answered_in_time, w.figures.answered_late, w.figures.others)
        for w in weeks
    ]
    assert counts == [
        (0, 0, 0, 0),  # m9 (30.10) is outside the period
        (2, 2, 0, 0),  # m1, m2
        (2, 1, 1, 0),  # m4 in time, m3 late
        (4, 1, 0, 3),  # m6 in time; m5 without reply, m8 and m11 open
        (2, 1, 0, 1),  # m10 in time, m7 open
    ]
    assert [week.iso_week for week in weeks] == [
        "2026-W44",
        "2026-W45",
        "2026-W46",
        "2026-W47",
        "2026-W48",
    ]


def test_one_department_counts_what_it_sent_on(
    summaries: list[MessageSummary], config: Config, clock: FakeClock
) -> None:
    report = report_for(summaries, config, clock, departments=("BLOD",))
    assert report.totals == Figures(
        received=7,  # m1, m2, m3, m7, m10; m11 forwarded in; m6 forwarded out
        answered_in_time=3,  # m1, m2, m10
        answered_late=1,  # m3
        sent_on=1,  # m6, now at ORT (answered there, by anne)
        open=2,  # m7, m11
        overdue=1,  # m11
        answer_median_hours=(M2 + M1) / 2,  # of 1, 1, 2.5, 33.5
        answer_p90_hours=M1 + 0.7 * (M3 - M1),  # position 0.9 x 3 = 2.7
    )
    assert report.forwarded == 1  # m6 left BLOD; m11 came in from ORT
    assert report.forward_median_hours == M6_FORWARD
    clerks = {clerk.clerk: (clerk.answered, clerk.forwarded) for clerk in report.by_clerk}
    assert clerks == {"kari": (3, 0), "per": (1, 1)}  # anne answered m6 at ORT


def test_two_departments_count_a_forward_between_them_once(
    summaries: list[MessageSummary], config: Config, clock: FakeClock
) -> None:
    report = report_for(summaries, config, clock, departments=("ORT", "BLOD"))
    totals = report.totals
    assert report.departments == ("BLOD", "ORT")
    assert (totals.received, totals.answered_in_time, totals.sent_on) == (8, 4, 0)
    assert (totals.closed_without_reply, totals.open, totals.overdue) == (1, 2, 1)
    assert report.forwarded == 2


def test_a_period_over_two_years_reads_both_archives(
    summaries: list[MessageSummary], config: Config, clock: FakeClock
) -> None:
    period = Period(date(2025, 11, 1), date(2026, 10, 31))
    assert list(period.years) == [2025, 2026]
    report = report_for(summaries, config, clock, period=period)
    # "old" (10.11.2025, answered in an hour) and m9 (30.10.2026, answered Mon 02.11 10:00:
    # deadline Wed 04.11, in time; Fri 10:00-15:30 + Mon 08:00-10:00 = 7.5 hours).
    assert report.totals.received == 2
    assert report.totals.answered_in_time == 2
    assert report.totals.answer_median_hours == (1.0 + 7.5) / 2
    assert dict(report.by_category)[Category.GEBYR].received == 1


def test_an_empty_period_has_no_medians(
    summaries: list[MessageSummary], config: Config, clock: FakeClock
) -> None:
    report = report_for(summaries, config, clock, period=Period(date(2026, 6, 1), date(2026, 6, 7)))
    assert report.totals == Figures()
    assert report.totals.in_time_percent is None
    assert report.forward_median_hours is None
    assert report.by_clerk == ()
    assert report.weeks == (WeekFigures(date(2026, 6, 1), Figures()),)


@pytest.mark.parametrize("archive_is_newer", [True, False])
def test_a_message_in_two_files_counts_once_as_its_latest_revision(
    store: Store, config: Config, clock: FakeClock, archive_is_newer: bool
) -> None:
    """A move to the archive cut short leaves a message in both files (see `Store.archive`)."""
    build_report_inbox(store, config, clock)
    hot = store.get("m7")
    copy = Message.from_dict(hot.to_dict())
    copy.status = Status.CLOSED
    copy.closed_reason = "duplikat"
    copy.revision = hot.revision + (1 if archive_is_newer else -1)
    archive = Store(store.archive_path(2026))  # the archive file, written as a store's hot file
    archive.add([copy])
    archive.compact()  # an archive file is read without a journal: all of it in the file
    found = [s for s in store.summaries([2026]) if s.id == "m7"]
    assert len(found) == 1
    assert found[0].closed_without_reply is archive_is_newer


def test_percentile_interpolates_like_a_spreadsheet() -> None:
    # PERSENTIL.INK(1;2;3;4;5;6;7;8;9;10; 0,9) = 9,1
    assert percentile_90([float(n) for n in range(1, 11)]) == pytest.approx(9.1)
    assert percentile_90([4.0]) == 4.0
    assert percentile_90([]) is None


@pytest.mark.parametrize(
    ("kind", "day", "start", "end", "label"),
    [
        (
            PeriodKind.WEEK,
            date(2026, 11, 26),
            date(2026, 11, 23),
            date(2026, 11, 29),
            "uke 48 2026",
        ),
        (PeriodKind.WEEK, date(2027, 1, 1), date(2026, 12, 28), date(2027, 1, 3), "uke 53 2026"),
        (PeriodKind.MONTH, date(2026, 2, 14), date(2026, 2, 1), date(2026, 2, 28), "februar 2026"),
        (
            PeriodKind.MONTH,
            date(2026, 12, 31),
            date(2026, 12, 1),
            date(2026, 12, 31),
            "desember 2026",
        ),
        (PeriodKind.YEAR, date(2026, 11, 26), date(2026, 1, 1), date(2026, 12, 31), "2026"),
    ],
)
def test_calendar_periods(kind: PeriodKind, day: date, start: date, end: date, label: str) -> None:
    period = Period.containing(kind, day)
    assert (period.start, period.end, period.label) == (start, end, label)


def test_periods_step_back_and_forth() -> None:
    month = Period.containing(PeriodKind.MONTH, date(2026, 1, 15))
    assert month.shifted(-1) == Period(date(2025, 12, 1), date(2025, 12, 31), PeriodKind.MONTH)
    assert month.shifted(13).label == "februar 2027"
    week = Period.containing(PeriodKind.WEEK, date(2026, 11, 26))
    assert week.shifted(1).start == date(2026, 11, 30)
    custom = Period(date(2026, 11, 1), date(2026, 11, 10))
    assert custom.shifted(-1) == Period(date(2026, 10, 22), date(2026, 10, 31))
    assert custom.label == "2026-11-01 – 2026-11-10"
    with pytest.raises(ValueError, match="cannot end before"):
        Period(date(2026, 11, 2), date(2026, 11, 1))


def test_open_and_overdue_now_is_the_whole_inbox_whatever_the_period(
    store: Store, summaries: list[MessageSummary], config: Config, clock: FakeClock
) -> None:
    """The report's "now" figures count as the inbox header does, for any period chosen."""
    from tui.core.report.counts import OpenNow, open_now
    from tui.core.workflow.inbox import Inbox

    inbox = Inbox(store, config, "kari", clock=clock)
    header = open_now(inbox.messages(), clock.now.date())
    assert header == OpenNow(open=3, overdue=2, due_today=0, follow_up=2)  # m7, m8, m11 open
    for period in (NOVEMBER, Period(date(2026, 6, 1), date(2026, 6, 7))):
        report = report_for(summaries, config, clock, period=period)
        assert (report.now.open, report.now.overdue) == (header.open, header.overdue)
    june = report_for(summaries, config, clock, period=Period(date(2026, 6, 1), date(2026, 6, 7)))
    assert june.totals.open == 0  # nothing came in that week, yet three wait now
    blod = report_for(summaries, config, clock, departments=("BLOD",))
    assert (blod.now.open, blod.now.overdue) == (2, 1)  # m7; m11 (forwarded in, overdue)


def test_an_unanswered_message_past_its_deadline_is_not_in_time() -> None:
    assert Figures(answered_in_time=3, answered_late=1, overdue=4).in_time_percent == 37.5
    assert Figures(open=2).in_time_percent is None  # open, none due yet: nothing to share
    assert Figures(open=1, overdue=1).in_time_percent == 0.0
