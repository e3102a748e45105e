"""Changing how many lines a line-drawn pane has, without repainting the lines on screen.

Setting a `ScrollView`'s `virtual_size` lays the screen out again and repaints the whole
widget: a message added below the screen, or a message of a few more lines, would cost the
pane on the terminal. When the scrollbar stays as it is (there before and after, or not at all)
only its thumb can change, so only it is told; the widget repaints the lines that changed.
"""

from __future__ import annotations

from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.widget import Widget


def set_line_count(view: ScrollView, width: int, lines: int) -> None:
    """Make `view` `lines` lines long (`width` wide), repainting no line for it."""
    size = Size(width, lines)
    if size == view.virtual_size:
        return
    height = view.scrollable_content_region.height
    was_overflowing = view.virtual_size.height > height
    overflowing = lines > height
    if height <= 0 or size.width != view.virtual_size.width or was_overflowing != overflowing:
        view.virtual_size = size  # the scrollbar comes or goes: a new layout
        return
    view.set_reactive(Widget.virtual_size, size)
    if overflowing and view.show_vertical_scrollbar:
        view.vertical_scrollbar.window_virtual_size = lines
    view.scroll_y = view.validate_scroll_y(view.scroll_y)
