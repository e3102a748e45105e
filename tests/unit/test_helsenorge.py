"""Reading Helsenorge messages: every public example, and every kind of broken or hostile file."""

from __future__ import annotations

import base64
import hashlib
import random
import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import pytest

from tui.core.helsenorge.parsing import (
    HEADER_BYTES,
    PatientRequest,
    RejectedError,
    Skipped,
    html_to_text,
    parse_message,
    read_process,
)
from tui.core.helsenorge.processes import SkipKind
from tui.core.model import OSLO, Receiver

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "helsenorge"

FORDE_BLOD = Receiver("HELSE FØRDE HF", "68", "Blodsykdommer", "90253")
NANSET = Receiver("Nanset legekontor", "1234", "", "")
TIMER_ID = "12345966-1fbf-11e5-867f-0800200c9a66"
TIMEONSKE_ID = "f3aebfe0-81b4-45b1-9b0b-0c8070a50de0"
DTEND_WARNING = (
    "Timeavtalen slutter før den starter (dtstart 06.06.2019 11:45, dtend 06.06.2014 12:00)."
)


def fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def oslo(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=OSLO)  # type: ignore[misc]


@dataclass(frozen=True)
class Expected:
    msg_id: str
    version: str
    code: str
    receiver: Receiver
    sent: datetime
    text: str
    subject: str = ""
    start: datetime | None = None
    end: datetime | None = None
    related_to: str = ""
    referral_id: str = ""
    practitioner: str = ""
    warnings: tuple[str, ...] = ()


REQUESTS = {
    "timer-1.1_innbygger_OET_endring-av-time.xml": Expected(
        TIMER_ID,
        "1.0",
        "OET",
        FORDE_BLOD,
        oslo(2019, 5, 1, 11, 20, 11),  # GenDate 09:20:11Z, summer time in Oslo
        "Jeg ønsker timen flyttet til onsdag klokken 12.",
        start=oslo(2019, 5, 22, 11, 45),
        end=oslo(2019, 5, 22, 12, 0),
        related_to="143fae14-1379-4ff3-aca8-bef9180e0937",
        practitioner="90253",
    ),
    "timer-1.1_innbygger_HE_henvendelse.xml": Expected(
        TIMER_ID,
        "1.0",
        "HE",
        FORDE_BLOD,
        oslo(2019, 5, 1, 11, 20, 11),
        "Hei. Må jeg virkelig faste i en uke før jeg møter til timen?",
        start=oslo(2019, 5, 22, 11, 45),
        end=oslo(2019, 5, 22, 12, 0),
        practitioner="90253",
    ),
    "timer-1.1_innbygger_OAB_avslutning.xml": Expected(
        "dee1d49d-1961-4446-a80f-f209165e0c8a",
        "1.0",
        "OAB",
        FORDE_BLOD,
        oslo(2019, 5, 24, 11, 20, 11),
        "Hei. Jeg ønsker ikke å fortsette med denne behandlingen.",  # leading space gone
        start=oslo(2019, 5, 22, 11, 45),
        end=oslo(2019, 5, 22, 12, 0),
        practitioner="90253",
    ),
    "timer-1.2_innbygger_HE_henvendelse_dm11.xml": Expected(
        TIMER_ID,
        "1.1",
        "HE",
        FORDE_BLOD,
        oslo(2019, 5, 1, 11, 20, 11),
        "Hei. Må jeg virkelig faste i en uke før jeg møter til timen?",
        subject="Spørsmål til timen",
        start=oslo(2019, 5, 22, 11, 45),
        end=oslo(2019, 5, 22, 12, 0),
        referral_id="587f15b4-2dc8-4643-9816-0d4275706d9d",
    ),
    "timeonske-1.2_innbygger_OET_endre-time.xml": Expected(
        TIMEONSKE_ID,
        "1.1",
        "OET",
        NANSET,
        oslo(2019, 5, 23, 11, 30, 47),
        "Jeg ønsker å endre timen min fra torsdag til fredag, rundt samme tidspunkt.",
        start=oslo(2019, 6, 6, 11, 45),
        end=oslo(2014, 6, 6, 12, 0),
        related_to="64507c1c-1fbc-4caa-8407-822bda886570",
        practitioner="910952",
        warnings=(DTEND_WARNING,),
    ),
    "timeonske-1.2_innbygger_OAT_avbestilling.xml": Expected(
        TIMEONSKE_ID,
        "1.1",
        "OAT",
        NANSET,
        oslo(2019, 5, 23, 11, 30, 47),
        "Jeg har blitt langvarig syk og kan dessverre ikke møte til timen",
        start=oslo(2019, 6, 6, 11, 45),
        end=oslo(2014, 6, 6, 12, 0),
        related_to="64507c1c-1fbc-4caa-8407-822bda886570",
        practitioner="910952",
        warnings=(DTEND_WARNING,),
    ),
    "timeonske-1.2_innbygger_OT_onske-om-time.xml": Expected(
        "9277ad96-a664-42d0-90bf-e6130206b33a",
        "1.1",
        "OT",
        NANSET,
        oslo(2019, 5, 16, 9, 8, 11),
        "Jeg ønsker time helst torsdag formiddag, alternativt fredag etter kl 1300. Har slitt "
        "med langvarig tørrhost som jeg ønsker å få undersøkt.",
    ),
    "timereservasjon-1.2_innbygger_ART_avbestill-reservert-time_dm11.xml": Expected(
        "c41d7e38-2a9b-4b57-8e0f-71a3c9d2b644",
        "1.1",
        "ART",
        FORDE_BLOD,
        oslo(2026, 11, 30, 10, 5, 41),
        "Har blitt syk og kan ikke møte til timen.",
        start=oslo(2026, 12, 1, 9, 30),
        end=oslo(2026, 12, 1, 9, 50),
        practitioner="90253",
    ),
    "avtaleavbestilling-1.0_innbygger_ART_avbestilling_dm11.xml": Expected(
        "e8a05b71-c3d2-4e96-9f14-0b7d2a6c5e38",
        "1.1",
        "ART",
        FORDE_BLOD,
        oslo(2026, 12, 4, 14, 47, 9),
        "Jeg er bortreist og kan dessverre ikke komme på mandag.",
        start=oslo(2026, 12, 7, 8, 15),
        end=oslo(2026, 12, 7, 8, 45),
        practitioner="90253",
    ),
}

