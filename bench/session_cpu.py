"""What one clerk's session costs the host's CPU: idle, per live update and per key press.

With a hundred sessions on one host, these three figures decide how much of the cores the
sessions leave for the key a clerk has just pressed (`bench/sessions.py` measures that
latency itself). One session is started as clerks start it (the installed `timedialog`, on a
pseudo-terminal of 80x24) on an inbox of N open messages filled through `timedialog import`,
then:

- **idle**: once its start-up work is done, its CPU time over `--idle` seconds, per second;
- **live update**: one new message imported by another process (this one, through
  `Importer`, as `timedialog import` does) every `--every` seconds; the session's CPU time in
  each interval less the idle rate: the median and p90 over the writes;
- **key press**: `j` and `k` in turn every `--every` seconds, each moving the cursor to another
  message (a new message in the detail pane); the same subtraction, median and p90.

CPU time is read from `/proc/PID/task/*/schedstat` (nanoseconds, every thread of the session).
`--timedialog PATH` measures another build's command (another checkout's `.venv/bin/timedialog`)
on the same inbox, for a before-and-after; `--db URL` a server (a new, empty database;
`TIMEDIALOG_CONFIG` names the department, as for `bench/sessions.py`).

Run: .venv/bin/python bench/session_cpu.py [--messages 1000] [--writes 20] [--keys 40]
         [--db PATH_OR_URL] [--timedialog PATH]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.helsenorge_files import generate, message_text
from bench.ptyrun import PtySession
from bench.sessions import as_user, percentile

TIMEDIALOG = Path(sys.executable).parent / "timedialog"
SETTLED_MS_PER_S = 10.0
"""Under this much CPU a second the session's start-up work counts as done."""


def cpu_ns(pid: int) -> int:
    """CPU time of every thread of process `pid` so far, in nanoseconds."""
    total = 0
    for task in Path(f"/proc/{pid}/task").iterdir():
        try:
            total += int((task / "schedstat").read_text().split()[0])
        except (OSError, IndexError, ValueError):
            continue  # a thread that ended meanwhile
    return total


def fill(db: str, messages: int, env: dict[str, str]) -> None:
    """Make the database and import `messages` generated files sent over the last three days."""
    with tempfile.TemporaryDirectory(prefix="timedialog-cpu-fill-") as folder:
        now = datetime.now(UTC)
        step = (timedelta(days=3) - timedelta(hours=1)) / max(1, messages)
        generate(Path(folder), messages, start=now - timedelta(days=3), step=step, label="fill")
        for command in (["init"], ["import", folder]):
            subprocess.run(
                [str(TIMEDIALOG), "--db", db, *as_user(db, "bench"), *command],
                env=env,
                capture_output=True,
                timeout=600,
                check=command != ["init"],  # an existing database is left as it is
            )


def read_for(session: PtySession, seconds: float) -> float:
    """Read the session's output for `seconds` (so it never blocks on a full pty); seconds read."""
    began = time.perf_counter()
    while (left := seconds - (time.perf_counter() - began)) > 0:
        session.read_quiet(min(0.05, left), timeout=left)
    return time.perf_counter() - began


def cpu_per_second(session: PtySession, seconds: float) -> float:
    """The session's CPU milliseconds a second over the next `seconds`."""
    before = cpu_ns(session.process.pid)
    spent = read_for(session, seconds)
    return (cpu_ns(session.process.pid) - before) / 1e6 / spent


def per_event(
    session: PtySession, idle_per_s: float, events: int, every: float, act: Callable[[int], None]
) -> list[float]:
    """The session's CPU milliseconds for each of `events` actions, less its idle rate."""
    pid = session.process.pid
    costs = []
    for number in range(1, events + 1):
        before, began = cpu_ns(pid), time.perf_counter()
        act(number)
        read_for(session, every - (time.perf_counter() - began))
        spent = time.perf_counter() - began
        costs.append((cpu_ns(pid) - before) / 1e6 - idle_per_s * spent)
    return costs


def main(argv: list[str] | None = None) -> int:
    """Measure one session and print its three figures."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--messages", type=int, default=1000)
    parser.add_argument("--writes", type=int, default=20)
    parser.add_argument("--keys", type=int, default=40)
    parser.add_argument("--every", type=float, default=1.0, help="seconds between events")
    parser.add_argument("--idle", type=float, default=8.0, help="seconds idle measured")
    parser.add_argument("--db", help="a new database (file or URL); default a temporary file")
    parser.add_argument("--timedialog", type=Path, help="the command to measure")
    args = parser.parse_args(argv)
    command = args.timedialog or TIMEDIALOG

    with tempfile.TemporaryDirectory(prefix="timedialog-cpu-") as folder:
        db = args.db or str(Path(folder) / "db" / "inbox.json")
        if not args.db:
            Path(db).parent.mkdir(mode=0o700)
        env = {**os.environ, "LANGUAGE": "nb"}
        fill(db, args.messages, env)

        from tui import cli
        from tui.cli.common import open_inbox
        from tui.core.config.config import load_config
        from tui.core.helsenorge.importer import Importer

        options = cli.parse_arguments(["--db", db, *as_user(db, "bench-writer"), "import", "-"])
        importer = Importer(open_inbox(options, load_config(options.config)))

        argv = [str(command), "--db", db, *as_user(db, "bench-clerk")]
        session = PtySession(argv, size=(80, 24), env={**env, "TERM": "xterm-256color"})
        try:
            session.read_until(" åpne".encode(), timeout=120)
            deadline = time.perf_counter() + 120
            while cpu_per_second(session, 2.0) > SETTLED_MS_PER_S:
                if time.perf_counter() > deadline:
                    print("the session did not settle within 120 s; measuring anyway")
                    break
            idle_ms = cpu_per_second(session, args.idle)

            writes = Path(folder) / "writes"
            writes.mkdir()
            label = f"cpu-{os.getpid()}"

            def write(number: int) -> None:
                path = writes / f"write-{number:04d}.xml"
                path.write_text(message_text(number, datetime.now(UTC), label=label))
                importer.import_paths([path])

            updates = per_event(session, idle_ms, args.writes, args.every, write)
            keys = per_event(
                session,
                idle_ms,
                args.keys,
                args.every,
                lambda n: session.send(b"j" if n % 2 else b"k"),
            )
        finally:
            session.close()

    print(f"one session, {args.messages} open messages, 80x24, {command}")
    print(f"  idle:        {idle_ms:.2f} ms of CPU a second")
    for name, costs in (("live update", updates), ("key press", keys)):
        print(
            f"  {name + ':':12} median {statistics.median(costs):.2f} ms, "
            f"p90 {percentile(costs, 90):.2f} ms of CPU ({len(costs)} events)"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
