"""The Textual app: wiring of the domain, the screens and the clipboard."""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial

from textual import work
from textual.app import App, SystemCommand
from textual.screen import Screen

from tui.core.clipboard import CopyOutcome, copy_local
from tui.core.i18n import _
from tui.core.inbox import Inbox
from tui.core.model import Message
from tui.core.texts import TextLibrary
from tui.screens.inbox import InboxScreen


class TimedialogApp(App[None]):
    """Inbox, message and standard texts for the clerks who answer patients' messages."""

    CSS_PATH = "app.tcss"
    TITLE = "timedialog"
    WIDE_WIDTH = 110
    """From this many columns the panes stand side by side; below it they stack."""
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (WIDE_WIDTH, "-wide")]
    ENABLE_COMMAND_PALETTE = True

    def __init__(
        self,
        inbox: Inbox,
        library: TextLibrary,
        *,
        local_clipboard: bool = True,
        initial_messages: list[Message] | None = None,
    ):
        super().__init__()
        self.inbox = inbox
        self.initial_messages = initial_messages
        """Messages read before the app started, shown in the first frame (no worker wait)."""
        self.library = library
        self.local_clipboard = local_clipboard
        self.animation_level = "none"

    def get_default_screen(self) -> Screen[None]:
        """The inbox."""
        return InboxScreen()

    def on_mount(self) -> None:
        """Say so when some standard texts could not be used (the rest work)."""
        if self.library.problems:
            self.notify(
                _("{count} problem(er) med standardtekstene. Kjør «timedialog text check».").format(
                    count=len(self.library.problems)
                ),
                severity="warning",
                timeout=15,
            )

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        """Every action with a key is also in the command palette (`ctrl+p`)."""
        for binding in screen.BINDINGS:
            if not isinstance(binding, tuple) and binding.description and binding.action:
                yield SystemCommand(
                    f"{binding.description} ({self.get_key_display(binding)})",
                    binding.tooltip or binding.description,
                    partial(screen.run_action, binding.action),
                )
        yield from super().get_system_commands(screen)

    def copy_text(self, text: str, title: str = "") -> None:
        """Copy by OSC 52 now, and to the local clipboard in a worker; then tell the clerk."""
        self.copy_to_clipboard(text)
        self._copy_local(text, title)

    @work(thread=True, group="clipboard")
    def _copy_local(self, text: str, title: str) -> None:
        local = copy_local(text) if self.local_clipboard else False
        outcome = CopyOutcome(osc52=True, local=local, size_bytes=len(text.encode()))
        prefix = f"{title}: " if title else ""
        self.call_from_thread(self.notify, prefix + outcome.message, title=_("Kopiert"))
