"""Drive a real terminal for end-to-end tests: a private tmux server per test."""

from __future__ import annotations

import os
import shutil
import subprocess
import time
import uuid
from collections.abc import Callable
from pathlib import Path

import pytest


def wait_for(
    condition: Callable[[], bool],
    timeout: float = 15.0,
    what: str = "",
    context: Callable[[], str] | None = None,
) -> None:
    """Poll `condition` until it holds; fail with `what` after `timeout` seconds.

    `context` says what the failure message should show besides (the screen, say), asked for
    only when the wait fails.
    """
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.05)
    shown = f"; then:\n{context()}" if context is not None else ""
    raise AssertionError(f"timed out after {timeout} s waiting for {what}{shown}")


def threads_of(pid: int) -> str:
    """Each thread of process `pid`: its state and the kernel call it waits in (a lock, say)."""
    lines = []
    for task in sorted(Path(f"/proc/{pid}/task").glob("*")):
        try:
            state = (task / "stat").read_text().rsplit(")", 1)[1].split()[0]
            wchan = (task / "wchan").read_text() or "-"
        except OSError:
            continue
        lines.append(f"thread {task.name}: state {state}, waiting in {wchan}")
    return "\n".join(lines) or f"process {pid} is gone"


def alive(pid: int) -> bool:
    """True while process `pid` runs (a zombie has exited; only its parent has not reaped it)."""
    try:
        os.kill(pid, 0)
        with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
            return stat.read().rsplit(") ", 1)[1][0] != "Z"
    except (ProcessLookupError, FileNotFoundError):
        return False


def installed_command() -> str:
    """The installed `timedialog` console script next to the running Python."""
    candidate = Path(os.sys.executable).parent / "timedialog"
    found = str(candidate) if candidate.exists() else shutil.which("timedialog")
    if not found:
        pytest.fail("the timedialog command is not installed (pip install -e .)")
    return found


class Tmux:
    """One tmux server on its own socket, with OSC 52 copying turned on."""

    def __init__(self, tmp_path: Path, width: int = 80, height: int = 24) -> None:
        if shutil.which("tmux") is None:
            pytest.fail("tmux is missing: tests/run installs it")
        self.socket = f"timedialog-test-{uuid.uuid4().hex[:8]}"
        self.config = tmp_path / "tmux.conf"
        self.config.write_text(
            "set -g set-clipboard on\nset -g escape-time 0\nset -g history-limit 100\n",
            encoding="utf-8",
        )
        self.width = width
        self.height = height

    def run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            ["tmux", "-L", self.socket, "-f", str(self.config), *args],
            capture_output=True,
            text=True,
            check=check,
            stdin=subprocess.DEVNULL,
        )

    def start(self, command: str, env: dict[str, str] | None = None) -> None:
        """Start `command` in a detached session of the configured size."""
        exports = " ".join(f"{key}={value}" for key, value in (env or {}).items())
        self.run(
            "new-session",
            "-d",
            "-x",
            str(self.width),
            "-y",
            str(self.height),
            f"env {exports} {command}; sleep 30",
        )

    def screen(self) -> str:
        return self.run("capture-pane", "-p").stdout

    def footer(self) -> str:
        """The screen's last line: the keys of the view in front."""
        return self.screen().rstrip("\n").splitlines()[-1]

    def keys(self, *keys: str) -> None:
        for key in keys:
            self.run("send-keys", key)

    def buffer(self) -> str:
        result = self.run("show-buffer", check=False)
        return result.stdout if result.returncode == 0 else ""

    def wait_for_screen(self, text: str, timeout: float = 15.0) -> str:
        """Wait until `text` is on the screen, and return the screen; a failure shows it."""
        wait_for(lambda: text in self.screen(), timeout, f"{text!r} on screen", self.screen)
        return self.screen()

    def kill(self) -> None:
        self.run("kill-server", check=False)


def faked_clock(faketime: str) -> tuple[str, ...]:
    """The command prefix that runs a program on a faked clock (libfaketime's `FAKETIME`).

    `"@2026-12-02 09:00:00"` starts the clock there; `"+120"` puts it 120 s ahead. The library
    is preloaded directly rather than through the `faketime` wrapper: the wrapper names a
    semaphore after its own process id and leaves it behind when it is killed, so a later
    wrapper given the same id fails to start ("sem_open: File exists").
    """
    found = sorted(Path("/usr/lib").glob("*/faketime/libfaketime.so.1"))
    if not found:
        pytest.fail("libfaketime is missing: tests/run installs it (the faketime package)")
    return ("env", f"LD_PRELOAD={found[0]}", f"FAKETIME={faketime}")
