"""The clerk registers a pasted message: `n`, paste, check the suggestion, Ctrl+S."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from textual._xterm_parser import XTermParser
from textual.widgets import Select, Static, TextArea

from tests.conftest import FakeClock
from tui.app import TimedialogApp
from tui.core.config.config import Config
from tui.core.model import Category, Message
from tui.core.store.store import AddResult, Store, StoreError
from tui.core.workflow.inbox import Inbox
from tui.screens.inbox import InboxScreen
from tui.screens.register_message import RegisterMessageScreen

MakeApp = Callable[..., TimedialogApp]

PASTED = "Hei!\r\nJeg blir dessverre bortreist og må flytte timen.\r\nMvh Line"


def bracketed_paste(app: TimedialogApp, text: str) -> None:
    """Deliver `text` the way a terminal over SSH does: ESC[200~ ... ESC[201~, parsed by Textual."""
    for event in XTermParser().feed(f"\x1b[200~{text}\x1b[201~"):
        app.post_message(event)


def shown(screen: RegisterMessageScreen, selector: str) -> str:
    return str(screen.query_one(selector, Static).content)


async def open_form(pilot: object, app: TimedialogApp) -> RegisterMessageScreen:
    await pilot.press("n")  # type: ignore[attr-defined]
    await pilot.pause()  # type: ignore[attr-defined]
    assert isinstance(app.screen, RegisterMessageScreen)
    return app.screen


async def test_paste_register_and_save(make_app: MakeApp, demo_inbox: Inbox) -> None:
    before = {message.id for message in demo_inbox.store.messages()}
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        form = await open_form(pilot, app)
        assert isinstance(app.focused, TextArea)
        assert shown(form, "#register-preview").startswith("Kategori: (lim inn teksten først)")

        bracketed_paste(app, PASTED)
        await pilot.pause()
        text_area = form.query_one("#register-text", TextArea)
        assert text_area.text.replace("\r\n", "\n") == PASTED.replace("\r\n", "\n")
        assert shown(form, "#register-preview").splitlines() == [
            "Kategori (forslag): Endring – tekst: 'flytte'",
            "Svarfrist: on 02.12.2026 (4 arbeidsdager)",
        ]

        await pilot.press("tab", *"Line Danser", "tab", *"A-77")
        form.query_one("#register-department", Select).value = "NEVRO"
        await pilot.pause()
        assert shown(form, "#register-preview").endswith("ma 30.11.2026 (2 arbeidsdager)")

        await pilot.press("ctrl+s")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, InboxScreen)

    (new,) = [m for m in demo_inbox.store.messages() if m.id not in before]
    assert new.text == "Hei!\nJeg blir dessverre bortreist og må flytte timen.\nMvh Line"
    assert (new.patient_name, new.dips_ref, new.department) == ("Line Danser", "A-77", "NEVRO")
    assert (new.category, new.category_reason) == (Category.ENDRING, "tekst: 'flytte'")
    assert new.received == FakeClock().now
    assert new.source == "manuell"


async def test_errors_stand_next_to_their_field_and_nothing_is_saved(
    make_app: MakeApp, demo_inbox: Inbox
) -> None:
    count = len(demo_inbox.store.messages())
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        form = await open_form(pilot, app)
        await pilot.press("tab", *"Ola 1", "tab", "tab", "ctrl+shift+a")
        await pilot.press(*"23:59", "ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, RegisterMessageScreen)
        assert shown(form, "#register-text-error") == "Lim inn eller skriv meldingsteksten."
        assert shown(form, "#register-patient_name-error") == (
            "Navnet kan ikke inneholde tall (skriv ikke fødselsnummer her)."
        )
        assert shown(form, "#register-received-error") == "Mottatt kan ikke være fram i tid."
        assert shown(form, "#register-dips_ref-error") == ""
        assert form.query_one("#register-received").has_class("-has-error")
        assert isinstance(app.focused, TextArea)  # the first field in error

        # Errors follow the typing once shown.
        await pilot.press(*"avbestille")
        await pilot.pause()
        assert shown(form, "#register-text-error") == ""
        assert shown(form, "#register-received-error") == "Mottatt kan ikke være fram i tid."
        assert "Avbestilling" in shown(form, "#register-preview")
    assert len(demo_inbox.store.messages()) == count


async def test_escape_asks_before_throwing_away_what_was_typed(
    make_app: MakeApp, demo_inbox: Inbox
) -> None:
    count = len(demo_inbox.store.messages())
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await open_form(pilot, app)
        await pilot.press("escape")
        assert isinstance(app.screen, InboxScreen)  # nothing typed: closes at once

        await open_form(pilot, app)
        await pilot.press(*"Hei", "escape")
        await pilot.pause()
        assert isinstance(app.screen, RegisterMessageScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, InboxScreen)
    assert len(demo_inbox.store.messages()) == count


class BrokenStore(Store):
    def add(self, messages: Iterable[Message]) -> AddResult:
        raise StoreError("Kunne ikke lagre i inbox.json: No space left on device.")


async def test_a_failed_save_keeps_the_form_and_everything_in_it(
    tmp_path: Path, config: Config, clock: FakeClock, library: object
) -> None:
    inbox = Inbox(BrokenStore(tmp_path / "inbox.json"), config, "kari", clock)
    app = TimedialogApp(inbox, library, local_clipboard=False)  # type: ignore[arg-type]
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        form = await open_form(pilot, app)
        bracketed_paste(app, "Jeg vil avbestille timen.")
        form.query_one("#register-department", Select).value = "BLOD"
        await pilot.pause()
        await pilot.press("ctrl+s")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.screen is form
        assert shown(form, "#register-save-error") == (
            "Ikke lagret: Kunne ikke lagre i inbox.json: No space left on device."
        )
        assert form.query_one("#register-text", TextArea).text == "Jeg vil avbestille timen."


async def test_the_department_list_is_usable_from_the_keyboard(
    make_app: MakeApp, tmp_path: Path, config: Config, clock: FakeClock
) -> None:
    app = make_app(Inbox(Store(tmp_path / "empty.json"), config, "kari", clock))
    # An empty inbox has no selected message whose department could be the default.
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        form = await open_form(pilot, app)
        select = form.query_one("#register-department", Select)
        assert select.value is Select.NULL
        select.focus()
        await pilot.press("enter", "down", "down", "enter")
        await pilot.pause()
        assert select.value == "ORT"


async def test_new_and_import_are_in_the_command_palette(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        titles = [command.title for command in app.get_system_commands(app.screen)]
        assert "Ny (n)" in titles
        assert "Importer (i)" in titles
