"""Drop folders: files are imported, then moved to done/, skipped/ or rejected/; none deleted."""

from __future__ import annotations

import os
import shutil
import stat
from collections.abc import Iterable
from pathlib import Path

import pytest
from filelock import FileLock

from tests.conftest import FakeClock
from tests.test_helsenorge import FIXTURES
from tui.core.config import UNSORTED, Config, ConfigError, parse_config
from tui.core.dropfolder import (
    LOCK_NAME,
    DropFolder,
    DropFolderError,
    DropFolderScanner,
    drop_folders,
    free_name,
)
from tui.core.importer import Outcome
from tui.core.inbox import Inbox
from tui.core.model import Message
from tui.core.store import AddResult, Store, StoreError

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
        if path.is_file() and path.name != LOCK_NAME
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
