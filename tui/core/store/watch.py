"""Notice when another process changes the database file, without polling the disk.

`watchfiles` uses the kernel's file notifications (inotify on Linux), so an idle watcher costs
next to nothing and a change is seen within a fraction of a second. The folder is watched, not
the file: every write replaces the file by a rename, which a watch on the old file would miss.
Where notifications do not reach (a network share changed from another machine), setting
`WATCHFILES_FORCE_POLLING=1` makes watchfiles poll instead.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from watchfiles import Change

STEP_MS = 200
"""How long the watcher waits for more changes before it reports; also how often it checks
whether it should stop."""
DEBOUNCE_MS = 800
"""The longest a burst of changes is gathered before it is reported."""
CATCH_UP_MS = 1000
"""After this long without a change, the watcher reports once anyway (see `watch_database`)."""


def watch_database(path: Path, stop: threading.Event, also: tuple[str, ...] = ()) -> Iterator[None]:
    """Yield once after each burst of changes to `path`, until `stop` is set.

    `also` names more files in its folder that count (the journal beside the database).
    Also yields once about a second after the watch starts, so a caller that read the file
    before the watch was in place misses nothing. Blocks the calling thread between changes:
    run it in a thread of its own.
    """
    folder = path.parent
    while not folder.is_dir():  # the store creates it (with the right mode) on first use
        if stop.wait(1.0):
            return
    try:
        yield from _changes(path, stop, also, force_polling=None)
    except OSError:
        # No kernel notifications to be had (the inotify watch limit, say): poll the folder.
        yield from _changes(path, stop, also, force_polling=True)


def _changes(
    path: Path, stop: threading.Event, also: tuple[str, ...], *, force_polling: bool | None
) -> Iterator[None]:
    # Imported here, in the watcher's thread, so that it costs start-up nothing.
    from watchfiles import watch

    names = {path.name, *also}

    def concerns_database(_change: Change, changed: str) -> bool:
        return Path(changed).name in names

    caught_up = False
    for batch in watch(
        path.parent,
        watch_filter=concerns_database,
        debounce=DEBOUNCE_MS,
        step=STEP_MS,
        stop_event=stop,
        rust_timeout=CATCH_UP_MS,
        yield_on_timeout=True,
        recursive=False,
        raise_interrupt=False,
        force_polling=force_polling,
    ):
        # The first quiet timeout proves the watch is in place: report once then, for any
        # change made between the caller's last read and the start of the watch.
        if batch or not caught_up:
            caught_up = True
            yield
