"""Bring Helsenorge message files into the inbox, and account for every file.

Every file (and every member of a zip archive) ends in exactly one `Outcome`: imported,
imported and flagged (a different message under a MsgId already known), already there (the
same message imported before: nothing is added), skipped (a valid message that is not a
patient's, or a file that is no message file: the reason says why, and the summary counts
each kind), or rejected (broken or hostile: a one-line Norwegian reason). Importing the same
files again is safe: a message is known by its MsgId and content, wherever it came from.

The database is read once and written once per batch, so a folder of a thousand files imports
in about a second. Replies and confirmations are matched with the messages they answer after
the whole batch is stored, so the order of the files does not matter.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from tui.core.config.config import UNSORTED, Config
from tui.core.controls import without_controls
from tui.core.helsenorge.message_files import (
    MAX_FILE_BYTES,
    Entry,
    entries,
    entry_name,
    find_files,
    too_large_reason,
)
from tui.core.helsenorge.parsing import (
    PatientRequest,
    RejectedError,
    Skipped,
    parse_message,
    read_process,
)
from tui.core.helsenorge.processes import (
    CANCELLATION_PROCESSES,
    INBOX_PROCESSES,
    SkipKind,
    normalised,
    other_process,
)
from tui.core.history import IMPORTED
from tui.core.i18n import N_, _, ngettext
from tui.core.labels import category_label, category_reason_label, date_time, status_label
from tui.core.model import Category, HistoryEntry, Message, Receiver
from tui.core.store.store import MessageNotFoundError
from tui.core.workflow.inbox import Inbox

__all__ = ["MAX_FILE_BYTES", "FileResult", "ImportReport", "Importer", "Outcome"]

MAX_ATTEMPTS = 3
"""Writes tried when other clerks keep adding the same MsgIds at the same moment."""

VARIANT_SEPARATOR = "~"
"""Joins a MsgId and a content digest into the id of a second message under that MsgId."""


class Outcome(StrEnum):
    """What became of one file."""

    IMPORTED = "importert"
    FLAGGED = "flagget"
    EXISTING = "finnes"
    SKIPPED = "hoppet_over"
    REJECTED = "avvist"

    @property
    def label(self) -> str:
        """The outcome in words, for the per-file summary."""
        return {
            Outcome.IMPORTED: _("importert"),
            Outcome.FLAGGED: _("importert, flagget"),
            Outcome.EXISTING: _("fantes fra før"),
            Outcome.SKIPPED: _("hoppet over"),
            Outcome.REJECTED: _("AVVIST"),
        }[self]


@dataclass(frozen=True)
class FileResult:
    """One file's (or archive member's) outcome, with the reason or the message it became."""

    path: Path
    outcome: Outcome
    reason: str = ""
    message_id: str = ""
    warnings: tuple[str, ...] = ()
    member: str = ""
    """The member's name when `path` is a zip archive."""
    kind: SkipKind | None = None
    """For a skipped file: what kind of message (or file) it is."""
    found: bool = True
    """False for what is no message file at all (a document, a missing path)."""

    @property
    def name(self) -> str:
        """The file's name, or "archive.zip:member.xml"."""
        return entry_name(self.path, self.member)

    def line(self) -> str:
        """One line for the clerk: outcome, file name, and why or where it went.

        The name and the reason (which may quote the file) come without control characters.
        """
        text = f"{self.outcome.label:<19} {self.name}"
        return without_controls(f"{text}: {self.reason}" if self.reason else text)


