"""The inbox screen's standard texts: the suggested reply copied, the picker, the text shown.

A text is never copied half-done or blind: a missing value opens the picker to ask for it,
and an unsure suggestion opens it with the likeliest texts first. After a copy the clerk is
reminded of the follow-up checklist that `b` will give the message.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Protocol

from tui.core.i18n import _
from tui.core.labels import category_label
from tui.screens.screen_host import ScreenHost

if TYPE_CHECKING:
    from tui.core.model import Message
    from tui.core.texts.library import Template, TextLibrary
    from tui.core.texts.replies import ChosenText, ReplyContext


class CopyHost(ScreenHost, Protocol):
    """What the copying needs of the screen it works for."""

    library: TextLibrary

    def show_copied(self, title: str) -> None:
        """Keep the copied text's title in view."""
        ...


class ReplyCopying:
    """Copies standard texts for the inbox screen, and remembers what was copied for what."""

    def __init__(self, host: CopyHost, copy: Callable[[str, str], None]) -> None:
        self.host = host
        self._copy = copy
        self.last_copied = ""
        """The text last put on the clipboard (`x` shows it)."""
        self._replies: dict[str, Template] = {}
        """The text last copied for each message: `b` gives its follow-up checklist."""

    def reply_context(self, message: Message | None) -> ReplyContext:
        """What a reply is chosen for: configuration, today, message and the suggested reply.

        The suggested reply is the one the rules give (a late cancellation: `gebyr`). The fee
        rule needs the holiday calendar; until a worker has loaded it, just after start-up,
        the message's own category stands.
        """
        from tui.core.texts.replies import ReplyContext  # filling texts: not for the first frame

        inbox = self.host.inbox
        category = None
        if message is not None and inbox.calendar.is_loaded:
            category = inbox.suggested_reply(message).category
        return ReplyContext(inbox.config, inbox.clock().date(), message, category=category)

    def copy_reply(self, message: Message) -> None:
        """Copy the suggested reply for `message`, filled in.

        When a value the text needs is missing, the picker opens and asks for it: a text is
        never copied half-done.
        """
        context = self.reply_context(message)
        template = context.suggested(self.host.library)
        if template is None:
            self.host.notify(
                _("Ingen standardtekst for kategorien {category}.").format(
                    category=category_label(context.category or message.category)
                ),
                severity="warning",
            )
            return
        if not message.copies_without_asking:
            # An unsure suggestion is not copied blind: the likeliest texts come first.
            self._open_picker(context, likeliest=self._likeliest(message, template))
            return
        filled = context.fill(template)
        if filled.complete:
            from tui.core.texts.replies import ChosenText

            self.copy_chosen(ChosenText(template, filled.text), message)
        else:
            self._open_picker(context, ask_for=template)

    def copy_chosen(self, chosen: ChosenText | None, message: Message | None = None) -> None:
        """Put a chosen, filled text on the clipboard, say how it went and what comes next.

        A line under the inbox keeps the copied text's title in view (`x` shows the text).
        The reminder lists the follow-up checklist that `b` will then give the message.
        """
        if chosen is None:
            return
        host = self.host
        self.last_copied = chosen.text
        self._copy(chosen.text, chosen.template.title)
        host.show_copied(chosen.template.title)
        if message is not None:
            self._replies[message.id] = chosen.template
        checklist = self.follow_up(message, chosen.template)
        if checklist:
            items = "\n".join(f"• {item}" for item in checklist)
            host.notify(items, title=_("Husk etterpå"), timeout=15)

    def follow_up(self, message: Message | None, reply: Template | None) -> tuple[str, ...]:
        """The checklist `b` gives `message` after `reply` (what the picker and reminder show)."""
        from tui.core.texts.replies import follow_up_checklist

        category = message.category if message is not None else None
        return follow_up_checklist(self.host.inbox.config, self.host.library, category, reply)

    def follow_up_after_copy(self, message: Message) -> tuple[str, ...]:
        """The checklist for `message` after the text last copied for it (forgotten then)."""
        return self.follow_up(message, self._replies.pop(message.id, None))

    def pick(self, message: Message | None) -> None:
        """Open the template picker; it works with or without a message."""
        self._open_picker(self.reply_context(message))

    def _likeliest(self, message: Message, suggested: Template) -> tuple[str, ...]:
        """The ids of the texts for an unsure suggestion's likeliest categories, best first."""
        library, today = self.host.library, self.host.inbox.clock().date()
        texts = (library.suggested(message, today, c) for c in message.category_alternatives)
        return tuple(dict.fromkeys([suggested.id, *(t.id for t in texts if t is not None)]))

    def _open_picker(
        self,
        context: ReplyContext,
        ask_for: Template | None = None,
        likeliest: tuple[str, ...] = (),
    ) -> None:
        from tui.screens.template_picker import TemplatePicker

        picker = TemplatePicker(self.host.library, context, ask_for=ask_for, likeliest=likeliest)
        self.host.app.push_screen(picker, lambda chosen: self.copy_chosen(chosen, context.message))

    def show_text(self, message: Message | None) -> None:
        """Show the last copied text (or the suggested reply) for selecting by hand."""
        host = self.host
        text = self.last_copied
        if not text and message is not None:
            context = self.reply_context(message)
            template = context.suggested(host.library)
            filled = context.fill(template) if template else None
            if filled is not None and not filled.complete:
                host.notify(_("Svarforslaget mangler verdier: trykk c for å fylle dem inn."))
                return
            text = filled.text if filled else ""
        if not text:
            host.notify(_("Ingen tekst å vise ennå."), severity="warning")
            return
        from tui.screens.text_view import TextView

        host.app.push_screen(TextView(text))
