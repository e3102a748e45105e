"""Several clerks on one inbox, as the app shows it: live updates, claims, collisions."""

from __future__ import annotations

import asyncio
import subprocess
import sys
import time
from collections.abc import Callable
from typing import Any

import pytest

from tests.conftest import REPO
from tests.helpers.pilot import wait_until
from tests.helpers.store_worker import DEPARTMENT_ENV
from tui.app import TimedialogApp
from tui.core.config.config import Config
from tui.core.model import Status
from tui.core.store.store import Store
from tui.core.workflow.inbox import Inbox
from tui.screens.confirm import ConfirmScreen
from tui.widgets.inbox_list import InboxList, row_cells
from tui.widgets.message_detail import MessageDetail

MakeApp = Callable[..., Any]


def table(app: TimedialogApp) -> InboxList:
    return app.screen.query_one(InboxList)


def detail_text(app: TimedialogApp) -> str:
    return str(app.screen.query_one(MessageDetail).body)


@pytest.fixture
def per(demo_inbox: Inbox, config: Config) -> Inbox:
    """Another clerk on the same file."""
    return Inbox(Store(demo_inbox.store.path), config, "per", demo_inbox.clock)


def database_of(inbox: Inbox, monkeypatch: pytest.MonkeyPatch) -> str:
    """The database as a worker process names it (a server's department in its environment)."""
    store = inbox.store
    if store.path is not None:
        return str(store.path)
    from tui.core.store.postgres.store import PostgresStore

    assert isinstance(store, PostgresStore)
    monkeypatch.setenv(DEPARTMENT_ENV, store.department)
    return store.url


