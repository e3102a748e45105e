"""The template picker, key by key: filter, highlight, number keys, missing values, lookup."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from textual import events
from textual.content import Content
from textual.pilot import Pilot
from textual.widgets import Input, OptionList, Static

from tests.conftest import FIXED_NOW
from tests.helpers.pilot import settle
from tui.app import TimedialogApp
from tui.core.resources import templates_dir
from tui.core.texts.library import TextLibrary
from tui.core.workflow.inbox import Inbox
from tui.screens.template_picker import MATCH_STYLE, MISSING_STYLE, TemplatePicker
from tui.widgets.inbox_list import InboxList

BLOD_PURRING = "Venter fortsatt"
"""The subject of a BLOD message chasing a long wait (the suggested reply is `purring`)."""
NEVRO_ENDRING = "Annen tid"
"""The subject of a NEVRO message asking to move an appointment on 30.11 at 13:00."""


@pytest.fixture
def nevro_texts(tmp_path: Path) -> Path:
    """NEVRO's own texts: an override of `endring` and a text only the clerk can complete."""
    folder = tmp_path / "nevro"
    folder.mkdir()
    (folder / "endring.toml").write_text(
        "id = 'endring'\ntitle = 'Endring av time (nevro)'\ncategory = 'endring'\n"
        "body = '''\nVi har mottatt ønsket om å flytte timen {timedato} kl. {timeklokkeslett}."
        " Du hører fra {avdeling} innen {frist}.\n'''\n",
        encoding="utf-8",
    )
    (folder / "ny-time.toml").write_text(
        "id = 'ny-time'\ntitle = 'Ny time er satt opp'\n"
        "checklist = ['Send innkalling i DIPS']\n"
        "body = 'Ny time: {nytimedato} kl. {nytimeklokkeslett}. Spørsmål? Ring {telefon}.'\n",
        encoding="utf-8",
    )
    return folder


@pytest.fixture
def app(demo_inbox: Inbox, nevro_texts: Path) -> TimedialogApp:
    library = TextLibrary.load([(nevro_texts, "NEVRO")])
    return TimedialogApp(demo_inbox, library, local_clipboard=False)


@pytest.fixture
def lookup_app(inbox: Inbox, nevro_texts: Path) -> TimedialogApp:
    """The app on an empty inbox: nothing can be selected."""
    library = TextLibrary.load([(nevro_texts, "NEVRO")])
    return TimedialogApp(inbox, library, local_clipboard=False)


async def select(pilot: Pilot[None], subject: str = BLOD_PURRING) -> None:
    """Put the inbox cursor on the demo message with `subject`."""
    await settle(pilot)
    inbox_list = pilot.app.screen.query_one(InboxList)
    inbox_list.cursor = next(
        row for row, message in enumerate(inbox_list.messages) if message.subject == subject
    )
    await pilot.pause()


async def open_picker(pilot: Pilot[None], subject: str | None = BLOD_PURRING) -> TemplatePicker:
    """Select the demo message with `subject` (None: nothing to select) and press `t`."""
    if subject is not None:
        await select(pilot, subject)
    await settle(pilot)
    await pilot.pause()
    await pilot.press("t")
    await pilot.pause()
    picker = pilot.app.screen
    assert isinstance(picker, TemplatePicker)
    return picker


def styled(content: Content, style: str) -> list[str]:
    """The pieces of `content` that carry `style`."""
    return [content.plain[span.start : span.end] for span in content.spans if span.style == style]


def options(picker: TemplatePicker) -> OptionList:
    return picker.query_one("#picker-list", OptionList)


def preview(picker: TemplatePicker) -> Content:
    content = picker.query_one("#picker-text", Static).content
    assert isinstance(content, Content)
    return content


