"""A hospital's real feed: every kind of message, folders, zip archives, batches in any order."""

from __future__ import annotations

import io
import os
import shutil
import zipfile
from pathlib import Path

import pytest

from tests.unit.test_helsenorge import FIXTURES, large_clinician_dialogue
from tests.unit.test_importer import HE, OAB, OET, REPLY, cli
from tui.core.helsenorge import message_files
from tui.core.helsenorge.importer import FileResult, Importer, ImportReport, Outcome
from tui.core.helsenorge.processes import SkipKind
from tui.core.model import Category
from tui.core.store.store import Store
from tui.core.workflow.inbox import Inbox

CONFIRMATION = "timer-1.2_innbygger_05_timereservasjon-bekreftet_dm11.xml"
RESERVATION = "timereservasjon-1.2_innbygger_ART_avbestill-reservert-time_dm11.xml"
CANCELLATION = "avtaleavbestilling-1.0_innbygger_ART_avbestilling_dm11.xml"
CLINICIAN = "helsepersonell_innbygger_melding-til-behandler_dm11.xml"
COORDINATOR = "koordinator_innbygger_melding-til-koordinator_dm11.xml"
OAB_ID = "dee1d49d-1961-4446-a80f-f209165e0c8a"
REPLY_PARENT = "a612e961-1fbf-11e5-867f-0800200c9a66"


def by_name(report: ImportReport) -> dict[str, FileResult]:
    return {result.name: result for result in report.results}


def zip_of(path: Path, members: dict[str, bytes], method: int = zipfile.ZIP_DEFLATED) -> Path:
    with zipfile.ZipFile(path, "w", compression=method) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path


