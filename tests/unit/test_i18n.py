"""Language: every user-facing string goes through `_()`, and English has all of them.

When a test here fails after new strings were added, run `python -m tools.i18n update`,
fill in the empty `msgstr ""` entries in tui/locale/en/LC_MESSAGES/timedialog.po, and run the
update again to compile the .mo (README, "Language").
"""

from __future__ import annotations

import ast
import json
import re
import string
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO
from tools.i18n import (
    UPDATE_COMMAND,
    compiled,
    missing,
    mo_entries,
    mo_path,
    obsolete,
    read_catalogue,
    source_messages,
    translation_calls,
)
from tui.cli import main
from tui.core.i18n import _, current_language, detect_language, ngettext, set_language

TAGS = re.compile(r"\[/?[a-z]+\]")


def fields(text: str) -> list[tuple[str, str, str]]:
    """The format fields of a string: name, format spec, conversion."""
    return sorted(
        (name, spec or "", conversion or "")
        for _literal, name, spec, conversion in string.Formatter().parse(text)
        if name is not None
    )


def test_every_source_string_has_an_english_translation() -> None:
    untranslated = missing("en")
    assert not untranslated, (
        f"{len(untranslated)} string(s) have no English translation; run `{UPDATE_COMMAND}`, "
        "translate the empty msgstr entries and run it again:\n"
        + "\n".join(f"  {message!r}" for message in untranslated)
    )


def test_the_catalogue_has_no_strings_the_source_no_longer_uses() -> None:
    gone = obsolete("en")
    assert not gone, f"run `{UPDATE_COMMAND}` to drop them:\n" + "\n".join(
        f"  {message!r}" for message in gone
    )


def test_the_compiled_catalogue_is_up_to_date() -> None:
    assert mo_entries(mo_path("en").read_bytes()) == mo_entries(compiled("en")), (
        f"{mo_path('en')} is older than the .po: run `{UPDATE_COMMAND}`"
    )


def test_translations_keep_every_placeholder_and_markup_tag() -> None:
    catalogue = read_catalogue("en")
    wrong = []
    for message in source_messages():
        if not isinstance(message.id, str):
            continue
        entry = catalogue.get(message.id)
        english = str(entry.string) if entry is not None else ""
        if english and (
            fields(message.id) != fields(english)
            or TAGS.findall(message.id) != TAGS.findall(english)
        ):
            wrong.append(message.id)
    assert not wrong, wrong


def test_translation_functions_get_literal_strings() -> None:
    """An f-string or a joined string in `_()` cannot be looked up in the catalogue."""
    computed = [
        f"{call.path}:{call.line}"
        for call in translation_calls()
        if call.message_id is None
        # `_(placeholder.about)`: a string marked with N_() where it is defined.
        and not all(isinstance(a, ast.Name | ast.Attribute) for a in call.arguments)
    ]
    assert not computed, computed


def _literal_text(node: ast.expr | None) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    return None


def test_user_facing_strings_are_not_left_untranslated() -> None:
    """Key descriptions, notifications and labels are written through `_()`."""
    shown_as_is = {"timedialog"}
    found = []
    for path in sorted((REPO / "tui").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "id", getattr(node.func, "attr", ""))
            candidates: list[ast.expr | None] = []
            if name == "Binding":
                candidates += node.args[2:3]
                described = ("description", "tooltip")
                candidates += [k.value for k in node.keywords if k.arg in described]
            elif name in ("notify", "Label", "Static"):
                candidates += node.args[:1]
                candidates += [k.value for k in node.keywords if k.arg == "title"]
            elif name == "Input":
                candidates += [k.value for k in node.keywords if k.arg == "placeholder"]
            for candidate in candidates:
                text = _literal_text(candidate)
                if text and re.search(r"[A-Za-zÆØÅæøå]", text) and text not in shown_as_is:
                    found.append(f"{path.relative_to(REPO)}:{node.lineno}: {text!r}")
    assert not found, found


def _import_time_translations(module: str) -> list[int]:
    """Lines of `module` that call `_()` while it is imported (outside any function)."""
    spec_path = Path(__import__(module, fromlist=["_"]).__file__ or "")
    tree = ast.parse(spec_path.read_text(encoding="utf-8"))
    lines = []

    class ImportTime(ast.NodeVisitor):
        def visit_FunctionDef(self, node: ast.FunctionDef) -> None:
            for default in node.args.defaults:
                self.visit(default)

        visit_AsyncFunctionDef = visit_FunctionDef  # type: ignore[assignment]  # noqa: N815

        def visit_Lambda(self, node: ast.Lambda) -> None:
            return

        def visit_Call(self, node: ast.Call) -> None:
            if isinstance(node.func, ast.Name) and node.func.id in ("_", "ngettext"):
                lines.append(node.lineno)
            self.generic_visit(node)

    ImportTime().visit(tree)
    return lines


def test_modules_loaded_before_the_language_is_chosen_translate_nothing_at_import() -> None:
    """`tui.cli` chooses the language in `main()`: what it imports before must not translate
    at import time (the screens, imported later, may: their BINDINGS are built then)."""
    loaded = subprocess.run(
        [
            sys.executable,
            "-c",
            "import json, sys, tui.cli; print(json.dumps(sorted(m for m in sys.modules "
            "if m.startswith('tui'))))",
        ],
        capture_output=True,
        text=True,
        check=True,
        cwd=REPO,
    )
    modules = json.loads(loaded.stdout)
    assert "tui.app" not in modules, "the app must be imported after the language is set"
    early = {module: _import_time_translations(module) for module in modules}
    assert not {module: lines for module, lines in early.items() if lines}


@pytest.mark.parametrize(
    ("environ", "language"),
    [
        ({"LANG": "en_GB.UTF-8"}, "en"),
        ({"LANG": "nb_NO.UTF-8"}, "nb"),
        ({"LANG": "C.UTF-8"}, "nb"),
        ({"LANG": "POSIX"}, "nb"),
        ({}, "nb"),
        ({"LANGUAGE": "en_US:en", "LANG": "nb_NO.UTF-8"}, "en"),
        ({"LC_ALL": "nn_NO.UTF-8", "LANG": "en_US.UTF-8"}, "nb"),
        ({"LC_MESSAGES": "en_IE.UTF-8", "LANG": "C.UTF-8"}, "en"),
    ],
)
def test_language_from_the_locale(
    monkeypatch: pytest.MonkeyPatch, environ: dict[str, str], language: str
) -> None:
    for variable in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(variable, raising=False)
    for variable, value in environ.items():
        monkeypatch.setenv(variable, value)
    assert detect_language() == language


def test_english_translates_and_bokmal_is_the_source() -> None:
    assert _("Avslutt") == "Avslutt"
    set_language("en")
    assert current_language() == "en"
    assert _("Avslutt") == "Quit"
    moved = ngettext(
        "{count} melding flyttet til arkivet.", "{count} meldinger flyttet til arkivet.", 3
    )
    assert moved.format(count=3) == "3 messages moved to the archive."
    assert _("en streng som ikke finnes i katalogen") == "en streng som ikke finnes i katalogen"


def test_lang_en_on_the_command_line(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--lang", "en", "deadline", "2026-12-22"]) == 0
    out = capsys.readouterr().out
    assert "working days (general deadline) after" in out
    assert "not counted" in out
