"""Registering a pasted message: dates as clerks write them, checks per field, live preview."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from tests.conftest import FIXED_NOW
from tui.core.helsenorge.registration import (
    Registration,
    RegistrationError,
    build_message,
    format_moment,
    parse_moment,
    preview,
    validate,
)
from tui.core.model import OSLO, Category
from tui.core.workflow.inbox import Inbox


def oslo(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=OSLO)  # type: ignore[misc]


@pytest.mark.parametrize(
    ("text", "moment"),
    [
        ("26.11.2026 09:30", oslo(2026, 11, 26, 9, 30)),
        ("26.11.26 9.30", oslo(2026, 11, 26, 9, 30)),
        ("3.12 14:00", oslo(2026, 12, 3, 14, 0)),
        ("2026-11-26 09:30", oslo(2026, 11, 26, 9, 30)),
        ("2026-11-26T09:30", oslo(2026, 11, 26, 9, 30)),
        ("09:30", oslo(2026, 11, 26, 9, 30)),
        ("kl. 8.05", oslo(2026, 11, 26, 8, 5)),
        ("i dag 09:30", oslo(2026, 11, 26, 9, 30)),
        ("I går kl. 14.15", oslo(2026, 11, 25, 14, 15)),
        ("i morgen 8:00", oslo(2026, 11, 27, 8, 0)),
        ("29.03.2026 02:30", oslo(2026, 3, 29, 2, 30)),  # in the DST gap: kept as written
    ],
)
def test_dates_as_clerks_write_them(text: str, moment: datetime) -> None:
    assert parse_moment(text, FIXED_NOW) == moment


@pytest.mark.parametrize(
    ("text", "error"),
    [
        ("", "Skriv dato og klokkeslett, for eksempel 26.11.2026 09:30."),
        ("i morgen", "Skriv dato og klokkeslett, for eksempel 26.11.2026 09:30."),
        ("26.11.2026", "Skriv dato og klokkeslett, for eksempel 26.11.2026 09:30."),
        ("31.02.2026 10:00", "Datoen 31.02.2026 finnes ikke."),
        ("26-11 10:00", "Ugyldig dato «26-11»; skriv dd.mm.åååå."),
        ("25:00", "Ugyldig klokkeslett 25:00: timer 00–23, minutter 00–59."),
        ("i dag 26.11.2026 10:00", "Skriv enten «i dag» eller en dato, ikke begge."),
    ],
)
def test_unreadable_dates_say_why(text: str, error: str) -> None:
    with pytest.raises(ValueError, match="^" + error.replace(".", r"\.") + "$"):
        parse_moment(text, FIXED_NOW)


def test_format_and_parse_agree() -> None:
    assert format_moment(FIXED_NOW) == "26.11.2026 10:00"
    assert parse_moment(format_moment(FIXED_NOW), FIXED_NOW) == FIXED_NOW


VALID = Registration(
    text="Hei!\r\nJeg må flytte timen min.\r\n",
    patient_name="  Line   Danser ",
    dips_ref="A-123/45",
    received="26.11.2026 08:15",
    appointment="03.12.2026 10:30",
    department="BLOD",
)


def test_a_valid_form_has_no_errors(inbox: Inbox) -> None:
    assert validate(VALID, inbox) == {}


def test_every_field_says_what_is_wrong(inbox: Inbox) -> None:
    registration = Registration(
        text="   ",
        patient_name="Line 13116900216",
        dips_ref="A;DROP",
        received="27.11.2026 10:00",
        appointment="i overmorgen",
        department="",
    )
    assert validate(registration, inbox) == {
        "text": "Lim inn eller skriv meldingsteksten.",
        "patient_name": "Navnet kan ikke inneholde tall (skriv ikke fødselsnummer her).",
        "dips_ref": "Bare bokstaver, tall, mellomrom og - / . (maks 40 tegn).",
        "received": "Mottatt kan ikke være fram i tid.",
        "appointment": "Skriv dato og klokkeslett, for eksempel 26.11.2026 09:30.",
        "department": "Velg avdeling.",
    }


def test_limits_and_unknown_department(inbox: Inbox) -> None:
    registration = Registration(
        text="x" * 10_001, patient_name="A" * 101, received="", department="XYZ"
    )
    assert validate(registration, inbox) == {
        "text": "Teksten er 10001 tegn; maks 10000.",
        "patient_name": "Navnet er for langt (maks 100 tegn).",
        "received": "Skriv når meldingen kom (dd.mm.åååå tt:mm).",
        "department": "Ukjent avdeling XYZ.",
    }


def test_preview_suggests_the_category_and_the_department_deadline(inbox: Inbox) -> None:
    shown = preview(VALID, inbox)
    assert shown.suggestion is not None
    assert (shown.suggestion.category, shown.suggestion.reason) == (
        Category.ENDRING,
        "tekst: 'flytte'",
    )
    assert shown.deadline == date(2026, 12, 2)
    assert shown.lines() == [
        "Kategori (forslag): Endring – tekst: 'flytte'",
        "Svarfrist: on 02.12.2026 (4 arbeidsdager)",
    ]
    nevro = preview(Registration(text="", received="i dag 10:00", department="NEVRO"), inbox)
    assert nevro.lines() == [
        "Kategori: (lim inn teksten først)",
        "Svarfrist: ma 30.11.2026 (2 arbeidsdager)",
    ]
    broken = preview(Registration(text="Avbestill", received="når som helst"), inbox)
    assert broken.lines()[1] == "Svarfrist: (rett mottatt-tidspunktet)"


def test_build_message_stores_what_the_clerk_entered(inbox: Inbox) -> None:
    message = build_message(VALID, inbox)
    assert message.text == "Hei!\nJeg må flytte timen min."
    assert message.patient_name == "Line Danser"
    assert message.patient_id == ""
    assert message.dips_ref == "A-123/45"
    assert message.received == oslo(2026, 11, 26, 8, 15)
    assert message.deadline == date(2026, 12, 2)
    assert message.department == "BLOD"
    assert message.appointment is not None
    assert message.appointment.start == oslo(2026, 12, 3, 10, 30)
    assert (message.category, message.category_confirmed) == (Category.ENDRING, False)
    assert message.source == "manuell"
    assert [(e.user, e.action, e.when) for e in message.history] == [
        ("kari", "registered", FIXED_NOW)
    ]


def test_build_message_refuses_a_half_filled_form(inbox: Inbox) -> None:
    with pytest.raises(RegistrationError) as caught:
        build_message(Registration(text="Hei", received="i dag 09:00"), inbox)
    assert caught.value.errors == {"department": "Velg avdeling."}
