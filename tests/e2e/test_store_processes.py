"""Real processes on one database file: no lost update, and no damage from SIGKILL."""

from __future__ import annotations

import json
import random
import signal
import subprocess
import sys
import threading
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import pytest

from tests.conftest import REPO
from tests.helpers.store_worker import CLAIMED, DEPARTMENT_ENV, TOGGLED, open_store, seed_message
from tui.core.model import OSLO

CLERKS = 8
OPERATIONS = 60
KILLS = 60
SLOTS = 4


def worker(*args: str) -> list[str]:
    return [sys.executable, "-m", "tests.helpers.store_worker", *args]


@pytest.fixture
def database(
    store_kind: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest
) -> str:
    """The shared database of the test's processes: a file, or a department on the server."""
    if store_kind == "file":
        return str(tmp_path / "inbox.json")
    from tests.helpers.postgres import new_department

    monkeypatch.setenv(DEPARTMENT_ENV, new_department())  # the workers inherit it
    return str(request.getfixturevalue("postgres_url"))


def leftovers(folder: Path) -> list[str]:
    """Lock and temporary files in the database's folder."""
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


def test_eight_processes_lose_no_update(tmp_path: Path, database: str) -> None:
    start = datetime(2026, 11, 26, 9, 0, tzinfo=OSLO)
    open_store(database).add(seed_message(message_id, start) for message_id in CLAIMED + TOGGLED)
    processes = [
        subprocess.Popen(
            worker("mixed", database, f"clerk{n}", str(OPERATIONS), str(n)),
            cwd=REPO,
            stdout=subprocess.PIPE,
            text=True,
        )
        for n in range(CLERKS)
    ]
    summaries = []
    for process in processes:
        out, _ = process.communicate(timeout=240)
        assert process.returncode == 0
        summaries.append(json.loads(out))

    messages = {m.id: m for m in open_store(database).messages()}
    imported = [message_id for s in summaries for message_id in s["imported"]]
    claims = sum(s["claims"] for s in summaries)
    releases = sum(s["releases"] for s in summaries)
    status = sum(s["status"] for s in summaries)
    changes = len(imported) + claims + releases + status
    print(f"\n{CLERKS} processes made {changes} changes: {len(imported)} imports, ", end="")
    print(f"{claims} claims, {releases} releases, {status} status changes")
    assert changes >= 400

    # The count is exact: every import is there once, nothing else appeared or vanished.
    assert len(messages) == len(CLAIMED) + len(TOGGLED) + len(imported)
    assert set(imported) <= set(messages)
    for message_id in imported:
        assert [e.action for e in messages[message_id].history] == ["registered"]

    # Every change is there: one revision and one history entry each, by the right clerk.
    claimed = [messages[m] for m in CLAIMED]
    toggled = [messages[m] for m in TOGGLED]
    assert sum(m.revision for m in claimed) == claims + releases
    assert sum(m.revision for m in toggled) == status
    per_clerk = Counter((e.user, e.action) for m in claimed + toggled for e in m.history)
    for s in summaries:
        assert per_clerk[(s["clerk"], "claimed")] == s["claims"]
        assert per_clerk[(s["clerk"], "released")] == s["releases"]
        assert per_clerk[(s["clerk"], "status_changed")] == s["status"]
    assert all(not m.claimed_by for m in claimed)
    assert leftovers(tmp_path) == []


@dataclass
class Writer:
    """One crash-test writer process and the writes it reported as returned."""

    process: subprocess.Popen[str]
    lines: list[str] = field(default_factory=list)
    ready: threading.Event = field(default_factory=threading.Event)
    reader: threading.Thread = field(init=False)

    def __post_init__(self) -> None:
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            if not line.endswith("\n"):
                break  # cut off by the kill: not a returned write
            if line == "ready\n":
                self.ready.set()
            else:
                self.lines.append(line.strip())

    def kill(self) -> None:
        """Kill the writer, then read what it wrote before the kill to the end."""
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=30)
        # The pipe ends once the process is gone: the reader has every returned write then.
        # Closing the pipe under it instead could lose the last lines (and raised in it).
        self.reader.join(timeout=30)
        assert not self.reader.is_alive()
        assert self.process.stdout is not None
        self.process.stdout.close()


@pytest.mark.parametrize(
    "compact_at",
    [None, 16_000],
    ids=["journal-appends", "compacting-every-few-writes"],
)
def test_sigkill_at_random_moments_loses_no_returned_write(
    tmp_path: Path, database: str, store_kind: str, compact_at: int | None
) -> None:
    """A file's writers append to its journal (in the second run, compacting it every few
    writes); a server's writers commit transactions."""
    if compact_at is not None and store_kind != "file":
        pytest.skip("compacting a journal is the file store's own")
    start = datetime(2026, 11, 26, 9, 0, tzinfo=OSLO)
    seeds = [seed_message(f"filler-{n}", start) for n in range(300)]
    seeds += [seed_message(f"counter-{slot}", start) for slot in range(SLOTS)]
    open_store(database).add(seeds)
    rng = random.Random(20261126)
    incarnations = Counter[int]()

    def spawn(slot: int) -> Writer:
        incarnations[slot] += 1
        extra = [] if compact_at is None else [str(compact_at)]
        command = worker("crash", database, str(slot), str(incarnations[slot]), *extra)
        return Writer(subprocess.Popen(command, cwd=REPO, stdout=subprocess.PIPE, text=True))

    writers = {slot: spawn(slot) for slot in range(SLOTS)}
    returned: list[str] = []
    for _kill in range(KILLS):
        slot = rng.randrange(SLOTS)
        victim = writers[slot]
        assert victim.ready.wait(timeout=60)
        threading.Event().wait(rng.uniform(0.0, 0.25))  # a random moment in its work
        victim.kill()
        returned += victim.lines
        # Whatever the moment, the database loads.
        assert len(open_store(database).messages()) >= len(seeds)
        writers[slot] = spawn(slot)
    for writer in writers.values():
        writer.ready.wait(timeout=60)
        writer.kill()
        returned += writer.lines

    messages = {m.id: m for m in open_store(database).messages()}
    added = [line.split()[1] for line in returned if line.startswith("add ")]
    counted = [line.split()[1] for line in returned if line.startswith("count ")]
    stale = [name for name in leftovers(tmp_path) if ".tmp-" in name]
    print(
        f"\n{KILLS + SLOTS} SIGKILLs, {len(added) + len(counted)} returned writes checked, "
        f"{len(stale)} temporary files of killed writers at the end"
    )
    assert len(added) + len(counted) > KILLS
    assert set(added) <= set(messages)
    on_disk = {entry.new for slot in range(SLOTS) for entry in messages[f"counter-{slot}"].history}
    assert set(counted) <= on_disk

    # The next ordinary write clears what killed writers left: no lock or temporary files;
    # on the server, no transaction of a killed writer is left open or half-applied.
    open_store(database).prepare()
    assert leftovers(tmp_path) == []
    # Nothing half-written: each counter's revision went up once per history entry.
    for slot in range(SLOTS):
        counter = messages[f"counter-{slot}"]
        assert counter.revision == len(counter.history)
