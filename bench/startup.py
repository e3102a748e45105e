"""Time from process start to the painted inbox, beside a minimal Textual app.

Run: `.venv/bin/python bench/startup.py [--runs N]`. Prints the median of N runs for the demo
inbox, an inbox of 1 000 messages, and a minimal Textual app, and the ratios to the minimal app
(the target is at most 1.5x).

The runs use a cache folder of their own. The demo computes its deadlines from today, so it needs
the holiday tables before its first frame: it is timed as every start after the first one on a
machine (the holiday cache written, `tui.core.rules.holiday_cache`) and as a first start (the cache
removed before each run).
"""

from __future__ import annotations

import argparse
import compileall
import statistics
import sys
import tempfile
import uuid
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.ptyrun import run_until
from tui.core.config.config import load_config
from tui.core.resources import APP_NAME
from tui.core.rules.holiday_cache import FILE_NAME
from tui.core.store.store import Store
from tui.core.workflow.demo import demo_messages
from tui.core.workflow.inbox import Inbox

HERE = Path(__file__).resolve().parent


def timedialog_command() -> list[str]:
    """The command clerks run: the installed `timedialog` script, else `python -m tui`."""
    script = Path(sys.executable).parent / "timedialog"
    return [str(script)] if script.exists() else [sys.executable, "-m", "tui"]


MARKER = "åpne".encode()


def make_inbox(path: Path, count: int) -> None:
    """A database of `count` messages made from the demo messages."""
    inbox = Inbox(Store(path), load_config(), "bench")
    demo = demo_messages(inbox)
    messages = [replace(demo[number % len(demo)], id=str(uuid.uuid4())) for number in range(count)]
    inbox.store.add(messages)


@dataclass(frozen=True)
class Start:
    """One way of starting a program, timed until `marker` is written."""

    argv: list[str]
    marker: bytes
    before: Callable[[], None] = lambda: None
    """Run before each start (outside the timing)."""


def medians(starts: dict[str, Start], runs: int, env: dict[str, str]) -> dict[str, float]:
    """The median start-up of each command, run in turn so that load on the machine (other
    processes come and go) falls on all of them alike."""
    times: dict[str, list[float]] = {name: [] for name in starts}
    for _ in range(runs):
        for name, start in starts.items():
            start.before()
            times[name].append(run_until(start.argv, start.marker, env=env).seconds)
    return {name: statistics.median(values) for name, values in times.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=7)
    runs = parser.parse_args().runs
    python = sys.executable
    timedialog = timedialog_command()
    # As `pip install` does: compile the package once, so runs measure start-up, not compiling.
    compileall.compile_dir(HERE.parent / "tui", quiet=1)
    with tempfile.TemporaryDirectory() as folder:
        big = Path(folder) / "big.json"
        make_inbox(big, 1000)
        env = {"XDG_CACHE_HOME": str(Path(folder) / "cache")}
        demo = [*timedialog, "--demo", "--user", "bench"]

        def forget_holidays() -> None:
            (Path(folder) / "cache" / APP_NAME / FILE_NAME).unlink(missing_ok=True)

        found = medians(
            {
                "minimal": Start([python, str(HERE / "minimal_app.py")], b"minimal-ready"),
                "demo, first start": Start(demo, MARKER, forget_holidays),
                "demo": Start(demo, MARKER),
                "1 000 msgs": Start([*timedialog, "--db", str(big), "--user", "bench"], MARKER),
            },
            runs,
            env,
        )
    minimal = found.pop("minimal")
    print(f"start-up to painted screen, median of {runs} runs at 120x40")
    print(f"  (timedialog runs as: {' '.join(timedialog)})")
    print(f"  minimal Textual app                {minimal * 1000:7.0f} ms")
    for name, seconds in found.items():
        label = f"timedialog, {name}"
        print(f"  {label:<34} {seconds * 1000:7.0f} ms   {seconds / minimal:4.2f}x minimal")


if __name__ == "__main__":
    main()
