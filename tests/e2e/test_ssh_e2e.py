"""The whole road over a real SSH connection, the way clerks reach timedialog.

A throwaway OpenSSH server on 127.0.0.1 (`tests/helpers/sshd.py`) logs the current user in by a key
made for the test. The clerk's thin client is an outer tmux with `set-clipboard on`: it runs
`ssh -tt`, and on the far side the installed `timedialog` runs exactly as a login would start
it: the environment sshd gives (no DISPLAY, no COLORTERM, TERM from the outer terminal).
"""

from __future__ import annotations

import os
import re
import shlex
import signal
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.helpers.sshd import SshServer, start_ssh_server
from tests.helpers.terminal import (
    Tmux,
    alive,
    faked_clock,
    installed_command,
    threads_of,
    wait_for,
)
from tui.core.config.config import example_config_path, load_config
from tui.core.labels import category_short
from tui.core.model import Category, Message
from tui.core.store.store import Store
from tui.core.texts.library import TextLibrary
from tui.core.workflow.inbox import Inbox

pytestmark = pytest.mark.e2e

NORWEGIAN_TEXT = """\
id = "saerskilt"
title = "Særskilt svar om kø og ventetid"
keywords = ["kø", "særskilt"]
body = '''
Hei! Vi har fått meldingen din. Køen er lang før sommerferien, så svaret kan ta tid.
Særlige behov? Ring oss på dagtid – vi hjelper gjerne. ÆØÅ æøå
'''
"""
"""A department text with every Norwegian letter, to see them arrive intact."""

LIVE_VIEW_SECONDS = 2.0
"""The issue's bound for a change to show in another session (the watcher takes ~0.3 s; the
periodic reload every 60 s would be far too late, so this tells the two apart)."""


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SshServer]:
    running = start_ssh_server(tmp_path_factory.mktemp("sshd"))
    yield running
    running.stop()


@dataclass
class Login:
    """One clerk's SSH session, shown in an outer tmux (the thin client's terminal)."""

    tmux: Tmux
    ssh_pid: int
    """The ssh client, in the thin client."""
    app_pid_file: Path
    """Where the remote shell wrote its pid before it became `timedialog` (exec)."""

    @property
    def app_pid(self) -> int:
        return int(self.app_pid_file.read_text())

    def screen(self) -> str:
        return self.tmux.screen()

    def line_style(self, number: int) -> str:
        """The escape sequences that style the first cell of screen line `number` (0-based).

        tmux writes each cell's attributes as a change from the one before, so capturing one
        line by itself gives that line's full starting style.
        """
        captured = self.tmux.run(
            "capture-pane", "-p", "-e", "-S", str(number), "-E", str(number)
        ).stdout
        match = re.match(r"(?:\x1b\[[0-9;]*m)*", captured)
        return match.group(0) if match else ""


@pytest.fixture
def login(tmp_path: Path, server: SshServer) -> Iterator[Callable[..., Login]]:
    """Log in over SSH in a fresh outer tmux and run `remote` there."""
    terminals: list[Tmux] = []

    def start(remote: str, env: dict[str, str] | None = None, height: int = 24) -> Login:
        tmux = Tmux(tmp_path, height=height)
        terminals.append(tmux)
        name = uuid.uuid4().hex[:8]
        ssh_pid_file = tmp_path / f"ssh-{name}.pid"
        app_pid_file = tmp_path / f"app-{name}.pid"
        remote_shell = f"echo $$ > {shlex.quote(str(app_pid_file))}; exec {remote}"
        local_shell = f"echo $$ > {shlex.quote(str(ssh_pid_file))}; exec "
        local_shell += server.ssh_command(remote_shell)
        tmux.start(f"sh -c {shlex.quote(local_shell)}", env=env)
        wait_for(lambda: ssh_pid_file.exists() and ssh_pid_file.read_text().strip() != "")
        return Login(tmux, int(ssh_pid_file.read_text()), app_pid_file)

    yield start
    for tmux in terminals:
        tmux.kill()


def leave_message_and_quit(clerk: Login) -> None:
    """Press q in the opened message (back to the inbox, as in mutt's pager), then q to quit.

    Each q waits for the footer of the view it is meant for: the inbox's footer is still on
    the screen for a moment after Enter, and a q read there would only close the message.
    """
    wait_for(lambda: "q Tilbake" in clerk.tmux.footer(), what="the message's keys")
    clerk.tmux.keys("q")
    wait_for(lambda: "q Avslutt" in clerk.tmux.footer(), what="the inbox's keys")
    clerk.tmux.keys("q")


def timedialog(*args: str | Path, wrapper: tuple[str, ...] = ()) -> str:
    """The remote command line that runs the installed timedialog."""
    return shlex.join([*wrapper, installed_command(), *map(str, args)])


