"""What the live view costs: the watcher's CPU time when idle, and how fast it sees a change.

A second process changes the database 20 times, half a second apart; the watcher (the same
code the app runs in its thread) notes when it sees each change. Also measured: the CPU time
the process uses over 10 idle seconds while the watcher runs (its Python thread wakes every
200 ms to check whether it should stop; the inotify thread sleeps until the kernel reports).

Run: .venv/bin/python bench/live.py
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tui.core.store.watch import watch_database

REPO = Path(__file__).resolve().parent.parent
WRITES = 20
IDLE_SECONDS = 10.0

WRITER = """
import sys, time
from datetime import datetime, timedelta
from tui.core.model import OSLO, Message
from tui.core.store.store import Store
store = Store(sys.argv[1])
now = datetime.now(OSLO)
for number in range(int(sys.argv[2])):
    time.sleep(0.5)
    store.add([Message(id=f"m{number}", received=now, deadline=(now + timedelta(days=4)).date(),
                       department="ORT", text="Flytte timen?")])
    print(time.time(), flush=True)
"""


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="timedialog-live-") as folder:
        path = Path(folder) / "inbox.json"
        stop = threading.Event()
        seen: list[float] = []

        def watch() -> None:
            for _change in watch_database(path, stop):
                seen.append(time.time())

        watcher = threading.Thread(target=watch, daemon=True)
        watcher.start()
        time.sleep(1.0)

        # The whole process's CPU time; the main thread only sleeps meanwhile.
        started = time.process_time()
        time.sleep(IDLE_SECONDS)
        idle_ms = (time.process_time() - started) * 1000

        result = subprocess.run(
            [sys.executable, "-c", WRITER, str(path), str(WRITES)],
            cwd=REPO,
            capture_output=True,
            text=True,
            check=True,
        )
        time.sleep(1.5)
        stop.set()
        watcher.join(timeout=5)
        written = [float(line) for line in result.stdout.split()]
        delays = []
        for moment in written:
            later = [t for t in seen if t >= moment]
            if later:
                delays.append((later[0] - moment) * 1000)
    print(
        f"watcher CPU time over {IDLE_SECONDS:.0f} idle seconds: {idle_ms:.1f} ms "
        f"({idle_ms / IDLE_SECONDS / 10:.3f} % of one core)"
    )
    print(
        f"changes seen: {len(delays)} of {len(written)}; median delay from the write "
        f"returning in another process to the watcher noticing: "
        f"{statistics.median(delays):.0f} ms (max {max(delays):.0f} ms)"
    )


if __name__ == "__main__":
    main()
