"""Preparing a reply: the texts in force, the suggested one, each filled with its values.

Used by the picker, the inbox's copy key and the shell lookup, so they all fill a text the
same way. Without a message (pure lookup) a department's own text is filled with that
department's values, and the clerk's `--department` (on the shell) stands in for the message's.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from tui.core.config.config import Config, Department
from tui.core.model import Category, Message
from tui.core.texts.filling import FilledText, fill, known_values
from tui.core.texts.library import Template, TextLibrary
from tui.core.texts.placeholders import FillContext


@dataclass(frozen=True)
class ChosenText:
    """A text the clerk chose, filled and ready to copy."""

    template: Template
    text: str


@dataclass(frozen=True)
class ReplyContext:
    """What a text is being chosen for: the configuration, today, a message or a department."""

    config: Config
    today: date
    message: Message | None = None
    department: str | None = None
    """The department looked up for when there is no message (`--department` on the shell)."""
    category: Category | None = None
    """The reply the rules suggest when it differs from the message's category (a late
    cancellation suggests `gebyr`); None: the message's own category."""

    @property
    def department_code(self) -> str | None:
        """The message's department, else the one asked for, else None (all departments)."""
        return self.message.department if self.message else self.department

    def texts(self, library: TextLibrary) -> list[Template]:
        """The texts in force today for the department (every department's without one)."""
        return library.available(self.department_code, self.today)

    def suggested(self, library: TextLibrary) -> Template | None:
        """The reply the message's category calls for; None without a message."""
        if self.message is None:
            return None
        return library.suggested(self.message, self.today, self.category)

    def _department_for(self, template: Template) -> Department | None:
        code = self.department_code or (None if template.built_in else template.origin)
        return self.config.department(code) if code else None

    def values(self, template: Template) -> dict[str, str]:
        """The placeholder values known for `template` in this context."""
        context = FillContext(self.today, self._department_for(template), self.message)
        return known_values(context)

    def fill(self, template: Template, typed: Mapping[str, str] | None = None) -> FilledText:
        """`template` filled; values the clerk typed count over the known ones."""
        values = self.values(template)
        values.update({name: value for name, value in (typed or {}).items() if value.strip()})
        return fill(template.body, values)


def follow_up_checklist(
    config: Config, library: TextLibrary, category: Category | None, reply: Template | None = None
) -> tuple[str, ...]:
    """The follow-up work after answering a message of `category` with the text `reply`.

    A reply of a category follows its category's list in the configuration, or else its own
    checklist; a reply of no category (a department's text) its own checklist when it has one.
    Otherwise, or without a reply, the message's category decides: the configured list, else
    the category's text's. The picker shows it, the reminder after a copy lists it, and `b`
    gives the message this list.
    """
    if reply is not None and reply.category is not None:
        configured = config.checklists.for_category(reply.category)
        return configured if configured is not None else reply.checklist
    if reply is not None and reply.checklist:
        return reply.checklist
    if category is None:
        return ()
    configured = config.checklists.for_category(category)
    if configured is not None:
        return configured
    template = library.for_category(category)
    return template.checklist if template else ()
