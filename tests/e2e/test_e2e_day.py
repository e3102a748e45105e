"""A clerk's day end to end: the installed command in tmux at 80x24, TERM=xterm, both languages.

Kari works a shared database the demo inbox (test persons) was put into, while Per, in a
second app of his own, has a message open. Kari opens the first message, copies its reply
(it reaches tmux's paste buffer by OSC 52), marks it answered and is on the next one,
closes that one without reply for a reason, forwards the next, tries to change the category
of the message Per holds (the warning appears, nothing changes), finds a patient by the whole
fødselsnummer (recorded in the history first), reads the report, leaves an opened message with
`q` and quits with `q`. Each step is checked on screen and in the database, waiting for
conditions, never for a fixed time.
"""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import REPO
from tests.helpers.terminal import Tmux, installed_command, wait_for
from tui.core.config.config import load_config
from tui.core.i18n import _, set_language
from tui.core.model import Message, Status, mask_national_id
from tui.core.patient_data import REVEALED
from tui.core.store.store import Store
from tui.core.texts.library import TextLibrary
from tui.core.texts.replies import ReplyContext
from tui.core.workflow.inbox import SEARCHED, Inbox, matches_filter

pytestmark = pytest.mark.e2e

CONFIG = REPO / "data" / "config.example.toml"
BOKMAL_ONLY = (
    "Kopiert:",
    "Ingenting er endret",
    "Velg kategori",
    "uten svar – hvorfor",
    "Videresend «",
    "Søk i innboksen",
    "Svarforslag (c)",
    "q Tilbake",
    "q Avslutt",
    "Meldingen er tatt av",
    "Oversikt –",
    "åpne, ",
)
"""What this walk's screens say in bokmål; none of it may show under `--lang en`."""


def translated(language: str, text: str) -> str:
    """`text` (bokmål source) as the app shows it in `language`."""
    set_language(language)
    try:
        return _(text)
    finally:
        set_language("nb")


def before(text: str, mark: str) -> str:
    """The part of a translated template before its first `mark` (a placeholder or quote)."""
    return text.split(mark, 1)[0]


class Clerk:
    """One clerk's app in a tmux server of its own, on the shared database."""

    def __init__(self, tmp_path: Path, user: str, database: Path, language: str) -> None:
        (tmp_path / user).mkdir()
        self.tmux = Tmux(tmp_path / user, width=80, height=24)
        command = [
            installed_command(),
            f"--db {database}",
            f"--config {CONFIG}",
            f"--user {user}",
            f"--lang {language}",
        ]
        env = {"TERM": "xterm", "COLORTERM": "", "HOME": str(tmp_path), "LANG": "C.UTF-8"}
        self.tmux.start(" ".join(command), env=env)
        self.language = language
        self.seen: list[str] = []
        """Every screen a wait was satisfied on."""

    def say(self, text: str) -> str:
        return translated(self.language, text)

    def screen(self) -> str:
        return self.tmux.screen()

    def lines(self) -> list[str]:
        return self.screen().rstrip("\n").splitlines()

    def footer(self) -> str:
        lines = self.lines()
        return lines[-1] if lines else ""

    def rows(self) -> list[str]:
        """The inbox's rows: under the column headings, above the detail pane's border."""
        lines = self.lines()
        top = next((n for n, line in enumerate(lines) if self.say("Pasient") in line), 0)
        end = next((n for n, line in enumerate(lines) if line.startswith("──")), len(lines))
        return lines[top + 1 : end]

    def cursor_row(self) -> str:
        return next((line for line in self.rows() if line.startswith(">")), "")

    def keys(self, *keys: str) -> None:
        self.tmux.keys(*keys)

    def type(self, text: str) -> None:
        self.tmux.run("send-keys", "-l", text)

    def wait_for(self, text: str, timeout: float = 15.0) -> None:
        self.seen.append(self.tmux.wait_for_screen(text, timeout))

    def wait_until_gone(self, text: str) -> None:
        wait_for(lambda: text not in self.screen(), what=f"{text!r} to go")

    def wait_for_footer(self, text: str) -> None:
        wait_for(lambda: text in self.footer(), what=f"{text!r} in the footer")
        self.seen.append(self.screen())

    def search(self, text: str) -> None:
        """`/`, type `text`, `enter`: back in the list once its keys are in the footer."""
        self.keys("/")
        self.wait_for(self.say("Søk i innboksen (esc lukker)"))  # the field, ready for keys
        self.type(text)
        wait_for(lambda: text in self.lines()[1], what=f"{text!r} in the search field")
        self.keys("Enter")
        self.wait_for_footer("q " + self.say("Avslutt"))

    def wait_for_cursor_on(self, message: Message) -> None:
        masked = mask_national_id(message.patient_id)
        wait_for(
            lambda: masked in self.cursor_row() and message.subject[:8] in self.cursor_row(),
            what=f"the cursor on «{message.subject}»",
            context=self.screen,
        )