@pytest.fixture
def config_file(tmp_path: Path) -> Path:
    """The example configuration with claims lapsing after 1 minute and a text with æøå.

    Every department shares one texts folder, so the text is offered whichever message is
    selected.
    """
    texts = tmp_path / "texts"
    texts.mkdir()
    (texts / "saerskilt.toml").write_text(NORWEGIAN_TEXT, encoding="utf-8")
    source = example_config_path().read_text(encoding="utf-8")
    assert "claim_minutes = 30" in source
    source = source.replace("claim_minutes = 30", "claim_minutes = 1")
    source = re.sub(r"^texts_dir = .*\n", "", source, flags=re.MULTILINE)
    source, departments = re.subn(
        r"^(phone = .*)$", rf'\1\ntexts_dir = "{texts}"', source, flags=re.MULTILINE
    )
    assert departments >= 2
    path = tmp_path / "config.toml"
    path.write_text(source, encoding="utf-8")
    return path


@pytest.fixture
def shared_db(tmp_path: Path, server: SshServer, config_file: Path) -> Path:
    """The department's shared database, filled with the demo once over SSH."""
    folder = tmp_path / "shared"
    folder.mkdir()
    path = folder / "inbox.json"
    server.run(timedialog("demo", "--db", path, "--config", config_file))
    return path


def inbox_as(user: str, db: Path, config_file: Path) -> Inbox:
    return Inbox(Store(db), load_config(config_file), user)


def first_row(db: Path, config_file: Path) -> Message:
    return inbox_as("test", db, config_file).messages()[0]


def choose_other_category(login: Login, current: Category) -> Category:
    """Press `e` and choose a category other than `current`; return the one chosen."""
    categories = list(Category)
    target = categories[0] if current is not categories[0] else categories[1]
    login.tmux.keys("e")
    login.tmux.wait_for_screen("Velg kategori")
    login.tmux.keys("Home", *["Down"] * categories.index(target), "Enter")
    return target


def toast(screen: str) -> str:
    """The notification's text: what stands right of its bar, joined into one line (without
    the inbox's scrollbar, which a tall stack of notifications reaches)."""
    parts = [
        line.rsplit("▌", 1)[1].rstrip().rstrip("▁▂▃▄▅▆▇█▀")
        for line in screen.splitlines()
        if "▌" in line
    ]
    return " ".join(" ".join(parts).split())


def leftovers(folder: Path) -> list[str]:
    """Temporary or lock files of the store left in the database's folder."""
    return sorted(p.name for p in folder.iterdir() if ".tmp-" in p.name or p.suffix == ".lock")


# The connection itself ---------------------------------------------------------------------


def test_the_login_environment_is_a_plain_ssh_session(server: SshServer) -> None:
    """What the app sees: TERM travels with the terminal, the local desktop does not."""
    local = {"COLORTERM": "truecolor", "DISPLAY": ":99", "WAYLAND_DISPLAY": "wayland-9"}
    remote = dict(
        line.split("=", 1) for line in server.run("env", env=local).splitlines() if "=" in line
    )
    assert remote["USER"] == server.user
    assert "SSH_CONNECTION" in remote
    for name in ("COLORTERM", "DISPLAY", "WAYLAND_DISPLAY"):
        assert name not in remote, f"{name} reached the server"


# Copy ---------------------------------------------------------------------------------------


def test_copy_travels_through_ssh_into_the_thin_clients_tmux(
    login: Callable[..., Login], config_file: Path
) -> None:
    # The thin client has a desktop of its own; none of it may reach the server.
    clerk = login(
        timedialog("--demo", "--config", config_file, "--user", "kari"),
        env={"COLORTERM": "truecolor", "DISPLAY": ":99"},
    )
    clerk.tmux.wait_for_screen("åpne")
    row = next(line for line in clerk.screen().splitlines() if "*****" in line)
    category = next(c for c in Category if f" {category_short(c)}" in row)
    library = TextLibrary.from_config(load_config(config_file))
    suggested = library.for_category(category)
    assert suggested is not None

    clerk.tmux.keys("c")
    wait_for(lambda: clerk.tmux.buffer() == suggested.body, what="the reply in the outer tmux")
    notice = toast(clerk.tmux.wait_for_screen("OSC 52"))
    assert "Kopiert via terminalen (OSC 52)." in notice
    # No display on the server: pyperclip was not used, and nothing complained.
    assert "utklippstavle" not in notice
    assert "Kunne ikke" not in notice

    # A text with every Norwegian letter, found by typing Norwegian letters over SSH.
    norwegian = library.get("saerskilt", "ORT")
    assert norwegian is not None
    clerk.tmux.keys("t")
    clerk.tmux.wait_for_screen("Standardtekster")
    clerk.tmux.keys("særskilt kø")
    clerk.tmux.wait_for_screen("Særskilt svar om kø og ventetid")
    clerk.tmux.keys("Enter")
    wait_for(lambda: clerk.tmux.buffer() == norwegian.body, what="æøå in the outer tmux")
    assert "ÆØÅ æøå" in clerk.tmux.buffer()


