"""The import contracts in pyproject.toml hold, and fail on a tree that breaks them.

`lint-imports` (tests/run) checks the real tree; here the same contracts are run on copies of
the tree's shape with one bad import added, to show that they notice it.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO

LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def lint_imports(root: Path) -> subprocess.CompletedProcess[str]:
    """Run the project's contracts on the `tui` package found first in `root`."""
    environment = {**os.environ, "PYTHONPATH": str(root)}
    return subprocess.run(
        [str(LINT_IMPORTS), "--config", str(REPO / "pyproject.toml"), "--no-cache"],
        capture_output=True,
        text=True,
        cwd=root,
        env=environment,
        check=False,
    )


@pytest.fixture
def empty_tree(tmp_path: Path) -> Path:
    """The real tree's packages and modules, every module empty: no import at all."""
    for path in (REPO / "tui").rglob("*.py"):
        copy = tmp_path / path.relative_to(REPO)
        copy.parent.mkdir(parents=True, exist_ok=True)
        copy.touch()
    return tmp_path


def add_import(tree: Path, module: str, imported: str, *, deferred: bool = False) -> None:
    path = tree / (module.replace(".", "/") + ".py")
    line = f"import {imported}\n"
    path.write_text(f"def later() -> None:\n    {line}" if deferred else line, encoding="utf-8")


def test_the_real_tree_keeps_every_contract() -> None:
    result = lint_imports(REPO)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def test_a_tree_without_imports_keeps_them(empty_tree: Path) -> None:
    result = lint_imports(empty_tree)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize(
    ("module", "imported", "contract"),
    [
        ("tui.core.store.store", "tui.core.workflow.inbox", "The core's concerns"),
        ("tui.core.model", "tui.core.rules.fee", "The core's concerns"),
        ("tui.widgets.message_detail", "tui.app", "The layers"),
        ("tui.screens.inbox", "tui.cli.dispatch", "The layers"),
        ("tui.core.rules.fee", "textual.app", "never imports Textual"),
    ],
)
def test_an_upward_import_breaks_a_contract(
    empty_tree: Path, module: str, imported: str, contract: str
) -> None:
    add_import(empty_tree, module, imported)
    result = lint_imports(empty_tree)
    assert result.returncode == 1
    broken = result.stdout.split("Broken contracts")[1]
    assert contract in broken
    assert module in broken


@pytest.mark.parametrize("deferred", [False, True], ids=["at the top", "inside a function"])
def test_a_cycle_breaks_the_contract_even_when_one_import_is_deferred(
    empty_tree: Path, deferred: bool
) -> None:
    add_import(empty_tree, "tui.core.rules.fee", "tui.core.rules.workdays")
    add_import(empty_tree, "tui.core.rules.workdays", "tui.core.rules.fee", deferred=deferred)
    result = lint_imports(empty_tree)
    assert result.returncode == 1
    broken = result.stdout.split("Broken contracts")[1]
    assert "No import cycles" in broken
    assert "tui.core.rules" in broken


def test_a_new_module_outside_every_layer_breaks_the_contract(empty_tree: Path) -> None:
    (empty_tree / "tui" / "core" / "newcomer.py").touch()
    result = lint_imports(empty_tree)
    assert result.returncode == 1
    assert "tui.core.newcomer" in result.stdout.split("Broken contracts")[1]
