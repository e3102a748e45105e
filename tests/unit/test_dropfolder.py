"""Drop folders: files are imported, then moved to done/, skipped/ or rejected/; none deleted."""

from __future__ import annotations

import dataclasses
import os
import shutil
import stat
import time
import zipfile
from collections.abc import Iterable
from pathlib import Path

import pytest
from filelock import FileLock

from tests.conftest import FakeClock
from tests.unit.test_helsenorge import FIXTURES
from tui.core.config.config import UNSORTED, Config, ConfigError, parse_config
from tui.core.helsenorge.drop_record import MovedRecord
from tui.core.helsenorge.dropfolder import (
    LOCK_NAME,
    DropFolder,
    DropFolderError,
    DropFolderScanner,
    drop_folders,
    free_name,
    purge_drop_folders,
    unsafe_drop_folder,
)
from tui.core.helsenorge.importer import Outcome
from tui.core.helsenorge.message_files import OWN_PREFIX
from tui.core.model import Message
from tui.core.store.store import AddResult, Store, StoreError
from tui.core.workflow.inbox import Inbox

OAB = "timer-1.1_innbygger_OAB_avslutning.xml"
REPLY = "timer-1.1_svar-sykehus_34_kunne-ikke-endres.xml"
OT = "timeonske-1.2_innbygger_OT_onske-om-time.xml"


def drop(folder: Path, *names: str) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name in names:
        shutil.copyfile(FIXTURES / name, folder / name)


def tree(folder: Path) -> list[str]:
    return sorted(
        str(path.relative_to(folder))
        for path in folder.rglob("*")
        if path.is_file() and not path.name.startswith(OWN_PREFIX)  # the lock, the record
    )


def scanner(inbox: Inbox, folder: Path, department: str | None = None) -> DropFolderScanner:
    return DropFolderScanner(inbox, DropFolder(folder, department), settle_seconds=0)


def test_config_reads_drop_folders_relative_to_the_config_file(tmp_path: Path) -> None:
    config = parse_config(
        {
            "general": {"drop_folder": "inn"},
            "departments": [
                {"code": "ORT", "name": "Ortopedi", "drop_folder": "~/ort-inn"},
                {"code": "BLOD", "name": "Blod"},
            ],
        },
        tmp_path / "config.toml",
    )
    assert config.drop_folder == tmp_path / "inn"
    assert drop_folders(config) == [
        DropFolder(tmp_path / "inn"),
        DropFolder(Path("~/ort-inn").expanduser(), "ORT"),
    ]
    assert drop_folders(parse_config({})) == []
    with pytest.raises(ConfigError, match="drop_folder: må være en tekst i anførselstegn"):
        parse_config({"general": {"drop_folder": 5}}, tmp_path / "config.toml")


def test_a_scan_imports_and_moves_every_file_out_of_the_way(inbox: Inbox, tmp_path: Path) -> None:
    folder = tmp_path / "inn"
    drop(folder, OAB, REPLY)
    (folder / "junk.xml").write_bytes(b"")
    scan = scanner(inbox, folder).scan()
    assert {result.path.name: result.outcome for result in scan.report.results} == {
        OAB: Outcome.IMPORTED,
        REPLY: Outcome.SKIPPED,
        "junk.xml": Outcome.REJECTED,
    }
    assert scan.problems == ()
    assert tree(folder) == [
        f"done/{OAB}",
        "rejected/junk.xml",
        "rejected/junk.xml.reason.txt",
        f"skipped/{REPLY}",
        f"skipped/{REPLY}.reason.txt",
    ]
    assert (folder / "rejected" / "junk.xml.reason.txt").read_text(encoding="utf-8") == (
        "AVVIST: Filen er tom.\n"
    )
    assert (
        (folder / "skipped" / f"{REPLY}.reason.txt")
        .read_text(encoding="utf-8")
        .startswith("hoppet over: Svar fra sykehuset (34 Timen kunne ikke endres)")
    )
    assert stat.S_IMODE((folder / "rejected" / "junk.xml.reason.txt").stat().st_mode) == 0o600
    assert stat.S_IMODE((folder / "done").stat().st_mode) == 0o700
    assert [message.id for message in inbox.store.messages()] == [
        "dee1d49d-1961-4446-a80f-f209165e0c8a"
    ]
    # The moved files are byte for byte what was dropped.
    assert (folder / "done" / OAB).read_bytes() == (FIXTURES / OAB).read_bytes()


