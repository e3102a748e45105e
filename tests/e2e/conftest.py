"""What the end-to-end tests share: a private tmux server for the installed command."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.helpers.terminal import Tmux


@pytest.fixture
def tmux(tmp_path: Path) -> Iterator[Tmux]:
    """A private tmux server, killed after the test."""
    terminal = Tmux(tmp_path)
    yield terminal
    terminal.kill()
