"""The template picker: type to filter the standard texts, see the text, `enter` copies."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from tui.core.i18n import _
from tui.core.texts import Template
from tui.textsearch import TextMatch, search_texts


def _option_prompt(match: TextMatch) -> Content:
    title = Content(match.template.title)
    for offset in match.title_offsets:
        title = title.stylize("reverse", offset, offset + 1)
    origin = match.template.origin
    return Content.assemble(title, Content.from_markup("  [dim]$origin[/]", origin=origin))


class TemplatePicker(ModalScreen[Template | None]):
    """Choose a standard text; dismisses with the chosen text, or None on `escape`."""

    BINDINGS = [
        Binding("escape", "dismiss_picker", _("Lukk"), id="picker.close"),
        Binding("down", "move(1)", _("Neste"), show=False, id="picker.next"),
        Binding("up", "move(-1)", _("Forrige"), show=False, id="picker.previous"),
        Binding("enter", "choose", _("Kopier"), id="picker.copy", priority=True),
    ]

    def __init__(self, templates: tuple[Template, ...], suggested_id: str | None = None) -> None:
        super().__init__()
        self.templates = templates
        self.suggested_id = suggested_id
        self._matches: list[TextMatch] = []

    def compose(self) -> ComposeResult:
        """Filter field, list of matching texts, preview of the highlighted one."""
        with Vertical(id="picker"):
            yield Label(_("Standardtekster – skriv for å søke, enter kopierer"), id="picker-title")
            yield Input(placeholder=_("Søk i tittel og tekst"), id="picker-filter")
            yield OptionList(id="picker-list")
            yield Static("", id="picker-preview")

    def on_mount(self) -> None:
        """Show every text, the suggested one first."""
        self._refilter("")

    @on(Input.Changed, "#picker-filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        self._refilter(event.value)

    def _refilter(self, query: str) -> None:
        self._matches = search_texts(self.templates, query, self.suggested_id)
        options = self.query_one("#picker-list", OptionList)
        options.clear_options()
        options.add_options(
            Option(_option_prompt(match), id=match.template.id) for match in self._matches
        )
        if self._matches:
            options.highlighted = 0
        self._preview()

    @on(OptionList.OptionHighlighted)
    def _preview(self) -> None:
        preview = self.query_one("#picker-preview", Static)
        template = self.highlighted_template
        preview.update(template.body if template else _("Ingen tekst passer søket."))

    @property
    def highlighted_template(self) -> Template | None:
        """The text under the list's cursor."""
        index = self.query_one("#picker-list", OptionList).highlighted
        if index is None or index >= len(self._matches):
            return None
        return self._matches[index].template

    def action_move(self, step: int) -> None:
        """Move the list's cursor while the filter field keeps the focus."""
        options = self.query_one("#picker-list", OptionList)
        if step > 0:
            options.action_cursor_down()
        else:
            options.action_cursor_up()

    def action_choose(self) -> None:
        """Copy the highlighted text (the caller copies; the picker only chooses)."""
        template = self.highlighted_template
        if template is None:
            self.notify(_("Ingen tekst å kopiere."), severity="warning")
            return
        self.dismiss(template)

    @on(OptionList.OptionSelected)
    def _option_selected(self) -> None:
        self.action_choose()

    def action_dismiss_picker(self) -> None:
        """Close without copying."""
        self.dismiss(None)
