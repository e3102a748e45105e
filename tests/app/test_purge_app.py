"""The app erases expired patient data itself: at start, and once a day while it runs."""

from __future__ import annotations

from datetime import timedelta

from tests.conftest import FakeClock
from tests.helpers.patients import ASE, BJORN, TestPatient
from tests.helpers.pilot import screen_text, settle
from tui.app import TimedialogApp
from tui.core.model import Message
from tui.core.patient_data import is_erased
from tui.core.texts.library import TextLibrary
from tui.core.workflow.inbox import Inbox
from tui.screens.inbox import InboxScreen


def add_closed(inbox: Inbox, clock: FakeClock, patient: TestPatient, days_ago: float) -> str:
    """A message of `patient` closed `days_ago` days before the clock's now."""
    now = clock.now
    clock.now = now - timedelta(days=days_ago)
    message_id = f"msg-{patient.given}"
    inbox.add_messages(
        [
            inbox.new_message(
                message_id=message_id,
                received=clock.now,
                department="BLOD",
                text=patient.text,
                subject="Time",
                patient_name=patient.name,
                patient_id=patient.national_id,
            )
        ]
    )
    inbox.close_without_reply(message_id, "Duplikat")
    clock.now = now
    return message_id


def stored(inbox: Inbox, message_id: str) -> Message:
    """The message wherever it is now: the inbox, or the archive (closed 30 days ago)."""
    everything = [*inbox.store.messages(), *inbox.store.archived()]
    return next(message for message in everything if message.id == message_id)


async def test_the_app_purges_at_start_and_each_new_day(
    demo_inbox: Inbox, clock: FakeClock, library: TextLibrary
) -> None:
    expired = add_closed(demo_inbox, clock, ASE, days_ago=31)
    tomorrow = add_closed(demo_inbox, clock, BJORN, days_ago=29.5)
    app = TimedialogApp(demo_inbox, library, local_clipboard=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert is_erased(stored(demo_inbox, expired))
        assert not is_erased(stored(demo_inbox, tomorrow))
        notices = [n.message for n in app._notifications]
        assert any("Slettet personopplysninger i 1 melding og" in n for n in notices)
        assert ASE.family not in screen_text(app)

        screen = app.screen
        assert isinstance(screen, InboxScreen)
        screen.daily_housekeeping()  # the same day: nothing runs again
        await settle(pilot)
        assert not is_erased(stored(demo_inbox, tomorrow))

        clock.advance(days=1)
        screen.daily_housekeeping()
        await settle(pilot)
        assert is_erased(stored(demo_inbox, tomorrow))
        assert stored(demo_inbox, tomorrow).patient_name == ""
