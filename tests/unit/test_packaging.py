"""Every library the package imports is declared, and the wheel carries no developer tool."""

from __future__ import annotations

import ast
import importlib.metadata
import re
import sys
import tomllib

from tests.conftest import REPO

PYPROJECT = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))


def imported_top_level(folder: str) -> set[str]:
    """The top-level names of the third-party modules imported anywhere under `folder`."""
    names: set[str] = set()
    for path in (REPO / folder).rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                names.add(node.module.split(".")[0])
    return {name for name in names if name not in sys.stdlib_module_names and name != "tui"}


def requirement_name(requirement: str) -> str:
    name = re.split(r"[\s<>=!~;\[]", requirement, maxsplit=1)[0]
    return name.lower().replace("_", "-")


def declared(*extras: str) -> set[str]:
    project = PYPROJECT["project"]
    requirements = list(project["dependencies"])
    for extra in extras:
        requirements += project["optional-dependencies"][extra]
    return {requirement_name(requirement) for requirement in requirements}


def test_every_library_the_package_imports_is_a_declared_dependency() -> None:
    distributions = importlib.metadata.packages_distributions()
    serve_only = {"aiohttp", "jinja2", "textual_serve"}  # tui/cli/web_server.py alone
    postgres_only = {"psycopg"}  # tui/core/store/postgres/ alone
    for module in sorted(imported_top_level("tui")):
        names = {name.lower().replace("_", "-") for name in distributions[module]}
        allowed = declared("serve") if module in serve_only else declared()
        if module in postgres_only:
            allowed = declared("postgres")
        assert names & allowed, f"{module} is imported but not declared ({sorted(names)})"


def test_serve_is_an_extra_and_imported_by_the_web_server_only() -> None:
    assert "textual-serve" not in declared()
    assert {"textual-serve", "aiohttp", "jinja2"} <= declared("serve")
    for path in (REPO / "tui").rglob("*.py"):
        if path.name == "web_server.py":
            continue
        source = path.read_text(encoding="utf-8")
        assert not re.search(r"^\s*(from|import) (aiohttp|jinja2|textual_serve)", source, re.M)


def test_postgres_is_an_extra_and_imported_by_its_store_only() -> None:
    """The file store needs no driver: psycopg is imported in tui/core/store/postgres/ only."""
    assert "psycopg" not in declared()
    assert "psycopg" in declared("postgres")
    store = REPO / "tui" / "core" / "store" / "postgres"
    for path in (REPO / "tui").rglob("*.py"):
        if path.is_relative_to(store):
            continue
        source = path.read_text(encoding="utf-8")
        assert not re.search(r"^\s*(from|import) psycopg", source, re.M), path


def test_the_wheel_has_no_developer_tool() -> None:
    """Babel is a test tool: the catalogue tool lives in tools/, outside the package."""
    assert PYPROJECT["tool"]["hatch"]["build"]["targets"]["wheel"]["packages"] == ["tui"]
    assert "babel" not in imported_top_level("tui")
    assert "babel" in declared("test")