@pytest.fixture
def database(tmp_path: Path) -> Path:
    path = tmp_path / "avdeling" / "inbox.json"
    path.parent.mkdir()
    subprocess.run(
        [installed_command(), "demo", "--db", str(path), "--config", str(CONFIG)],
        check=True,
        capture_output=True,
        env={"HOME": str(tmp_path), "LANG": "C.UTF-8", "PATH": "/usr/bin:/bin"},
    )
    return path


@pytest.fixture
def clerks(tmp_path: Path) -> Iterator[list[Clerk]]:
    started: list[Clerk] = []
    yield started
    for clerk in started:
        clerk.tmux.kill()


def stored(database: Path, message_id: str) -> Message:
    return Store(database).get(message_id)


@pytest.mark.parametrize("language", ["nb", "en"])
def test_a_clerks_day_at_80x24_on_a_plain_terminal(
    tmp_path: Path, database: Path, clerks: list[Clerk], language: str
) -> None:
    config = load_config(CONFIG)
    reader = Inbox(Store(database), config, "kari")
    order = reader.messages()
    first, second, third, fourth = order[:4]
    assert all(m.status is Status.NEW for m in (first, second, third, fourth))
    held = next(
        m
        for m in order[6:]
        if m.status is Status.NEW
        and m.subject
        and [o.id for o in order if matches_filter(o, m.subject)] == [m.id]
    )
    patient = next(
        m.patient_id
        for m in order[6:]
        if len(m.patient_id) == 11 and m.id != held.id and m.status is Status.NEW
    )
    same_patient = {m.id for m in order if m.patient_id == patient}
    # What `c` copies for the first message: its suggested reply, filled in.
    library = TextLibrary.from_config(config)
    today = reader.clock().date()
    context = ReplyContext(config, today, first, category=reader.suggested_reply(first).category)
    reply = context.suggested(library)
    assert reply is not None
    filled = context.fill(reply)
    assert filled.complete

    kari = Clerk(tmp_path, "kari", database, language)
    clerks.append(kari)
    quit_key = "q " + kari.say("Avslutt")
    kari.wait_for_footer(quit_key)
    assert all(len(line) <= 80 for line in kari.lines())
    assert sum("*****" in line for line in kari.rows()) >= 14  # at least 14 rows of messages
    kari.wait_for_cursor_on(first)

    # Open the first message (full screen at 80 columns) and copy its reply.
    back_key = "q " + kari.say("Tilbake")
    kari.keys("Enter")
    kari.wait_for_footer(back_key)
    kari.wait_for(kari.say("Svarforslag (c):"))
    wait_for(lambda: stored(database, first.id).claimed_by == "kari", what="kari's claim")
    kari.keys("c")
    wait_for(lambda: kari.tmux.buffer() == filled.text, what="the reply in tmux's buffer")

    # Answered: back in the inbox, on the next message; the copied text is named there.
    kari.keys("b")
    wait_for(lambda: stored(database, first.id).answered_by == "kari", what="the answer stored")
    kari.wait_for_cursor_on(second)
    copied = before(kari.say("Kopiert: «{title}» – x viser hele teksten"), "{title}")
    kari.wait_for(copied + reply.title[:20])
    assert stored(database, first.id).checklist == list(reader.checklist_for(first.category, reply))

    # Closed without reply, for a reason: on to the next.
    kari.keys("u")
    kari.wait_for(before(kari.say("Lukk «{subject}» uten svar – hvorfor?"), "«"))
    kari.keys("Enter")  # the first common reason
    wait_for(lambda: stored(database, second.id).status is Status.CLOSED, what="closed")
    assert stored(database, second.id).closed_reason
    kari.wait_for_cursor_on(third)

    # Forwarded to another department: on to the next.
    kari.keys("v")
    kari.wait_for(before(kari.say("Videresend «{subject}» fra {current} til:"), "«"))
    kari.keys("Enter")
    wait_for(lambda: bool(stored(database, third.id).forwards), what="forwarded")
    kari.wait_for_cursor_on(fourth)

    # Per, in a second app, opens a message; Kari's change of its category asks first.
    per = Clerk(tmp_path, "per", database, language)
    clerks.append(per)
    per.wait_for_footer("q " + per.say("Avslutt"))
    per.search(held.subject)
    per.wait_for_cursor_on(held)
    per.keys("Enter")
    wait_for(lambda: stored(database, held.id).claimed_by == "per", what="per's claim")

    kari.search(held.subject)
    kari.wait_for_cursor_on(held)  # the first match
    kari.keys("e")
    kari.wait_for(before(kari.say("Velg kategori (nå: {reason})"), "("))
    kari.keys("Enter")
    kari.wait_for(before(kari.say("Meldingen er tatt av {user} (siden {when})."), "{") + "per")
    category = stored(database, held.id).category
    kari.keys("Escape")
    kari.wait_for(kari.say("Ingenting er endret."))
    assert stored(database, held.id).category is category
    assert stored(database, held.id).claimed_by == "per"
    kari.keys("Escape")  # the search is cleared
    wait_for(lambda: sum("*****" in line for line in kari.rows()) >= 14, what="every row")

    # Found by the whole fødselsnummer: recorded in each message's history before it shows.
    kari.keys("/")
    kari.wait_for(kari.say("Søk i innboksen (esc lukker)"))
    kari.type(patient)

    def searched(message_id: str) -> list[tuple[str, str]]:
        history = stored(database, message_id).history
        return [(e.user, e.new) for e in history if e.action == REVEALED]

    wait_for(
        lambda: all(searched(m) == [("kari", SEARCHED)] for m in same_patient),
        what="the look-up in each message's history",
    )
    masked = mask_national_id(patient)
    wait_for(
        lambda: (
            patient in kari.lines()[1]
            and sum(masked in line for line in kari.rows()) == len(same_patient)
        ),
        what="the patient's messages",
    )
    assert all(patient not in line for line in kari.lines()[2:])  # masked, list and preview
    kari.keys("Escape")
    wait_for(lambda: patient not in kari.screen(), what="the search to clear")

    # The section leader's report, and back.
    kari.keys("r")
    report = before(kari.say("Oversikt – {period} ({start}–{end}) – {department}"), " – ")
    kari.wait_for(report)
    kari.keys("q")
    kari.wait_for_footer(quit_key)

    # q leaves an opened message; q in the inbox quits, letting go of nothing held.
    kari.keys("Enter")
    kari.wait_for_footer(back_key)
    kari.keys("q")
    kari.wait_for_footer(quit_key)
    kari.keys("q")
    wait_for(lambda: not kari.screen().strip(), what="the app to quit")
    assert not any(m.claimed_by == "kari" for m in Store(database).messages())
    per.keys("q")  # out of the message he held: let go
    per.wait_for_footer("q " + per.say("Avslutt"))
    wait_for(lambda: stored(database, held.id).claimed_by == "", what="per's claim let go")
    per.keys("q")
    wait_for(lambda: not per.screen().strip(), what="per's app to quit")
    screens = "\n".join(kari.seen + per.seen)
    shown = [words for words in BOKMAL_ONLY if words in screens]
    assert shown == ([] if language == "en" else list(BOKMAL_ONLY))
