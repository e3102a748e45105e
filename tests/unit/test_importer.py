"""Importing files into the inbox: idempotent, nothing dropped, every file accounted for."""

from __future__ import annotations

import contextlib
import io
import shutil
import subprocess
import sys
from collections.abc import Iterable
from datetime import date
from pathlib import Path

import pytest

from tests.conftest import FIXED_NOW, REPO, FakeClock
from tests.unit.test_helsenorge import FIXTURES, TIMEONSKE_ID, TIMER_ID
from tui.cli import main
from tui.core.config.config import UNSORTED, Config, Department
from tui.core.helsenorge.importer import (
    MAX_FILE_BYTES,
    FileResult,
    Importer,
    Outcome,
    department_for,
    variant_id,
)
from tui.core.model import Category, Message, Receiver, Status
from tui.core.store.store import AddResult, Store
from tui.core.workflow.inbox import Inbox

REPLY = "timer-1.1_svar-sykehus_34_kunne-ikke-endres.xml"
OET = "timer-1.1_innbygger_OET_endring-av-time.xml"
HE = "timer-1.1_innbygger_HE_henvendelse.xml"
OAB = "timer-1.1_innbygger_OAB_avslutning.xml"


def copy(names: Iterable[str], folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name in names:
        shutil.copyfile(FIXTURES / name, folder / name)
    return folder


def outcomes(results: Iterable[FileResult]) -> dict[str, Outcome]:
    return {result.name: result.outcome for result in results}


FIXTURE_SUMMARY = (
    "{imported} importert (3 flagget), {existing} fantes fra før, 8 hoppet over (2 svar fra "
    "sykehuset; 1 bekreftelse eller svar fra pasient uten tekst; 1 melding til behandler, ikke "
    "timeinnboksen; 1 melding til koordinator, ikke timeinnboksen; 1 annen prosess, ikke "
    "timeinnboksen; 2 ikke en meldingsfil), 0 avvist."
)


def test_the_fixture_folder_imports_every_patient_message(inbox: Inbox) -> None:
    report = Importer(inbox).import_paths([FIXTURES])
    assert outcomes(report.results) == {
        ".gitattributes": Outcome.SKIPPED,
        "SOURCES.md": Outcome.SKIPPED,
        "avtaleavbestilling-1.0_innbygger_ART_avbestilling_dm11.xml": Outcome.IMPORTED,
        "helsefaglig-dialog_lege-til-sykehus_dm11.xml": Outcome.SKIPPED,
        "helsepersonell_innbygger_melding-til-behandler_dm11.xml": Outcome.SKIPPED,
        "koordinator_innbygger_melding-til-koordinator_dm11.xml": Outcome.SKIPPED,
        "timeonske-1.2_innbygger_OAT_avbestilling.xml": Outcome.IMPORTED,
        "timeonske-1.2_innbygger_OET_endre-time.xml": Outcome.FLAGGED,
        "timeonske-1.2_innbygger_OT_onske-om-time.xml": Outcome.IMPORTED,
        HE: Outcome.IMPORTED,
        OAB: Outcome.IMPORTED,
        OET: Outcome.FLAGGED,
        REPLY: Outcome.SKIPPED,
        "timer-1.2_innbygger_05_timereservasjon-bekreftet_dm11.xml": Outcome.SKIPPED,
        "timer-1.2_innbygger_HE_henvendelse_dm11.xml": Outcome.FLAGGED,
        "timer-1.2_svar-sykehus_07_endring-bekreftet_dm11.xml": Outcome.SKIPPED,
        "timereservasjon-1.2_innbygger_ART_avbestill-reservert-time_dm11.xml": Outcome.IMPORTED,
    }
    assert not report.any_rejected
    assert report.summary() == "17 filer: " + FIXTURE_SUMMARY.format(imported=9, existing=0)
    assert len(inbox.store.messages()) == 9


def test_an_imported_message_carries_everything_the_file_says(inbox: Inbox) -> None:
    Importer(inbox).import_paths([FIXTURES / OAB])
    message = inbox.store.get("dee1d49d-1961-4446-a80f-f209165e0c8a")
    assert message.department == "BLOD"
    assert message.receiver == Receiver("HELSE FØRDE HF", "68", "Blodsykdommer", "90253")
    assert message.received.isoformat() == "2019-05-24T11:20:11+02:00"
    assert message.deadline == date(2019, 5, 31)  # Fri + 4 working days; 30 May: Ascension
    assert (message.category, message.category_reason) == (Category.AVBESTILLING, "kode OAB")
    assert not message.category_confirmed
    assert message.type_code == "OAB"
    assert (message.patient_name, message.patient_id) == ("Line Danser", "13116900216")
    assert message.appointment is not None
    assert message.appointment.uid == "01f79813-2d2e-47f0-b38e-f84a71b74f22"
    assert message.source == f"helsenorge:{OAB}"
    assert message.msg_id == message.id
    assert message.fingerprint
    assert message.flags == []
    entry = message.history[0]
    assert (entry.when, entry.user, entry.action, entry.new) == (
        FIXED_NOW,
        "kari",
        "imported",
        OAB,
    )


def test_code_he_is_classified_from_the_text(inbox: Inbox, tmp_path: Path) -> None:
    text = (
        (FIXTURES / HE)
        .read_bytes()
        .replace(
            "Må jeg virkelig faste i en uke før jeg møter til timen?".encode(),
            "Jeg venter fortsatt på time, har dere glemt meg?".encode(),
        )
    )
    (tmp_path / "he.xml").write_bytes(text)
    Importer(inbox).import_paths([tmp_path / "he.xml"])
    message = inbox.store.get(TIMER_ID)
    assert (message.category, message.category_reason) == (
        Category.PURRING,
        "tekst: 'venter', 'glemt'",
    )
    assert message.category_sure


def test_reimport_adds_nothing_and_says_so(inbox: Inbox) -> None:
    Importer(inbox).import_paths([FIXTURES])
    before = {message.id: message for message in inbox.store.messages()}
    report = Importer(inbox).import_paths([FIXTURES])
    assert report.count(Outcome.EXISTING) == 9
    assert report.new_messages == 0
    assert {message.id: message for message in inbox.store.messages()} == before
    existing = next(result for result in report.results if result.path.name == OAB)
    assert existing.line() == (
        f"fantes fra før      {OAB}: samme melding er importert før "
        "(dee1d49d-1961-4446-a80f-f209165e0c8a)."
    )


def test_a_reimport_with_other_line_endings_is_the_same_message(
    inbox: Inbox, tmp_path: Path
) -> None:
    Importer(inbox).import_paths([FIXTURES / OET])
    (tmp_path / "copy.xml").write_bytes((FIXTURES / OET).read_bytes().replace(b"\r\n", b"\n"))
    report = Importer(inbox).import_paths([tmp_path / "copy.xml"])
    assert outcomes(report.results) == {"copy.xml": Outcome.EXISTING}


def test_the_same_file_twice_in_one_batch_is_imported_once(inbox: Inbox, tmp_path: Path) -> None:
    shutil.copyfile(FIXTURES / OAB, tmp_path / "a.xml")
    shutil.copyfile(FIXTURES / OAB, tmp_path / "b.xml")
    report = Importer(inbox).import_paths([tmp_path])
    assert outcomes(report.results) == {"a.xml": Outcome.IMPORTED, "b.xml": Outcome.EXISTING}
    assert len(inbox.store.messages()) == 1


def test_a_different_message_under_a_known_msg_id_is_imported_and_flagged(inbox: Inbox) -> None:
    Importer(inbox).import_paths([FIXTURES / OET])
    report = Importer(inbox).import_paths([FIXTURES / HE])
    (result,) = report.results
    assert result.outcome is Outcome.FLAGGED
    he = inbox.store.get(result.message_id)
    assert he.id == variant_id(TIMER_ID, he.fingerprint)
    assert he.msg_id == TIMER_ID
    assert he.flags == [
        f"Samme MsgId som en annen melding ({TIMER_ID}), men annet innhold: importert som egen "
        "melding. Sjekk om den er en dublett."
    ]
    original = inbox.store.get(TIMER_ID)
    assert original.text == "Jeg ønsker timen flyttet til onsdag klokken 12."
    assert original.flags == [f"En annen melding med samme MsgId er importert ({he.id})."]
    # Both files again: nothing new, no flag repeated.
    Importer(inbox).import_paths([FIXTURES / OET, FIXTURES / HE])
    assert len(inbox.store.messages()) == 2
    assert inbox.store.get(TIMER_ID).flags == original.flags


def test_unknown_receiver_lands_in_unsorted_never_dropped(inbox: Inbox) -> None:
    report = Importer(inbox).import_paths(
        [FIXTURES / "timeonske-1.2_innbygger_OT_onske-om-time.xml"]
    )
    message = inbox.store.get(report.results[0].message_id)
    assert message.department == UNSORTED
    assert message.flags == [
        "Ukjent mottaker Nanset legekontor (HER 1234): lagt i Usortert. Videresend til riktig "
        "avdeling."
    ]
    assert inbox.config.department_name(UNSORTED) == "Usortert (ukjent mottaker)"


def test_a_fallback_department_takes_unknown_receivers(inbox: Inbox) -> None:
    importer = Importer(inbox, fallback_department="ORT")
    report = importer.import_paths([FIXTURES / "timeonske-1.2_innbygger_OT_onske-om-time.xml"])
    message = inbox.store.get(report.results[0].message_id)
    assert message.department == "ORT"
    assert "fordi filen kom i avdelingens mappe" in message.flags[0]


def test_department_comes_from_the_department_her_id_then_the_trust() -> None:
    config = Config(
        departments=(
            Department("HELE", "Hele Førde", her_ids=("68",)),
            Department("BLOD", "Blodsykdommer", her_ids=("90253",)),
        )
    )
    assert department_for(Receiver("Førde", "68", "Blod", "90253"), config) == "BLOD"
    assert department_for(Receiver("Førde", "68", "Annen", "99999"), config) == "HELE"
    assert department_for(Receiver("Annen", "1", "", ""), config) is None
    assert department_for(Receiver(), config) is None


def test_deadline_follows_the_mapped_department(config: Config, store: Store) -> None:
    nevro = Config(
        departments=(Department("NEVRO", "Nevrologi", her_ids=("1234",), deadline_days=2),),
        deadline_days=4,
    )
    inbox = Inbox(store, nevro, "kari", FakeClock())
    report = Importer(inbox).import_paths(
        [FIXTURES / "timeonske-1.2_innbygger_OT_onske-om-time.xml"]
    )
    message = inbox.store.get(report.results[0].message_id)
    assert message.department == "NEVRO"
    assert message.deadline == date(2019, 5, 21)  # Thu 16 May + 2; 17 May is a holiday


def test_a_reply_is_skipped_and_does_not_answer_the_message(inbox: Inbox, tmp_path: Path) -> None:
    # A patient message whose MsgId is the one the reply refers to.
    request = (
        (FIXTURES / OAB)
        .read_bytes()
        .replace(b"dee1d49d-1961-4446-a80f-f209165e0c8a", b"a612e961-1fbf-11e5-867f-0800200c9a66")
    )
    (tmp_path / "request.xml").write_bytes(request)
    Importer(inbox).import_paths([tmp_path / "request.xml"])
    report = Importer(inbox).import_paths([FIXTURES / REPLY])
    (result,) = report.results
    assert result.outcome is Outcome.SKIPPED
    assert result.reason == (
        "Svar fra sykehuset (34 Timen kunne ikke endres), ikke en ny melding fra pasient. "
        "Gjelder meldingen mottatt fr 24.05.2019 11:20, som fortsatt er åpen: merk den besvart "
        "(b) når svaret er sendt."
    )
    assert inbox.store.get("a612e961-1fbf-11e5-867f-0800200c9a66").status is Status.NEW


def test_broken_files_are_rejected_and_the_good_ones_still_imported(
    inbox: Inbox, tmp_path: Path
) -> None:
    copy([OAB], tmp_path)
    (tmp_path / "tom.xml").write_bytes(b"")
    (tmp_path / "stor.xml").write_bytes(b"<" + b"x" * MAX_FILE_BYTES)
    (tmp_path / "notater.txt").write_text("<ikke en melding>", encoding="utf-8")  # a document
    report = Importer(inbox).import_paths([tmp_path, tmp_path / "mangler.xml"])
    assert [result.line() for result in report.results] == [
        "hoppet over         notater.txt: Ikke en meldingsfil (.txt): ikke lest.",
        f"AVVIST              mangler.xml: Finnes ikke ({tmp_path / 'mangler.xml'}).",
        "AVVIST              stor.xml: Filen er for stor (1000 kB; grensen er 1000 kB).",
        f"importert           {OAB}: BLOD, Avbestilling (kode OAB)",
        "AVVIST              tom.xml: Filen er tom.",
    ]
    assert report.any_rejected
    assert [message.id for message in inbox.store.messages()] == [
        "dee1d49d-1961-4446-a80f-f209165e0c8a"
    ]


class RacingStore(Store):
    """A store where another clerk adds a different message with the same id just before us."""

    def __init__(self, path: Path, rival: Message) -> None:
        super().__init__(path)
        self.rival: Message | None = rival

    def add(self, messages: Iterable[Message]) -> AddResult:
        if self.rival is not None:
            rival, self.rival = self.rival, None
            super().add([rival])
        return super().add(messages)


def test_a_rival_import_of_the_same_msg_id_is_detected_not_lost(
    tmp_path: Path, config: Config, clock: FakeClock
) -> None:
    rival_inbox = Inbox(Store(tmp_path / "rival.json"), config, "per", clock)
    Importer(rival_inbox).import_paths([FIXTURES / HE])
    rival = rival_inbox.store.get(TIMER_ID)
    inbox = Inbox(RacingStore(tmp_path / "inbox.json", rival), config, "kari", clock)
    report = Importer(inbox).import_paths([FIXTURES / OET])
    (result,) = report.results
    assert result.outcome is Outcome.FLAGGED
    ids = sorted(message.id for message in inbox.store.messages())
    assert ids == sorted([TIMER_ID, result.message_id])
    assert inbox.store.get(result.message_id).text.startswith("Jeg ønsker timen flyttet")


def test_parallel_imports_of_one_folder_add_each_message_once(
    tmp_path: Path, db_path: Path
) -> None:
    folder = copy([path.name for path in FIXTURES.glob("*.xml")], tmp_path / "inn")
    config = REPO / "data" / "config.example.toml"
    Store(db_path).prepare()  # a database named by --db is made by an explicit step
    command = [sys.executable, "-m", "tui", "import", str(folder), "--db", str(db_path)]
    processes = [
        subprocess.Popen(
            [*command, "--config", str(config), "--user", f"clerk{n}"],
            stdout=subprocess.DEVNULL,
            cwd=REPO,
        )
        for n in range(4)
    ]
    assert [process.wait(timeout=60) for process in processes] == [0, 0, 0, 0]
    messages = Store(db_path).messages()
    assert len(messages) == 9
    assert len({message.id for message in messages}) == 9
    assert {message.msg_id for message in messages} == {
        TIMER_ID,
        TIMEONSKE_ID,
        "9277ad96-a664-42d0-90bf-e6130206b33a",
        "dee1d49d-1961-4446-a80f-f209165e0c8a",
        "c41d7e38-2a9b-4b57-8e0f-71a3c9d2b644",
        "e8a05b71-c3d2-4e96-9f14-0b7d2a6c5e38",
    }


# The command line ------------------------------------------------------------------------------


def cli(db_path: Path, *args: str) -> int:
    """`timedialog import ARGS` into the database at `db_path`, made first if missing."""
    config = str(REPO / "data" / "config.example.toml")
    if not db_path.exists():
        with contextlib.redirect_stdout(io.StringIO()):  # the tests read the import's output
            assert main(["init", "--db", str(db_path), "--config", config]) == 0
    return main(["import", *args, "--db", str(db_path), "--config", config, "--lang", "nb"])


def test_cli_import_prints_a_line_per_file_and_exits_zero(
    db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli(db_path, str(FIXTURES)) == 0
    out = capsys.readouterr().out.splitlines()
    assert f"importert           {OAB}: BLOD, Avbestilling (kode OAB)" in out
    assert out[-1] == "17 filer: " + FIXTURE_SUMMARY.format(imported=9, existing=0)
    assert (
        "    merknad: Timeavtalen slutter før den starter (dtstart 06.06.2019 11:45, dtend "
        "06.06.2014 12:00)." in out
    )
    assert "13116900216" not in "\n".join(out)  # no identifier in the output
    assert cli(db_path, str(FIXTURES)) == 0
    assert capsys.readouterr().out.splitlines()[-1] == "17 filer: " + FIXTURE_SUMMARY.format(
        imported=0, existing=9
    ).replace("(3 flagget)", "(0 flagget)")


def test_cli_import_exits_non_zero_on_a_rejected_file_but_imports_the_rest(
    db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = copy([OAB], tmp_path / "inn")
    (folder / "avkortet.xml").write_bytes((FIXTURES / OET).read_bytes()[:900])
    assert cli(db_path, str(folder)) == 1
    out = capsys.readouterr().out
    assert "AVVIST              avkortet.xml: Filen er avkortet" in out
    assert [message.id for message in Store(db_path).messages()] == [
        "dee1d49d-1961-4446-a80f-f209165e0c8a"
    ]


def test_cli_import_of_an_empty_folder_says_so_and_fails(
    db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    assert cli(db_path, str(empty)) == 1
    assert capsys.readouterr().out == (
        "Ingen filer å importere: fant ingen meldingsfiler (.xml, alene eller i .zip).\n"
    )


def test_cli_import_of_a_folder_of_documents_names_them_and_fails(
    db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    documents = tmp_path / "documents"
    documents.mkdir()
    (documents / "brev.pdf").write_bytes(b"%PDF-1.4\n")
    (documents / "notat.txt").write_text("Husk møtet", encoding="utf-8")
    assert cli(db_path, str(documents)) == 1
    assert capsys.readouterr().out.splitlines() == [
        "hoppet over         brev.pdf: Ikke en meldingsfil (.pdf): ikke lest.",
        "hoppet over         notat.txt: Ikke en meldingsfil (.txt): ikke lest.",
        "2 filer: 0 importert (0 flagget), 0 fantes fra før, 2 hoppet over (2 ikke en "
        "meldingsfil), 0 avvist.",
        "Ingen filer å importere: fant ingen meldingsfiler (.xml, alene eller i .zip).",
    ]
