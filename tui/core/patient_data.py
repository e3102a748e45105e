"""Patient data in a message: which fields hold it, how to leave it out, how to erase it.

A message is health data while it holds the patient's words, name and fødselsnummer. What a
section leader needs for statistics (dates, category, department, status, who answered,
forwards) holds none of that. This module draws the line once, for every caller:

- `redacted` and `export_row` give a message without patient data, for reports and exports
  (issue 7's report and `timedialog list` use them);
- `erase_document` removes patient data from a stored message for good (the retention purge);
- `REVEALED` and `ERASED` are the history actions that record who saw the full number and
  when the data went.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from datetime import datetime
from typing import Any

import orjson

from tui.core.history import (
    CODE_VALUED,
    LEGACY_CODE_VALUED,
    NATIONAL_ID_REVEALED,
    PATIENT_DATA_ERASED,
)
from tui.core.model import Message, mask_national_id

REVEALED = NATIONAL_ID_REVEALED
"""History action when a clerk shows the full fødselsnummer (who and when is the audit)."""
ERASED = PATIENT_DATA_ERASED
"""History action when the retention purge erased a message's patient data."""
ERASED_MARK = "(slettet)"
"""Replaces a free-text value whose presence matters but whose words are gone."""

PERSONAL_FIELDS: tuple[str, ...] = (
    "text",
    "subject",
    "patient_name",
    "patient_id",
    "dips_ref",
    "category_reason",
    "urgent_words",
    "urgent_negated",
    "closed_reason",
    "flags",
    "source",
)
"""Message fields that may hold patient data (the patient's words, name, identifiers, file
names, free text a clerk typed about the case); erased by the retention purge."""

APPOINTMENT_PERSONAL_FIELDS: tuple[str, ...] = (
    "uid",
    "related_to",
    "referral_id",
    "summary",
    "start",
    "end",
    "practitioner_her",
)
"""Appointment fields erased with the patient data: those that point at the patient's case in
DIPS, and the time and the practitioner's HER-id, which with the department find the patient
in the hospital's own records. The place and the kind (video, telefon) stay: no figure uses
the rest."""

SAFE_HISTORY_ACTIONS = CODE_VALUED | LEGACY_CODE_VALUED
"""History actions whose old and new values are codes, department codes, clerk names or
configured checklist items, never patient data: as codes, and as the words either language
stored before the codes (backup copies keep their layout). Every other action's values are
erased (a close reason, a file name), so an unknown action errs on the safe side."""

STATISTICS_KEYS: tuple[str, ...] = (
    "id",
    "department",
    "category",
    "category_confirmed",
    "category_sure",
    "urgent",
    "type_code",
    "status",
    "received",
    "deadline",
    "answered_by",
    "answered_at",
    "closed_without_reply",
    "forwards",
    "erased",
)
"""The keys of an `export_row` without patient data, in order."""

PATIENT_KEYS: tuple[str, ...] = ("patient_name", "patient_id_masked", "subject", "text")
"""The keys `export_row` adds when patient data is asked for (never the full number)."""

_MIN_TEXT_TO_SCRUB = 20
"""Shorter texts are not searched for elsewhere in a message: too likely to match a code."""
_EMPTIED = ("text", "subject", "patient_name", "patient_id", "dips_ref", "category_reason")
"""Fields emptied outright."""
_WORD_LISTS = ("urgent_words", "urgent_negated")
"""Lists of the patient's own words (the red flags found), emptied outright."""
_NEVER_SCRUBBED = frozenset({"id", "msg_id", "conversation_ref", "parent_ref", "fingerprint"})
"""Identifiers and digests the safety net leaves alone (they are not patient data)."""


def is_erased(message: Message) -> bool:
    """True when the retention purge has erased the message's patient data."""
    return any(entry.action == ERASED for entry in message.history)


def erased_at(message: Message) -> datetime | None:
    """When the message's patient data was erased, or None."""
    moments = [entry.when for entry in message.history if entry.action == ERASED]
    return max(moments) if moments else None


def redacted(message: Message) -> Message:
    """A copy of the message with every patient-data field emptied (the original is untouched).

    For code that builds reports from messages: whatever it prints of the copy cannot leak a
    name, an identifier or the patient's words.
    """
    document = message.to_dict()
    erase_document(document)
    return Message.from_dict(document)


def export_row(message: Message, *, with_patient_data: bool = False) -> dict[str, Any]:
    """One message as a flat, JSON-ready row for exports and reports.

    Without `with_patient_data` the row holds only statistics (`STATISTICS_KEYS`). With it the
    row adds the name, the fødselsnummer masked to the birth date, the subject and the text:
    the full number never leaves the detail pane.
    """
    row: dict[str, Any] = {
        "id": message.id,
        "department": message.department,
        "category": message.category.value,
        "category_confirmed": message.category_confirmed,
        "category_sure": message.copies_without_asking,
        "urgent": bool(message.urgent_words),
        "type_code": message.type_code,
        "status": message.status.value,
        "received": message.received.isoformat(),
        "deadline": message.deadline.isoformat(),
        "answered_by": message.answered_by,
        "answered_at": message.answered_at.isoformat() if message.answered_at else None,
        "closed_without_reply": bool(message.closed_reason),
        "forwards": [
            {"from": f.from_department, "to": f.to_department, "when": f.when.isoformat()}
            for f in message.forwards
        ],
        "erased": is_erased(message),
    }
    if with_patient_data:
        row |= {
            "patient_name": message.patient_name,
            "patient_id_masked": mask_national_id(message.patient_id),
            "subject": message.subject,
            "text": message.text,
        }
    return row