@dataclass(frozen=True)
class ImportReport:
    """The outcome of every file of one import."""

    results: tuple[FileResult, ...] = ()

    def count(self, *outcomes: Outcome) -> int:
        """How many files ended in one of `outcomes`."""
        return sum(1 for result in self.results if result.outcome in outcomes)

    @property
    def any_rejected(self) -> bool:
        """True when at least one file was refused."""
        return self.count(Outcome.REJECTED) > 0

    @property
    def new_messages(self) -> int:
        """Messages added to the inbox."""
        return self.count(Outcome.IMPORTED, Outcome.FLAGGED)

    @property
    def nothing_to_import(self) -> bool:
        """True when no message file was found at all (only documents, or nothing)."""
        return not any(result.found for result in self.results)

    def nothing_line(self) -> str:
        """What the clerk is told when there was nothing to import."""
        return _("Ingen filer å importere: fant ingen meldingsfiler (.xml, alene eller i .zip).")

    def skipped_kinds(self) -> list[tuple[SkipKind, int]]:
        """How many skipped files of each kind, in the order `SkipKind` lists them."""
        counts = dict.fromkeys(SkipKind, 0)
        for result in self.results:
            if result.outcome is Outcome.SKIPPED:
                counts[result.kind or SkipKind.OTHER_PROCESS] += 1
        return [(kind, count) for kind, count in counts.items() if count]

    def summary(self) -> str:
        """The totals in one Norwegian sentence; skipped files counted by kind."""
        kinds = "; ".join(f"{count} {kind.label}" for kind, count in self.skipped_kinds())
        files = len(self.results)
        return _(
            "{files}: {imported} importert ({flagged} flagget), {existing} fantes fra "
            "før, {skipped} hoppet over{kinds}, {rejected} avvist."
        ).format(
            files=ngettext("{count} fil", "{count} filer", files).format(count=files),
            imported=self.new_messages,
            flagged=self.count(Outcome.FLAGGED),
            existing=self.count(Outcome.EXISTING),
            skipped=self.count(Outcome.SKIPPED),
            kinds=f" ({kinds})" if kinds else "",
            rejected=self.count(Outcome.REJECTED),
        )

    def lines(self) -> list[str]:
        """Every file's line, each followed by its warnings, then the totals."""
        lines: list[str] = []
        for result in self.results:
            lines.append(result.line())
            lines.extend(
                without_controls(f"    {_('merknad')}: {warning}") for warning in result.warnings
            )
        lines.append(self.summary())
        return lines


def department_for(receiver: Receiver, config: Config) -> str | None:
    """The configured department whose HER-ids include the receiver's, department first."""
    for her in (receiver.department_her, receiver.trust_her):
        if not her:
            continue
        for department in config.departments:
            if her in department.her_ids:
                return department.code
    return None


def variant_id(msg_id: str, fingerprint: str) -> str:
    """The id of a message that arrived under a MsgId already used by another message."""
    return f"{msg_id}{VARIANT_SEPARATOR}{fingerprint[:16]}"


class _State(StrEnum):
    EXISTING = "existing"
    ADDED = "added"
    FAILED = "failed"


@dataclass
class _Planned:
    """What one file's message becomes, decided before the single write."""

    index: int
    entry: Entry
    request: PatientRequest
    fingerprint: str
    message: Message
    flagged: bool = False
    state: _State = _State.EXISTING


