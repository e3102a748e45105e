"""The template picker: type to filter the standard texts, see the filled text, copy it.

The list shows the texts in force for the message's department (every department's when no
message is selected), the suggested reply first, the first nine numbered. `enter` or a number
key chooses; a text whose placeholders cannot all be filled is never handed out half-done: the
picker names the missing value and lets the clerk type it, with the preview filling in as
they type. The caller copies the chosen text; the picker only chooses.
"""

from __future__ import annotations

import gc
import re

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from tui.core.i18n import _, ngettext
from tui.core.labels import category_label, unsure_label
from tui.core.texts.filling import FilledText
from tui.core.texts.library import Template, TextLibrary, origin_label
from tui.core.texts.placeholders import PLACEHOLDERS, checked_value, describe
from tui.core.texts.replies import ChosenText, ReplyContext, follow_up_checklist
from tui.textsearch import Offsets, TextIndex, TextMatch
from tui.widgets.choice_list import ChoiceList
from tui.widgets.key_footer import KeyFooter

NUMBERED = 9
"""The first this many texts can be copied with their number key."""
NUMBER_KEYS = "123456789"
SHOWN = 50
"""At most this many texts are listed; more would only cost time on every keystroke."""
MATCH_STYLE = "bold reverse"
"""Matched letters, as the command palette marks them: readable without colour."""
MISSING_STYLE = "bold reverse $text-warning"
FILLED_STYLE = "underline"

_WORD = re.compile(r"\w+")


def option_prompt(match: TextMatch, number: int | None) -> Content:
    """One line of the list: number, title with the matched letters marked, origin, why."""
    title = Content(match.template.title)
    for offset in match.title_offsets:
        title = title.stylize(MATCH_STYLE, offset, offset + 1)
    pieces = [Content(f"{number} " if number else "  "), title]
    extra = origin_label(match.template.origin)
    if match.suggested:
        extra += " · " + _("forslag")
    pieces.append(Content.styled(f"  {extra}", "dim"))
    for term, offsets in match.other_terms[:2]:
        word = Content(term)
        for offset in offsets:
            word = word.stylize(MATCH_STYLE, offset, offset + 1)
        pieces += [Content.styled("  … ", "dim"), word]
    return Content.assemble(*pieces)


def _highlight_words(text: str, terms: dict[str, Offsets]) -> Content:
    content = Content(text)
    if not terms:
        return content
    for found in _WORD.finditer(text):
        offsets = terms.get(found.group().lower())
        for offset in offsets or ():
            start = found.start() + offset
            content = content.stylize(MATCH_STYLE, start, start + 1)
    return content


def preview_content(filled: FilledText, terms: dict[str, Offsets]) -> Content:
    """The filled text: matched letters marked, filled values underlined, missing ones shown."""
    pieces = []
    for part in filled.parts:
        if part.missing:
            pieces.append(Content.styled(f"{{{part.placeholder}}}", MISSING_STYLE))
        elif part.placeholder:
            pieces.append(Content.styled(part.text, FILLED_STYLE))
        else:
            pieces.append(_highlight_words(part.text, terms))
    return Content.assemble(*pieces)


def details_content(
    template: Template, filled: FilledText, checklist: tuple[str, ...] | None = None
) -> Content:
    """What goes with the text: missing values, the follow-up checklist, origin, validity.

    `checklist` is the follow-up after this reply (the text's own when not given).
    """
    checklist = template.checklist if checklist is None else checklist
    lines: list[Content] = []
    if filled.missing:
        missing = ", ".join(f"{{{name}}} ({describe(name)})" for name in filled.missing)
        lines.append(
            Content.from_markup(
                "[bold $text-warning]$label[/] $missing", label=_("Mangler:"), missing=missing
            )
        )
        lines.append(Content(_("Enter ber om verdien; teksten kopieres først når alt er fylt ut.")))
    if checklist:
        lines.append(Content.from_markup("[b]$label[/b]", label=_("Etterpå:")))
        lines += [Content(f"• {item}") for item in checklist]
    source = _("Fra: {origin} (id {id})").format(
        origin=origin_label(template.origin), id=template.id
    )
    if template.category is not None:
        source += " · " + category_label(template.category)
    if template.valid_from or template.valid_until:
        start = f"{template.valid_from:%d.%m.%Y}" if template.valid_from else ""
        end = f"{template.valid_until:%d.%m.%Y}" if template.valid_until else ""
        source += " · " + _("gyldig {start}–{end}").format(start=start, end=end)
    lines.append(Content.styled(source, "dim"))
    return Content("\n").join(lines)


