"""A syslog socket for the tests: a Unix datagram socket that asks the kernel who sent each line.

`SO_PASSCRED` makes the kernel attach the sender's pid, uid and gid to every datagram
(`SCM_CREDENTIALS`); the sender cannot choose them (only root may claim another uid). That is
what journald records as `_PID`, `_UID` and `_GID`, so a test that sees the right uid here sees
what IT will see in the journal.
"""

from __future__ import annotations

import os
import shlex
import socket
import struct
import time
from dataclasses import dataclass
from pathlib import Path

_UCRED = struct.Struct("iII")
"""struct ucred: pid_t pid, uid_t uid, gid_t gid."""


@dataclass(frozen=True)
class Datagram:
    """One line as the log got it, and who the kernel says sent it."""

    text: str
    pid: int
    uid: int
    gid: int

    @property
    def fields(self) -> dict[str, str]:
        """The `key=value` pairs after `audit`, unquoted (quotes as the shell reads them)."""
        _prefix, _sep, rest = self.text.partition(" audit ")
        pairs = [item.partition("=") for item in shlex.split(rest)]
        return {key: value for key, _eq, value in pairs}


class SyslogReceiver:
    """A bound datagram socket at `path`, writable by every local user (as /dev/log is)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.socket = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        self.socket.setsockopt(socket.SOL_SOCKET, socket.SO_PASSCRED, 1)
        self.socket.bind(str(path))
        os.chmod(path, 0o666)
        self.received: list[Datagram] = []

    def _read(self, timeout: float) -> Datagram | None:
        self.socket.settimeout(timeout)
        try:
            data, ancillary, _flags, _address = self.socket.recvmsg(
                65536, socket.CMSG_SPACE(_UCRED.size)
            )
        except TimeoutError:
            return None
        pid = uid = gid = -1
        for level, kind, payload in ancillary:
            if level == socket.SOL_SOCKET and kind == socket.SCM_CREDENTIALS:
                pid, uid, gid = _UCRED.unpack(payload[: _UCRED.size])
        return Datagram(data.decode("utf-8"), pid, uid, gid)

    def lines(self, count: int, timeout: float = 15.0) -> list[Datagram]:
        """Wait for `count` lines in all (those already read included); all the lines read."""
        deadline = time.monotonic() + timeout
        while len(self.received) < count and time.monotonic() < deadline:
            datagram = self._read(max(0.01, deadline - time.monotonic()))
            if datagram is not None:
                self.received.append(datagram)
        return list(self.received)

    def drain(self, quiet: float = 0.3) -> list[Datagram]:
        """Every line that arrives until none has come for `quiet` seconds."""
        while (datagram := self._read(quiet)) is not None:
            self.received.append(datagram)
        return list(self.received)

    def close(self) -> None:
        self.socket.close()
        self.path.unlink(missing_ok=True)
