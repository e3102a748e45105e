"""A throwaway OpenSSH server for end-to-end tests: the road clerks take to the app.

Everything lives in one temporary folder: a host key and a client key made for the test, an
`authorized_keys` holding only that client key, the server's configuration, and the client's
configuration with a known-hosts file that names only this server. The machine's own SSH
configuration and keys (/etc/ssh, ~/.ssh) are never read or written: the server runs with `-f`
and the client with `-F` (which also stops it from reading /etc/ssh/ssh_config or creating
~/.ssh). The server listens on 127.0.0.1 only, on a free high port, and logs in the current
user only, by that key only.
"""

from __future__ import annotations

import os
import pwd
import shlex
import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

SSHD = Path("/usr/sbin/sshd")
PRIVILEGE_SEPARATION_DIR = Path("/run/sshd")
"""sshd started as root insists on this empty folder; the ssh service normally makes it."""
HOST = "timedialog-test"
"""The host name the client configuration knows the test server by."""
START_TIMEOUT = 10.0


def _keygen(path: Path) -> str:
    """A fresh ed25519 key pair without a passphrase; returns the public key line."""
    subprocess.run(
        ["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", HOST, "-f", str(path)],
        check=True,
        stdin=subprocess.DEVNULL,
        capture_output=True,
    )
    return path.with_name(path.name + ".pub").read_text(encoding="ascii").strip()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _server_config(folder: Path, port: int, user: str) -> str:
    return f"""\
ListenAddress 127.0.0.1
Port {port}
HostKey {folder / "host_key"}
PidFile none
AuthorizedKeysFile {folder / "authorized_keys"}
AllowUsers {user}
AuthenticationMethods publickey
PubkeyAuthentication yes
PasswordAuthentication no
KbdInteractiveAuthentication no
UsePAM no
# StrictModes would refuse a key file under /tmp (world-writable with the sticky bit); the
# files themselves are the owner's only.
StrictModes no
PermitRootLogin prohibit-password
PermitUserEnvironment no
X11Forwarding no
AllowTcpForwarding no
AllowAgentForwarding no
PermitTTY yes
PrintMotd no
PrintLastLog no
LogLevel VERBOSE
"""


def _client_config(folder: Path, port: int, user: str) -> str:
    return f"""\
Host {HOST}
  HostName 127.0.0.1
  Port {port}
  User {user}
  HostKeyAlias {HOST}
  UserKnownHostsFile {folder / "known_hosts"}
  GlobalKnownHostsFile /dev/null
  StrictHostKeyChecking yes
  UpdateHostKeys no
  IdentityFile {folder / "client_key"}
  IdentitiesOnly yes
  IdentityAgent none
  BatchMode yes
  ForwardX11 no
  ForwardAgent no
  ControlMaster no
  ControlPath none
  ConnectTimeout 10
  LogLevel ERROR
"""


@dataclass
class SshServer:
    """A running sshd and the client configuration that reaches it."""

    folder: Path
    port: int
    user: str
    process: subprocess.Popen[bytes]

    @property
    def client_config(self) -> Path:
        return self.folder / "ssh_config"

    @property
    def log(self) -> Path:
        return self.folder / "sshd.log"

    def ssh_command(self, remote: str, *, tty: bool = True) -> str:
        """The shell command that logs in and runs `remote` there (with a terminal: `-tt`)."""
        parts = ["ssh", "-F", str(self.client_config)]
        if tty:
            parts.append("-tt")
        return shlex.join([*parts, HOST, remote])

    def run(self, remote: str, env: dict[str, str] | None = None) -> str:
        """Run `remote` over SSH without a terminal and return what it printed."""
        result = subprocess.run(
            self.ssh_command(remote, tty=False),
            shell=True,
            capture_output=True,
            text=True,
            check=True,
            stdin=subprocess.DEVNULL,
            env={**os.environ, **(env or {})},
            timeout=30,
        )
        return result.stdout

    def stop(self) -> None:
        """Stop the listener; sessions still open end when their clients go."""
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(5)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def _wait_listening(process: subprocess.Popen[bytes], log: Path, port: int) -> bool:
    """True once sshd listens; False when it gave up (the port was taken meanwhile)."""
    deadline = time.monotonic() + START_TIMEOUT
    ready = f"Server listening on 127.0.0.1 port {port}."
    while time.monotonic() < deadline:
        text = log.read_text(encoding="utf-8", errors="replace")
        if ready in text:
            return True
        if process.poll() is not None:
            if "Address already in use" in text:
                return False
            pytest.fail(f"sshd stopped with status {process.returncode}:\n{text}")
        time.sleep(0.02)
    process.kill()
    pytest.fail(f"sshd did not start within {START_TIMEOUT} s:\n{log.read_text()}")


def start_ssh_server(folder: Path) -> SshServer:
    """Make keys and configuration in `folder`, start sshd and wait until it listens."""
    if not SSHD.exists():
        pytest.fail(f"{SSHD} is missing: tests/run installs openssh-server")
    user = pwd.getpwuid(os.geteuid()).pw_name
    host_key = _keygen(folder / "host_key")
    client_key = _keygen(folder / "client_key")
    authorized = folder / "authorized_keys"
    authorized.write_text(client_key + "\n", encoding="ascii")
    authorized.chmod(0o600)
    (folder / "known_hosts").write_text(f"{HOST} {host_key}\n", encoding="ascii")
    if os.geteuid() == 0:
        PRIVILEGE_SEPARATION_DIR.mkdir(mode=0o755, exist_ok=True)
    for _attempt in range(3):
        port = _free_port()
        config = folder / "sshd_config"
        config.write_text(_server_config(folder, port, user), encoding="utf-8")
        (folder / "ssh_config").write_text(_client_config(folder, port, user), encoding="utf-8")
        log = folder / "sshd.log"
        with log.open("wb") as output:
            # sshd insists on being started by its absolute path (it re-executes itself).
            process = subprocess.Popen(
                [str(SSHD), "-D", "-e", "-f", str(config)],
                stdin=subprocess.DEVNULL,
                stdout=output,
                stderr=subprocess.STDOUT,
            )
        if _wait_listening(process, log, port):
            return SshServer(folder, port, user, process)
    pytest.fail("sshd found no free port in three tries")