class FilterInput(Input):
    """The picker's search field.

    Its keys act in the order they were typed, even when they arrive in one burst over a slow
    SSH line: `enter`, the arrows and the number keys are handled after the letters before
    them have reached the field (a priority binding would act on the list of a query not yet
    typed). The digits 1-9 are not typed: they go on to the picker's number keys.
    """

    BINDINGS = [
        Binding("enter", "submit", _("Kopier"), id="picker.copy"),
        Binding("down", "screen.move(1)", _("Neste"), show=False, id="picker.next"),
        Binding("up", "screen.move(-1)", _("Forrige"), show=False, id="picker.previous"),
        Binding("pagedown", "screen.scroll_preview(1)", _("Bla i teksten"), id="picker.page_down"),
        Binding(
            "pageup", "screen.scroll_preview(-1)", _("Bla opp"), show=False, id="picker.page_up"
        ),
    ]

    def check_consume_key(self, key: str, character: str | None) -> bool:
        """Digits 1-9 are the picker's number keys, not search text."""
        if character is not None and character in NUMBER_KEYS:
            return False
        return super().check_consume_key(key, character)

    def on_key(self, event: events.Key) -> None:
        """Let a digit 1-9 pass on to the picker's bindings instead of typing it."""
        if event.character is not None and event.character in NUMBER_KEYS:
            event.prevent_default()


class ValueInput(Input):
    """The field where the clerk types a missing value."""

    BINDINGS = [
        Binding("enter", "submit", _("Bruk verdien"), id="picker.use_value"),
        Binding("escape", "screen.back", _("Avbryt"), id="picker.cancel_value"),
    ]