SKIPPED = {
    "timer-1.1_svar-sykehus_34_kunne-ikke-endres.xml": (
        SkipKind.REPLY,
        "Svar fra sykehuset (34 Timen kunne ikke endres), ikke en ny melding fra pasient.",
    ),
    "timer-1.2_svar-sykehus_07_endring-bekreftet_dm11.xml": (
        SkipKind.REPLY,
        "Svar fra sykehuset (07 Endring av time bekreftet), ikke en ny melding fra pasient.",
    ),
    "helsefaglig-dialog_lege-til-sykehus_dm11.xml": (
        SkipKind.OTHER_PROCESS,
        "Helsefaglig dialog mellom helsepersonell (DIALOG_HELSEFAGLIG): annen prosess, ikke "
        "timeinnboksen.",
    ),
    "timer-1.2_innbygger_05_timereservasjon-bekreftet_dm11.xml": (
        SkipKind.PATIENT_ANSWER,
        "Pasientens bekreftelse av timen (05 Timereservasjon bekreftet): trenger ikke svar.",
    ),
    "helsepersonell_innbygger_melding-til-behandler_dm11.xml": (
        SkipKind.TO_CLINICIAN,
        "Pasientens melding til en navngitt behandler (DIALOG_INNBYGGER_HELSEPERSONELL): "
        "melding til behandler, ikke timeinnboksen.",
    ),
    "koordinator_innbygger_melding-til-koordinator_dm11.xml": (
        SkipKind.TO_COORDINATOR,
        "Pasientens melding til koordinatoren sin (DIALOG_INNBYGGER_KOORDINATOR): melding til "
        "koordinator, ikke timeinnboksen.",
    ),
}


def test_every_fixture_has_a_test() -> None:
    assert {path.name for path in FIXTURES.glob("*.xml")} == set(REQUESTS) | set(SKIPPED)


def test_fixtures_are_byte_exact_copies_or_written_from_the_specification() -> None:
    sources = (FIXTURES / "SOURCES.md").read_text(encoding="utf-8")
    copies_part, _sep, written_part = sources.partition("## Written for this repository")
    found = re.findall(r"^([0-9a-f]{64})  (\S+)$", copies_part, re.M)
    copies = {name: digest for digest, name in found}
    for name, digest in copies.items():
        assert hashlib.sha256(fixture(name)).hexdigest() == digest, name
    written = set(re.findall(r"^\| ([\w.-]+\.xml) \|", written_part, re.M))
    assert copies.keys() | written == set(REQUESTS) | set(SKIPPED)
    assert not copies.keys() & written
    assert b"\r\n" in fixture("timer-1.1_innbygger_HE_henvendelse.xml")  # git kept CRLF


