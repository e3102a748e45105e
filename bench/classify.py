"""Print how well and how fast the category suggestion and the urgent words work.

For every split in tests/data (the corpus the rules were tuned on, its hold-out set aside
before tuning, and the three splits of messages written by separate writers who never saw the
rules; the learned layer is trained on all of them, so these are development figures, and
`bench/train_suggestions.py --loso` gives the honest ones): accuracy per category, the
confusion matrix, the share of unsure suggestions, the rate of *wrong while sure* (the
dangerous case: `c` copies the wrong text without asking), urgent messages flagged and false
alarms. Then the median time per message and what the language data and the learned layer's
weights cost to load (time, and memory by tracemalloc and by the process's resident size),
measured in a fresh process so nothing is loaded before.

Run: `.venv/bin/python bench/classify.py`. Prints figures; asserts nothing.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))  # run as a script: `bench.corpus` is beside it

from bench.corpus import (  # noqa: E402
    CATEGORIES,
    HOLDOUT,
    INDEPENDENT,
    INDEPENDENT_2,
    INDEPENDENT_3,
    TUNING,
    Figures,
    load,
    measure,
)

TARGETS = (
    "targets: right among sure >= 95 %, right overall >= 90 %, wrong while sure <= 2 %, "
    "unsure <= 15 %, urgent flagged >= 95 %, false alarms <= 10 %, median < 1 ms"
)

_TRACED = """
import json, tracemalloc
import tui.core.config.config  # what start-up has loaded anyway
tracemalloc.start()
from tui.core.rules.classify import classify
classify("HE", "Jeg vil avbestille timen min.")
current, peak = tracemalloc.get_traced_memory()
print(json.dumps({"current": current, "peak": peak}))
"""

_UNTRACED = """
import json, time
import tui.core.config.config  # what start-up has loaded anyway

def resident_kb():
    with open("/proc/self/status") as status:
        return next(int(line.split()[1]) for line in status if line.startswith("VmRSS"))

before = resident_kb()
start = time.perf_counter()
from tui.core.rules.classify import classify
classify("HE", "Jeg vil avbestille timen min.")
seconds = time.perf_counter() - start
print(json.dumps({"seconds": seconds, "rss_kb": resident_kb() - before}))
"""

_WEIGHTS = """
import json, time, tracemalloc
import tui.core.config  # what start-up has loaded anyway
import tui.core.rules.learned
tracemalloc.start()
start = time.perf_counter()
tui.core.rules.learned.shipped()
seconds = time.perf_counter() - start
current, peak = tracemalloc.get_traced_memory()
print(json.dumps({"seconds": seconds, "current": current, "peak": peak}))
"""


def show(name: str, figures: Figures) -> None:
    print(f"{name}: {figures.messages} messages")
    print(
        f"  right {figures.accuracy:6.1%}   right among sure {figures.right_among_sure:6.1%}   "
        f"wrong while sure {figures.wrong_while_sure_rate:5.1%}   "
        f"unsure {figures.unsure_share:5.1%}"
    )
    per_category = "   ".join(
        f"{category.value} {accuracy:.0%}"
        for category in CATEGORIES
        if (accuracy := figures.category_accuracy(category)) is not None
    )
    print(f"  per category: {per_category}")
    print("  confusion (rows: labelled, columns: suggested)")
    print("  " + " " * 13 + "".join(f"{c.value[:12]:>13}" for c in CATEGORIES))
    for label in CATEGORIES:
        row = "".join(f"{figures.confusion[(label, c)]:>13}" for c in CATEGORIES)
        print(f"  {label.value:<13}{row}")
    print(
        f"  urgent flagged {figures.urgent_flagged}/{figures.urgent} "
        f"({figures.urgent_recall:.0%}); false alarms {figures.false_alarms}/{figures.calm} "
        f"({figures.false_alarm_rate:.1%})"
    )


def run_fresh(code: str) -> dict[str, float]:
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=REPO
    )
    values: dict[str, float] = json.loads(result.stdout)
    return values


def main() -> None:
    tuning, holdout, independent = load(TUNING), load(HOLDOUT), load(INDEPENDENT)
    independent_2, independent_3 = load(INDEPENDENT_2), load(INDEPENDENT_3)
    show("tuned on (classify-corpus.tsv)", measure(tuning))
    print()
    show("hold-out (classify-holdout.tsv, set aside before tuning)", measure(holdout))
    print()
    show(
        "independent (classify-independent.tsv, writers who never saw the rules)",
        measure(independent),
    )
    print()
    show(
        "independent 2 (classify-independent-2.tsv, sets D and E, added with the learned layer)",
        measure(independent_2),
    )
    print()
    show(
        "independent 3 (classify-independent-3.tsv, sets C and H, added when sureness was "
        "calibrated)",
        measure(independent_3),
    )
    print()

    from tui.core.config.config import load_config
    from tui.core.rules.classify import classify

    rule = load_config(REPO / "data" / "config.example.toml").urgent
    texts = [
        message.text for message in tuning + holdout + independent + independent_2 + independent_3
    ]
    timings: list[float] = []
    for _round in range(5):
        for text in texts:
            start = time.perf_counter()
            classify("HE", text)
            rule.check(text)
            timings.append(time.perf_counter() - start)
    print(
        f"time per message (suggestion and urgent words, {len(texts)} messages x 5): "
        f"median {statistics.median(timings) * 1000:.3f} ms, "
        f"p90 {statistics.quantiles(timings, n=10)[-1] * 1000:.3f} ms, "
        f"max {max(timings) * 1000:.1f} ms"
    )
    long_text = "Jeg kan ikke komme på timen og lurer på om jeg kan få en ny. " * 330
    start = time.perf_counter()
    classify("HE", long_text)
    rule.check(long_text)
    print(f"a {len(long_text)}-character message: {(time.perf_counter() - start) * 1000:.1f} ms")

    loads = [run_fresh(_UNTRACED) for _ in range(5)]
    traced = run_fresh(_TRACED)
    print(
        "loading the classifier and the language data (the first message, in a fresh process, "
        f"median of 5): {statistics.median(r['seconds'] for r in loads) * 1000:.0f} ms"
    )
    print(
        f"memory: resident size grows {statistics.median(r['rss_kb'] for r in loads) / 1024:.1f}"
        f" MB; tracemalloc: {traced['current'] / 1e6:.1f} MB held, "
        f"{traced['peak'] / 1e6:.1f} MB at the peak while loading"
    )
    weights = [run_fresh(_WEIGHTS) for _ in range(3)]
    print(
        "of which the learned layer's weights (data/classify-weights.json, median of 3): "
        f"{statistics.median(r['seconds'] for r in weights) * 1000:.0f} ms to read, "
        f"{statistics.median(r['current'] for r in weights) / 1e6:.1f} MB held"
    )
    print(TARGETS)


if __name__ == "__main__":
    main()
