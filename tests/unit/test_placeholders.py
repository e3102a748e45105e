"""Placeholders are filled from the configuration and the message, and never half-way."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from tests.conftest import FIXED_NOW
from tui.core.config.config import Config
from tui.core.model import OSLO, Appointment, Category, Message
from tui.core.texts.filling import fill, known_values
from tui.core.texts.library import TextLibrary
from tui.core.texts.placeholders import (
    PLACEHOLDERS,
    FillContext,
    PlaceholderSyntaxError,
    checked_value,
    placeholder_names,
)
from tui.core.texts.replies import ReplyContext
from tui.core.texts.typed_values import KINDS
from tui.core.workflow.inbox import Inbox

TODAY = FIXED_NOW.date()


def message(inbox: Inbox, **fields: object) -> Message:
    return inbox.new_message(
        message_id="m1",
        received=FIXED_NOW,
        department="NEVRO",
        text="Kan jeg flytte timen?",
        type_code="OET",
        **fields,
    )


def test_the_placeholder_set_is_the_documented_one() -> None:
    assert set(PLACEHOLDERS) == {
        "avdeling",
        "telefon",
        "frist",
        "timedato",
        "timeklokkeslett",
        "timested",
        "dato",
        "nytimedato",
        "nytimeklokkeslett",
    }
    docs = Path(__file__).resolve().parents[2] / "docs" / "standard-texts.md"
    readme = docs.read_text(encoding="utf-8")
    for name, placeholder in PLACEHOLDERS.items():
        assert f"`{{{name}}}`" in readme, name
        assert placeholder.description
        assert placeholder.example


def test_values_come_from_the_department_and_the_message(config: Config, inbox: Inbox) -> None:
    start = datetime(2026, 12, 3, 10, 30, tzinfo=OSLO)
    msg = message(inbox, appointment=Appointment(start=start, location="Poliklinikk 2"))
    values = known_values(FillContext(TODAY, config.department("NEVRO"), msg))
    assert values == {
        "avdeling": "Nevrologisk poliklinikk",
        "telefon": "57 83 92 20",
        "frist": "30.11.2026",  # NEVRO answers within 2 working days
        "timedato": "03.12.2026",
        "timeklokkeslett": "10:30",
        "timested": "Poliklinikk 2",
        "dato": "26.11.2026",
    }


def test_appointment_time_is_shown_in_oslo_time(inbox: Inbox) -> None:
    start = datetime(2026, 12, 3, 8, 30, tzinfo=UTC)  # 09:30 in Oslo (CET)
    msg = message(inbox, appointment=Appointment(start=start))
    values = known_values(FillContext(TODAY, None, msg))
    assert (values["timedato"], values["timeklokkeslett"]) == ("03.12.2026", "09:30")


def test_without_a_message_only_configuration_and_date_are_known(config: Config) -> None:
    values = known_values(FillContext(TODAY, config.department("BLOD")))
    assert values == {"avdeling": "Blodsykdommer", "telefon": "57 83 90 00", "dato": "26.11.2026"}
    assert known_values(FillContext(TODAY)) == {"dato": "26.11.2026"}


def test_fill_marks_what_is_missing_and_is_not_complete() -> None:
    filled = fill("Ring {telefon} før {frist}. Hilsen {avdeling}, {telefon}.", {"telefon": "1"})
    assert not filled.complete
    assert filled.missing == ("frist", "avdeling")
    assert filled.text == "Ring 1 før {frist}. Hilsen {avdeling}, 1."
    assert [part.placeholder for part in filled.parts if part.placeholder] == [
        "telefon",
        "frist",
        "avdeling",
        "telefon",
    ]


def test_fill_complete_and_blank_values_count_as_missing() -> None:
    assert fill("Frist {frist}.", {"frist": "  "}).missing == ("frist",)
    filled = fill("Frist {frist}. {{klammer}}", {"frist": "30.11.2026"})
    assert filled.complete
    assert filled.text == "Frist 30.11.2026. {klammer}"


def test_placeholder_syntax_errors_are_told_in_norwegian() -> None:
    with pytest.raises(PlaceholderSyntaxError, match="klammeparentes står alene"):
        placeholder_names("Hei {avdeling")
    assert placeholder_names("{frist} {avdeling} {frist}") == ("frist", "avdeling")


def test_reply_context_fills_from_the_message_department(
    config: Config, inbox: Inbox, library: TextLibrary
) -> None:
    msg = message(inbox)
    context = ReplyContext(config, TODAY, msg)
    suggested = context.suggested(library)
    assert suggested is not None
    assert suggested.id == Category.ENDRING.value
    assert context.department_code == "NEVRO"
    assert context.values(suggested)["avdeling"] == "Nevrologisk poliklinikk"


def test_reply_context_without_message_fills_a_department_text_from_its_origin(
    config: Config, tmp_path: Path
) -> None:
    (tmp_path / "lokal.toml").write_text(
        "id = 'lokal'\ntitle = 'Lokal'\nbody = 'Ring {avdeling} på {telefon} før {frist}.'\n",
        encoding="utf-8",
    )
    library = TextLibrary.load([(tmp_path, "ORT")])
    lookup = ReplyContext(config, TODAY)
    template = library.get("lokal", "ORT")
    assert template is not None
    assert lookup.suggested(library) is None
    filled = lookup.fill(template)
    assert filled.missing == ("frist",)
    assert filled.text.startswith("Ring Ortopedisk poliklinikk på 57 83 91 10")
    typed = lookup.fill(template, {"frist": "01.12.2026", "avdeling": "  "})
    assert typed.complete
    assert typed.text == "Ring Ortopedisk poliklinikk på 57 83 91 10 før 01.12.2026."
    # Looking up for another department fills that department's values.
    other = ReplyContext(config, TODAY, department="NEVRO").fill(template, {"frist": "x"})
    assert other.text.startswith("Ring Nevrologisk poliklinikk på 57 83 92 20")


# Values the clerk types ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "typed", "value"),
    [
        ("nytimedato", "10.12.2026", "10.12.2026"),
        ("nytimedato", "10.12.26", "10.12.2026"),
        ("nytimedato", "10.12", "10.12.2026"),
        ("nytimedato", "1.2.2027", "01.02.2027"),
        ("nytimedato", "2026-12-10", "10.12.2026"),
        ("nytimedato", "i morgen", "27.11.2026"),
        ("frist", " 30.11.2026 ", "30.11.2026"),
        ("nytimeklokkeslett", "09:15", "09:15"),
        ("nytimeklokkeslett", "9.15", "09:15"),
        ("nytimeklokkeslett", "kl. 23:59", "23:59"),
        ("timeklokkeslett", "00:00", "00:00"),
        ("telefon", "57 83  92 20", "57 83 92 20"),
        ("telefon", "+47 57 83 92 20", "+47 57 83 92 20"),
        ("timested", "Poliklinikk 2", "Poliklinikk 2"),
    ],
)
def test_typed_values_are_read_and_written_as_the_texts_use_them(
    name: str, typed: str, value: str
) -> None:
    assert checked_value(name, typed, date(2026, 11, 26)) == value


@pytest.mark.parametrize(
    ("name", "typed", "error"),
    [
        ("nytimedato", "31.02.2026", "{nytimedato}: Datoen 31.02.2026 finnes ikke."),
        ("nytimedato", "32.12.2026", "{nytimedato}: Datoen 32.12.2026 finnes ikke."),
        ("nytimedato", "10/12/x", "{nytimedato}: Ugyldig dato «10/12/x»; skriv dd.mm.åååå."),
        ("nytimedato", "torsdag", "{nytimedato}: Ugyldig dato «torsdag»; skriv dd.mm.åååå."),
        ("nytimeklokkeslett", "24:00", "timer 00–23, minutter 00–59"),
        ("nytimeklokkeslett", "10:60", "timer 00–23, minutter 00–59"),
        ("nytimeklokkeslett", "1015", "skriv tt:mm"),
        ("telefon", "ring sentralbordet", "Ugyldig telefonnummer"),
        ("telefon", "12", "Ugyldig telefonnummer"),
        ("nytimedato", "   ", "{nytimedato}: Verdien er tom."),
        ("ukjent", "x", "{ukjent} er ingen plassholder."),
    ],
)
def test_wrong_typed_values_are_refused_in_norwegian(name: str, typed: str, error: str) -> None:
    with pytest.raises(ValueError, match=re.escape(error)):
        checked_value(name, typed, date(2026, 11, 26))


def test_every_placeholder_has_a_kind_its_example_passes() -> None:
    for placeholder in PLACEHOLDERS.values():
        assert placeholder.kind in KINDS
        assert checked_value(placeholder.name, placeholder.example, date(2026, 11, 26))