@pytest.mark.parametrize("name", sorted(REQUESTS))
def test_patient_request_fixture(name: str) -> None:
    expected = REQUESTS[name]
    request = parse_message(fixture(name))
    assert isinstance(request, PatientRequest)
    assert request.msg_id == expected.msg_id
    assert request.dialog_version == expected.version
    assert request.type_code == expected.code
    assert request.receiver == expected.receiver
    assert request.sent == expected.sent
    assert request.sent.tzinfo is OSLO
    assert request.text == expected.text
    assert request.subject == expected.subject
    assert (request.patient_name, request.patient_id, request.patient_id_type) == (
        "Line Danser",
        "13116900216",
        "FNR",
    )
    assert request.warnings == expected.warnings
    appointment = request.appointment
    if expected.start is None:
        assert appointment is None  # OT carries no appointment
        return
    assert appointment is not None
    assert (appointment.start, appointment.end) == (expected.start, expected.end)
    assert appointment.related_to == expected.related_to
    assert appointment.referral_id == expected.referral_id
    assert appointment.practitioner_her == expected.practitioner
    assert appointment.uid


@pytest.mark.parametrize("name", sorted(SKIPPED))
def test_replies_and_other_processes_are_skipped_with_a_reason(name: str) -> None:
    result = parse_message(fixture(name))
    assert isinstance(result, Skipped)
    assert (result.kind, result.reason) == SKIPPED[name]


def test_hospital_reply_names_the_conversation_it_answers() -> None:
    result = parse_message(fixture("timer-1.1_svar-sykehus_34_kunne-ikke-endres.xml"))
    assert isinstance(result, Skipped)
    assert result.refers_to == ("a612e961-1fbf-11e5-867f-0800200c9a66",)


def test_a_patients_confirmation_names_the_conversation_it_confirms() -> None:
    result = parse_message(fixture("timer-1.2_innbygger_05_timereservasjon-bekreftet_dm11.xml"))
    assert isinstance(result, Skipped)
    assert result.refers_to == ("5e0c7a92-8b1d-4c6a-a2f3-9d4b6e1f7a20",)


# Processes and codes --------------------------------------------------------------------------

RESERVATION = "timereservasjon-1.2_innbygger_ART_avbestill-reservert-time_dm11.xml"
CANCELLATION = "avtaleavbestilling-1.0_innbygger_ART_avbestilling_dm11.xml"
ART_CODE = '<TypeForesp V="ART" DN="Avbestill reservert time" S="2.16.578.1.12.4.1.1.7601"/>'


def skipped_of(data: bytes) -> Skipped:
    result = parse_message(data)
    assert isinstance(result, Skipped)
    return result


@pytest.mark.parametrize(
    ("process", "kind", "words"),
    [
        ("DIALOG_INNBYGGER_EKONTAKT", SkipKind.OTHER_PROCESS, "E-kontakt"),
        ("DIALOG_INNBYGGER_EKONSULTASJON", SkipKind.TO_CLINICIAN, "melding til behandler"),
        ("DIALOG_INNBYGGER_RESEPTFORNYELSE", SkipKind.OTHER_PROCESS, "Reseptfornyelse"),
        ("DIALOG_INNBYGGER_AVTALEUTSENDING", SkipKind.FROM_HOSPITAL, "fra sykehuset"),
        ("DIALOG_INNBYGGER_DIGITALBRUKER", SkipKind.OTHER_PROCESS, "digital innbygger"),
        ("dialog_innbygger_helsepersonell ", SkipKind.TO_CLINICIAN, "melding til behandler"),
        ("DIALOG_INNBYGGER_NOEHELTNYTT", SkipKind.UNKNOWN_PROCESS, "«Noe helt nytt»"),
        ("HREG_OPPDATERING", SkipKind.UNKNOWN_PROCESS, "ukjent prosess"),
    ],
)
def test_every_other_process_is_skipped_naming_it_never_refused(
    process: str, kind: SkipKind, words: str
) -> None:
    data = variant(
        '<Type V="DIALOG_INNBYGGER_TIMER" DN="Dialog med innbygger om timer" />',
        f'<Type V="{process}" DN="Noe helt nytt"/>',
    )
    result = skipped_of(data)
    assert result.kind is kind
    assert process.strip().upper() in result.reason
    assert words in result.reason


