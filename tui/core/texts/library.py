"""The standard texts: one TOML file per text, read, checked and looked up by id.

A text file holds `id`, `title`, `body` and optionally `category`, `keywords`, `checklist`,
`valid_from` and `valid_until` (docs/standard-texts.md documents the format).
The body is best written as a TOML literal string (`'''`), so a section leader can edit it in
any editor without escaping anything.

The built-in texts ship with timedialog and are never written to. A department's folder
(`texts_dir` in the configuration) adds texts and overrides a built-in text by giving its id.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from tui.core.config.config import Config
from tui.core.controls import data_has_controls, data_without_controls
from tui.core.i18n import _
from tui.core.model import Category, Message
from tui.core.oserrors import describe_os_error, describe_toml_error
from tui.core.resources import templates_dir
from tui.core.texts.placeholders import (
    PLACEHOLDERS,
    Field,
    PlaceholderSyntaxError,
    parse_fields,
    placeholder_names,
)

BUILT_IN = "innebygd"
"""The origin of the texts that ship with timedialog; a department's texts carry its code."""

PROCEDURE_TEXT_IDS = tuple(category.value for category in Category)
"""The five texts the procedure prescribes; each category's reply has the category's id."""

KEYS = ("id", "title", "category", "keywords", "checklist", "valid_from", "valid_until", "body")
"""Every key a text file may have."""

REQUIRED_KEYS = ("id", "title", "body")

_ID_PATTERN = re.compile(r"[a-z0-9æøå][a-z0-9æøå_-]*")


class TemplateError(ValueError):
    """A text file that cannot be used; the message names the file and line."""


@dataclass(frozen=True)
class TextProblem:
    """Something wrong in a text file (or the configuration), with where it is."""

    path: Path
    line: int
    """1-based; 0 when the problem is about the file as a whole."""
    message: str

    def __str__(self) -> str:
        """`path:line: message`, the shape editors and CI logs jump to."""
        where = f"{self.path}:{self.line}" if self.line else str(self.path)
        return f"{where}: {self.message}"


@dataclass(frozen=True)
class Template:
    """One standard text."""

    id: str
    title: str
    body: str
    category: Category | None = None
    keywords: tuple[str, ...] = ()
    checklist: tuple[str, ...] = ()
    """What the clerk must do after sending the reply, shown with the text and after copying."""
    valid_from: date | None = None
    """The first day the text may be used; None means always."""
    valid_until: date | None = None
    """The last day the text may be used; None means always."""
    origin: str = BUILT_IN
    """Where the text comes from: `BUILT_IN` or a department's code."""
    path: Path | None = field(default=None, compare=False)

    @property
    def placeholders(self) -> tuple[str, ...]:
        """The placeholder names the body uses, in order."""
        return placeholder_names(self.body)

    @property
    def built_in(self) -> bool:
        """True for a text that ships with timedialog."""
        return self.origin == BUILT_IN

    def is_valid_on(self, day: date) -> bool:
        """True when `day` lies within the text's validity dates (both inclusive)."""
        if self.valid_from is not None and day < self.valid_from:
            return False
        return self.valid_until is None or day <= self.valid_until


def origin_label(origin: str) -> str:
    """The origin as the clerk reads it: "innebygd" (translated) or the department's code."""
    return _("innebygd") if origin == BUILT_IN else origin


class SourceLines:
    """Line numbers in a text file, for problems a section leader can find in an editor."""

    _OPENERS = ("'''", '"""')

    def __init__(self, source: str) -> None:
        self.lines = source.splitlines()

    def key_line(self, key: str) -> int:
        """The line where top-level `key` is set; 1 when the file does not set it."""
        name = re.escape(key)
        pattern = re.compile(rf"""^\s*(?:{name}|"{name}"|'{name}')\s*=""")
        return next((n for n, line in enumerate(self.lines, 1) if pattern.match(line)), 1)

    def body_line(self, raw_body: str, index: int) -> int:
        """The file line of line `index` (0-based) of the body as parsed (before stripping).

        Exact for literal and multi-line strings, which is how bodies are written; a body
        with escaped line breaks is counted from its first line.
        """
        key_line = self.key_line("body")
        opener = self.lines[key_line - 1].split("=", 1)[-1].strip() if self.lines else ""
        first = key_line + 1 if opener in self._OPENERS else key_line
        return first + min(index, raw_body.count("\n"))


@dataclass(frozen=True)
class FileReading:
    """One text file as read: the text (None when unusable) and what is wrong in it."""

    template: Template | None
    problems: tuple[TextProblem, ...]


def _string_list(value: object) -> tuple[str, ...] | None:
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        return tuple(value)
    return None


def _date_value(value: object) -> date | None:
    if isinstance(value, datetime):
        return None
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            return None
    return None


def _toml_error_line(error: tomllib.TOMLDecodeError, source: str) -> int:
    found = re.search(r"at line (\d+)", str(error))
    if found:
        return int(found.group(1))
    return max(1, len(source.splitlines()))  # "at end of document"


