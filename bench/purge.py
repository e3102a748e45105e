"""What the retention purge costs: the first purge of a full archive, and the daily one after.

The app runs the purge at start and once a day, in a worker. It reads the hot file, every
archive file and every backup copy, and writes only the files that still hold patient data of
messages closed more than `retention_days` ago. Measured with 1 000 active messages, an
archive of N answered messages spread over the years, and five daily backups of the hot file
and of this year's archive (what five working days leave behind).

Run: .venv/bin/python bench/purge.py [--archived N ...] [--runs N]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from unittest.mock import patch

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.store import NOW, fill, realistic
from tui.core.config.config import load_config
from tui.core.privacy.retention import purge_expired
from tui.core.store.store import Store
from tui.core.workflow.demo import demo_messages
from tui.core.workflow.inbox import Inbox

REPO = Path(__file__).resolve().parent.parent


class Clock:
    """A clock the benchmark moves by hand."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


def build(folder: Path, archived: int) -> tuple[Inbox, Clock]:
    clock = Clock(NOW - timedelta(days=5))
    config = load_config(REPO / "data" / "config.example.toml")
    inbox = Inbox(Store(folder / "inbox.json", clock=clock), config, "bench", clock)
    # Done 40 days ago and earlier, over four years: all past the 30-day retention.
    fill(inbox, archived, archived_after_days=40, archive_years=4)
    templates = demo_messages(inbox)
    for day in range(5):  # five days of work: a daily copy of the hot file and the archive
        clock.now += timedelta(days=1)
        inbox.set_category("active-1", templates[day % len(templates)].category)
        late = realistic(templates[day], f"daily-{day}", NOW - timedelta(days=40), done=True)
        inbox.store.add([late])
        inbox.store.archive(lambda message: message.id.startswith("daily-"), lambda m: None)
    return inbox, clock


def timed(locked: Any, holds: list[float]) -> Any:
    """`Store._locked`, noting how long each hold lasted (other clerks wait that long)."""

    @contextmanager
    def timed_locked(store: Store) -> Iterator[None]:
        with locked(store):
            started = time.perf_counter()
            yield
            holds.append(time.perf_counter() - started)

    return timed_locked


def sizes(folder: Path) -> tuple[int, float]:
    files = [path for path in folder.rglob("*") if path.is_file()]
    return len(files), sum(path.stat().st_size for path in files) / 1e6


def run(archived: int, runs: int) -> None:
    with tempfile.TemporaryDirectory(prefix="timedialog-bench-") as name:
        folder = Path(name)
        inbox, _clock = build(folder, archived)
        count, megabytes = sizes(folder)
        holds: list[float] = []
        started = time.perf_counter()
        with patch.object(Store, "_locked", timed(Store._locked, holds)):
            first = purge_expired(inbox)
        first_seconds = time.perf_counter() - started
        starts = []  # an app starting: a fresh store reads every file once
        for _ in range(runs):
            store = Store(inbox.store.location, clock=inbox.clock)
            fresh = Inbox(store, inbox.config, "bench", inbox.clock)
            started = time.perf_counter()
            assert not purge_expired(fresh).anything
            starts.append(time.perf_counter() - started)
        daily = []  # the app running on: archive files found clean are not read again
        for _ in range(runs):
            started = time.perf_counter()
            assert not purge_expired(fresh).anything
            daily.append(time.perf_counter() - started)
        print(
            f"{archived:>7} archived ({count} files, {megabytes:.1f} MB): first purge "
            f"{first_seconds:.2f} s erasing {len(first.erased)} messages in "
            f"{len(first.erasure.files)} files (lock held {len(holds)} times, longest "
            f"{max(holds, default=0):.2f} s); then at app start median "
            f"{statistics.median(starts) * 1000:.0f} ms, daily while running median "
            f"{statistics.median(daily) * 1000:.0f} ms"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--archived", type=int, nargs="*", default=[0, 10_000, 50_000])
    parser.add_argument("--runs", type=int, default=5, help="daily purges measured per case")
    args = parser.parse_args()
    for archived in args.archived:
        run(archived, args.runs)


if __name__ == "__main__":
    main()
