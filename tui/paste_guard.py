"""Keep an escape character inside a pasted text from being read as keys.

A terminal in bracketed-paste mode sends a paste as `ESC [200~ text ESC [201~`. Textual's
input parser (8.x) treats an `ESC` *inside* the text as the start of a key sequence: what
follows it is sent as key presses (an `escape` that closes the form, a `home` that moves the
cursor, a `ctrl+s` that saves) and the rest of the paste arrives out of order. Some terminals
(xterm, alacritty) strip `ESC` from what they paste; tmux and others do not, so a patient's
text with an escape sequence in it, copied and pasted into the registration form, could drive
the app.

`PasteGuard` sits between the terminal and Textual's parser: between the paste's brackets it
turns every `ESC` into the visible placeholder of `tui.core.controls`, so the paste arrives
whole, as one paste, and `without_controls` removes what is left of the sequence. Outside a
paste nothing is changed or held back, so the escape key keeps working at once.
"""

from __future__ import annotations

from tui.core.controls import PLACEHOLDER
from tui.textual_compat import filter_terminal_input

PASTE_START = "\x1b[200~"
PASTE_END = "\x1b[201~"
ESC = "\x1b"


def _partial_suffix(text: str, marker: str) -> int:
    """The length of the longest end of `text` that begins `marker` (0 when none does)."""
    for length in range(min(len(marker) - 1, len(text)), 0, -1):
        if marker.startswith(text[-length:]):
            return length
    return 0


class PasteGuard:
    """Filters the terminal's input, chunk by chunk, as the parser would read it."""

    def __init__(self) -> None:
        self.in_paste = False
        self._held = ""
        """The end of the last chunk inside a paste that may begin the closing bracket."""
        self._tail = ""
        """The end of the last chunk outside a paste, to see an opening bracket cut in two."""

    def filter(self, data: str) -> str:
        """`data` with every `ESC` inside a bracketed paste made visible and harmless."""
        text = self._held + data
        self._held = ""
        out: list[str] = []
        start = 0
        while start < len(text):
            if not self.in_paste:
                start = self._find_opening(text, start, out)
                continue
            end = text.find(PASTE_END, start)
            if end == -1:
                hold = _partial_suffix(text[start:], PASTE_END)
                out.append(text[start : len(text) - hold].replace(ESC, PLACEHOLDER))
                self._held = text[len(text) - hold :]
                break
            out.append(text[start:end].replace(ESC, PLACEHOLDER))
            out.append(PASTE_END)
            self.in_paste = False
            start = end + len(PASTE_END)
        return "".join(out)

    def _find_opening(self, text: str, start: int, out: list[str]) -> int:
        """Copy `text` up to and with the next opening bracket; where to go on from."""
        seen = self._tail + text[start:]
        found = seen.find(PASTE_START)
        if found == -1:
            out.append(text[start:])
            self._tail = seen[-(len(PASTE_START) - 1) :]
            return len(text)
        after = start + found - len(self._tail) + len(PASTE_START)
        out.append(text[start:after])
        self._tail = ""
        self.in_paste = True
        return after


def install() -> None:
    """Put a guard in front of the parser of Textual's terminal drivers (once)."""
    filter_terminal_input(lambda: PasteGuard().filter)
