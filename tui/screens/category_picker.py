"""Choose a message's category by hand, when the suggestion is wrong."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from tui.core.i18n import _
from tui.core.labels import category_label
from tui.core.model import Category
from tui.widgets.choice_list import ChoiceList
from tui.widgets.key_footer import KeyFooter


class CategoryPicker(ModalScreen[Category | None]):
    """The five categories; the current one highlighted."""

    CSS_PATH = ["dialogs.tcss", "category_picker.tcss"]

    BINDINGS = [Binding("escape", "close", _("Lukk"), id="category.close")]

    def __init__(self, current: Category, reason: str) -> None:
        super().__init__()
        self.current = current
        self.reason = reason

    def compose(self) -> ComposeResult:
        """The reason for the current category, then the list."""
        with Vertical(id="category-picker"):
            yield Label(_("Velg kategori (nå: {reason})").format(reason=self.reason))
            yield ChoiceList(
                *(Option(category_label(c), id=c.value) for c in Category), id="category-list"
            )
        yield KeyFooter()

    def on_mount(self) -> None:
        """Start on the current category."""
        options = self.query_one(OptionList)
        options.highlighted = list(Category).index(self.current)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        """Return the chosen category."""
        assert event.option.id is not None
        self.dismiss(Category(event.option.id))

    def action_close(self) -> None:
        """Keep the category as it is."""
        self.dismiss(None)
