"""The served app in a real browser: Debian's headless Chromium at 1280x800.

The browser must show what the terminal shows: the inbox, the detail pane and the footer's
keys (the footer used to stay empty: Textual's web driver starts the app without the focus,
and Textual's footer and auto-focus wait for it). Keys typed into the page reach the app
without a mouse click: `j` moves the cursor, `c` puts the suggested reply on the browser's
clipboard (OSC 52, through xterm.js). The page asks nothing of any host but the server.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.e2e.test_serve import Served, start_server, stop_server
from tests.helpers.browser import browser_page
from tui.core.labels import category_short
from tui.core.model import Category
from tui.core.texts.library import TextLibrary

pytestmark = pytest.mark.e2e


@pytest.fixture
def served(tmp_path: Path) -> Iterator[Served]:
    running = start_server(tmp_path)
    try:
        yield running
    finally:
        stop_server(running)


def cursor_row(rows: list[str]) -> int:
    """The inbox row the cursor is on (it starts with `>`)."""
    (found,) = [index for index, row in enumerate(rows) if row.startswith(">")]
    return found


def category_of(row: str) -> Category:
    return next(c for c in Category if f" {category_short(c)}" in row)


def test_the_browser_shows_the_inbox_and_the_keys_and_j_and_c_work(
    served: Served, tmp_path: Path
) -> None:
    library = TextLibrary.load()

    async def session() -> None:
        async with browser_page(served.page, origin=served.base) as page:
            rows = await page.wait_for_screen("q Avslutt")
            await page.screenshot(tmp_path / "served.png")
            footer = rows[-1]
            for key in ("c Kopier", "b Besvart", "/ Søk", "? Hjelp", "q Avslutt"):
                assert key in footer
            assert any("åpne" in row and "forfalt (!!)" in row for row in rows[:2])
            assert any("Svarforslag (c)" in row for row in rows)  # the detail pane
            start = cursor_row(rows)

            await page.type("j")
            moved = start
            for _attempt in range(50):
                rows = await page.screen()
                moved = cursor_row(rows)
                if moved != start:
                    break
                await asyncio.sleep(0.1)
            assert moved == start + 1
            expected = library.for_category(category_of(rows[moved]))
            assert expected is not None

            await page.type("c")
            await page.wait_for_screen("Kopiert")
            copied = await page.evaluate("navigator.clipboard.readText()")
            assert copied == expected.body

            server = urlsplit(served.base).netloc
            assert page.requests
            assert {urlsplit(url).netloc for url in page.requests} == {server}
            assert not [line for line in page.console if "Content Security Policy" in line]

    asyncio.run(session())
