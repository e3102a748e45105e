"""Bring Helsenorge message files into the inbox, and account for every file.

Every file ends in exactly one `Outcome`: imported, imported and flagged (a different message
under a MsgId already known), already there (the same message imported before: nothing is
added), skipped (a valid message that is not a patient's: the reason says why), or rejected
(broken or hostile: a one-line Norwegian reason). Importing the same files again is safe.

The database is read once and written once per batch, so a folder of a thousand files imports
in about a second.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from tui.core.config import UNSORTED, Config
from tui.core.controls import without_controls
from tui.core.helsenorge import PatientRequest, RejectedError, Skipped, parse_message
from tui.core.i18n import _
from tui.core.inbox import Inbox
from tui.core.labels import category_label, date_time, status_label
from tui.core.model import HistoryEntry, Message, Receiver
from tui.core.store import MessageNotFoundError

MAX_FILE_BYTES = 1_000_000
"""Larger files are refused unread: a patient's message with its appointment is about 5 kB."""

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
    """One file's outcome, with the reason or the message it became."""

    path: Path
    outcome: Outcome
    reason: str = ""
    message_id: str = ""
    warnings: tuple[str, ...] = ()

    def line(self) -> str:
        """One line for the clerk: outcome, file name, and why or where it went.

        The name and the reason (which may quote the file) come without control characters.
        """
        text = f"{self.outcome.label:<19} {self.path.name}"
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

    def summary(self) -> str:
        """The totals in one Norwegian sentence."""
        return _(
            "{files} fil(er): {imported} importert ({flagged} flagget), {existing} fantes fra "
            "før, {skipped} hoppet over, {rejected} avvist."
        ).format(
            files=len(self.results),
            imported=self.new_messages,
            flagged=self.count(Outcome.FLAGGED),
            existing=self.count(Outcome.EXISTING),
            skipped=self.count(Outcome.SKIPPED),
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


def message_files(paths: Iterable[Path]) -> tuple[list[Path], list[FileResult]]:
    """The files to read: given files as they are, folders' `*.xml` files by name.

    Paths that do not exist or are neither file nor folder come back as rejected results.
    """
    files: list[Path] = []
    problems: list[FileResult] = []
    for path in paths:
        if path.is_dir():
            files.extend(
                sorted(
                    child
                    for child in path.iterdir()
                    if child.suffix.lower() == ".xml"
                    and not child.name.startswith(".")
                    and child.is_file()
                )
            )
        elif path.is_file():
            files.append(path)
        elif path.exists():
            problems.append(
                FileResult(
                    path, Outcome.REJECTED, _("Ikke en vanlig fil ({path}).").format(path=path)
                )
            )
        else:
            problems.append(
                FileResult(path, Outcome.REJECTED, _("Finnes ikke ({path}).").format(path=path))
            )
    return files, problems


def read_message_file(path: Path) -> bytes:
    """The file's bytes; raise `RejectedError` when it is too large or cannot be read."""
    try:
        with path.open("rb") as stream:
            size = os.fstat(stream.fileno()).st_size
            data = stream.read(MAX_FILE_BYTES + 1) if size <= MAX_FILE_BYTES else b""
    except OSError as error:
        raise RejectedError(
            _("Filen kan ikke leses: {error}.").format(error=error.strerror or error)
        ) from error
    if size > MAX_FILE_BYTES or len(data) > MAX_FILE_BYTES:
        raise RejectedError(
            _("Filen er for stor ({size} kB; grensen er {max} kB).").format(
                size=max(size, len(data)) // 1000, max=MAX_FILE_BYTES // 1000
            )
        )
    return data


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
    path: Path
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
        """Import files and the `*.xml` files of folders."""
        files, problems = message_files(paths)
        report = self.import_files(files)
        return ImportReport((*problems, *report.results))

    def import_files(self, files: Sequence[Path]) -> ImportReport:
        """Import these files, in this order; the report keeps the order."""
        results: dict[int, FileResult] = {}
        requests: list[tuple[int, Path, PatientRequest]] = []
        skipped: list[tuple[int, Path, Skipped]] = []
        for index, path in enumerate(files):
            try:
                parsed = parse_message(read_message_file(path))
            except RejectedError as error:
                results[index] = FileResult(path, Outcome.REJECTED, str(error))
                continue
            if isinstance(parsed, Skipped):
                skipped.append((index, path, parsed))
            else:
                requests.append((index, path, parsed))
        if requests or skipped:
            known = {message.id: message for message in self.inbox.store.messages()}
            # A reply refers to a MsgId; a message is found by its id or by its MsgId.
            by_ref = {message.msg_id: message for message in known.values() if message.msg_id}
            by_ref |= known
            for index, path, skip in skipped:
                reason = self._skip_reason(skip, by_ref)
                results[index] = FileResult(path, Outcome.SKIPPED, reason, skip.msg_id)
            for plan in self._store(requests, known):
                results[plan.index] = self._result(plan)
        return ImportReport(tuple(results[index] for index in sorted(results)))

    # Deciding and storing -----------------------------------------------------------------

    def _store(
        self, requests: list[tuple[int, Path, PatientRequest]], known: dict[str, Message]
    ) -> list[_Planned]:
        """Add the new messages; return every request's plan, marked added or not."""
        plans: dict[int, _Planned] = {}
        pending: list[_Planned] = []
        for index, path, request in requests:
            plan = self._plan(index, path, request, known)
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
                    replanned = self._plan(plan.index, plan.path, plan.request, known)
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
        self, index: int, path: Path, request: PatientRequest, known: dict[str, Message]
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
            message = self._message(request, path, message_id, fingerprint, flagged)
        return _Planned(index, path, request, fingerprint, message, flagged)

    def _message(
        self,
        request: PatientRequest,
        path: Path,
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
        return inbox.new_message(
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
            source=f"helsenorge:{path.name}",
            msg_id=request.msg_id,
            conversation_ref=request.conversation_ref,
            parent_ref=request.parent_ref,
            receiver=request.receiver,
            fingerprint=fingerprint,
            history=[HistoryEntry(inbox.clock(), inbox.user, "importert", new=path.name)],
        )

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
                plan.path,
                Outcome.REJECTED,
                _("Kunne ikke lagres: andre importerte samme MsgId samtidig. Prøv igjen."),
            )
        if plan.state is _State.EXISTING:
            return FileResult(
                plan.path,
                Outcome.EXISTING,
                _("samme melding er importert før ({id}).").format(id=message.id),
                message.id,
            )
        outcome = Outcome.FLAGGED if plan.flagged else Outcome.IMPORTED
        text = _("{department}, {category} ({reason})").format(
            department=message.department,
            category=category_label(message.category),
            reason=message.category_reason,
        )
        text = _("{department}, {category} ({reason})").format(
            department=message.department,
            category=category_label(message.category),
            reason=message.category_reason,
        )
        if outcome is Outcome.FLAGGED:
            text += " – " + _("samme MsgId som en annen melding, annet innhold")
        return FileResult(plan.path, outcome, text, message.id, tuple(message.flags))

    def _skip_reason(self, skip: Skipped, by_id: dict[str, Message]) -> str:
        """The skip reason; for a reply to a message in the inbox, which one and what to do."""
        for ref in skip.refers_to:
            message = by_id.get(ref)
            if message is None:
                continue
            if message.status.is_open:
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
