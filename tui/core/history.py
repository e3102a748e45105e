"""A message's history: each action stored as a stable code, worded in the clerk's language.

The database keeps codes ("status_changed" from "ny" to "oppfolging"), never the words a
clerk reads, so a file written under one language reads the same under the other, and the
retention purge recognises an action whatever language its clerk used. `describe` gives
the words at display time: "status ny → til oppfølging", "kategori bekreftet: annet".

Files of schema version 1 stored translated words ("videresendt" or "forwarded"); `LEGACY`
maps every word either language stored to its code, for the migration (`schema.py`) and for
backup copies, which keep the layout they were written in.
"""

from __future__ import annotations

import re

from tui.core.i18n import _
from tui.core.labels import category_label, date_time
from tui.core.model import Category, HistoryEntry, Status

REGISTERED = "registered"
"""Put into the inbox; `new` is the source ("demo", "manuell", "helsenorge:<file>")."""
IMPORTED = "imported"
"""Read from a Helsenorge file; `new` is the file's name."""
CLAIMED = "claimed"
"""A clerk took the message; `old` is a lapsed holder, `new` the clerk."""
RELEASED = "released"
"""A claim was let go; `old` is the clerk who held it."""
STATUS_CHANGED = "status_changed"
"""`old` and `new` are status codes (`Status`)."""
CATEGORY_CONFIRMED = "category_confirmed"
"""A clerk chose the category; `old` and `new` are category codes (`Category`)."""
CHECKLIST_TICKED = "checklist_ticked"
"""`old` is the checklist item."""
CHECKLIST_UNTICKED = "checklist_unticked"
"""`old` is the checklist item."""
CLOSED_WITHOUT_REPLY = "closed_without_reply"
"""`old` is the status code before, `new` the clerk's reason (free text)."""
FORWARDED = "forwarded"
"""`old` and `new` are department codes."""
ARCHIVED = "archived"
"""Moved to the archive; `new` is the archive's year."""
NATIONAL_ID_REVEALED = "national_id_revealed"
"""A clerk showed the whole fødselsnummer (who and when is the audit)."""
SEARCHED = "search"
"""The `new` of a `NATIONAL_ID_REVEALED` entry when the clerk searched for the whole number."""
PATIENT_DATA_ERASED = "patient_data_erased"
"""The retention purge erased the message's patient data."""

CODE_VALUED = frozenset(
    {
        STATUS_CHANGED,
        CATEGORY_CONFIRMED,
        CHECKLIST_TICKED,
        CHECKLIST_UNTICKED,
        CLAIMED,
        RELEASED,
        ARCHIVED,
        FORWARDED,
        NATIONAL_ID_REVEALED,
        PATIENT_DATA_ERASED,
    }
)
"""Actions whose values are codes, department codes, clerk names or configured checklist
items, never patient data (a reason or a file name is free text)."""

LEGACY: dict[str, str] = {
    "registrert": REGISTERED,
    "importert": IMPORTED,
    "tatt": CLAIMED,
    "frigitt": RELEASED,
    "status": STATUS_CHANGED,
    "kategori": CATEGORY_CONFIRMED,
    "lukket uten svar": CLOSED_WITHOUT_REPLY,
    "closed without reply": CLOSED_WITHOUT_REPLY,
    "videresendt": FORWARDED,
    "forwarded": FORWARDED,
    "arkivert": ARCHIVED,
    "fødselsnummer vist": NATIONAL_ID_REVEALED,
    "personopplysninger slettet": PATIENT_DATA_ERASED,
}
"""The words schema version 1 stored for each action, in bokmål and in English."""
LEGACY_CHECKLIST = "sjekkliste"
"""Version 1's checklist action: ticked or not was the translated word in `new`."""
LEGACY_UNTICKED = frozenset({"ikke gjort", "not done"})
LEGACY_TICKED = frozenset({"gjort", "done"})
LEGACY_CODE_VALUED = frozenset(
    {word for word, code in LEGACY.items() if code in CODE_VALUED} | {LEGACY_CHECKLIST}
)
"""Version 1's words for the actions in `CODE_VALUED` (backup copies keep that layout)."""

