"""Claims, collisions and the audit trail, as two clerks on one database see them."""

from __future__ import annotations

import pytest

from tests.conftest import FakeClock
from tests.helpers.stores import reopen, stored_state
from tui.core.config.config import Config
from tui.core.model import Category, Status
from tui.core.rules.claims import CollisionError
from tui.core.workflow.inbox import Inbox


@pytest.fixture
def demo_inbox(any_demo_inbox: Inbox) -> Inbox:
    """The demo inbox on each store in turn: these tests are part of the store contract."""
    return any_demo_inbox


@pytest.fixture
def per(demo_inbox: Inbox, config: Config, clock: FakeClock) -> Inbox:
    """A second clerk, in a second session, on the same database."""
    return Inbox(reopen(demo_inbox.store), config, "per", clock)


def first_open(inbox: Inbox) -> str:
    return next(m.id for m in inbox.messages() if m.status.is_open)


def test_opening_claims_and_others_see_who_holds_it(demo_inbox: Inbox, per: Inbox) -> None:
    message_id = first_open(demo_inbox)
    outcome = demo_inbox.claim(message_id)
    assert outcome.holder == "kari"
    assert demo_inbox.held == message_id

    seen_by_per = next(m for m in per.messages() if m.id == message_id)
    assert seen_by_per.claimed_by == "kari"
    assert per.claim(message_id).holder == "kari"  # per may read it, but does not take it
    assert per.held is None
    entry = per.store.get(message_id).history[-1]
    assert (entry.user, entry.action, entry.old, entry.new) == ("kari", "claimed", "", "kari")


def test_claims_lapse_after_claim_minutes(
    demo_inbox: Inbox, per: Inbox, clock: FakeClock, config: Config
) -> None:
    message_id = first_open(demo_inbox)
    demo_inbox.claim(message_id)
    clock.advance(minutes=config.claim_minutes - 1)
    assert per.claim(message_id).holder == "kari"
    clock.advance(minutes=1)
    assert next(m for m in per.messages() if m.id == message_id).claimed_by == ""
    assert per.claim(message_id).holder == "per"
    entry = per.store.get(message_id).history[-1]
    assert (entry.user, entry.action, entry.old, entry.new) == ("per", "claimed", "kari", "per")


def test_leaving_releases_and_opening_another_moves_the_claim(demo_inbox: Inbox) -> None:
    first, second = [m.id for m in demo_inbox.messages() if m.status.is_open][:2]
    demo_inbox.claim(first)
    demo_inbox.claim(second)
    assert demo_inbox.store.get(first).claimed_by == ""
    assert demo_inbox.store.get(second).claimed_by == "kari"
    demo_inbox.release_claim()
    assert demo_inbox.store.get(second).claimed_by == ""
    assert demo_inbox.held is None
    actions = [e.action for e in demo_inbox.store.get(first).history]
    assert actions[-2:] == ["claimed", "released"]


def test_answering_a_message_someone_else_holds_needs_confirmation(
    demo_inbox: Inbox, per: Inbox
) -> None:
    message_id = first_open(demo_inbox)
    per.claim(message_id)
    seen = demo_inbox.store.get(message_id)
    before = stored_state(demo_inbox.store)
    with pytest.raises(CollisionError) as caught:
        demo_inbox.mark_answered(message_id, seen)
    assert caught.value.holder == "per"
    assert "tatt av per" in caught.value.reasons[0]
    assert stored_state(demo_inbox.store) == before  # nothing written

    answered = demo_inbox.mark_answered(
        message_id, caught.value.message, accept_holder=caught.value.holder
    )
    assert answered.status in (Status.FOLLOW_UP, Status.CLOSED)
    assert answered.answered_by == "kari"
    assert answered.claimed_by == ""
    assert [e.action for e in answered.history[-2:]] == ["status_changed", "released"]


def test_answering_a_message_changed_since_it_was_opened_needs_confirmation(
    demo_inbox: Inbox, per: Inbox, clock: FakeClock
) -> None:
    message_id = first_open(demo_inbox)
    opened = demo_inbox.claim(message_id).message
    demo_inbox.release_claim()
    clock.advance(minutes=2)
    per.set_category(message_id, Category.GEBYR)
    with pytest.raises(CollisionError) as caught:
        demo_inbox.mark_answered(message_id, opened)
    assert caught.value.holder == ""
    (change,) = caught.value.changes
    assert (change.user, change.action, change.new) == ("per", "category_confirmed", "gebyr")
    assert "endret etter at du åpnet den" in "\n".join(caught.value.reasons)
    answered = demo_inbox.mark_answered(message_id, caught.value.message)
    assert answered.status is not Status.NEW


def test_own_changes_and_others_claims_are_no_collision(demo_inbox: Inbox, per: Inbox) -> None:
    message_id = first_open(demo_inbox)
    opened = demo_inbox.claim(message_id).message
    demo_inbox.set_category(message_id, Category.ANNET)
    demo_inbox.release_claim()
    per.claim(message_id)
    per.release_claim()
    assert demo_inbox.mark_answered(message_id, opened).status is not Status.NEW


