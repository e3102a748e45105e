"""Giving memory back to the system after reading the whole inbox (glibc only; elsewhere a no-op).

Reading the inbox parses the whole file at once: the parser's buffers and the parsed
documents take several times the messages' own memory, and are freed once the messages are
made. glibc keeps freed memory for the process unless told otherwise, so a session's
resident memory would stay at that peak. `limit_retained_memory` stops glibc from raising its
threshold for returning large blocks at once (so the parser's buffers go back when freed), and
`release_free_memory` returns the freed pages of the heap after a whole read.
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import ctypes

M_MMAP_THRESHOLD = -3
"""`mallopt`'s parameter: blocks at least this large get pages of their own (glibc)."""
MMAP_THRESHOLD_BYTES = 128 * 1024
"""glibc's default; set explicitly, glibc no longer raises it as large blocks are freed."""


@cache
def _glibc() -> ctypes.CDLL | None:
    import ctypes  # only here: the command line never needs it

    try:
        library = ctypes.CDLL(None)  # the process's own symbols: the C library's among them
        library.malloc_trim  # noqa: B018 - present in glibc only
        library.mallopt  # noqa: B018
    except (OSError, AttributeError):
        return None
    return library


def limit_retained_memory() -> None:
    """Have large blocks (a parser's buffers) returned to the system as soon as they are freed."""
    library = _glibc()
    if library is not None:
        library.mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD_BYTES)


def release_free_memory() -> None:
    """Return the heap's free pages to the system (after a whole read of the inbox)."""
    library = _glibc()
    if library is not None:
        library.malloc_trim(0)
