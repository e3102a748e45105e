"""The store: adds are idempotent, changes persist, bad files are reported, not overwritten."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tui.core.inbox import Inbox
from tui.core.store import SCHEMA_VERSION, Store, StoreError


def test_add_is_idempotent(demo_inbox: Inbox) -> None:
    from tui.core.demo import demo_messages

    before = demo_inbox.store.messages()
    result = demo_inbox.store.add(demo_messages(demo_inbox))
    assert result.added == ()
    assert len(result.existing) == len(before)
    assert demo_inbox.store.messages() == before


def test_file_is_json_with_schema_version_and_owner_only(demo_inbox: Inbox) -> None:
    path = demo_inbox.store.path
    data = json.loads(path.read_text(encoding="utf-8"))
    assert next(iter(data["meta"].values()))["schema_version"] == SCHEMA_VERSION
    assert len(data["messages"]) == len(demo_inbox.messages())
    assert path.stat().st_mode & 0o077 == 0


def test_missing_file_is_an_empty_inbox(tmp_path: Path) -> None:
    assert Store(tmp_path / "nothing-here.json").messages() == []


def test_corrupt_file_is_reported_and_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "inbox.json"
    path.write_text('{"messages": {"1": {"id": ', encoding="utf-8")
    store = Store(path)
    with pytest.raises(StoreError, match="skadet"):
        store.messages()
    with pytest.raises(StoreError, match="skadet"):
        store.update("x", lambda message: None)
    assert path.read_text(encoding="utf-8") == '{"messages": {"1": {"id": '


def test_newer_schema_is_refused(demo_inbox: Inbox) -> None:
    path = demo_inbox.store.path
    data = json.loads(path.read_text(encoding="utf-8"))
    next(iter(data["meta"].values()))["schema_version"] = SCHEMA_VERSION + 1
    path.write_text(json.dumps(data), encoding="utf-8")
    first = demo_inbox.messages()[0]
    with pytest.raises(StoreError, match="skjemaversjon"):
        demo_inbox.mark_answered(first.id)
