"""Files with patient data are created owner-only (or for the shared group) and checked at start."""

from __future__ import annotations

import dataclasses
import grp
import os
import shutil
import stat
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.helpers.pilot import settle
from tests.unit.test_helsenorge import FIXTURES
from tui.app import TimedialogApp
from tui.core.config.config import Config
from tui.core.helsenorge.dropfolder import DropFolder, DropFolderScanner
from tui.core.privacy.files import file_warnings
from tui.core.store.dbfile import FileAccess
from tui.core.store.permissions import folder_warnings, too_open
from tui.core.store.store import Store
from tui.core.texts.library import TextLibrary
from tui.core.workflow.inbox import Inbox

OAB = "timer-1.1_innbygger_OAB_avslutning.xml"
REPLY = "timer-1.1_svar-sykehus_34_kunne-ikke-endres.xml"


def mode_of(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def own_group() -> str:
    return grp.getgrgid(os.getgid()).gr_name


@pytest.mark.parametrize(
    ("mode", "group", "who"),
    [
        (0o600, None, None),
        (0o400, None, None),
        (0o640, None, "gruppen"),
        (0o644, None, "alle brukere"),
        (0o604, None, "alle brukere"),
        (0o660, "shared", None),
        (0o666, "shared", "alle brukere"),
    ],
)
def test_too_open(tmp_path: Path, mode: int, group: str | None, who: str | None) -> None:
    path = tmp_path / "inbox.json"
    path.write_text("{}", encoding="utf-8")
    path.chmod(mode)
    found = too_open(path, FileAccess(own_group() if group else None))
    if who is None:
        assert found is None
    else:
        assert found is not None
        assert who in found.who


def test_folders_are_checked_too(tmp_path: Path) -> None:
    folder = tmp_path / "inbox-backups"
    folder.mkdir(mode=0o755)
    folder.chmod(0o755)
    found = too_open(folder, FileAccess())
    assert found is not None
    assert found.fix == 0o700


def test_many_files_too_open_give_one_warning(tmp_path: Path) -> None:
    folder = tmp_path / "done"
    folder.mkdir(mode=0o700)
    for number in range(30):
        path = folder / f"melding-{number}.xml"
        path.write_text("x", encoding="utf-8")
        path.chmod(0o644)
    (warning,) = folder_warnings(folder, FileAccess())
    assert warning.startswith(f"Advarsel: 30 filer i {folder} kan leses av alle brukere")
    assert f"chmod 600 {folder}/*" in warning


def test_moved_drop_files_and_reasons_are_owner_only(inbox: Inbox, tmp_path: Path) -> None:
    folder = tmp_path / "inn"
    folder.mkdir()
    for name in (OAB, REPLY):
        shutil.copyfile(FIXTURES / name, folder / name)
        (folder / name).chmod(0o644)  # as the delivering program left them
    DropFolderScanner(inbox, DropFolder(folder), settle_seconds=0, wall_clock=lambda: 2e9).scan()
    moved = [folder / "done" / OAB, folder / "skipped" / REPLY]
    reason = folder / "skipped" / f"{REPLY}.reason.txt"
    for path in [*moved, reason]:
        assert mode_of(path) == 0o600, path
        assert path.stat().st_mtime == 2e9  # stamped with the moment of the move
    assert mode_of(folder / "done") == 0o700
    assert mode_of(folder / "skipped") == 0o700


def test_drop_files_follow_the_shared_group(config: Config, tmp_path: Path) -> None:
    store = Store(tmp_path / "inbox.json", group=own_group())
    inbox = Inbox(store, config, "kari")
    folder = tmp_path / "inn"
    folder.mkdir()
    shutil.copyfile(FIXTURES / REPLY, folder / REPLY)
    DropFolderScanner(inbox, DropFolder(folder), settle_seconds=0, wall_clock=lambda: 2e9).scan()
    assert mode_of(folder / "skipped" / REPLY) == 0o660
    assert mode_of(folder / "skipped" / f"{REPLY}.reason.txt") == 0o660
    assert mode_of(folder / "skipped") == 0o2770


def test_start_warnings_cover_backups_and_drop_folders(
    demo_inbox: Inbox, config: Config, tmp_path: Path
) -> None:
    store = demo_inbox.store
    demo_inbox.mark_answered(demo_inbox.messages()[0].id)  # the first change makes a backup
    (backup,) = store.backups.copies()
    assert file_warnings(demo_inbox) == []
    backup.chmod(0o644)
    drop = tmp_path / "inn"
    (drop / "done").mkdir(parents=True)
    (drop / "done").chmod(0o700)
    (drop / "done" / "gammel.xml").write_text("x", encoding="utf-8")
    (drop / "done" / "gammel.xml").chmod(0o640)
    demo_inbox.config = dataclasses.replace(config, drop_folder=drop)
    warnings = file_warnings(demo_inbox)
    assert len(warnings) == 2
    assert str(backup) in warnings[0]
    assert "alle brukere" in warnings[0]
    assert str(drop / "done" / "gammel.xml") in warnings[1]
    assert "gruppen" in warnings[1]


async def test_the_app_warns_at_start(
    demo_inbox: Inbox, library: TextLibrary, make_app: Callable[..., TimedialogApp]
) -> None:
    demo_inbox.mark_answered(demo_inbox.messages()[0].id)
    (backup,) = demo_inbox.store.backups.copies()
    backup.chmod(0o644)
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        notices = [n.message for n in app._notifications]
        assert any(str(backup) in notice and "helseopplysninger" in notice for notice in notices)