_YEAR = re.compile(r"\d{4}")


def from_legacy(entry: dict[str, object]) -> dict[str, object]:
    """A version 1 history entry (a stored dict) with its action as a code.

    The values that were words are made codes too: "gjort"/"done" becomes the action
    itself, "arkiv 2026" the year. An action this program never wrote is left as it is.
    """
    action = str(entry.get("action", ""))
    new = str(entry.get("new", ""))
    converted = dict(entry)
    if action == LEGACY_CHECKLIST:
        if new in LEGACY_UNTICKED:
            converted.update(action=CHECKLIST_UNTICKED, new="")
        elif new in LEGACY_TICKED:
            converted.update(action=CHECKLIST_TICKED, new="")
        return converted
    code = LEGACY.get(action)
    if code is None:
        return converted
    converted["action"] = code
    if code == ARCHIVED:
        year = _YEAR.search(new)
        converted.update(old="", new=year.group(0) if year else "")
    return converted


def _status(code: str) -> str:
    words = {
        Status.NEW.value: _("ny"),
        Status.ANSWERED.value: _("besvart"),
        Status.FOLLOW_UP.value: _("til oppfølging"),
        Status.CLOSED.value: _("lukket"),
    }
    return words.get(code, code)


def _category(code: str) -> str:
    try:
        return category_label(Category(code)).lower()
    except ValueError:
        return code


def source_label(source: str) -> str:
    """Where a message came from, in words: "Helsenorge", "limt inn", "demo"."""
    kind = source.split(":", 1)[0]
    words = {"helsenorge": _("Helsenorge"), "manuell": _("limt inn"), "demo": _("demo")}
    return words.get(kind, kind)


def describe(entry: HistoryEntry) -> str:
    """What the entry records, in the language in force: "status ny → til oppfølging"."""
    action, old, new, user = entry.action, entry.old, entry.new, entry.user
    if action == STATUS_CHANGED:
        return _("status {old} → {new}").format(old=_status(old), new=_status(new))
    if action == CATEGORY_CONFIRMED:
        text = _("kategori bekreftet: {category}").format(category=_category(new))
        if old and old != new:
            text += " " + _("(var {category})").format(category=_category(old))
        return text
    if action == CLAIMED:
        if old and old != user:
            return _("tatt (etter {user})").format(user=old)
        return _("tatt")
    if action == RELEASED:
        if old and old != user:
            return _("frigitt (holdt av {user})").format(user=old)
        return _("frigitt")
    if action == CHECKLIST_TICKED:
        return _("sjekkliste: «{item}» gjort").format(item=old)
    if action == CHECKLIST_UNTICKED:
        return _("sjekkliste: «{item}» ikke gjort").format(item=old)
    if action == CLOSED_WITHOUT_REPLY:
        if new:
            return _("lukket uten svar: {reason}").format(reason=new)
        return _("lukket uten svar")
    if action == FORWARDED:
        return _("videresendt {source} → {target}").format(source=old, target=new)
    if action == ARCHIVED:
        return _("arkivert ({year})").format(year=new) if new else _("arkivert")
    if action == REGISTERED:
        if new:
            return _("registrert ({source})").format(source=source_label(new))
        return _("registrert")
    if action == IMPORTED:
        return _("importert fra {file}").format(file=new) if new else _("importert")
    if action == NATIONAL_ID_REVEALED:
        if new == SEARCHED:
            return _("fødselsnummer brukt i søk")
        return _("fødselsnummer vist")
    if action == PATIENT_DATA_ERASED:
        return _("personopplysninger slettet")
    # An action of a later program: its values as they are, no arrow to or from nothing.
    change = f"{old} → {new}" if old and new else old or new
    return f"{action} {change}".rstrip()


def history_line(entry: HistoryEntry) -> str:
    """One entry on one line: "to 26.11.2026 10:05  per  status ny → besvart"."""
    return f"{date_time(entry.when)}  {entry.user}  {describe(entry)}"
