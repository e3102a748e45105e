"""Both stores for the contract tests: another session on the same database, its whole state."""

from __future__ import annotations

import threading
from typing import Any

from tui.core.store.changes import ChangeFeed
from tui.core.store.interface import InboxStore
from tui.core.store.store import Store


def reopen(store: InboxStore) -> InboxStore:
    """Another session's store on the same database (a second clerk, another host)."""
    if isinstance(store, Store):
        return Store(store.path, clock=store.clock)
    from tui.core.store.postgres.store import PostgresStore

    assert isinstance(store, PostgresStore)
    return PostgresStore(store.url, store.department, clock=store.clock)


def stored_state(store: InboxStore) -> Any:
    """Everything the database holds for the store: equal before and after means unchanged.

    The file store's bytes too: a change that writes nothing leaves the file as it was.
    """
    fresh = reopen(store)
    state = (
        [m.to_dict() for m in fresh.messages()],
        [m.to_dict() for m in fresh.archived()],
        fresh.roster_data(),
        fresh.export_log(),
        fresh.suggestion_feedback(),
    )
    if isinstance(store, Store):
        return state, store.path.read_bytes() if store.path.exists() else None
    return state, fresh.revision()  # type: ignore[attr-defined]


def watching(feed: ChangeFeed) -> tuple[threading.Event, threading.Semaphore, threading.Thread]:
    """Watch `feed` in a thread: set the event to stop; the semaphore counts each wake-up."""
    stop = threading.Event()
    woken = threading.Semaphore(0)

    def watch() -> None:
        for _ in feed.watch(stop):
            woken.release()

    thread = threading.Thread(target=watch, daemon=True)
    thread.start()
    return stop, woken, thread
