"""Messages survive the round trip to JSON; identifiers are masked."""

from __future__ import annotations

import dataclasses
from datetime import date, datetime

import pytest

from tui.core.model import (
    OSLO,
    Appointment,
    Category,
    HistoryEntry,
    Message,
    Receiver,
    Status,
    mask_national_id,
)


@pytest.mark.parametrize(
    ("national_id", "masked"),
    [
        ("13116900216", "131169*****"),
        ("131169 00216", "131169*****"),
        ("1311690021", "**********"),
        ("", ""),
    ],
)
def test_masking_shows_birth_date_only(national_id: str, masked: str) -> None:
    assert mask_national_id(national_id) == masked


def test_message_round_trip() -> None:
    when = datetime(2026, 11, 26, 9, 15, tzinfo=OSLO)
    message = Message(
        id="m1",
        received=when,
        deadline=date(2026, 12, 2),
        department="BLOD",
        text="Kan jeg flytte timen?",
        category=Category.ENDRING,
        appointment=Appointment(start=datetime(2026, 12, 3, 10, 0), uid="u1"),
        status=Status.ANSWERED,
        answered_by="kari",
        answered_at=when,
        history=[HistoryEntry(when, "kari", "status", "ny", "besvart")],
    )
    assert Message.from_dict(message.to_dict()) == message


def test_every_appointment_field_round_trips() -> None:
    values = {field.name: f"{field.name}-value" for field in dataclasses.fields(Appointment)}
    values["start"] = datetime(2026, 12, 3, 10, 0, tzinfo=OSLO)
    values["end"] = datetime(2026, 12, 3, 10, 30, tzinfo=OSLO)
    appointment = Appointment(**values)
    assert Appointment.from_dict(appointment.to_dict()) == appointment


@pytest.mark.parametrize("key", ["category", "status"])
def test_an_unknown_category_or_status_is_refused(key: str) -> None:
    stored = {"id": "m1", "received": "2026-11-26T09:15:00+01:00", "deadline": "2026-12-02"}
    with pytest.raises(ValueError, match="is not a valid"):
        Message.from_dict({**stored, key: "ukjent"})


def test_imported_fields_round_trip() -> None:
    receiver = Receiver("HELSE FØRDE HF", "68", "Blodsykdommer", "90253")
    message = Message(
        id="x~abc",
        received=datetime(2026, 11, 26, 9, 15, tzinfo=OSLO),
        deadline=date(2026, 12, 2),
        department="BLOD",
        text="Hei",
        msg_id="x",
        conversation_ref="c",
        parent_ref="p",
        receiver=receiver,
        dips_ref="12345",
        fingerprint="abc",
        flags=["Samme MsgId"],
    )
    assert Message.from_dict(message.to_dict()) == message
    assert receiver.label == "HELSE FØRDE HF (HER 68) / Blodsykdommer (HER 90253)"


def test_data_stored_before_the_import_fields_still_loads() -> None:
    old = {
        "id": "m1",
        "received": "2026-11-26T09:15:00+01:00",
        "deadline": "2026-12-02",
        "department": "BLOD",
        "text": "Hei",
    }
    message = Message.from_dict(old)
    assert (message.msg_id, message.receiver, message.fingerprint, message.dips_ref) == (
        "",
        None,
        "",
        "",
    )
