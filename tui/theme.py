"""Colours for every terminal: the terminal's own palette where it has only 16 colours.

PuTTY and many thin clients announce `TERM=xterm`: 16 colours. A full-colour theme squeezed
into 16 colours turns panels and cursors into whatever colour happens to be nearest, so there
the app uses `ANSI_THEME`, which names only the terminal's own ANSI colours (as the clerk has
set them up) and marks the cursor with reverse video rather than a colour. With `NO_COLOR`
set, Textual strips every colour from that theme, and reverse video, bold and underline still
show the cursor, the focus and the markers.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import replace

from textual.theme import BUILTIN_THEMES, Theme

from tui.core.config.config import ThemeChoice
from tui.textual_compat import console_for

ANSI_THEME: Theme = replace(
    BUILTIN_THEMES["ansi-dark"],
    name="timedialog-ansi",
    variables={
        **BUILTIN_THEMES["ansi-dark"].variables,
        # Reverse video instead of a fixed black-on-white: it is the terminal's own
        # highlight, readable on a dark or a light background, and it survives NO_COLOR.
        "block-cursor-foreground": "ansi_default",
        "block-cursor-background": "ansi_default",
        "block-cursor-text-style": "bold reverse",
        "block-cursor-blurred-foreground": "ansi_default",
        "block-cursor-blurred-background": "ansi_default",
        "block-cursor-blurred-text-style": "underline",
        "input-cursor-foreground": "ansi_default",
        "input-cursor-background": "ansi_default",
        "input-cursor-text-style": "reverse",
        "input-selection-background": "ansi_default",
        "input-selection-foreground": "ansi_default",
    },
)
"""The terminal's 16 colours, the cursor in reverse video."""

FULL_COLOUR = {ThemeChoice.DARK: "textual-dark", ThemeChoice.LIGHT: "textual-light"}
FEW_COLOURS = ("standard", "windows")
"""Rich's names for terminals of 16 colours (or 8)."""


def terminal_colours(environ: Mapping[str, str] | None = None) -> str | None:
    """The colour system the terminal announces, as Rich and Textual detect it.

    "standard" (16 colours), "256", "truecolor", "windows", or None for a dumb terminal.
    `TEXTUAL_COLOR_SYSTEM` overrides the detection, as it does for Textual.
    """
    environ = os.environ if environ is None else environ
    forced = environ.get("TEXTUAL_COLOR_SYSTEM", "auto")
    if forced != "auto":
        return forced
    return console_for(environ).color_system


def uses_ansi(choice: ThemeChoice, environ: Mapping[str, str] | None = None) -> bool:
    """True when the app should use the terminal's own palette (`ANSI_THEME`)."""
    environ = os.environ if environ is None else environ
    if choice is ThemeChoice.ANSI:
        return True
    if choice is not ThemeChoice.AUTO:
        return False
    return "NO_COLOR" in environ or terminal_colours(environ) in (*FEW_COLOURS, None)


def theme_name(choice: ThemeChoice, environ: Mapping[str, str] | None = None) -> str:
    """The Textual theme for `choice` on the terminal described by `environ`."""
    if uses_ansi(choice, environ):
        return ANSI_THEME.name
    return FULL_COLOUR.get(choice, "textual-dark")
