"""The standard texts: one TOML file per text, loaded, checked and looked up by id.

A text file holds `id`, `title`, `category`, `keywords`, `checklist` and `body`; the body is a
TOML literal string, so a section leader can edit it in any editor without escaping anything.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from tui.core.i18n import _
from tui.core.model import Category
from tui.core.resources import templates_dir

PROCEDURE_TEXT_IDS = tuple(category.value for category in Category)
"""The five texts the procedure prescribes; each category's reply has the category's id."""


class TemplateError(ValueError):
    """A text file that cannot be used; the message names the file."""


@dataclass(frozen=True)
class Template:
    """One standard text."""

    id: str
    title: str
    body: str
    category: Category | None = None
    keywords: tuple[str, ...] = ()
    checklist: tuple[str, ...] = ()
    origin: str = "innebygd"
    """Where the text comes from: "innebygd" (built in) or a department's code."""
    path: Path | None = field(default=None, compare=False)


def parse_template(path: Path, origin: str = "innebygd") -> Template:
    """Read one text file; raise `TemplateError` naming the file when it is not usable."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise TemplateError(
            _("{file}: kan ikke leses: {error}").format(file=path, error=error)
        ) from error
    missing = [key for key in ("id", "title", "body") if not str(data.get(key, "")).strip()]
    if missing:
        raise TemplateError(
            _("{file}: mangler {fields}").format(file=path, fields=", ".join(missing))
        )
    category_value = data.get("category")
    try:
        category = Category(category_value) if category_value else None
    except ValueError:
        raise TemplateError(
            _("{file}: ukjent kategori '{category}'").format(file=path, category=category_value)
        ) from None
    return Template(
        id=str(data["id"]),
        title=str(data["title"]),
        body=str(data["body"]).strip("\n"),
        category=category,
        keywords=tuple(str(word) for word in data.get("keywords", ())),
        checklist=tuple(str(item) for item in data.get("checklist", ())),
        origin=origin,
        path=path,
    )


def load_templates(folder: Path | None = None, origin: str = "innebygd") -> list[Template]:
    """All texts in `folder` (the built-in texts by default), sorted by id."""
    folder = folder or templates_dir()
    return sorted(
        (parse_template(path, origin) for path in sorted(folder.glob("*.toml"))),
        key=lambda template: template.id,
    )


@dataclass(frozen=True)
class TextLibrary:
    """The texts a clerk can choose from, looked up by id or by category."""

    templates: tuple[Template, ...]

    @classmethod
    def load(cls, folders: Iterable[tuple[Path, str]] = ()) -> TextLibrary:
        """The built-in texts, with each `(folder, origin)` adding texts or overriding by id."""
        by_id = {template.id: template for template in load_templates()}
        for folder, origin in folders:
            by_id.update({t.id: t for t in load_templates(folder, origin)})
        return cls(tuple(sorted(by_id.values(), key=lambda template: template.id)))

    def get(self, template_id: str) -> Template | None:
        """The text with this id, or None."""
        return next((t for t in self.templates if t.id == template_id), None)

    def for_category(self, category: Category) -> Template | None:
        """The reply for a category: the text whose id is the category's value."""
        return self.get(category.value)
