"""Run a terminal program in a pseudo-terminal: time it until a text appears, or drive it.

`run_until` times a start-up. `PtySession` types keys and counts the bytes the program
writes in answer (bench/bytes.py).
"""

from __future__ import annotations

import fcntl
import os
import select
import signal
import struct
import subprocess
import termios
import time
from dataclasses import dataclass


@dataclass(frozen=True)
class PtyRun:
    """How long it took until `marker` was written, and every byte written until then."""

    seconds: float
    output: bytes


def _open(
    argv: list[str], size: tuple[int, int], env: dict[str, str] | None
) -> tuple[int, subprocess.Popen[bytes]]:
    master, slave = os.openpty()
    columns, rows = size
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
    environment = {**os.environ, "TERM": "xterm-256color", "COLUMNS": "", "LINES": ""}
    # An installed package runs from compiled bytecode; measure that, not recompilation.
    environment.pop("PYTHONDONTWRITEBYTECODE", None)
    environment.update(env or {})
    process = subprocess.Popen(
        argv, stdin=slave, stdout=slave, stderr=slave, env=environment, start_new_session=True
    )
    os.close(slave)
    return master, process


class PtySession:
    """A program on a pseudo-terminal that the caller types into and reads from."""

    def __init__(
        self,
        argv: list[str],
        *,
        size: tuple[int, int] = (120, 40),
        env: dict[str, str] | None = None,
    ) -> None:
        self.master, self.process = _open(argv, size, env)
        self.output = bytearray()
        """Everything the program wrote so far."""

    def read_until(self, marker: bytes, timeout: float = 30.0) -> int:
        """Read until `marker` has been written; returns the bytes read by this call."""
        start = len(self.output)
        deadline = time.perf_counter() + timeout
        while marker not in self.output[start:]:
            if time.perf_counter() > deadline:
                raise TimeoutError(f"{marker!r} did not appear within {timeout} s")
            self._read(0.5)
        return len(self.output) - start

    def read_quiet(self, quiet: float = 0.3, timeout: float = 30.0) -> int:
        """Read until the program has written nothing for `quiet` seconds; returns the bytes."""
        start = len(self.output)
        deadline = time.perf_counter() + timeout
        while time.perf_counter() < deadline and self._read(quiet):
            pass
        return len(self.output) - start

    def read_answer(self, wait: float = 10.0, quiet: float = 0.5) -> int:
        """Wait up to `wait` seconds for output, then read until it is quiet; the bytes read."""
        start = len(self.output)
        deadline = time.perf_counter() + wait
        while len(self.output) == start and time.perf_counter() < deadline:
            self._read(0.1)
        if len(self.output) == start:
            return 0
        return len(self.output) - start + self.read_quiet(quiet)

    def send(self, keys: bytes) -> None:
        """Type `keys` (raw bytes, as the terminal would send them)."""
        os.write(self.master, keys)

    def _read(self, wait: float) -> bool:
        ready, _, _ = select.select([self.master], [], [], wait)
        if not ready:
            return False
        try:
            self.output += os.read(self.master, 65536)
        except OSError:
            return False
        return True

    def close(self) -> None:
        """Stop the program and its children."""
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait()
        os.close(self.master)


def run_until(
    argv: list[str],
    marker: bytes,
    *,
    size: tuple[int, int] = (120, 40),
    env: dict[str, str] | None = None,
    timeout: float = 30.0,
) -> PtyRun:
    """Start `argv` on a new pseudo-terminal of `size` (columns, rows); stop at `marker`."""
    started = time.perf_counter()
    master, process = _open(argv, size, env)
    output = bytearray()
    try:
        while marker not in output:
            if time.perf_counter() - started > timeout:
                raise TimeoutError(f"{marker!r} did not appear within {timeout} s")
            ready, _, _ = select.select([master], [], [], 0.5)
            if ready:
                try:
                    output += os.read(master, 65536)
                except OSError:
                    break
        elapsed = time.perf_counter() - started
    finally:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        os.close(master)
    return PtyRun(elapsed, bytes(output))
