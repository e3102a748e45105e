"""The baseline: the smallest Textual app that paints a line of text."""

from textual.app import App, ComposeResult
from textual.widgets import Static


class MinimalApp(App[None]):
    """One line of text."""

    def compose(self) -> ComposeResult:
        """Just the marker the benchmark waits for."""
        yield Static("minimal-ready")


if __name__ == "__main__":
    MinimalApp().run()
