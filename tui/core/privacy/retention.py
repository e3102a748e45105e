"""Retention: a closed message's patient data is kept `retention_days`, then erased everywhere.

"Everywhere" is the hot database, the yearly archive files, every backup copy, and the files
the drop folders moved into `done/`, `skipped/` and `rejected/` (only those: see
`drop_record`). What a section leader counts
stays: dates, category, department, status, who answered, forwards (see `privacy`).

The days count from the message's last piece of work: the change that closed it, or a later
correction. Bookkeeping (archiving, claims, showing the number) does not restart the count.
A message still in follow-up keeps its data until it is closed: the follow-up work needs it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import partial
from pathlib import Path

from tui.core.helsenorge.dropfolder import purge_drop_folders
from tui.core.history import ARCHIVED
from tui.core.i18n import _, ngettext
from tui.core.labels import category_label, long_date
from tui.core.model import HistoryEntry, Message, Status
from tui.core.patient_data import ERASED, REVEALED
from tui.core.rules.claims import CLAIM_ACTIONS
from tui.core.store.erasure import ErasureResult, erase_everywhere
from tui.core.store.store import Store
from tui.core.workflow.audit import listing_events
from tui.core.workflow.inbox import Inbox

BOOKKEEPING_ACTIONS = CLAIM_ACTIONS | {ARCHIVED, REVEALED, ERASED}
"""History actions that are not work on the case, so they do not restart the count."""

PURGE_ACTION = "purge"
"""The system log's action for a purge: how many messages and files, and the messages' ids."""

SHOWN_ITEMS = 10
"""How many messages or files a report names before it sums up the rest."""


def closed_at(message: Message) -> datetime | None:
    """When the message was closed (its last piece of work); None while it is not closed."""
    if not message.status.is_done:
        return None
    moments = [message.received]
    if message.answered_at is not None:
        moments.append(message.answered_at)
    moments += [e.when for e in message.history if e.action not in BOOKKEEPING_ACTIONS]
    return max(moments)


def is_due(message: Message, cutoff: datetime) -> bool:
    """True when the message was closed before `cutoff`: its patient data must go."""
    closed = closed_at(message)
    return closed is not None and closed < cutoff


def _personal_fields(message: Message) -> list[str]:
    """The kinds of patient data a message still holds, in words, for the purge's report."""
    kinds = [
        (message.text, _("tekst")),
        (message.subject, _("emne")),
        (message.patient_name, _("navn")),
        (message.patient_id, _("fødselsnummer")),
        (message.dips_ref, _("DIPS-ref.")),
    ]
    return [label for value, label in kinds if value] or [_("historikk og merknader")]


