"""Another local account on the same host: it cannot reach `serve`, read the files, pose as the
clerk, or look into the running app; and the system log names it by its own user id.

The test makes a throwaway Unix user (`useradd`, removed at the end) when it runs as root
(CI does) or may use `sudo -n`; without either it is skipped, saying why. The other account
runs the system's own Python (standard library only) as its client, and the installed
`timedialog` where it acts as a clerk of its own.
"""

from __future__ import annotations

import json
import os
import pwd
import shutil
import subprocess
import sys
import sysconfig
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import REPO
from tests.e2e.test_serve import Served, start_server, stop_server
from tests.helpers.syslog_receiver import SyslogReceiver
from tests.helpers.terminal import Tmux, installed_command, wait_for
from tests.unit.test_helsenorge import FIXTURES
from tui.core.history import REGISTERED
from tui.core.workflow.audit import SOCKET_VARIABLE

pytestmark = pytest.mark.e2e

EXAMPLE = str(REPO / "data" / "config.example.toml")
MESSAGE = FIXTURES / "timer-1.1_innbygger_OET_endring-av-time.xml"
SYSTEM_PYTHON = "/usr/bin/python3"


@dataclass(frozen=True)
class OtherUser:
    """A second local account, and how to run a command as it."""

    name: str
    uid: int
    gid: int
    prefix: tuple[str, ...]

    def run(
        self, *argv: str, env: dict[str, str] | None = None, cwd: Path | None = None
    ) -> subprocess.CompletedProcess[str]:
        """Run `argv` as this user with a clean environment (plus `env`)."""
        environment = {"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", **(env or {})}
        exports = [f"{key}={value}" for key, value in environment.items()]
        return subprocess.run(
            [*self.prefix, "/usr/bin/env", "-i", *exports, *argv],
            capture_output=True,
            text=True,
            check=False,
            stdin=subprocess.DEVNULL,
            cwd=cwd or "/",
            timeout=120,
        )

    def python(self, code: str, *args: str) -> subprocess.CompletedProcess[str]:
        """The system's Python (standard library only) as this user."""
        return self.run(SYSTEM_PYTHON, "-c", code, *args)

    def timedialog(self) -> tuple[list[str], dict[str, str]]:
        """How this user runs this checkout's timedialog: the command and its environment.

        The test runner's Python may sit where no other account can reach it (pyenv under
        /root); the system's Python of the same version then runs it, with the virtual
        environment's packages (the same ABI) and this checkout on its path.
        """
        if self.run(sys.executable, "-c", "pass").returncode == 0:
            return [sys.executable, "-m", "tui"], {}
        version = self.python("import sys; print(sys.version_info[:2])").stdout.strip()
        if version != str(sys.version_info[:2]):
            pytest.skip(f"no Python {sys.version_info[:2]} the other account may run")
        packages = sysconfig.get_paths()["purelib"]
        return [SYSTEM_PYTHON, "-m", "tui"], {"PYTHONPATH": f"{REPO}:{packages}"}


def _runner() -> tuple[str, ...] | None:
    if os.geteuid() == 0:
        return ()
    if shutil.which("sudo"):
        probe = subprocess.run(["sudo", "-n", "true"], capture_output=True, check=False)
        if probe.returncode == 0:
            return ("sudo", "-n")
    return None


