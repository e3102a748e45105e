"""Choose when a suggestion is sure, leave-one-set-out, and print what the choice gives.

A sure suggestion is copied by `c` without asking; a wrong one copies the wrong reply (*wrong
while sure*). When the rules and the learned layer agree enough is set by the thresholds of
`tui.core.rules.classify.Sureness`. They are chosen here on messages the learned layer did not learn
from: each writer set (`bench.corpus.WRITER_SETS`) is held out in turn, the layer trained on the
others (`bench/train_suggestions.py`), and the held-out messages' views kept; every threshold
combination of `GRID` is then tried on all of them at once.

The rules were widened after reading each set, so on the sets as they are now the rules look
surer than they are on a new writer's messages. So by default a set the rules were later
widened to is read by the rules of a commit before that (`FRESH_RULES`: D and E by the rules
before they were read, C and H likewise): the figures a new writer's messages give. The
corpus, A and B are read by today's rules (the first rules, before A and B, had no learned
layer to calibrate). `--now` reads every set by today's rules.

The thresholds are chosen on the sets read by rules that had not seen them (D, E, C and H;
with `--now`, on all seven): wrong while sure first, the costly error. Among the combinations
whose mean wrong-while-sure is at most `WRONG_WHILE_SURE_AT_MOST`, the one with the fewest
unsure; where none is, the one with least wrong-while-sure. Nested figures follow (each set
under thresholds chosen from the others alone): how far the choice itself carries.

Run: `.venv/bin/python bench/calibrate_suggestions.py` (scikit-learn: `pip install --group
dev`; git, for the rules of earlier commits). Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import io
import itertools
import json
import shutil
import statistics
import subprocess
import sys
import tarfile
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, fields
from pathlib import Path
from typing import TYPE_CHECKING, Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))  # run as a script: `bench` is beside it

from bench.corpus import writer_sets  # noqa: E402
from bench.train_suggestions import train  # noqa: E402
from tui.core.model import Category  # noqa: E402
from tui.core.rules.learned import Weights, word_features  # noqa: E402
from tui.core.rules.urgent import UrgentRule  # noqa: E402

if TYPE_CHECKING:
    from tui.core.rules.classify import Sureness, Views

FRESH_RULES = {"D": "18ba8a1", "E": "18ba8a1", "C": "d158dbd", "H": "d158dbd"}
"""For each set the rules were later widened to: the commit whose rules had not read it."""
WRONG_WHILE_SURE_AT_MOST = 0.02
"""The mean wrong-while-sure of the sets chosen on may not exceed this."""
GRID: dict[str, tuple[float, ...]] = {
    "learned": (0.5, 0.6, 0.7, 0.8),
    "learned_alone": (0.8, 0.9),
    "contested": (0.5, 0.8, 0.9),
    "nothing_found": (0.5, 0.8, 0.9, 0.95),
    "words_at_least": (0.1, 0.2, 0.3),
    "lead": (0.0, 0.3),
}
"""The thresholds tried: a coarse grid, so that the choice follows the sets' common shape,
not single messages. Where the rules were unsure the learned layer speaks almost alone: below
0.8 a well calibrated layer would be wrong in more than one sure suggestion in five."""


@dataclass(frozen=True)
class HeldOut:
    """A held-out message as the layer trained without its set sees it."""

    label: str
    urgent: bool
    flagged: bool
    """The urgent hint was raised."""
    views: dict[str, Any] | None
    """`tui.core.rules.classify.Views` as a dict; None where the text is not read (never sure)."""


@dataclass(frozen=True)
class Rates:
    """The figures of one held-out set under one choice of thresholds."""

    right: float
    right_among_sure: float
    wrong_while_sure: float
    unsure: float
    urgent_recall: float
    false_alarms: float


def views_now(text: str, weights: Weights) -> dict[str, Any] | None:
    """The views of `text` by today's code."""
    from tui.core.rules.classify import views_of

    views = views_of(text, weights)
    if views is None:
        return None
    return {k: v.value if isinstance(v, Category) else v for k, v in asdict(views).items()}


