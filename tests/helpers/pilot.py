"""Waiting on an app driven by Textual's Pilot: for its workers, or for a condition.

Nothing of the app is imported here at import time: `language_walk` sets the language before
any screen's module is loaded (Textual builds the bindings' words when it is).
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import suppress
from typing import TYPE_CHECKING, Any

from textual.pilot import Pilot

if TYPE_CHECKING:
    from tui.app import TimedialogApp
    from tui.widgets.inbox_list import InboxList

AppFactory = Callable[..., "TimedialogApp"]
"""The `make_app` fixture: the app on the demo inbox, with options."""


def screen_text(app: TimedialogApp) -> str:
    """Everything on screen as plain text."""
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


def table(app: TimedialogApp) -> InboxList:
    """The inbox list of the screen shown."""
    from tui.widgets.inbox_list import InboxList

    return app.screen.query_one(InboxList)


async def settle(pilot: Pilot[Any]) -> None:
    """Wait until every worker is done and the screen has caught up.

    A worker cancelled on the way is no failure: a newer load replaces an older one
    (`exclusive=True`), and Textual's own `wait_for_complete` would raise for it.
    """
    for _ in range(2):
        await _workers_done(pilot)
        await pilot.pause()


async def _workers_done(pilot: Pilot[Any]) -> None:
    from textual.worker import WorkerCancelled

    for worker in list(pilot.app.workers):
        with suppress(WorkerCancelled):
            await worker.wait()


async def wait_until(pilot: Pilot[Any], condition: Callable[[], bool], seconds: float = 10) -> None:
    """Let the app run, pressing no key, until `condition` holds; fail after `seconds`."""
    for _ in range(int(seconds / 0.05)):
        if condition():
            return
        await pilot.pause(0.05)
    raise AssertionError("condition not met in time")
