"""Starting the app: `timedialog` with no subcommand (`--demo`: on a fresh demo inbox).

Everything the first frame needs is read here, before the full screen starts: the standard
texts (the suggested reply's title) and the inbox. A bad file (damaged, or of a newer schema)
stops here with a clear message instead of inside the full-screen app.
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
from contextlib import suppress
from pathlib import Path
from typing import TYPE_CHECKING

from tui.cli.common import fail, open_inbox, warn
from tui.core.i18n import _

if TYPE_CHECKING:
    from tui.core.config.config import Config


def may_open(args: argparse.Namespace, config: Config) -> bool:
    """True when the database exists, is the default, or the clerk says to make it."""
    from tui.core.config.paths import find_database

    location = find_database(args.db, config)
    location.check(create=True)  # a missing folder is refused before anything is asked
    if not location.named or location.exists:
        return True
    from tui.cli.create_database import ask_to_create  # only for a database not yet made

    return location.path is not None and ask_to_create(location.path, config.display.theme)


def run_app(args: argparse.Namespace, config: Config) -> int:
    """Open the app on the database in force (or a private copy of the demo inbox)."""
    from tui.core.store.store import StoreError
    from tui.core.texts.library import TextLibrary

    if config.keys:  # without remapped keys there is nothing to check (nor to load for it)
        from tui.keymap import check_keys

        check_keys(config)  # a ConfigError ends here, before the full screen opens
    library = TextLibrary.from_config(config)  # the first frame shows the suggested reply
    demo_folder: Path | None = None
    if args.demo:
        demo_folder = Path(tempfile.mkdtemp(prefix="timedialog-demo-"))
        args.db = str(demo_folder / "demo.json")
    elif not may_open(args, config):
        return fail(_("Ingen database ble opprettet."), 1)
    inbox = open_inbox(args, config, library, create=True)
    try:
        warn(inbox)
        if demo_folder is None and not inbox.store.exists():
            inbox.store.prepare()  # asked for (or the default's first start): made now
        if demo_folder is not None:
            from tui.core.workflow.demo import demo_messages

            inbox.store.add(demo_messages(inbox, analyse=False))  # analysed after the first frame
        # Read before the app starts, so the first frame shows the inbox. Creating or
        # migrating the file waits for the app's first worker.
        messages = inbox.messages()
        from tui.app import TimedialogApp

        app = TimedialogApp(inbox, library, initial_messages=messages)
        app.run()
        return app.return_code or 0
    finally:
        with suppress(StoreError):  # after a crash or a hang-up; a no-op after a normal quit
            inbox.release_claim()
        if demo_folder is not None:
            shutil.rmtree(demo_folder, ignore_errors=True)
