"""What a screen's helper needs of the screen it works for: the app, and a way to tell the clerk.

The inbox screen hands parts of its work to small helpers (`message_changes`, `reply_copying`);
each names what more it needs in a protocol that extends this one, so the helpers never import
the screen.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from textual.app import App
    from textual.notifications import SeverityLevel

    from tui.core.workflow.inbox import Inbox


class ScreenHost(Protocol):
    """The screen a helper works for: its inbox, its app and its notices."""

    inbox: Inbox

    @property
    def app(self) -> App[Any]:
        """The app, to open dialogs on."""
        ...

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        """Tell the clerk."""
        ...
