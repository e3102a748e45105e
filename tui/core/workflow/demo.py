"""The demo inbox: synthetic messages from test persons, placed relative to today.

`data/demo-inbox.toml` gives each message's age in days rather than a date, so the demo always
shows messages overdue, due today and due later, whenever it is started.
"""

from __future__ import annotations

import tempfile
import tomllib
import uuid
from datetime import datetime, time, timedelta
from pathlib import Path
from typing import Any

import orjson

from tui.core.config.config import load_config
from tui.core.history import STATUS_CHANGED
from tui.core.model import OSLO, Appointment, Category, HistoryEntry, Message, Status
from tui.core.resources import data_dir
from tui.core.store.store import Store
from tui.core.workflow.inbox import Inbox

DEMO_USER = "demo"

ANALYSIS_FIELDS = (
    "category",
    "category_reason",
    "category_sure",
    "category_rule",
    "category_alternatives",
    "category_suggested",
    "urgent_words",
    "urgent_negated",
)
"""What `Inbox.analyse` finds for a message, as stored (`Message.to_dict` keys)."""


def demo_inbox_path() -> Path:
    """The file the demo messages come from."""
    return data_dir() / "demo-inbox.toml"


def demo_analyses_path() -> Path:
    """The built-in rules' suggestion and urgent words for each demo message.

    Kept so that `--demo` starts without loading the language data:
    `python -m tui.core.workflow.demo` writes it, and a test checks it is what the classifier
    gives.
    """
    return data_dir() / "demo-analyses.json"


def demo_analyses(inbox: Inbox) -> list[dict[str, Any]]:
    """The suggestion and urgent words the classifier gives each demo message now."""
    return [
        {key: message.to_dict()[key] for key in ANALYSIS_FIELDS}
        for message in demo_messages(inbox, analyse=True)
    ]


def _stored_analyses() -> list[dict[str, Any]]:
    try:
        analyses = orjson.loads(demo_analyses_path().read_bytes())
    except (OSError, orjson.JSONDecodeError):
        return []  # then the app analyses the demo after its first frame
    return analyses if isinstance(analyses, list) else []


def _at(now: datetime, days: int, clock_time: str) -> datetime:
    day = (now + timedelta(days=days)).date()
    return datetime.combine(day, time.fromisoformat(clock_time), tzinfo=OSLO)


def _weekday(moment: datetime, days: int) -> datetime:
    """An appointment falls on a weekday: a weekend moves it away from today, to a weekday."""
    step = timedelta(days=1 if days >= 0 else -1)
    while moment.weekday() >= 5:
        moment += step
    return moment


def demo_messages(inbox: Inbox, path: Path | None = None, *, analyse: bool = True) -> list[Message]:
    """The demo inbox as messages, relative to the inbox's clock.

    Ids are derived from the file's order, so loading the demo twice gives the same ids.
    `analyse=False` takes each message's suggestion and urgent words from
    `demo_analyses_path()` rather than from the classifier, so `--demo` starts without loading
    the language data; without that file the app finds them after its first frame
    (`Inbox.analyse_pending`).
    """
    data = tomllib.loads((path or demo_inbox_path()).read_text(encoding="utf-8"))
    now = inbox.clock()
    stored = [] if analyse or path is not None else _stored_analyses()
    if len(stored) != len(data["message"]):
        stored = []
    return [
        _demo_message(
            inbox,
            now,
            number,
            item,
            analyse=analyse,
            analysis=stored[number] if stored else None,
        )
        for number, item in enumerate(data["message"])
    ]


def _demo_message(
    inbox: Inbox,
    now: datetime,
    number: int,
    item: dict[str, Any],
    *,
    analyse: bool,
    analysis: dict[str, Any] | None,
) -> Message:
    received = min(_at(now, -int(item["days_ago"]), item["time"]), now)
    appointment = None
    if "appointment_in_days" in item:
        days = int(item["appointment_in_days"])
        start = _weekday(_at(now, days, item["appointment_time"]), days)
        if "appointment_sent_hours_before" in item:
            received = start - timedelta(hours=int(item["appointment_sent_hours_before"]))
        appointment = Appointment(start=start, end=start + timedelta(minutes=30))
    message = inbox.new_message(
        message_id=str(uuid.uuid5(uuid.NAMESPACE_URL, f"timedialog-demo-{number}")),
        received=received,
        department=item["department"],
        text=item["text"],
        subject=item.get("subject", ""),
        type_code=item.get("type_code", ""),
        patient_name=item.get("patient", ""),
        patient_id=item.get("fnr", ""),
        appointment=appointment,
        source="demo",
        analyse=analyse,
    )
    if analysis is not None:
        message = Message.from_dict(message.to_dict() | analysis)
    if "category" in item:
        message.category = Category(item["category"])
        message.category_reason = item.get("category_reason", "")
    status = Status(item.get("status", Status.NEW.value))
    if status is not Status.NEW:
        answered = now - timedelta(days=int(item.get("answered_days_ago", 0)))
        message.answered_by = DEMO_USER
        message.answered_at = answered
        if status is Status.FOLLOW_UP:
            message.checklist = list(inbox.checklist_for(message.category))
            message.checklist_done = message.checklist[: int(item.get("checklist_done", 0))]
        message.status = status
        message.history.append(
            HistoryEntry(answered, DEMO_USER, STATUS_CHANGED, Status.NEW.value, status.value)
        )
    return message


def write_demo_analyses() -> Path:
    """Write the classifier's suggestion and urgent words for each demo message."""
    with tempfile.TemporaryDirectory() as folder:
        config = load_config(data_dir() / "config.example.toml")
        inbox = Inbox(Store(Path(folder) / "demo.json"), config, DEMO_USER)
        analyses = demo_analyses(inbox)
    path = demo_analyses_path()
    path.write_bytes(orjson.dumps(analyses, option=orjson.OPT_INDENT_2) + b"\n")
    return path


if __name__ == "__main__":
    print(write_demo_analyses())
