"""The clerk's name comes from the operating system; `--user` cannot pose as a colleague.

The second Unix user's side of it (another account, its own uid in the system log) is in
`tests/e2e/test_second_user.py`.
"""

from __future__ import annotations

import os
import pwd
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import REPO
from tests.helpers.terminal import installed_command
from tests.unit.test_helsenorge import FIXTURES
from tui.core.identity import (
    IdentityError,
    clerk_name,
    is_private_folder,
    login_name,
    only_caller_reaches,
)
from tui.core.store.store import Store

EXAMPLE = str(REPO / "data" / "config.example.toml")
MESSAGE = FIXTURES / "timer-1.1_innbygger_OET_endring-av-time.xml"


@pytest.fixture
def open_tmp() -> Iterator[Path]:
    """A folder with no private folder above it (pytest's own folders are the runner's alone)."""
    folder = Path(tempfile.mkdtemp(prefix="timedialog-identity-", dir="/tmp"))
    folder.chmod(0o755)
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def shared_folder(parent: Path) -> Path:
    """A department folder other clerks reach (group read, write and search)."""
    folder = parent / "avdeling"
    folder.mkdir()
    folder.chmod(0o2770)
    return folder


def test_the_login_name_is_the_real_user_ids() -> None:
    assert login_name() == pwd.getpwuid(os.getuid()).pw_name


def test_without_user_or_with_ones_own_name_it_is_the_login(open_tmp: Path) -> None:
    db = shared_folder(open_tmp) / "inbox.json"
    assert clerk_name(None, demo=False, database=db) == login_name()
    assert clerk_name(login_name(), demo=False, database=db) == login_name()


def test_another_name_in_a_shared_database_is_refused(open_tmp: Path) -> None:
    with pytest.raises(IdentityError, match=f"--user kari er ikke deg: .* som {login_name()}"):
        clerk_name("kari", demo=False, database=shared_folder(open_tmp) / "inbox.json")


def test_another_name_is_taken_for_the_demo_and_in_a_private_database(open_tmp: Path) -> None:
    assert clerk_name("kari", demo=True, database=None) == "kari"
    private = open_tmp / "privat"
    private.mkdir(mode=0o700)
    assert is_private_folder(private)
    assert clerk_name("kari", demo=False, database=private / "inbox.json") == "kari"
    below = private / "avdeling"  # open itself, but nobody else gets past its parent
    below.mkdir(mode=0o755)
    assert clerk_name("kari", demo=False, database=below / "inbox.json") == "kari"


@pytest.mark.parametrize("mode", [0o750, 0o705, 0o710, 0o701])
def test_a_folder_anyone_else_may_enter_is_not_private(open_tmp: Path, mode: int) -> None:
    folder = open_tmp / "f"
    folder.mkdir()
    folder.chmod(mode)
    assert not is_private_folder(folder)
    assert not only_caller_reaches(folder / "inbox.json")


@pytest.mark.skipif(os.geteuid() != 0, reason="giving a folder to another user needs root")
def test_a_folder_of_another_user_is_not_private(tmp_path: Path) -> None:
    folder = tmp_path / "f"
    folder.mkdir(mode=0o700)
    os.chown(folder, 65534, 65534)  # nobody
    assert not is_private_folder(folder)


def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [installed_command(), *args, "--config", EXAMPLE],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, **(env or {})},
    )


def test_the_command_refuses_a_colleagues_name_in_the_department_database(open_tmp: Path) -> None:
    db = shared_folder(open_tmp) / "inbox.json"
    assert run("init", "--db", str(db)).returncode == 0
    refused = run("import", str(MESSAGE), "--db", str(db), "--user", "kari")
    assert refused.returncode == 2
    assert "--user kari er ikke deg" in refused.stderr
    assert Store(db).messages() == []  # nothing was done under the borrowed name


def test_logname_and_user_no_longer_choose_the_name(open_tmp: Path) -> None:
    db = shared_folder(open_tmp) / "inbox.json"
    assert run("init", "--db", str(db)).returncode == 0
    done = run("import", str(MESSAGE), "--db", str(db), env={"LOGNAME": "kari", "USER": "kari"})
    assert done.returncode == 0, done.stderr
    (message,) = Store(db).messages()
    assert {entry.user for entry in message.history} == {login_name()}