@dataclass(frozen=True)
class PurgeReport:
    """What one purge erased and deleted, or would in a dry run."""

    days: int
    cutoff: datetime
    dry_run: bool
    erasure: ErasureResult = field(default_factory=ErasureResult)
    drop_files: tuple[Path, ...] = ()
    problems: tuple[str, ...] = ()
    """Drop folder files that could not be deleted, and why."""
    kept_drop_files: tuple[Path, ...] = ()
    """Old files in the drop folders' done/, skipped/, rejected/ that timedialog did not
    move there: never deleted, named for the clerk."""
    follow_up_waiting: int = 0
    """Messages in follow-up for longer than the retention time (their data stays)."""

    @property
    def erased(self) -> tuple[Message, ...]:
        """The messages whose patient data went (as they were before)."""
        return self.erasure.erased

    @property
    def anything(self) -> bool:
        """True when something was (or would be) erased or deleted."""
        return bool(self.erased or self.erasure.files or self.erasure.removed or self.drop_files)

    def summary(self) -> str:
        """One sentence for the clerk."""
        if not self.anything:
            return _("Ingen personopplysninger å slette (oppbevaringstid {days} dager).").format(
                days=self.days
            )
        text = (
            _(
                "Ville slettet personopplysninger i {messages} og {files} "
                "(lukket for mer enn {days} dager siden)."
            )
            if self.dry_run
            else _(
                "Slettet personopplysninger i {messages} og {files} "
                "(lukket for mer enn {days} dager siden)."
            )
        )
        messages = len(self.erased)
        files = len(self.erasure.files) + len(self.erasure.removed) + len(self.drop_files)
        return text.format(
            messages=ngettext("{count} melding", "{count} meldinger", messages).format(
                count=messages
            ),
            files=ngettext("{count} fil", "{count} filer", files).format(count=files),
            days=self.days,
        )

    def lines(self) -> list[str]:
        """The whole report, for `timedialog purge`."""
        lines = []
        if self.dry_run:
            lines.append(_("Prøvekjøring: ingenting er endret."))
        lines.append(
            _(
                "Oppbevaringstid: {days} dager etter at meldingen er lukket (retention_days). "
                "Gjelder meldinger lukket før {cutoff}."
            ).format(days=self.days, cutoff=long_date(self.cutoff.date()))
        )
        if self.erased:
            lines.append(_("Meldinger som mister personopplysningene:"))
            for message in self.erased[:SHOWN_ITEMS]:
                closed = closed_at(message)
                lines.append(
                    "  "
                    + _("{id}  {department}  {category}  lukket {closed}: {fields}").format(
                        id=message.id,
                        department=message.department,
                        category=category_label(message.category),
                        closed=long_date(closed.date()) if closed else "?",
                        fields=", ".join(_personal_fields(message)),
                    )
                )
            lines += _more(len(self.erased))
        lines += _file_lines(_("Filer som skrives om:"), self.erasure.files)
        lines += _file_lines(
            _("Uleselige sikkerhetskopier som slettes (kan verken renskes eller brukes):"),
            self.erasure.removed,
        )
        lines += _file_lines(_("Filer i slippmappene som slettes:"), self.drop_files)
        lines += _file_lines(
            _("Filer i slippmappene som timedialog ikke har lagt der (slettes ikke):"),
            self.kept_drop_files,
        )
        lines += [f"  {problem}" for problem in self.problems]
        if self.follow_up_waiting:
            lines.append(
                ngettext(
                    "{count} melding har vært til oppfølging i mer enn {days} dager. "
                    "Opplysningene slettes {days} dager etter at de er lukket: gjør ferdig "
                    "sjekklisten (l).",
                    "{count} meldinger har vært til oppfølging i mer enn {days} dager. "
                    "Opplysningene slettes {days} dager etter at de er lukket: gjør ferdig "
                    "sjekklisten (l).",
                    self.follow_up_waiting,
                ).format(count=self.follow_up_waiting, days=self.days)
            )
        lines.append(self.summary())
        return lines


def _more(count: int) -> list[str]:
    if count <= SHOWN_ITEMS:
        return []
    return ["  " + _("... og {count} til").format(count=count - SHOWN_ITEMS)]


def _file_lines(title: str, paths: Iterable[Path]) -> list[str]:
    paths = list(paths)
    if not paths:
        return []
    return [title, *(f"  {path}" for path in paths[:SHOWN_ITEMS]), *_more(len(paths))]


def purge_expired(inbox: Inbox, *, dry_run: bool = False) -> PurgeReport:
    """Erase the patient data of messages closed more than `retention_days` ago, everywhere.

    Also deletes the drop folders' old files. A dry run reports the same without changing
    anything. Raises `StoreError` when a database file cannot be read or written.
    """
    days = inbox.config.retention_days
    now = inbox.clock()
    cutoff = now - timedelta(days=days)

    store = inbox.store
    due = partial(is_due, cutoff=cutoff)
    record = HistoryEntry(now, inbox.user, ERASED)
    if isinstance(store, Store):  # the database, archive and backup files
        erasure = erase_everywhere(store, due, record, dry_run=dry_run)
    else:  # the rows on the server (loaded only then: the file store's purge needs none of it)
        from tui.core.store.postgres.store import PostgresStore

        if not isinstance(store, PostgresStore):
            raise TypeError(f"no erasure for {type(store).__name__}")
        erasure = store.erase(due, record, dry_run=dry_run)
    drop = purge_drop_folders(
        inbox.config, cutoff.timestamp(), inbox.store.access, inbox.store.path, dry_run=dry_run
    )
    if not dry_run and (erasure.erased or drop.deleted):
        details = [("retention_days", str(days)), ("files_deleted", str(len(drop.deleted)))]
        inbox.audit.send(listing_events(PURGE_ACTION, inbox.user, erasure.erased, details))
    waiting = sum(
        1
        for message in inbox.store.messages()
        if message.status is Status.FOLLOW_UP
        and message.answered_at is not None
        and message.answered_at < cutoff
    )
    return PurgeReport(
        days,
        cutoff,
        dry_run,
        erasure,
        drop.deleted,
        drop.problems,
        follow_up_waiting=waiting,
        kept_drop_files=drop.kept,
    )
