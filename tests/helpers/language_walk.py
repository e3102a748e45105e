"""Everything a clerk reads in one language: every screen, notice and subcommand's help.

    python -m tests.helpers.language_walk nb|en [--leak MSGID] [--only PLACE ...]

prints a JSON object: place -> text, for `tests/app/test_one_language.py` to search for words of
the other language. It runs in a process of its own because Textual builds a screen's key
descriptions when its module is imported: the language is chosen first, as the command line
does. The inbox's data is neutral (invented words for the patients' texts, the standard
texts and the checklists), so what is checked is what timedialog itself says. The history,
the category reasons and the claims were recorded in the *other* language, as on a shared
database whose clerks do not all use the same one.

`--leak MSGID` shows that one string in the other language, to prove the test can fail;
`--only PLACE` (repeatable) walks only those places ("command line" for the subcommands).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import dataclasses
import gettext
import io
import json
import os
import sys
import tempfile
from pathlib import Path

from tests.conftest import FIXED_NOW, REPO, FakeClock
from tests.helpers.pilot import settle
from tui.core import i18n
from tui.core.config.config import Checklists, load_config
from tui.core.i18n import set_language

NEUTRAL_TEXT = "Lorem ipsum dolor sit amet, consectetur adipiscing elit."
NEUTRAL_BODY = """Lorem {avdeling} ipsum {telefon}.

