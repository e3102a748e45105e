"""Every clerk on one host: keypress latency, live-update delay and memory per session.

The measurement of issue 16. A shared inbox of N open messages is filled through
`timedialog import` (generated Helsenorge files, `bench/helsenorge_files.py`); then S sessions
start, each the installed `timedialog` command (`.venv/bin/timedialog`, as clerks start it) on
a pseudo-terminal of its own (TERM=xterm-256color, 80x24 or 120x40), all on the same database,
each with its own `--user`. Once every session has painted its inbox and gone quiet, `j` and `k`
are typed in turn across the sessions (round robin, `--rate` keys a second in all but at most
`--session-rate` for one session: one session answers a held-down key more slowly than keys a
clerk reads between), while a writer process imports one new Helsenorge message every
`--write-every` seconds.

Printed for the configuration given (or, with `--table`, for the five rows of issue 16):
- keypress -> first byte of the response on that pty: p50 / p95 / worst. The key's response
  is the first output after the key that draws the cursor on the row it moved to (the cursor
  row starts with `tui.widgets.inbox_list.CURSOR_MARKER`), so a live update's repaint that
  happens to arrive first is not taken for the answer; the answer's first byte is that of the
  row the cursor left when it came just before. "any output" gives the plain first byte after
  the key, for comparison. The cursor goes down and up between the first two rows, so
  every key moves it.
- change visible: from the writer's acknowledged write (the import returned) to the header's
  count of open messages ("N åpne") showing the new message in each session: the median over
  all writes and sessions, and the median and worst over writes of the time until every session
  shows it.
- memory per session: RSS and PSS of each session's process (/proc/PID/smaps_rollup) at the
  end of the run, median and max.
- the CPU time the sessions, the writer and this driver used during the measurement, beside
  the whole machine's (the rest is other work on the host) and the load average.
- once per run: one persisted change at 1 000 open messages through the store's real API
  (`Inbox.set_category`, median of `--changes`), beside the floor measured in the same folder
  in the same run: an fsynced append of just the bytes of the changed message.

The writer is one long-lived process that runs what `timedialog import FILE` runs (the
command's own database and configuration resolution in `tui.cli`, then
`tui.core.helsenorge.importer.Importer`) for each new file, so a write costs the import and not a
Python start-up; `--write-via cli` runs the `timedialog import` command for each write instead.

The inbox's messages were sent over the last three days and each written one is sent now, so
new rows sort below the screen and the cursor's two rows stay where they are. One selector
loop reads every pty all the time (no session ever blocks on a full pty buffer); it runs at a
raised priority while measuring when allowed (`--driver-nice`), so its own wait for a core is
not counted as the app's, and its CPU time is printed.

`--db URL` is passed to every session, to the fill (`timedialog import`) and to the writer,
for a store that takes a URL; it must name a new, empty database (the run fills it; not with
`--table`). The default is a file in a temporary folder. `--groups G` splits
the sessions into G groups standing for G hosts: each group has its own HOME and XDG folders
(configuration, cache, data), and `--group-env G:NAME=VALUE` sets a variable for one group
(group numbers start at 0; the writer runs in group 0). Figures are printed per group too.

Run: .venv/bin/python bench/sessions.py [--messages 1000] [--sessions 30] [--write-every 2]
         [--seconds 30] [--size 80x24] [--rate 20] [--db PATH_OR_URL] [--groups 1]
     .venv/bin/python bench/sessions.py --table
"""

from __future__ import annotations

import argparse
import gc
import math
import os
import re
import resource
import selectors
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import FrameType
from typing import IO

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.helsenorge_files import generate, message_text
from bench.ptyrun import PtySession

REPO = Path(__file__).resolve().parent.parent
TIMEDIALOG = Path(sys.executable).parent / "timedialog"
"""The installed console script, as clerks start it."""

HEADER = re.compile(rb"(\d+) \xc3\xa5pne,")
"""The header's count of open messages ("1000 åpne, ..."), as the app writes it (UTF-8)."""
CURSOR_MARKER = b">"
"""The first character of the cursor's row (`tui.widgets.inbox_list.CURSOR_MARKER`; a test
checks they agree, without this driver importing Textual)."""
CURSOR_ROW = re.compile(rb"\x1b\[(\d+);1H(?:\x1b\[[0-9;]*m)*" + re.escape(CURSOR_MARKER))
"""A row drawn from its first column with the cursor marker first: the group is the line."""
ROW_START = re.compile(rb"\x1b\[(\d+);1H")
"""The cursor moved to the first column of a line: a row's drawing starts."""
OVERLAP = 128
"""Bytes of earlier output searched again with each chunk (a pattern split between reads)."""
KEY_TIMEOUT = 10.0
"""Seconds after which a key without an answer counts as unanswered."""
QUIET = 2.0
"""Seconds without output from any session after which the sessions count as settled."""
IDLE_CPU = 0.01
"""CPU seconds a second per session under which the sessions count as idle (start-up done)."""
TABLE_ROWS = ((1000, 1, 0.0), (1000, 30, 0.0), (1000, 50, 2.0), (300, 50, 2.0), (10000, 1, 0.0))
"""Issue 16's table: open messages, sessions, seconds between writes (0: none)."""
MIB = 1024 * 1024


# Figures --------------------------------------------------------------------------------------


def percentile(values: Sequence[float], percent: float) -> float:
    """The nearest-rank percentile: the smallest value with `percent` % of values at or below."""
    if not values:
        raise ValueError("no values")
    ordered = sorted(values)
    rank = max(1, math.ceil(percent / 100 * len(ordered)))
    return ordered[rank - 1]


def grouped(value: float) -> str:
    """A whole number with a space between thousands, as the issue writes them: 1 930."""
    return f"{value:,.0f}".replace(",", " ")


