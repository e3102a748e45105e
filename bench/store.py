"""Median latency of one persisted change, and how it depends on the size of the archive.

One change is what a clerk's keypress costs: take the lock, read and parse the hot file, change
one message, encode, write a temporary file, fsync, rename, fsync the folder, release the lock.
Measured with 1 000 active messages and 0, 10 000 and 100 000 archived ones (the archive lives
in other files, so the figure should not move), and once with the standard library's json
instead of orjson, to show why the store uses orjson.

Run: .venv/bin/python bench/store.py [--changes N]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path
from unittest.mock import patch

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tui.core.config.config import load_config
from tui.core.model import OSLO, Category, HistoryEntry, Message, Status
from tui.core.store import dbfile
from tui.core.store.store import Store
from tui.core.workflow.demo import demo_messages
from tui.core.workflow.inbox import Inbox

REPO = Path(__file__).resolve().parent.parent
NOW = datetime(2026, 11, 26, 10, 0, tzinfo=OSLO)
ACTIVE = 1_000
ARCHIVED = (0, 10_000, 100_000)


def fixed_clock() -> datetime:
    return NOW


def make_inbox(path: Path) -> Inbox:
    config = load_config(REPO / "data" / "config.example.toml")
    return Inbox(Store(path, clock=fixed_clock), config, "bench", fixed_clock)


def realistic(template: Message, message_id: str, received: datetime, *, done: bool) -> Message:
    """A demo message under a new id, with the history a worked message has."""
    message = Message.from_dict(template.to_dict())
    message.id = message_id
    message.received = received
    message.deadline = (received + timedelta(days=4)).date()
    message.history = [
        HistoryEntry(received, "system", "registrert", "", "helsenorge"),
        HistoryEntry(received + timedelta(hours=1), "kari", "tatt", "", "kari"),
        HistoryEntry(received + timedelta(hours=1), "kari", "kategori", "annet", "endring"),
        HistoryEntry(received + timedelta(hours=2), "kari", "frigitt", "kari", ""),
    ]
    if done:
        message.status = Status.ANSWERED
        message.answered_by = "kari"
        message.answered_at = received + timedelta(days=1)
        message.history.append(HistoryEntry(message.answered_at, "kari", "status", "ny", "besvart"))
    else:
        message.status = Status.NEW
        message.answered_by = ""
        message.answered_at = None
    return message


def fill(
    inbox: Inbox, archived: int, *, archived_after_days: int = 60, archive_years: int = 10
) -> list[str]:
    """1 000 active messages, and `archived` answered ones moved to the yearly archives.

    The archived ones were received from `archived_after_days` ago back over `archive_years`.
    """
    templates = demo_messages(inbox)
    spread_days = 365 * archive_years
    if archived:
        old = [
            realistic(
                templates[n % len(templates)],
                f"archived-{n}",
                NOW - timedelta(days=archived_after_days + n % spread_days),
                done=True,
            )
            for n in range(archived)
        ]
        inbox.store.add(old)
        inbox.store.archive(lambda message: message.id.startswith("archived-"), lambda m: None)
    active = [
        realistic(
            templates[n % len(templates)], f"active-{n}", NOW - timedelta(hours=n % 96), done=False
        )
        for n in range(ACTIVE)
    ]
    inbox.store.add(active)
    return [message.id for message in active]


def median_change_ms(inbox: Inbox, ids: list[str], changes: int) -> tuple[float, float]:
    """Median and 90th percentile of `changes` category changes, in milliseconds."""
    categories = list(Category)
    timings = []
    for n in range(changes):
        message_id = ids[(n * 7919) % len(ids)]
        started = time.perf_counter()
        inbox.set_category(message_id, categories[n % len(categories)])
        timings.append((time.perf_counter() - started) * 1000)
    timings.sort()
    return statistics.median(timings), timings[int(len(timings) * 0.9)]


def run(archived: int, changes: int, label: str = "orjson") -> float:
    with tempfile.TemporaryDirectory(prefix="timedialog-bench-") as folder:
        inbox = make_inbox(Path(folder) / "inbox.json")
        started = time.perf_counter()
        ids = fill(inbox, archived)
        setup = time.perf_counter() - started
        os.sync()  # let the setup's writes reach the disk, so they don't slow the fsyncs timed
        store = Store(Path(folder) / "inbox.json")
        size = store.path.stat().st_size
        archive_size = sum(
            store.archive_path(year).stat().st_size for year in store.archive_years()
        )
        median, p90 = median_change_ms(inbox, ids, changes)
        leftovers = sorted(p.name for p in Path(folder).iterdir() if p.name.startswith("."))
    print(
        f"{label:7} {ACTIVE:>6} active {archived:>7} archived  "
        f"median {median:6.2f} ms  p90 {p90:6.2f} ms  "
        f"(hot file {size / 1e6:.2f} MB, archive {archive_size / 1e6:.1f} MB, "
        f"setup {setup:.1f} s, leftover files: {leftovers or 'none'})"
    )
    return median


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--changes", type=int, default=300, help="changes measured per case")
    args = parser.parse_args()
    print(f"One persisted change (lock, read, write, fsync), {args.changes} changes per case:")
    medians = {archived: run(archived, args.changes) for archived in ARCHIVED}
    with patch.object(dbfile, "CODEC", dbfile.STDLIB_JSON):
        plain = run(0, args.changes, label="json")
    print()
    print(f"target: under 20 ms at {ACTIVE} active -> {medians[0]:.2f} ms")
    ratio = medians[100_000] / medians[0]
    print(f"ratio 100 000 archived / 0 archived: {ratio:.2f} (target <= 1.5)")
    print(f"ratio 10 000 archived / 0 archived: {medians[10_000] / medians[0]:.2f}")
    print(f"stdlib json / orjson at 0 archived: {plain / medians[0]:.2f}")


if __name__ == "__main__":
    main()
