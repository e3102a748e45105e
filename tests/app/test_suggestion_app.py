"""Sure and unsure suggestions in the app: what the pane says, what `c` does, and messages
stored before suggestions were sure or unsure (Textual Pilot, real store)."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Label

from tests.app.test_app_rules import SIZE, banner, detail_text, select
from tests.helpers.pilot import settle
from tui.app import TimedialogApp
from tui.cli import main
from tui.core.model import OSLO, Category
from tui.core.workflow.inbox import Inbox
from tui.screens.template_picker import TemplatePicker


def add(inbox: Inbox, message_id: str, subject: str, text: str) -> None:
    message = inbox.new_message(
        message_id=message_id,
        received=datetime(2026, 11, 25, 9, 0, tzinfo=OSLO),
        department="BLOD",
        text=text,
        subject=subject,
        type_code="HE",
    )
    inbox.store.add([message])


async def test_an_unsure_suggestion_asks_before_copying(
    make_app: Callable[..., Any], demo_inbox: Inbox
) -> None:
    add(demo_inbox, "unsure", "Torsdag", "Jeg kan ikke komme på torsdag.")
    app: TimedialogApp = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await select(app, pilot, "Torsdag")
        assert "Usikker: avbestilling eller endring?" in detail_text(app)
        clipboard = app.clipboard
        await pilot.press("c")
        await settle(pilot)
        picker = app.screen
        assert isinstance(picker, TemplatePicker)
        assert app.clipboard == clipboard  # nothing copied blind
        ids = [match.template.id for match in picker.matches]
        assert ids[:2] == ["avbestilling", "endring"]  # the likeliest texts first
        title = str(picker.query_one("#picker-title", Label).content)
        assert "Usikker: avbestilling eller endring?" in title
        await pilot.press("2")  # the clerk picks the change
        await settle(pilot)
        assert app.clipboard.startswith("Vi har mottatt din melding om endring av time")


async def test_a_sure_suggestion_copies_at_once_and_a_confirmed_one_is_sure(
    make_app: Callable[..., Any], demo_inbox: Inbox
) -> None:
    add(demo_inbox, "sure", "Kneet bra", "Jeg trenger ikke timen lenger, kneet er bra.")
    add(demo_inbox, "made-sure", "Ukjent", "Kan jeg få en time?")
    app: TimedialogApp = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await select(app, pilot, "Kneet bra")
        assert "Usikker" not in detail_text(app)
        await pilot.press("c")
        await settle(pilot)
        assert not isinstance(app.screen, TemplatePicker)
        assert app.clipboard.startswith("Vi har mottatt din avbestilling")
    stored = demo_inbox.store.get("sure")
    assert stored.category_sure is True
    assert stored.category_rule == "avbestilling/trenger-ikke"
    demo_inbox.set_category("made-sure", Category.PURRING)
    assert demo_inbox.store.get("made-sure").copies_without_asking


async def test_messages_stored_before_are_analysed_after_the_first_frame(
    make_app: Callable[..., Any], demo_inbox: Inbox
) -> None:
    old = demo_inbox.new_message(
        message_id="old",
        received=datetime(2026, 11, 25, 9, 0, tzinfo=OSLO),
        department="BLOD",
        text="Mannen min fikk plutselig skjev munn og snakker utydelig. Har time neste uke.",
        subject="Gammel",
        type_code="HE",
        analyse=False,  # as an older program stored it: no sure flag, no urgent words
    )
    old.category_reason = "tekst: ingen kjente ord"
    demo_inbox.store.add([old])
    document = demo_inbox.store.get("old").to_dict()
    assert document["category_sure"] is None
    app: TimedialogApp = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await select(app, pilot, "Gammel")
        assert "MULIG HASTESAK («skjev munn»" in banner(app)
    stored = demo_inbox.store.get("old")
    assert stored.category_sure is not None
    assert stored.urgent_words == ["skjev munn", "snakker utydelig"]


def test_list_json_gives_category_sure_and_urgent(
    demo_inbox: Inbox, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    add(demo_inbox, "unsure", "Torsdag", "Jeg kan ikke komme på torsdag.")
    database = str(demo_inbox.store.path)
    assert main(["list", "--json", "--db", database]) == 0
    rows = {row["id"]: row for row in json.loads(capsys.readouterr().out)}
    assert rows["unsure"]["category_sure"] is False
    assert rows["unsure"]["urgent"] is False
    urgent = [row for row in rows.values() if row["urgent"]]
    assert len(urgent) == 1  # the demo's chest pain
    assert all(isinstance(row["category_sure"], bool) for row in rows.values())
    assert "skjev" not in json.dumps(rows)  # the words themselves stay out
