"""History as stable codes: shown in the clerk's language, migrated from files that stored words.

Files of schema version 1 stored each action in the language of the clerk who did it
("videresendt" under bokmål, "forwarded" under English). Such files, in both languages, are
migrated (backup first), shown in either language, and purged with every action recognised.
"""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import FIXED_NOW, FakeClock
from tests.helpers.patients import ASE
from tui.core import history
from tui.core.config.config import Config
from tui.core.history import describe, history_line
from tui.core.i18n import set_language
from tui.core.model import Category, Forward, HistoryEntry, Message, Status
from tui.core.privacy.retention import purge_expired
from tui.core.store.store import SCHEMA_VERSION, Store
from tui.core.workflow.inbox import Inbox

WHEN = FIXED_NOW - timedelta(days=60)

# What schema version 1 stored for one message's day, in each language (the words `_()` gave).
VERSION_1_WORDS = {
    "nb": [
        ("registrert", "", "helsenorge:ase.xml"),
        ("tatt", "", "kari"),
        ("kategori", "endring", "annet"),
        ("status", "ny", "oppfolging"),
        ("frigitt", "kari", ""),
        ("sjekkliste", "Ring pasienten", "gjort"),
        ("sjekkliste", "Ring pasienten", "ikke gjort"),
        ("videresendt", "BLOD", "ORT"),
        ("lukket uten svar", "ny", f"Ringt {ASE.given}"),
        ("arkivert", "innboks", "arkiv 2026"),
        ("fødselsnummer vist", "", ""),
    ],
    "en": [
        ("registrert", "", "helsenorge:ase.xml"),
        ("tatt", "", "kari"),
        ("kategori", "endring", "annet"),
        ("status", "ny", "oppfolging"),
        ("frigitt", "kari", ""),
        ("sjekkliste", "Ring pasienten", "done"),
        ("sjekkliste", "Ring pasienten", "not done"),
        ("forwarded", "BLOD", "ORT"),
        ("closed without reply", "ny", f"Ringt {ASE.given}"),
        ("arkivert", "inbox", "archive 2026"),
        ("fødselsnummer vist", "", ""),
    ],
}
CODES = [
    ("registered", "", "helsenorge:ase.xml"),
    ("claimed", "", "kari"),
    ("category_confirmed", "endring", "annet"),
    ("status_changed", "ny", "oppfolging"),
    ("released", "kari", ""),
    ("checklist_ticked", "Ring pasienten", ""),
    ("checklist_unticked", "Ring pasienten", ""),
    ("forwarded", "BLOD", "ORT"),
    ("closed_without_reply", "ny", f"Ringt {ASE.given}"),
    ("archived", "", "2026"),
    ("national_id_revealed", "", ""),
]
SHOWN = {
    "nb": [
        "registrert (Helsenorge)",
        "tatt",
        "kategori bekreftet: annet (var endring)",
        "status ny → til oppfølging",
        "frigitt",
        "sjekkliste: «Ring pasienten» gjort",
        "sjekkliste: «Ring pasienten» ikke gjort",
        "videresendt BLOD → ORT",
        f"lukket uten svar: Ringt {ASE.given}",
        "arkivert (2026)",
        "fødselsnummer vist",
    ],
    "en": [
        "registered (Helsenorge)",
        "claimed",
        "category confirmed: other (was change)",
        "status new → in follow-up",
        "released",
        "checklist: «Ring pasienten» done",
        "checklist: «Ring pasienten» not done",
        "forwarded BLOD → ORT",
        f"closed without reply: Ringt {ASE.given}",
        "archived (2026)",
        "national identity number shown",
    ],
}


def version_1_message(message_id: str, language: str) -> dict[str, Any]:
    """A message closed without reply 60 days ago, its history as version 1 stored it."""
    message = Message(
        id=message_id,
        received=WHEN,
        deadline=WHEN.date() + timedelta(days=4),
        department="ORT",
        text=f"Hei, dette er {ASE.name}. Jeg vil flytte timen min.",
        subject="Timen",
        category=Category.ANNET,
        patient_name=ASE.name,
        patient_id=ASE.national_id,
        status=Status.CLOSED,
        closed_reason=f"Ringt {ASE.given}",
        forwards=[Forward("BLOD", "ORT", "kari", WHEN)],
        history=[
            HistoryEntry(WHEN + timedelta(minutes=n), "kari", action, old, new)
            for n, (action, old, new) in enumerate(VERSION_1_WORDS[language])
        ],
    )
    return message.to_dict()