def _source_kind(source: str) -> str:
    """The kind of source without the file name, which may say anything ("helsenorge")."""
    return source.split(":", 1)[0]


def _secrets(document: dict[str, Any]) -> list[str]:
    """The values that must not survive anywhere in the document once it is erased."""
    found = [str(document.get(key) or "").strip() for key in ("patient_name", "patient_id")]
    text = str(document.get("text") or "").strip()
    if len(text) >= _MIN_TEXT_TO_SCRUB:
        found.append(text)
    return [value for value in found if value]


def _erase_strings(value: Any, secrets: Iterable[str]) -> tuple[Any, bool]:
    """`value` with every string that contains a secret emptied; and whether any was."""
    if isinstance(value, str):
        return ("", True) if any(secret in value for secret in secrets) else (value, False)
    if isinstance(value, list):
        changed = False
        items = []
        for item in value:
            new, item_changed = _erase_strings(item, secrets)
            items.append(new)
            changed |= item_changed
        return items, changed
    if isinstance(value, dict):
        changed = False
        for key, item in value.items():
            new, item_changed = _erase_strings(item, secrets)
            if item_changed:
                value[key] = new
                changed = True
        return value, changed
    return value, False


def _unsafe_values(entry: Any, safe: frozenset[str]) -> bool:
    return (
        isinstance(entry, dict)
        and entry.get("action") not in safe
        and bool(entry.get("old") or entry.get("new"))
    )


def holds_patient_data(
    document: dict[str, Any], *, safe_actions: frozenset[str] | None = None
) -> bool:
    """True when `erase_document` would remove something from this stored message.

    Cheap: it looks at a few fields, so a purge can pass over an erased archive quickly.
    """
    safe = safe_actions if safe_actions is not None else SAFE_HISTORY_ACTIONS
    if any(document.get(key) for key in _EMPTIED):
        return True
    if document.get("closed_reason") not in (None, "", ERASED_MARK) or document.get("flags"):
        return True
    if any(document.get(key) for key in _WORD_LISTS):
        return True
    if ":" in str(document.get("source") or ""):
        return True
    appointment = document.get("appointment")
    if isinstance(appointment, dict) and any(
        appointment.get(key) for key in APPOINTMENT_PERSONAL_FIELDS
    ):
        return True
    return any(_unsafe_values(entry, safe) for entry in document.get("history") or [])


def erase_document(document: dict[str, Any], *, safe_actions: frozenset[str] | None = None) -> bool:
    """Erase the patient data of one stored message document in place; True if anything went.

    Works on the JSON form (`Message.to_dict`, or an older schema's document with the same
    keys), so the store can apply it to backup copies without changing their layout. Keys the
    document does not have are not added. Erasing twice changes nothing the second time, and
    it changes something exactly when `holds_patient_data` says so.
    """
    safe = safe_actions if safe_actions is not None else SAFE_HISTORY_ACTIONS
    if not holds_patient_data(document, safe_actions=safe):
        return False
    secrets = _secrets(document)
    for key in _EMPTIED:
        if document.get(key):
            document[key] = ""
    if document.get("closed_reason"):
        document["closed_reason"] = ERASED_MARK
    if document.get("flags"):
        document["flags"] = []
    for key in _WORD_LISTS:
        if document.get(key):
            document[key] = []
    if isinstance(document.get("source"), str):
        document["source"] = _source_kind(document["source"])
    appointment = document.get("appointment")
    if isinstance(appointment, dict):
        for key in APPOINTMENT_PERSONAL_FIELDS:
            if appointment.get(key):
                appointment[key] = None if key in ("start", "end") else ""
    for entry in document.get("history") or []:
        if _unsafe_values(entry, safe):
            entry["old"] = entry["new"] = ""
    # A safety net for values copied where no rule above looks (a note quoting the name),
    # walked only when the document's JSON still has one: most often it has none.
    encoded = orjson.dumps(document)
    if any(orjson.dumps(secret)[1:-1] in encoded for secret in secrets):
        for key, value in list(document.items()):
            if key not in _NEVER_SCRUBBED:
                document[key] = _erase_strings(value, secrets)[0]
    return True


def erase_message(message: Message) -> bool:
    """Erase a message's patient data in place (see `erase_document`); True if anything went."""
    document = message.to_dict()
    if not erase_document(document):
        return False
    erased = Message.from_dict(document)
    for field in dataclasses.fields(Message):
        setattr(message, field.name, getattr(erased, field.name))
    return True
