"""The worker that imports the configured drop folders while the app runs.

It scans every few seconds in a thread (a folder listing costs next to nothing, works on
network shares where file-change notifications do not, and sleeps on the worker's cancel
event, so quitting the app stops it at once).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from textual.worker import get_current_worker

from tui.core.helsenorge.dropfolder import DropFolder, DropFolderScanner, DropScan, drop_folders
from tui.core.helsenorge.importer import Outcome
from tui.core.i18n import _, ngettext
from tui.core.store.store import StoreError

if TYPE_CHECKING:
    from tui.app import TimedialogApp


def watch_drop_folders(app: TimedialogApp) -> None:
    """Scan the configured drop folders until the worker is cancelled; report to the app.

    A problem (missing folder, locked database) is reported once, not on every scan, and the
    files stay where they are until it is solved.
    """
    worker = get_current_worker()
    scanners = [
        DropFolderScanner(app.inbox, folder, settle_seconds=app.DROP_SETTLE_SECONDS)
        for folder in drop_folders(app.inbox.config)
    ]
    problems: dict[Path, str] = {}
    while not worker.is_cancelled:
        for scanner in scanners:
            path = scanner.folder.path
            try:
                scan = scanner.scan()
            except (OSError, StoreError) as error:
                problem = str(error) or _("Ukjent feil i slippmappen {folder}.").format(folder=path)
                if problems.get(path) != problem:
                    problems[path] = problem
                    app.call_from_thread(app.notify, problem, severity="error", timeout=30)
                continue
            problems.pop(path, None)
            if scan.report.results or scan.problems or scan.left:
                app.call_from_thread(app.drop_folder_scanned, scanner.folder, scan)
        worker.cancelled_event.wait(app.DROP_SCAN_SECONDS)


def scan_notice(folder: DropFolder, scan: DropScan) -> tuple[str, bool]:
    """The clerk's notice for one scan, and whether it needs attention.

    Files the import does not read are named (once per file while the app runs): they stay
    in the folder, and someone may be waiting for them to be handled elsewhere.
    """
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
