"""An invisible widget that tells its screen when the database file was changed.

The watching runs in its own thread for as long as the widget is mounted, like Toolong's file
watcher. It is deliberately not a Textual worker: a worker that never ends would keep
`app.workers.wait_for_complete()` waiting for ever. The work a change causes (reading the
inbox) runs in ordinary thread workers.
"""

from __future__ import annotations

import threading
from contextlib import suppress
from pathlib import Path

from textual.message import Message
from textual.widget import Widget

from tui.core.store.changes import ChangeFeed
from tui.core.store.watch import watch_database


class DatabaseWatcher(Widget):
    """Watches the database and posts `Changed` after each change, from any process.

    A database file is watched on disk; a database server (a `ChangeFeed`) by its own `watch`.
    """

    DEFAULT_CSS = """
    DatabaseWatcher {
        display: none;
    }
    """

    class Changed(Message):
        """The database file was replaced (by this process or another one)."""

    def __init__(self, source: Path | ChangeFeed, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.source = source
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
        source = self.source
        changes = (
            watch_database(source, self._stop)
            if isinstance(source, Path)
            else source.watch(self._stop)
        )
        for _change in changes:
            if self._stop.is_set():
                break
            with suppress(RuntimeError):  # the app closed its event loop meanwhile
                self.post_message(self.Changed())