def test_a_message_head_without_a_process_is_skipped_as_unknown() -> None:
    result = skipped_of(
        variant('<Type V="DIALOG_INNBYGGER_TIMER" DN="Dialog med innbygger om timer" />', "")
    )
    assert result.kind is SkipKind.UNKNOWN_PROCESS
    assert "MsgInfo/Type" in result.reason


def test_a_cancellation_without_text_is_imported_with_the_code_as_its_text() -> None:
    data = variant(
        "<Sporsmal>Jeg er bortreist og kan dessverre ikke komme på mandag.</Sporsmal>",
        "",
        CANCELLATION,
    )
    request = request_of(data)
    assert request.type_code == "ART"
    assert request.text == "Avbestill reservert time"
    assert request.warnings == (
        "Pasienten skrev ingen tekst; meldingen er koden «ART Avbestill reservert time».",
    )


def test_a_cancellation_process_without_code_or_text_is_still_a_cancellation() -> None:
    text = fixture(CANCELLATION).decode("utf-8")
    text = re.sub(r"\s*<TypeForesp[^>]*/>\s*<Sporsmal>.*?</Sporsmal>", "", text)
    request = request_of(text.encode("utf-8"))
    assert request.msg_type == "DIALOG_INNBYGGER_AVTALEAVBESTILLING"
    assert request.text == "Avbestilling av time"
    assert "TypeForesp mangler: kategorien er foreslått ut fra teksten." in request.warnings


def test_a_self_service_booking_is_skipped_as_the_appointment_system_s_business() -> None:
    data = variant(
        ART_CODE,
        '<TypeForesp V="RT" DN="Reserver time" S="2.16.578.1.12.4.1.1.7601"/>',
        RESERVATION,
    )
    result = skipped_of(data)
    assert result.kind is SkipKind.SELF_SERVICE
    assert result.reason.startswith("Timebestilling på nett (RT Reserver time, Timereservasjon)")


def test_a_patient_answer_code_with_text_is_imported_for_the_clerk_to_read() -> None:
    data = variant(
        '<TypeForesp DN="Henvendelse" V="HE" S="2.16.578.1.12.4.1.1.7601"/>',
        '<TypeForesp DN="Timereservasjon bekreftet" V="05" S="2.16.578.1.12.4.1.1.7602"/>',
    )
    request = request_of(data)
    assert request.type_code == ""
    assert request.type_name == "05 Timereservasjon bekreftet"
    assert request.text.startswith("Hei. Må jeg virkelig faste")
    assert request.warnings[0].startswith("Pasientens svar (05 Timereservasjon bekreftet)")


def test_the_hospital_s_own_question_to_the_patient_is_not_a_patient_message() -> None:
    text = fixture(BASE).decode("utf-8")
    sender, receiver = (
        re.search(rf"<{part}>.*?</{part}>", text, re.S).group(0)  # type: ignore[union-attr]
        for part in ("Sender", "Receiver")
    )
    swapped = text.replace(sender, "@S@").replace(receiver, "@R@")
    swapped = swapped.replace("@S@", receiver.replace("Receiver>", "Sender>"))
    swapped = swapped.replace("@R@", sender.replace("Sender>", "Receiver>"))
    result = skipped_of(swapped.encode("utf-8"))
    assert result.kind is SkipKind.FROM_HOSPITAL
    assert result.reason == (
        "Melding fra sykehuset til pasienten (HE Henvendelse), ikke en melding fra pasient."
    )


def test_a_patient_s_own_note_with_text_is_imported_and_without_text_skipped() -> None:
    note = (
        '<Notat><TemaKodet V="05" DN="Timereservasjon bekreftet" '
        'S="2.16.578.1.12.4.1.1.7602"/><TekstNotatInnhold>{text}</TekstNotatInnhold></Notat>'
    )
    foresporsel = re.search(r"<Foresporsel>.*?</Foresporsel>", fixture(BASE).decode(), re.S)
    assert foresporsel is not None
    with_text = variant(foresporsel.group(0), note.format(text="Jeg kommer, men trenger tolk."))
    request = request_of(with_text)
    assert request.text == "Jeg kommer, men trenger tolk."
    assert request.warnings[0].startswith("Pasientens svar på en melding fra sykehuset")
    result = skipped_of(variant(foresporsel.group(0), note.format(text="")))
    assert result.kind is SkipKind.PATIENT_ANSWER


