"""How long `?` takes to show the help, in a real pseudo-terminal at 80x24.

Run: `.venv/bin/python bench/help.py [--runs N]`. Starts the app on the demo inbox, waits
until the inbox is painted and quiet, then presses `?` and times until the help's heading has
been written, presses `esc` and waits for quiet, N times (the first opening also reads the
dialogs' styles). Prints the first opening, the median and the worst of the rest.
The target is under 0.2 s.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.ptyrun import PtySession

HEADING = b"Taster"
"""Written when the help is painted (the heading of its first section)."""
FOOTER = b"Avslutt"
QUIET = 0.4


def timings(runs: int, term: str) -> list[float]:
    """Milliseconds from `?` to the help's heading on screen, once per run."""
    with tempfile.TemporaryDirectory() as folder:
        argv = [sys.executable, "-m", "tui", "--demo", "--user", "bench"]
        env = {"TERM": term, "COLORTERM": "", "HOME": folder, "LANGUAGE": "nb"}
        session = PtySession(argv, size=(80, 24), env=env)
        try:
            session.read_until(FOOTER)
            session.read_quiet(QUIET)
            figures = []
            for _ in range(runs):
                started = time.perf_counter()
                session.send(b"?")
                session.read_until(HEADING)
                figures.append((time.perf_counter() - started) * 1000)
                session.read_quiet(QUIET)
                session.send(b"\x1b")
                session.read_quiet(QUIET)
        finally:
            session.close()
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=11)
    runs = parser.parse_args().runs
    print(f"`?` until the help is on screen, 80x24, demo inbox, {runs} openings per terminal")
    for term in ("xterm-256color", "xterm"):
        figures = timings(runs, term)
        rest = figures[1:]
        median = statistics.median(rest)
        print(
            f"  {term:16} first {figures[0]:6.0f} ms   then median {median:5.0f} ms"
            f", worst {max(rest):5.0f} ms"
        )
    print("  target: under 200 ms")


if __name__ == "__main__":
    main()