def spread(values: Sequence[float], unit: str = "ms") -> str:
    """p50 / p95 / worst of `values`, or a dash when there are none."""
    if not values:
        return "–"
    figures = (percentile(values, 50), percentile(values, 95), max(values))
    return " / ".join(grouped(value) for value in figures) + f" {unit}"


def parse_size(text: str) -> tuple[int, int]:
    """`80x24` as (columns, rows)."""
    match = re.fullmatch(r"(\d+)x(\d+)", text)
    if not match:
        raise argparse.ArgumentTypeError(f"size {text!r} is not COLUMNSxROWS, e.g. 80x24")
    return int(match[1]), int(match[2])


def parse_group_env(text: str) -> tuple[int, str, str]:
    """`1:NAME=VALUE` as (1, NAME, VALUE)."""
    match = re.fullmatch(r"(\d+):([A-Za-z_][A-Za-z0-9_]*)=(.*)", text, flags=re.DOTALL)
    if not match:
        raise argparse.ArgumentTypeError(f"{text!r} is not GROUP:NAME=VALUE")
    return int(match[1]), match[2], match[3]


def memory_of(pid: int) -> tuple[int, int]:
    """RSS and PSS of process `pid` in bytes, from /proc/PID/smaps_rollup."""
    return parse_smaps_rollup(Path(f"/proc/{pid}/smaps_rollup").read_text())


def parse_smaps_rollup(text: str) -> tuple[int, int]:
    """RSS and PSS in bytes from the text of a smaps_rollup file."""
    found = {}
    for line in text.splitlines():
        name, _, rest = line.partition(":")
        if name in ("Rss", "Pss"):
            found[name] = int(rest.split()[0]) * 1024
    return found["Rss"], found["Pss"]


def cpu_seconds(pid: int) -> float:
    """User and system CPU time of process `pid` (all its threads) so far."""
    stat = Path(f"/proc/{pid}/stat").read_text()
    fields = stat[stat.rindex(")") + 2 :].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def machine_busy_seconds() -> float:
    """CPU time every core of the machine spent busy since boot (not idle, not waiting)."""
    values = [int(value) for value in Path("/proc/stat").read_text().split("\n")[0].split()[1:]]
    idle = values[3] + values[4]
    return (sum(values[:8]) - idle) / os.sysconf("SC_CLK_TCK")


def load_average() -> str:
    """The 1-, 5- and 15-minute load averages."""
    return " ".join(f"{value:.1f}" for value in os.getloadavg())


# A run's configuration and result -------------------------------------------------------------


@dataclass(frozen=True)
class Setup:
    """One configuration: a row of the table."""

    messages: int
    sessions: int
    write_every: float
    seconds: float = 30.0
    size: tuple[int, int] = (80, 24)
    rate: float = 20.0
    session_rate: float = 5.0
    """The most keys a second any one session gets (`rate` is shared out among sessions)."""
    db: str | None = None
    groups: int = 1
    group_env: tuple[tuple[int, str, str], ...] = ()
    write_via: str = "api"
    driver_nice: int = -10
    """The driver's niceness while it measures (see `reading_promptly`)."""

    def keys_per_second(self) -> float:
        """Keys a second in all: `rate`, unless that gives a session more than `session_rate`."""
        return min(self.rate, self.session_rate * self.sessions)

    def writes_label(self) -> str:
        """The writes as the issue's table names them."""
        if not self.write_every:
            return "none"
        return f"an import every {self.write_every:g} s"


@dataclass
class Keypress:
    """One key typed into one session, and when its answer came."""

    session: int
    key: bytes
    sent: int
    """perf_counter_ns just before the key was written."""
    line: int | None
    """The screen line the cursor should be drawn on in the answer (None: any output counts)."""
    offset: int
    """Where in the session's output the answer starts."""
    first_byte: int | None = None
    """When the first output after the key arrived (whatever it was)."""
    answered: int | None = None
    """When the answer (the cursor drawn on `line`) arrived."""


@dataclass
class Result:
    """What one run measured."""

    setup: Setup
    keys: list[float] = field(default_factory=list)
    """Milliseconds from each key to the first byte of its answer."""
    any_output: list[float] = field(default_factory=list)
    """Milliseconds from each key to the first byte of any output."""
    unanswered: int = 0
    skipped: int = 0
    visible: list[float] = field(default_factory=list)
    """Milliseconds from each write's acknowledgement to its showing, per session."""
    visible_everywhere: list[float] = field(default_factory=list)
    """Milliseconds from each write's acknowledgement until every session showed it."""
    not_seen: int = 0
    write_ms: list[float] = field(default_factory=list)
    rss: list[int] = field(default_factory=list)
    pss: list[int] = field(default_factory=list)
    group_keys: dict[int, list[float]] = field(default_factory=dict)
    group_visible: dict[int, list[float]] = field(default_factory=dict)
    cpu: dict[str, float] = field(default_factory=dict)
    load_before: str = ""
    load_after: str = ""
    startup_seconds: float = 0.0
    idle_seconds: float = 0.0
    fill_seconds: float = 0.0
    run_seconds: float = 0.0
    driver_nice: int = 0
    """The niceness the driver measured at."""
    attributed: bool = True
    """False when the cursor could not be found in the output: any output then answers."""


