"""The footer: the keys that fit on one line, with help and quit always among them.

Textual's footer lists every shown binding and lets the rest run off the edge, so at 80
columns `? Hjelp` and `q Avslutt` would be the first to go. This footer leaves out keys until
the line fits, in the order the screen names (`spare`, then from the right), and never the
pinned ones. Everything left out is still in `?` (help) and `ctrl+p` (the command palette).
The widths are measured with the keys in force, so a remapped key or a longer English word
is measured as it is shown.
"""

from __future__ import annotations

from collections.abc import Iterable

from rich.cells import cell_len
from textual import events
from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer

from tui.textual_compat import FooterKey, show_footer_keys_without_focus

PINNED = ("help", "quit")
"""Binding ids that are always shown when the screen has them."""


def fitting(widths: list[int], pinned: set[int], spare: list[int], room: int) -> set[int]:
    """The indexes of the keys to show: drop `spare` ones first, then others from the right.

    `widths` includes each key's margin; `pinned` are never dropped.
    """
    shown = set(range(len(widths)))
    order = [index for index in spare if index not in pinned]
    order += [index for index in reversed(range(len(widths))) if index not in pinned]
    for index in order:
        if sum(widths[i] for i in shown) <= room:
            break
        shown.discard(index)
    return shown


class KeyFooter(Footer):
    """A compact footer that fits its width; `spare` names the binding ids dropped first."""

    def __init__(self, *, spare: Iterable[str] = (), pinned: Iterable[str] = PINNED) -> None:
        super().__init__(compact=True, show_command_palette=False)
        self.spare = tuple(spare)
        self.pinned = tuple(pinned)
        self._composed_width = 0

    def compose(self) -> ComposeResult:
        """Textual's footer keys, less those that do not fit."""
        children = list(super().compose())
        keys = [child for child in children if isinstance(child, FooterKey)]
        ids = self._binding_ids()
        widths = [
            cell_len(key.key_display) + 1 + cell_len(key.description) + 1
            if key.description
            else cell_len(key.key_display) + 1
            for key in keys
        ]
        key_ids = [ids.get((key.key, key.action), "") for key in keys]
        pinned = {index for index, key_id in enumerate(key_ids) if key_id in self.pinned}
        spare = [key_ids.index(key_id) for key_id in self.spare if key_id in key_ids]
        self._composed_width = self._room()
        shown = fitting(widths, pinned, spare, self._composed_width)
        for child in children:
            if not isinstance(child, FooterKey) or keys.index(child) in shown:
                yield child

    def bindings_changed(self, screen: Screen[object]) -> None:
        """Show the keys in force, whether or not the app has the focus.

        Textual's footer waits for the app to have the focus, and its web driver starts the
        app without it (until the page's terminal is focused): in a browser the footer stayed
        empty, where the terminal shows the keys at once.
        """
        show_footer_keys_without_focus(self)
        if self.is_attached and screen is self.screen:
            self.call_after_refresh(self.recompose)

    def _binding_ids(self) -> dict[tuple[str, str], str]:
        """The id of each active binding, by its key and action."""
        return {
            (binding.key, binding.action): binding.id or ""
            for (_node, binding, _enabled, _tooltip) in self.screen.active_bindings.values()
        }

    def _room(self) -> int:
        width = self.size.width or self.app.size.width
        return max(0, width)

    def on_resize(self, event: events.Resize) -> None:
        """Fit the keys again when the terminal's width changes."""
        if event.size.width != self._composed_width:
            self.call_after_refresh(self.recompose)
