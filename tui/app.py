"""The Textual app: wiring of the domain, the screens and the clipboard.

The crash report, the command palette and the clipboard are imported when first used, to
keep start-up light.
"""

from __future__ import annotations

import gc
import sys
from collections.abc import Iterable
from contextlib import suppress
from functools import partial

from rich.text import Text
from textual import constants as textual_constants
from textual import events, work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from tui import paste_guard
from tui.core.controls import has_controls, without_controls
from tui.core.i18n import _, ngettext
from tui.core.model import Message
from tui.core.store.store import StoreError
from tui.core.texts.library import TextLibrary
from tui.core.workflow.inbox import Inbox
from tui.hangup import HANGUP_EXIT_CODE, HangupGuard
from tui.screens.inbox import InboxScreen
from tui.theme import ANSI_THEME, theme_name, uses_ansi

# Textual's developer log (`TEXTUAL_LOG=file`) writes every event with its values, such as
# the text a clerk types into a search field, to a world-readable file: never with patient
# data in the app. Textual reads the setting on each log call, so clearing it here holds.
setattr(textual_constants, "LOG_FILE", None)  # noqa: B010 - it is declared Final


class TimedialogApp(App[None]):
    """Inbox, message and standard texts for the clerks who answer patients' messages."""

    CSS_PATH = "app.tcss"
    TITLE = "timedialog"
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (InboxScreen.WIDE_WIDTH, "-wide")]
    ENABLE_COMMAND_PALETTE = True

    def __init__(
        self,
        inbox: Inbox,
        library: TextLibrary,
        *,
        local_clipboard: bool = True,
        initial_messages: list[Message] | None = None,
    ):
        paste_guard.install()  # an ESC in a pasted text must not reach Textual as keys
        display = inbox.config.display
        # Decided before Textual's own set-up, which picks its colour filters from it.
        super().__init__(ansi_color=True if uses_ansi(display.theme) else None)
        self.register_theme(ANSI_THEME)
        self.set_reactive(App.theme, theme_name(display.theme))
        self.stylesheet.set_variables(self.get_css_variables())  # the CSS is parsed later
        if inbox.config.keys:
            self.set_keymap(dict(inbox.config.keys))
        self.inbox = inbox
        self.initial_messages = initial_messages
        """Messages read before the app started, shown in the first frame (no worker wait)."""
        self.library = library
        self.local_clipboard = local_clipboard
        self.animation_level = "none"
        self.failure = ""
        """Why the app ended with an error, if it did."""
        self._hangup = HangupGuard(self._hung_up)

    def get_default_screen(self) -> Screen[None]:
        """The inbox, with the messages read before the app started."""
        messages, self.initial_messages = self.initial_messages, None
        return InboxScreen(self.inbox, self.library, self.copy_text, messages)

    def on_mount(self) -> None:
        """Quit cleanly when the SSH session drops (SIGHUP), as if the clerk pressed q.

        Say so when some standard texts could not be used (the rest work).
        """
        self._hangup.install()
        self.call_after_refresh(gc.enable)  # the command line turns it off for the start-up
        if self.library.problems:
            self.notify(
                ngettext(
                    "{count} problem med standardtekstene. Kjør «timedialog text check».",
                    "{count} problemer med standardtekstene. Kjør «timedialog text check».",
                    len(self.library.problems),
                ).format(count=len(self.library.problems)),
                severity="warning",
                timeout=15,
            )

    async def on_event(self, event: events.Event) -> None:
        """A paste loses its terminal control characters before any field gets it."""
        if isinstance(event, events.Paste) and has_controls(event.text):
            event.text = without_controls(event.text)
        await super().on_event(event)

    def watch_app_focus(self, focus: bool) -> None:
        """On getting the focus, give it to the screen's first widget if none has it.

        Textual's web driver (`timedialog serve`) starts the app without the focus, and a
        screen gives none of its widgets the focus then: in a browser `j` moved nothing until
        the mouse chose the list. In a terminal the app has the focus from the start.
        """
        if not focus or not self.screen_stack:
            return
        screen = self.screen
        selector = self.AUTO_FOCUS if screen.AUTO_FOCUS is None else screen.AUTO_FOCUS
        if screen.focused is not None or not selector:
            return
        for widget in screen.query(selector):
            if widget.focusable:
                screen.set_focus(widget)
                return

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        """Text fields keep a steady cursor: every blink would be a redraw sent over SSH."""
        # Any widget with a cursor that blinks (Input, TextArea): asked by attribute, so the
        # text area's module is not loaded before the first frame, which has none.
        if hasattr(event.widget, "cursor_blink"):
            setattr(event.widget, "cursor_blink", False)  # noqa: B010

    def on_unmount(self) -> None:
        """Hand SIGHUP back to the handling it had."""
        self._hangup.uninstall()

    async def action_quit(self) -> None:
        """Let go of the message this clerk holds, then quit."""
        self._release_and_exit()

    def _hung_up(self) -> None:
        self._release_and_exit(HANGUP_EXIT_CODE)

    @work(thread=True, exclusive=True, group="quit")
    def _release_and_exit(self, return_code: int = 0) -> None:
        with suppress(StoreError):  # the claim lapses by itself after claim_minutes
            self.inbox.release_claim()
        self.call_from_thread(self.exit, None, return_code)

    def _fatal_error(self) -> None:
        """Textual's crash report, without local variables or error texts (see `tui.crash`).

        Textual prints a Rich traceback with every frame's locals, which would put the message
        being shown (its text, name, number) on the terminal and into any captured output.
        """
        from rich.segment import Segments

        from tui.crash import crash_report

        error = sys.exception() or self._exception
        if error is None:
            super()._fatal_error()
            return
        self.bell()
        report = self.console.render(crash_report(error), self.console.options)
        self._exit_renderables.append(Segments(report))
        self._close_messages_no_wait()

    def fail(self, message: str) -> None:
        """End the app with an error the clerk reads in the terminal (exit status 1)."""
        self.failure = message
        self.exit(return_code=1, message=Text(message))

    def on_inbox_screen_database_unusable(self, event: InboxScreen.DatabaseUnusable) -> None:
        """The inbox's database cannot be used: end with the reason."""
        self.fail(event.reason)

    def action_command_palette(self) -> None:
        """The command palette, in the clerk's language."""
        from textual.command import CommandPalette

        from tui.palette import ClerkCommandPalette  # with the palette, not at start-up

        if self.use_command_palette and not isinstance(self.screen, CommandPalette):
            self.push_screen(ClerkCommandPalette())

    def action_help_quit(self) -> None:
        """Ctrl+C does not quit (it copies in a text field): say which key does."""
        for active in self.active_bindings.values():
            if active.binding.action in ("quit", "app.quit"):
                key = self.get_key_display(active.binding)
                self.notify(
                    _("Trykk {key} for å avslutte.").format(key=key), title=_("Vil du avslutte?")
                )
                return

    def action_show_help_panel(self) -> None:
        """Textual's keys panel speaks English: the screen's own help (`?`) shows the keys."""
        self.call_later(self.screen.run_action, "help")

    def deliver_screenshot(
        self,
        filename: str | None = None,
        path: str | None = None,
        time_format: str | None = None,
    ) -> str | None:
        """Never: a screenshot would put what is on screen (a shown fødselsnummer) in a file."""
        self.notify(_("Skjermbilder lagres ikke: skjermen kan vise pasientopplysninger."))
        return None

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        """Every action with a key is in the command palette (`ctrl+p`), and quitting.

        Textual's own system commands are left out: the theme (set in the configuration),
        the keys panel (in English; `?` shows the keys), maximising, and the screenshot,
        which would write the screen, a shown fødselsnummer included, to a file anyone
        could read.
        """
        from tui.keys import normalise  # with the palette, not at start-up

        remapped = dict(self.inbox.config.keys)
        for binding in screen.BINDINGS:
            if not isinstance(binding, tuple) and binding.description and binding.action:
                keys = remapped.get(binding.id or "")
                shown = binding.with_key(normalise(keys)[0], None) if keys else binding
                yield SystemCommand(
                    f"{binding.description} ({self.get_key_display(shown)})",
                    binding.tooltip or binding.description,
                    partial(screen.run_action, binding.action),
                )
        actions = {binding.action for binding in screen.BINDINGS if isinstance(binding, Binding)}
        if not actions & {"quit", "app.quit"}:
            yield SystemCommand(_("Avslutt"), _("Avslutt timedialog"), self.action_quit)

    def copy_text(self, text: str, title: str = "") -> None:
        """Copy by OSC 52 now, and to the local clipboard in a worker; then tell the clerk."""
        self.copy_to_clipboard(text)
        self._copy_local(text, title)

    @work(thread=True, group="clipboard")
    def _copy_local(self, text: str, title: str) -> None:
        from tui.core.texts.clipboard import CopyOutcome, copy_local  # on the first copy

        local = copy_local(text) if self.local_clipboard else False
        outcome = CopyOutcome(osc52=True, local=local, size_bytes=len(text.encode()))
        prefix = f"{title}: " if title else ""
        self.call_from_thread(self.notify, prefix + outcome.message, title=_("Kopiert"))
