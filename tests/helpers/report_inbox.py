"""A hand-built inbox for the report tests, made with the clerks' own operations.

November 2026 has no public holidays; office hours are 08:00-15:30 (7.5 working hours a day).
"Now" is the tests' fixed clock, Thursday 26 November 2026 10:00. Deadlines are the
departments' in the example configuration: BLOD and ORT 4 working days, NEVRO 2, GAST 3.

| id  | received        | dept (now)  | category     | what became of it                          |
|-----|-----------------|-------------|--------------|--------------------------------------------|
| m1  | Mon 02.11 09:00 | BLOD        | endring      | kari answers Mon 02.11 11:30 (archived)    |
| m2  | Fri 06.11 20:00 | BLOD        | avbestilling | per answers Mon 09.11 09:00 (archived)     |
| m3  | Mon 09.11 14:00 | BLOD        | purring      | kari answers Mon 16.11 10:00: late         |
| m4  | Tue 10.11 08:30 | NEVRO       | endring      | anne answers Wed 11.11 15:00               |
| m5  | Wed 18.11 10:00 | ORT         | annet        | kari closes it without reply (duplicate)   |
| m6  | Thu 19.11 09:00 | BLOD -> ORT | annet        | per forwards 12:00; anne answers Fri 09:00 |
| m7  | Mon 23.11 09:00 | BLOD        | endring      | open, deadline Fri 27.11                   |
| m8  | Fri 20.11 10:00 | NEVRO       | purring      | open, deadline Tue 24.11: overdue          |
| m9  | Fri 30.10 10:00 | GAST        | gebyr        | answered Mon 02.11: received in October    |
| m10 | Tue 24.11 14:00 | BLOD        | avbestilling | kari answers Tue 24.11 15:00               |
| m11 | Mon 16.11 09:00 | ORT -> BLOD | endring      | kari forwards Tue 17.11 09:00; open, late  |
| old | Tue 10.11.2025  | BLOD        | endring      | answered the same day (archive 2025)       |

Every message carries a patient's name, fødselsnummer (synthetic: month + 80, as in the
Tenor test data), subject and text, so the tests can prove none of them reaches a report.
"""

from __future__ import annotations

from datetime import datetime

from tests.conftest import FakeClock
from tui.core.config.config import Config
from tui.core.model import OSLO, Category, Message
from tui.core.store.store import Store
from tui.core.workflow.inbox import Inbox

PATIENTS = {
    "m1": ("Line Danser", "11838043331"),
    "m2": ("Kari Testesen", "02829814857"),
    "m3": ("Ola Prøvemann", "12903735978"),
    "m4": ("Per Eksempelsen", "07814132204"),
    "m5": ("Anne Fiktiv", "14826014602"),
    "m6": ("Nils Testmann", "18873749935"),
    "m7": ("Eva Prøve", "29829900936"),
    "m8": ("Jon Attrapp", "05918821737"),
    "m9": ("Siv Oppdikt", "16859248312"),
    "m10": ("Liv Modell", "24917697853"),
    "m11": ("Tor Eksempel", "03887197521"),
    "old": ("Åse Tenkt", "26846899834"),
}
"""Patient name and fødselsnummer (synthetic test persons) of each message."""

SECRET_TEXT = "Hemmelig pasienttekst"
SECRET_SUBJECT = "Emne som ikke skal ut"


def at(day: str, clock_time: str) -> datetime:
    """An Oslo moment: at("2026-11-02", "09:00")."""
    return datetime.fromisoformat(f"{day}T{clock_time}").replace(tzinfo=OSLO)


def _message(
    inbox: Inbox, message_id: str, received: datetime, department: str, category: Category
) -> Message:
    name, national_id = PATIENTS[message_id]
    message = inbox.new_message(
        message_id=message_id,
        received=received,
        department=department,
        text=f"{SECRET_TEXT} fra {name}",
        subject=f"{SECRET_SUBJECT} {message_id}",
        patient_name=name,
        patient_id=national_id,
    )
    message.category = category
    message.category_confirmed = True
    return message


def build_report_inbox(store: Store, config: Config, clock: FakeClock) -> Inbox:
    """Fill `store` with the messages of the table above; return kari's inbox at "now"."""
    now = clock.now
    clerks = {user: Inbox(store, config, user, clock) for user in ("kari", "per", "anne")}
    kari = clerks["kari"]
    messages = [
        _message(kari, "m1", at("2026-11-02", "09:00"), "BLOD", Category.ENDRING),
        _message(kari, "m2", at("2026-11-06", "20:00"), "BLOD", Category.AVBESTILLING),
        _message(kari, "m3", at("2026-11-09", "14:00"), "BLOD", Category.PURRING),
        _message(kari, "m4", at("2026-11-10", "08:30"), "NEVRO", Category.ENDRING),
        _message(kari, "m5", at("2026-11-18", "10:00"), "ORT", Category.ANNET),
        _message(kari, "m6", at("2026-11-19", "09:00"), "BLOD", Category.ANNET),
        _message(kari, "m7", at("2026-11-23", "09:00"), "BLOD", Category.ENDRING),
        _message(kari, "m8", at("2026-11-20", "10:00"), "NEVRO", Category.PURRING),
        _message(kari, "m9", at("2026-10-30", "10:00"), "GAST", Category.GEBYR),
        _message(kari, "m10", at("2026-11-24", "14:00"), "BLOD", Category.AVBESTILLING),
        _message(kari, "m11", at("2026-11-16", "09:00"), "ORT", Category.ENDRING),
        _message(kari, "old", at("2025-11-10", "09:00"), "BLOD", Category.ENDRING),
    ]
    store.add(messages)

    def act(moment: datetime, user: str, operation: str, message_id: str, *value: str) -> None:
        clock.now = moment
        getattr(clerks[user], operation)(message_id, *value)

    act(at("2025-11-10", "10:00"), "kari", "mark_answered", "old")
    act(at("2026-11-02", "10:00"), "kari", "mark_answered", "m9")
    act(at("2026-11-02", "11:30"), "kari", "mark_answered", "m1")
    act(at("2026-11-09", "09:00"), "per", "mark_answered", "m2")
    act(at("2026-11-11", "15:00"), "anne", "mark_answered", "m4")
    act(at("2026-11-16", "10:00"), "kari", "mark_answered", "m3")
    act(at("2026-11-17", "09:00"), "kari", "forward", "m11", "BLOD")
    act(at("2026-11-18", "11:00"), "kari", "close_without_reply", "m5", "duplikat")
    act(at("2026-11-19", "12:00"), "per", "forward", "m6", "ORT")
    act(at("2026-11-20", "09:00"), "anne", "mark_answered", "m6")
    act(at("2026-11-24", "15:00"), "kari", "mark_answered", "m10")
    clock.now = now
    # The old and the first answered messages have moved to their years' archive files.
    store.archive(lambda m: m.id in {"old", "m1", "m2", "m9"}, lambda m: None)
    return kari