def _body_problems(path: Path, body: str, lines: SourceLines) -> tuple[list[TextProblem], bool]:
    """Placeholder problems in the body, line by line; the flag is True when they are fatal."""
    problems: list[TextProblem] = []
    fatal = False
    for index, body_line in enumerate(body.split("\n")):
        line = lines.body_line(body, index)
        try:
            pieces = parse_fields(body_line)
        except PlaceholderSyntaxError as error:
            problems.append(TextProblem(path, line, str(error)))
            fatal = True
            continue
        for piece in pieces:
            if not isinstance(piece, Field):
                continue
            if not piece.is_plain:
                problems.append(
                    TextProblem(
                        path,
                        line,
                        _("plassholderen {{{name}}} skal stå uten tillegg (: eller !)").format(
                            name=piece.name
                        ),
                    )
                )
                fatal = True
            elif piece.name not in PLACEHOLDERS:
                problems.append(
                    TextProblem(
                        path,
                        line,
                        _("ukjent plassholder {{{name}}}; kjente er {known}").format(
                            name=piece.name,
                            known=", ".join(f"{{{known}}}" for known in PLACEHOLDERS),
                        ),
                    )
                )
    return problems, fatal


def read_text_file(path: Path, origin: str = BUILT_IN) -> FileReading:
    """Read one text file and everything wrong with it that the file alone shows.

    The template is None when the file cannot be used at all (unreadable, not TOML, a required
    key missing, a value of the wrong kind, broken placeholders). Smaller faults (an unknown
    key, an unknown placeholder the clerk can type in) are reported and the text is kept.
    """
    try:
        source = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        reason = describe_os_error(error) if isinstance(error, OSError) else _("ikke UTF-8-tekst")
        message = _("kan ikke leses: {error}").format(error=reason)
        return FileReading(None, (TextProblem(path, 0, message),))
    try:
        data = tomllib.loads(source)
    except tomllib.TOMLDecodeError as error:
        message = _("ikke gyldig TOML: {error}").format(error=describe_toml_error(str(error)))
        return FileReading(None, (TextProblem(path, _toml_error_line(error, source), message),))
    lines = SourceLines(source)
    problems, fatal = _value_problems(path, data, lines)
    for key in [key for key, value in data.items() if data_has_controls(value)]:
        problems.append(
            TextProblem(
                path,
                lines.key_line(key),
                _("«{key}» har styretegn for terminalen; de er tatt bort").format(key=key),
            )
        )
    data = data_without_controls(data)
    if fatal:
        return FileReading(None, tuple(problems))
    body = data["body"]
    body_problems, body_fatal = _body_problems(path, body, lines)
    problems += body_problems
    if body_fatal:
        return FileReading(None, tuple(problems))
    category = data.get("category")
    template = Template(
        id=data["id"],
        title=data["title"].strip(),
        body=body.strip("\n"),
        category=Category(category) if category else None,
        keywords=_string_list(data.get("keywords", [])) or (),
        checklist=_string_list(data.get("checklist", [])) or (),
        valid_from=_date_value(data.get("valid_from")),
        valid_until=_date_value(data.get("valid_until")),
        origin=origin,
        path=path,
    )
    return FileReading(template, tuple(problems))


def _value_problems(
    path: Path, data: Mapping[str, Any], lines: SourceLines
) -> tuple[list[TextProblem], bool]:
    """Problems with the keys and their values; the flag is True when the file is unusable."""
    problems: list[TextProblem] = []
    fatal = False

    def problem(key: str, message: str, *, unusable: bool = True) -> None:
        nonlocal fatal
        fatal = fatal or unusable
        problems.append(TextProblem(path, lines.key_line(key), message))

    for key in REQUIRED_KEYS:
        value = data.get(key)
        if key not in data:
            problem(key, _("mangler «{key}»").format(key=key))
        elif not isinstance(value, str) or not value.strip():
            problem(key, _("«{key}» må være en tekst som ikke er tom").format(key=key))
    for key in data:
        if key not in KEYS:
            known = ", ".join(KEYS)
            message = _("ukjent nøkkel «{key}»; kjente er {known}").format(key=key, known=known)
            problem(key, message, unusable=False)
    identifier = data.get("id")
    if isinstance(identifier, str) and identifier and not _ID_PATTERN.fullmatch(identifier):
        message = _("id «{id}» kan bare ha små bokstaver, sifre, - og _").format(id=identifier)
        problem("id", message)
    title = data.get("title")
    if isinstance(title, str) and "\n" in title.strip():
        problem("title", _("tittelen må stå på én linje"))
    category = data.get("category")
    if category is not None and category not in PROCEDURE_TEXT_IDS:
        known = ", ".join(PROCEDURE_TEXT_IDS)
        message = _("ukjent kategori «{category}»; kjente er {known}").format(
            category=category, known=known
        )
        problem("category", message)
    for key in ("keywords", "checklist"):
        if key in data and _string_list(data[key]) is None:
            problem(key, _("«{key}» må være en liste med tekster").format(key=key))
    for key in ("valid_from", "valid_until"):
        if key in data and _date_value(data[key]) is None:
            problem(key, _("«{key}» må være en dato, for eksempel 2026-12-31").format(key=key))
    valid_from = _date_value(data.get("valid_from"))
    valid_until = _date_value(data.get("valid_until"))
    if valid_from and valid_until and valid_from > valid_until:
        problem("valid_until", _("valid_until ligger før valid_from"))
    return problems, fatal