def test_dropping_the_same_file_again_adds_nothing_and_keeps_both_copies(
    inbox: Inbox, tmp_path: Path
) -> None:
    folder = tmp_path / "inn"
    drop(folder, OAB)
    scanner(inbox, folder).scan()
    drop(folder, OAB)
    scan = scanner(inbox, folder).scan()
    assert [result.outcome for result in scan.report.results] == [Outcome.EXISTING]
    stem = OAB.removesuffix(".xml")
    assert tree(folder) == [f"done/{stem}-2.xml", f"done/{OAB}"]
    assert len(inbox.store.messages()) == 1


def test_hidden_partial_and_unsettled_files_are_left_alone(inbox: Inbox, tmp_path: Path) -> None:
    folder = tmp_path / "inn"
    drop(folder, OAB)
    for name in (".skjult.xml", "melding.xml.tmp", "melding.xml.part", "melding.xml~"):
        (folder / name).write_bytes(b"halvferdig")
    (folder / "undermappe").mkdir()
    mtime = (folder / OAB).stat().st_mtime
    waiting = DropFolderScanner(
        inbox, DropFolder(folder), settle_seconds=5, wall_clock=lambda: mtime + 1
    )
    assert waiting.ready_files() == []  # written a second ago: may still be arriving
    assert waiting.ready_files() == [folder / OAB]  # unchanged since the last look
    later = DropFolderScanner(
        inbox, DropFolder(folder), settle_seconds=5, wall_clock=lambda: mtime + 6
    )
    assert later.ready_files() == [folder / OAB]
    later.scan()
    assert tree(folder) == [
        ".skjult.xml",
        f"done/{OAB}",
        "melding.xml.part",
        "melding.xml.tmp",
        "melding.xml~",
    ]


def test_another_clerks_scan_in_progress_is_left_to_finish(inbox: Inbox, tmp_path: Path) -> None:
    folder = tmp_path / "inn"
    drop(folder, OAB)
    with FileLock(folder / LOCK_NAME):
        # Held by this thread, so a second FileLock object in the same process still waits:
        # the scanner must give up at once rather than block.
        scan = scanner(inbox, folder).scan()
    assert scan.report.results == ()
    assert tree(folder) == [OAB]


def test_a_missing_drop_folder_is_an_error_for_the_clerk(inbox: Inbox, tmp_path: Path) -> None:
    with pytest.raises(DropFolderError, match=r"Slippmappen .*mangler finnes ikke\."):
        scanner(inbox, tmp_path / "mangler").scan()
    assert not (tmp_path / "mangler").exists()  # never created behind the clerk's back


def test_a_department_folder_takes_messages_with_unknown_receivers(
    inbox: Inbox, tmp_path: Path
) -> None:
    folder = tmp_path / "ort"
    drop(folder, OT, OAB)
    scanner(inbox, folder, "ORT").scan()
    departments = {message.type_code: message.department for message in inbox.store.messages()}
    # OT's receiver is unknown: the folder's department. OAB's HER-id is BLOD's: that wins.
    assert departments == {"OT": "ORT", "OAB": "BLOD"}


def test_the_general_folder_puts_unknown_receivers_in_unsorted(
    inbox: Inbox, tmp_path: Path
) -> None:
    drop(tmp_path / "inn", OT)
    scanner(inbox, tmp_path / "inn").scan()
    assert [message.department for message in inbox.store.messages()] == [UNSORTED]


class FailingStore(Store):
    def add(self, messages: Iterable[Message]) -> AddResult:
        raise StoreError("Databasen er låst av en annen prosess. Prøv igjen.")


def test_files_stay_when_the_database_cannot_be_written(
    tmp_path: Path, config: Config, clock: FakeClock
) -> None:
    folder = tmp_path / "inn"
    drop(folder, OAB)
    inbox = Inbox(FailingStore(tmp_path / "db.json"), config, "kari", clock)
    with pytest.raises(StoreError):
        scanner(inbox, folder).scan()
    assert tree(folder) == [OAB]


def test_free_name_never_overwrites(tmp_path: Path) -> None:
    (tmp_path / "a.xml").write_bytes(b"1")
    (tmp_path / "a-2.xml.reason.txt").write_bytes(b"1")
    assert free_name(tmp_path, "a.xml") == tmp_path / "a-3.xml"
    assert free_name(tmp_path, "b.xml") == tmp_path / "b.xml"