async def test_a_change_by_another_process_shows_without_a_keypress(
    make_app: MakeApp, any_demo_inbox: Inbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On both stores: the file's watcher, and the server's LISTEN/NOTIFY (another host)."""
    demo_inbox = any_demo_inbox
    database = database_of(demo_inbox, monkeypatch)
    app = make_app(demo_inbox)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until(pilot, lambda: table(app).message_ids)
        for _ in range(4):
            await pilot.press("j")
        selected = table(app).selected_id
        rows = table(app).message_ids
        other = rows[0]  # answered by the other clerk: it drops to the bottom
        assert other != selected

        started = time.monotonic()
        await asyncio.to_thread(
            subprocess.run,
            [
                sys.executable,
                "-m",
                "tests.helpers.store_worker",
                "change",
                database,
                "per",
                other,
                "fra-per-1",
            ],
            cwd=REPO,
            check=True,
        )
        written = time.monotonic()
        await wait_until(pilot, lambda: "fra-per-1" in table(app).message_ids)
        print(
            f"\nshown {time.monotonic() - written:.2f} s after the other process wrote "
            f"({written - started:.2f} s to start it)"
        )

        assert table(app).message_ids != rows
        assert table(app).selected_id == selected  # the selection did not jump
        answered = next(m for m in app.screen._messages if m.id == other)
        assert answered.status is not Status.NEW
        assert answered.answered_by == "per"


async def test_opening_claims_and_leaving_releases(make_app: MakeApp, demo_inbox: Inbox) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until(pilot, lambda: table(app).message_ids)
        message_id = table(app).selected_id
        assert message_id is not None
        store = demo_inbox.store
        await pilot.press("enter")
        await wait_until(pilot, lambda: store.get(message_id).claimed_by == "kari")
        await wait_until(pilot, lambda: "tatt av kari" in detail_text(app))
        await pilot.press("escape")
        await wait_until(pilot, lambda: store.get(message_id).claimed_by == "")

        await pilot.press("enter")
        await wait_until(pilot, lambda: store.get(message_id).claimed_by == "kari")
        await pilot.press("tab", "j")  # back to the list, and on to another message
        await wait_until(pilot, lambda: store.get(message_id).claimed_by == "")


async def test_others_claim_shows_and_answering_it_needs_confirmation(
    make_app: MakeApp, demo_inbox: Inbox, per: Inbox
) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until(pilot, lambda: table(app).message_ids)
        message_id = table(app).selected_id
        assert message_id is not None
        per.claim(message_id)
        await wait_until(pilot, lambda: "tatt av per" in detail_text(app))
        shown = next(m for m in app.screen._messages if m.id == message_id)
        status = row_cells(shown, demo_inbox.urgency(shown))[-1]
        assert status == "per"  # the status column names the holder

        await pilot.press("b")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        assert "tatt av per" in str(app.screen.query_one("#confirm-reasons").render())
        await pilot.press("n")
        await wait_until(pilot, lambda: not isinstance(app.screen, ConfirmScreen))
        assert demo_inbox.store.get(message_id).status is Status.NEW

        await pilot.press("b")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.press("enter")  # enter confirms ("j" is "down", as everywhere)
        await wait_until(pilot, lambda: demo_inbox.store.get(message_id).status is not Status.NEW)
        stored = demo_inbox.store.get(message_id)
        assert (stored.answered_by, stored.claimed_by) == ("kari", "")


async def test_quitting_releases_the_claim(make_app: MakeApp, demo_inbox: Inbox) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until(pilot, lambda: table(app).message_ids)
        message_id = table(app).selected_id
        assert message_id is not None
        await pilot.press("enter")
        await wait_until(pilot, lambda: demo_inbox.store.get(message_id).claimed_by == "kari")
        await pilot.press("tab")  # to the list, the message still open (q in it goes back)
        await pilot.press("q")
        await wait_until(pilot, lambda: not app.is_running)
    assert demo_inbox.store.get(message_id).claimed_by == ""
    assert app.return_code == 0


async def test_a_database_damaged_while_running_ends_the_app(
    make_app: MakeApp, demo_inbox: Inbox
) -> None:
    app = make_app()
    path = demo_inbox.store.path
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until(pilot, lambda: table(app).message_ids)
        path.write_text("{ikke json", encoding="utf-8")
        await wait_until(pilot, lambda: not app.is_running)
    assert app.return_code == 1
    assert f"Databasen {path} er skadet" in app.failure
    assert "Filen er ikke endret" in app.failure
    assert path.read_text(encoding="utf-8") == "{ikke json"


async def test_a_change_elsewhere_replaces_only_its_own_row(
    make_app: MakeApp, demo_inbox: Inbox, per: Inbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The app asks the store what changed and puts only that message in its place."""
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until(pilot, lambda: table(app).message_ids)
        screen = app.screen
        before = {message.id: message for message in table(app).messages}
        first = table(app).message_ids[0]
        revision = screen._revision
        assert revision is not None

        whole_reads: list[int] = []
        real_messages = Inbox.messages

        def counted(inbox: Inbox) -> list[Any]:
            whole_reads.append(1)
            return real_messages(inbox)

        monkeypatch.setattr(Inbox, "messages", counted)
        per.mark_answered(first)  # another clerk's session: it moves down the list
        await wait_until(pilot, lambda: screen._revision == revision + 1)
        await pilot.pause()

        after = {message.id: message for message in table(app).messages}
        assert set(after) == set(before)
        assert after[first] is not before[first]
        assert after[first].status is not Status.NEW
        kept = [message_id for message_id in before if after[message_id] is before[message_id]]
        assert len(kept) == len(before) - 1  # every other row is the same object as before
        assert whole_reads == []  # the inbox was not read again
        # The row went where a whole sort puts it.
        monkeypatch.undo()
        assert table(app).message_ids == [message.id for message in demo_inbox.messages()]


async def test_a_session_behind_a_compaction_reads_the_inbox_once(
    make_app: MakeApp, demo_inbox: Inbox, per: Inbox
) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until(pilot, lambda: table(app).message_ids)
        screen = app.screen
        first = table(app).message_ids[0]
        per.mark_answered(first)
        per.store.compact()  # the change is folded into the snapshot: no journal record left
        await wait_until(pilot, lambda: screen._revision == per.store.revision())
        await pilot.pause()
        assert table(app).message_ids == [message.id for message in demo_inbox.messages()]
        shown = next(m for m in table(app).messages if m.id == first)
        assert shown.status is not Status.NEW