class Importer:
    """Imports files into one inbox; `fallback_department` takes messages whose HER-id is unknown.

    Without a fallback such messages go to the "usortert" department, never away.
    """

    def __init__(self, inbox: Inbox, *, fallback_department: str | None = None) -> None:
        self.inbox = inbox
        self.fallback_department = fallback_department

    def import_paths(self, paths: Iterable[Path]) -> ImportReport:
        """Import files, folders (recursively) and zip archives; name what is not imported."""
        files, others = find_files(paths)
        report = self.import_files(files)
        return ImportReport((*(_unread(entry) for entry in others), *report.results))

    def import_files(self, files: Sequence[Path]) -> ImportReport:
        """Import these files (a zip archive member by member), in this order.

        The report keeps the order. Replies and confirmations are matched with the messages
        they refer to once every file is read and stored, so the order does not matter.
        """
        results: dict[int, FileResult] = {}
        requests: list[tuple[int, Entry, PatientRequest]] = []
        skipped: list[tuple[int, Entry, Skipped]] = []
        index = 0
        for path in files:
            for entry in entries(path):
                index += 1
                if entry.problem or entry.not_a_message:
                    results[index] = _unread(entry)
                    continue
                try:
                    parsed = _parse(entry)
                except RejectedError as error:
                    results[index] = FileResult(
                        entry.path, Outcome.REJECTED, str(error), member=entry.member
                    )
                    continue
                if isinstance(parsed, Skipped):
                    skipped.append((index, entry, parsed))
                else:
                    requests.append((index, entry, parsed))
        if requests or skipped:
            known = {message.id: message for message in self.inbox.store.messages()}
            for plan in self._store(requests, known):
                results[plan.index] = self._result(plan)
            # A reply refers to a MsgId; a message is found by its id or by its MsgId. The
            # messages of this batch are in `known` by now.
            by_ref = {message.msg_id: message for message in known.values() if message.msg_id}
            by_ref |= known
            for index, entry, skip in skipped:
                results[index] = FileResult(
                    entry.path,
                    Outcome.SKIPPED,
                    self._skip_reason(skip, by_ref),
                    skip.msg_id,
                    member=entry.member,
                    kind=skip.kind,
                )
        return ImportReport(tuple(results[index] for index in sorted(results)))

    # Deciding and storing -----------------------------------------------------------------

    def _store(
        self, requests: list[tuple[int, Entry, PatientRequest]], known: dict[str, Message]
    ) -> list[_Planned]:
        """Add the new messages; return every request's plan, marked added or not."""
        plans: dict[int, _Planned] = {}
        pending: list[_Planned] = []
        for index, entry, request in requests:
            plan = self._plan(index, entry, request, known)
            plans[index] = plan
            if plan.message.id not in known:
                known[plan.message.id] = plan.message
                pending.append(plan)
        store = self.inbox.store
        # Another clerk may add the same MsgId between our read and our write: the store then
        # reports it as existing, and our message is compared with the one stored now.
        for _attempt in range(MAX_ATTEMPTS):
            if not pending:
                break
            result = self.inbox.add_messages(plan.message for plan in pending)
            added = set(result.added)
            retry: list[_Planned] = []
            for plan in pending:
                if plan.message.id in added:
                    plan.state = _State.ADDED
                    continue
                plan.state = _State.EXISTING
                try:
                    stored = store.get(plan.message.id)
                except MessageNotFoundError:
                    retry.append(plan)
                    continue
                known[stored.id] = stored
                if stored.fingerprint != plan.fingerprint:
                    replanned = self._plan(plan.index, plan.entry, plan.request, known)
                    plans[plan.index] = replanned
                    if replanned.message.id not in known:
                        known[replanned.message.id] = replanned.message
                        retry.append(replanned)
            pending = retry
        for plan in pending:
            plan.state = _State.FAILED
        for plan in plans.values():
            if plan.flagged and plan.state is _State.ADDED:
                self._flag_original(plan)
        return list(plans.values())

    def _plan(
        self, index: int, entry: Entry, request: PatientRequest, known: dict[str, Message]
    ) -> _Planned:
        fingerprint = request.fingerprint()
        original = known.get(request.msg_id)
        if original is None or original.fingerprint == fingerprint:
            message_id, flagged = request.msg_id, False
        else:
            message_id, flagged = variant_id(request.msg_id, fingerprint), True
        if message_id in known:
            message = known[message_id]
        else:
            message = self._message(request, entry.name, message_id, fingerprint, flagged)
        return _Planned(index, entry, request, fingerprint, message, flagged)

    def _message(
        self,
        request: PatientRequest,
        name: str,
        message_id: str,
        fingerprint: str,
        flagged: bool,
    ) -> Message:
        flags = list(request.warnings)
        department = department_for(request.receiver, self.inbox.config)
        if department is None:
            receiver = request.receiver.label or _("(ingen mottaker)")
            if self.fallback_department:
                department = self.fallback_department
                flags.append(
                    _(
                        "Ukjent mottaker {receiver}: lagt i {department} fordi filen kom i "
                        "avdelingens mappe."
                    ).format(receiver=receiver, department=department)
                )
            else:
                department = UNSORTED
                flags.append(
                    _(
                        "Ukjent mottaker {receiver}: lagt i Usortert. Videresend til riktig "
                        "avdeling."
                    ).format(receiver=receiver)
                )
        if flagged:
            flags.append(
                _(
                    "Samme MsgId som en annen melding ({msg_id}), men annet innhold: importert "
                    "som egen melding. Sjekk om den er en dublett."
                ).format(msg_id=request.msg_id)
            )
        inbox = self.inbox
        message = inbox.new_message(
            message_id=message_id,
            received=request.sent,
            department=department,
            text=request.text,
            subject=request.subject,
            type_code=request.type_code,
            patient_name=request.patient_name,
            patient_id=request.patient_id,
            appointment=request.appointment,
            flags=flags,
            source=f"helsenorge:{name}",
            msg_id=request.msg_id,
            conversation_ref=request.conversation_ref,
            parent_ref=request.parent_ref,
            receiver=request.receiver,
            fingerprint=fingerprint,
            history=[HistoryEntry(inbox.clock(), inbox.user, IMPORTED, new=name)],
        )
        if request.msg_type in CANCELLATION_PROCESSES and message.category != Category.AVBESTILLING:
            # The process carries nothing but cancellations, whatever its code and text say.
            message.category = Category.AVBESTILLING
            # Stored in bokmål and worded in the reader's language when shown (labels).
            message.category_reason = N_("prosess {process}").format(
                process=INBOX_PROCESSES.get(normalised(request.msg_type), request.msg_type)
            )
        return message

    def _flag_original(self, plan: _Planned) -> None:
        """Tell the clerk on the first message, too, that another one shares its MsgId."""
        note = _("En annen melding med samme MsgId er importert ({id}).").format(id=plan.message.id)

        def flag(message: Message) -> None:
            if note not in message.flags:
                message.flags.append(note)

        with contextlib.suppress(MessageNotFoundError):
            self.inbox.store.update(plan.request.msg_id, flag)

    # Words for the report -----------------------------------------------------------------

    def _result(self, plan: _Planned) -> FileResult:
        message = plan.message
        if plan.state is _State.FAILED:
            return FileResult(
                plan.entry.path,
                Outcome.REJECTED,
                _("Kunne ikke lagres: andre importerte samme MsgId samtidig. Prøv igjen."),
                member=plan.entry.member,
            )
        if plan.state is _State.EXISTING:
            return FileResult(
                plan.entry.path,
                Outcome.EXISTING,
                _("samme melding er importert før ({id}).").format(id=message.id),
                message.id,
                member=plan.entry.member,
            )
        outcome = Outcome.FLAGGED if plan.flagged else Outcome.IMPORTED
        text = _("{department}, {category} ({reason})").format(
            department=message.department,
            category=category_label(message.category),
            reason=category_reason_label(message.category_reason),
        )
        if outcome is Outcome.FLAGGED:
            text += " – " + _("samme MsgId som en annen melding, annet innhold")
        return FileResult(
            plan.entry.path,
            outcome,
            text,
            message.id,
            tuple(message.flags),
            member=plan.entry.member,
        )

    def _skip_reason(self, skip: Skipped, by_id: dict[str, Message]) -> str:
        """The skip reason; for a reply to a message in the inbox, which one and what to do."""
        for ref in skip.refers_to:
            message = by_id.get(ref)
            if message is None:
                continue
            if skip.kind is SkipKind.REPLY and message.status.is_open:
                note = _(
                    "Gjelder meldingen mottatt {when}, som fortsatt er åpen: merk den besvart "
                    "(b) når svaret er sendt."
                )
            else:
                note = _("Gjelder meldingen mottatt {when} ({status}).")
            return f"{skip.reason} " + note.format(
                when=date_time(message.received), status=status_label(message.status).lower()
            )
        return skip.reason


def _parse(entry: Entry) -> PatientRequest | Skipped:
    """A whole file's message; for a file too large to read whole, its process from its head.

    Only a message the inbox would take is refused for its size: a large message of another
    process (a clinician dialogue with a PDF) is skipped as what it is.
    """
    if entry.complete:
        return parse_message(entry.data)
    found = read_process(entry.data)
    if found is not None:
        other = other_process(*found)
        if other is not None:
            kind, reason = other
            return Skipped(reason, kind=kind)
    raise RejectedError(too_large_reason(entry.size))


def _unread(entry: Entry) -> FileResult:
    """The result of what was not read: no message file (skipped), or unreadable (rejected)."""
    if entry.problem:
        return FileResult(
            entry.path,
            Outcome.REJECTED,
            entry.problem,
            member=entry.member,
            found=bool(entry.member) or entry.path.is_file(),
        )
    return FileResult(
        entry.path,
        Outcome.SKIPPED,
        entry.not_a_message,
        member=entry.member,
        kind=SkipKind.NOT_A_MESSAGE,
        found=False,
    )
