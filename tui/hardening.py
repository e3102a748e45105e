"""The process keeps what it holds to itself: no core dumps, no debugger of the same user.

A core dump is the process's memory written to a file: the inbox with every patient's name,
number and words, readable wherever the system puts cores and kept as long as it likes. Both
ways of making one are closed when the command starts, before anything is read: the core
size limit goes to 0 (hard limit too, so nothing later can raise it), and on Linux the
process is made non-dumpable (`PR_SET_DUMPABLE` 0), which also keeps other processes of the
same user from attaching to it (`ptrace`) or reading its memory through `/proc`.
"""

from __future__ import annotations

import sys
from contextlib import suppress

PR_SET_DUMPABLE = 4
"""From <linux/prctl.h>."""


def forbid_core_dumps() -> None:
    """Set the core size limit to 0 and, on Linux, make the process non-dumpable."""
    import resource

    with suppress(ValueError, OSError):
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    if sys.platform.startswith("linux"):
        import ctypes

        with suppress(OSError, AttributeError):  # a libc without prctl: the limit still holds
            ctypes.CDLL(None, use_errno=True).prctl(PR_SET_DUMPABLE, 0, 0, 0, 0)
