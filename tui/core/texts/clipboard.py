"""Copying a reply so the clerk can paste it into DIPS Arena, wherever the clerk sits.

Three ways, tried together because none of them can be confirmed:
1. OSC 52, written by the terminal app (`App.copy_to_clipboard`): travels through SSH to the
   clerk's own terminal (Windows Terminal, xterm, kitty, WezTerm, iTerm2, tmux with
   `set-clipboard on`); PuTTY and macOS Terminal ignore it, and nothing answers either way.
2. The local clipboard through pyperclip, when this machine has one (a desktop session).
3. Showing the text, ready to select with the terminal's own selection: always works.
This module holds the parts that need no terminal: the local clipboard and the verdict.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass

from tui.core.i18n import _

OSC52_SAFE_BYTES = 8000
"""Some terminals drop OSC 52 payloads larger than a few kilobytes."""


def local_clipboard_available() -> bool:
    """True when this machine has a clipboard pyperclip can reach (not a bare SSH session)."""
    if sys.platform in ("win32", "darwin"):
        return not os.environ.get("SSH_CONNECTION")
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def copy_local(text: str) -> bool:
    """Put `text` on the local clipboard; False, quietly, when there is none or it fails."""
    if not local_clipboard_available():
        return False
    import pyperclip

    try:
        pyperclip.copy(text)
    except pyperclip.PyperclipException:
        return False
    return True


@dataclass(frozen=True)
class CopyOutcome:
    """What was done with a copied text, for the clerk's notification."""

    osc52: bool
    local: bool
    size_bytes: int

    @property
    def message(self) -> str:
        """One sentence saying where the text went, and what to do if pasting fails."""
        ways = []
        if self.osc52:
            ways.append(_("terminalen (OSC 52)"))
        if self.local:
            ways.append(_("lokal utklippstavle"))
        if not ways:
            return _("Kunne ikke kopiere. Trykk x for å vise teksten og merke den selv.")
        sentence = _("Kopiert via {ways}.").format(ways=_(" og ").join(ways))
        if self.osc52 and self.size_bytes > OSC52_SAFE_BYTES:
            sentence += " " + _("Teksten er lang; noen terminaler tar ikke imot så mye.")
        if not self.local:
            sentence += " " + _("Virker ikke lim inn? Trykk x for å vise teksten.")
        return sentence


def osc52_sequence(text: str) -> str:
    """The OSC 52 escape sequence that asks the terminal to put `text` on its clipboard."""
    import base64

    return f"\x1b]52;c;{base64.b64encode(text.encode('utf-8')).decode('ascii')}\a"


def copy_osc52_to_terminal(text: str) -> bool:
    """Write the OSC 52 sequence to the controlling terminal, for commands run from a shell."""
    try:
        with open("/dev/tty", "w", encoding="utf-8") as terminal:
            terminal.write(osc52_sequence(text))
    except OSError:
        return False
    return True
