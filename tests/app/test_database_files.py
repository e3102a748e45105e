"""Never lose or invent data: no database made by accident, a read-only one never replaced.

A database named by `--db` or `TIMEDIALOG_DB` must exist (or be made by `timedialog init`,
or after the app asked); a folder that does not exist is refused with nothing created. A
database file without write permission is read, never written: the command line refuses a
change with a non-zero exit, the app shows a banner and refuses each change with a notice.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from textual.widgets import Static

from tests.conftest import REPO, FakeClock
from tests.helpers.pilot import settle
from tests.unit.test_helsenorge import FIXTURES
from tui.cli import main
from tui.core.config.config import Config
from tui.core.store.dbfile import is_read_only
from tui.core.store.store import ReadOnlyDatabaseError, Store
from tui.core.texts.library import TextLibrary
from tui.core.workflow.inbox import Inbox

CONFIG = str(REPO / "data" / "config.example.toml")
STORE_COMMANDS = [
    ["list"],
    ["list", "--json"],
    ["archive"],
    ["purge", "--dry-run"],
    ["purge"],
    ["report"],
    ["import", str(FIXTURES)],
]
"""Every subcommand that opens the database (besides `init` and `demo`, which make it)."""


def everything_in(folder: Path) -> list[str]:
    return sorted(str(path.relative_to(folder)) for path in folder.rglob("*"))


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main([*argv, "--config", CONFIG, "--user", "kari"])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture
def no_app(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """The app's `run` returns at once: what the command line did before it is what counts."""
    from textual.app import App

    started: list[object] = []
    monkeypatch.setattr(App, "run", lambda self, *args, **kwargs: started.append(self))
    return started


# A folder that does not exist ---------------------------------------------------------------


@pytest.mark.parametrize("command", [*STORE_COMMANDS, ["init"], ["demo"], ["serve"], []])
def test_a_missing_folder_is_refused_and_nothing_is_created(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], command: list[str], no_app: list[object]
) -> None:
    path = tmp_path / "skrivefeil" / "inbox.json"
    code, _out, err = run(capsys, *command, "--db", str(path))
    assert code == 1
    assert f"Mappen {path.parent} finnes ikke" in err
    assert "ingenting er opprettet" in err
    assert everything_in(tmp_path) == []
    assert no_app == []


def test_timedialog_db_naming_a_missing_folder_is_refused_too(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TIMEDIALOG_DB", str(tmp_path / "ingen" / "inbox.json"))
    code, _out, err = run(capsys, "import", str(FIXTURES))
    assert code == 1
    assert "finnes ikke" in err
    assert everything_in(tmp_path) == []


# A file that does not exist -------------------------------------------------------------------


@pytest.mark.parametrize("command", [*STORE_COMMANDS, ["serve"]])
def test_a_missing_database_is_not_made_by_any_other_command(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], command: list[str]
) -> None:
    path = tmp_path / "inbox.json"
    code, _out, err = run(capsys, *command, "--db", str(path))
    assert code == 1
    assert f"Databasen {path} finnes ikke" in err
    assert f"timedialog init --db {path}" in err
    assert everything_in(tmp_path) == []