def test_a_cancellation_written_as_a_note_is_still_a_cancellation() -> None:
    foresporsel = re.search(r"<Foresporsel>.*?</Foresporsel>", fixture(RESERVATION).decode(), re.S)
    assert foresporsel is not None
    note = (
        f"<Notat><TemaKodet{ART_CODE.removeprefix('<TypeForesp')}"
        "<TekstNotatInnhold>Kommer ikke.</TekstNotatInnhold></Notat>"
    )
    request = request_of(variant(foresporsel.group(0), note, RESERVATION))
    assert (request.type_code, request.text) == ("ART", "Kommer ikke.")


def test_a_message_without_dialogmelding_is_skipped_when_it_is_not_a_patients() -> None:
    no_dialog = re.sub(
        r"<Dialogmelding .*?</Dialogmelding>", "", fixture(RESERVATION).decode(), flags=re.S
    )
    booking = skipped_of(no_dialog.encode("utf-8"))
    assert booking.kind is SkipKind.SELF_SERVICE
    assert booking.reason == (
        "Timereservasjon uten Dialogmelding (oppslag eller bestilling): timebestilling på nett, "
        "ikke timeinnboksen."
    )
    hospital = fixture("timer-1.1_svar-sykehus_34_kunne-ikke-endres.xml").decode("utf-8")
    hospital = re.sub(r"<Dialogmelding .*?</Dialogmelding>", "", hospital, flags=re.S)
    assert skipped_of(hospital.encode("utf-8")).kind is SkipKind.FROM_HOSPITAL


def test_a_reply_whose_direction_the_names_do_not_tell_is_still_a_reply() -> None:
    data = (
        fixture("timer-1.1_svar-sykehus_34_kunne-ikke-endres.xml")
        .replace(b"DIREKTORATET FOR E-HELSE", b"MOTTAKER AS")
        .replace(b"Digitale innbyggertjenester", b"Avdeling")
    )
    result = skipped_of(data)
    assert result.kind is SkipKind.REPLY
    assert result.reason.startswith("Svar i en samtale (34 Timen kunne ikke endres)")


def test_attachments_of_a_patient_message_are_named_in_a_warning() -> None:
    attachment = (
        '<Document><RefDoc><MsgType V="A" DN="Vedlegg"/><MimeType>application/pdf'
        '</MimeType><Content><Base64Container xmlns="http://www.kith.no/xmlstds/base64container">'
        "JVBERi0xLjQK</Base64Container></Content></RefDoc></Document></MsgHead>"
    )
    request = request_of(variant("</MsgHead>", attachment))
    assert (
        "Meldingen har 1 vedlegg som ikke vises her; se meldingen i journalsystemet."
        in request.warnings
    )


# Encodings ------------------------------------------------------------------------------------


def declared(encoding: str) -> str:
    return fixture(BASE).decode("utf-8").replace('encoding="UTF-8"', f'encoding="{encoding}"')


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-le", "utf-16-be", "utf-32"])
def test_utf_16_and_32_are_read(codec: str) -> None:
    text = declared("UTF-16" if "16" in codec else "UTF-32")
    data = text.encode(codec)
    if codec == "utf-16-le":
        data = b"\xff\xfe" + data
    request = request_of(data)
    assert request.subject == "Spørsmål til timen"
    assert request.warnings == ()


def test_utf_16_without_byte_order_mark_is_read() -> None:
    request = request_of(declared("UTF-16").encode("utf-16-le"))
    assert request.receiver.trust_name == "HELSE FØRDE HF"


@pytest.mark.parametrize("encoding", ["windows-1252", "Windows-1252", "cp1252", "ISO-8859-15"])
def test_declared_8_bit_encodings_are_read(encoding: str) -> None:
    text = declared(encoding).replace("faste i en uke", "faste i en uke (50 €)")
    request = request_of(text.encode("cp1252" if "1252" in encoding else "iso-8859-15"))
    assert request.text == "Hei. Må jeg virkelig faste i en uke (50 €) før jeg møter til timen?"
    assert request.subject == "Spørsmål til timen"


