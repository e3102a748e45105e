"""Messages stored before they were analysed are read outside the database lock.

The first analysis loads the language data, which takes seconds on a busy host: holding the
lock meanwhile kept every other clerk's change (and a quitting app's release of its claim)
waiting, up to the lock's timeout.
"""

from __future__ import annotations

from dataclasses import replace

import pytest

import tui.core.rules.classify as classify_module
from tui.core.model import Message
from tui.core.store.store import Store
from tui.core.workflow.demo import demo_messages
from tui.core.workflow.inbox import Inbox


def unanalysed(inbox: Inbox) -> list[Message]:
    """The demo messages as an older file holds them: neither suggestion nor urgent words."""
    return [
        replace(m, category_sure=None, urgent_words=None, category_confirmed=False)
        for m in demo_messages(inbox)
        if m.status.is_open  # the closed ones are never analysed again
    ]


def test_another_clerk_can_write_while_the_messages_are_read(
    inbox: Inbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    messages = unanalysed(inbox)
    inbox.store.add(messages)
    other = Store(inbox.store.path)
    target = messages[0].id
    written: list[int] = []
    real = classify_module.classify

    def classify_while_another_writes(*args: object, **kwargs: object) -> object:
        if not written:  # a change by another process's store, while the first is read
            written.append(other.update(target, lambda m: setattr(m, "subject", "Endret")).revision)
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(classify_module, "classify", classify_while_another_writes)
    analysed = inbox.analyse_pending()

    assert written, "the other clerk's change was made during the reading"
    stored = {m.id: m for m in inbox.store.messages()}
    # The other clerk's change stands; that message is left for the next round.
    assert stored[target].subject == "Endret"
    assert not stored[target].analysed
    assert target not in {m.id for m in analysed}
    # Every other message was analysed and stored in one go.
    assert len(analysed) == len(messages) - 1
    assert all(stored[m.id].analysed for m in analysed)
    # The next round analyses it, the other clerk's change kept.
    assert [m.id for m in inbox.analyse_pending()] == [target]
    again = inbox.store.get(target)
    assert again.analysed
    assert again.subject == "Endret"


def test_the_analysis_stored_is_what_a_new_message_gets(inbox: Inbox) -> None:
    messages = unanalysed(inbox)
    inbox.store.add(messages)
    inbox.analyse_pending()
    for message in messages:
        expected = replace(message)
        inbox.analyse(expected)
        stored = inbox.store.get(message.id)
        assert stored.category == expected.category
        assert stored.category_sure == expected.category_sure
        assert stored.category_alternatives == expected.category_alternatives
        assert stored.urgent_words == expected.urgent_words
