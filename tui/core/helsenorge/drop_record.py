"""The record of the files timedialog moved into a drop folder's done/, skipped/ and rejected/.

The retention purge deletes only what this record names, and only while the file is still the
one that was moved (same inode, same size): a document someone else put in those folders,
or a file replaced since, is left alone. The record is one small JSON file in the drop
folder (`.timedialog-moved.json`), written atomically under the drop folder's lock.

Drop folders used before the record existed: the first time the record is read, the files
already in done/, skipped/ and rejected/ that are of the kinds the import reads (message
files and zip archives, as timedialog moved them) are adopted with the time they were moved
(their modification time, which the move stamped); anything else stays unrecorded.
"""

from __future__ import annotations

import contextlib
import json
import os
from dataclasses import dataclass
from pathlib import Path

from tui.core.helsenorge.message_files import OWN_PREFIX, REASON_SUFFIX, importable_kind
from tui.core.store.dbfile import FileAccess, replace_atomically

RECORD_NAME = f"{OWN_PREFIX}moved.json"
LOCK_NAME = f"{OWN_PREFIX}import.lock"
"""The lock that lets one app at a time scan or purge a drop folder."""
SUBFOLDERS = ("done", "skipped", "rejected")
"""The folders the drop folder moves files into."""


@dataclass(frozen=True)
class Moved:
    """One moved file: when it was moved, and what identifies it (inode and size)."""

    moved: float
    inode: int
    size: int


class MovedRecord:
    """The files timedialog moved out of one drop folder; read and change it under the lock."""

    def __init__(self, folder: Path, access: FileAccess | None = None) -> None:
        self.folder = folder
        self.access = access or FileAccess()
        self.path = folder / RECORD_NAME
        self.files: dict[str, Moved] = {}
        self.changed = False
        """True when the record differs from the file (`save` writes it then)."""
        self._read()

    def _read(self) -> None:
        try:
            raw = json.loads(self.path.read_bytes())
        except FileNotFoundError:
            self._adopt()
            return
        except (OSError, ValueError):
            raw = {}  # damaged: nothing is deleted that the record does not name
        files = raw.get("files", {}) if isinstance(raw, dict) else {}
        for name, entry in files.items():
            with contextlib.suppress(KeyError, TypeError, ValueError):
                self.files[str(name)] = Moved(
                    float(entry["moved"]), int(entry["inode"]), int(entry["size"])
                )

    def _adopt(self) -> None:
        """Record what an earlier timedialog moved here, before there was a record."""
        for subfolder in SUBFOLDERS:
            try:
                children = list(os.scandir(self.folder / subfolder))
            except OSError:
                continue
            for child in children:
                if child.name.endswith(REASON_SUFFIX) or not importable_kind(Path(child.path)):
                    continue
                with contextlib.suppress(OSError):
                    if child.is_file(follow_symlinks=False):
                        info = child.stat(follow_symlinks=False)
                        self.files[f"{subfolder}/{child.name}"] = Moved(
                            info.st_mtime, info.st_ino, info.st_size
                        )
        if self.files:
            self.changed = True
            self.save()

    def add(self, target: Path, moved_at: float) -> None:
        """Record a file just moved to `target` (inside one of the subfolders)."""
        info = target.stat()
        self.files[self.key(target)] = Moved(moved_at, info.st_ino, info.st_size)
        self.changed = True

    def key(self, target: Path) -> str:
        """How the record names a moved file: "done/name.xml"."""
        return f"{target.parent.name}/{target.name}"

    def is_same(self, key: str) -> bool:
        """True when the recorded file is still there and still the one that was moved."""
        moved = self.files.get(key)
        if moved is None:
            return False
        try:
            info = (self.folder / key).stat(follow_symlinks=False)
        except OSError:
            return False
        return (info.st_ino, info.st_size) == (moved.inode, moved.size)

    def forget(self, keys: list[str]) -> None:
        """Take files out of the record (deleted, gone, or no longer the same)."""
        for key in keys:
            if self.files.pop(key, None) is not None:
                self.changed = True

    def save(self) -> None:
        """Write the record if it changed (atomically; owner-only, or for the shared group)."""
        if not self.changed:
            return
        payload = {
            "version": 1,
            "files": {
                name: {"moved": moved.moved, "inode": moved.inode, "size": moved.size}
                for name, moved in sorted(self.files.items())
            },
        }
        data = json.dumps(payload, indent=0, ensure_ascii=False).encode("utf-8")
        replace_atomically(self.path, data, self.access, self.path)
        self.changed = False