def test_a_file_that_cannot_be_moved_is_reported_and_stays(
    inbox: Inbox, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "inn"
    drop(folder, OAB)

    def refuse(source: object, target: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(os, "rename", refuse)
    scan = scanner(inbox, folder).scan()
    assert scan.problems == (
        f"Kunne ikke flytte {OAB} til {folder / 'done'}: "
        "du har ikke skrivetilgang til mappen eller filen.",
    )
    assert tree(folder) == [OAB]
    assert len(inbox.store.messages()) == 1


# Only the kinds the import reads (issue 18: a drop folder among other documents) -------------


def test_other_documents_stay_where_they_are_and_are_named_once(
    inbox: Inbox, tmp_path: Path
) -> None:
    folder = tmp_path / "inn"
    drop(folder, OAB)
    (folder / "referat.txt").write_text("<møtereferat>", encoding="utf-8")
    (folder / "brev.pdf").write_bytes(b"%PDF-1.4\n")
    (folder / "bilder").mkdir()
    (folder / "uten-filtype").write_bytes(b"bare tekst")
    watching = scanner(inbox, folder)
    first = watching.scan()
    assert [result.name for result in first.report.results] == [OAB]
    assert sorted(first.left) == ["bilder", "brev.pdf", "referat.txt", "uten-filtype"]
    assert tree(folder) == ["brev.pdf", f"done/{OAB}", "referat.txt", "uten-filtype"]
    second = watching.scan()
    assert second.left == ()  # named once
    (folder / "ny.docx").write_bytes(b"PK\x03\x04 not an archive the import reads")
    assert watching.scan().left == ("ny.docx",)
    assert (folder / "ny.docx").exists()


def test_a_zip_archive_is_imported_and_moved_with_its_members_reasons(
    inbox: Inbox, tmp_path: Path
) -> None:
    folder = tmp_path / "inn"
    folder.mkdir()
    with zipfile.ZipFile(folder / "natt.zip", "w") as archive:
        archive.writestr(OAB, (FIXTURES / OAB).read_bytes())
        archive.writestr("tom.xml", b"")
    with zipfile.ZipFile(folder / "svar.zip", "w") as archive:
        archive.writestr(REPLY, (FIXTURES / REPLY).read_bytes())
    scan = scanner(inbox, folder).scan()
    assert [(result.name, result.outcome) for result in scan.report.results] == [
        (f"natt.zip:{OAB}", Outcome.IMPORTED),
        ("natt.zip:tom.xml", Outcome.REJECTED),
        (f"svar.zip:{REPLY}", Outcome.SKIPPED),
    ]
    assert tree(folder) == [
        "rejected/natt.zip",
        "rejected/natt.zip.reason.txt",
        "skipped/svar.zip",
        "skipped/svar.zip.reason.txt",
    ]
    assert (folder / "rejected" / "natt.zip.reason.txt").read_text(encoding="utf-8") == (
        "AVVIST              natt.zip:tom.xml: Filen er tom.\n"
    )
    assert len(inbox.store.messages()) == 1


@pytest.mark.parametrize("where", ["home", "system", "database"])
def test_a_home_system_or_database_folder_is_refused(
    where: str,
    tmp_path: Path,
    config: Config,
    clock: FakeClock,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    home = tmp_path / "home" / "kari"
    home.mkdir(parents=True)
    monkeypatch.setenv("HOME", str(home))
    (home / "Viktig.pdf").write_bytes(b"%PDF-1.4\n")
    folder = {"home": home, "system": Path("/etc"), "database": tmp_path / "data"}[where]
    folder.mkdir(exist_ok=True)
    inbox = Inbox(Store(tmp_path / "data" / "inbox.json"), config, "kari", clock)
    why = {"home": "en hjemmemappe", "system": "en systemmappe", "database": "databasens egen"}
    with pytest.raises(
        DropFolderError, match=f"Slippmappen {folder} brukes ikke: den er {why[where]}"
    ):
        scanner(inbox, folder).scan()
    assert (home / "Viktig.pdf").exists()


@pytest.mark.parametrize("path", ["/", "/tmp", "/usr/share/doc", "/var", "/home"])
def test_system_folders_are_never_drop_folders(path: str, tmp_path: Path) -> None:
    assert "en systemmappe" in unsafe_drop_folder(Path(path), tmp_path / "inbox.json")


def test_an_ordinary_folder_is_a_drop_folder(tmp_path: Path) -> None:
    assert unsafe_drop_folder(tmp_path / "inn", tmp_path / "data" / "inbox.json") == ""


# The purge deletes only what the app moved -----------------------------------------------------

DAY = 86_400.0


def purge_config(config: Config, folder: Path) -> Config:
    return dataclasses.replace(config, drop_folder=folder, retention_days=30)


def scan_days_ago(inbox: Inbox, folder: Path, days: float) -> float:
    """Scan the folder as if it were `days` ago; the moment the files were moved."""
    moved_at = time.time() - days * DAY
    for path in folder.iterdir():
        os.utime(path, (moved_at - 60, moved_at - 60))
    DropFolderScanner(
        inbox, DropFolder(folder), settle_seconds=0, wall_clock=lambda: moved_at
    ).scan()
    return moved_at


def test_the_purge_deletes_only_files_the_app_moved(
    inbox: Inbox, tmp_path: Path, config: Config
) -> None:
    folder = tmp_path / "inn"
    drop(folder, OAB, REPLY)
    moved_at = scan_days_ago(inbox, folder, 40)
    # Someone puts their own documents into the app's folders, and replaces a moved file.
    (folder / "done" / "eget-notat.txt").write_text("mitt", encoding="utf-8")
    (folder / "rejected").mkdir()
    (folder / "rejected" / "rapport.xml").write_bytes(b"<rapport/>")
    for path in (folder / "done" / "eget-notat.txt", folder / "rejected" / "rapport.xml"):
        os.utime(path, (moved_at, moved_at))
    cutoff = time.time() - 30 * DAY
    access = inbox.store.access
    settings = purge_config(config, folder)
    trial = purge_drop_folders(settings, cutoff, access, inbox.store.path, dry_run=True)
    assert [path.relative_to(folder).as_posix() for path in trial.deleted] == [
        f"done/{OAB}",
        f"skipped/{REPLY}",
        f"skipped/{REPLY}.reason.txt",
    ]
    assert tree(folder) == [
        "done/eget-notat.txt",
        f"done/{OAB}",
        "rejected/rapport.xml",
        f"skipped/{REPLY}",
        f"skipped/{REPLY}.reason.txt",
    ]
    done = purge_drop_folders(settings, cutoff, access, inbox.store.path)
    assert done.deleted == trial.deleted
    assert [path.relative_to(folder).as_posix() for path in done.kept] == [
        "done/eget-notat.txt",
        "rejected/rapport.xml",
    ]
    assert tree(folder) == ["done/eget-notat.txt", "rejected/rapport.xml"]
    assert MovedRecord(folder).files == {}


def test_a_moved_file_replaced_by_another_is_not_deleted(
    inbox: Inbox, tmp_path: Path, config: Config
) -> None:
    folder = tmp_path / "inn"
    drop(folder, OAB)
    moved_at = scan_days_ago(inbox, folder, 40)
    replaced = folder / "done" / OAB
    replaced.unlink()
    replaced.write_bytes(b"et annet dokument med samme navn")
    os.utime(replaced, (moved_at, moved_at))
    report = purge_drop_folders(
        purge_config(config, folder), time.time(), inbox.store.access, inbox.store.path
    )
    assert report.deleted == ()
    assert report.kept == (replaced,)
    assert replaced.exists()


def test_files_moved_before_the_record_existed_are_adopted_by_kind(
    inbox: Inbox, tmp_path: Path, config: Config
) -> None:
    folder = tmp_path / "inn"
    for name, data in (
        ("done/gammel.xml", (FIXTURES / OAB).read_bytes()),
        ("rejected/gammel.zip", b"PK\x05\x06" + bytes(18)),
        ("rejected/gammel.zip.reason.txt", b"AVVIST: ...\n"),
        ("rejected/kontrakt.pdf", b"%PDF-1.4\n"),  # moved by an older version: not its kind
        ("rejected/kontrakt.pdf.reason.txt", b"AVVIST: Filen er ikke XML.\n"),
    ):
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(data)
        old = time.time() - 40 * DAY
        os.utime(folder / name, (old, old))
    report = purge_drop_folders(
        purge_config(config, folder), time.time() - 30 * DAY, inbox.store.access, inbox.store.path
    )
    assert tree(folder) == ["rejected/kontrakt.pdf", "rejected/kontrakt.pdf.reason.txt"]
    assert report.kept == (folder / "rejected" / "kontrakt.pdf",)
