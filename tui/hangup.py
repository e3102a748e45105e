"""Quit cleanly when the terminal goes away: a dropped SSH session sends SIGHUP.

After a hang-up the terminal is dead: writing to it fails or blocks, and the SIGCONT the
kernel sends along would make Textual take the (dead) terminal over again. So the handler
points the standard streams at /dev/null, drops Textual's SIGCONT handling, and asks the app
to quit the normal way (releasing the clerk's claim). Every database write is atomic, so even
the last resort, a hard exit after `GRACE_SECONDS`, leaves nothing half written.
"""

from __future__ import annotations

import asyncio
import os
import signal
import threading
from collections.abc import Callable
from contextlib import suppress
from types import FrameType
from typing import Any

HANGUP_EXIT_CODE = 128 + 1
"""The exit status of a process ended by SIGHUP."""
GRACE_SECONDS = 15.0
"""Longer than the store's lock timeout, so a pending write can always finish."""


def detach_from_terminal() -> None:
    """Point stdin, stdout and stderr at /dev/null, so no write can fail or block."""
    devnull = os.open(os.devnull, os.O_RDWR)
    try:
        for descriptor in (0, 1, 2):
            with suppress(OSError):
                os.dup2(devnull, descriptor)
    finally:
        os.close(devnull)


class HangupGuard:
    """Calls `on_hangup` on the event loop when SIGHUP arrives (POSIX only)."""

    def __init__(self, on_hangup: Callable[[], None]) -> None:
        self.on_hangup = on_hangup
        self._previous: Any = None
        self._loop: asyncio.AbstractEventLoop | None = None

    def install(self) -> None:
        """Start handling SIGHUP; call from the event loop's thread."""
        if not hasattr(signal, "SIGHUP"):
            return
        self._loop = asyncio.get_running_loop()
        self._previous = signal.signal(signal.SIGHUP, self._handle)

    def uninstall(self) -> None:
        """Put back the SIGHUP handling that was there before."""
        if self._loop is not None:
            signal.signal(signal.SIGHUP, self._previous)
            self._loop = None

    def _handle(self, _signum: int, _frame: FrameType | None) -> None:
        detach_from_terminal()
        if hasattr(signal, "SIGCONT"):
            signal.signal(signal.SIGCONT, signal.SIG_DFL)
        last_resort = threading.Timer(GRACE_SECONDS, os._exit, (HANGUP_EXIT_CODE,))
        last_resort.daemon = True
        last_resort.start()
        if self._loop is not None:
            self._loop.call_soon_threadsafe(self.on_hangup)