def views_then(text: str, weights: Weights) -> dict[str, Any] | None:
    """The views of `text` by the code of an older commit, which had no `views_of`.

    As `tui.core.rules.classify.views_of` makes them from what that commit's rules found.
    """
    from tui.core.rules import classify

    found = classify.evidence_of(text)
    if found is None or weights.stacked is None or weights.words is None:
        return None
    reading, tally, rules = found
    words = word_features(reading)
    features = {
        **dict.fromkeys(words, 1.0),
        **classify.rule_features(tally, rules, weights.rule_scale),
    }
    learned = weights.stacked.probabilities(features)
    order = classify._ORDER  # the same tie-break as that commit's code
    ranked = sorted(learned, key=lambda c: (-learned[c], order[Category(c)]))
    alone = weights.words.probabilities(dict.fromkeys(words, 1.0))
    category = Category(ranked[0])
    return {
        "category": category.value,
        "probability": learned[ranked[0]],
        "runner_up": learned[ranked[1]] if len(ranked) > 1 else 0.0,
        "words_alone": alone.get(ranked[0], 0.0),
        "rules_category": rules.category.value,
        "rules_sure": rules.sure,
        "rule_weight": tally.weights.get(category, 0.0),
        "contested": sum(w >= classify.SURE_WEIGHT for w in tally.weights.values()) >= 2,
    }


def held_out(held: str) -> list[HeldOut]:
    """The set `held` classified by the layer trained on the other sets, by this tree's code."""
    from tui.core.rules import classify

    views = views_now if hasattr(classify, "views_of") else views_then
    sets = writer_sets()
    weights = train(m for name, others in sets.items() if name != held for m in others)
    rule = UrgentRule()
    return [
        HeldOut(
            message.category.value,
            message.urgent,
            rule.check(message.text, weights).urgent,
            views(message.text, weights),
        )
        for message in sets[held]
    ]


def held_out_then(held: str, commit: str) -> list[HeldOut]:
    """The set `held` read by the rules of `commit`, the layer trained on today's other sets.

    That commit's `tui` and `data`, today's `bench` and `tests/data`, in a temporary folder;
    this script run there in a child process.
    """
    archive = subprocess.run(
        ["git", "-C", str(REPO), "archive", commit, "tui", "data"], capture_output=True, check=True
    ).stdout
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
            tar.extractall(root, filter="data")
        shutil.copytree(REPO / "bench", root / "bench")
        rules = root / "tui" / "core" / "rules"
        if not rules.is_dir():
            # An older commit kept the classifier's modules flat in `tui.core`: today's bench
            # finds them under `tui.core.rules` by these aliases.
            rules.mkdir()
            (rules / "__init__.py").write_text(FLAT_RULES_ALIASES, encoding="utf-8")
        shutil.copytree(REPO / "tests" / "data", root / "tests" / "data")
        script = root / "bench" / Path(__file__).name
        output = subprocess.run(
            [sys.executable, str(script), "--views-of", held],
            stdout=subprocess.PIPE,
            check=True,
            text=True,
            cwd=root,
        ).stdout
    return [HeldOut(**json.loads(line)) for line in output.splitlines()]


FLAT_RULES_ALIASES = """import importlib, sys

for name in ("classify", "intents", "language", "learned", "sitewords", "urgent"):
    sys.modules[f"{__name__}.{name}"] = importlib.import_module(f"tui.core.{name}")
"""
"""`tui/core/rules/__init__.py` for a commit from before the classifier moved there."""


@dataclass(frozen=True)
class Judged:
    """A held-out message ready to be judged under any thresholds."""

    right: bool
    views: Views | None
    urgent: bool
    flagged: bool


def judged(rows: Iterable[HeldOut]) -> list[Judged]:
    """The rows with their views as today's `tui.core.rules.classify.Views` (whoever made them)."""
    from tui.core.rules.classify import Views

    made = []
    for row in rows:
        views = None
        if row.views is not None:
            views = Views(
                **{
                    **row.views,
                    "category": Category(row.views["category"]),
                    "rules_category": Category(row.views["rules_category"]),
                }
            )
        category = views.category.value if views is not None else Category.ANNET.value
        made.append(Judged(row.label == category, views, row.urgent, row.flagged))
    return made


