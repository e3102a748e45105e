"""timedialog over a real SSH connection: time to the painted inbox, and the live view's delay.

Starts the throwaway sshd of the end-to-end tests (`tests/helpers/sshd.py`: 127.0.0.1, its own keys
and configuration) and prints:
- the median time from starting `ssh -tt ... timedialog` to the painted inbox, beside the same
  command started locally (the difference is the SSH login and transport);
- the median and 90th percentile delay from the start of a change saved by another process
  (lock, write, rename: a few ms) to the moment the changed row reaches the clerk's terminal
  through SSH (the issue allows 2 s).

Run: `.venv/bin/python bench/ssh.py [--runs N] [--changes N]` (needs /usr/sbin/sshd).
"""

from __future__ import annotations

import argparse
import os
import shlex
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.ptyrun import run_until
from tests.helpers.sshd import SshServer, start_ssh_server
from tui.core.config.config import load_config
from tui.core.model import Message
from tui.core.store.store import Store
from tui.core.workflow.demo import demo_messages
from tui.core.workflow.inbox import Inbox

MARKER = "åpne".encode()
TIMEDIALOG = str(Path(sys.executable).parent / "timedialog")


class Session:
    """An ssh client on a pseudo-terminal whose output is kept with the time it arrived."""

    def __init__(self, argv: list[str]) -> None:
        self.master, slave = os.openpty()
        environment = {**os.environ, "TERM": "xterm-256color"}
        self.process = subprocess.Popen(
            argv, stdin=slave, stdout=slave, stderr=slave, env=environment, start_new_session=True
        )
        os.close(slave)
        self.chunks: list[tuple[float, bytes]] = []
        self._lock = threading.Lock()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        while True:
            try:
                data = os.read(self.master, 65536)
            except OSError:
                return
            if not data:
                return
            with self._lock:
                self.chunks.append((time.perf_counter(), data))

    def first_seen(self, text: bytes, after: float, timeout: float = 10.0) -> float:
        """When `text` first arrived in output read after `after` (perf_counter seconds)."""
        deadline = time.perf_counter() + timeout
        while time.perf_counter() < deadline:
            with self._lock:
                for moment, data in self.chunks:
                    if moment >= after and text in data:
                        return moment
            time.sleep(0.005)
        raise TimeoutError(f"{text!r} did not arrive within {timeout} s")

    def close(self) -> None:
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait()
        os.close(self.master)


def ssh_argv(server: SshServer, remote: list[str]) -> list[str]:
    return shlex.split(server.ssh_command(shlex.join(remote)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--changes", type=int, default=20)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="timedialog-ssh-bench-") as folder:
        base = Path(folder)
        (base / "sshd").mkdir()
        server = start_ssh_server(base / "sshd")
        try:
            db = base / "inbox.json"
            inbox = Inbox(Store(db), load_config(), "bench")
            inbox.store.add(demo_messages(inbox))
            app = [TIMEDIALOG, "--db", str(db), "--user", "kari"]

            local = [run_until(app, MARKER, size=(80, 24)).seconds for _ in range(options.runs)]
            remote = [
                run_until(ssh_argv(server, app), MARKER, size=(80, 24)).seconds
                for _ in range(options.runs)
            ]
            print(f"painted inbox, median of {options.runs} runs at 80x24:")
            print(f"  local {statistics.median(local):.3f} s")
            print(f"  over SSH (login included) {statistics.median(remote):.3f} s")
            print(f"  SSH adds {statistics.median(remote) - statistics.median(local):.3f} s")

            session = Session(ssh_argv(server, app))
            try:
                session.first_seen(MARKER, 0.0, timeout=30.0)
                time.sleep(1.5)  # the watcher starts after the first frame
                first = inbox.messages()[0].id
                delays = []
                for number in range(options.changes):
                    subject = f"Endret nr {number:02d}"

                    def rename(message: Message, subject: str = subject) -> None:
                        message.subject = subject

                    started = time.perf_counter()
                    inbox.store.update(first, rename)
                    delays.append(session.first_seen(subject.encode(), started) - started)
                    time.sleep(0.5)
            finally:
                session.close()
            delays.sort()
            p90 = delays[min(len(delays) - 1, round(0.9 * (len(delays) - 1)))]
            print("a change saved by another process reaches the terminal over SSH after")
            print(
                f"  median {statistics.median(delays):.3f} s, p90 {p90:.3f} s, "
                f"max {delays[-1]:.3f} s ({options.changes} changes; allowed: 2 s)"
            )
        finally:
            server.stop()


if __name__ == "__main__":
    main()
