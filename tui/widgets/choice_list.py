"""The choice list of every dialog: moves with `j`/`k` as with the arrows, as the inbox does.

Its highlighted row is in reverse video on the terminal's own palette (16 colours, and with
`NO_COLOR`, where a colour cannot show it), also while the focus is in a dialog's filter field
rather than on the list: that row is what `enter` chooses (the rule is in
`tui/screens/dialogs.tcss`, which every dialog reads).
"""

from __future__ import annotations

from rich.style import Style
from textual.binding import Binding
from textual.strip import Strip
from textual.widgets import OptionList

from tui.core.i18n import _


class ChoiceList(OptionList):
    """An `OptionList` that also moves with `j` and `k`."""

    BINDINGS = [
        Binding("j", "cursor_down", _("Ned"), show=False, id="choice.down"),
        Binding("k", "cursor_up", _("Opp"), show=False, id="choice.up"),
    ]

    def render_line(self, y: int) -> Strip:
        """A line of the list, in reverse video where the styles ask for it.

        Textual builds an option's style from the CSS without reverse video (its visual
        styles keep bold, dim, italic, underline and strike), so the highlighted option would
        show only in bold on the terminal's own palette: it is put back here.
        """
        strip = super().render_line(y)
        highlighted = self.highlighted
        if highlighted is None:
            return strip
        if not self.get_component_styles("option-list--option-highlighted").text_style.reverse:
            return strip
        # Textual marks each segment of an option's lines with the option's index.
        if any(s.style and s.style.meta.get("option") == highlighted for s in strip):
            return strip.apply_style(Style(reverse=True))
        return strip
