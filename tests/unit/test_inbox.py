"""A clerk's changes are recorded with who and when, and survive a restart."""

from __future__ import annotations

from datetime import date

import pytest

from tests.conftest import FIXED_NOW, FakeClock
from tui.core.config.config import Config
from tui.core.model import Category, Status
from tui.core.store.store import MessageNotFoundError, Store
from tui.core.workflow.inbox import Inbox, sort_key


def test_new_message_gets_deadline_and_unconfirmed_suggestion(inbox: Inbox) -> None:
    message = inbox.new_message(
        message_id="m1",
        received=FIXED_NOW,
        department="NEVRO",
        text="Kan jeg flytte timen?",
        type_code="HE",
    )
    assert message.deadline == date(2026, 11, 30)  # NEVRO answers within 2 working days
    assert message.category is Category.ENDRING
    assert message.category_reason == "tekst: 'flytte'"
    assert not message.category_confirmed


def test_mark_answered_records_who_and_when_and_persists(
    demo_inbox: Inbox, config: Config, clock: FakeClock
) -> None:
    first = next(m for m in demo_inbox.messages() if m.category is Category.ENDRING)
    clock.advance(minutes=5)
    demo_inbox.mark_answered(first.id)

    reopened = Inbox(Store(demo_inbox.store.path), config, "per", clock)
    stored = reopened.store.get(first.id)
    assert stored.status is Status.FOLLOW_UP
    assert stored.checklist == ["Finn ny time i DIPS", "Send brev eller ring pasienten"]
    assert stored.answered_by == "kari"
    assert stored.answered_at == clock.now
    assert stored.revision == first.revision + 1
    entry = stored.history[-1]
    assert (entry.user, entry.action, entry.old, entry.new) == (
        "kari",
        "status_changed",
        "ny",
        "oppfolging",
    )


def test_set_category_confirms_it(demo_inbox: Inbox) -> None:
    first = demo_inbox.messages()[0]
    changed = demo_inbox.set_category(first.id, Category.ANNET)
    assert changed.category is Category.ANNET
    assert changed.category_confirmed
    assert changed.category_reason == "valgt av kari"


def test_reopen_clears_the_answer(demo_inbox: Inbox) -> None:
    first = demo_inbox.messages()[0]
    demo_inbox.mark_answered(first.id)
    reopened = demo_inbox.reopen(first.id)
    assert reopened.status is Status.NEW
    assert reopened.answered_by == ""


def test_inbox_is_sorted_urgent_then_open_then_by_deadline(demo_inbox: Inbox) -> None:
    messages = demo_inbox.messages()
    urgent = [demo_inbox.urgent_hint(m).urgent for m in messages]
    assert messages == sorted(messages, key=lambda m: sort_key(m, demo_inbox.urgent_hint(m).urgent))
    assert urgent[0], "the demo's urgent message (brystsmerter) sorts to the top"
    open_plain = [
        m.deadline for m, u in zip(messages, urgent, strict=True) if m.status.is_open and not u
    ]
    assert open_plain == sorted(open_plain)
    assert not messages[-1].status.is_open


def test_unknown_message_is_a_clear_error(inbox: Inbox) -> None:
    with pytest.raises(MessageNotFoundError, match="Fant ikke meldingen nope"):
        inbox.mark_answered("nope")


def test_urgency_labels(demo_inbox: Inbox) -> None:
    today = FIXED_NOW.date()
    labels = {demo_inbox.urgency(m, today).marker for m in demo_inbox.messages()}
    assert {"!!", "! ", "  "} <= labels