def test_init_makes_an_empty_database_once(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "inbox.json"
    code, out, _err = run(capsys, "init", "--db", str(path))
    assert code == 0
    assert f"Ny, tom database opprettet: {path}" in out
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert Store(path).messages() == []
    assert run(capsys, "import", str(FIXTURES), "--db", str(path))[0] == 0
    before = path.read_bytes()
    code, out, _err = run(capsys, "init", "--db", str(path))
    assert (code, path.read_bytes()) == (0, before)
    assert "finnes fra før; ingenting er endret" in out


def test_demo_puts_the_demo_into_a_new_file_it_is_given(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "demo.json"
    assert run(capsys, "demo", "--db", str(path))[0] == 0
    assert len(Store(path).messages()) > 5


def test_the_app_asks_before_it_makes_a_database_and_a_no_makes_nothing(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    no_app: list[object],
) -> None:
    import tui.cli.create_database

    asked: list[Path] = []

    def answer(reply: bool) -> None:
        def ask(path: Path, theme: object = None) -> bool:
            asked.append(path)
            return reply

        monkeypatch.setattr(tui.cli.create_database, "ask_to_create", ask)

    path = tmp_path / "inbox.json"
    answer(False)
    code, _out, err = run(capsys, "--db", str(path))
    assert (code, asked, no_app) == (1, [path], [])
    assert "Ingen database ble opprettet" in err
    assert everything_in(tmp_path) == []

    answer(True)
    assert run(capsys, "--db", str(path))[0] == 0
    assert len(no_app) == 1
    assert path.exists()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600

    asked.clear()
    assert run(capsys, "--db", str(path))[0] == 0  # it exists now: no question
    assert asked == []


async def test_the_question_takes_enter_for_yes_and_escape_for_no(tmp_path: Path) -> None:
    from tui.cli.create_database import CreateDatabaseApp

    for key, expected in (("enter", True), ("escape", False)):
        app = CreateDatabaseApp(tmp_path / "inbox.json")
        async with app.run_test(size=(80, 24)) as pilot:
            text = str(app.screen.query_one("#create-database-keys", Static).content)
            assert f"Opprette ny database {tmp_path / 'inbox.json'}? (Enter = ja" in text
            await pilot.press(key)
        assert app.return_value is expected
    assert everything_in(tmp_path) == []


def test_the_default_database_is_made_on_the_first_start(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    no_app: list[object],
) -> None:
    monkeypatch.delenv("TIMEDIALOG_DB", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    assert run(capsys, "list")[0] == 0  # reading the default makes nothing
    assert everything_in(tmp_path) == []
    assert run(capsys)[0] == 0
    assert (tmp_path / "data" / "timedialog" / "inbox.json").exists()
    assert len(no_app) == 1


# A file without write permission ----------------------------------------------------------


@pytest.fixture
def read_only_db(demo_inbox: Inbox) -> Iterator[Path]:
    path = demo_inbox.store.path
    demo_inbox.store.prepare()
    path.chmod(0o400)
    yield path
    path.chmod(0o600)


def test_a_read_only_database_is_never_replaced(read_only_db: Path, demo_inbox: Inbox) -> None:
    """Replacing needs only the folder's permission: the store checks the file's own bits,
    also for root (these tests may run as root, for whom `os.access` always says yes)."""
    before = read_only_db.read_bytes()
    folder = everything_in(read_only_db.parent)
    first = demo_inbox.messages()[0]
    with pytest.raises(ReadOnlyDatabaseError, match="skrivebeskyttet"):
        demo_inbox.mark_answered(first.id)
    with pytest.raises(ReadOnlyDatabaseError):
        demo_inbox.store.prepare()
    assert demo_inbox.claim(first.id).holder == ""  # opened to read, nothing written
    assert read_only_db.read_bytes() == before
    assert stat.S_IMODE(read_only_db.stat().st_mode) == 0o400
    assert everything_in(read_only_db.parent) == folder  # no lock, temporary or backup file


@pytest.mark.parametrize(
    "command",
    [["import", str(FIXTURES)], ["archive"], ["purge"], ["demo"], ["list", "--with-patient-data"]],
)
def test_the_command_line_refuses_a_change_to_a_read_only_database(
    read_only_db: Path, capsys: pytest.CaptureFixture[str], command: list[str]
) -> None:
    before = read_only_db.read_bytes()
    code, out, err = run(capsys, *command, "--db", str(read_only_db))
    assert code == 1
    assert f"Databasen {read_only_db} er skrivebeskyttet (rettigheter 400)" in err
    assert read_only_db.read_bytes() == before
    if command[0] == "list":
        assert out == ""  # an export that cannot be recorded is not made


def test_a_read_only_database_can_still_be_read(
    read_only_db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for command in (["list"], ["report"], ["purge", "--dry-run"]):
        assert run(capsys, *command, "--db", str(read_only_db))[0] == 0, command


async def test_the_app_opens_a_read_only_database_with_a_banner_and_refuses_changes(
    read_only_db: Path, demo_inbox: Inbox, library: TextLibrary
) -> None:
    from tui.app import TimedialogApp

    before = read_only_db.read_bytes()
    app = TimedialogApp(demo_inbox, library, local_clipboard=False)
    notices: list[str] = []
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        banner = app.screen.query_one("#read-only-banner", Static)
        assert banner.display
        assert "SKRIVEBESKYTTET" in str(banner.content)
        assert str(read_only_db) in str(banner.content)
        await pilot.press("enter")  # opening reads; no claim, no error
        await settle(pilot)
        notices += [n.message for n in app._notifications]
        assert not any("skrivebeskyttet" in notice for notice in notices)
        await pilot.press("escape", "b")
        await settle(pilot)
        notices = [n.message for n in app._notifications]
        assert any("er skrivebeskyttet" in notice for notice in notices), notices
    assert read_only_db.read_bytes() == before


# The mode bits, for the owner, the group and root ------------------------------------------


@pytest.mark.skipif(os.geteuid() != 0, reason="needs root to give the file other owners")
def test_read_only_follows_the_bits_that_apply_to_this_user(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "inbox.json"
    path.write_bytes(b"{}")
    os.chown(path, 4242, 4343)

    def as_user(uid: int, gid: int, groups: list[int]) -> None:
        monkeypatch.setattr(os, "geteuid", lambda: uid)
        monkeypatch.setattr(os, "getegid", lambda: gid)
        monkeypatch.setattr(os, "getgroups", lambda: groups)

    cases = [
        (0o600, (4242, 1, []), False),  # the owner may write
        (0o400, (4242, 1, []), True),  # the owner took his w bit away
        (0o460, (4242, 4343, []), True),  # the owner's bits decide for the owner
        (0o460, (5000, 4343, []), False),  # a member of the group
        (0o460, (5000, 1, [4343]), False),  # ... also through a supplementary group
        (0o640, (5000, 1, [4343]), True),  # the group may only read
        (0o602, (5000, 1, []), False),  # others may write
        (0o440, (0, 0, []), True),  # root, but nobody has a w bit
        (0o600, (0, 0, []), False),  # root, and the owner may write
    ]
    for mode, user, expected in cases:
        path.chmod(mode)
        as_user(*user)
        assert is_read_only(path) is expected, (oct(mode), user)
    assert is_read_only(tmp_path / "missing.json") is False


def test_an_archive_file_without_write_permission_is_not_written(
    demo_inbox: Inbox, config: Config, clock: FakeClock
) -> None:
    from tui.core.model import Status

    store = demo_inbox.store
    for message in demo_inbox.messages():
        if message.status is Status.NEW:
            demo_inbox.close_without_reply(message.id, "duplikat")
    year = clock.now.year  # the year the messages came in
    clock.advance(days=40)
    archive = store.archive_path(year)
    archive.write_bytes(b"")
    archive.chmod(0o400)
    hot = store.path.read_bytes()
    with pytest.raises(ReadOnlyDatabaseError, match=str(archive)):
        Inbox(store, config, "kari", clock).archive_done()
    assert archive.read_bytes() == b""
    assert store.path.read_bytes() == hot