def test_a_byte_outside_the_declared_table_is_read_with_a_warning() -> None:
    text = declared("windows-1252").replace("faste i en uke", "faste i en uke\x81")
    request = request_of(text.encode("latin-1"))
    assert request.subject == "Spørsmål til timen"
    assert request.warnings == (
        "Filen hadde tegn som ikke finnes i windows-1252; lest som ISO-8859-1.",
    )


def test_a_byte_order_mark_wins_over_a_wrong_declaration() -> None:
    request = request_of(b"\xef\xbb\xbf" + declared("windows-1252").encode("utf-8"))
    assert request.subject == "Spørsmål til timen"


def test_a_file_that_does_not_fit_its_declared_encoding_is_rejected() -> None:
    with pytest.raises(RejectedError) as caught:
        parse_message(declared("UTF-16").encode("utf-8")[:-1] + b"\xff")
    assert "Filen er ikke XML" not in str(caught.value)


# Reading only the head of a large file ------------------------------------------------------


def large_clinician_dialogue() -> bytes:
    """The clinician dialogue with a 2 MB base64 attachment: another process, and large."""
    data = fixture("helsefaglig-dialog_lege-til-sykehus_dm11.xml")
    start = data.index(b"<Base64Container")
    start = data.index(b">", start) + 1
    pdf = b"%PDF-1.4\n" + random.Random(15).randbytes(1_600_000)  # a PDF does not compress
    return data[:start] + base64.encodebytes(pdf) + data[start:]


def test_the_head_names_the_process_of_a_large_file() -> None:
    data = large_clinician_dialogue()
    assert len(data) > 2_000_000
    assert read_process(data) == ("DIALOG_HELSEFAGLIG", "Helsefaglig dialog")
    assert read_process(data[:HEADER_BYTES]) == ("DIALOG_HELSEFAGLIG", "Helsefaglig dialog")


@pytest.mark.parametrize("codec", ["utf-16", "cp1252"])
def test_the_head_is_read_in_any_encoding_even_cut_in_the_middle(codec: str) -> None:
    text = declared("UTF-16" if codec == "utf-16" else "windows-1252")
    data = text.encode(codec)
    assert read_process(data[:1501]) == ("DIALOG_INNBYGGER_TIMER", "Dialog med innbygger om timer")


@pytest.mark.parametrize(
    "data",
    [b"%PDF-1.4\n", b"", b"<html><body>", b'<!DOCTYPE x [<!ENTITY a "b">]><x/>'],
)
def test_a_head_that_is_no_message_head_names_nothing(data: bytes) -> None:
    assert read_process(data) is None


def test_a_head_that_ends_before_the_process_names_nothing() -> None:
    data = fixture(BASE)
    assert read_process(data[: data.index(b"<Type")]) is None


def test_the_same_message_with_other_line_endings_has_the_same_fingerprint() -> None:
    data = fixture("timer-1.1_innbygger_OET_endring-av-time.xml")
    crlf = parse_message(data)
    lf = parse_message(data.replace(b"\r\n", b"\n"))
    assert isinstance(crlf, PatientRequest)
    assert isinstance(lf, PatientRequest)
    assert crlf.fingerprint() == lf.fingerprint()


def test_different_messages_under_one_msg_id_have_different_fingerprints() -> None:
    first = parse_message(fixture("timer-1.1_innbygger_OET_endring-av-time.xml"))
    second = parse_message(fixture("timer-1.1_innbygger_HE_henvendelse.xml"))
    assert isinstance(first, PatientRequest)
    assert isinstance(second, PatientRequest)
    assert first.msg_id == second.msg_id
    assert first.fingerprint() != second.fingerprint()


# Odd but usable data --------------------------------------------------------------------------

BASE = "timer-1.2_innbygger_HE_henvendelse_dm11.xml"
SPORSMAL = "<Sporsmal>Hei. Må jeg virkelig faste i en uke før jeg møter til timen?</Sporsmal>"


def variant(old: str, new: str, name: str = BASE) -> bytes:
    text = fixture(name).decode("utf-8")
    assert old in text
    return text.replace(old, new).encode("utf-8")


def request_of(data: bytes) -> PatientRequest:
    result = parse_message(data)
    assert isinstance(result, PatientRequest)
    return result