def parse_template(path: Path, origin: str = BUILT_IN) -> Template:
    """Read one text file; raise `TemplateError` naming the file and line when it is unusable."""
    reading = read_text_file(path, origin)
    if reading.template is None:
        raise TemplateError("\n".join(str(problem) for problem in reading.problems))
    return reading.template


@dataclass(frozen=True)
class FolderReading:
    """The usable texts of one folder, and what is wrong in it."""

    templates: tuple[Template, ...]
    problems: tuple[TextProblem, ...]
    files: int = 0
    """How many text files the folder has, usable or not."""


def read_folder(folder: Path, origin: str = BUILT_IN) -> FolderReading:
    """Every `*.toml` text in `folder`, in file-name order.

    Broken files and repeated ids are reported and left out (the first file with an id wins).
    """
    templates: list[Template] = []
    problems: list[TextProblem] = []
    first_with_id: dict[str, Template] = {}
    if not folder.is_dir():
        return FolderReading((), (TextProblem(folder, 0, _("mappen finnes ikke")),))
    try:
        paths = sorted(folder.glob("*.toml"))
    except OSError as error:
        message = _("mappen kan ikke leses: {error}").format(error=describe_os_error(error))
        return FolderReading((), (TextProblem(folder, 0, message),))
    for path in paths:
        reading = read_text_file(path, origin)
        problems += reading.problems
        template = reading.template
        if template is None:
            continue
        first = first_with_id.get(template.id)
        if first is not None:
            line = SourceLines(path.read_text(encoding="utf-8")).key_line("id")
            problems.append(
                TextProblem(
                    path,
                    line,
                    _("id «{id}» er brukt før i {file}; denne teksten brukes ikke").format(
                        id=template.id, file=first.path.name if first.path else ""
                    ),
                )
            )
            continue
        first_with_id[template.id] = template
        templates.append(template)
    return FolderReading(tuple(templates), tuple(problems), len(paths))


def department_folders(config: Config) -> list[tuple[Path, str]]:
    """`(folder, department code)` for every department that has its own texts."""
    return [
        (department.texts_dir, department.code)
        for department in config.departments
        if department.texts_dir is not None
    ]


def _listing_order(template: Template) -> tuple[str, bool, str]:
    return (template.title.casefold(), not template.built_in, template.origin)


@dataclass(frozen=True)
class TextLibrary:
    """Every text a clerk can choose from: the built-in ones and each department's.

    `texts` holds them all; `available` gives the texts in force for one department on one
    day, which is what the picker, the reply suggestion and the shell lookup use.
    """

    texts: tuple[Template, ...]
    problems: tuple[TextProblem, ...] = ()
    """Files that could not be used, or were used with a fault; `timedialog text check`."""

    @classmethod
    def load(cls, folders: Iterable[tuple[Path, str]] = ()) -> TextLibrary:
        """The built-in texts and each `(folder, department code)`'s texts."""
        readings = [read_folder(templates_dir(), BUILT_IN)]
        readings += [read_folder(folder, origin) for folder, origin in folders]
        return cls(
            tuple(sorted((t for r in readings for t in r.templates), key=_listing_order)),
            tuple(problem for reading in readings for problem in reading.problems),
        )

    @classmethod
    def from_config(cls, config: Config) -> TextLibrary:
        """The built-in texts and the texts of every department the configuration gives."""
        return cls.load(department_folders(config))

    def available(self, department: str | None = None, today: date | None = None) -> list[Template]:
        """The texts in force, in listing order (by title).

        For a department: the built-in texts, each replaced by the department's text of the
        same id, plus the department's own texts. Without a department: every text of every
        origin, for looking texts up across departments. With `today`, texts outside their
        validity dates are left out, and a department's text that is not valid lets the
        built-in text of the same id stand.
        """
        texts = [t for t in self.texts if today is None or t.is_valid_on(today)]
        if department is None:
            return texts
        own = {t.id for t in texts if t.origin == department}
        return [t for t in texts if t.origin == department or (t.built_in and t.id not in own)]

    def get(
        self, template_id: str, department: str | None = None, today: date | None = None
    ) -> Template | None:
        """The text with this id in force for the department (the built-in one without)."""
        candidates: Sequence[Template] = self.available(department or BUILT_IN, today)
        return next((t for t in candidates if t.id == template_id), None)

    def for_category(
        self, category: Category, department: str | None = None, today: date | None = None
    ) -> Template | None:
        """The reply for a category: the text whose id is the category's value."""
        return self.get(category.value, department, today)

    def suggested(
        self, message: Message, today: date, category: Category | None = None
    ) -> Template | None:
        """The reply suggested for `message` on `today`, from its department's texts.

        `category` is the reply the rules call for when it is not the message's own (a late
        cancellation: `gebyr`).
        """
        return self.for_category(category or message.category, message.department, today)