class TemplatePicker(ModalScreen[ChosenText | None]):
    """Choose a standard text; dismisses with the filled text, or None on `escape`."""

    CSS_PATH = ["dialogs.tcss", "template_picker.tcss"]

    BINDINGS = [
        Binding("escape", "back", _("Lukk"), id="picker.close"),
        Binding("1", "choose_number(1)", _("Kopier nr."), key_display="1–9", id="picker.copy_1"),
        *(
            Binding(
                str(number),
                f"choose_number({number})",
                _("Kopier nr. {number}").format(number=number),
                show=False,
                id=f"picker.copy_{number}",
            )
            for number in range(2, NUMBERED + 1)
        ),
    ]

    def __init__(
        self,
        library: TextLibrary,
        context: ReplyContext,
        ask_for: Template | None = None,
        likeliest: tuple[str, ...] = (),
    ) -> None:
        """Pick among the texts in force for `context`.

        With `ask_for`, start by asking for that text's missing values (the inbox's copy key
        opens the picker so when the suggested reply cannot be filled). `likeliest` names the
        texts to list first, in order, when the suggestion is unsure (the inbox's copy key
        opens the picker so instead of copying blind).
        """
        super().__init__()
        self.context = context
        self.library = library
        suggested = context.suggested(library)
        self.suggested_id = suggested.id if suggested else None
        self.index = TextIndex(context.texts(library))
        self.typed: dict[str, str] = {}
        """Values the clerk typed for placeholders, checked, kept for every text in this picker."""
        self._draft = ""
        """What the value field holds while the clerk types (not checked yet)."""
        self.asking: Template | None = None
        """The text whose missing values the clerk is typing, or None while filtering."""
        self._asked_name = ""
        self._finished = False
        self._ask_for = ask_for
        self.likeliest = likeliest
        self._matches: list[TextMatch] = []
        self._terms: dict[str, Offsets] = {}

    def compose(self) -> ComposeResult:
        """Heading, filter field, list of texts, the missing-value prompt, the preview."""
        with Vertical(id="picker"):
            yield Label(self._heading(), id="picker-title")
            yield FilterInput(
                placeholder=_("Søk i tittel, stikkord og tekst (1–9 kopierer)"),
                id="picker-filter",
                compact=True,
            )
            yield ChoiceList(id="picker-list", compact=True)
            with Vertical(id="picker-ask-row"):
                yield Label("", id="picker-ask-label")
                yield ValueInput(id="picker-ask", compact=True)
            with VerticalScroll(id="picker-preview", can_focus=False):
                yield Static("", id="picker-text")
                yield Static("", id="picker-details")
        yield KeyFooter()

    def _heading(self) -> str:
        message = self.context.message
        if message is not None and self.likeliest:
            return _("{question} De mest sannsynlige svarene først").format(
                question=unsure_label(message.category_alternatives or [message.category])
            )
        if message is not None:
            return _("Standardtekster for {department} – svar på «{category}»").format(
                department=message.department, category=category_label(message.category)
            )
        if self.context.department:
            return _("Standardtekster for {department} – oppslag").format(
                department=self.context.department
            )
        return _("Standardtekster, alle avdelinger – oppslag (ingen melding valgt)")

    def on_mount(self) -> None:
        """Show every text, the suggested one first; ask at once when opened for a text."""
        # While the clerk types, keep the collector from re-scanning everything that already
        # exists (the app, the index): full collections otherwise make typing stutter now and
        # then with 500 texts (bench/texts.py measures it). Undone when the picker closes, so
        # nothing leaks.
        gc.freeze()
        self.query_one("#picker-ask-row").display = False
        self.refilter("")
        if self._ask_for is not None:
            self._choose(self._ask_for)

    def on_unmount(self) -> None:
        """Hand the objects frozen at mount back to the garbage collector."""
        gc.unfreeze()

    # Filtering ------------------------------------------------------------------------------

    @on(Input.Changed, "#picker-filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        self.refilter(event.value)

    def refilter(self, query: str) -> None:
        """Show the texts matching `query`, best first, and preview the first."""
        found = self.index.search(query, self.suggested_id)
        if self.likeliest and not query.strip():
            order = {text_id: rank for rank, text_id in enumerate(self.likeliest)}
            found.sort(key=lambda match: order.get(match.template.id, len(order)))
        self._matches = found[:SHOWN]
        self._terms = self.index.matched_terms(query)
        options = self.query_one("#picker-list", OptionList)
        options.clear_options()
        options.add_options(
            Option(option_prompt(match, number if number <= NUMBERED else None))
            for number, match in enumerate(self._matches, 1)
        )
        if len(found) > SHOWN:
            more = ngettext(
                "… {count} tekst til – skriv mer for å finne den",
                "… {count} tekster til – skriv mer for å finne dem",
                len(found) - SHOWN,
            ).format(count=len(found) - SHOWN)
            options.add_option(Option(Content.styled(more, "dim"), disabled=True))
        if self._matches:
            options.highlighted = 0
        self._preview()

    @property
    def matches(self) -> list[TextMatch]:
        """The texts the list shows, in order."""
        return list(self._matches)

    @property
    def highlighted_template(self) -> Template | None:
        """The text under the list's cursor."""
        index = self.query_one("#picker-list", OptionList).highlighted
        if index is None or index >= len(self._matches):
            return None
        return self._matches[index].template

    @on(OptionList.OptionHighlighted)
    def _preview(self) -> None:
        text = self.query_one("#picker-text", Static)
        details = self.query_one("#picker-details", Static)
        template = self.asking or self.highlighted_template
        if template is None:
            text.update(_("Ingen tekst passer søket. Færre eller kortere ord gir flere treff."))
            details.update("")
            return
        filled = self.context.fill(template, self._preview_values())
        text.update(preview_content(filled, self._terms))
        message = self.context.message
        checklist = follow_up_checklist(
            self.context.config, self.library, message.category if message else None, template
        )
        details.update(details_content(template, filled, checklist))

    def action_move(self, step: int) -> None:
        """Move the list's cursor while the filter field keeps the focus."""
        options = self.query_one("#picker-list", OptionList)
        if step > 0:
            options.action_cursor_down()
        else:
            options.action_cursor_up()

    def action_scroll_preview(self, step: int) -> None:
        """Page through a long text in the preview."""
        preview = self.query_one("#picker-preview", VerticalScroll)
        if step > 0:
            preview.scroll_page_down()
        else:
            preview.scroll_page_up()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """While a value is being typed, the number keys and arrows do not choose a text."""
        return self.asking is None or action not in ("choose_number", "move")

    # Choosing -------------------------------------------------------------------------------

    def action_choose(self) -> None:
        """Copy the highlighted text, or take the value being typed."""
        if self.asking is not None:
            self._take_value()
            return
        template = self.highlighted_template
        if template is None:
            self.notify(_("Ingen tekst å kopiere."), severity="warning")
            return
        self._choose(template)

    def action_choose_number(self, number: int) -> None:
        """Copy the text with this number in the list."""
        if number > len(self._matches):
            self.notify(_("Ingen tekst nr. {number}.").format(number=number), severity="warning")
            return
        self.query_one("#picker-list", OptionList).highlighted = number - 1
        self._choose(self._matches[number - 1].template)

    @on(OptionList.OptionSelected)
    @on(Input.Submitted, "#picker-filter")
    def _option_selected(self) -> None:
        self.action_choose()

    @on(Input.Submitted, "#picker-ask")
    def _value_submitted(self) -> None:
        if self.asking is not None:
            self._take_value()

    def _finish(self, chosen: ChosenText | None) -> None:
        """Close the picker once, whatever is still in the key queue.

        A second `enter` typed ahead would otherwise copy again and pop the screen below.
        """
        if self._finished:
            return
        self._finished = True
        self.dismiss(chosen)

    def _choose(self, template: Template) -> None:
        filled = self.context.fill(template, self.typed)
        if filled.complete:
            self._finish(ChosenText(template, filled.text))
        else:
            self._ask(template, filled.missing[0])

    # Asking for missing values --------------------------------------------------------------

    def _ask(self, template: Template, name: str) -> None:
        self.asking = template
        self._asked_name = name
        for index, match in enumerate(self._matches):
            if match.template == template:
                self.query_one("#picker-list", OptionList).highlighted = index
        self.query_one("#picker-ask-label", Label).update(
            _("«{title}» mangler {name} ({description}). Skriv verdien og trykk enter:").format(
                title=template.title, name=f"{{{name}}}", description=describe(name)
            )
        )
        field = self.query_one("#picker-ask", Input)
        placeholder = PLACEHOLDERS.get(name)
        example = _("f.eks. {example}").format(example=placeholder.example) if placeholder else ""
        field.placeholder = example
        field.value = self._draft = self.typed.get(name, "")
        self.query_one("#picker-ask-row").display = True
        field.focus()
        self._preview()
        self.refresh_bindings()

    @on(Input.Changed, "#picker-ask")
    def _value_changed(self, event: Input.Changed) -> None:
        if self.asking is not None:
            self._draft = event.value
            self._preview()

    def _preview_values(self) -> dict[str, str]:
        """The checked values, and the one being typed as it will be filled in if it is valid."""
        if self.asking is None or not self._draft.strip():
            return self.typed
        try:
            draft = checked_value(self._asked_name, self._draft, self.context.today)
        except ValueError:
            draft = self._draft
        return {**self.typed, self._asked_name: draft}

    def _take_value(self) -> None:
        assert self.asking is not None
        value = self.query_one("#picker-ask", Input).value.strip()
        if not value:
            message = _("Skriv en verdi for {name}, eller esc for å avbryte.")
            self.notify(message.format(name=f"{{{self._asked_name}}}"), severity="warning")
            return
        try:
            value = checked_value(self._asked_name, value, self.context.today)
        except ValueError as error:
            self.notify(str(error), title=_("Ikke kopiert"), severity="error")
            return
        self.typed[self._asked_name] = value
        filled = self.context.fill(self.asking, self.typed)
        if filled.complete:
            self._finish(ChosenText(self.asking, filled.text))
        else:
            # Straight on to the next value: the value field keeps the focus, so keys typed
            # at once land in it and not in the search field.
            self._ask(self.asking, filled.missing[0])

    def _stop_asking(self) -> None:
        self.asking = None
        self.query_one("#picker-ask-row").display = False
        self.query_one("#picker-filter", Input).focus()
        self._preview()
        self.refresh_bindings()

    def action_back(self) -> None:
        """Stop typing a value, or close the picker without copying."""
        if self.asking is not None:
            self._stop_asking()
        else:
            self._finish(None)
