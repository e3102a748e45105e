"""An invisible widget that imports the configured drop folders and tells its screen.

It scans every few seconds in a thread worker (a folder listing costs next to nothing, works on
network shares where file-change notifications do not, and sleeps on the worker's cancel
event, so quitting the app stops it at once). What a scan brought is posted to the screen as
`Scanned`; a problem (missing folder, locked database) as `Failed`, once, not on every scan,
and the files stay where they are until it is solved.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from textual.message import Message
from textual.widget import Widget
from textual.worker import get_current_worker

from tui.core.i18n import _, ngettext
from tui.core.store.store import StoreError

if TYPE_CHECKING:
    from tui.core.helsenorge.dropfolder import DropFolder, DropScan
    from tui.core.workflow.inbox import Inbox


class DropFolderWatcher(Widget):
    """Imports the drop folders of `inbox`'s configuration while it is mounted."""

    DEFAULT_CSS = """
    DropFolderWatcher {
        display: none;
    }
    """
    SCAN_SECONDS = 2.0
    """How often the drop folders are scanned for new files."""
    SETTLE_SECONDS = 1.0
    """A file is imported once it has not changed for this long (it may still be arriving)."""

    class Scanned(Message):
        """A scan of one drop folder brought files, problems or files left in place."""

        def __init__(self, folder: DropFolder, scan: DropScan) -> None:
            super().__init__()
            self.folder = folder
            self.scan = scan

    class Failed(Message):
        """A drop folder could not be scanned; `problem` says why, in the clerk's words."""

        def __init__(self, problem: str) -> None:
            super().__init__()
            self.problem = problem

    def __init__(self, inbox: Inbox, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.inbox = inbox

    def on_mount(self) -> None:
        """Start the scanning worker."""
        self.run_worker(
            self._watch, name="drop-folders", group="drop-folder", thread=True, exclusive=True
        )

    def _watch(self) -> None:
        # Imported in the worker to keep start-up light: the importer and its XML parser are
        # not needed to paint the inbox.
        from tui.core.helsenorge.dropfolder import DropFolderScanner, drop_folders

        worker = get_current_worker()
        scanners = [
            DropFolderScanner(self.inbox, folder, settle_seconds=self.SETTLE_SECONDS)
            for folder in drop_folders(self.inbox.config)
        ]
        problems: dict[Path, str] = {}
        while not worker.is_cancelled:
            for scanner in scanners:
                path = scanner.folder.path
                try:
                    scan = scanner.scan()
                except (OSError, StoreError) as error:
                    problem = str(error) or _("Ukjent feil i slippmappen {folder}.").format(
                        folder=path
                    )
                    if problems.get(path) != problem:
                        problems[path] = problem
                        self.post_message(self.Failed(problem))
                    continue
                problems.pop(path, None)
                if scan.report.results or scan.problems or scan.left:
                    self.post_message(self.Scanned(scanner.folder, scan))
            worker.cancelled_event.wait(self.SCAN_SECONDS)


def scan_notice(folder: DropFolder, scan: DropScan) -> tuple[str, bool]:
    """The clerk's notice for one scan, and whether it needs attention.

    Files the import does not read are named (once per file while the app runs): they stay
    in the folder, and someone may be waiting for them to be handled elsewhere.
    """
    from tui.core.helsenorge.importer import Outcome  # loaded with the scanner already

    lines = []
    if scan.report.results:
        summary = scan.report.summary()
        lines.append(
            _("Slippmappe {folder}: {summary}").format(folder=folder.path, summary=summary)
        )
    if scan.left:
        lines.append(
            ngettext(
                "Slippmappe {folder}: {count} fil som ikke er en Helsenorge-fil blir liggende: "
                "{names}",
                "Slippmappe {folder}: {count} filer som ikke er Helsenorge-filer blir liggende: "
                "{names}",
                len(scan.left),
            ).format(folder=folder.path, count=len(scan.left), names=", ".join(scan.left))
        )
    rejected = [
        result.line() for result in scan.report.results if result.outcome is Outcome.REJECTED
    ]
    lines += rejected[:3]
    lines += list(scan.problems[:3])
    return "\n".join(lines), bool(rejected or scan.problems)
