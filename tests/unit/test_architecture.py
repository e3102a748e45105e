"""The domain never imports Textual; the UI calls the domain, never the reverse."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

from tests.conftest import REPO
from tui.core.store.store import Store

CORE = REPO / "tui" / "core"


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_core_source_never_imports_textual_or_the_ui() -> None:
    offenders = {
        f"{path.name}: {module}"
        for path in CORE.rglob("*.py")
        for module in imported_modules(path)
        if module.split(".")[0] in {"textual", "rich"}
        or module.startswith(("tui.app", "tui.screens", "tui.widgets", "tui.textsearch"))
    }
    assert not offenders


def test_importing_all_of_core_loads_no_textual() -> None:
    modules = sorted(
        ".".join(path.relative_to(REPO).with_suffix("").parts).removesuffix(".__init__")
        for path in CORE.rglob("*.py")
    )
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}: importlib.import_module(name)\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich')))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=REPO
    )
    assert result.stdout.strip() == "[]"


def test_starting_the_app_loads_nothing_only_a_subcommand_or_a_later_screen_needs() -> None:
    """What the first frame does not need stays unloaded (bench/startup.py times the rest)."""
    later = [
        "holidays",  # the holiday tables load after the first frame
        "textual.widgets._text_area",
        "tui.core.helsenorge.importer",
        "tui.core.report.report",
        "tui.core.report.tables",
        "tui.core.privacy.retention",
        "tui.core.housekeeping",  # the daily round runs in a worker after the first frame
        "tui.core.store.erasure",
        "tui.screens.template_picker",
        "tui.screens.report",
    ]
    code = (
        "import sys\n"
        "import tui.cli\n"
        "tui.cli.build_parser()\n"
        "import tui.app\n"
        f"print(sorted(m for m in {later!r} if m in sys.modules))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=REPO
    )
    assert result.stdout.strip() == "[]"


def test_the_command_line_starting_the_app_loads_no_subcommand(tmp_path: Path) -> None:
    """The way `timedialog` starts the app, up to `App.run`: no subcommand's module is loaded,
    nor what only a later step needs (bench/startup.py times this start)."""
    later = [
        "tinydb",  # reading the inbox needs no TinyDB, only a change does
        "tui.cli.archive",
        "tui.cli.config",
        "tui.cli.deadline",
        "tui.cli.demo",
        "tui.cli.fee",
        "tui.cli.importing",
        "tui.cli.init",
        "tui.cli.language",
        "tui.cli.listing",
        "tui.cli.purge",
        "tui.cli.report",
        "tui.core.rules.classify",
        "tui.core.rules.intents",
        "tui.core.rules.language",  # the classifier's and the urgent words' reading of Norwegian
        "simplemma",  # its dictionaries load with the first message classified
        "tui.core.rules.learned",  # the learned layer's weights, read with the first message too
        "rapidfuzz",
        "tui.core.texts.clipboard",
        "tui.core.privacy.export",
        "tui.core.texts.filling",  # texts are filled when copied or picked
        "tui.core.texts.replies",
        "tui.core.privacy.retention",
        "tui.core.store.summary",
        "tui.keymap",  # checks remapped keys: the example configuration has none
        "tui.cli.serve",
        "tui.cli.text",
    ]
    database = tmp_path / "inbox.json"
    Store(database).prepare()  # a named database must exist (or the app asks first)
    code = (
        "import sys\n"
        "import textual.app\n"
        "textual.app.App.run = lambda self, *args, **kwargs: None  # up to the first frame\n"
        "import tui.cli\n"
        f"assert tui.cli.main(['--db', {str(database)!r}, '--user', 'test']) == 0\n"
        f"print(sorted(m for m in {later!r} if m in sys.modules))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=REPO
    )
    assert result.stdout.strip() == "[]"


def test_the_demo_starts_without_the_language_data() -> None:
    """`--demo` fills a fresh inbox before the first frame with the suggestions kept in
    data/demo-analyses.json, so no dictionary loads at start-up."""
    code = (
        "import sys\n"
        "import textual.app\n"
        "textual.app.App.run = lambda self, *args, **kwargs: None  # up to the first frame\n"
        "import tui.cli\n"
        "assert tui.cli.main(['--demo', '--user', 'test']) == 0\n"
        "print(sorted(m for m in ('simplemma', 'tui.core.rules.language', 'tui.core.rules.learned')"
        " if m in sys.modules))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=REPO
    )
    assert result.stdout.strip() == "[]"