async def test_typing_filters_and_highlights_matches_in_list_and_preview(
    app: TimedialogApp,
) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        picker = await open_picker(pilot)
        assert options(picker).option_count == 5  # a BLOD message: the five built-in texts
        await pilot.press(*"ventetd")
        assert picker.query_one("#picker-filter", Input).value == "ventetd"
        assert [m.template.id for m in picker.matches] == ["purring"]
        prompt = options(picker).get_option_at_index(0).prompt
        assert isinstance(prompt, Content)
        assert prompt.plain.startswith("1 Purring på time  innebygd · forslag")
        assert "".join(styled(prompt, MATCH_STYLE)) == "ventetd"  # marked in "… ventetid"
        marked = styled(preview(picker), MATCH_STYLE)
        assert "".join(marked[:7]) == "ventetd"  # the letters of "ventetid" in the text
        await pilot.press("backspace", *"")
        await pilot.press(*[" ", "x", "q"])
        assert picker.matches == []
        assert "Ingen tekst passer søket" in str(picker.query_one("#picker-text", Static).content)


async def test_arrow_keys_move_through_the_list_while_typing(app: TimedialogApp) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        picker = await open_picker(pilot)
        await pilot.press(*"time")
        first, second = picker.matches[0].template, picker.matches[1].template
        assert picker.highlighted_template == first
        await pilot.press("down")
        assert picker.highlighted_template == second
        assert picker.query_one("#picker-filter", Input).has_focus
        await pilot.press("up")
        assert picker.highlighted_template == first


async def test_number_keys_copy_at_once_and_are_not_typed(app: TimedialogApp) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        picker = await open_picker(pilot)
        third = picker.matches[2].template
        await pilot.press("3")
        await settle(pilot)
        assert not isinstance(app.screen, TemplatePicker)
        assert app.clipboard == third.body
        # A number beyond the list warns and keeps the picker open.
        picker = await open_picker(pilot)
        await pilot.press(*"purr", "2")
        assert isinstance(app.screen, TemplatePicker)
        assert picker.query_one("#picker-filter", Input).value == "purr"
        assert any("Ingen tekst nr. 2" in n.message for n in app._notifications)


async def test_enter_copies_the_filled_text_of_a_department_override(app: TimedialogApp) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        picker = await open_picker(pilot, NEVRO_ENDRING)
        assert picker.suggested_id == "endring"
        first = picker.matches[0]
        assert (first.template.origin, first.suggested) == ("NEVRO", True)
        prompt = options(picker).get_option_at_index(0).prompt
        assert isinstance(prompt, Content)
        assert "NEVRO · forslag" in prompt.plain
        expected = (
            "Vi har mottatt ønsket om å flytte timen 30.11.2026 kl. 13:00. "
            "Du hører fra Nevrologisk poliklinikk innen 25.11.2026."
        )
        assert preview(picker).plain == expected
        await pilot.press("enter")
        await settle(pilot)
        assert app.clipboard == expected


async def test_a_missing_value_is_asked_for_and_the_text_is_not_copied_half_done(
    app: TimedialogApp,
) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        picker = await open_picker(pilot, NEVRO_ENDRING)
        await pilot.press(*"ny time")
        assert picker.highlighted_template is not None
        assert picker.highlighted_template.id == "ny-time"
        assert styled(preview(picker), MISSING_STYLE) == ["{nytimedato}", "{nytimeklokkeslett}"]
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, TemplatePicker)
        assert app.clipboard == ""
        label = picker.query_one("#picker-ask-label", Static).content
        assert "mangler {nytimedato} (datoen for den nye timen)" in str(label)
        value = picker.query_one("#picker-ask", Input)
        assert value.has_focus
        await pilot.press("enter")  # nothing typed: asked again
        assert any("Skriv en verdi for {nytimedato}" in n.message for n in app._notifications)
        await pilot.press(*"10.12.2026")  # digits go into the value, not to the number keys
        assert value.value == "10.12.2026"
        assert "Ny time: 10.12.2026 kl." in preview(picker).plain  # the preview fills in as typed
        await pilot.press("enter")
        assert "{nytimeklokkeslett}" in str(picker.query_one("#picker-ask-label", Static).content)
        await pilot.press(*"09:15", "enter")
        await settle(pilot)
        assert not isinstance(app.screen, TemplatePicker)
        assert app.clipboard == "Ny time: 10.12.2026 kl. 09:15. Spørsmål? Ring 57 83 92 20."
        assert any("Send innkalling i DIPS" in n.message for n in app._notifications)


