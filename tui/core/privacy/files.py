"""The warnings at start for files with patient data that more people may read than allowed.

The database, archive and backup files (`tui.core.store.permissions` checks them), and the
files the drop folders keep in done/, skipped/ and rejected/.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tui.core.workflow.inbox import Inbox


def file_warnings(inbox: Inbox) -> list[str]:
    """Warnings for every file with patient data that more people may read than allowed.

    The database, archive and backup files, and the drop folders' kept files; checked at
    start (app and command line), with a Norwegian warning for each.
    """
    store = inbox.store
    config = inbox.config
    if not (config.drop_folder or any(d.drop_folder for d in config.departments)):
        return store.warnings()
    # Imported here to keep start-up light: without drop folders the importer is not loaded.
    from tui.core.helsenorge.dropfolder import drop_folder_warnings

    return store.warnings() + drop_folder_warnings(config, store.access)
