"""Bytes written to the terminal: what a slow SSH link has to carry.

Run: `.venv/bin/python bench/bytes.py [--runs N]`. Starts the app on a pseudo-terminal of
120x40 with an inbox of 1 000 messages and counts what it writes for: start-up (until the
screen is quiet), moving down 50 rows (one key at a time), opening a message, two live
updates from another clerk's session (opening the message above the cursor changes one row;
answering one moves it down, so the rows below it move up), and 3 seconds of idling with the
cursor in the search field (a blinking cursor would be a redraw every half second). Each
figure is the median of N runs, on a 256-colour terminal and on a 16-colour one (TERM=xterm,
as PuTTY sets it).
The target is under 200 KB for start-up.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.ptyrun import PtySession
from bench.startup import MARKER, make_inbox
from tui.core.config.config import load_config
from tui.core.store.store import Store
from tui.core.workflow.inbox import Inbox

PHASES = (
    "start-up",
    "down 50 rows",
    "open a message",
    "live: other clerk opens",
    "live: other answers",
    "idle 3 s in search",
)
QUIET = 0.4
"""Seconds without output after which the screen counts as settled."""


def other_clerk(path: Path, action: str, index: int) -> None:
    """Another clerk opens (claims) or answers the message in row `index` of the inbox."""
    inbox = Inbox(Store(path), load_config(), "annen")
    message = inbox.messages()[index]
    if action == "claim":
        inbox.claim(message.id)
    else:
        inbox.mark_answered(message.id, accept_holder="annen")


def one_run(path: Path, term: str) -> list[int]:
    """Bytes written for each phase in one session."""
    argv = [sys.executable, "-m", "tui", "--db", str(path), "--user", "bench"]
    session = PtySession(argv, size=(120, 40), env={"TERM": term, "COLORTERM": ""})
    try:
        figures = [session.read_until(MARKER) + session.read_quiet(QUIET)]
        moved = 0
        for _ in range(50):
            session.send(b"j")
            moved += session.read_quiet(0.1)
        figures.append(moved + session.read_quiet(QUIET))
        session.send(b"\r")
        figures.append(session.read_quiet(QUIET))
        session.send(b"\x1b")  # back to the inbox
        session.read_quiet(QUIET)
        for action in ("claim", "answer"):
            other_clerk(path, action, index=49)  # the row above the cursor (row 50)
            figures.append(session.read_answer())
        session.send(b"/")
        session.read_quiet(QUIET)
        figures.append(session.read_quiet(3.0, timeout=3.0))
    finally:
        session.close()
    return figures


def size(count: float) -> str:
    """Bytes as KB, or as bytes when under one KB."""
    return f"{count / 1024:.1f} KB" if count >= 1024 else f"{count:.0f} B"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args().runs
    results: dict[str, list[list[int]]] = {}
    with tempfile.TemporaryDirectory() as folder:
        for term in ("xterm-256color", "xterm"):
            samples: list[list[int]] = []
            for _ in range(runs):
                path = Path(folder) / f"inbox-{term}-{len(samples)}.json"
                make_inbox(path, 1000)
                samples.append(one_run(path, term))
            results[term] = samples
    print(f"bytes written to the terminal, 120x40, 1 000 messages, median of {runs} runs")
    print(f"  {'':24}{'256 colours':>14}{'16 colours':>14}")
    for index, phase in enumerate(PHASES):
        cells = [
            statistics.median(sample[index] for sample in results[term])
            for term in ("xterm-256color", "xterm")
        ]
        print(f"  {phase:24}" + "".join(f"{size(value):>14}" for value in cells))
    print("  target: start-up under 200 KB")


if __name__ == "__main__":
    main()
