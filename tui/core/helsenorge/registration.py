"""Register a message by hand: the clerk pastes the patient's text from DIPS Arena.

`validate` checks the form's fields and says what is wrong with each, in Norwegian; `preview`
gives the suggested category and the deadline while the clerk types; `build_message` makes the
message only when every field is valid, so nothing half-filled is ever saved.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from tui.core.controls import without_controls
from tui.core.history import REGISTERED
from tui.core.i18n import _, ngettext
from tui.core.labels import category_label, unsure_label, weekday_short
from tui.core.model import OSLO, Appointment, HistoryEntry, Message
from tui.core.rules.classify import Suggestion, classify
from tui.core.texts.typed_values import RELATIVE_DAYS, read_day, read_time
from tui.core.workflow.inbox import Inbox

MAX_TEXT_CHARS = 10_000
"""Generous: a pasted message with its quoted history; Helsenorge itself allows 1 000."""
MAX_NAME_CHARS = 100
MAX_DIPS_REF_CHARS = 40
FUTURE_TOLERANCE = timedelta(minutes=5)
"""A received time this far ahead of the clock is still accepted (clocks differ a little)."""

FIELDS = ("text", "patient_name", "dips_ref", "received", "appointment", "department")
"""The form's fields, in the order they are shown and checked."""

_DIPS_REF = re.compile(r"[\w\-/. ]+")
_DATE_TIME = re.compile(r"(?:(?P<day>\S+)\s+)?(?P<hour>\d{1,2})[:.](?P<minute>\d{2})")


