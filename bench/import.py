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
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from tui.core.config import load_config  # noqa: E402
from tui.core.helsenorge import PatientRequest, parse_message  # noqa: E402
from tui.core.importer import Importer, Outcome  # noqa: E402
from tui.core.inbox import Inbox  # noqa: E402
from tui.core.store import Store  # noqa: E402

FIXTURES = REPO / "tests" / "fixtures" / "helsenorge"
TEMPLATES = sorted(
    path
    for path in FIXTURES.glob("*_innbygger_*.xml")
    if b"<Sporsmal>" in path.read_bytes()
    and isinstance(parse_message(path.read_bytes()), PatientRequest)
)
"""The patients' messages of every appointment process (a text to vary, and imported)."""
SENTENCES = (
    "Jeg må dessverre flytte timen min.",
    "Kan jeg få time en annen dag?",
    "Jeg ønsker å avbestille timen, jeg er frisk nå.",
    "Jeg har ventet lenge og ikke hørt noe.",
    "Må jeg faste før undersøkelsen?",
    "Hvor skal jeg møte?",
)
START = datetime(2026, 11, 2, 7, 0, tzinfo=UTC)


def generate(folder: Path, count: int) -> None:
    """`count` files: each a fixture with its own MsgId, send time and text."""
    templates = [path.read_bytes().decode("utf-8") for path in TEMPLATES]
    for number in range(count):
        text = templates[number % len(templates)]
        msg_id = str(uuid.uuid5(uuid.NAMESPACE_URL, f"timedialog-bench-{number}"))
        sent = START + timedelta(minutes=17 * number)
        text = _replace_between(text, "<MsgId>", "</MsgId>", msg_id)
        text = _replace_between(text, "<GenDate>", "</GenDate>", f"{sent:%Y-%m-%dT%H:%M:%S}Z")
        sentence = f"{SENTENCES[number % len(SENTENCES)]} (melding {number})"
        text = _replace_between(text, "<Sporsmal>", "</Sporsmal>", sentence)
        (folder / f"melding-{number:05d}.xml").write_bytes(text.encode("utf-8"))


def _replace_between(text: str, start: str, end: str, value: str) -> str:
    head, _sep, rest = text.partition(start)
    _old, _sep, tail = rest.partition(end)
    return f"{head}{start}{value}{end}{tail}"


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
