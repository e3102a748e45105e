"""The daily housekeeping of a database: archive, erase what retention allows, analyse.

The app runs it after its first frame and once a day after that; on a file it may not write,
only the warnings come. The warnings about too-open files come first, at start only, so the
clerk sees them even when the rest fails.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from tui.core.i18n import ngettext
from tui.core.model import Message
from tui.core.privacy.files import file_warnings
from tui.core.privacy.retention import PurgeReport, purge_expired
from tui.core.workflow.inbox import Inbox


@dataclass(frozen=True)
class Housekeeping:
    """What one day's housekeeping did."""

    moved: tuple[Message, ...] = ()
    """Answered and closed messages moved to the archive."""
    purged: PurgeReport | None = None
    """What the retention purge erased (None: it did not run)."""
    analysed: tuple[Message, ...] = ()
    """Open messages stored without a sure or unsure suggestion, analysed now."""

    @property
    def changed(self) -> bool:
        """True when the inbox as shown may have changed."""
        erased = self.purged is not None and bool(self.purged.erased)
        return bool(self.moved or erased or self.analysed)

    def notes(self) -> list[tuple[str, int]]:
        """What to tell the clerk, each with how many seconds it stays on screen."""
        notes = []
        if self.moved:
            moved = ngettext(
                "{count} besvart/lukket melding er flyttet til arkivet.",
                "{count} besvarte/lukkede meldinger er flyttet til arkivet.",
                len(self.moved),
            )
            notes.append((moved.format(count=len(self.moved)), 5))
        if self.purged is not None and self.purged.anything:
            notes.append((self.purged.summary(), 10))
        return notes


def housekeep(inbox: Inbox, warn: Callable[[str], None] | None = None) -> Housekeeping:
    """Prepare the database, give `warn` each warning, then archive, purge and analyse.

    Without `warn` no files are checked (the warnings come at start only). Archiving and the
    purge are changes: on a read-only file they wait for a writable one. Messages stored
    without a sure or unsure suggestion (an older file, the demo) are read now, after the
    first frame, so start-up loads no language data. A `StoreError` is left to the caller.
    """
    read_only = inbox.store.read_only
    if not read_only:
        inbox.store.prepare()
    if warn is not None:
        for warning in file_warnings(inbox):
            warn(warning)
    if read_only:
        return Housekeeping()
    moved = inbox.archive_done()
    purged = purge_expired(inbox)
    analysed = inbox.analyse_pending()
    return Housekeeping(tuple(moved), purged, tuple(analysed))