class RegistrationError(ValueError):
    """The form has errors; `errors` maps each field to what is wrong with it."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("; ".join(errors.values()))
        self.errors = errors


@dataclass(frozen=True)
class Registration:
    """What the clerk typed, field by field, as text."""

    text: str = ""
    patient_name: str = ""
    dips_ref: str = ""
    received: str = ""
    appointment: str = ""
    department: str = ""


@dataclass(frozen=True)
class Preview:
    """What the form shows while the clerk types: the category suggestion and the deadline."""

    suggestion: Suggestion | None
    deadline: date | None
    deadline_days: int

    def lines(self) -> list[str]:
        """Two lines for the form: category, then deadline."""
        if self.suggestion is None:
            category = _("Kategori: (lim inn teksten først)")
        elif self.suggestion.sure:
            category = _("Kategori (forslag): {category} – {reason}").format(
                category=category_label(self.suggestion.category), reason=self.suggestion.reason
            )
        else:
            category = _("Kategori (forslag): {question} – {reason}").format(
                question=unsure_label(self.suggestion.alternatives),
                reason=self.suggestion.reason,
            )
        if self.deadline is None:
            deadline = _("Svarfrist: (rett mottatt-tidspunktet)")
        else:
            deadline = ngettext(
                "Svarfrist: {day} {date} ({days} arbeidsdag)",
                "Svarfrist: {day} {date} ({days} arbeidsdager)",
                self.deadline_days,
            ).format(
                day=weekday_short(self.deadline),
                date=f"{self.deadline:%d.%m.%Y}",
                days=self.deadline_days,
            )
        return [category, deadline]


def format_moment(moment: datetime) -> str:
    """A moment as the form shows and reads it: "26.11.2026 10:00" (Oslo time)."""
    return f"{moment.astimezone(OSLO):%d.%m.%Y %H:%M}"


def parse_moment(value: str, now: datetime) -> datetime:
    """Read a date and time as clerks write them, in Oslo time.

    Accepted: "26.11.2026 09:30", "26.11.26 9.30", "26.11 09:30" (this year), "2026-11-26 09:30",
    "2026-11-26T09:30", "09:30" (today), "i dag 09:30", "i går kl. 14.15", "i morgen 8:00".
    Raises `ValueError` with a Norwegian message.
    """
    text = " ".join(re.sub(r"\bkl\b\.?", " ", value.lower()).split())
    text = re.sub(r"^(\d{4}-\d{1,2}-\d{1,2})t", r"\1 ", text)
    offset: int | None = None
    for word, days in RELATIVE_DAYS.items():
        if text == word or text.startswith(word + " "):
            text, offset = text[len(word) :].strip(), days
            break
    match = _DATE_TIME.fullmatch(text)
    if match is None:
        raise ValueError(_("Skriv dato og klokkeslett, for eksempel 26.11.2026 09:30."))
    if match.group("day"):
        if offset is not None:
            raise ValueError(_("Skriv enten «i dag» eller en dato, ikke begge."))
        day = read_day(match.group("day"), now.astimezone(OSLO).date())
    else:
        day = now.astimezone(OSLO).date() + timedelta(days=offset or 0)
    clock = read_time(f"{match.group('hour')}:{match.group('minute')}")
    return datetime(day.year, day.month, day.day, clock.hour, clock.minute, tzinfo=OSLO)


def _received(registration: Registration, now: datetime) -> datetime:
    if not registration.received.strip():
        raise ValueError(_("Skriv når meldingen kom (dd.mm.åååå tt:mm)."))
    received = parse_moment(registration.received, now)
    if received > now + FUTURE_TOLERANCE:
        raise ValueError(_("Mottatt kan ikke være fram i tid."))
    return received


def validate(registration: Registration, inbox: Inbox) -> dict[str, str]:
    """What is wrong with each field (field name -> Norwegian message); empty when all is well."""
    now = inbox.clock()
    errors: dict[str, str] = {}
    text = registration.text.strip()
    if not text:
        errors["text"] = _("Lim inn eller skriv meldingsteksten.")
    elif len(text) > MAX_TEXT_CHARS:
        errors["text"] = _("Teksten er {count} tegn; maks {max}.").format(
            count=len(text), max=MAX_TEXT_CHARS
        )
    name = registration.patient_name.strip()
    if len(name) > MAX_NAME_CHARS:
        errors["patient_name"] = _("Navnet er for langt (maks {max} tegn).").format(
            max=MAX_NAME_CHARS
        )
    elif any(character.isdigit() for character in name):
        errors["patient_name"] = _("Navnet kan ikke inneholde tall (skriv ikke fødselsnummer her).")
    dips_ref = registration.dips_ref.strip()
    if dips_ref and (len(dips_ref) > MAX_DIPS_REF_CHARS or not _DIPS_REF.fullmatch(dips_ref)):
        errors["dips_ref"] = _(
            "Bare bokstaver, tall, mellomrom og - / . (maks {max} tegn)."
        ).format(max=MAX_DIPS_REF_CHARS)
    try:
        _received(registration, now)
    except ValueError as error:
        errors["received"] = str(error)
    if registration.appointment.strip():
        try:
            parse_moment(registration.appointment, now)
        except ValueError as error:
            errors["appointment"] = str(error)
    if not registration.department:
        errors["department"] = _("Velg avdeling.")
    elif inbox.config.department(registration.department) is None:
        errors["department"] = _("Ukjent avdeling {code}.").format(code=registration.department)
    return errors


def preview(registration: Registration, inbox: Inbox) -> Preview:
    """The category suggested from the text and the deadline, as far as the fields allow."""
    text = registration.text.strip()
    suggestion = classify("", text, inbox.config.suggestions) if text else None
    days = inbox.config.deadline_days_for(registration.department)
    try:
        received = _received(registration, inbox.clock())
    except ValueError:
        return Preview(suggestion, None, days)
    return Preview(suggestion, inbox.deadline_for(received, registration.department), days)


def build_message(registration: Registration, inbox: Inbox) -> Message:
    """The message to store; raises `RegistrationError` unless every field is valid."""
    errors = validate(registration, inbox)
    if errors:
        raise RegistrationError(errors)
    now = inbox.clock()
    text = without_controls(registration.text).strip()
    appointment = None
    if registration.appointment.strip():
        appointment = Appointment(start=parse_moment(registration.appointment, now))
    return inbox.new_message(
        message_id=str(uuid.uuid4()),
        received=_received(registration, now),
        department=registration.department,
        text=text,
        patient_name=" ".join(without_controls(registration.patient_name).split()),
        appointment=appointment,
        dips_ref=registration.dips_ref.strip(),
        source="manuell",
        history=[HistoryEntry(now, inbox.user, REGISTERED)],
    )
