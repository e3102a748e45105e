"""The fee rule: weekday hours between the cancellation and the appointment, and variants."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from tui.core.fee import FeeOutcome, FeeRule, FeeVariant, check_fee, weekday_time
from tui.core.model import OSLO
from tui.core.workdays import WorkCalendar

RULE = FeeRule()
PLAIN = WorkCalendar()


def at(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=OSLO)  # type: ignore[misc]


def test_domain_example_cancelled_friday_0900_is_in_time() -> None:
    verdict = check_fee(at(2026, 3, 30, 10), at(2026, 3, 27, 9), RULE, PLAIN)
    assert verdict.outcome is FeeOutcome.IN_TIME
    assert verdict.weekday_time == timedelta(hours=25)
    assert verdict.arithmetic == (
        "avbestilt fr 27.03 09:00, timen ma 30.03 10:00: "
        "15 t (fr 27.03) + 10 t (ma 30.03) = 25 hverdagstimer ≥ 24"
    )


def test_domain_example_cancelled_friday_1100_is_late() -> None:
    verdict = check_fee(at(2026, 3, 23, 10), at(2026, 3, 20, 11), RULE, PLAIN, amount_kr=1993)
    assert verdict.late
    assert verdict.weekday_time == timedelta(hours=23)
    assert "13 t (fr 20.03) + 10 t (ma 23.03) = 23 hverdagstimer < 24" in verdict.arithmetic
    assert verdict.summary == "FOR SENT: gebyr kan sendes (1\u00a0993 kr)"


def test_easter_days_do_not_count() -> None:
    # Wednesday before Easter 14:00; the appointment is the Tuesday after Easter Monday.
    late = check_fee(at(2026, 4, 7, 10), at(2026, 4, 1, 14), RULE, PLAIN)
    assert late.late
    assert late.weekday_time == timedelta(hours=20)
    assert "Skjærtorsdag" in late.arithmetic
    assert "Langfredag" in late.arithmetic
    assert "Andre påskedag" in late.arithmetic
    in_time = check_fee(at(2026, 4, 7, 10), at(2026, 4, 1, 9), RULE, PLAIN)
    assert in_time.outcome is FeeOutcome.IN_TIME
    assert in_time.weekday_time == timedelta(hours=25)


def test_dst_night_does_not_shift_the_count() -> None:
    # Summer time starts Sunday 29 March 2026: the weekend is an hour shorter, yet only weekday
    # hours count, so Friday 11:00 to Monday 10:00 is 23 hours, as in winter.
    verdict = check_fee(at(2026, 3, 30, 10), at(2026, 3, 27, 11), RULE, PLAIN)
    assert verdict.weekday_time == timedelta(hours=23)
    assert verdict.late
    # The real time elapsed is an hour short of the wall clock's 71 hours: the lost hour
    # falls on the Sunday, which never counts.
    elapsed = at(2026, 3, 30, 10).timestamp() - at(2026, 3, 27, 11).timestamp()
    assert elapsed == 70 * 3600
    autumn = check_fee(at(2026, 10, 26, 10), at(2026, 10, 23, 9), RULE, PLAIN)
    assert autumn.weekday_time == timedelta(hours=25)


def test_utc_sent_time_is_converted_to_oslo() -> None:
    from datetime import UTC

    sent = datetime(2026, 3, 27, 10, 0, tzinfo=UTC)  # 11:00 in Oslo
    verdict = check_fee(at(2026, 3, 30, 10), sent, RULE, PLAIN)
    assert verdict.weekday_time == timedelta(hours=23)


def test_cancellation_after_the_appointment_is_late() -> None:
    verdict = check_fee(at(2026, 3, 30, 10), at(2026, 3, 30, 10, 30), RULE, PLAIN)
    assert verdict.late
    assert "etter at timen begynte" in verdict.arithmetic
    assert verdict.weekday_time == timedelta()


def test_missing_appointment_time_gives_no_verdict_and_says_why() -> None:
    verdict = check_fee(None, at(2026, 3, 27, 11), RULE, PLAIN)
    assert verdict.outcome is FeeOutcome.UNKNOWN
    assert not verdict.late
    assert "oppgir ikke når timen er" in verdict.arithmetic
    assert verdict.summary == "Ingen vurdering"


@pytest.mark.parametrize("kind", ["video", "telefon", "Video "])
def test_video_and_phone_appointments_never_get_a_fee(kind: str) -> None:
    verdict = check_fee(at(2026, 3, 30, 10), at(2026, 3, 30, 9), RULE, PLAIN, kind=kind)
    assert verdict.outcome is FeeOutcome.NO_FEE
    assert "ingen gebyr" in verdict.arithmetic


def test_configured_closed_days_do_not_count() -> None:
    christmas = WorkCalendar([date(2026, 12, 24)])
    verdict = check_fee(at(2026, 12, 28, 10), at(2026, 12, 24, 11), RULE, christmas)
    assert verdict.weekday_time == timedelta(hours=10)
    assert "to 24.12 Stengt" in verdict.arithmetic
    open_office = check_fee(at(2026, 12, 28, 10), at(2026, 12, 24, 11), RULE, PLAIN)
    assert open_office.weekday_time == timedelta(hours=23)


def test_part_hours_are_shown_in_hours_and_minutes() -> None:
    verdict = check_fee(at(2026, 3, 31, 10), at(2026, 3, 30, 10, 30), RULE, PLAIN)
    assert verdict.weekday_time == timedelta(hours=23, minutes=30)
    assert "23 t 30 min hverdagstid < 24" in verdict.arithmetic


def test_friday_noon_variant_for_monday_appointments() -> None:
    rule = FeeRule(variant=FeeVariant.FRIDAY_AT)
    in_time = check_fee(at(2026, 3, 30, 14), at(2026, 3, 27, 11, 59), rule, PLAIN)
    late = check_fee(at(2026, 3, 30, 14), at(2026, 3, 27, 12, 1), rule, PLAIN)
    assert in_time.outcome is FeeOutcome.IN_TIME
    assert late.late
    assert "senest fr 27.03 kl. 12:00: for sent" in late.arithmetic
    # Not a Monday: the weekday-hours rule applies.
    tuesday = check_fee(at(2026, 3, 31, 10), at(2026, 3, 30, 11), rule, PLAIN)
    assert tuesday.late
    assert "hverdagstimer" in tuesday.arithmetic


def test_friday_variant_moves_to_the_last_working_day_before() -> None:
    # Friday 1 May 2026 is a public holiday: the Monday deadline is Thursday 30 April.
    rule = FeeRule(variant=FeeVariant.FRIDAY_AT)
    verdict = check_fee(at(2026, 5, 4, 10), at(2026, 4, 30, 13), rule, PLAIN)
    assert verdict.late
    assert "to 30.04 kl. 12:00" in verdict.arithmetic


def test_the_friday_before_variant_allows_all_of_friday() -> None:
    rule = FeeRule(variant=FeeVariant.FRIDAY_BEFORE)
    assert not check_fee(at(2026, 3, 30, 8), at(2026, 3, 27, 23, 30), rule, PLAIN).late
    assert check_fee(at(2026, 3, 30, 8), at(2026, 3, 28, 9), rule, PLAIN).late


def test_configured_hours() -> None:
    rule = FeeRule(hours=48)
    assert not check_fee(at(2026, 3, 31, 10), at(2026, 3, 27, 9), rule, PLAIN).late  # 49 h
    assert check_fee(at(2026, 3, 31, 10), at(2026, 3, 27, 11), rule, PLAIN).late  # 47 h


def test_weekday_time_is_zero_for_a_reversed_span() -> None:
    assert weekday_time(at(2026, 3, 30), at(2026, 3, 27), PLAIN).total == timedelta()


def test_rule_description() -> None:
    assert FeeRule(amount_kr=1993).describe() == (
        "Avbestilling senest 24 hverdagstimer før timen (gebyr 1\u00a0993 kr)."
    )
    assert "kl. 12:00" in FeeRule(variant=FeeVariant.FRIDAY_AT).describe()
