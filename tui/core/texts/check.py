"""`timedialog text check`: everything wrong with the texts, each problem with file and line.

Checks every built-in text and every department's texts: the file format, unknown keys and
placeholders, ids used twice in a folder, and that the five procedure texts are present and
say word for word what the procedure says.
"""

from __future__ import annotations

import difflib
import tomllib
from dataclasses import dataclass
from pathlib import Path

from tui.core.config.config import Config
from tui.core.i18n import _
from tui.core.oserrors import describe_os_error
from tui.core.resources import templates_dir
from tui.core.texts.library import (
    BUILT_IN,
    PROCEDURE_TEXT_IDS,
    FolderReading,
    SourceLines,
    Template,
    TextProblem,
    read_folder,
)
from tui.core.texts.procedure import ProcedureText, procedure_path, procedure_texts

_QUOTED_WORDS = 8
"""How many words of a difference a problem quotes."""


@dataclass(frozen=True)
class CheckReport:
    """How many text files were read, and what is wrong in them."""

    files: int
    problems: tuple[TextProblem, ...]

    @property
    def ok(self) -> bool:
        """True when nothing is wrong."""
        return not self.problems


def check_texts(
    config: Config, *, built_in: Path | None = None, procedure: Path | None = None
) -> CheckReport:
    """Check the built-in texts (or `built_in`) and every configured department's texts."""
    folder = built_in or templates_dir()
    readings = [read_folder(folder, BUILT_IN)]
    problems = list(readings[0].problems)
    problems += _procedure_problems(folder, readings[0], procedure or procedure_path())
    for department in config.departments:
        if department.texts_dir is None:
            continue
        if not department.texts_dir.is_dir():
            problems.append(_missing_folder(config, department.code, department.texts_dir))
            continue
        reading = read_folder(department.texts_dir, department.code)
        readings.append(reading)
        problems += reading.problems
    return CheckReport(sum(reading.files for reading in readings), tuple(problems))


def _missing_folder(config: Config, code: str, folder: Path) -> TextProblem:
    message = _("tekstmappen {folder} for avdeling {code} finnes ikke").format(
        folder=folder, code=code
    )
    if config.path is None:
        return TextProblem(folder, 0, message)
    try:
        lines = config.path.read_text(encoding="utf-8").splitlines()
    except OSError:
        lines = []
    line = next(
        (n for n, text in enumerate(lines, 1) if "texts_dir" in text and folder.name in text), 0
    )
    return TextProblem(config.path, line, message)


def _procedure_problems(folder: Path, reading: FolderReading, procedure: Path) -> list[TextProblem]:
    try:
        wording = procedure_texts(procedure)
    except (OSError, ValueError) as error:
        message = _("prosedyren kan ikke leses, tekstene kan ikke sammenlignes: {error}")
        if isinstance(error, OSError):
            reason = describe_os_error(error)
        elif isinstance(error, UnicodeDecodeError):
            reason = _("ikke UTF-8-tekst")
        else:
            reason = _("en overskrift tekstene finnes under, mangler")
        return [TextProblem(procedure, 0, message.format(error=reason))]
    by_id = {template.id: template for template in reading.templates}
    problems: list[TextProblem] = []
    for text_id in PROCEDURE_TEXT_IDS:
        template = by_id.get(text_id)
        if template is None:
            message = _("prosedyreteksten «{id}» ({title}) mangler eller kan ikke brukes")
            title = wording[text_id].title
            problems.append(TextProblem(folder, 0, message.format(id=text_id, title=title)))
            continue
        problems += _compare(template, wording[text_id])
    return problems


def _compare(template: Template, procedure: ProcedureText) -> list[TextProblem]:
    """Where a built-in procedure text differs from the procedure's wording."""
    assert template.path is not None
    source = template.path.read_text(encoding="utf-8")
    lines = SourceLines(source)
    problems: list[TextProblem] = []
    if template.title != procedure.title:
        message = _("tittelen skal være «{expected}» som i prosedyren, ikke «{actual}»")
        problems.append(
            TextProblem(
                template.path,
                lines.key_line("title"),
                message.format(expected=procedure.title, actual=template.title),
            )
        )
    if template.category is None or template.category.value != procedure.id:
        message = _("kategorien skal være «{expected}»").format(expected=procedure.id)
        problems.append(TextProblem(template.path, lines.key_line("category"), message))
    raw_body = str(tomllib.loads(source)["body"])
    words: list[str] = []
    word_lines: list[int] = []
    for index, text in enumerate(raw_body.split("\n")):
        for word in text.split():
            words.append(word)
            word_lines.append(lines.body_line(raw_body, index))
    expected = procedure.body.split()
    matcher = difflib.SequenceMatcher(None, expected, words, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        line = word_lines[min(j1, len(word_lines) - 1)] if word_lines else lines.key_line("body")
        problems.append(
            TextProblem(template.path, line, _difference(tag, expected[i1:i2], words[j1:j2]))
        )
        break  # the first difference; fixing it usually moves the rest
    return problems


def _quote(words: list[str]) -> str:
    shown = " ".join(words[:_QUOTED_WORDS])
    return f"«{shown} …»" if len(words) > _QUOTED_WORDS else f"«{shown}»"


def _difference(tag: str, expected: list[str], actual: list[str]) -> str:
    if tag == "insert":
        return _("teksten avviker fra prosedyren: {actual} står ikke i prosedyren").format(
            actual=_quote(actual)
        )
    if tag == "delete":
        return _("teksten avviker fra prosedyren: {expected} mangler").format(
            expected=_quote(expected)
        )
    return _("teksten avviker fra prosedyren: prosedyren sier {expected}, filen {actual}").format(
        expected=_quote(expected), actual=_quote(actual)
    )


def count_label(report: CheckReport) -> str:
    """One sentence for the end of the check's output."""
    if report.ok:
        return _("{files} tekster kontrollert, ingen feil.").format(files=report.files)
    return _("{files} tekster kontrollert, {problems} feil.").format(
        files=report.files, problems=len(report.problems)
    )
