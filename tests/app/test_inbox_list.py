"""The inbox list by itself: its cursor stays in sight whatever order its updates come in."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.widgets import Static

from tests.conftest import FIXED_NOW
from tui.core.model import Message
from tui.core.workflow.inbox import Inbox, Urgency
from tui.widgets.inbox_list import InboxList


class Pane(Static):
    """A pane that may take the whole screen."""

    ALLOW_MAXIMIZE = True


class ListApp(App[None]):
    """An inbox list with a pane that can take the whole screen, as the detail pane does."""

    def compose(self) -> ComposeResult:
        yield InboxList(id="inbox")
        yield Pane("the message", id="detail")


async def test_the_cursor_is_in_sight_when_the_list_gets_its_height_back(
    demo_inbox: Inbox,
) -> None:
    """At 80 columns an opened message takes the whole screen and the list has no height.

    `b` moves the cursor on at once, there; on a busy host the answered message's new place
    can come back before the list is laid out again, the cursor's message now the first
    row. Once the list is back, that row must be in sight (it was scrolled out, above).
    """
    messages = sorted(demo_inbox.messages(), key=demo_inbox.sort_key)

    def urgency(message: Message) -> Urgency:
        return demo_inbox.urgency(message, FIXED_NOW.date())

    app = ListApp()
    async with app.run_test(size=(80, 24)) as pilot:
        rows = app.query_one(InboxList)
        rows.show(messages, urgency)
        await pilot.pause()
        app.screen.maximize(app.query_one("#detail"), container=False)
        await pilot.pause()
        assert rows.size.height == 0
        rows.cursor = 1  # moved on while out of sight
        rows.show(messages[1:], urgency)  # the first one moved away: the cursor's is first
        assert rows.cursor == 0
        app.screen.minimize()
        await pilot.pause()
        top = rows.scroll_offset.y
        assert top <= rows.cursor < top + rows.scrollable_content_region.height