def fixture_bytes(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


# The kinds of message ---------------------------------------------------------------------


def test_a_patients_cancellation_of_a_reserved_appointment_is_an_avbestilling(
    inbox: Inbox,
) -> None:
    report = Importer(inbox).import_paths([FIXTURES / RESERVATION, FIXTURES / CANCELLATION])
    assert [result.outcome for result in report.results] == [Outcome.IMPORTED] * 2
    reserved = inbox.store.get("c41d7e38-2a9b-4b57-8e0f-71a3c9d2b644")
    assert reserved.category is Category.AVBESTILLING
    assert reserved.text == "Har blitt syk og kan ikke møte til timen."
    assert reserved.department == "BLOD"
    assert reserved.appointment is not None
    assert reserved.appointment.uid == "3f9a1c2e-77b4-4d8e-b1a0-6c2d5e8f9a13"
    assert reserved.appointment.location == "Poliklinikk for blodsykdommer, 2. etasje"
    assert reserved.appointment.start is not None
    assert f"{reserved.appointment.start:%d.%m.%Y %H:%M}" == "01.12.2026 09:30"
    cancelled = inbox.store.get("e8a05b71-c3d2-4e96-9f14-0b7d2a6c5e38")
    assert cancelled.category is Category.AVBESTILLING


def test_the_cancellation_process_is_a_cancellation_whatever_its_text_says(
    inbox: Inbox, tmp_path: Path
) -> None:
    data = (
        fixture_bytes(CANCELLATION)
        .replace(b' V="ART" DN="Avbestill reservert time"', b' V="HE" DN="Henvendelse"')
        .replace("Jeg er bortreist og kan dessverre ikke komme på mandag.".encode(), b"Hei.")
    )
    (tmp_path / "avbestilling.xml").write_bytes(data)
    Importer(inbox).import_paths([tmp_path / "avbestilling.xml"])
    message = inbox.store.get("e8a05b71-c3d2-4e96-9f14-0b7d2a6c5e38")
    assert (message.category, message.category_reason) == (
        Category.AVBESTILLING,
        "prosess Avtaleavbestilling",
    )


def test_a_confirmation_exits_zero_and_names_the_conversation_it_confirms(
    db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli(db_path, str(FIXTURES / CONFIRMATION)) == 0
    assert capsys.readouterr().out.splitlines() == [
        f"hoppet over         {CONFIRMATION}: Pasientens bekreftelse av timen (05 "
        "Timereservasjon bekreftet): trenger ikke svar.",
        "1 fil: 0 importert (0 flagget), 0 fantes fra før, 1 hoppet over (1 bekreftelse "
        "eller svar fra pasient uten tekst), 0 avvist.",
    ]
    assert Store(db_path).messages() == []


def test_messages_to_a_clinician_or_coordinator_are_counted_for_the_clerk(
    db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli(db_path, str(FIXTURES / CLINICIAN), str(FIXTURES / COORDINATOR)) == 0
    out = capsys.readouterr().out
    assert "melding til behandler, ikke timeinnboksen" in out
    assert out.splitlines()[-1] == (
        "2 filer: 0 importert (0 flagget), 0 fantes fra før, 2 hoppet over (1 melding til "
        "behandler, ikke timeinnboksen; 1 melding til koordinator, ikke timeinnboksen), 0 avvist."
    )


def test_a_large_message_of_another_process_is_skipped_not_refused(
    db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "dialog.xml").write_bytes(large_clinician_dialogue())
    assert cli(db_path, str(tmp_path / "dialog.xml")) == 0
    assert capsys.readouterr().out.splitlines()[0] == (
        "hoppet over         dialog.xml: Helsefaglig dialog mellom helsepersonell "
        "(DIALOG_HELSEFAGLIG): annen prosess, ikke timeinnboksen."
    )


def test_a_large_message_the_inbox_would_take_is_refused_for_its_size(
    inbox: Inbox, tmp_path: Path
) -> None:
    text = "Jeg må flytte timen. " * 60_000
    data = fixture_bytes(OAB).replace(
        b"Hei. Jeg \xc3\xb8nsker ikke \xc3\xa5 fortsette med denne behandlingen.", text.encode()
    )
    assert len(data) > message_files.MAX_FILE_BYTES
    (tmp_path / "stor.xml").write_bytes(data)
    (result,) = Importer(inbox).import_paths([tmp_path / "stor.xml"]).results
    assert result.outcome is Outcome.REJECTED
    assert result.reason.startswith("Filen er for stor (")


def test_encodings_a_real_feed_sends_are_all_read(inbox: Inbox, tmp_path: Path) -> None:
    text = fixture_bytes(OAB).decode("utf-8")
    (tmp_path / "utf16.xml").write_bytes(
        text.replace('encoding="UTF-8"', 'encoding="UTF-16"').encode("utf-16")
    )
    (tmp_path / "cp1252.xml").write_bytes(
        text.replace('encoding="UTF-8"', 'encoding="windows-1252"')
        .replace(OAB_ID, "11111111-1961-4446-a80f-f209165e0c8a")
        .encode("cp1252")
    )
    report = Importer(inbox).import_paths([tmp_path])
    assert {result.name: result.outcome for result in report.results} == {
        "cp1252.xml": Outcome.IMPORTED,
        "utf16.xml": Outcome.IMPORTED,
    }
    assert {message.receiver.trust_name for message in inbox.store.messages()} == {"HELSE FØRDE HF"}


# A batch in any order -------------------------------------------------------------------------


def request_answered_by_the_reply() -> bytes:
    """A patient message whose MsgId is the one the hospital's reply refers to."""
    return fixture_bytes(OAB).replace(OAB_ID.encode(), REPLY_PARENT.encode())


@pytest.mark.parametrize(
    "names", [("a-melding.xml", "b-svar.xml"), ("b-melding.xml", "a-svar.xml")]
)
def test_a_reply_in_the_same_batch_is_linked_whatever_the_order(
    inbox: Inbox, tmp_path: Path, names: tuple[str, str]
) -> None:
    request_name, reply_name = names
    (tmp_path / request_name).write_bytes(request_answered_by_the_reply())
    shutil.copyfile(FIXTURES / REPLY, tmp_path / reply_name)
    report = Importer(inbox).import_paths([tmp_path])
    results = by_name(report)
    assert results[request_name].outcome is Outcome.IMPORTED
    assert results[reply_name].reason == (
        "Svar fra sykehuset (34 Timen kunne ikke endres), ikke en ny melding fra pasient. "
        "Gjelder meldingen mottatt fr 24.05.2019 11:20, som fortsatt er åpen: merk den besvart "
        "(b) når svaret er sendt."
    )


def test_a_confirmation_names_the_message_it_confirms_without_asking_for_a_reply(
    inbox: Inbox, tmp_path: Path
) -> None:
    (tmp_path / "innkalling.xml").write_bytes(
        fixture_bytes(OAB).replace(OAB_ID.encode(), b"5e0c7a92-8b1d-4c6a-a2f3-9d4b6e1f7a20")
    )
    shutil.copyfile(FIXTURES / CONFIRMATION, tmp_path / "bekreftelse.xml")
    results = by_name(Importer(inbox).import_paths([tmp_path]))
    assert results["bekreftelse.xml"].reason == (
        "Pasientens bekreftelse av timen (05 Timereservasjon bekreftet): trenger ikke svar. "
        "Gjelder meldingen mottatt fr 24.05.2019 11:20 (ny)."
    )


# Folders ----------------------------------------------------------------------------------


def test_a_folder_is_read_recursively_and_every_other_file_is_named(
    inbox: Inbox, tmp_path: Path
) -> None:
    (tmp_path / "2026" / "11").mkdir(parents=True)
    shutil.copyfile(FIXTURES / OAB, tmp_path / "2026" / "11" / OAB)
    shutil.copyfile(FIXTURES / HE, tmp_path / "2026" / HE)
    (tmp_path / "2026" / "11" / "kvittering.pdf").write_bytes(b"%PDF-1.4\n")
    (tmp_path / "melding-uten-filtype").write_bytes(fixture_bytes(OET))
    (tmp_path / ".skjult").mkdir()
    (tmp_path / ".skjult" / OAB).write_bytes(fixture_bytes(OAB))
    os.symlink(tmp_path, tmp_path / "2026" / "lenke-til-toppen")  # a loop, never followed
    report = Importer(inbox).import_paths([tmp_path])
    assert [result.line() for result in report.results[:4]] == [
        "hoppet over         .skjult: Skjult fil eller mappe: ikke lest.",
        "hoppet over         kvittering.pdf: Ikke en meldingsfil (.pdf): ikke lest.",
        "hoppet over         lenke-til-toppen: Ikke en vanlig fil: ikke lest.",
        f"importert           {OAB}: BLOD, Avbestilling (kode OAB)",
    ]
    assert {result.name: result.outcome for result in report.results[3:]} == {
        OAB: Outcome.IMPORTED,
        HE: Outcome.IMPORTED,
        "melding-uten-filtype": Outcome.FLAGGED,  # XML by its content; OET shares HE's MsgId
    }
    assert len(inbox.store.messages()) == 3


# Zip archives -------------------------------------------------------------------------------


def test_a_zip_archive_is_imported_member_by_member_and_idempotently(
    inbox: Inbox, tmp_path: Path
) -> None:
    archive = zip_of(
        tmp_path / "levering.zip",
        {
            "inn/": b"",
            f"inn/{OAB}": fixture_bytes(OAB),
            f"inn/{REPLY}": fixture_bytes(REPLY),
            "inn/vedlegg.pdf": b"%PDF-1.4\n",
            "inn/tom.xml": b"",
        },
    )
    report = Importer(inbox).import_paths([archive])
    assert [result.line() for result in report.results] == [
        f"importert           levering.zip:inn/{OAB}: BLOD, Avbestilling (kode OAB)",
        f"hoppet over         levering.zip:inn/{REPLY}: Svar fra sykehuset (34 Timen kunne "
        "ikke endres), ikke en ny melding fra pasient.",
        "hoppet over         levering.zip:inn/vedlegg.pdf: Ikke en meldingsfil (.pdf): ikke lest.",
        "AVVIST              levering.zip:inn/tom.xml: Filen er tom.",
    ]
    message = inbox.store.get(OAB_ID)
    assert message.source == f"helsenorge:levering.zip:inn/{OAB}"
    # The same message again, as a plain file or in the archive: already there.
    again = Importer(inbox).import_paths([archive, FIXTURES / OAB])
    assert again.results[0].outcome is Outcome.EXISTING
    assert again.results[-1].outcome is Outcome.EXISTING
    assert len(inbox.store.messages()) == 1


def test_a_zip_inside_a_folder_is_read_and_a_zip_inside_a_zip_is_refused(
    inbox: Inbox, tmp_path: Path
) -> None:
    inner = io.BytesIO()
    with zipfile.ZipFile(inner, "w") as archive:
        archive.writestr(OET, fixture_bytes(OET))
    zip_of(
        tmp_path / "arkiv.zip",
        {OAB: fixture_bytes(OAB), "indre.zip": inner.getvalue(), "indre.xml": inner.getvalue()},
    )
    report = Importer(inbox).import_paths([tmp_path])
    assert [(result.name, result.outcome) for result in report.results] == [
        (f"arkiv.zip:{OAB}", Outcome.IMPORTED),
        ("arkiv.zip:indre.zip", Outcome.REJECTED),
        ("arkiv.zip:indre.xml", Outcome.REJECTED),
    ]
    assert report.results[1].reason == "Et arkiv inne i arkivet åpnes ikke; pakk det ut først."


def test_member_names_cannot_write_anywhere(inbox: Inbox, tmp_path: Path) -> None:
    folder = tmp_path / "inn"
    folder.mkdir()
    archive = zip_of(
        folder / "triks.zip",
        {"../../utenfor.xml": fixture_bytes(OAB), "/etc/absolutt.xml": fixture_bytes(HE)},
    )
    before = sorted(path.name for path in folder.rglob("*"))
    report = Importer(inbox).import_paths([archive])
    assert [result.name for result in report.results] == [
        "triks.zip:../../utenfor.xml",
        "triks.zip:/etc/absolutt.xml",
    ]
    assert [result.outcome for result in report.results] == [Outcome.IMPORTED] * 2
    assert sorted(path.name for path in folder.rglob("*")) == before  # nothing extracted
    assert not (tmp_path / "utenfor.xml").exists()
    assert not (tmp_path.parent / "utenfor.xml").exists()
    assert not Path("/etc/absolutt.xml").exists()


def test_a_zip_bomb_is_refused(inbox: Inbox, tmp_path: Path) -> None:
    bomb = zip_of(tmp_path / "bombe.zip", {"null.xml": b"<" + b"\0" * 30_000_000, OAB: b""})
    assert bomb.stat().st_size < 100_000
    report = Importer(inbox).import_paths([bomb])
    assert report.results[0].outcome is Outcome.REJECTED
    assert report.results[0].reason.startswith("Pakket sammen ")
    assert "mulig zip-bombe" in report.results[0].reason


def test_an_archive_claiming_too_much_is_refused_whole(
    inbox: Inbox, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(message_files, "MAX_ARCHIVE_BYTES", 5_000)
    archive = zip_of(tmp_path / "stor.zip", {OAB: fixture_bytes(OAB), HE: fixture_bytes(HE)})
    (result,) = Importer(inbox).import_paths([archive]).results
    assert (result.name, result.outcome) == ("stor.zip", Outcome.REJECTED)
    assert "mulig zip-bombe" in result.reason
    assert inbox.store.messages() == []


def test_an_archive_with_too_many_members_is_refused_whole(
    inbox: Inbox, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(message_files, "MAX_MEMBERS", 2)
    archive = zip_of(tmp_path / "mange.zip", {f"{n}.xml": fixture_bytes(OAB) for n in range(3)})
    (result,) = Importer(inbox).import_paths([archive]).results
    assert result.reason == "Arkivet har 3 filer; grensen er 2. Ingenting er lest fra det."


def test_a_damaged_archive_is_rejected_with_a_reason(inbox: Inbox, tmp_path: Path) -> None:
    archive = zip_of(tmp_path / "skadet.zip", {OAB: fixture_bytes(OAB)})
    archive.write_bytes(archive.read_bytes()[:200])
    (result,) = Importer(inbox).import_paths([archive]).results
    assert result.outcome is Outcome.REJECTED
    assert result.reason.startswith("Arkivet er skadet eller ikke et zip-arkiv")


def test_a_large_member_of_another_process_is_skipped(inbox: Inbox, tmp_path: Path) -> None:
    archive = zip_of(tmp_path / "dialog.zip", {"dialog.xml": large_clinician_dialogue()})
    (result,) = Importer(inbox).import_paths([archive]).results
    assert result.outcome is Outcome.SKIPPED
    assert result.kind is SkipKind.OTHER_PROCESS


def test_cli_names_every_kind_in_the_summary_and_exits_zero(
    db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    zip_of(
        tmp_path / "natt.zip",
        {name: fixture_bytes(name) for name in (RESERVATION, CONFIRMATION, CLINICIAN, REPLY)},
    )
    assert cli(db_path, str(tmp_path / "natt.zip")) == 0
    assert capsys.readouterr().out.splitlines()[-1] == (
        "4 filer: 1 importert (0 flagget), 0 fantes fra før, 3 hoppet over (1 svar fra "
        "sykehuset; 1 bekreftelse eller svar fra pasient uten tekst; 1 melding til behandler, "
        "ikke timeinnboksen), 0 avvist."
    )


def test_an_archive_without_message_files_is_nothing_to_import(
    db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    zip_of(tmp_path / "skannet.zip", {"side1.pdf": b"%PDF-1.4\n", "side2.jpg": b"\xff\xd8\xff"})
    assert cli(db_path, str(tmp_path / "skannet.zip")) == 1
    assert capsys.readouterr().out.splitlines()[-1] == (
        "Ingen filer å importere: fant ingen meldingsfiler (.xml, alene eller i .zip)."
    )
