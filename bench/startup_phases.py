"""Where timedialog's start-up goes beyond a minimal Textual app's, phase by phase.

Run: `.venv/bin/python bench/startup_phases.py [--runs N]`. Prints the median of N runs
(each in a fresh process, as a start is) of:

- importing timedialog's modules once Textual's own (what the minimal app loads) are loaded,
  and the part of it that is Python creating dataclasses;
- reading and sorting an inbox of 1 000 messages, and the part that is `Message.from_dict`;
- from `App.run` to the painted screen, for timedialog with 1 000 messages and for the
  minimal app (composing, styling and painting).

`bench/startup.py` gives the whole start-up; this says what it is made of.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.ptyrun import run_until
from bench.startup import MARKER, make_inbox

HERE = Path(__file__).resolve().parent
DONE = b"bench-phase-done"
RESULT_ENV = "TIMEDIALOG_BENCH_RESULT"

IMPORTS = """
import dataclasses, json, time
import textual.app, textual.drivers.linux_driver, textual.widgets._static
spent = [0.0, 0]
process_class = dataclasses._process_class
def timed(*args, **kwargs):
    started = time.perf_counter()
    try:
        return process_class(*args, **kwargs)
    finally:
        spent[0] += time.perf_counter() - started
        spent[1] += 1
dataclasses._process_class = timed
started = time.perf_counter()
import tui.cli
tui.cli.parse_arguments([])  # as starting the app does: no subcommand's parser is built
import tui.app
print(json.dumps([time.perf_counter() - started, spent[0], spent[1]]))
"""
"""Textual first, as far as the minimal app loads it; then timedialog's modules, timed."""

READING = """
import gc, json, sys, time
from pathlib import Path
gc.disable()  # as the command line does during the start-up
from tui.core.config.config import load_config
from tui.core.workflow.inbox import Inbox
from tui.core.model import Message
from tui.core.store.store import Store
spent = [0.0]
from_dict = Message.from_dict.__func__
def timed(cls, data):
    started = time.perf_counter()
    try:
        return from_dict(cls, data)
    finally:
        spent[0] += time.perf_counter() - started
Message.from_dict = classmethod(timed)
inbox = Inbox(Store(Path(sys.argv[1])), load_config(), "bench")
started = time.perf_counter()
count = len(inbox.messages())
print(json.dumps([time.perf_counter() - started, spent[0], count]))
"""
"""One read of the inbox in a fresh process, as at start-up."""


def child_paint(target: list[str]) -> None:
    """In the pseudo-terminal: run `target`, and note the time from `App.run` to the marker."""
    import time

    import textual.app
    from textual.drivers.linux_driver import LinuxDriver

    started: list[float] = []
    run = textual.app.App.run
    write = LinuxDriver.write

    def timed_run(self: textual.app.App[object], *args: object, **kwargs: object) -> object:
        started.append(time.perf_counter())
        return run(self, *args, **kwargs)  # type: ignore[arg-type]

    def watched_write(self: LinuxDriver, data: str) -> None:
        write(self, data)
        if started and (MARKER.decode() in data or "minimal-ready" in data):
            Path(os.environ[RESULT_ENV]).write_text(str(time.perf_counter() - started[0]))
            write(self, DONE.decode())
            os._exit(0)

    textual.app.App.run = timed_run  # type: ignore[method-assign,assignment]
    LinuxDriver.write = watched_write  # type: ignore[method-assign]
    if target[0] == "minimal":
        import runpy

        runpy.run_path(str(HERE / "minimal_app.py"), run_name="__main__")
    else:
        from tui.cli import main

        main(target)


def in_fresh_process(code: str, *args: str) -> list[float]:
    """Run `code` in a new interpreter; its last line of output is a JSON list of figures."""
    result = subprocess.run(
        [sys.executable, "-c", code, *args],
        capture_output=True,
        text=True,
        check=True,
        cwd=HERE.parent,
    )
    figures: list[float] = json.loads(result.stdout.strip().splitlines()[-1])
    return figures


def paint_seconds(target: list[str], folder: Path) -> float:
    """From `App.run` to the painted screen, for `target` ("minimal" or timedialog's args)."""
    result = folder / "paint.txt"
    run_until(
        [sys.executable, str(Path(__file__).resolve()), "--child-paint", *target],
        DONE,
        env={RESULT_ENV: str(result)},
    )
    return float(result.read_text())


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--child-paint":
        child_paint(sys.argv[2:])
        return
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=9)
    runs = parser.parse_args().runs
    imports, dataclasses, reading, from_dict, paint, paint_minimal = ([] for _ in range(6))
    classes = count = 0.0
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        big = folder / "big.json"
        make_inbox(big, 1000)
        for _ in range(runs):
            seconds, in_dataclasses, classes = in_fresh_process(IMPORTS)
            imports.append(seconds)
            dataclasses.append(in_dataclasses)
            seconds, in_from_dict, count = in_fresh_process(READING, str(big))
            reading.append(seconds)
            from_dict.append(in_from_dict)
            paint.append(paint_seconds(["--db", str(big), "--user", "bench"], folder))
            paint_minimal.append(paint_seconds(["minimal"], folder))

    def ms(values: list[float]) -> str:
        return f"{statistics.median(values) * 1000:6.1f} ms"

    print(f"start-up phases, median of {runs} runs (120x40 for the painting)")
    print(f"  importing timedialog's modules           {ms(imports)}")
    print(f"    of which creating {int(classes)} dataclasses       {ms(dataclasses)}")
    print(f"  reading and sorting {int(count)} messages       {ms(reading)}")
    print(f"    of which Message.from_dict             {ms(from_dict)}")
    print(f"  App.run to painted, timedialog           {ms(paint)}")
    print(f"  App.run to painted, minimal app          {ms(paint_minimal)}")


if __name__ == "__main__":
    main()