def test_every_operation_records_who_what_when_old_and_new(
    demo_inbox: Inbox, clock: FakeClock
) -> None:
    message = demo_inbox.new_message(
        message_id="ny-1", received=clock.now, department="ORT", text="Kan timen flyttes?"
    )
    message.source = "helsenorge:test.xml"
    demo_inbox.add_messages([message])
    demo_inbox.claim("ny-1")
    clock.advance(minutes=1)
    demo_inbox.set_category("ny-1", Category.PURRING)
    demo_inbox.mark_answered("ny-1")
    demo_inbox.reopen("ny-1")
    history = demo_inbox.store.get("ny-1").history
    assert [(e.action, e.old, e.new) for e in history] == [
        ("registered", "", "helsenorge:test.xml"),
        ("claimed", "", "kari"),
        ("category_confirmed", "endring", "purring"),
        ("status_changed", "ny", "lukket"),  # purring has no follow-up checklist
        ("released", "kari", ""),
        ("status_changed", "lukket", "ny"),
    ]
    assert {e.user for e in history} == {"kari"}
    assert history[0].when == history[1].when < history[2].when


def test_only_open_messages_are_claimed(demo_inbox: Inbox) -> None:
    done = next(m for m in demo_inbox.messages() if not m.status.is_open)
    outcome = demo_inbox.claim(done.id)
    assert outcome.holder == ""
    assert demo_inbox.store.get(done.id).revision == done.revision


CHANGES = {
    "answer (b)": lambda inbox, mid, seen, holder: inbox.mark_answered(mid, seen, holder),
    "forward (v)": lambda inbox, mid, seen, holder: inbox.forward(mid, "BLOD", seen, holder),
    "close without reply (u)": lambda inbox, mid, seen, holder: inbox.close_without_reply(
        mid, "Pasienten er ringt", seen, holder
    ),
    "category (e)": lambda inbox, mid, seen, holder: inbox.set_category(
        mid, Category.GEBYR, seen, holder
    ),
}
"""Every change to an open message, as the app makes it: (inbox, id, seen, accepted holder)."""


def an_open_message_outside_blod(inbox: Inbox) -> str:
    return next(m.id for m in inbox.messages() if m.status.is_open and m.department != "BLOD")


@pytest.mark.parametrize("change", CHANGES)
def test_every_change_is_checked_against_a_clerk_who_holds_the_message(
    demo_inbox: Inbox, per: Inbox, change: str
) -> None:
    message_id = an_open_message_outside_blod(demo_inbox)
    seen = demo_inbox.store.get(message_id)
    per.claim(message_id)
    before = stored_state(demo_inbox.store)
    with pytest.raises(CollisionError) as caught:
        CHANGES[change](demo_inbox, message_id, seen, "")
    assert caught.value.holder == "per"
    assert caught.value.reasons[0].startswith("Meldingen er tatt av per (siden ")
    assert stored_state(demo_inbox.store) == before  # nothing written
    CHANGES[change](demo_inbox, message_id, caught.value.message, caught.value.holder)
    assert demo_inbox.store.get(message_id).history[-1].user == "kari"


@pytest.mark.parametrize("change", CHANGES)
def test_every_change_is_checked_against_changes_made_since_it_was_seen(
    demo_inbox: Inbox, per: Inbox, change: str
) -> None:
    message_id = an_open_message_outside_blod(demo_inbox)
    seen = demo_inbox.store.get(message_id)
    per.set_category(message_id, Category.ANNET)
    with pytest.raises(CollisionError) as caught:
        CHANGES[change](demo_inbox, message_id, seen, "")
    assert caught.value.holder == ""
    assert "per  kategori" in "\n".join(caught.value.reasons)
    CHANGES[change](demo_inbox, message_id, caught.value.message, "")


def answered_with_checklist(inbox: Inbox) -> str:
    message_id = an_open_message_outside_blod(inbox)
    inbox.set_category(message_id, Category.AVBESTILLING)
    answered = inbox.mark_answered(message_id)
    assert answered.status is Status.FOLLOW_UP
    assert len(answered.checklist) >= 2
    return message_id


def test_ticks_and_reopening_are_checked_against_others_changes_too(
    demo_inbox: Inbox, per: Inbox
) -> None:
    message_id = answered_with_checklist(demo_inbox)
    seen = demo_inbox.store.get(message_id)
    first, second = seen.checklist[:2]
    per.tick(message_id, first)
    with pytest.raises(CollisionError) as caught:
        demo_inbox.tick(message_id, second, seen)
    assert "per  sjekkliste" in "\n".join(caught.value.reasons)
    ticked = demo_inbox.tick(message_id, second, caught.value.message)
    assert set(ticked.checklist_done) == {first, second}

    seen = ticked
    per.tick(message_id, first)  # per unticks it again
    with pytest.raises(CollisionError):
        demo_inbox.reopen(message_id, seen)
    assert demo_inbox.store.get(message_id).status is Status.FOLLOW_UP
    reopened = demo_inbox.reopen(message_id, demo_inbox.store.get(message_id))
    assert reopened.status is Status.NEW


def test_a_collision_names_no_empty_values() -> None:
    from datetime import datetime

    from tests.conftest import FIXED_NOW
    from tui.core.model import HistoryEntry, Message
    from tui.core.rules.claims import describe

    message = Message(
        id="m",
        received=FIXED_NOW,
        deadline=FIXED_NOW.date(),
        department="ORT",
        text="t",
        claimed_by="per",
    )
    reasons = CollisionError(message, "per", []).reasons
    assert reasons == ["Meldingen er tatt av per."]
    registered = HistoryEntry(datetime(2026, 11, 26, 9, 0, tzinfo=FIXED_NOW.tzinfo), "per", "x")
    assert describe(registered).endswith("per  x")
    only_new = HistoryEntry(FIXED_NOW, "per", "later_action", "", "manuell")
    assert describe(only_new).endswith("per  later_action manuell")
    assert "→" not in describe(only_new)
