"""Notice the commits of every host in a department: LISTEN on a connection of its own.

Each write transaction of `PostgresStore` ends with a `NOTIFY` on the department's channel,
carrying the revision and the changed ids; the server delivers it at commit, to every host
listening. The watcher wakes its reader, which asks `changes_since` for the rows (the
notification's ids say what changed; the rows say how they are now, whatever was missed).

A dropped connection (the server restarted, the network failed) is opened again, with waits
growing to a few seconds; after each reconnection the watcher yields once, so the reader
catches up on what was committed while nobody listened.

Between notifications the watcher sleeps in the kernel on the connection's socket: asking
psycopg for notifications with a timeout costs far more CPU than waiting on the socket, and
a hundred idle sessions asking several times a second would keep a core busy.
"""

from __future__ import annotations

import json
import selectors
import threading
from collections.abc import Callable, Iterator
from contextlib import suppress
from itertools import chain, repeat
from typing import TYPE_CHECKING, Any

from tui.core.store.dbfile import StoreError
from tui.core.store.postgres import psycopg_module

if TYPE_CHECKING:
    import psycopg

BURST_SECONDS = 0.05
"""After a notification, more arriving within this long are reported with it."""
STEP_SECONDS = 0.2
"""How often the watcher checks whether it should stop (a wait on the socket, no query)."""
RECONNECT_SECONDS = (0.2, 0.5, 1.0, 2.0, 5.0)
"""The waits between attempts to reconnect a dropped watch, the last one repeated."""


def channel(department: str) -> str:
    """The notification channel of a department's changes."""
    return f"timedialog:{department}"


def watch_department(
    connect: Callable[[], psycopg.Connection[Any]],
    department: str,
    stop: threading.Event,
    heard: Callable[[dict[str, Any]], None],
) -> Iterator[None]:
    """Yield after each burst of the department's commits, and after each (re)connection.

    `connect` opens a connection (a `StoreError` when it cannot); `heard` gets the latest
    notification's contents (revision, roster, the changed ids) before each yield.
    """
    driver = psycopg_module()
    from psycopg import sql

    listen = sql.SQL("LISTEN {}").format(sql.Identifier(channel(department)))
    waits = chain(RECONNECT_SECONDS, repeat(RECONNECT_SECONDS[-1]))
    while not stop.is_set():
        try:
            connection = connect()
        except StoreError:
            if stop.wait(next(waits)):
                return
            continue
        try:
            with connection, selectors.DefaultSelector() as socket:
                connection.execute(listen)
                socket.register(connection.fileno(), selectors.EVENT_READ)
                waits = chain(RECONNECT_SECONDS, repeat(RECONNECT_SECONDS[-1]))
                yield  # listening now: whatever came before, the reader fetches it
                while not stop.is_set():
                    if not socket.select(STEP_SECONDS):
                        continue
                    # Readable: a notification, or the server closing (an error below).
                    notices = list(connection.notifies(timeout=0))
                    while notices and socket.select(BURST_SECONDS):
                        notices += connection.notifies(timeout=0)
                    if notices:
                        heard(_payload(notices[-1].payload))
                        yield
        except driver.Error:
            with suppress(driver.Error):
                connection.close()
            if stop.wait(next(waits)):
                return


def _payload(text: str) -> dict[str, Any]:
    try:
        value = json.loads(text)
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}