# Colour -------------------------------------------------------------------------------------

SGR = re.compile(r"\x1b\[([0-9;]*)m")


def colour_kinds(escapes: str) -> set[str]:
    """Which colour systems the SGR sequences use: "truecolor", "256" or "16"."""
    kinds = set()
    for params in SGR.findall(escapes):
        codes = params.split(";")
        for index, code in enumerate(codes):
            if code in ("38", "48") and index + 1 < len(codes):
                kinds.add({"2": "truecolor", "5": "256"}[codes[index + 1]])
            elif re.fullmatch(r"3[0-7]|4[0-7]|9[0-7]|10[0-7]", code):
                kinds.add("16")
    return kinds


@pytest.mark.parametrize(
    ("term", "expected"),
    [
        # The outer tmux's own TERM (tmux-256color) as ssh hands it on; the thin client's
        # COLORTERM=truecolor stays behind (sshd accepts no environment by default).
        (None, "256"),
        # PuTTY and plain xterm say TERM=xterm: 16 colours.
        ("xterm", "16"),
    ],
)
def test_colours_as_ssh_passes_them(
    login: Callable[..., Login], config_file: Path, term: str | None, expected: str
) -> None:
    env = {"COLORTERM": "truecolor"} | ({"TERM": term} if term else {})
    # 50 lines: enough rows to see overdue, due today and later ones at once. The demo is
    # dated from today, and on a weekend or a holiday nothing is due today: a working
    # Wednesday morning on the server's clock, whenever the test runs.
    wednesday = faked_clock("@2026-12-02 09:00:00")
    command = timedialog("--demo", "--config", config_file, "--user", "kari", wrapper=wednesday)
    clerk = login(command, env=env, height=50)
    screen = clerk.tmux.wait_for_screen("åpne")
    escapes = clerk.tmux.run("capture-pane", "-p", "-e").stdout
    kinds = colour_kinds(escapes)
    assert "truecolor" not in kinds  # COLORTERM did not travel, so no 24-bit colour
    if expected == "256":
        assert "256" in kinds
    else:
        assert kinds == {"16"}

    # It reads without colour: the deadline and urgency markers are symbols and words.
    lines = screen.splitlines()
    rows = [number for number, line in enumerate(lines) if "*****" in line]
    texts = [lines[number] for number in rows]
    assert any(text.startswith(" !!") for text in texts), "no overdue marker"
    assert any(re.match(r" ![^!]", text) for text in texts), "no due-today marker"
    assert any("HASTER?" in text for text in texts), "no urgency marker"
    assert "forfalt (!!)" in lines[0]
    # The cursor row stands out from every other row (a background of its own).
    styles = [clerk.line_style(number) for number in rows]
    assert styles[0] not in styles[1:]
    # Overdue rows are drawn differently from rows not yet due.
    overdue = {clerk.line_style(n) for n, t in zip(rows, texts, strict=True) if t[1:3] == "!!"}
    later = {
        clerk.line_style(n)
        for n, t in zip(rows[1:], texts[1:], strict=True)
        if t[1] == " " and "HASTER?" not in t
    }
    assert overdue
    assert later
    assert overdue.isdisjoint(later)


# A dropped connection -----------------------------------------------------------------------


def test_a_dropped_connection_keeps_the_change_and_releases_the_claim(
    login: Callable[..., Login], server: SshServer, shared_db: Path, config_file: Path
) -> None:
    message = first_row(shared_db, config_file)
    clerk = login(timedialog("--db", shared_db, "--config", config_file, "--user", "kari"))
    clerk.tmux.wait_for_screen("åpne")
    clerk.tmux.keys("Enter")
    wait_for(lambda: Store(shared_db).get(message.id).claimed_by == "kari", what="the claim")
    chosen = choose_other_category(clerk, message.category)
    wait_for(lambda: Store(shared_db).get(message.id).category is chosen, what="the change")
    app = clerk.app_pid

    os.kill(clerk.ssh_pid, signal.SIGKILL)  # the thin client loses the network
    wait_for(lambda: not alive(app), what="timedialog to end after the hang-up")

    stored = inbox_as("kari", shared_db, config_file).messages()  # the file loads
    after = next(m for m in stored if m.id == message.id)
    assert after.category is chosen
    assert after.category_confirmed
    assert after.claimed_by == ""
    assert [e.action for e in after.history][-3:] == ["claimed", "category_confirmed", "released"]
    assert leftovers(shared_db.parent) == []

    # A new login shows the inbox at once, with the change, and nobody holding the message.
    started = time.monotonic()
    again = login(timedialog("--db", shared_db, "--config", config_file, "--user", "per"))
    screen = again.tmux.wait_for_screen("åpne")
    print(f"new login to painted inbox over SSH: {time.monotonic() - started:.2f} s")
    assert message.subject in screen
    again.tmux.keys("Enter")
    wait_for(lambda: Store(shared_db).get(message.id).claimed_by == "per", what="per's claim")
    assert "jobber med" not in again.screen()


