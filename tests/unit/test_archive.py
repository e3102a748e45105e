"""Answered and closed messages move to yearly archive files, and stay searchable."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import pytest

from tests.conftest import FakeClock
from tui.cli import main
from tui.core.config.config import Config
from tui.core.store import store as store_module
from tui.core.store.store import Store, StoreWriteError
from tui.core.workflow.inbox import DONE, Inbox, last_change, oslo_now


@pytest.fixture
def both(any_demo_inbox: Inbox) -> Inbox:
    """The demo inbox on each store in turn: archiving is part of the store contract."""
    return any_demo_inbox


def answered_ids(inbox: Inbox) -> set[str]:
    return {m.id for m in inbox.messages() if m.status in DONE}


def test_done_messages_move_after_archive_after_days(
    both: Inbox, clock: FakeClock, config: Config
) -> None:
    done = answered_ids(both)
    open_ids = {m.id for m in both.messages()} - done
    assert done
    assert both.archive_done() == []  # the demo's answers are days old, not 30

    clock.advance(days=config.archive_after_days + 5)
    moved = both.archive_done()
    assert {m.id for m in moved} == done
    assert {m.id for m in both.messages()} == open_ids
    year = clock.now.year
    assert both.store.archive_years() == [year]
    archived = {m.id: m for m in both.store.archived()}
    assert set(archived) == done
    entry = next(iter(archived.values())).history[-1]
    assert (entry.user, entry.action, entry.old, entry.new) == (
        "kari",
        "archived",
        "",
        str(year),
    )
    assert both.archive_done() == []


def test_a_recent_change_keeps_a_message_in_the_inbox(
    both: Inbox, clock: FakeClock, config: Config
) -> None:
    message = next(m for m in both.messages() if m.status.is_open)
    clock.advance(days=config.archive_after_days - 1)
    both.mark_answered(message.id)
    clock.advance(days=2)
    moved = {m.id for m in both.archive_done()}
    assert message.id not in moved
    assert last_change(both.store.get(message.id)) == clock.now - timedelta(days=2)


def test_an_archived_message_added_again_is_not_added_twice(
    both: Inbox, clock: FakeClock, config: Config
) -> None:
    from tui.core.workflow.demo import demo_messages

    clock.advance(days=config.archive_after_days + 5)
    moved = {m.id for m in both.archive_done()}
    assert moved
    again = [m for m in demo_messages(both) if m.id in moved]
    result = both.store.add(again)
    assert result.added == ()
    assert set(result.existing) == moved
    assert not moved & {m.id for m in both.messages()}


def test_archive_is_searchable(both: Inbox, clock: FakeClock, config: Config) -> None:
    clock.advance(days=config.archive_after_days + 5)
    moved = both.archive_done()
    word = moved[0].subject.split()[0]
    found = both.search_archive(word)
    assert moved[0].id in {m.id for m in found}
    assert all(word.lower() in (m.subject + m.text).lower() for m in found)
    assert both.search_archive("ingen-slik-tekst-finnes") == []


def test_a_crash_between_archive_and_inbox_write_loses_nothing(
    demo_inbox: Inbox, clock: FakeClock, config: Config, monkeypatch: pytest.MonkeyPatch
) -> None:
    done = answered_ids(demo_inbox)
    clock.advance(days=config.archive_after_days + 5)
    real_replace = store_module.replace_atomically

    def crash_on_the_inbox(path: Path, *args: object) -> None:
        if path == demo_inbox.store.path:
            raise OSError(28, "No space left on device")
        real_replace(path, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(store_module, "replace_atomically", crash_on_the_inbox)
    with pytest.raises(StoreWriteError):
        demo_inbox.archive_done()
    assert answered_ids(demo_inbox) == done  # still in the inbox
    assert {m.id for m in demo_inbox.store.archived()} == done  # and already archived

    monkeypatch.setattr(store_module, "replace_atomically", real_replace)
    demo_inbox.archive_done()
    assert answered_ids(demo_inbox) == set()
    archive = demo_inbox.store.archive_path(clock.now.year)
    documents = json.loads(archive.read_text(encoding="utf-8"))["messages"].values()
    assert sorted(d["id"] for d in documents) == sorted(done)  # once each


def test_cli_lists_and_searches_the_archive(
    demo_inbox: Inbox, clock: FakeClock, config: Config, capsys: pytest.CaptureFixture[str]
) -> None:
    clock.advance(days=config.archive_after_days + 5)
    moved = demo_inbox.archive_done()
    db = str(demo_inbox.store.path)
    assert main(["list", "--archive", "--json", "--db", db]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert {row["id"] for row in listed} == {m.id for m in moved}
    word = moved[0].subject.split()[0]
    assert main(["list", "--archive", "--db", db, word]) == 0
    out = capsys.readouterr().out
    assert moved[0].id in out
    assert moved[0].subject not in out  # the patient's words only when asked for
    assert main(["list", "--archive", "--with-patient-data", "--db", db, word]) == 0
    assert moved[0].subject in capsys.readouterr().out


def test_cli_archive_command(
    tmp_path: Path, config: Config, capsys: pytest.CaptureFixture[str]
) -> None:
    """The command runs on the real clock: one message answered 60 days before today."""
    long_ago = FakeClock(oslo_now() - timedelta(days=60))
    inbox = Inbox(Store(tmp_path / "inbox.json"), config, "kari", long_ago)
    for number in (1, 2):
        inbox.add_messages(
            [
                inbox.new_message(
                    message_id=f"m{number}",
                    received=long_ago.now,
                    department="ORT",
                    text="Hvor lenge må jeg vente?",
                )
            ]
        )
    inbox.mark_answered("m1")
    assert main(["archive", "--db", str(inbox.store.path)]) == 0
    assert "1 melding flyttet til arkivet" in capsys.readouterr().out
    assert [m.id for m in inbox.store.messages()] == ["m2"]
    assert [m.id for m in inbox.store.archived()] == ["m1"]
