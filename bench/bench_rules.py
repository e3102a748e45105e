"""Print how long the procedure's rules take: urgent words, the fee rule, the config check.

Run: `.venv/bin/python bench/bench_rules.py`. Prints medians; asserts nothing.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

from tui.core.config.config import load_config, parse_config_text
from tui.core.model import OSLO
from tui.core.rules.fee import check_fee

REPO = Path(__file__).resolve().parent.parent
EXAMPLE = REPO / "data" / "config.example.toml"


def median_ms(action: Callable[[], object], repeat: int = 15) -> float:
    timings = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        timings.append((time.perf_counter() - start) * 1000)
    return statistics.median(timings)


def main() -> None:
    config = load_config(EXAMPLE)
    calendar = config.calendar()
    texts = [
        "Hei! Jeg har fått time hos dere, men er bortreist den uka. Kan jeg få flytte timen? " * 6,
        "Det haster ikke, men jeg har fått brystsmerter og puster dårlig siden i går. " * 6,
    ] * 5_000
    urgent = median_ms(lambda: [config.urgent.check(text) for text in texts], repeat=5)
    print(
        f"urgent words: 10 000 messages of ~500 chars: median {urgent:.1f} ms "
        f"({urgent * 1000 / len(texts):.1f} µs per message)"
    )

    start = datetime(2026, 1, 5, 9, 0, tzinfo=OSLO)
    pairs = [
        (start + timedelta(hours=7 * n), start + timedelta(hours=7 * n - 30 - n % 90))
        for n in range(10_000)
    ]
    calendar.is_working_day(start.date())  # load the holiday tables once
    fee = median_ms(lambda: [check_fee(a, c, config.fee, calendar) for a, c in pairs], repeat=5)
    print(
        f"fee rule: 10 000 cancellations: median {fee:.1f} ms "
        f"({fee * 1000 / len(pairs):.1f} µs per verdict)"
    )

    source = EXAMPLE.read_text(encoding="utf-8")
    ok = median_ms(lambda: parse_config_text(source, EXAMPLE))
    broken = source.replace("deadline_days = 3", "deadline_days = 9").replace(
        'phone = "57 83 95 50"', 'phon = "57 83 95 50"'
    )

    def check_broken() -> None:
        try:
            parse_config_text(broken, EXAMPLE)
        except ValueError:
            return
        raise AssertionError("the broken configuration was accepted")

    bad = median_ms(check_broken)
    lines = len(source.splitlines())
    print(f"config check, valid example ({lines} lines): median {ok:.2f} ms")
    print(
        f"config check, 2 errors located by line: median {bad:.2f} ms "
        f"({bad / ok:.0f}x the valid file; only paid when the file is wrong)"
    )


if __name__ == "__main__":
    main()