@pytest.fixture(scope="module")
def other_user() -> Iterator[OtherUser]:
    runner = _runner()
    if runner is None:
        pytest.skip("a second Unix user needs root or passwordless sudo (CI runs as root)")
    if not Path(SYSTEM_PYTHON).exists():
        pytest.fail(f"{SYSTEM_PYTHON} is missing")
    name = f"td-test-{os.getpid()}"
    created = subprocess.run(
        [
            *runner,
            "useradd",
            "--system",
            "--user-group",
            "--no-create-home",
            "--shell",
            "/usr/sbin/nologin",
            name,
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    if created.returncode != 0:
        pytest.fail(f"useradd {name} failed: {created.stderr}")
    try:
        entry = pwd.getpwnam(name)
        as_user = (
            (*runner, "runuser", "-u", name, "--") if runner == () else (*runner, "-u", name, "--")
        )
        yield OtherUser(name, entry.pw_uid, entry.pw_gid, as_user)
    finally:
        subprocess.run([*runner, "userdel", name], capture_output=True, check=False)


@pytest.fixture
def shared_tmp() -> Iterator[Path]:
    """A folder every account may enter (pytest's own are the test runner's alone)."""
    folder = Path(tempfile.mkdtemp(prefix="timedialog-two-users-", dir="/tmp"))
    folder.chmod(0o755)
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


# serve -----------------------------------------------------------------------------------

CLIENT = r"""
import http.client, json, sys
port, token_guess = int(sys.argv[1]), sys.argv[2]
results = {}
def ask(path, headers=None):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.request("GET", path, headers=headers or {})
    response = connection.getresponse()
    body = response.read()
    connection.close()
    return response.status, body.decode("utf-8", "replace")
upgrade = {
    "Upgrade": "websocket", "Connection": "Upgrade", "Sec-WebSocket-Version": "13",
    "Sec-WebSocket-Key": "dGhlIHNhbXBsZSBub25jZQ==", "Origin": f"http://127.0.0.1:{port}",
}
for path in ("/", "/ws", f"/{token_guess}/", "/static/js/textual.js", f"/?token={token_guess}"):
    results[path] = ask(path)
for path in ("/ws", f"/{token_guess}/ws"):
    results["websocket " + path] = ask(path, upgrade)
print(json.dumps(results))
"""


def test_another_account_cannot_reach_serve_without_the_token(
    other_user: OtherUser, tmp_path: Path
) -> None:
    served: Served = start_server(tmp_path)
    try:
        port = served.base.rsplit(":", 1)[1]
        guess = "A" * len(served.token)
        done = other_user.python(CLIENT, port, guess)
        assert done.returncode == 0, done.stderr
        results = json.loads(done.stdout)
        assert len(results) == 7
        for path, (status, body) in results.items():
            assert (path, status, body) == (path, 403, "403: Forbidden\n")
        # Nor can it find the token: not in the server's command line, nor its environment.
        pid = served.process.pid
        seen = other_user.python(
            "import sys\n"
            "print(open(f'/proc/{sys.argv[1]}/cmdline', 'rb').read().decode(errors='replace'))\n"
            "try:\n"
            "    open(f'/proc/{sys.argv[1]}/environ', 'rb').read()\n"
            "    print('ENVIRON READ')\n"
            "except PermissionError:\n"
            "    print('environ refused')\n",
            str(pid),
        )
        assert seen.returncode == 0, seen.stderr
        assert "serve" in seen.stdout
        assert served.token not in seen.stdout
        assert "environ refused" in seen.stdout
    finally:
        stop_server(served)


# files -----------------------------------------------------------------------------------


def test_another_account_cannot_read_the_clerks_files(
    other_user: OtherUser, shared_tmp: Path
) -> None:
    department = shared_tmp / "avdeling"
    department.mkdir(mode=0o755)  # reachable: only the files' own modes keep the other out
    db = department / "inbox.json"
    common = ["--db", str(db), "--config", EXAMPLE]
    subprocess.run([installed_command(), "init", *common], check=True, capture_output=True)
    subprocess.run([installed_command(), "import", str(MESSAGE), *common], check=True)
    subprocess.run([installed_command(), "archive", *common], check=True, capture_output=True)
    export = department / "eksport.json"
    subprocess.run(
        [
            installed_command(),
            "list",
            "--json",
            "--with-patient-data",
            "--output",
            str(export),
            *common,
        ],
        check=True,
        capture_output=True,
        umask=0,
    )
    files = sorted(path for path in department.rglob("*") if path.is_file())
    assert db in files
    assert export in files
    tried = other_user.python(
        "import json, sys\n"
        "result = {}\n"
        "for name in sys.argv[1:]:\n"
        "    try:\n"
        "        open(name, 'rb').read()\n"
        "        result[name] = 'read'\n"
        "    except PermissionError:\n"
        "        result[name] = 'refused'\n"
        "print(json.dumps(result))\n",
        *map(str, files),
    )
    assert tried.returncode == 0, tried.stderr
    assert json.loads(tried.stdout) == {str(path): "refused" for path in files}
    journal = db.with_name(db.name + ".journal")  # the import's record is in the journal
    assert "Danser" in db.read_text(encoding="utf-8") + journal.read_text(encoding="utf-8")


# identity and the system log ---------------------------------------------------------------


def test_the_log_names_the_other_account_by_its_kernel_uid_and_it_cannot_pose(
    other_user: OtherUser, shared_tmp: Path
) -> None:
    receiver = SyslogReceiver(shared_tmp / "log.sock")
    own = shared_tmp / "egen"
    own.mkdir(mode=0o755)
    os.chown(own, other_user.uid, other_user.gid)
    env = {
        "HOME": str(own),
        SOCKET_VARIABLE: str(receiver.path),
        "XDG_CACHE_HOME": str(own / "cache"),
    }
    db = str(own / "inbox.json")
    command, python_env = other_user.timedialog()
    env |= python_env
    try:
        made = other_user.run(*command, "init", "--db", db, "--config", EXAMPLE, env=env)
        assert made.returncode == 0, made.stderr
        posing = other_user.run(
            *command,
            "import",
            str(MESSAGE),
            "--db",
            db,
            "--config",
            EXAMPLE,
            "--user",
            "kari",
            env=env,
        )
        assert posing.returncode == 2
        assert f"--user kari er ikke deg: du er logget inn som {other_user.name}" in posing.stderr
        imported = other_user.run(
            *command, "import", str(MESSAGE), "--db", db, "--config", EXAMPLE, env=env
        )
        assert imported.returncode == 0, imported.stderr
        exported = other_user.run(
            *command, "list", "--with-patient-data", "--db", db, "--config", EXAMPLE, env=env
        )
        assert exported.returncode == 0, exported.stderr
        lines = receiver.lines(2)
    finally:
        receiver.close()
    registered, export = lines
    assert registered.fields["action"] == REGISTERED
    assert export.fields["action"] == "export"
    for line in lines:
        assert (line.uid, line.gid) == (other_user.uid, other_user.gid)  # the kernel's word
        assert line.fields["user"] == other_user.name
        assert line.fields["uid"] == str(other_user.uid)
        assert "Danser" not in line.text


def test_the_running_app_of_another_account_cannot_be_looked_into(
    other_user: OtherUser, shared_tmp: Path
) -> None:
    own = shared_tmp / "app"
    own.mkdir(mode=0o755)
    os.chown(own, other_user.uid, other_user.gid)
    command, python_env = other_user.timedialog()
    environment = {"HOME": str(own), "LANG": "C.UTF-8", "TERM": "xterm-256color", **python_env}
    tmux = Tmux(shared_tmp)
    try:
        tmux.start(
            " ".join(
                [
                    *other_user.prefix,
                    "/usr/bin/env",
                    *(f"{key}={value}" for key, value in environment.items()),
                    *command,
                    "--demo",
                ]
            )
        )
        tmux.wait_for_screen("åpne")
        pid = _process_of(other_user.uid)
        status = Path(f"/proc/{pid}/status")
        uids = next(line for line in status.read_text().splitlines() if line.startswith("Uid:"))
        assert uids.split()[1] == str(other_user.uid)
        # Not dumpable: the kernel gives /proc/<pid>'s files to root, so not even the same
        # account can read the process's memory, environment or open files, and no core.
        assert status.stat().st_uid == 0
        assert Path(f"/proc/{pid}/environ").stat().st_uid == 0
        limits = Path(f"/proc/{pid}/limits").read_text()
        assert any(
            line.startswith("Max core file size") and line.split()[4:6] == ["0", "0"]
            for line in limits.splitlines()
        )
        peek = other_user.python(
            "import sys\n"
            "try:\n"
            "    open(f'/proc/{sys.argv[1]}/environ', 'rb').read()\n"
            "    print('read')\n"
            "except PermissionError:\n"
            "    print('refused')\n",
            str(pid),
        )
        assert peek.stdout.strip() == "refused"
    finally:
        tmux.kill()
        wait_for(lambda: _process_of(other_user.uid, required=False) == 0, what="the app to end")


def _process_of(uid: int, *, required: bool = True) -> int:
    """The pid of the timedialog process running as `uid` (0 when there is none)."""
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            status = (entry / "status").read_text()
            command = (entry / "cmdline").read_bytes()
        except OSError:
            continue
        uid_line = next(line for line in status.splitlines() if line.startswith("Uid:"))
        if uid_line.split()[1] == str(uid) and b"tui" in command:
            return int(entry.name)
    if required:
        raise AssertionError(f"no timedialog process of uid {uid}")
    return 0
