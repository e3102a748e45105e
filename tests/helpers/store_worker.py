"""A clerk's process for the multi-process tests: `python -m tests.helpers.store_worker MODE ...`.

`mixed DB CLERK OPS SEED`: claims and releases, status changes and imports on a shared
database; prints a JSON summary of every change that was made.
`change DB CLERK ANSWER_ID NEW_ID`: another clerk answers one message and registers another.
`crash DB SLOT INCARNATION`: adds messages and bumps a counter until killed; prints one line
per write that has returned ("add ID" or "count N"), so the killer knows what must be on disk.

DB is a database file, or a PostgreSQL address with the department in `WORKER_DEPARTMENT`.
"""

from __future__ import annotations

import json
import os
import random
import sys
from datetime import datetime, timedelta
from pathlib import Path

from tui.core.config.config import load_config
from tui.core.model import OSLO, HistoryEntry, Message
from tui.core.store.interface import InboxStore
from tui.core.store.store import Store
from tui.core.workflow.inbox import Inbox, InboxError

REPO = Path(__file__).resolve().parents[2]
CLAIMED = [f"claim-{n}" for n in range(4)]
TOGGLED = [f"status-{n}" for n in range(4)]


def seed_message(message_id: str, received: datetime) -> Message:
    """A plain message for the tests to work on."""
    return Message(
        id=message_id,
        received=received,
        deadline=(received + timedelta(days=4)).date(),
        department="ORT",
        text="Kan jeg flytte timen min? " * 8,
        subject="Flytte time",
    )


DEPARTMENT_ENV = "WORKER_DEPARTMENT"


def open_store(database: str) -> InboxStore:
    """The store of a database file or of a department on a PostgreSQL server."""
    if database.startswith("postgresql://"):
        from tui.core.store.postgres.store import PostgresStore

        return PostgresStore(database, os.environ[DEPARTMENT_ENV])
    return Store(Path(database))


def mixed(path: str, clerk: str, operations: int, seed: int) -> None:
    inbox = Inbox(open_store(path), load_config(REPO / "data" / "config.example.toml"), clerk)
    rng = random.Random(seed)
    summary: dict[str, object] = {"clerk": clerk, "claims": 0, "releases": 0, "status": 0}
    imported: list[str] = []
    for number in range(operations):
        kind = rng.choice(("import", "claim", "status"))
        if kind == "import":
            message_id = f"import-{clerk}-{number}"
            result = inbox.add_messages([seed_message(message_id, datetime.now(OSLO))])
            assert result.added == (message_id,)
            imported.append(message_id)
        elif kind == "claim":
            outcome = inbox.claim(rng.choice(CLAIMED))
            if outcome.holder == clerk:
                summary["claims"] = int(str(summary["claims"])) + 1
                if inbox.release_claim() is not None:
                    summary["releases"] = int(str(summary["releases"])) + 1
        else:
            message_id = rng.choice(TOGGLED)
            if rng.random() < 0.5:
                try:
                    inbox.mark_answered(message_id)
                except InboxError:  # already answered by someone: reopening is the change
                    inbox.reopen(message_id)
            else:
                inbox.reopen(message_id)
            summary["status"] = int(str(summary["status"])) + 1
    summary["imported"] = imported
    print(json.dumps(summary))


def crash(path: str, slot: str, incarnation: str) -> None:
    store = open_store(path)
    counter = f"counter-{slot}"
    print("ready", flush=True)
    number = 0
    while True:
        number += 1
        if number % 2:
            message_id = f"crash-{slot}-{incarnation}-{number}"
            store.add([seed_message(message_id, datetime.now(OSLO))])
            print(f"add {message_id}", flush=True)
        else:
            value = f"{incarnation}-{number}"

            def bump(message: Message, value: str = value) -> None:
                entry = HistoryEntry(datetime.now(OSLO), slot, "teller", "", value)
                message.history.append(entry)

            store.update(counter, bump)
            print(f"count {value}", flush=True)


def change(path: str, clerk: str, answer_id: str, new_id: str) -> None:
    """Another clerk answers one message and registers a new one."""
    inbox = Inbox(open_store(path), load_config(REPO / "data" / "config.example.toml"), clerk)
    inbox.mark_answered(answer_id)
    new = inbox.new_message(
        message_id=new_id,
        received=inbox.clock(),
        department="NEVRO",
        text="Jeg må flytte timen min.",
        subject="Ny melding fra en annen prosess",
    )
    inbox.add_messages([new])


def main(argv: list[str]) -> None:
    mode, path = argv[0], argv[1]
    if mode == "mixed":
        mixed(path, argv[2], int(argv[3]), int(argv[4]))
    elif mode == "change":
        change(path, argv[2], argv[3], argv[4])
    elif mode == "crash":
        crash(path, argv[2], argv[3])
    else:
        raise SystemExit(f"unknown mode {mode}")


if __name__ == "__main__":
    main(sys.argv[1:])
