"""Messages in, in the app: the import action (`i`), the drop folder, and what the pane shows."""

from __future__ import annotations

import dataclasses
import shutil
from datetime import date
from pathlib import Path

import pytest
from textual.widgets import Input, Static

from tests.conftest import FIXED_NOW, FakeClock
from tests.helpers.pilot import wait_until
from tests.unit.test_helsenorge import FIXTURES
from tests.unit.test_importer import FIXTURE_SUMMARY
from tui.app import TimedialogApp
from tui.core.config.config import Config
from tui.core.model import Appointment, Message, Receiver
from tui.core.store.store import Store
from tui.core.texts.library import TextLibrary
from tui.core.workflow.inbox import Inbox, Urgency
from tui.screens.import_files import ImportScreen, complete_path
from tui.screens.inbox import InboxScreen
from tui.widgets.drop_folder_watcher import DropFolderWatcher
from tui.widgets.inbox_list import InboxList
from tui.widgets.message_detail import DetailView, render_detail

OAB = "timer-1.1_innbygger_OAB_avslutning.xml"


def empty_app(
    tmp_path: Path, config: Config, library: TextLibrary, clock: FakeClock
) -> TimedialogApp:
    inbox = Inbox(Store(tmp_path / "inbox.json"), config, "kari", clock)
    return TimedialogApp(inbox, library, local_clipboard=False)


async def test_import_action_imports_a_folder_and_shows_each_file(
    tmp_path: Path, config: Config, library: TextLibrary, clock: FakeClock
) -> None:
    app = empty_app(tmp_path, config, library, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("i")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ImportScreen)
        screen.query_one("#import-path", Input).value = str(FIXTURES)
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        results = str(screen.query_one("#import-results-body", Static).content)
        assert f"importert           {OAB}: BLOD, Avbestilling (kode OAB)" in results
        assert results.endswith("17 filer: " + FIXTURE_SUMMARY.format(imported=9, existing=0))
        await pilot.press("escape")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, InboxScreen)
        assert len(app.screen.query_one(InboxList).message_ids) == 9

        # The path is remembered for the next import.
        await pilot.press("i")
        await pilot.pause()
        assert app.screen.query_one("#import-path", Input).value == str(FIXTURES)


async def test_import_action_reports_a_missing_path(
    tmp_path: Path, config: Config, library: TextLibrary, clock: FakeClock
) -> None:
    app = empty_app(tmp_path, config, library, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("i")
        await pilot.pause()
        await pilot.press(*"/finnes/ikke", "enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        results = str(app.screen.query_one("#import-results-body", Static).content)
        assert results.startswith("AVVIST              ikke: Finnes ikke (/finnes/ikke).")


def test_path_completion(tmp_path: Path) -> None:
    (tmp_path / "helsenorge").mkdir()
    (tmp_path / "hei.xml").write_text("", encoding="utf-8")
    assert complete_path(f"{tmp_path}/hels") == f"{tmp_path}/helsenorge/"
    assert complete_path(f"{tmp_path}/he") == f"{tmp_path}/hei.xml"
    assert complete_path(f"{tmp_path}/x") is None
    assert complete_path("") is None


async def test_drop_folder_is_imported_while_the_app_runs(
    tmp_path: Path,
    config: Config,
    library: TextLibrary,
    clock: FakeClock,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(DropFolderWatcher, "SCAN_SECONDS", 0.05)
    monkeypatch.setattr(DropFolderWatcher, "SETTLE_SECONDS", 0)
    folder = tmp_path / "inn"
    folder.mkdir()
    watched = dataclasses.replace(config, drop_folder=folder)
    inbox = Inbox(Store(tmp_path / "inbox.json"), watched, "kari", clock)
    app = TimedialogApp(inbox, library, local_clipboard=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        (watcher,) = app.workers
        assert watcher.name == "drop-folders"
        shutil.copyfile(FIXTURES / OAB, folder / OAB)
        (folder / "tom.xml").write_bytes(b"")
        await wait_until(pilot, (folder / "rejected" / "tom.xml.reason.txt").exists)
        await wait_until(pilot, lambda: len(app.screen.query_one(InboxList).message_ids) == 1)
        assert (folder / "done" / OAB).exists()
        assert not (folder / OAB).exists()
        notices = [notification.message for notification in app._notifications]
        assert any("1 importert" in notice and "AVVIST" in notice for notice in notices)
    # Quitting wakes the watcher from its wait at once (the event it sleeps on is set).
    assert watcher.is_cancelled
    assert watcher.cancelled_event.is_set()


async def test_other_files_in_the_drop_folder_stay_and_are_named_once(
    tmp_path: Path,
    config: Config,
    library: TextLibrary,
    clock: FakeClock,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(DropFolderWatcher, "SCAN_SECONDS", 0.05)
    monkeypatch.setattr(DropFolderWatcher, "SETTLE_SECONDS", 0)
    folder = tmp_path / "inn"
    folder.mkdir()
    (folder / "referat.docx").write_bytes(b"PK\x03\x04")
    watched = dataclasses.replace(config, drop_folder=folder)
    inbox = Inbox(Store(tmp_path / "inbox.json"), watched, "kari", clock)
    app = TimedialogApp(inbox, library, local_clipboard=False)

    def naming() -> list[str]:
        return [n.message for n in app._notifications if "referat.docx" in n.message]

    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: bool(naming()))
        shutil.copyfile(FIXTURES / OAB, folder / OAB)
        await wait_until(pilot, (folder / "done" / OAB).exists)
        await pilot.pause(0.2)
        assert naming() == [
            f"Slippmappe {folder}: 1 fil som ikke er en Helsenorge-fil blir liggende: referat.docx"
        ]
    assert (folder / "referat.docx").exists()


async def test_a_missing_drop_folder_is_reported_once(
    tmp_path: Path,
    config: Config,
    library: TextLibrary,
    clock: FakeClock,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(DropFolderWatcher, "SCAN_SECONDS", 0.02)
    watched = dataclasses.replace(config, drop_folder=tmp_path / "mangler")
    inbox = Inbox(Store(tmp_path / "inbox.json"), watched, "kari", clock)
    app = TimedialogApp(inbox, library, local_clipboard=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: bool(app._notifications))
        await pilot.pause(0.2)  # several more scans
        notices = [notification.message for notification in app._notifications]
        assert notices == [f"Slippmappen {tmp_path / 'mangler'} finnes ikke."]


def test_detail_pane_shows_receiver_dips_reference_and_every_flag() -> None:
    message = Message(
        id="x",
        received=FIXED_NOW,
        deadline=date(2026, 12, 2),
        department="usortert",
        text="Hei",
        category_reason="kode OET",
        receiver=Receiver("Nanset legekontor", "1234"),
        dips_ref="A-77",
        appointment=Appointment(start=FIXED_NOW, end=FIXED_NOW.replace(year=2014)),
        flags=["Timeavtalen slutter før den starter.", "Ukjent mottaker: lagt i Usortert."],
    )
    urgency = Urgency(message.deadline, FIXED_NOW.date())
    view = DetailView(message, urgency, 4, "Usortert (ukjent mottaker)", "Endring av time")
    text = render_detail(view).plain
    assert "Avdeling: usortert – Usortert (ukjent mottaker)" in text
    assert "Mottaker: Nanset legekontor (HER 1234)" in text
    assert "DIPS-ref.: A-77" in text
    assert "Kategori: Annet (forslag: kode OET; e endrer)" in text
    assert "Merknad: Timeavtalen slutter før den starter." in text
    assert "Merknad: Ukjent mottaker: lagt i Usortert." in text
