"""The pure parts of bench/session_cpu.py: reading CPU time and taking the idle rate off.

No timings are asserted: the benchmark prints figures, it does not judge them.
"""

from __future__ import annotations

import os
import time
from types import SimpleNamespace

from bench.session_cpu import cpu_ns, per_event


class QuietSession:
    """Stands in for a session on a pty: this process, which writes nothing."""

    process = SimpleNamespace(pid=os.getpid())

    def read_quiet(self, quiet: float, timeout: float) -> int:
        time.sleep(min(quiet, timeout))
        return 0


def test_cpu_time_grows_with_work() -> None:
    before = cpu_ns(os.getpid())
    assert before > 0
    # The kernel brings a running thread's figure up to date at its next scheduling event, so
    # work until it has moved (at most two seconds of it) rather than for a set amount.
    deadline = time.monotonic() + 2.0
    while cpu_ns(os.getpid()) == before and time.monotonic() < deadline:
        sum(range(100_000))
    assert cpu_ns(os.getpid()) > before


def test_each_event_is_counted_apart_and_the_idle_rate_taken_off() -> None:
    acted: list[int] = []
    costs = per_event(QuietSession(), 1000.0, 3, 0.05, acted.append)  # type: ignore[arg-type]
    assert acted == [1, 2, 3]
    assert len(costs) == 3
    # An idle rate of a whole core a second is taken off each 50 ms: far more than it used.
    assert all(cost < -40 for cost in costs)