async def test_a_wrong_value_is_refused_in_norwegian_and_nothing_is_copied(
    app: TimedialogApp,
) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        picker = await open_picker(pilot, NEVRO_ENDRING)
        await pilot.press(*"ny time", "enter")
        await pilot.press(*"31.02.2026", "enter")
        await settle(pilot)
        assert picker.asking is not None
        assert picker.typed == {}
        assert any("Datoen 31.02.2026 finnes ikke." in n.message for n in app._notifications)
        value = picker.query_one("#picker-ask", Input)
        value.value = ""
        await pilot.press(*"10.12", "enter")  # the registration form's short form: this year
        await pilot.press(*"25:10", "enter")
        await settle(pilot)
        assert any("Ugyldig klokkeslett 25:10" in n.message for n in app._notifications)
        assert isinstance(app.screen, TemplatePicker)
        assert app.clipboard == ""
        # An invalid value typed and left is not used for another text either.
        await pilot.press("escape")
        assert picker.typed == {"nytimedato": "10.12.2026"}
        await pilot.press("enter")
        assert picker.asking is not None
        assert picker.query_one("#picker-ask", Input).value == ""
        await pilot.press(*"9.15")
        assert "Ny time: 10.12.2026 kl. 09:15." in preview(picker).plain  # as it will be copied
        await pilot.press("enter")
        await settle(pilot)
        assert app.clipboard == "Ny time: 10.12.2026 kl. 09:15. Spørsmål? Ring 57 83 92 20."


async def test_escape_stops_asking_then_closes_without_copying(app: TimedialogApp) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        picker = await open_picker(pilot, NEVRO_ENDRING)
        await pilot.press(*"ny time", "enter")
        assert picker.asking is not None
        await pilot.press("escape")
        assert picker.asking is None
        assert not picker.query_one("#picker-ask-row").display
        assert picker.query_one("#picker-filter", Input).has_focus
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, TemplatePicker)
        assert app.clipboard == ""


