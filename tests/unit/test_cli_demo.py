"""`timedialog demo --db PATH`: one demo inbox several sessions can share."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from tui.cli import main
from tui.core.config.config import load_config
from tui.core.store.store import Store
from tui.core.workflow.demo import demo_inbox_path
from tui.core.workflow.inbox import Inbox


def demo_count() -> int:
    return demo_inbox_path().read_text(encoding="utf-8").count("[[message]]")


def test_demo_fills_the_given_database_once(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "shared" / "inbox.json"
    path.parent.mkdir()
    assert main(["demo", "--db", str(path)]) == 0
    assert f"{demo_count()} demo-meldinger" in capsys.readouterr().out
    messages = Inbox(Store(path), load_config(), "kari").messages()
    assert len(messages) == demo_count()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600

    assert main(["--db", str(path), "demo"]) == 0  # again: nothing doubled
    assert f"0 demo-meldinger lagt inn i {path} ({demo_count()} fantes" in capsys.readouterr().out
    assert len(Store(path).messages()) == demo_count()


def test_demo_never_goes_into_the_inbox_in_force(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    real = tmp_path / "inbox.json"
    monkeypatch.setenv("TIMEDIALOG_DB", str(real))
    assert main(["demo"]) == 2
    assert "--db" in capsys.readouterr().err
    assert not real.exists()