def rates(rows: Sequence[Judged], sureness: Sureness) -> Rates:
    """The figures of one held-out set when sureness is decided by `sureness`."""
    sure = [row.views is not None and row.views.sure(sureness) for row in rows]
    right = sum(row.right for row in rows)
    sure_right = sum(s and row.right for s, row in zip(sure, rows, strict=True))
    urgent = [row.flagged for row in rows if row.urgent]
    calm = [row.flagged for row in rows if not row.urgent]
    return Rates(
        right / len(rows),
        sure_right / sum(sure) if any(sure) else 1.0,
        (sum(sure) - sure_right) / len(rows),
        1 - sum(sure) / len(rows),
        sum(urgent) / len(urgent) if urgent else 1.0,
        sum(calm) / len(calm) if calm else 0.0,
    )


def mean(per_set: Iterable[Rates]) -> Rates:
    """Each figure's mean over the sets (every set weighs the same, whatever its size)."""
    listed = list(per_set)
    return Rates(*(statistics.fmean(getattr(r, f.name) for r in listed) for f in fields(Rates)))


def choose(sets: dict[str, list[Judged]]) -> Sureness:
    """The combination of `GRID` chosen as the module's docstring says."""
    from tui.core.rules.classify import Sureness

    candidates = []
    for values in itertools.product(*GRID.values()):
        sureness = Sureness(**dict(zip(GRID, values, strict=True)))
        candidates.append((mean(rates(rows, sureness) for rows in sets.values()), sureness))
    meeting = [c for c in candidates if c[0].wrong_while_sure <= WRONG_WHILE_SURE_AT_MOST]
    if meeting:
        return min(meeting, key=lambda c: (c[0].unsure, c[0].wrong_while_sure))[1]
    return min(candidates, key=lambda c: (c[0].wrong_while_sure, c[0].unsure))[1]


def row(rates: Rates) -> str:
    return (
        f"{rates.right:6.1%} {rates.right_among_sure:6.1%} {rates.wrong_while_sure:5.1%} "
        f"{rates.unsure:5.1%} {rates.urgent_recall:6.1%} {rates.false_alarms:5.1%}"
    )


def table(title: str, sets: dict[str, list[Judged]], sureness: Sureness) -> None:
    """Each set's figures under `sureness`, the mean of all and of those chosen on."""
    print(f"{title}: {sureness}")
    for held, rows in sets.items():
        print(f"  {held:<7}({len(rows):>3}) {row(rates(rows, sureness))}")
    print(f"  mean of all  {row(mean(rates(rows, sureness) for rows in sets.values()))}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--now", action="store_true", help="every set read by today's rules")
    parser.add_argument("--views-of", help=argparse.SUPPRESS)  # the child process
    args = parser.parse_args(argv)
    if args.views_of:
        for one in held_out(args.views_of):
            print(json.dumps(asdict(one)))
        return
    from tui.core.rules.classify import SURENESS  # today's code only: not in the child's

    sets = {
        held: judged(
            held_out(held)
            if args.now or held not in FRESH_RULES
            else held_out_then(held, FRESH_RULES[held])
        )
        for held in writer_sets()
    }
    chosen_on = sets if args.now else {held: sets[held] for held in FRESH_RULES}
    print(
        "leave-one-set-out; "
        + ("every set read by today's rules" if args.now else f"read by the rules of {FRESH_RULES}")
        + f"; thresholds chosen on {', '.join(chosen_on)}\n"
        "columns: right, right among sure, wrong while sure, unsure, urgent recall, false alarms"
    )
    chosen = choose(chosen_on)
    table("shipped", sets, SURENESS)
    print(f"  mean chosen on {row(mean(rates(r, SURENESS) for r in chosen_on.values()))}")
    table("chosen", sets, chosen)
    print(f"  mean chosen on {row(mean(rates(r, chosen) for r in chosen_on.values()))}")
    nested = {}
    for held, rows in chosen_on.items():
        sureness = choose({name: r for name, r in chosen_on.items() if name != held})
        nested[held] = rates(rows, sureness)
        print(f"nested {held:<7} {row(nested[held])}  {sureness}")
    print(f"nested mean    {row(mean(nested.values()))}")


if __name__ == "__main__":
    main()