def write_version_1(path: Path) -> bytes:
    """A version 1 database: one message written under bokmål, one under English."""
    data = {
        "meta": {"1": {"schema_version": 1}},
        "messages": {"1": version_1_message("nb-1", "nb"), "2": version_1_message("en-1", "en")},
    }
    raw = json.dumps(data, ensure_ascii=False).encode()
    path.write_bytes(raw)
    path.chmod(0o600)
    return raw


def triples(message: Message) -> list[tuple[str, str, str]]:
    return [(entry.action, entry.old, entry.new) for entry in message.history]


def test_a_version_1_file_in_either_language_reads_as_codes(db_path: Path) -> None:
    write_version_1(db_path)
    messages = {message.id: message for message in Store(db_path).messages()}
    assert triples(messages["nb-1"]) == CODES
    assert triples(messages["en-1"]) == CODES


def test_the_migration_keeps_the_old_file_first_and_writes_codes(
    db_path: Path, clock: FakeClock
) -> None:
    raw = write_version_1(db_path)
    store = Store(db_path, clock=clock)
    store.prepare()
    data = json.loads(db_path.read_bytes())
    assert data["meta"]["1"]["schema_version"] == SCHEMA_VERSION == 3
    stored = [entry["action"] for entry in data["messages"]["2"]["history"]]
    assert stored == [code for code, _old, _new in CODES]
    copies = store.backups.copies()
    assert [copy.name for copy in copies] == ["inbox.v1-20261126T100000.json"]
    assert copies[0].read_bytes() == raw  # the file as it was, byte for byte


@pytest.mark.parametrize("language", ["nb", "en"])
def test_history_is_shown_in_the_language_in_force_whoever_wrote_it(
    db_path: Path, language: str
) -> None:
    write_version_1(db_path)
    set_language(language)
    for message in Store(db_path).messages():
        assert [describe(entry) for entry in message.history] == SHOWN[language], message.id


def test_a_line_names_when_and_who() -> None:
    entry = HistoryEntry(FIXED_NOW, "per", history.RELEASED, "kari", "")
    assert history_line(entry) == "to 26.11.2026 10:00  per  frigitt (holdt av kari)"
    claimed = HistoryEntry(FIXED_NOW, "per", history.CLAIMED, "kari", "per")
    assert describe(claimed) == "tatt (etter kari)"
    unknown = HistoryEntry(FIXED_NOW, "per", "from_a_later_version", "a", "b")
    assert describe(unknown) == "from_a_later_version a → b"


@pytest.mark.parametrize("language", ["nb", "en"])
def test_the_purge_recognises_every_action_whichever_language_recorded_it(
    db_path: Path, config: Config, clock: FakeClock, language: str
) -> None:
    """A purge run in either language erases the reason but keeps the codes.

    The backup copy keeps version 1's words in both languages: before the codes, a purge run
    under bokmål did not recognise "forwarded" as an action with safe values (and the
    reverse), and which values survived depended on who ran it.
    """
    write_version_1(db_path)
    set_language(language)
    inbox = Inbox(Store(db_path, clock=clock), config, "kari", clock)
    report = purge_expired(inbox)
    assert {message.id for message in report.erasure.erased} == {"nb-1", "en-1"}
    for message in inbox.store.messages():
        kept = triples(message)
        assert ("forwarded", "BLOD", "ORT") in kept
        assert ("status_changed", "ny", "oppfolging") in kept
        assert ("checklist_ticked", "Ring pasienten", "") in kept
        assert ("closed_without_reply", "", "") in kept  # the reason named the patient
        assert ("registered", "", "") in kept  # the file's name may say anything
        assert kept[-1][0] == "patient_data_erased"
    (copy,) = inbox.store.backups.copies()
    old = json.loads(copy.read_bytes())
    assert old["meta"]["1"]["schema_version"] == 1  # a copy keeps its layout
    for document in old["messages"].values():
        entries = {(e["action"], e["old"], e["new"]) for e in document["history"]}
        assert ("forwarded", "BLOD", "ORT") in entries or ("videresendt", "BLOD", "ORT") in entries
        assert ("status", "ny", "oppfolging") in entries
        assert ("arkivert", "innboks", "arkiv 2026") in entries or (
            "arkivert",
            "inbox",
            "archive 2026",
        ) in entries
        assert ASE.given not in json.dumps(document, ensure_ascii=False)