Dolor {nytimedato} {nytimeklokkeslett} sit amet.
"""
URGENT_WORD = "xyzzy"
WIDE = (160, 50)
NARROW = (80, 24)


class _Leak(gettext.NullTranslations):
    """The translation in force, except one string, which is shown in the other language."""

    def __init__(self, inner: gettext.NullTranslations, msgid: str, shown: str) -> None:
        super().__init__()
        self.inner, self.msgid, self.shown = inner, msgid, shown

    def gettext(self, message: str) -> str:
        return self.shown if message == self.msgid else self.inner.gettext(message)

    def ngettext(self, msgid1: str, msgid2: str, n: int) -> str:
        return self.inner.ngettext(msgid1, msgid2, n)


def leak(msgid: str, language: str) -> None:
    """Show `msgid` in the other language from now on (a string left untranslated)."""
    other = "en" if language == "nb" else "nb"
    set_language(other)
    shown = i18n._(msgid)
    set_language(language)
    i18n._State.translation = _Leak(i18n._State.translation, msgid, shown)


def neutral_library(folder: Path) -> object:
    """Five standard texts, one per category, in invented words."""
    from tui.core.texts.library import TextLibrary, read_folder

    folder.mkdir()
    for number, category in enumerate(("endring", "avbestilling", "purring", "annet", "gebyr")):
        (folder / f"{category}.toml").write_text(
            f'id = "{category}"\ntitle = "Lorem {number}"\ncategory = "{category}"\n'
            f'checklist = ["Ipsum {number}"]\n'
            f"body = '''\n{NEUTRAL_BODY}'''\n",
            encoding="utf-8",
        )
    return TextLibrary(read_folder(folder).templates)


WORKED = ("Lorem alfa", "Lorem beta", "Lorem gamma")
"""The subjects of the messages worked on in the other language (the walk finds them with /)."""


def record_history(inbox: object, language: str) -> None:
    """Work on a few messages in the other language, so the history holds its records."""
    from tui.core.model import Category
    from tui.core.workflow.inbox import Inbox

    assert isinstance(inbox, Inbox)
    other = "en" if language == "nb" else "nb"
    set_language(other)
    by_subject = {message.subject: message.id for message in inbox.messages()}
    first, second, third = (by_subject[subject] for subject in WORKED)
    inbox.claim(first)
    inbox.set_category(first, Category.ENDRING)
    inbox.release_claim()
    inbox.mark_answered(first)
    inbox.tick(first, "Ipsum 0")
    inbox.forward(second, "ORT")
    inbox.close_without_reply(third, "Lorem")
    inbox.reveal_national_id(second)
    set_language(language)


def build_inbox(folder: Path, language: str) -> tuple[object, object]:
    """A demo inbox with neutral words, and a library of neutral texts."""
    from tui.core.store.store import Store
    from tui.core.workflow.demo import demo_messages
    from tui.core.workflow.inbox import Inbox

    config = load_config(REPO / "data" / "config.example.toml")
    neutral = tuple(f"Ipsum {n}" for n in range(2))
    config = dataclasses.replace(
        config,
        checklists=Checklists(neutral, neutral, neutral, neutral, neutral),
        urgent=dataclasses.replace(config.urgent, words=(URGENT_WORD,)),
    )
    library = neutral_library(folder / "texts")
    clock = FakeClock(FIXED_NOW)
    store = Store(folder / "inbox.json", clock=clock)
    inbox = Inbox(store, config, "kari", clock, library=library)  # type: ignore[arg-type]
    set_language("en" if language == "nb" else "nb")  # the suggestions' reasons, too
    messages = demo_messages(inbox)
    set_language(language)
    worked = iter(WORKED)
    for number, message in enumerate(messages):
        message.text = NEUTRAL_TEXT + (f" {URGENT_WORD}" if number == 0 else "")
        message.subject = f"Lorem {number}"
        if message.status.is_open and number:
            message.subject = next(worked, message.subject)
        message.patient_name = "Testesen"
        if not message.category_reason.startswith(("kode", "tekst", "code", "text")):
            message.category_reason = ""  # the demo's own wording is data, not the app's
        elif message.category_reason.startswith(("tekst: '", "text: '")):
            message.category_reason = "tekst: 'lorem'"  # the patient's words are data too
    inbox.add_messages(messages)
    record_history(inbox, language)
    return inbox, library


async def walk_app(language: str, folder: Path, only: list[str], leaked: str) -> dict[str, str]:
    """Open every screen the way a clerk does and note what it shows."""

    from tui.app import TimedialogApp
    from tui.core.rules.claims import CollisionError
    from tui.screens.confirm import ConfirmScreen

    inbox, library = build_inbox(folder, language)
    if leaked:  # after the data is made: only what the walk shows leaks
        leak(leaked, language)
    seen: dict[str, str] = {}

    def note(app: TimedialogApp, place: str) -> None:
        lines = [strip.text for strip in app.screen._compositor.render_strips()]
        notices = [f"{n.title}: {n.message}" for n in app._notifications]
        seen[place] = "\n".join([*lines, *notices])

    async def visit(place: str, *keys: str, size: tuple[int, int] = WIDE, wait: float = 0) -> None:
        if only and place not in only:
            return
        app = TimedialogApp(inbox, library, local_clipboard=False)  # type: ignore[arg-type]
        async with app.run_test(size=size) as pilot:
            await settle(pilot)
            for key in keys:
                if key.startswith("type:"):
                    await pilot.press(*key[5:])
                else:
                    await pilot.press(key)
                await settle(pilot)
            if wait:
                await pilot.pause(wait)
            note(app, place)

    await visit("inbox")
    await visit("inbox 80x24", size=NARROW)
    await visit("opened message", "enter")
    await visit("opened message 80x24", "enter", size=NARROW)
    await visit("history and reasons", "slash", "type:alfa", "enter", "enter")
    await visit("history of a forward", "slash", "type:beta", "enter", "enter", "f")
    await visit("closed without reply", "slash", "type:gamma", "enter", "enter")
    await visit("template picker", "t")
    await visit("template picker asking", "t", "enter")
    await visit("copy", "c")
    await visit("copy asking", "c", "type:99.99.9999", "enter")
    await visit("help", "question_mark")
    await visit("clipboard guide", "question_mark", "k")
    await visit("text view", "x")
    await visit("category", "e")
    await visit("forward", "v")
    await visit("close without reply", "u")
    await visit("register", "n")
    await visit("register with errors", "n", "ctrl+s")
    await visit("import", "i")
    await visit("import of nothing", "i", "type:/xyzzy/lorem", "enter")
    await visit("checklist", "o", "l")
    await visit("answered", "b")
    await visit("report", "r")
    await visit("report 80x24", "r", size=NARROW)
    await visit("report help", "r", "question_mark")
    await visit("roster", "V")
    await visit("command palette", "ctrl+p")
    await visit("command palette, no match", "ctrl+p", "type:qqqzzz", wait=1.0)
    await visit("ctrl+c", "ctrl+c")

    if only:
        return seen
    from tui.core.workflow.inbox import Inbox

    assert isinstance(inbox, Inbox)
    message = inbox.messages()[0]
    changed = inbox.store.get(inbox.messages()[1].id)
    collision = CollisionError(message, "per", changed.history[-3:])
    app = TimedialogApp(inbox, library, local_clipboard=False)  # type: ignore[arg-type]
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        app.push_screen(ConfirmScreen(_question(), collision.reasons))
        await settle(pilot)
        note(app, "confirm a collision")

    inbox.store.path.chmod(0o400)
    await visit("read-only", "b")
    inbox.store.path.chmod(0o600)

    from tui.cli.create_database import CreateDatabaseApp

    create = CreateDatabaseApp(folder / "x.json")
    async with create.run_test(size=NARROW) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+c")
        await pilot.pause()
        note(create, "create a database")  # type: ignore[arg-type]
    return seen


def _question() -> str:
    from tui.core.i18n import _

    return _("Vil du likevel merke meldingen som besvart?")


def walk_command_line(folder: Path, language: str) -> dict[str, str]:
    """Every subcommand's help, and the errors argparse and the commands write."""
    from tui.cli import build_parser, main

    os.environ["LANGUAGE"] = language  # as a clerk's locale would ask for it

    config = str(REPO / "data" / "config.example.toml")
    database = str(folder / "inbox.json")
    parser = build_parser()
    commands = sorted(
        choice
        for action in parser._subparsers._group_actions  # type: ignore[union-attr]
        for choice in getattr(action, "choices", {}) or {}
    )
    runs = {"help": ["--help"]}
    runs |= {f"{command} --help": [command, "--help"] for command in commands}
    runs |= {f"config {sub} --help": ["config", sub, "--help"] for sub in ("check", "path")}
    runs |= {
        "text check --help": ["text", "check", "--help"],
        "unknown command": ["nosuch"],
        "unknown option": ["list", "--nosuch"],
        "missing argument": ["import"],
        "bad choice": ["--lang", "de", "list"],
        "bad date": ["report", "--from", "2026-13-01", "--db", database],
        "missing folder": ["list", "--db", str(folder / "x" / "inbox.json")],
        "missing database": ["list", "--db", str(folder / "y.json")],
        "unreadable configuration": ["list", "--config", str(folder)],
        "broken configuration": ["config", "check", "--config", str(_broken(folder))],
        "deadline over a holiday": ["deadline", "2026-12-22", "--config", config],
        "fee": ["fee", "--appointment", "2026-12-28T10:00", "--sent", "2026-12-24T11:00"],
        "list": ["list", "--db", database, "--config", config],
        "report": ["report", "--db", database, "--config", config],
        "purge dry run": ["purge", "--dry-run", "--db", database, "--config", config],
        "text value": ["text", "endring", "--value", "nytimedato"],
    }
    seen: dict[str, str] = {}
    for place, argv in runs.items():
        out, err = io.StringIO(), io.StringIO()
        with (
            contextlib.redirect_stdout(out),
            contextlib.redirect_stderr(err),
            contextlib.suppress(SystemExit),
        ):
            main(argv)
        seen[f"$ timedialog {' '.join(argv)} ({place})"] = out.getvalue() + err.getvalue()
    return seen


def _broken(folder: Path) -> Path:
    path = folder / "broken.toml"
    path.write_text('[general]\ndeadline_days = 6\nclosed_days = ["x"]\n[fee\n', encoding="utf-8")
    return path


def main() -> None:
    """Print the walk of one language as JSON."""
    parser = argparse.ArgumentParser()
    parser.add_argument("language", choices=("nb", "en"))
    parser.add_argument("--leak", default="")
    parser.add_argument("--only", action="append", default=[])
    args = parser.parse_args()
    set_language(args.language)
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        seen = asyncio.run(walk_app(args.language, folder, args.only, args.leak))
        if not args.only or "command line" in args.only:
            seen |= walk_command_line(folder, args.language)
    json.dump(seen, sys.stdout, ensure_ascii=False)


if __name__ == "__main__":
    main()
