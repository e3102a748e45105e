"""A dropped SSH session (SIGHUP) in a real terminal: claim released, nothing half written."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.conftest import REPO
from tests.helpers.terminal import Tmux, alive, wait_for
from tui.core.config.config import load_config
from tui.core.store.store import Store
from tui.core.workflow.demo import demo_messages
from tui.core.workflow.inbox import Inbox

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed"),
]
CONFIG = REPO / "data" / "config.example.toml"


def test_sighup_releases_the_claim_and_leaves_a_whole_file(tmp_path: Path, tmux: Tmux) -> None:
    path = tmp_path / "avdeling" / "inbox.json"  # beside tmux.conf in tmp_path
    inbox = Inbox(Store(path), load_config(CONFIG), "kari")
    inbox.store.add(demo_messages(inbox))
    first = inbox.messages()[0].id
    timedialog = REPO / ".venv" / "bin" / "timedialog"
    command = f"exec {timedialog} --config {CONFIG} --db {path} --user kari"
    tmux.run("new-session", "-d", "-s", "clerk", "-x", "120", "-y", "40", command)
    pid = int(tmux.run("display-message", "-p", "-t", "clerk", "#{pane_pid}").stdout)
    wait_for(
        lambda: "åpne" in tmux.run("capture-pane", "-p", "-t", "clerk").stdout, 20, "the inbox"
    )

    tmux.run("send-keys", "-t", "clerk", "Enter")
    wait_for(lambda: Store(path).get(first).claimed_by == "kari", 20, "the claim")

    tmux.run("kill-session", "-t", "clerk")  # the terminal goes away: SIGHUP
    wait_for(lambda: not alive(pid), 20, "timedialog to exit")

    message = Store(path).get(first)
    assert message.claimed_by == ""
    assert [e.action for e in message.history][-2:] == ["claimed", "released"]
    names = sorted(p.name for p in path.parent.iterdir())
    assert names == ["inbox-backups", "inbox.json", "inbox.json.journal"]
