"""The fee rule: weekday hours between the cancellation and the appointment, and variants."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pytest

from tui.core.model import OSLO
from tui.core.rules.fee import FeeOutcome, FeeRule, FeeVariant, check_fee, weekday_time
from tui.core.rules.workdays import WorkCalendar

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


@pytest.mark.usefixtures("machine_in_new_york")
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


# The edges of the rule: each boundary on both sides, each text as the clerk reads it.

FRIDAY_AT = FeeRule(variant=FeeVariant.FRIDAY_AT)
FRIDAY_BEFORE = FeeRule(variant=FeeVariant.FRIDAY_BEFORE)


def test_exactly_24_weekday_hours_before_is_in_time_one_minute_less_is_late() -> None:
    in_time = check_fee(at(2026, 3, 31, 10), at(2026, 3, 30, 10), RULE, PLAIN)
    assert in_time.outcome is FeeOutcome.IN_TIME
    assert in_time.weekday_time == timedelta(hours=24)
    assert in_time.summary == "I tide: ikke gebyr"
    assert in_time.arithmetic == (
        "avbestilt ma 30.03 10:00, timen ti 31.03 10:00: "
        "14 t (ma 30.03) + 10 t (ti 31.03) = 24 hverdagstimer ≥ 24"
    )
    late = check_fee(at(2026, 3, 31, 10), at(2026, 3, 30, 10, 1), RULE, PLAIN)
    assert late.late
    assert late.arithmetic.endswith(
        "13 t 59 min (ma 30.03) + 10 t (ti 31.03) = 23 t 59 min hverdagstid < 24"
    )


def test_exactly_24_weekday_hours_over_a_weekend_is_in_time() -> None:
    verdict = check_fee(at(2026, 3, 30, 10), at(2026, 3, 27, 10), RULE, PLAIN)
    assert verdict.outcome is FeeOutcome.IN_TIME
    assert verdict.weekday_time == timedelta(hours=24)


def test_cancelling_at_the_minute_the_appointment_begins_is_late() -> None:
    for variant in FeeVariant:  # a Monday appointment: the variants agree
        rule = FeeRule(variant=variant, amount_kr=1993)
        verdict = check_fee(at(2026, 3, 30, 10), at(2026, 3, 30, 10), rule, PLAIN)
        assert verdict.late, variant
        assert verdict.arithmetic == (
            "avbestilt ma 30.03 10:00, timen ma 30.03 10:00: "
            "avbestilt etter at timen begynte, 0 hverdagstimer < 24"
        )
        assert verdict.weekday_time == timedelta()
        assert verdict.amount_kr == 1993


@pytest.mark.parametrize("variant", list(FeeVariant))
@pytest.mark.parametrize(
    ("sent", "outcome"),
    [
        (at(2026, 3, 26, 9), FeeOutcome.IN_TIME),
        (at(2026, 3, 30, 9), FeeOutcome.LATE),
        (at(2026, 3, 30, 11), FeeOutcome.LATE),  # after the appointment began
    ],
)
def test_the_amount_configured_in_the_rule_comes_with_every_verdict(
    variant: FeeVariant, sent: datetime, outcome: FeeOutcome
) -> None:
    rule = FeeRule(variant=variant, amount_kr=1993)
    verdict = check_fee(at(2026, 3, 30, 10), sent, rule, PLAIN)  # a Monday appointment
    assert verdict.outcome is outcome
    assert verdict.amount_kr == 1993
    # A department's own amount, passed by the caller, replaces the rule's; 0 too.
    assert check_fee(at(2026, 3, 30, 10), sent, rule, PLAIN, amount_kr=443).amount_kr == 443
    assert check_fee(at(2026, 3, 30, 10), sent, rule, PLAIN, amount_kr=0).amount_kr == 0


def test_the_summary_names_the_configured_amount() -> None:
    verdict = check_fee(at(2026, 3, 31, 10), at(2026, 3, 31, 9), FeeRule(amount_kr=1993), PLAIN)
    assert verdict.summary == "FOR SENT: gebyr kan sendes (1\u00a0993 kr)"
    unpriced = check_fee(at(2026, 3, 31, 10), at(2026, 3, 31, 9), RULE, PLAIN)
    assert unpriced.summary == "FOR SENT: gebyr kan sendes"


@pytest.mark.parametrize(
    ("kind", "text"),
    [
        ("video", "Videokonsultasjon: ingen gebyr for video- og telefontimer"),
        (" Telefon", "Telefonkonsultasjon: ingen gebyr for video- og telefontimer"),
    ],
)
def test_the_no_fee_text_names_the_kind(kind: str, text: str) -> None:
    verdict = check_fee(at(2026, 3, 30, 10), at(2026, 3, 30, 9), RULE, PLAIN, kind=kind)
    assert verdict.arithmetic == text
    assert str(verdict) == f"Ikke gebyr. {text}"


def test_a_missing_appointment_time_sends_the_clerk_to_dips() -> None:
    verdict = check_fee(None, at(2026, 3, 27, 11), RULE, PLAIN)
    assert verdict.arithmetic == (
        "meldingen oppgir ikke når timen er; sjekk timen i DIPS før du vurderer gebyr"
    )


def test_friday_noon_variant_exactly_at_noon_is_in_time() -> None:
    in_time = check_fee(at(2026, 3, 30, 14), at(2026, 3, 27, 12), FRIDAY_AT, PLAIN)
    assert in_time.outcome is FeeOutcome.IN_TIME
    assert in_time.arithmetic == (
        "avbestilt fr 27.03 12:00, timen ma 30.03 14:00: "
        "timer på mandag må avbestilles senest fr 27.03 kl. 12:00: i tide"
    )
    assert in_time.weekday_time == timedelta(hours=12 + 14)
    late = check_fee(at(2026, 3, 30, 14), at(2026, 3, 27, 12, 1), FRIDAY_AT, PLAIN)
    assert late.arithmetic == (
        "avbestilt fr 27.03 12:01, timen ma 30.03 14:00: "
        "timer på mandag må avbestilles senest fr 27.03 kl. 12:00: for sent"
    )
    assert late.weekday_time == timedelta(hours=25, minutes=59)


def test_friday_variant_with_a_configured_time() -> None:
    rule = FeeRule(variant=FeeVariant.FRIDAY_AT, friday_time=time(15, 0))
    assert not check_fee(at(2026, 3, 30, 8), at(2026, 3, 27, 15), rule, PLAIN).late
    late = check_fee(at(2026, 3, 30, 8), at(2026, 3, 27, 15, 1), rule, PLAIN)
    assert late.late
    assert "senest fr 27.03 kl. 15:00: for sent" in late.arithmetic


def test_friday_before_variant_ends_at_midnight_saturday_0030_is_late() -> None:
    in_time = check_fee(at(2026, 3, 30, 8), at(2026, 3, 27, 23, 59), FRIDAY_BEFORE, PLAIN)
    assert in_time.outcome is FeeOutcome.IN_TIME
    assert in_time.arithmetic == (
        "avbestilt fr 27.03 23:59, timen ma 30.03 08:00: "
        "timer på mandag må avbestilles senest i løpet av fr 27.03: i tide"
    )
    assert in_time.weekday_time == timedelta(hours=8, minutes=1)
    # Midnight is the end of Friday, the last moment still in time.
    assert not check_fee(at(2026, 3, 30, 8), at(2026, 3, 28, 0), FRIDAY_BEFORE, PLAIN).late
    late = check_fee(at(2026, 3, 30, 8), at(2026, 3, 28, 0, 30), FRIDAY_BEFORE, PLAIN)
    assert late.late
    assert late.arithmetic == (
        "avbestilt lø 28.03 00:30, timen ma 30.03 08:00: "
        "timer på mandag må avbestilles senest i løpet av fr 27.03: for sent"
    )
    assert late.weekday_time == timedelta(hours=8)


def test_friday_before_variant_moves_to_the_last_working_day_before() -> None:
    # Friday 1 May 2026 is a public holiday: Thursday 30 April is the last day to cancel.
    in_time = check_fee(at(2026, 5, 4, 10), at(2026, 4, 30, 23), FRIDAY_BEFORE, PLAIN)
    assert in_time.outcome is FeeOutcome.IN_TIME
    assert "senest i løpet av to 30.04: i tide" in in_time.arithmetic
    assert check_fee(at(2026, 5, 4, 10), at(2026, 5, 1, 9), FRIDAY_BEFORE, PLAIN).late


def test_one_counted_day_shows_the_total_only() -> None:
    verdict = check_fee(at(2026, 3, 30, 14), at(2026, 3, 30, 9), RULE, PLAIN)
    assert (
        verdict.arithmetic == "avbestilt ma 30.03 09:00, timen ma 30.03 14:00: 5 hverdagstimer < 24"
    )


def test_up_to_four_counted_days_are_shown_one_by_one() -> None:
    four = check_fee(at(2026, 3, 26, 10), at(2026, 3, 23, 10), RULE, PLAIN)
    assert four.arithmetic.endswith(
        ": 14 t (ma 23.03) + 24 t (ti 24.03) + 24 t (on 25.03) + 10 t (to 26.03)"
        " = 72 hverdagstimer ≥ 24"
    )
    five = check_fee(at(2026, 3, 27, 10), at(2026, 3, 23, 10), RULE, PLAIN)
    assert five.arithmetic.endswith(": 96 hverdagstimer ≥ 24")


def test_days_not_counted_are_named_in_order() -> None:
    verdict = check_fee(at(2026, 4, 7, 10), at(2026, 4, 1, 14), RULE, PLAIN)
    assert verdict.arithmetic == (
        "avbestilt on 01.04 14:00, timen ti 07.04 10:00: "
        "10 t (on 01.04) + 10 t (ti 07.04) = 20 hverdagstimer < 24; "
        "ikke talt: to 02.04 Skjærtorsdag, fr 03.04 Langfredag, ma 06.04 Andre påskedag"
    )


def test_up_to_four_days_not_counted_are_named() -> None:
    # Christmas 2026 with 24 and 31 December closed: four weekdays off, five days counted.
    closed = WorkCalendar([date(2026, 12, 24), date(2026, 12, 31)])
    four = check_fee(at(2027, 1, 4, 10), at(2026, 12, 23, 10), RULE, closed)
    assert four.arithmetic == (
        "avbestilt on 23.12 10:00, timen ma 04.01 10:00: 96 hverdagstimer ≥ 24; "
        "ikke talt: to 24.12 Stengt (lokal), fr 25.12 Første juledag, "
        "to 31.12 Stengt (lokal), fr 01.01 Første nyttårsdag"
    )
    five_closed = WorkCalendar([date(2026, 12, 24), date(2026, 12, 28), date(2026, 12, 31)])
    five = check_fee(at(2027, 1, 4, 10), at(2026, 12, 23, 10), RULE, five_closed)
    assert five.arithmetic.endswith("= 72 hverdagstimer ≥ 24")


def test_a_span_ending_at_midnight_counts_nothing_of_the_next_day() -> None:
    to_friday = weekday_time(at(2026, 3, 26, 12), at(2026, 3, 27), PLAIN)
    assert to_friday.counted == (("to 26.03", timedelta(hours=12)),)
    to_maundy_thursday = weekday_time(at(2026, 4, 1, 12), at(2026, 4, 2), PLAIN)
    assert to_maundy_thursday.skipped == ()
    assert to_maundy_thursday.total == timedelta(hours=12)


@pytest.mark.usefixtures("machine_in_new_york")
def test_an_appointment_time_without_a_zone_is_oslo_time() -> None:
    # xCal gives local times without a zone: they are Oslo's, whatever the machine's zone.
    verdict = check_fee(datetime(2026, 3, 31, 10), at(2026, 3, 30, 10), RULE, PLAIN)
    assert verdict.weekday_time == timedelta(hours=24)
    assert "timen ti 31.03 10:00" in verdict.arithmetic


def test_each_variant_is_described_in_one_sentence() -> None:
    assert FeeRule().describe() == "Avbestilling senest 24 hverdagstimer før timen."
    assert FeeRule(variant=FeeVariant.FRIDAY_AT, friday_time=time(11, 30)).describe() == (
        "Avbestilling senest 24 hverdagstimer før timen; "
        "timer på mandag: senest siste arbeidsdag før kl. 11:30."
    )
    assert FeeRule(variant=FeeVariant.FRIDAY_BEFORE, hours=48, amount_kr=443).describe() == (
        "Avbestilling senest 48 hverdagstimer før timen; "
        "timer på mandag: senest i løpet av siste arbeidsdag før (gebyr 443 kr)."
    )
