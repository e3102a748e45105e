"""An invisible widget that tells its screen when the database changed (`ChangeFeed.watch`).

The watching runs in its own thread for as long as the widget is mounted, like Toolong's file
watcher. It is deliberately not a Textual worker: a worker that never ends would keep
`app.workers.wait_for_complete()` waiting for ever. The work a change causes (reading the
inbox) runs in ordinary thread workers.
"""

from __future__ import annotations

import random
import threading
from contextlib import suppress

from textual.message import Message
from textual.widget import Widget

from tui.core.store.changes import ChangeFeed

SPREAD_SECONDS = 0.4
"""The longest a session waits, after hearing of a change, before it asks what changed."""


class DatabaseWatcher(Widget):
    """Watches the store and posts `Changed` after each burst of changes, from any process."""

    DEFAULT_CSS = """
    DatabaseWatcher {
        display: none;
    }
    """

    class Changed(Message):
        """The database changed (by this process or another one): ask what changed."""

    def __init__(self, feed: ChangeFeed, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.feed = feed
        self._stop = threading.Event()
        self._thread = threading.Thread(
            target=self._watch, name="timedialog-database-watcher", daemon=True
        )

    def on_mount(self) -> None:
        """Start watching once the first frame is painted."""
        self.call_after_refresh(self._thread.start)

    def on_unmount(self) -> None:
        """Stop the watching thread (it notices within a fraction of a second)."""
        self._stop.set()

    def _watch(self) -> None:
        spread = random.Random()
        for _change in self.feed.watch(self._stop):
            # Every session hears of a change at the same moment: each waits a moment of its
            # own before it asks, so their work does not all land on the cores at once.
            if self._stop.wait(spread.uniform(0.0, SPREAD_SECONDS)):
                break
            with suppress(RuntimeError):  # the app closed its event loop meanwhile
                self.post_message(self.Changed())
