"""Run a terminal program in a pseudo-terminal and time it until a text appears on screen."""

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


def run_until(
    argv: list[str],
    marker: bytes,
    *,
    size: tuple[int, int] = (120, 40),
    env: dict[str, str] | None = None,
    timeout: float = 30.0,
) -> PtyRun:
    """Start `argv` on a new pseudo-terminal of `size` (columns, rows); stop at `marker`."""
    master, slave = os.openpty()
    columns, rows = size
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
    environment = {**os.environ, "TERM": "xterm-256color", "COLUMNS": "", "LINES": ""}
    # An installed package runs from compiled bytecode; measure that, not recompilation.
    environment.pop("PYTHONDONTWRITEBYTECODE", None)
    environment.update(env or {})
    started = time.perf_counter()
    process = subprocess.Popen(
        argv, stdin=slave, stdout=slave, stderr=slave, env=environment, start_new_session=True
    )
    os.close(slave)
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
