"""The demo inbox: synthetic messages from test persons, placed relative to today.

`data/demo-inbox.toml` gives each message's age in days rather than a date, so the demo always
shows messages overdue, due today and due later, whenever it is started.
"""

from __future__ import annotations

import tomllib
import uuid
from datetime import datetime, time, timedelta
from pathlib import Path
from typing import Any

from tui.core.inbox import Inbox
from tui.core.model import OSLO, Appointment, Category, HistoryEntry, Message, Status
from tui.core.resources import data_dir

DEMO_USER = "demo"


def demo_inbox_path() -> Path:
    """The file the demo messages come from."""
    return data_dir() / "demo-inbox.toml"


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
    `analyse=False` leaves the category suggestion and urgent words for the app to find after
    its first frame (`Inbox.analyse_pending`), so `--demo` starts as fast as the real inbox.
    """
    data = tomllib.loads((path or demo_inbox_path()).read_text(encoding="utf-8"))
    now = inbox.clock()
    return [
        _demo_message(inbox, now, number, item, analyse)
        for number, item in enumerate(data["message"])
    ]


def _demo_message(
    inbox: Inbox, now: datetime, number: int, item: dict[str, Any], analyse: bool
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
            HistoryEntry(answered, DEMO_USER, "status", Status.NEW.value, status.value)
        )
    return message
