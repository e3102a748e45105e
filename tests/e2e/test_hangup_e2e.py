"""A dropped SSH session (SIGHUP) in a real terminal: claim released, nothing half written."""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.conftest import REPO
from tests.helpers.terminal import alive
from tui.core.config.config import load_config
from tui.core.store.store import Store
from tui.core.workflow.demo import demo_messages
from tui.core.workflow.inbox import Inbox

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed"),
]
CONFIG = REPO / "data" / "config.example.toml"


def wait_for(condition: Callable[[], bool], what: str) -> None:
    deadline = time.monotonic() + 20
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.1)


@pytest.fixture
def tmux(tmp_path: Path) -> Iterator[Callable[..., str]]:
    """Run tmux commands on a private server that is gone after the test."""
    socket = f"timedialog-test-{os.getpid()}"

    def run(*args: str) -> str:
        result = subprocess.run(
            ["tmux", "-L", socket, "-f", "/dev/null", *args],
            capture_output=True,
            text=True,
            check=False,
        )
        return result.stdout

    yield run
    run("kill-server")


def test_sighup_releases_the_claim_and_leaves_a_whole_file(
    tmp_path: Path, tmux: Callable[..., str]
) -> None:
    path = tmp_path / "inbox.json"
    inbox = Inbox(Store(path), load_config(CONFIG), "kari")
    inbox.store.add(demo_messages(inbox))
    first = inbox.messages()[0].id
    timedialog = REPO / ".venv" / "bin" / "timedialog"
    command = f"exec {timedialog} --config {CONFIG} --db {path} --user kari"
    tmux("new-session", "-d", "-s", "clerk", "-x", "120", "-y", "40", command)
    pid = int(tmux("display-message", "-p", "-t", "clerk", "#{pane_pid}"))
    wait_for(lambda: "åpne" in tmux("capture-pane", "-p", "-t", "clerk"), "the inbox")

    tmux("send-keys", "-t", "clerk", "Enter")
    wait_for(lambda: Store(path).get(first).claimed_by == "kari", "the claim")

    tmux("kill-session", "-t", "clerk")  # the terminal goes away: SIGHUP
    wait_for(lambda: not alive(pid), "timedialog to exit")

    message = Store(path).get(first)
    assert message.claimed_by == ""
    assert [e.action for e in message.history][-2:] == ["claimed", "released"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["inbox-backups", "inbox.json"]
