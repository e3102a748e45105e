"""How fast Helsenorge files import: 1 000 generated variants of the example messages.

Prints the median over several runs, on one CPU core, of:
- the first import of 1 000 files into an empty database (messages per second; target >= 2 000),
- the re-import of the same 1 000 files (the idempotent path: nothing is added),
- parsing alone, to show where the time goes.

Usage: python bench/import.py [--messages N] [--runs N]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench.helsenorge_files import generate  # noqa: E402
from tui.core.config.config import load_config  # noqa: E402
from tui.core.helsenorge.importer import Importer, Outcome  # noqa: E402
from tui.core.helsenorge.parsing import parse_message  # noqa: E402
from tui.core.store.store import Store  # noqa: E402
from tui.core.workflow.inbox import Inbox  # noqa: E402


def one_run(folder: Path, workdir: Path, count: int) -> tuple[float, float, float]:
    config = load_config(REPO / "data" / "config.example.toml")
    inbox = Inbox(Store(workdir / "inbox.json"), config, "bench")
    files = sorted(folder.glob("*.xml"))

    started = time.perf_counter()
    for path in files:
        parse_message(path.read_bytes())
    parse_seconds = time.perf_counter() - started

    started = time.perf_counter()
    first = Importer(inbox).import_files(files)
    first_seconds = time.perf_counter() - started
    assert first.count(Outcome.IMPORTED) == count, first.summary()

    started = time.perf_counter()
    again = Importer(inbox).import_files(files)
    again_seconds = time.perf_counter() - started
    assert again.count(Outcome.EXISTING) == count, again.summary()
    (workdir / "inbox.json").unlink()
    return first_seconds, again_seconds, parse_seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    with tempfile.TemporaryDirectory(prefix="timedialog-bench-") as temporary:
        folder = Path(temporary) / "inn"
        folder.mkdir()
        generate(folder, args.messages)
        size = sum(path.stat().st_size for path in folder.iterdir())
        one_run(folder, Path(temporary), args.messages)  # warm-up: imports, holiday tables
        runs = [one_run(folder, Path(temporary), args.messages) for _ in range(args.runs)]
    first, again, parse = (statistics.median(column) for column in zip(*runs, strict=True))
    n = args.messages
    print(
        f"Import of {n} generated Helsenorge messages ({size / n / 1000:.1f} kB each), "
        f"median of {args.runs} runs, one CPU core:"
    )
    print(f"  first import (empty database): {first * 1000:7.0f} ms  {n / first:7.0f} messages/s")
    print(f"  re-import (idempotent path):   {again * 1000:7.0f} ms  {n / again:7.0f} messages/s")
    print(f"  parsing alone:                 {parse * 1000:7.0f} ms  {n / parse:7.0f} messages/s")
    verdict = "met" if n / first >= 2000 else "NOT met"
    print(f"  target >= 2000 messages/s on the first import: {verdict}")
    print(f"  re-import / first import: {again / first:.2f}")


if __name__ == "__main__":
    main()
