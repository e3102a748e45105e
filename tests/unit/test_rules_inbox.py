"""The procedure's rules as inbox operations: forward, follow-up, close without reply, fee."""

from __future__ import annotations

from datetime import datetime

import pytest

from tests.conftest import FIXED_NOW, FakeClock
from tui.core.model import OSLO, Appointment, Category, Status
from tui.core.rules.fee import FeeOutcome
from tui.core.store.store import Store
from tui.core.workflow.inbox import Inbox, InboxError


def add(inbox: Inbox, text: str, **fields: object) -> str:
    message = inbox.new_message(
        message_id=str(fields.pop("message_id", "m1")),
        received=fields.pop("received", FIXED_NOW),  # type: ignore[arg-type]
        department=str(fields.pop("department", "ORT")),
        text=text,
        **fields,
    )
    inbox.store.add([message])
    return message.id


def test_forward_moves_the_message_and_keeps_received_and_deadline(
    inbox: Inbox, clock: FakeClock
) -> None:
    message_id = add(inbox, "Gjelder øyepoliklinikken: kan jeg flytte timen?")
    before = inbox.store.get(message_id)
    clock.advance(minutes=12)
    moved = inbox.forward(message_id, "OYE")
    assert moved.department == "OYE"
    assert moved.received == before.received
    assert moved.deadline == before.deadline
    forward = moved.forwarded_from
    assert forward is not None
    assert (forward.from_department, forward.to_department, forward.user) == ("ORT", "OYE", "kari")
    assert forward.when - moved.received == clock.now - FIXED_NOW  # time to forward
    entry = moved.history[-1]
    assert (entry.action, entry.old, entry.new, entry.user) == ("forwarded", "ORT", "OYE", "kari")
    again = Store(inbox.store.path).get(message_id)
    assert again.forwards == moved.forwards


def test_forward_refuses_unknown_same_or_answered(inbox: Inbox) -> None:
    message_id = add(inbox, "Hei")
    with pytest.raises(InboxError, match="Ukjent avdeling"):
        inbox.forward(message_id, "NOPE")
    with pytest.raises(InboxError, match="allerede hos ORT"):
        inbox.forward(message_id, "ORT")
    inbox.mark_answered(message_id)
    with pytest.raises(InboxError, match="Bare ubesvarte"):
        inbox.forward(message_id, "OYE")


def test_answer_starts_follow_up_and_ticking_closes(inbox: Inbox, clock: FakeClock) -> None:
    message_id = add(inbox, "Kan jeg flytte timen?")
    answered = inbox.mark_answered(message_id)
    assert answered.status is Status.FOLLOW_UP
    assert answered.checklist_left == ["Finn ny time i DIPS", "Send brev eller ring pasienten"]
    clock.advance(minutes=30)
    first = inbox.tick(message_id, "Finn ny time i DIPS")
    assert first.status is Status.FOLLOW_UP
    assert first.history[-1].action == "checklist_ticked"
    assert (first.history[-1].old, first.history[-1].new) == ("Finn ny time i DIPS", "")
    done = inbox.tick(message_id, "Send brev eller ring pasienten")
    assert done.status is Status.CLOSED
    assert (done.history[-1].old, done.history[-1].new) == ("oppfolging", "lukket")
    undone = inbox.tick(message_id, "Finn ny time i DIPS")
    assert undone.status is Status.FOLLOW_UP
    assert undone.checklist_left == ["Finn ny time i DIPS"]
    with pytest.raises(InboxError, match="står ikke på sjekklisten"):
        inbox.tick(message_id, "Noe annet")


def test_a_category_without_checklist_closes_on_answer(inbox: Inbox) -> None:
    message_id = add(inbox, "Hvilken inngang skal jeg bruke?")  # annet: the text has no list
    assert inbox.mark_answered(message_id).status is Status.CLOSED
    with pytest.raises(InboxError, match="ikke åpen"):
        inbox.mark_answered(message_id)


def test_close_without_reply_needs_and_records_a_reason(inbox: Inbox) -> None:
    message_id = add(inbox, "Kan jeg flytte timen?")
    with pytest.raises(InboxError, match="Skriv hvorfor"):
        inbox.close_without_reply(message_id, "   ")
    closed = inbox.close_without_reply(message_id, " Duplikat  av melding fra i går ")
    assert closed.status is Status.CLOSED
    assert closed.closed_reason == "Duplikat av melding fra i går"
    entry = closed.history[-1]
    assert (entry.action, entry.old, entry.new) == (
        "closed_without_reply",
        "ny",
        "Duplikat av melding fra i går",
    )
    reopened = inbox.reopen(message_id)
    assert (reopened.status, reopened.closed_reason) == (Status.NEW, "")


def test_late_cancellation_suggests_the_fee_reply_until_the_clerk_decides(inbox: Inbox) -> None:
    appointment = Appointment(start=datetime(2026, 11, 30, 10, 0, tzinfo=OSLO))
    message_id = add(
        inbox,
        "Jeg må avbestille timen på mandag.",
        type_code="OAT",
        received=datetime(2026, 11, 27, 11, 0, tzinfo=OSLO),
        appointment=appointment,
    )
    message = inbox.store.get(message_id)
    verdict = inbox.fee_verdict(message)
    assert verdict is not None
    assert verdict.late
    assert verdict.amount_kr == 1993
    assert "23 hverdagstimer < 24" in verdict.arithmetic
    suggestion = inbox.suggested_reply(message)
    assert suggestion.category is Category.GEBYR
    assert "for sent" in suggestion.reason
    confirmed = inbox.set_category(message_id, Category.AVBESTILLING)
    assert inbox.suggested_reply(confirmed).category is Category.AVBESTILLING


def test_fee_verdicts_only_for_cancellations(inbox: Inbox) -> None:
    message_id = add(inbox, "Jeg vil avbestille.", type_code="OAT")
    message = inbox.store.get(message_id)
    verdict = inbox.fee_verdict(message)
    assert verdict is not None
    assert verdict.outcome is FeeOutcome.UNKNOWN
    assert inbox.suggested_reply(message).category is Category.AVBESTILLING
    other = inbox.store.get(add(inbox, "Kan jeg flytte?", message_id="m2"))
    assert inbox.fee_verdict(other) is None


def test_department_fee_amount(inbox: Inbox) -> None:
    appointment = Appointment(start=datetime(2026, 11, 30, 10, 0, tzinfo=OSLO), kind="")
    message_id = add(
        inbox,
        "Avbestiller.",
        type_code="OAT",
        department="DPS",
        received=datetime(2026, 11, 30, 9, 0, tzinfo=OSLO),
        appointment=appointment,
    )
    verdict = inbox.fee_verdict(inbox.store.get(message_id))
    assert verdict is not None
    assert verdict.amount_kr == 443


def test_urgent_messages_sort_first_among_open(inbox: Inbox) -> None:
    add(inbox, "Kan jeg flytte timen?", message_id="calm", department="NEVRO")  # due sooner
    add(
        inbox,
        "Jeg har brystsmerter.",
        message_id="urgent",
        received=datetime(2026, 11, 26, 9, 59, tzinfo=OSLO),
        department="BLOD",
    )
    add(inbox, "Det haster ikke.", message_id="negated")
    messages = inbox.messages()
    assert messages[0].id == "urgent"
    assert messages[0].deadline > messages[1].deadline
    assert not inbox.urgent_hint(inbox.store.get("negated")).urgent
