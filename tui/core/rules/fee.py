"""The cancellation fee rule: whether the patient cancelled in time, counting weekday hours.

The procedure: a patient must cancel "senest 24 timer før oppsatt tid (kun hverdager)". Hours
on Saturdays, Sundays, public holidays and the office's configured closed days do not count.
Some hospitals use a variant for Monday appointments (the last working day before at a set
time, or at the latest that day). The verdict always carries its arithmetic, because the fee
is a "may" rule: the tool suggests and explains, the clerk decides.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from enum import StrEnum

from tui.core.i18n import _, ngettext
from tui.core.labels import weekday_short
from tui.core.model import OSLO
from tui.core.rules.workdays import WorkCalendar
from tui.core.settings import clock_time as read_clock_time
from tui.core.settings import one_of, setting, whole_number

NO_FEE_KINDS = frozenset({"video", "telefon"})
"""Appointment kinds that never carry a fee (missed video or phone consultations)."""

_BREAKDOWN_MAX_DAYS = 4
"""Above this many counted days the arithmetic shows the total only."""


class FeeVariant(StrEnum):
    """How the deadline for cancelling is counted."""

    WEEKDAY_HOURS = "hverdagstimer"
    """At least `hours` weekday hours before the appointment (the procedure's rule)."""
    FRIDAY_AT = "fredag-kl"
    """As above, but a Monday appointment must be cancelled by the last working day before
    (normally Friday) at `friday_time` (Diakonhjemmet: "fredag kl. 12 for timer på mandag")."""
    FRIDAY_BEFORE = "fredag-for"
    """As above, but a Monday appointment may be cancelled until the end of the last working
    day before (Sykehuset Telemark: "fredagen før for timer på mandag")."""


_READ_VARIANT = one_of(FeeVariant)
_NOON = time(12, 0)


@dataclass(frozen=True)
class FeeRule:
    """The configured fee rule (`[fee]` in the configuration)."""

    variant: FeeVariant = setting(FeeVariant.WEEKDAY_HOURS, _READ_VARIANT)
    """How the deadline for cancelling is counted (the values are below)."""
    hours: int = setting(24, whole_number(1, 240))
    """Weekday hours before the appointment by which a cancellation is in time."""
    friday_time: time = setting(_NOON, read_clock_time)
    """For `fredag-kl`: the time on the last working day before a Monday appointment."""
    amount_kr: int = setting(0, whole_number(0, 100_000))
    """The fee in kroner (changes yearly); 0 when not configured. A department may differ."""

    def describe(self) -> str:
        """The rule in one Norwegian sentence, for the help and `config check`."""
        rule = _("Avbestilling senest {hours} hverdagstimer før timen").format(hours=self.hours)
        if self.variant is FeeVariant.FRIDAY_AT:
            rule += _("; timer på mandag: senest siste arbeidsdag før kl. {time}").format(
                time=f"{self.friday_time:%H:%M}"
            )
        elif self.variant is FeeVariant.FRIDAY_BEFORE:
            rule += _("; timer på mandag: senest i løpet av siste arbeidsdag før")
        if self.amount_kr:
            rule += _(" (gebyr {amount})").format(amount=kroner(self.amount_kr))
        return rule + "."


class FeeOutcome(StrEnum):
    """What the rule says about a cancellation."""

    IN_TIME = "i-tide"
    LATE = "for-sent"
    NO_FEE = "ingen-gebyr"
    """Video or telephone appointment: never a fee."""
    UNKNOWN = "ukjent"
    """No appointment time in the message: no verdict."""


@dataclass(frozen=True)
class FeeVerdict:
    """The rule's answer with its arithmetic, for the detail pane and `timedialog fee`."""

    outcome: FeeOutcome
    arithmetic: str
    """How it was counted: "avbestilt fr 27.03 11:00, timen ma 30.03 10:00: ... < 24"."""
    weekday_time: timedelta | None = None
    amount_kr: int = 0

    @property
    def late(self) -> bool:
        """True when the cancellation came too late and a fee may be sent."""
        return self.outcome is FeeOutcome.LATE

    @property
    def summary(self) -> str:
        """The verdict in a few words."""
        if self.outcome is FeeOutcome.LATE:
            if self.amount_kr:
                return _("FOR SENT: gebyr kan sendes ({amount})").format(
                    amount=kroner(self.amount_kr)
                )
            return _("FOR SENT: gebyr kan sendes")
        if self.outcome is FeeOutcome.IN_TIME:
            return _("I tide: ikke gebyr")
        if self.outcome is FeeOutcome.NO_FEE:
            return _("Ikke gebyr")
        return _("Ingen vurdering")

    def __str__(self) -> str:
        return f"{self.summary}. {self.arithmetic}"


def kroner(amount: int) -> str:
    """An amount the Norwegian way: "1 993 kr"."""
    return f"{amount:,} kr".replace(",", "\u00a0")


def duration_text(span: timedelta) -> str:
    """Hours and minutes: "13 t", "12 t 30 min"."""
    minutes = int(span.total_seconds() // 60)
    hours, rest = divmod(minutes, 60)
    if rest:
        return _("{hours} t {minutes} min").format(hours=hours, minutes=rest)
    return _("{hours} t").format(hours=hours)


def _oslo(moment: datetime) -> datetime:
    """Oslo time; an xCal time without a zone is already Oslo local time."""
    return moment.replace(tzinfo=OSLO) if moment.tzinfo is None else moment.astimezone(OSLO)


def _short(moment: datetime) -> str:
    return f"{weekday_short(moment.date())} {moment:%d.%m %H:%M}"


@dataclass(frozen=True)
class WeekdayTime:
    """The weekday time between two moments, and how it was counted."""

    total: timedelta
    counted: tuple[tuple[str, timedelta], ...]
    """Each working day with time in the span: ("fr 27.03", 13 hours)."""
    skipped: tuple[str, ...]
    """Weekdays in the span that did not count: "fr 25.12 Første juledag"."""


def weekday_time(start: datetime, end: datetime, calendar: WorkCalendar) -> WeekdayTime:
    """The time between `start` and `end` that falls on working days.

    Working days are Monday to Friday that are neither public holidays nor closed days. The
    time is real elapsed time; zero when `end` is not later than `start`.
    """
    start, end = _oslo(start), _oslo(end)
    total = timedelta()
    counted: list[tuple[str, timedelta]] = []
    skipped: list[str] = []
    day = start.date()
    while start < end and day <= end.date():
        day_start = datetime.combine(day, time(0), tzinfo=OSLO)
        day_end = datetime.combine(day + timedelta(days=1), time(0), tzinfo=OSLO)
        lived = _elapsed(max(start, day_start), min(end, day_end))
        label = f"{weekday_short(day)} {day:%d.%m}"
        if lived > timedelta():
            if calendar.is_working_day(day):
                counted.append((label, lived))
                total += lived
            elif day.weekday() < 5:
                skipped.append(f"{label} {calendar.holiday_name(day)}")
        day += timedelta(days=1)
    return WeekdayTime(total, tuple(counted), tuple(skipped))


def _elapsed(start: datetime, end: datetime) -> timedelta:
    # Aware datetimes in the same zone subtract as wall-clock times; UTC gives the real span.
    return max(end.astimezone(UTC) - start.astimezone(UTC), timedelta())


def check_fee(
    appointment_start: datetime | None,
    sent: datetime,
    rule: FeeRule,
    calendar: WorkCalendar,
    *,
    kind: str = "",
    amount_kr: int | None = None,
) -> FeeVerdict:
    """Whether a cancellation came in time for its appointment, and the arithmetic.

    `sent` is when the patient sent it, `appointment_start` when the appointment begins (None
    when the message does not say: then no verdict); `kind` "video" or "telefon" means no fee.
    """
    amount = rule.amount_kr if amount_kr is None else amount_kr
    if kind.strip().lower() in NO_FEE_KINDS:
        return FeeVerdict(
            FeeOutcome.NO_FEE,
            _("{kind}konsultasjon: ingen gebyr for video- og telefontimer").format(
                kind=kind.strip().capitalize()
            ),
        )
    if appointment_start is None:
        return FeeVerdict(
            FeeOutcome.UNKNOWN,
            _("meldingen oppgir ikke når timen er; sjekk timen i DIPS før du vurderer gebyr"),
        )
    start, sent = _oslo(appointment_start), _oslo(sent)
    head = _("avbestilt {sent}, timen {start}").format(sent=_short(sent), start=_short(start))
    if sent >= start:
        return FeeVerdict(
            FeeOutcome.LATE,
            _("{head}: avbestilt etter at timen begynte, 0 hverdagstimer < {hours}").format(
                head=head, hours=rule.hours
            ),
            timedelta(),
            amount,
        )
    if rule.variant is not FeeVariant.WEEKDAY_HOURS and start.weekday() == 0:
        return _monday_variant(
            start=start, sent=sent, rule=rule, calendar=calendar, head=head, amount=amount
        )
    counted = weekday_time(sent, start, calendar)
    late = counted.total < timedelta(hours=rule.hours)
    return FeeVerdict(
        FeeOutcome.LATE if late else FeeOutcome.IN_TIME,
        f"{head}: {_sum_text(counted, rule.hours, late)}",
        counted.total,
        amount,
    )


def _sum_text(counted: WeekdayTime, hours: int, late: bool) -> str:
    total = counted.total
    whole = total.total_seconds() % 3600 == 0
    total_text = (
        ngettext(
            "{hours} hverdagstime", "{hours} hverdagstimer", int(total.total_seconds() // 3600)
        ).format(hours=int(total.total_seconds() // 3600))
        if whole
        else _("{span} hverdagstid").format(span=duration_text(total))
    )
    comparison = f"{total_text} {'<' if late else '≥'} {hours}"
    parts = []
    if 1 < len(counted.counted) <= _BREAKDOWN_MAX_DAYS:
        terms = " + ".join(f"{duration_text(span)} ({label})" for label, span in counted.counted)
        parts.append(f"{terms} = {comparison}")
    else:
        parts.append(comparison)
    if counted.skipped and len(counted.skipped) <= _BREAKDOWN_MAX_DAYS:
        parts.append(_("ikke talt: {days}").format(days=", ".join(counted.skipped)))
    return "; ".join(parts)


def _monday_variant(
    *,
    start: datetime,
    sent: datetime,
    rule: FeeRule,
    calendar: WorkCalendar,
    head: str,
    amount: int,
) -> FeeVerdict:
    day = start.date() - timedelta(days=1)
    while not calendar.is_working_day(day):
        day -= timedelta(days=1)
    if rule.variant is FeeVariant.FRIDAY_AT:
        deadline = datetime.combine(day, rule.friday_time, tzinfo=OSLO)
        deadline_text = f"{weekday_short(day)} {day:%d.%m} kl. {rule.friday_time:%H:%M}"
    else:
        deadline = datetime.combine(day + timedelta(days=1), time(0), tzinfo=OSLO)
        deadline_text = _("i løpet av {day}").format(day=f"{weekday_short(day)} {day:%d.%m}")
    late = sent > deadline
    verdict = _("for sent") if late else _("i tide")
    return FeeVerdict(
        FeeOutcome.LATE if late else FeeOutcome.IN_TIME,
        _("{head}: timer på mandag må avbestilles senest {deadline}: {verdict}").format(
            head=head, deadline=deadline_text, verdict=verdict
        ),
        weekday_time(sent, start, calendar).total,
        amount,
    )