def test_a_claim_nobody_could_release_lapses_after_claim_minutes(
    login: Callable[..., Login], shared_db: Path, config_file: Path
) -> None:
    """The connection and the app die at once (a crashed server process): no SIGHUP handler
    runs, so the claim stays in the file until `claim_minutes` (1 in this configuration)."""
    message = first_row(shared_db, config_file)
    clerk = login(timedialog("--db", shared_db, "--config", config_file, "--user", "kari"))
    clerk.tmux.wait_for_screen("åpne")
    clerk.tmux.keys("Enter")
    wait_for(lambda: Store(shared_db).get(message.id).claimed_by == "kari", what="the claim")
    app = clerk.app_pid
    os.kill(app, signal.SIGKILL)
    with suppress(ProcessLookupError):  # ssh may have ended already, seeing the session close
        os.kill(clerk.ssh_pid, signal.SIGKILL)
    wait_for(lambda: not alive(app), what="timedialog to be gone")
    assert Store(shared_db).get(message.id).claimed_by == "kari"
    # Killed at any moment, even inside a write: the file is whole (written by rename), and a
    # lock file left behind is only a name (the kernel let go of the lock with the process).

    # Within the minute, another clerk may read the message but not take it.
    per = login(timedialog("--db", shared_db, "--config", config_file, "--user", "per"))
    per.tmux.wait_for_screen("åpne")
    per.tmux.keys("Enter")
    per.tmux.wait_for_screen("kari jobber med denne meldingen")
    assert Store(shared_db).get(message.id).claimed_by == "kari"
    leave_message_and_quit(per)
    wait_for(
        lambda: not alive(per.app_pid),
        what="per's app to quit",
        context=lambda: per.screen() + threads_of(per.app_pid),
    )

    # Two minutes later (the server's clock moved on by libfaketime), the claim has lapsed.
    later = login(
        timedialog(
            "--db",
            shared_db,
            "--config",
            config_file,
            "--user",
            "per",
            wrapper=faked_clock("+120"),
        )
    )
    later.tmux.wait_for_screen("åpne")
    later.tmux.keys("Enter")
    wait_for(lambda: Store(shared_db).get(message.id).claimed_by == "per", what="per's claim")
    assert "jobber med" not in later.screen()
    leave_message_and_quit(later)  # the message is let go on the way out
    wait_for(
        lambda: not alive(later.app_pid),
        what="per's app to quit",
        context=lambda: later.screen() + threads_of(later.app_pid),
    )
    assert Store(shared_db).get(message.id).claimed_by == ""
    assert leftovers(shared_db.parent) == []


# Two sessions at once -----------------------------------------------------------------------


def test_two_ssh_sessions_see_each_others_changes_live(
    login: Callable[..., Login], shared_db: Path, config_file: Path
) -> None:
    messages = inbox_as("test", shared_db, config_file).messages()
    kari = login(timedialog("--db", shared_db, "--config", config_file, "--user", "kari"))
    per = login(timedialog("--db", shared_db, "--config", config_file, "--user", "per"))
    kari.tmux.wait_for_screen("åpne")
    per.tmux.wait_for_screen("åpne")

    def row_of(clerk: Login, message: Message) -> str:
        return next(line for line in clerk.screen().splitlines() if message.subject in line)

    for actor, watcher, message, moves in (
        (kari, per, messages[0], ()),
        (per, kari, messages[1], ("j",)),
    ):
        actor.tmux.keys(*moves)
        before = row_of(watcher, message)
        chosen = choose_other_category(actor, message.category)
        wait_for(
            lambda m=message, c=chosen: Store(shared_db).get(m.id).category is c, what="the change"
        )
        saved = time.monotonic()
        label = f" {category_short(chosen)} "
        wait_for(
            lambda w=watcher, m=message, lbl=label: lbl in row_of(w, m),
            timeout=LIVE_VIEW_SECONDS,
            what="the change in the other session",
        )
        print(f"shown in the other session {time.monotonic() - saved:.2f} s after it was saved")
        assert before != row_of(watcher, message)
