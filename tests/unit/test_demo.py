"""The demo inbox is realistic, varied and made of test persons only."""

from __future__ import annotations

from collections import Counter

from tests.conftest import FIXED_NOW
from tui.core.model import Category
from tui.core.workflow.demo import demo_messages
from tui.core.workflow.inbox import Inbox


def is_synthetic_fnr(value: str) -> bool:
    """Tenor test numbers: month + 80; valid mod-11 control digits."""
    if len(value) != 11 or not value.isdigit() or not 81 <= int(value[2:4]) <= 92:
        return False
    digits = [int(d) for d in value]
    weights1 = (3, 7, 6, 1, 8, 9, 4, 5, 2)
    weights2 = (5, 4, 3, 2, 7, 6, 5, 4, 3, 2)
    k1 = (11 - sum(d * w for d, w in zip(digits, weights1, strict=False)) % 11) % 11
    k2 = (11 - sum(d * w for d, w in zip(digits, weights2, strict=False)) % 11) % 11
    return k1 == digits[9] and k2 == digits[10]


def test_demo_inbox_has_what_a_trial_needs(demo_inbox: Inbox) -> None:
    messages = demo_inbox.messages()
    assert len(messages) >= 25
    assert set(Counter(m.category for m in messages)) == set(Category)
    assert len({m.department for m in messages}) >= 4
    today = FIXED_NOW.date()
    assert sum(demo_inbox.urgency(m, today).overdue for m in messages if m.status.is_open) >= 3
    assert any("brystsmerter" in m.text for m in messages)
    assert any(m.department == "ORT" and "øyepoliklinikken" in m.text for m in messages)


def test_demo_uses_test_persons_only(demo_inbox: Inbox) -> None:
    for message in demo_inbox.messages():
        assert is_synthetic_fnr(message.patient_id), message.patient_name


def test_demo_ids_are_stable(demo_inbox: Inbox) -> None:
    from tui.core.workflow.demo import demo_messages

    again = demo_messages(demo_inbox)
    assert {m.id for m in again} == {m.id for m in demo_inbox.messages()}


def test_the_demos_kept_suggestions_are_the_classifiers(demo_inbox: Inbox) -> None:
    """`--demo` takes each message's suggestion and urgent words from data/demo-analyses.json
    (no language data at start-up); they must be what the rules give today. When the rules
    change, run `python -m tui.core.workflow.demo` to write them again."""
    import orjson

    from tui.core.workflow.demo import demo_analyses, demo_analyses_path

    assert orjson.loads(demo_analyses_path().read_bytes()) == demo_analyses(demo_inbox)
    kept = demo_messages(demo_inbox, analyse=False)
    fresh = demo_messages(demo_inbox)
    assert [m.to_dict() for m in kept] == [m.to_dict() for m in fresh]