def test_stray_spaces_in_the_code_are_ignored() -> None:
    assert request_of(variant('V="HE"', 'V=" he "')).type_code == "HE"


def test_unknown_code_is_kept_with_a_warning() -> None:
    request = request_of(variant('V="HE"', 'V="XYZ"'))
    assert request.type_code == "XYZ"
    assert request.warnings == (
        "Ukjent TypeForesp-kode «XYZ»: kategorien er foreslått ut fra teksten.",
    )


def test_xhtml_in_sporsmal_becomes_readable_text() -> None:
    markup = (
        '<Sporsmal><div xmlns="http://www.w3.org/1999/xhtml"><p>Hei,</p>'
        "<p>jeg vil <b>flytte</b>\n   timen.<br/>Mvh Line</p>"
        "<ul><li>mandag</li><li>tirsdag &amp; onsdag</li></ul></div></Sporsmal>"
    )
    request = request_of(variant(SPORSMAL, markup))
    assert request.text == "Hei,\njeg vil flytte timen.\nMvh Line\n- mandag\n- tirsdag & onsdag"


def test_escaped_markup_in_sporsmal_becomes_readable_text() -> None:
    escaped = "<Sporsmal>&lt;div&gt;Kan jeg &lt;b&gt;flytte&lt;/b&gt; timen?&lt;/div&gt;</Sporsmal>"
    assert request_of(variant(SPORSMAL, escaped)).text == "Kan jeg flytte timen?"


def test_line_breaks_in_plain_text_are_kept() -> None:
    text = "<Sporsmal>Hei.\r\nKan jeg flytte timen?   \r\n\r\nMvh Line</Sporsmal>"
    assert request_of(variant(SPORSMAL, text)).text == "Hei.\nKan jeg flytte timen?\n\nMvh Line"


def test_html_to_text_handles_tables_and_entities() -> None:
    assert html_to_text("<table><tr><td>Dato</td><td>12.&nbsp;mai</td></tr></table>") == (
        "Dato 12.\xa0mai".replace("\xa0", " ")
    )


def test_gen_date_without_zone_is_utc_with_a_warning() -> None:
    request = request_of(variant("2019-05-01T09:20:11.0Z", "2019-01-15T09:20:11"))
    assert request.sent == oslo(2019, 1, 15, 10, 20, 11)  # winter: UTC+1
    assert "GenDate uten tidssone; lest som UTC." in request.warnings


def test_gen_date_with_offset_is_converted() -> None:
    request = request_of(variant("2019-05-01T09:20:11.0Z", "2019-05-01T12:20:11+03:00"))
    assert request.sent == oslo(2019, 5, 1, 11, 20, 11)


def test_missing_optional_parts_are_tolerated() -> None:
    data = variant("<EmneSporsmal>Spørsmål til timen</EmneSporsmal>", "")
    text = data.decode("utf-8")
    text = re.sub(r"<Patient>.*?</Patient>", "", text, flags=re.S)
    text = re.sub(
        r"<Document>\s*<RefDoc>\s*<MsgType[^>]*/>\s*<MimeType>.*?</Document>", "", text, flags=re.S
    )
    request = request_of(text.encode("utf-8"))
    assert request.subject == ""
    assert request.appointment is None
    assert request.patient_name == ""
    assert "Meldingen mangler pasient." in request.warnings


def test_an_invalid_appointment_time_is_a_warning_not_a_failure() -> None:
    request = request_of(
        variant("<date-time>2019-05-22T11:45:00</date-time>", "<date-time>snart</date-time>")
    )
    assert request.appointment is not None
    assert request.appointment.start is None
    assert "Timeavtalen har et ugyldig tidspunkt i dtstart: «snart»." in request.warnings


def test_iso_8859_1_declared_is_read() -> None:
    text = fixture(BASE).decode("utf-8").replace('encoding="UTF-8"', 'encoding="ISO-8859-1"')
    request = request_of(text.encode("iso-8859-1"))
    assert request.subject == "Spørsmål til timen"
    assert request.receiver.trust_name == "HELSE FØRDE HF"
    assert request.warnings == ()


def test_iso_8859_1_without_declaration_is_read_with_a_warning() -> None:
    text = fixture(BASE).decode("utf-8").replace('<?xml version="1.0" encoding="UTF-8"?>', "")
    request = request_of(text.encode("iso-8859-1"))
    assert request.text.endswith("før jeg møter til timen?")
    assert request.warnings == ("Filen var ikke gyldig UTF-8 og er lest som ISO-8859-1.",)


