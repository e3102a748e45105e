"""Moving a department's database between the stores: a file to PostgreSQL, and back.

`transfer` reads everything of the source (the hot messages, every year's archive, the roster,
the export log and the suggestion feedback), writes it into an empty target, reads the target
back and compares the counts. The source is only read. A file target is written as new files
(the database and one archive file per year, never over existing ones); a PostgreSQL target is
filled in one transaction (`PostgresStore.load`), so a failure leaves it empty.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from tui.core.i18n import _
from tui.core.model import Message
from tui.core.store.dbfile import StoreError, encode, replace_atomically, write_error
from tui.core.store.interface import InboxStore
from tui.core.store.postgres.store import PostgresStore
from tui.core.store.schema import EXPORTS, MESSAGES, ROSTER, SUGGESTION_FEEDBACK, new_database
from tui.core.store.store import Store


@dataclass(frozen=True)
class Contents:
    """Everything a department's database holds."""

    hot: list[Message]
    archived: list[Message]
    roster: dict[str, Any]
    exports: list[dict[str, Any]]
    feedback: list[dict[str, Any]]

    @classmethod
    def of(cls, store: InboxStore) -> Contents:
        """Read everything from `store` (reading only)."""
        return cls(
            store.messages(),
            store.archived(),
            store.roster_data(),
            store.export_log(),
            store.suggestion_feedback(),
        )

    def counts(self) -> dict[str, int]:
        """What must be the same on both sides: messages per place, history, logs, roster."""
        years = Counter(message.received.year for message in self.archived)
        counts = {
            "hot": len(self.hot),
            "history": sum(len(m.history) for m in (*self.hot, *self.archived)),
            "roster": 1 if self.roster else 0,
            "exports": len(self.exports),
            "suggestion_feedback": len(self.feedback),
        }
        counts |= {f"archive {year}": count for year, count in sorted(years.items())}
        return counts


class TransferError(StoreError):
    """The target is not empty, or what arrived differs from what was sent."""


def is_empty(store: InboxStore) -> bool:
    """True when the store holds nothing of the department yet."""
    contents = Contents.of(store)
    return (
        not (contents.hot or contents.archived or contents.roster or contents.exports)
        and not contents.feedback
    )


def transfer(source: InboxStore, target: InboxStore) -> dict[str, int]:
    """Copy everything of `source` into the empty `target`; return the counts, verified.

    Raises `TransferError` (nothing written) when the target holds anything already, and
    when the counts read back from the target differ from the source's.
    """
    if target.exists() and not is_empty(target):
        raise TransferError(
            _(
                "Målet {target} har data fra før; ingenting er flyttet. Velg en tom database."
            ).format(target=target.location)
        )
    contents = Contents.of(source)
    if isinstance(target, PostgresStore):
        target.load(
            contents.hot, contents.archived, contents.roster, contents.exports, contents.feedback
        )
    elif isinstance(target, Store):
        _write_files(target, contents)
    else:
        raise TypeError(f"no transfer into {type(target).__name__}")
    sent, arrived = contents.counts(), Contents.of(target).counts()
    if sent != arrived:
        raise TransferError(
            _("Tallene stemmer ikke etter flyttingen: sendt {sent}, kom fram {arrived}.").format(
                sent=sent, arrived=arrived
            )
        )
    return sent


def _table(documents: list[dict[str, Any]]) -> dict[str, Any]:
    return {str(number): document for number, document in enumerate(documents, start=1)}


def _write_files(target: Store, contents: Contents) -> None:
    """Write the database file and its archive files; none of them may exist."""
    data = new_database()
    data[MESSAGES] = _table([m.to_dict() for m in contents.hot])
    if contents.roster:
        data[ROSTER] = {"1": contents.roster}
    if contents.exports:
        data[EXPORTS] = _table(contents.exports)
    if contents.feedback:
        data[SUGGESTION_FEEDBACK] = _table(contents.feedback)
    files = {target.path: data}
    for year in sorted({m.received.year for m in contents.archived}):
        archive = new_database()
        archive[MESSAGES] = _table(
            [m.to_dict() for m in contents.archived if m.received.year == year]
        )
        files[target.archive_path(year)] = archive
    for path in files:
        if path.exists():
            raise TransferError(
                _("Filen {file} finnes fra før; ingenting er flyttet.").format(file=path)
            )
    try:
        target.access.make_folder(target.path.parent)
        # The archives first: a failure half-way leaves no database file that looks whole.
        for path, file_data in sorted(files.items(), key=lambda item: item[0] == target.path):
            replace_atomically(path, encode(file_data), target.access, target.path)
    except OSError as error:
        raise write_error(target.path, error) from error
