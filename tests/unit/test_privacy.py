"""What counts as patient data in a message, and how it is left out or erased."""

from __future__ import annotations

import dataclasses
import json
from datetime import timedelta

from tests.conftest import FIXED_NOW
from tests.helpers.patients import ASE
from tui.core.i18n import set_language
from tui.core.model import Appointment, Category, Forward, HistoryEntry, Message, Status
from tui.core.patient_data import (
    ERASED_MARK,
    PATIENT_KEYS,
    REVEALED,
    STATISTICS_KEYS,
    erase_document,
    erase_message,
    export_row,
    redacted,
)


def closed_message() -> Message:
    when = FIXED_NOW - timedelta(days=40)
    return Message(
        id="m1",
        received=when,
        deadline=(when + timedelta(days=4)).date(),
        department="ORT",
        text=ASE.text,
        subject="Flytte time",
        category=Category.ENDRING,
        category_reason="tekst: 'flytte'",
        category_confirmed=True,
        type_code="OET",
        patient_name=ASE.name,
        patient_id=ASE.national_id,
        appointment=Appointment(
            start=when + timedelta(days=7),
            uid="dips-uid-77",
            location="Poliklinikk 3",
            referral_id="henvisning-99",
            summary=f"Kontroll {ASE.family}",
        ),
        status=Status.CLOSED,
        answered_by="kari",
        answered_at=when + timedelta(days=1),
        flags=[f"Merknad om {ASE.name}"],
        source="helsenorge:ase-ornbaek.xml",
        history=[
            HistoryEntry(when, "kari", "imported", new="ase-ornbaek.xml"),
            HistoryEntry(when, "kari", "category_confirmed", "annet", "endring"),
            HistoryEntry(when, "kari", REVEALED),
            HistoryEntry(when, "kari", "forwarded", "BLOD", "ORT"),
            HistoryEntry(when, "kari", "closed_without_reply", "ny", f"Ringt {ASE.given}"),
            HistoryEntry(when, "kari", "ukjent handling", "x", f"{ASE.national_id}"),
        ],
        forwards=[Forward("BLOD", "ORT", "kari", when)],
        closed_reason=f"Ringt {ASE.given}",
        dips_ref="DIPS-123456",
        msg_id="m1",
        fingerprint="ab" * 32,
    )


def test_erase_leaves_no_patient_data_in_the_document() -> None:
    message = closed_message()
    assert erase_message(message)
    data = json.dumps(message.to_dict(), ensure_ascii=False)
    for secret in (*ASE.secrets, ASE.given, "DIPS-123456", "dips-uid-77", "henvisning-99"):
        assert secret not in data
    assert "ase-ornbaek" not in data
    assert message.closed_reason == ERASED_MARK
    assert message.source == "helsenorge"
    assert message.flags == []


def test_erase_keeps_the_statistics() -> None:
    message = closed_message()
    erase_message(message)
    assert (message.category, message.status, message.department) == (
        Category.ENDRING,
        Status.CLOSED,
        "ORT",
    )
    assert message.answered_by == "kari"
    assert message.forwards == closed_message().forwards
    assert message.appointment is not None
    assert message.appointment.location == "Poliklinikk 3"
    assert [(e.action, e.old, e.new) for e in message.history] == [
        ("imported", "", ""),
        ("category_confirmed", "annet", "endring"),
        (REVEALED, "", ""),
        ("forwarded", "BLOD", "ORT"),
        ("closed_without_reply", "", ""),
        ("ukjent handling", "", ""),
    ]
    assert message.fingerprint == "ab" * 32


def test_erase_drops_the_appointment_time_and_the_practitioner() -> None:
    message = closed_message()
    assert message.appointment is not None
    message.appointment = dataclasses.replace(
        message.appointment, practitioner_her="8094321", kind="video"
    )
    erase_message(message)
    assert message.appointment == Appointment(location="Poliklinikk 3", kind="video")


def test_erasing_twice_changes_nothing_the_second_time() -> None:
    message = closed_message()
    assert erase_message(message)
    once = message.to_dict()
    assert not erase_message(message)
    assert message.to_dict() == once


def test_erase_keeps_an_old_layouts_keys() -> None:
    document = closed_message().to_dict()
    for key in ("revision", "history", "claimed_by", "claimed_at", "dips_ref"):
        del document[key]
    keys = set(document)
    assert erase_document(document)
    assert set(document) == keys
    assert ASE.name not in json.dumps(document, ensure_ascii=False)


def test_the_safety_net_catches_the_name_where_no_rule_looks() -> None:
    document = closed_message().to_dict()
    document["checklist"] = [f"Ring {ASE.name}"]
    document["receiver"] = {"trust_name": f"hos {ASE.national_id}"}
    erase_document(document)
    assert document["checklist"] == [""]
    assert document["receiver"]["trust_name"] == ""


def test_the_safety_net_finds_texts_with_quotes_and_line_breaks() -> None:
    document = closed_message().to_dict()
    document["text"] = 'Hei,\njeg heter "Åse" og vil flytte timen.'
    document["checklist"] = ['Svar på: Hei,\njeg heter "Åse" og vil flytte timen.']
    erase_document(document)
    assert document["checklist"] == [""]


def test_bokmal_safe_actions_keep_their_values_in_any_language() -> None:
    set_language("en")
    try:
        message = closed_message()
        erase_message(message)
        assert ("forwarded", "BLOD", "ORT") in [(e.action, e.old, e.new) for e in message.history]
    finally:
        set_language("nb")


def test_redacted_is_a_copy_without_patient_data() -> None:
    message = closed_message()
    copy = redacted(message)
    assert (copy.text, copy.patient_name, copy.patient_id, copy.subject) == ("", "", "", "")
    assert message.patient_name == ASE.name  # the original is untouched


def test_export_row_has_statistics_only_unless_asked() -> None:
    row = export_row(closed_message())
    assert tuple(row) == STATISTICS_KEYS
    assert ASE.family not in json.dumps(row, ensure_ascii=False)
    assert row["closed_without_reply"] is True
    full = export_row(closed_message(), with_patient_data=True)
    assert tuple(full) == STATISTICS_KEYS + PATIENT_KEYS
    assert full["patient_id_masked"] == "178307*****"
    assert ASE.national_id not in json.dumps(full)  # never the whole number
    assert full["patient_name"] == ASE.name