def table(results: Sequence[Result]) -> str:
    """The results as a markdown table with the columns of issue 16's table, and more."""
    lines = [
        "| open messages | sessions | writes | keypress → first byte, p50 / p95 / worst "
        "| memory per session (RSS median / max; PSS median) | change visible, median "
        "(every session) | keys | run time |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for result in results:
        setup = result.setup
        if result.rss:
            memory = (
                f"{statistics.median(result.rss) / MIB:.0f} / {max(result.rss) / MIB:.0f} MiB; "
                f"{statistics.median(result.pss) / MIB:.0f} MiB"
            )
        else:
            memory = "–"
        if result.visible:
            visible = f"{grouped(statistics.median(result.visible))} ms"
            if result.visible_everywhere:
                visible += f" ({grouped(statistics.median(result.visible_everywhere))} ms)"
        else:
            visible = "–"
        keys = f"{len(result.keys)}"
        if result.unanswered:
            keys += f" ({result.unanswered} unanswered)"
        lines.append(
            f"| {grouped(setup.messages)} | {setup.sessions} | {setup.writes_label()} "
            f"| {spread(result.keys)} | {memory} | {visible} | {keys} "
            f"| {result.run_seconds:.0f} s |"
        )
    return "\n".join(lines)


def describe(result: Result) -> str:
    """Every figure of one run, for the console."""
    setup = result.setup
    columns, rows = setup.size
    lines = [
        f"{grouped(setup.messages)} open messages, {setup.sessions} session(s) at "
        f"{columns}x{rows}, writes: {setup.writes_label()}, {setup.seconds:g} s at "
        f"{setup.keys_per_second():g} keys/s in all (a key every "
        f"{setup.sessions / setup.keys_per_second():.2g} s per session)"
        + (f", {setup.groups} groups" if setup.groups > 1 else ""),
        f"  filled in {result.fill_seconds:.1f} s; sessions started and painted in "
        f"{result.startup_seconds:.1f} s, idle (their start-up's work done) after "
        f"{result.idle_seconds:.1f} s; the whole run took {result.run_seconds:.0f} s",
        f"  keypress -> first byte of the answer: {spread(result.keys)} ({len(result.keys)} "
        f"keys, {result.unanswered} unanswered within {KEY_TIMEOUT:g} s, {result.skipped} "
        "turns skipped: that session had not answered its last key yet)",
        f"  keypress -> first byte of any output: {spread(result.any_output)}",
    ]
    if not result.attributed:
        lines.append("  (the cursor row was not found in the output: any output counted)")
    if setup.write_every:
        writes = len(result.visible_everywhere)
        lines.append(
            f"  change visible: median {grouped(statistics.median(result.visible or [0]))} ms "
            f"per session (p95 {grouped(percentile(result.visible or [0], 95))} ms; "
            f"{len(result.visible)} seen, {result.not_seen} not seen); until every session: "
            f"median {grouped(statistics.median(result.visible_everywhere or [0]))} ms, "
            f"worst {grouped(max(result.visible_everywhere or [0]))} ms over "
            f"{writes} writes; the writer's import: median "
            f"{statistics.median(result.write_ms or [0]):.1f} ms"
        )
    if setup.groups > 1:
        for group in sorted(result.group_keys):
            lines.append(
                f"  group {group}: keys {spread(result.group_keys[group])}, change visible "
                f"median {grouped(statistics.median(result.group_visible.get(group) or [0]))} ms"
            )
    if result.rss:
        lines.append(
            f"  memory per session: RSS median {statistics.median(result.rss) / MIB:.1f} MiB, "
            f"max {max(result.rss) / MIB:.1f} MiB; PSS median "
            f"{statistics.median(result.pss) / MIB:.1f} MiB, max {max(result.pss) / MIB:.1f} MiB"
        )
    cpu = result.cpu
    if cpu:
        others = cpu["machine"] - cpu["sessions"] - cpu["writer"] - cpu["driver"]
        lines.append(
            f"  CPU during the measurement: sessions {cpu['sessions']:.1f} s, writer "
            f"{cpu['writer']:.1f} s, this driver {cpu['driver']:.1f} s (niceness "
            f"{result.driver_nice}); the machine "
            f"{cpu['machine']:.1f} s of {cpu['available']:.0f} s (other work {others:.1f} s); "
            f"load average {result.load_before} -> {result.load_after}"
        )
        if result.write_ms:
            per_write = cpu["sessions"] / len(result.write_ms)
            lines.append(
                f"  the sessions' CPU per write: {per_write:.2f} s, "
                f"{per_write / setup.sessions * 1000:.0f} ms per session (keys included)"
            )
    return "\n".join(lines)


# Sessions -------------------------------------------------------------------------------------


class Clerk:
    """One session: `timedialog` on its own pty, and its output with the time each read came."""

    def __init__(self, number: int, group: int, pty: PtySession) -> None:
        self.number = number
        self.group = group
        self.pty = pty
        self.data = bytearray()
        self.ends: list[int] = []
        """Where each read ended in `data`."""
        self.times: list[int] = []
        """When each read arrived (perf_counter_ns)."""
        self.alive = True
        self.cursor_line: int | None = None
        """The screen line the cursor was last drawn on."""
        self.count = -1
        """The count of open messages the header last showed (-1: none yet)."""
        self.top_line: int | None = None
        self.pending: Keypress | None = None
        self.lost = False
        """A key went unanswered: where the cursor is, is unknown, so no more keys."""

    def feed(self, chunk: bytes, moment: int) -> Keypress | None:
        """Keep `chunk`; returns the pending key if this chunk answered it."""
        start = len(self.data)
        self.data += chunk
        self.ends.append(len(self.data))
        self.times.append(moment)
        since = max(0, start - OVERLAP)
        rows = list(CURSOR_ROW.finditer(self.data, since))
        if rows:
            self.cursor_line = int(rows[-1][1])
        counts = list(HEADER.finditer(self.data, since))
        if counts:
            self.count = int(counts[-1][1])
        pending = self.pending
        if pending is None:
            return None
        if pending.first_byte is None:
            pending.first_byte = moment
        if pending.line is None:
            pending.answered = moment
        else:
            for match in CURSOR_ROW.finditer(self.data, max(pending.offset, start - OVERLAP)):
                if int(match[1]) == pending.line:
                    pending.answered = self.arrival(self._answer_start(pending, match.start()))
                    break
            else:
                return None
        self.pending = None
        return pending

    def _answer_start(self, pending: Keypress, cursor_row: int) -> int:
        """Where the answer whose cursor row starts at `cursor_row` begins.

        Moving down repaints the row the cursor left before the one it moved to; when that
        row came just before (after the key), the answer began there, possibly a read earlier.
        """
        assert pending.line is not None
        rows = list(ROW_START.finditer(self.data, pending.offset, cursor_row))
        if rows and int(rows[-1][1]) == pending.line - 1:
            return rows[-1].start()
        return cursor_row

    def arrival(self, offset: int) -> int:
        """When the byte at `offset` of the output arrived."""
        low, high = 0, len(self.ends)
        while low < high:
            middle = (low + high) // 2
            if self.ends[middle] <= offset:
                low = middle + 1
            else:
                high = middle
        return self.times[low]

    def headers(self) -> list[tuple[int, int]]:
        """Every header count drawn, with when it arrived: (perf_counter_ns, count)."""
        return [
            (self.arrival(match.end() - 1), int(match[1])) for match in HEADER.finditer(self.data)
        ]

    def next_key(self) -> tuple[bytes, int | None]:
        """The key that moves the cursor between the top two rows, and the line it goes to."""
        if self.top_line is None or self.cursor_line is None:
            return b"j", None
        if self.cursor_line <= self.top_line:
            return b"j", self.cursor_line + 1
        return b"k", self.cursor_line - 1

    def text_tail(self, count: int = 400) -> str:
        """The end of the output without escape sequences, to say why a session failed."""
        text = re.sub(rb"\x1b\[[0-9;?]*[A-Za-z]", b"", bytes(self.data[-4000:]))
        return text.decode("utf-8", "replace")[-count:]


class Host:
    """The sessions of a run, read by one selector loop that never lets a pty fill up."""

    def __init__(self) -> None:
        self.selector = selectors.DefaultSelector()
        self.clerks: list[Clerk] = []
        self.writer_lines: list[str] = []
        self._writer: int | None = None
        self.writer_done = False
        """The writer closed its output: every report line is in `writer_lines`."""
        self._writer_buffer = b""

    def add(self, clerk: Clerk) -> None:
        """Read `clerk`'s pty from now on."""
        self.clerks.append(clerk)
        self.selector.register(clerk.pty.master, selectors.EVENT_READ, clerk)

    def add_writer(self, stream: IO[bytes]) -> None:
        """Read the writer's report lines from now on."""
        self._writer = stream.fileno()
        self.selector.register(self._writer, selectors.EVENT_READ, "writer")

    def pump(self, timeout: float) -> None:
        """Read whatever arrives within `timeout` seconds (returns after the first reads)."""
        events = self.selector.select(max(0.0, timeout))
        moment = time.perf_counter_ns()
        for key, _mask in events:
            if key.data == "writer":
                self._read_writer()
                continue
            clerk: Clerk = key.data
            try:
                chunk = os.read(clerk.pty.master, 65536)
            except OSError:
                chunk = b""
            if not chunk:
                clerk.alive = False
                self.selector.unregister(clerk.pty.master)
                continue
            clerk.feed(chunk, moment)

    def _read_writer(self) -> None:
        assert self._writer is not None
        data = os.read(self._writer, 65536)
        if not data:
            self.selector.unregister(self._writer)
            self._writer = None
            self.writer_done = True
            return
        self._writer_buffer += data
        *lines, self._writer_buffer = self._writer_buffer.split(b"\n")
        self.writer_lines += [line.decode() for line in lines]

    def wait_for(self, done: Callable[[], bool], timeout: float) -> bool:
        """Read until `done()` is true; False when `timeout` seconds passed first."""
        deadline = time.perf_counter() + timeout
        while not done():
            left = deadline - time.perf_counter()
            if left <= 0:
                return False
            self.pump(min(left, 0.1))
        return True

    def pump_until(self, done: Callable[[], bool], timeout: float, what: str) -> None:
        """Read until `done()` is true; a TimeoutError naming `what` after `timeout` seconds."""
        deadline = time.perf_counter() + timeout
        while not done():
            left = deadline - time.perf_counter()
            if left <= 0:
                raise TimeoutError(f"{what} did not happen within {timeout:.0f} s")
            self.check_alive()
            self.pump(min(left, 0.1))

    def pump_quiet(self, quiet: float, timeout: float) -> bool:
        """Read until no session wrote anything for `quiet` seconds; False after `timeout`."""
        deadline = time.perf_counter() + timeout
        last = time.perf_counter()
        sizes = [len(clerk.data) for clerk in self.clerks]
        while time.perf_counter() - last < quiet:
            if time.perf_counter() > deadline:
                return False
            self.pump(0.1)
            now_sizes = [len(clerk.data) for clerk in self.clerks]
            if now_sizes != sizes:
                sizes, last = now_sizes, time.perf_counter()
        return True

    def pump_idle(self, per_session: float, timeout: float) -> bool:
        """Read until the sessions use under `per_session` CPU seconds a second each."""
        deadline = time.perf_counter() + timeout
        pids = [clerk.pty.process.pid for clerk in self.clerks]
        while time.perf_counter() < deadline:
            before, began = sum(map(cpu_seconds, pids)), time.perf_counter()
            while time.perf_counter() - began < 2.0:
                self.pump(0.1)
            used = sum(map(cpu_seconds, pids)) - before
            if used / (time.perf_counter() - began) < per_session * len(pids):
                return True
        return False

    def check_alive(self) -> None:
        """Fail with what a session printed when it has ended."""
        for clerk in self.clerks:
            if not clerk.alive or clerk.pty.process.poll() is not None:
                raise RuntimeError(
                    f"session {clerk.number} ended (status {clerk.pty.process.poll()}); its "
                    f"screen ended with:\n{clerk.text_tail()}"
                )

    def send(self, clerk: Clerk, attributed: bool) -> Keypress:
        """Type the next key into `clerk`'s session."""
        key, line = clerk.next_key()
        press = Keypress(clerk.number, key, 0, line if attributed else None, len(clerk.data))
        clerk.pending = press
        press.sent = time.perf_counter_ns()
        os.write(clerk.pty.master, key)
        return press

    def close(self) -> None:
        """Stop every session and its children."""
        for clerk in self.clerks:
            with suppress(OSError, ProcessLookupError):
                clerk.pty.close()
        self.selector.close()


# The run --------------------------------------------------------------------------------------


@dataclass
class Folders:
    """Where a run keeps its files: removed at the end."""

    root: Path
    hosts: list[Path]

    def env(self, group: int, setup: Setup) -> dict[str, str]:
        """The environment of a group's processes: folders of its own, as on its own host."""
        host = self.hosts[group]
        env = {
            "HOME": str(host / "home"),
            "XDG_CONFIG_HOME": str(host / "config"),
            "XDG_CACHE_HOME": str(host / "cache"),
            "XDG_DATA_HOME": str(host / "data"),
            "XDG_STATE_HOME": str(host / "state"),
        }
        env.update({name: value for number, name, value in setup.group_env if number == group})
        return env


def make_folders(setup: Setup) -> Folders:
    """A temporary folder with one sub-folder per group ("host")."""
    root = Path(tempfile.mkdtemp(prefix="timedialog-sessions-"))
    hosts = []
    for group in range(setup.groups):
        host = root / f"host-{group}"
        for name in ("home", "config", "cache", "data", "state"):
            (host / name).mkdir(parents=True)
        hosts.append(host)
    return Folders(root, hosts)


def database(setup: Setup, folders: Folders) -> str:
    """The database the run uses: `--db`, else a file in the run's folder."""
    return setup.db or str(folders.root / "db" / "inbox.json")


def fill(setup: Setup, folders: Folders, db: str) -> float:
    """Import `setup.messages` generated files, sent over the last three days; the seconds."""
    inbox_files = folders.root / "fill"
    inbox_files.mkdir()
    now = datetime.now(UTC)
    step = (timedelta(days=3) - timedelta(hours=1)) / max(1, setup.messages)
    generate(inbox_files, setup.messages, start=now - timedelta(days=3), step=step, label="fill")
    if not setup.db:
        Path(db).parent.mkdir(parents=True, exist_ok=True)
    subprocess.run(  # made as a clerk's would be; an existing one is left as it is
        [str(TIMEDIALOG), "--db", db, "init"],
        env={**os.environ, **folders.env(0, setup)},
        capture_output=True,
        timeout=60,
        check=True,
    )
    started = time.perf_counter()
    result = subprocess.run(
        [str(TIMEDIALOG), "--db", db, "import", str(inbox_files)],
        env={**os.environ, **folders.env(0, setup)},
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    if result.returncode != 0:
        raise RuntimeError(f"filling the inbox failed:\n{result.stdout[-2000:]}{result.stderr}")
    shutil.rmtree(inbox_files)
    return time.perf_counter() - started


def as_user(db: str, name: str) -> list[str]:
    """`--user NAME` for a database file; a server's history names the login (no `--user`)."""
    return [] if "://" in db else ["--user", name]


def start_sessions(setup: Setup, folders: Folders, db: str, host: Host) -> None:
    """Start every session; each group's sessions get that group's environment."""
    for number in range(setup.sessions):
        group = number * setup.groups // setup.sessions
        argv = [str(TIMEDIALOG), "--db", db, *as_user(db, f"clerk-{group}-{number:03d}")]
        # Bokmål whatever this shell's locale says: the header's words are the marker.
        env = {"TERM": "xterm-256color", "COLORTERM": "", "LANGUAGE": "nb"}
        env.update(folders.env(group, setup))
        host.add(Clerk(number, group, PtySession(argv, size=setup.size, env=env)))


def calibrate(host: Host) -> bool:
    """Find each session's cursor, and check that keys are answered where expected.

    Two keys per session (down, up), not counted. False when the cursor row cannot be found
    in the output: then the first output after a key counts as its answer.
    """
    for clerk in host.clerks:
        if clerk.cursor_line is None:
            return False
        clerk.top_line = clerk.cursor_line
    for clerk in host.clerks:
        for _ in range(2):
            press = host.send(clerk, attributed=True)
            host.pump_until(
                lambda press=press: press.answered is not None,  # type: ignore[misc]
                KEY_TIMEOUT * 3,
                f"the answer to a warm-up key in session {clerk.number}",
            )
    return True


def start_writer(setup: Setup, folders: Folders, db: str, host: Host) -> subprocess.Popen[bytes]:
    """The writer process, ready and waiting for its start time on standard input."""
    count = int(setup.seconds // setup.write_every)
    argv = [
        sys.executable,
        str(Path(__file__).resolve()),
        "writer",
        "--db",
        db,
        "--every",
        str(setup.write_every),
        "--count",
        str(count),
        "--folder",
        str(folders.root / "writes"),
        "--via",
        setup.write_via,
    ]
    writer = subprocess.Popen(
        argv,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        env={**os.environ, **folders.env(0, setup)},
        start_new_session=True,
    )
    assert writer.stdout is not None
    host.add_writer(writer.stdout)
    host.pump_until(lambda: "ready" in host.writer_lines, 120, "the writer's start")
    return writer


def measure(setup: Setup) -> Result:
    """One run of `setup`: everything started, measured and removed again."""
    result = Result(setup)
    started = time.perf_counter()
    folders = make_folders(setup)
    host = Host()
    writer: subprocess.Popen[bytes] | None = None
    try:
        db = database(setup, folders)
        say(f"filling {setup.messages} messages")
        result.fill_seconds = fill(setup, folders, db)
        say(f"starting {setup.sessions} session(s)")
        sessions_started = time.perf_counter()
        start_sessions(setup, folders, db, host)
        host.pump_until(
            lambda: all(clerk.count >= 0 for clerk in host.clerks),
            60 + 5 * setup.sessions,
            "every session's painted inbox",
        )
        result.startup_seconds = time.perf_counter() - sessions_started
        if not host.pump_quiet(QUIET, 60 + setup.sessions):
            say("the sessions did not go quiet within the time allowed; measuring anyway")
        result.attributed = calibrate(host)
        host.pump_quiet(1.0, 30)
        # Painted is not done: each session still loads its calendar and roster, and a
        # hundred of them take the cores for a while. Measured from then, the figures would
        # be those of a morning's logins, not of a working day.
        if not host.pump_idle(IDLE_CPU, 60 + setup.sessions):
            say("the sessions did not go idle within the time allowed; measuring anyway")
        result.idle_seconds = time.perf_counter() - sessions_started
        counts = {clerk.number: clerk.count for clerk in host.clerks}
        if set(counts.values()) != {setup.messages}:
            say(f"the headers show {sorted(set(counts.values()))} open, not {setup.messages}")
        if setup.write_every:
            writer = start_writer(setup, folders, db, host)
        say(f"measuring for {setup.seconds:g} s")
        run_keys(setup, host, writer, result)
        if writer is not None:
            host.pump_until(lambda: writer.poll() is not None, 60, "the writer's end")
            if writer.returncode != 0:
                raise RuntimeError(f"the writer failed (status {writer.returncode}; see above)")
            host.wait_for(lambda: host.writer_done, 5)  # its last report lines
            total = writes_of(host)
            # Every write showing in every session (or 10 s), before the figures are taken.
            host.wait_for(
                lambda: all(clerk.count >= counts[clerk.number] + total for clerk in host.clerks),
                10,
            )
            visibility(host, counts, result)
        for clerk in host.clerks:
            rss, pss = memory_of(clerk.pty.process.pid)
            result.rss.append(rss)
            result.pss.append(pss)
    finally:
        if writer is not None and writer.poll() is None:
            with suppress(ProcessLookupError):
                os.killpg(writer.pid, signal.SIGKILL)
            writer.wait()
        host.close()
        shutil.rmtree(folders.root, ignore_errors=True)
    result.run_seconds = time.perf_counter() - started
    return result


@contextmanager
def reading_promptly(niceness: int) -> Iterator[int]:
    """The driver at `niceness` (when allowed) and without collector pauses; yields the niceness.

    The sessions, the writer and other work on the machine compete for the cores; a driver
    waiting for its turn would read an answer late and add the wait to the figure. Raised
    priority (a negative niceness, allowed to root) lets it read as soon as output comes; it
    uses about one per cent of a core. The sessions keep the niceness they started with.
    """
    before = os.getpriority(os.PRIO_PROCESS, 0)
    try:
        os.setpriority(os.PRIO_PROCESS, 0, niceness)
    except PermissionError:
        niceness = before
    gc.disable()
    try:
        yield niceness
    finally:
        gc.enable()
        with suppress(PermissionError):
            os.setpriority(os.PRIO_PROCESS, 0, before)


def writes_of(host: Host) -> int:
    """How many writes the writer reported."""
    return sum(1 for line in host.writer_lines if line.startswith("write "))


def run_keys(
    setup: Setup, host: Host, writer: subprocess.Popen[bytes] | None, result: Result
) -> None:
    """Type keys in turn for `setup.seconds`, while the writer writes."""
    pids = [clerk.pty.process.pid for clerk in host.clerks]
    interval = int(1e9 / setup.keys_per_second())
    result.load_before = load_average()
    cpu_before = sum(cpu_seconds(pid) for pid in pids)
    machine_before = machine_busy_seconds()
    driver_before = resource.getrusage(resource.RUSAGE_SELF)
    start = time.perf_counter_ns()
    if writer is not None:
        assert writer.stdin is not None
        writer.stdin.write(f"{start}\n".encode())
        writer.stdin.close()
    end = start + int(setup.seconds * 1e9)
    next_key = start
    turn = 0
    presses: list[Keypress] = []
    with reading_promptly(setup.driver_nice) as result.driver_nice:
        while True:
            now = time.perf_counter_ns()
            if now >= end:
                break
            if now >= next_key:
                for clerk in host.clerks:
                    if clerk.pending and now - clerk.pending.sent > KEY_TIMEOUT * 1e9:
                        clerk.pending, clerk.lost = None, True
                        result.unanswered += 1
                for step in range(len(host.clerks)):
                    clerk = host.clerks[(turn + step) % len(host.clerks)]
                    if clerk.pending is None and not clerk.lost and clerk.alive:
                        presses.append(host.send(clerk, result.attributed))
                        turn = (turn + step + 1) % len(host.clerks)
                        break
                else:
                    result.skipped += 1
                    turn = (turn + 1) % len(host.clerks)
                next_key = max(next_key + interval, now - interval)
            host.pump(min(next_key, end) / 1e9 - time.perf_counter_ns() / 1e9)
        # The keys still waiting get their answers (or time out) before the figures are taken.
        deadline = time.perf_counter() + KEY_TIMEOUT
        while any(clerk.pending for clerk in host.clerks) and time.perf_counter() < deadline:
            host.pump(0.1)
    result.unanswered += sum(1 for clerk in host.clerks if clerk.pending)
    for clerk in host.clerks:
        clerk.pending = None
    driver_after = resource.getrusage(resource.RUSAGE_SELF)
    result.cpu = {
        "sessions": sum(cpu_seconds(pid) for pid in pids) - cpu_before,
        "writer": 0.0,  # the writer reports its own when it ends (`visibility`)
        "driver": (driver_after.ru_utime + driver_after.ru_stime)
        - (driver_before.ru_utime + driver_before.ru_stime),
        "machine": machine_busy_seconds() - machine_before,
        "available": (time.perf_counter_ns() - start) / 1e9 * (os.cpu_count() or 1),
    }
    result.load_after = load_average()
    for press in presses:
        if press.answered is None:
            continue
        milliseconds = (press.answered - press.sent) / 1e6
        result.keys.append(milliseconds)
        group = host.clerks[press.session].group
        result.group_keys.setdefault(group, []).append(milliseconds)
        if press.first_byte is not None:
            result.any_output.append((press.first_byte - press.sent) / 1e6)


def visibility(host: Host, counts: dict[int, int], result: Result) -> None:
    """When each write showed in each session: the header's count reaching it."""
    writes: list[tuple[int, int]] = []
    for line in host.writer_lines:
        if line.startswith("write "):
            fields = line.split()
            writes.append((int(fields[1]), int(fields[3])))
            result.write_ms.append(float(fields[4]))
        elif line.startswith("cpu "):
            _word, at_start, at_end = line.split()
            result.cpu["writer"] = float(at_end) - float(at_start)
    seen: dict[int, list[float]] = {}
    for clerk in host.clerks:
        headers = clerk.headers()
        for number, acknowledged in writes:
            wanted = counts[clerk.number] + number
            moments = [moment for moment, count in headers if count >= wanted]
            if not moments:
                result.not_seen += 1
                continue
            milliseconds = (moments[0] - acknowledged) / 1e6
            result.visible.append(milliseconds)
            result.group_visible.setdefault(clerk.group, []).append(milliseconds)
            seen.setdefault(number, []).append(milliseconds)
    result.visible_everywhere = [
        max(delays) for delays in seen.values() if len(delays) == len(host.clerks)
    ]


# The writer (a process of its own) ------------------------------------------------------------


def writer_main(argv: Sequence[str]) -> None:
    """Import one new message every `--every` seconds; report each acknowledged write."""
    parser = argparse.ArgumentParser(prog="sessions.py writer")
    parser.add_argument("--db", required=True)
    parser.add_argument("--every", type=float, required=True)
    parser.add_argument("--count", type=int, required=True)
    parser.add_argument("--folder", type=Path, required=True)
    parser.add_argument("--via", choices=("api", "cli"), default="api")
    args = parser.parse_args(argv)
    args.folder.mkdir(parents=True, exist_ok=True)
    importer = None
    if args.via == "api":
        # What `timedialog import` runs: the command's own way to the database, then the
        # importer; without the Python start-up a new command would cost every write.
        from tui import cli
        from tui.cli.common import open_inbox
        from tui.core.config.config import load_config
        from tui.core.helsenorge.importer import Importer

        options = cli.parse_arguments(
            ["--db", args.db, *as_user(args.db, "bench-writer"), "import", "-"]
        )
        inbox = open_inbox(options, load_config(options.config))
        importer = Importer(inbox)
    print("ready", flush=True)
    at_start = writer_cpu_seconds()
    start = int(sys.stdin.readline())
    label = f"write-{os.getpid()}-{start}"
    for number in range(1, args.count + 1):
        path = args.folder / f"write-{number:04d}.xml"
        path.write_bytes(message_text(number, datetime.now(UTC), label=label).encode())
        pause = (start + int(number * args.every * 1e9) - time.perf_counter_ns()) / 1e9
        if pause > 0:
            time.sleep(pause)
        began = time.perf_counter_ns()
        if importer is not None:
            report = importer.import_paths([path])
            added = report.new_messages
        else:
            done = subprocess.run(
                [str(TIMEDIALOG), "--db", args.db, "import", str(path)],
                capture_output=True,
                check=False,
            )
            added = 1 if done.returncode == 0 else 0
        acknowledged = time.perf_counter_ns()
        if added != 1:
            raise SystemExit(f"write {number} added {added} messages, not 1")
        print(f"write {number} {began} {acknowledged} {(acknowledged - began) / 1e6:.2f}")
        sys.stdout.flush()
    print(f"cpu {at_start:.3f} {writer_cpu_seconds():.3f}", flush=True)


def writer_cpu_seconds() -> float:
    """The CPU time of this process and of the commands it ran."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime + children.ru_utime + children.ru_stime


# One persisted change -------------------------------------------------------------------------


def change_cost(changes: int, db: str | None) -> str:
    """One persisted change at 1 000 open messages, beside an fsynced write of its bytes."""
    from bench.store import fill as fill_store
    from bench.store import median_change_ms
    from tui import cli
    from tui.cli.common import open_inbox
    from tui.core.config.config import load_config

    with tempfile.TemporaryDirectory(prefix="timedialog-change-") as folder:
        target = db or str(Path(folder) / "inbox.json")
        options = cli.parse_arguments(["--db", target, *as_user(target, "bench"), "list"])
        # The example, unless TIMEDIALOG_CONFIG names one (a server's department, say).
        example = str(REPO / "data" / "config.example.toml")
        options.config = os.environ.get("TIMEDIALOG_CONFIG") or example
        inbox = open_inbox(options, load_config(options.config), create=True)
        ids = fill_store(inbox, 0)
        os.sync()  # the fill's writes reach the disk before the fsyncs are timed
        median, _p90 = median_change_ms(inbox, ids, changes)
        changed = inbox.store.get(ids[0])
        from tui.core.store.dbfile import encode

        record = encode({changed.id: changed.to_dict()}) + b"\n"
        floor = []
        journal = os.open(Path(folder) / "floor.journal", os.O_WRONLY | os.O_CREAT, 0o600)
        try:
            for _ in range(changes):
                began = time.perf_counter_ns()
                os.write(journal, record)
                os.fsync(journal)
                floor.append((time.perf_counter_ns() - began) / 1e6)
        finally:
            os.close(journal)
    floor_median = statistics.median(floor)
    return (
        f"one persisted change at 1 000 open messages (Inbox.set_category, median of {changes}): "
        f"{median:.2f} ms; the floor, an fsynced write of the changed message's "
        f"{len(record)} bytes in the same folder: {floor_median:.2f} ms "
        f"(change / floor: {median / floor_median:.1f})"
    )


# Command line ---------------------------------------------------------------------------------


def say(text: str) -> None:
    """Progress, on standard error."""
    print(f"[{time.strftime('%H:%M:%S')}] {text}", file=sys.stderr, flush=True)


@contextmanager
def ended_by_signals() -> Iterator[None]:
    """SIGTERM and SIGHUP end the run like Ctrl-C: through every `finally`, cleaning up."""

    def stop(number: int, _frame: FrameType | None) -> None:
        raise KeyboardInterrupt(f"signal {number}")

    previous = {number: signal.signal(number, stop) for number in (signal.SIGTERM, signal.SIGHUP)}
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)


def build_parser() -> argparse.ArgumentParser:
    """The benchmark's options."""
    parser = argparse.ArgumentParser(
        description=(__doc__ or "").splitlines()[0],
        epilog="See the module's docstring (and bench/README.md) for what is measured and how.",
    )
    parser.add_argument("--messages", type=int, default=1000, help="open messages (1000)")
    parser.add_argument("--sessions", type=int, default=30, help="sessions (30)")
    parser.add_argument(
        "--write-every", type=float, default=2.0, help="seconds between imports; 0: none (2)"
    )
    parser.add_argument("--seconds", type=float, default=30.0, help="measured seconds (30)")
    parser.add_argument("--size", type=parse_size, default=(80, 24), help="80x24 or 120x40")
    parser.add_argument("--rate", type=float, default=20.0, help="keys per second in all (20)")
    parser.add_argument(
        "--session-rate",
        type=float,
        default=5.0,
        help="keys per second for any one session at most (5)",
    )
    parser.add_argument("--db", help="database path or URL (default: a temporary file)")
    parser.add_argument("--groups", type=int, default=1, help="groups of sessions (hosts)")
    parser.add_argument(
        "--group-env",
        type=parse_group_env,
        action="append",
        default=[],
        metavar="G:NAME=VALUE",
        help="an environment variable for group G's sessions (repeatable)",
    )
    parser.add_argument(
        "--write-via",
        choices=("api", "cli"),
        default="api",
        help="api: one writer process running the import; cli: `timedialog import` per write",
    )
    parser.add_argument(
        "--driver-nice",
        type=int,
        default=-10,
        help="the driver's niceness while measuring, when allowed (-10; 0: as the sessions)",
    )
    parser.add_argument(
        "--changes", type=int, default=50, help="persisted changes timed at 1 000 messages (50)"
    )
    parser.add_argument(
        "--change-db",
        help="the database for the persisted changes (default: a temporary file); it gets "
        "1 000 messages added",
    )
    parser.add_argument(
        "--table", action="store_true", help="run the five rows of issue 16's table"
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark (or, as `writer ...`, the writer process)."""
    arguments = list(sys.argv[1:] if argv is None else argv)
    if arguments[:1] == ["writer"]:
        writer_main(arguments[1:])
        return 0
    args = build_parser().parse_args(arguments)
    if not TIMEDIALOG.exists():
        print(
            f"The installed command {TIMEDIALOG} is missing: run ./tests/run once, or "
            f"{sys.executable} -m pip install -e '.[test]', and run this benchmark with that "
            "environment's Python.",
            file=sys.stderr,
        )
        return 2
    if args.sessions < 1 or args.messages < 2 or not 1 <= args.groups <= args.sessions:
        print("Need at least 1 session, 2 messages, and 1 to --sessions groups.", file=sys.stderr)
        return 2
    if args.db and (args.table or ("://" not in args.db and Path(args.db).exists())):
        print(
            "--db must name a new, empty database (the run fills it), and one run's: "
            "without --table, and for a file, a path where no file is yet.",
            file=sys.stderr,
        )
        return 2
    given = Setup(
        args.messages,
        args.sessions,
        args.write_every,
        seconds=args.seconds,
        size=args.size,
        rate=args.rate,
        session_rate=args.session_rate,
        db=args.db,
        groups=args.groups,
        group_env=tuple(args.group_env),
        write_via=args.write_via,
        driver_nice=args.driver_nice,
    )
    if args.table:
        setups = [
            replace(
                given,
                messages=messages,
                sessions=sessions,
                write_every=every,
                groups=min(args.groups, sessions),
            )
            for messages, sessions, every in TABLE_ROWS
        ]
    else:
        setups = [given]
    commit = subprocess.run(
        ["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"],
        capture_output=True,
        text=True,
        check=False,
    ).stdout.strip()
    print(f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC, commit {commit or '?'}, {os.cpu_count()} cores")
    uptime = subprocess.run(["uptime"], capture_output=True, text=True, check=False).stdout
    print(f"uptime: {uptime.strip()}")
    results = []
    with ended_by_signals():
        try:
            print(change_cost(args.changes, args.change_db), flush=True)
            for setup in setups:
                result = measure(setup)
                results.append(result)
                print(describe(result), flush=True)
        except KeyboardInterrupt:
            print("stopped; every session and temporary folder removed", file=sys.stderr)
            return 130
    print()
    print(table(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
