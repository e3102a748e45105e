"""The whole fødselsnummer: masked everywhere, shown only on `f` in the detail pane, audited."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest

from tests.conftest import FIXED_NOW, FakeClock
from tests.helpers.pilot import screen_text, settle, wait_until
from tui.app import TimedialogApp
from tui.core.config.config import Config
from tui.core.patient_data import REVEALED
from tui.core.store.store import Store
from tui.core.workflow.inbox import Inbox, InboxError
from tui.widgets.inbox_list import InboxList
from tui.widgets.message_detail import MessageDetail

AppFactory = Callable[..., TimedialogApp]


def selected(app: TimedialogApp) -> str:
    message_id = app.screen.query_one(InboxList).selected_id
    assert message_id is not None
    return message_id


def number_of(app: TimedialogApp, message_id: str) -> str:
    return app.inbox.store.get(message_id).patient_id


def reveals(app: TimedialogApp, message_id: str) -> list[tuple[str, object]]:
    history = app.inbox.store.get(message_id).history
    return [(entry.user, entry.when) for entry in history if entry.action == REVEALED]


async def test_the_number_is_masked_until_f_and_f_is_recorded(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        message_id = selected(app)
        number = number_of(app, message_id)
        assert number[:6] + "*****" in screen_text(app)
        assert number not in screen_text(app)
        await pilot.press("enter")
        await settle(pilot)
        assert number not in screen_text(app)
        assert reveals(app, message_id) == []

        await pilot.press("f")
        await settle(pilot)
        assert number in screen_text(app)
        assert reveals(app, message_id) == [("kari", FIXED_NOW)]


async def test_leaving_the_message_masks_the_number_again(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        number = number_of(app, selected(app))
        await pilot.press("enter", "f")
        await settle(pilot)
        assert number in screen_text(app)
        await pilot.press("escape", "j")
        await settle(pilot)
        assert number not in screen_text(app)
        await pilot.press("k")
        await settle(pilot)
        assert number not in screen_text(app)  # coming back shows it masked


async def test_the_number_is_shown_only_briefly(
    make_app: AppFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(MessageDetail, "REVEAL_SECONDS", 0.5)
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        number = number_of(app, selected(app))
        detail = app.screen.query_one(MessageDetail)

        await pilot.press("enter", "f")
        await wait_until(pilot, lambda: detail.revealed)
        await pilot.pause()
        assert number in screen_text(app)
        await wait_until(pilot, lambda: not detail.revealed)
        await pilot.pause()
        assert number not in screen_text(app)
        assert detail.has_focus  # masked by time, not by leaving


async def test_f_in_the_inbox_list_does_not_show_the_number(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        message_id = selected(app)
        await pilot.press("f")
        await settle(pilot)
        assert number_of(app, message_id) not in screen_text(app)
        assert reveals(app, message_id) == []


async def test_no_number_no_showing(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        message_id = selected(app)
        app.inbox.store.update(message_id, lambda m: setattr(m, "patient_id", "") or None)
        await settle(pilot)
        await pilot.press("enter", "f")
        await settle(pilot)
        assert reveals(app, message_id) == []
        assert any("ikke noe fødselsnummer" in n.message for n in app._notifications)


def test_the_number_is_not_given_when_the_showing_cannot_be_recorded(
    demo_inbox: Inbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tui.core.store.store import StoreWriteError

    message_id = next(m.id for m in demo_inbox.messages() if m.patient_id)

    def full_disk(*_args: object, **_kwargs: object) -> None:
        raise StoreWriteError("disken er full")

    monkeypatch.setattr(demo_inbox.store, "update", full_disk)
    with pytest.raises(StoreWriteError):
        demo_inbox.reveal_national_id(message_id)


def test_a_message_without_a_number_has_nothing_to_show(demo_inbox: Inbox) -> None:
    message_id = next(m.id for m in demo_inbox.messages())
    demo_inbox.store.update(message_id, lambda m: setattr(m, "patient_id", "") or None)
    with pytest.raises(InboxError):
        demo_inbox.reveal_national_id(message_id)


def test_another_clerk_showing_the_number_is_no_collision(
    demo_inbox: Inbox, config: Config, clock: FakeClock
) -> None:
    per = Inbox(Store(demo_inbox.store.path), config, "per", clock)
    message = next(m for m in demo_inbox.messages() if m.status.is_open and m.patient_id)
    per.reveal_national_id(message.id)
    clock.advance(minutes=1)
    answered = demo_inbox.mark_answered(message.id, seen=message)  # no CollisionError
    assert answered.answered_by == "kari"
    assert answered.answered_at == FIXED_NOW + timedelta(minutes=1)