async def test_copy_key_asks_in_the_picker_when_the_suggested_text_lacks_a_value(
    demo_inbox: Inbox, tmp_path: Path
) -> None:
    folder = tmp_path / "blod"
    folder.mkdir()
    (folder / "purring.toml").write_text(
        "id = 'purring'\ntitle = 'Purring (BLOD)'\nbody = 'Vi har ny time til deg {nytimedato}.'\n",
        encoding="utf-8",
    )
    app = TimedialogApp(demo_inbox, TextLibrary.load([(folder, "BLOD")]), local_clipboard=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await select(pilot, BLOD_PURRING)
        await pilot.press("c")
        await settle(pilot)
        picker = app.screen
        assert isinstance(picker, TemplatePicker)
        assert picker.asking is not None
        assert picker.asking.title == "Purring (BLOD)"
        assert app.clipboard == ""
        await pilot.press(*"01.12.2026", "enter")
        await settle(pilot)
        assert app.clipboard == "Vi har ny time til deg 01.12.2026."


async def test_pure_lookup_with_no_message_selected(lookup_app: TimedialogApp) -> None:
    app = lookup_app
    async with app.run_test(size=(80, 24)) as pilot:
        picker = await open_picker(pilot, None)
        assert "alle avdelinger" in str(picker.query_one("#picker-title", Static).content)
        assert picker.suggested_id is None
        # Every department's texts, each with its origin; none of them is suggested.
        origins = {(m.template.id, m.template.origin) for m in picker.matches}
        assert {("endring", "innebygd"), ("endring", "NEVRO")} <= origins
        assert not any(m.suggested for m in picker.matches)
        await pilot.press(*"gebyr", "enter")
        await settle(pilot)
        gebyr = app.library.get("gebyr")
        assert gebyr is not None
        assert app.clipboard == gebyr.body
        # A department's own text takes that department's values, even without a message.
        picker = await open_picker(pilot, None)
        await pilot.press(*"ny time")
        assert "Ring 57 83 92 20." in preview(picker).plain
        # Values that come from a message are missing, so they are asked for.
        await pilot.press("escape")
        picker = await open_picker(pilot, None)
        await pilot.press(*"nevro")
        assert picker.matches[0].template.title == "Endring av time (nevro)"
        await pilot.press("enter")
        assert picker.asking is not None
        assert "{timedato}" in str(picker.query_one("#picker-ask-label", Static).content)
        assert app.clipboard == gebyr.body  # unchanged


async def test_the_built_in_texts_are_never_written(app: TimedialogApp) -> None:
    def fingerprint() -> dict[str, str]:
        return {
            path.name: hashlib.sha256(path.read_bytes()).hexdigest()
            for path in sorted(templates_dir().iterdir())
        }

    before = fingerprint()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_picker(pilot, NEVRO_ENDRING)
        await pilot.press(*"ny time", "enter", *"10.12.2026", "enter", *"09:15", "enter")
        await settle(pilot)
        await pilot.press("c")
        await settle(pilot)
    assert fingerprint() == before
    assert FIXED_NOW.date().isoformat() not in "".join(
        path.read_text(encoding="utf-8") for path in templates_dir().iterdir()
    )


async def test_keys_arriving_in_one_burst_act_in_the_order_typed(app: TimedialogApp) -> None:
    """Over a slow SSH line a whole word and enter can arrive at once: enter must copy the
    text the word finds, not what was highlighted before the letters reached the field."""
    async with app.run_test(size=(80, 24)) as pilot:
        picker = await open_picker(pilot)  # BLOD purring message: purring is highlighted
        for character in "gebyr":
            app.post_message(events.Key(character, character))
        app.post_message(events.Key("enter", None))
        await settle(pilot)
        gebyr = app.library.get("gebyr")
        assert gebyr is not None
        assert app.clipboard == gebyr.body
        picker = await open_picker(pilot)
        for character in "purr2":
            app.post_message(events.Key(character, character))
        await settle(pilot)
        assert picker.query_one("#picker-filter", Input).value == "purr"
        assert any("Ingen tekst nr. 2" in n.message for n in app._notifications)


async def test_enter_typed_twice_ahead_copies_once_and_keeps_the_inbox(app: TimedialogApp) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        await open_picker(pilot)
        app.post_message(events.Key("enter", None))
        app.post_message(events.Key("enter", None))
        await settle(pilot)
        assert type(app.screen).__name__ == "InboxScreen"
        assert len([n for n in app._notifications if n.title == "Kopiert"]) == 1


async def test_show_text_never_shows_a_reply_with_values_missing(
    demo_inbox: Inbox, tmp_path: Path
) -> None:
    folder = tmp_path / "blod"
    folder.mkdir()
    (folder / "purring.toml").write_text(
        "id = 'purring'\ntitle = 'Purring (BLOD)'\nbody = 'Ny time {nytimedato}.'\n", "utf-8"
    )
    app = TimedialogApp(demo_inbox, TextLibrary.load([(folder, "BLOD")]), local_clipboard=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await select(pilot, BLOD_PURRING)
        await pilot.press("x")  # nothing copied yet
        await settle(pilot)
        assert type(app.screen).__name__ == "InboxScreen"
        assert any("mangler verdier" in n.message for n in app._notifications)


@pytest.mark.parametrize("query", ["avbsetilling", "purirng", "gebry", "ny tiem", "time"])
async def test_the_picker_and_the_shell_find_the_same_texts_in_the_same_order(
    lookup_app: TimedialogApp, capsys: pytest.CaptureFixture[str], query: str
) -> None:
    from tui.cli import build_parser
    from tui.cli import text as text_command

    app = lookup_app
    async with app.run_test(size=(80, 24)) as pilot:
        picker = await open_picker(pilot, None)
        await pilot.press(*query)
        shown = [match.template.title for match in picker.matches]
    assert shown
    capsys.readouterr()
    args = build_parser().parse_args(["text", query])
    text_command.look_up(args, app.inbox.config, app.library, app.inbox.clock().date())
    lines = capsys.readouterr().err.splitlines()
    assert lines[0].startswith(f"{shown[0]}  [")
    others = [line for line in lines if line.startswith("Andre treff: ")]
    assert others == ([f"Andre treff: {'; '.join(shown[1:4])}"] if shown[1:] else [])
