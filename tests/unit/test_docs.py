"""The docs stay true: the configuration reference is up to date, links lead somewhere,
the README stays a landing page."""

from __future__ import annotations

import re
from pathlib import Path

from tests.conftest import REPO
from tui import config_reference
from tui.core.config import config
from tui.core.settings import READER

README = REPO / "README.md"
PAGES = [README, REPO / "bench" / "README.md", *sorted((REPO / "docs").glob("*.md"))]
README_LIMIT = 25_000
"""Bytes: the README is the landing page; manuals live in docs/."""

LINK = re.compile(r"\[[^\]]*\]\(([^)\s]+)\)")
FENCE = re.compile(r"^(```|~~~).*?^\1", re.MULTILINE | re.DOTALL)
CODE = re.compile(r"`[^`\n]*`")


def test_the_configuration_reference_is_up_to_date() -> None:
    written = (REPO / "docs" / "configuration.md").read_text(encoding="utf-8")
    assert written == config_reference.render(), (
        "docs/configuration.md is out of date; run: " + config_reference.REGENERATE
    )


def test_the_reference_has_every_table_and_key() -> None:
    reference = config_reference.render()
    for table in config._TABLES:
        title = "[[departments]]" if table == "departments" else f"[{table}]"
        assert f"## `{title}`" in reference, table
    for _title, cls in config_reference.tables():
        for field in cls.__dataclass_fields__.values():
            if READER in field.metadata:
                assert f"| `{field.name}` |" in reference, f"{cls.__name__}.{field.name}"


def test_the_readme_is_a_landing_page() -> None:
    text = README.read_text(encoding="utf-8")
    assert len(text.encode()) < README_LIMIT
    assert "## Quick start" in text
    # Figures live in bench/README.md with their date and commit, not in the README.
    assert not re.findall(r"\d\s?ms\b", text)


def headings(page: Path) -> set[str]:
    """The anchors GitHub makes for a page's headings."""
    anchors: set[str] = set()
    text = FENCE.sub("", page.read_text(encoding="utf-8"))
    for line in text.splitlines():
        if not line.startswith("#"):
            continue
        slug = re.sub(r"[^\w\- ]", "", line.lstrip("#").strip().lower()).replace(" ", "-")
        anchor, number = slug, 0
        while anchor in anchors:
            number += 1
            anchor = f"{slug}-{number}"
        anchors.add(anchor)
    return anchors


def broken_links(page: Path) -> list[str]:
    """Relative links of a Markdown page whose file (or heading) does not exist."""
    text = CODE.sub("", FENCE.sub("", page.read_text(encoding="utf-8")))
    broken = []
    for target in LINK.findall(text):
        if re.match(r"[a-z]+:", target):
            continue  # https:, mailto:
        path, _hash, anchor = target.partition("#")
        linked = (page.parent / path).resolve() if path else page
        if not linked.exists() or (
            anchor and linked.suffix == ".md" and anchor not in headings(linked)
        ):
            broken.append(target)
    return broken


def test_every_relative_link_leads_to_a_file_and_heading() -> None:
    assert len(PAGES) > 5
    broken = {str(page.relative_to(REPO)): broken_links(page) for page in PAGES}
    assert {page: links for page, links in broken.items() if links} == {}


def test_a_broken_link_is_found(tmp_path: Path) -> None:
    (tmp_path / "other.md").write_text("# Other\n\n## A heading `x`\n", encoding="utf-8")
    page = tmp_path / "page.md"
    page.write_text(
        "[ok](other.md#a-heading-x) [gone](missing.md#x) [bad anchor](other.md#nope) "
        "[web](https://example.org) `[code](missing.md)`\n\n## Here\n[self](#here)\n",
        encoding="utf-8",
    )
    assert broken_links(page) == ["missing.md#x", "other.md#nope"]