def test_utf8_byte_order_mark_is_accepted() -> None:
    request = request_of(b"\xef\xbb\xbf" + fixture(BASE))
    assert request.subject == "Spørsmål til timen"


# Rejected files --------------------------------------------------------------------------------

XXE = b"""<?xml version="1.0"?>
<!DOCTYPE MsgHead [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<MsgHead xmlns="http://www.kith.no/xmlstds/msghead/2006-05-24">&xxe;</MsgHead>
"""

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol9 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
<MsgHead xmlns="http://www.kith.no/xmlstds/msghead/2006-05-24">&lol9;</MsgHead>
"""


def truncated() -> bytes:
    data = fixture(BASE)
    return data[: len(data) // 2]


REJECTED = {
    "xxe": (XXE, "Filen peker til en ekstern entitet (XXE); avvist av sikkerhetshensyn."),
    "billion laughs": (
        BILLION_LAUGHS,
        "Filen deklarerer XML-entiteter (mulig «billion laughs»); avvist av sikkerhetshensyn.",
    ),
    "truncated": (truncated(), "Filen er avkortet: XML-en slutter før meldingen er ferdig"),
    "not xml": (b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n", "Filen er ikke XML."),
    "json": (b'{"MsgId": "1"}', "Filen er ikke XML."),
    "empty": (b"", "Filen er tom."),
    "only whitespace": (b"  \r\n\t", "Filen er tom."),
    "broken xml": (b"<MsgHead><MsgInfo></MsgHead>", "Filen er ikke gyldig XML (linje 1, kolonne"),
    "wrong msghead namespace": (
        variant("msghead/2006-05-24", "msghead/2099-01-01"),
        "MsgHead har feil navnerom «http://www.kith.no/xmlstds/msghead/2099-01-01»",
    ),
    "no namespace": (
        b"<MsgHead><MsgInfo/></MsgHead>",
        "MsgHead har feil navnerom «uten navnerom»",
    ),
    "other root": (
        b"<html><body>Hei</body></html>",
        "Ikke en MsgHead-melding (rotelementet er «html»).",
    ),
    "wrong dialog namespace": (
        variant("dialog/2013-01-23", "dialog/2099-01-01"),
        "Ukjent Dialogmelding-versjon (navnerom «http://www.kith.no/xmlstds/dialog/2099-01-01»).",
    ),
    "missing sporsmal": (variant(SPORSMAL, ""), "Foresporsel mangler Sporsmal (meldingsteksten)."),
    "empty sporsmal": (variant(SPORSMAL, "<Sporsmal>  </Sporsmal>"), "Sporsmal er tom"),
    "missing foresporsel": (
        re.sub(rb"<Foresporsel>.*?</Foresporsel>", b"", fixture(BASE), flags=re.S),
        "Dialogmeldingen mangler Foresporsel",
    ),
    "missing msgid": (
        variant(f"<MsgId>{TIMER_ID}</MsgId>", ""),
        "MsgInfo mangler MsgId.",
    ),
    "bad gendate": (
        variant("2019-05-01T09:20:11.0Z", "i går"),
        "GenDate «i går» er ikke et gyldig tidspunkt.",
    ),
    "no dialogmelding": (
        re.sub(rb"<Dialogmelding .*?</Dialogmelding>", b"", fixture(BASE), flags=re.S),
        "Meldingen har ingen Dialogmelding.",
    ),
    "unknown encoding": (
        b'<?xml version="1.0" encoding="x-klingon"?><MsgHead/>',
        "Filen har en tegnkoding som ikke kan leses (x-klingon).",
    ),
}


@pytest.mark.parametrize("case", sorted(REJECTED))
def test_broken_and_hostile_files_are_rejected_with_a_norwegian_reason(case: str) -> None:
    data, reason = REJECTED[case]
    with pytest.raises(RejectedError) as caught:
        parse_message(data)
    message = str(caught.value)
    assert message.startswith(reason)
    assert "\n" not in message


def test_xxe_never_reads_the_file(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("HEMMELIG", encoding="utf-8")
    data = XXE.replace(b"file:///etc/passwd", secret.as_uri().encode())
    with pytest.raises(RejectedError) as caught:
        parse_message(data)
    assert "HEMMELIG" not in str(caught.value)
