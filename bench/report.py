"""Time to report on a year of 20 000 messages, most of them in the archive (target under 1 s).

The database holds a year of messages as a busy site would have them on 26 November 2026:
received 1 January to 26 November in office hours and evenings, in six departments, with the
demo's texts, patients and a worked history; most answered (some late), some closed without
reply, some forwarded, the recent ones still open. Answered messages older than 30 days are
in the 2026 archive file, as the app would have moved them.

Timed, median of `--runs` runs:
- what `timedialog report` does after start-up: read the summaries (hot file and archive),
  compute every figure for the year and all departments, and lay out the text and the CSV;
- the same with one department, and with one month;
- the whole command, `python -m tui report` with `--csv`, from process start to exit;
- reading alone, and reading whole messages instead (`Store.messages` + `Store.archived`),
  which is why the report reads summaries.

Run: .venv/bin/python bench/report.py [--messages N] [--runs N]
"""

from __future__ import annotations

import argparse
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, datetime, timedelta
from functools import partial
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tui.core.config.config import Config, load_config
from tui.core.model import OSLO, Category, Forward, HistoryEntry, Message, Status
from tui.core.report.report import Period, PeriodKind, build_report
from tui.core.report.tables import csv_text, text_lines
from tui.core.store.store import Store
from tui.core.workflow.demo import demo_messages
from tui.core.workflow.inbox import Inbox

REPO = Path(__file__).resolve().parent.parent
NOW = datetime(2026, 11, 26, 10, 0, tzinfo=OSLO)
CLERKS = ("kari", "per", "anne", "siri", "ola", "lise", "nils", "tone")


def fixed_clock() -> datetime:
    return NOW


def generate(inbox: Inbox, count: int, seed: int = 7) -> list[Message]:
    """`count` messages received from 1 January to now, worked as a real year would be."""
    rng = random.Random(seed)
    templates = demo_messages(inbox)
    codes = [department.code for department in inbox.config.departments]
    start = datetime(2026, 1, 1, tzinfo=OSLO)
    span = (NOW - start).total_seconds()
    messages = []
    for number in range(count):
        template = templates[number % len(templates)]
        received = start + timedelta(seconds=rng.random() * span)
        received = received.replace(hour=rng.choice((7, 8, 9, 10, 11, 12, 13, 14, 15, 19, 22)))
        received = min(received, NOW - timedelta(minutes=5))
        department = rng.choice(codes)
        message = inbox.new_message(
            message_id=f"bench-{number}",
            received=received,
            department=department,
            text=template.text,
            subject=template.subject,
            type_code=template.type_code,
            patient_name=template.patient_name,
            patient_id=template.patient_id,
            appointment=template.appointment,
            source="bench",
        )
        message.category = rng.choice(list(Category))
        clerk = rng.choice(CLERKS)
        message.history = [
            HistoryEntry(received, "system", "registrert", "", "helsenorge"),
            HistoryEntry(received + timedelta(hours=1), clerk, "tatt", "", clerk),
            HistoryEntry(received + timedelta(hours=1), clerk, "kategori", "annet", "endring"),
        ]
        if rng.random() < 0.05:
            target = rng.choice([code for code in codes if code != department])
            moved = received + timedelta(hours=rng.uniform(0.2, 30))
            message.forwards.append(Forward(department, target, clerk, moved))
            message.department = target
        age = NOW - received
        roll = rng.random()
        if age < timedelta(days=3) and roll < 0.6:
            pass  # still open
        elif roll < 0.02:
            message.status = Status.CLOSED
            message.closed_reason = "duplikat"
        else:
            late = rng.random() < 0.1
            delay = timedelta(days=rng.uniform(5, 9) if late else rng.uniform(0.05, 3))
            message.answered_at = min(received + delay, NOW)
            message.answered_by = clerk
            message.status = Status.CLOSED if rng.random() < 0.7 else Status.FOLLOW_UP
            message.history.append(
                HistoryEntry(message.answered_at, clerk, "status", "ny", message.status.value)
            )
        messages.append(message)
    return messages


def median_seconds(run: Callable[[], object], runs: int) -> float:
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        run()
        timings.append(time.perf_counter() - started)
    return statistics.median(timings)


def report_once(store: Store, config: Config, period: Period, departments: tuple[str, ...]) -> int:
    report = build_report(
        store.summaries(period.years),
        period=period,
        now=NOW,
        working_time=config.working_time(),
        departments=departments,
    )
    return len(text_lines(report)) + len(csv_text(report))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=20_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    config = load_config(REPO / "data" / "config.example.toml")
    with tempfile.TemporaryDirectory(prefix="timedialog-bench-") as folder:
        store = Store(Path(folder) / "inbox.json", clock=fixed_clock)
        inbox = Inbox(store, config, "bench", fixed_clock)
        started = time.perf_counter()
        store.add(generate(inbox, args.messages))
        cutoff = NOW - timedelta(days=config.archive_after_days)
        store.archive(
            lambda m: m.status is not Status.NEW and (m.answered_at or m.received) < cutoff,
            lambda m: None,
        )
        setup = time.perf_counter() - started
        hot = store.path.stat().st_size
        archive = store.archive_path(2026).stat().st_size
        in_hot = len(store.messages())
        year = Period.containing(PeriodKind.YEAR, NOW.date())
        month = Period.containing(PeriodKind.MONTH, date(2026, 10, 1))
        check = build_report(
            store.summaries(year.years), period=year, now=NOW, working_time=config.working_time()
        )
        print(
            f"{check.totals.received} messages in 2026: {args.messages - in_hot} archived "
            f"({archive / 1e6:.1f} MB), {in_hot} in the hot file ({hot / 1e6:.1f} MB); "
            f"setup {setup:.1f} s"
        )
        print(
            f"  figures: {check.totals.answered_in_time} in time, {check.totals.answered_late} "
            f"late, {check.totals.open} open, {check.forwarded} forwarded, median "
            f"{check.totals.answer_median_hours:.1f} working hours"
        )
        print(f"Median of {args.runs} runs:")
        cases = {
            "year, all departments (the target)": (year, ()),
            "year, one department": (year, ("BLOD",)),
            "one month, all departments": (month, ()),
        }
        results = {}
        for label, (period, departments) in cases.items():
            seconds = median_seconds(
                partial(report_once, store, config, period, departments), args.runs
            )
            results[label] = seconds
            print(f"  {label:40} {seconds * 1000:7.0f} ms")
        command = [
            sys.executable,
            "-m",
            "tui",
            "report",
            "--db",
            str(store.path),
            "--from",
            "2026-01-01",
            "--to",
            "2026-12-31",
            "--csv",
            str(Path(folder) / "report.csv"),
        ]
        process = median_seconds(
            partial(subprocess.run, command, check=True, capture_output=True, cwd=REPO), args.runs
        )
        print(f"  {'`timedialog report` for the year, whole':40} {process * 1000:7.0f} ms")
        read = median_seconds(lambda: store.summaries(year.years), args.runs)
        whole = median_seconds(lambda: (store.messages(), store.archived(year.years)), args.runs)
        print(f"  {'reading the summaries alone':40} {read * 1000:7.0f} ms")
        print(f"  {'reading whole messages instead':40} {whole * 1000:7.0f} ms")
        target = results["year, all departments (the target)"]
        verdict = "met" if target < 1 else "NOT met"
        print(f"target: a year of {args.messages} messages under 1 s -> {target:.2f} s ({verdict})")
        print(f"whole messages / summaries (reading): {whole / read:.1f}")


if __name__ == "__main__":
    main()
