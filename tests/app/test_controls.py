"""Terminal control characters are taken out on every way in and never written out.

`tests/e2e/test_e2e_controls.py` shows a hostile message in a real tmux; these tests go through
each way in (the Helsenorge import, a paste, registration, the configuration, the standard
texts, a database written before) and each way out (`list`, its JSON, the report's CSV, the
import report).
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Callable
from pathlib import Path

import orjson
import pytest
from textual import events
from textual.widgets import Select, TextArea

from tests.app.test_register_app import bracketed_paste, open_form
from tests.conftest import REPO, FakeClock
from tests.unit.test_helsenorge import fixture, request_of
from tui.app import TimedialogApp
from tui.cli import main
from tui.cli import report as cli_report
from tui.core.config.config import Config, parse_config_text
from tui.core.controls import (
    BIDI_CONTROLS,
    PLACEHOLDER,
    data_without_controls,
    has_controls,
    json_may_hold_controls,
    without_controls,
)
from tui.core.helsenorge.importer import Importer
from tui.core.helsenorge.registration import Registration, build_message
from tui.core.model import Status
from tui.core.store.store import Store
from tui.core.texts.library import read_text_file
from tui.core.workflow.demo import demo_messages
from tui.core.workflow.inbox import Inbox
from tui.screens.inbox import InboxScreen

EXAMPLE = str(REPO / "data" / "config.example.toml")
HOSTILE = "før\x1b]52;c;SGVp\x07etter\u009b2J\u202eomvendt\u2069\x7fslutt\r\nny linje\r"
CLEAN = f"før{PLACEHOLDER}]52;c;SGVp{PLACEHOLDER}etter{PLACEHOLDER}2J{PLACEHOLDER}omvendt"
CLEAN += f"{PLACEHOLDER}slutt\nny linje\n"


def test_what_is_removed_is_category_cc_but_newline_and_tab_and_the_bidi_controls() -> None:
    removed = {
        chr(point)
        for point in range(0x3000)
        if without_controls(chr(point), placeholder="") == "" and chr(point) != "\r"
    }
    cc = {chr(p) for p in range(0x3000) if unicodedata.category(chr(p)) == "Cc"}
    assert removed == (cc - {"\n", "\t", "\r"}) | set(BIDI_CONTROLS)
    ordinary = "tab\tog\nlinje, æøå – «sitat» ‹›"
    assert without_controls(ordinary) == ordinary


def test_each_run_leaves_one_placeholder_and_carriage_returns_become_line_breaks() -> None:
    assert without_controls(HOSTILE) == CLEAN
    assert has_controls(HOSTILE)
    assert not has_controls(CLEAN)
    assert without_controls("a\x1b\x1b\u009bb") == f"a{PLACEHOLDER}b"


def test_data_is_cleaned_in_every_string_keys_included() -> None:
    data = {"a\x1b": ["x\u009by", {"k": "v\u202e"}], "n": 3}
    assert data_without_controls(data) == {
        f"a{PLACEHOLDER}": [f"x{PLACEHOLDER}y", {"k": f"v{PLACEHOLDER}"}],
        "n": 3,
    }


@pytest.mark.parametrize("hostile", ["\x1b", "\x08", "\r", "\x7f", "\u009b", "\u202e", "\u2069"])
def test_the_quick_scan_finds_each_kind_in_json(hostile: str) -> None:
    raw = orjson.dumps({"messages": {"1": {"text": f"Hei{hostile}på deg"}}})
    assert json_may_hold_controls(raw)
    assert json_may_hold_controls(json.dumps({"t": hostile}).encode())  # written escaped


def test_a_clean_database_needs_no_closer_look(demo_inbox: Inbox) -> None:
    assert not json_may_hold_controls(demo_inbox.store.path.read_bytes())


# The ways in -------------------------------------------------------------------------------


def test_the_helsenorge_import_takes_them_out_of_every_value() -> None:
    data = fixture("timer-1.1_innbygger_OET_endring-av-time.xml").decode("utf-8")
    data = data.replace(
        "Jeg ønsker timen flyttet til onsdag klokken 12.",
        "Flytt&#x9b;2J timen&#x202e;snudd&#x202c; takk",
    )
    data = data.replace("<GivenName>Line</GivenName>", "<GivenName>Li&#x9d;ne</GivenName>")
    data = data.replace('DN=" Ønske om endring av time"', 'DN="Ønske&#x85; om endring"')
    request = request_of(data.encode("utf-8"))
    assert request.text == f"Flytt{PLACEHOLDER}2J timen{PLACEHOLDER}snudd{PLACEHOLDER} takk"
    assert request.patient_name == f"Li{PLACEHOLDER}ne Danser"
    assert request.type_name == f"Ønske{PLACEHOLDER} om endring"


def test_html_character_references_in_the_text_are_taken_out_too() -> None:
    data = fixture("timer-1.1_innbygger_OET_endring-av-time.xml").decode("utf-8")
    data = data.replace(
        "Jeg ønsker timen flyttet til onsdag klokken 12.",
        "&lt;p&gt;Hei &amp;#x202e;snudd&lt;/p&gt;",
    )
    assert request_of(data.encode("utf-8")).text == f"Hei {PLACEHOLDER}snudd"


def test_registration_by_paste_stores_none(inbox: Inbox) -> None:
    registration = Registration(
        text=HOSTILE, patient_name="Line\x1b]P Danser", received="i dag 09:00", department="BLOD"
    )
    message = build_message(registration, inbox)
    assert message.text == CLEAN.strip()
    assert message.patient_name == f"Line{PLACEHOLDER}]P Danser"


async def test_a_paste_into_the_app_loses_them_before_any_field_sees_them(
    make_app: Callable[..., TimedialogApp], demo_inbox: Inbox
) -> None:
    before = {message.id for message in demo_inbox.store.messages()}
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        form = await open_form(pilot, app)
        bracketed_paste(app, "Hei\u009b2J\u202eflytte timen")
        app.post_message(events.Paste(" \x1b]52;c;SGVp\x07 takk"))
        await pilot.pause()
        text = form.query_one("#register-text", TextArea).text
        pasted = f"Hei{PLACEHOLDER}2J{PLACEHOLDER}flytte timen {PLACEHOLDER}]52;c;SGVp"
        assert text == f"{pasted}{PLACEHOLDER} takk"
        form.query_one("#register-department", Select).value = "BLOD"
        await pilot.pause()
        await pilot.press("ctrl+s")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, InboxScreen)
    (new,) = [m for m in demo_inbox.store.messages() if m.id not in before]
    assert new.text == text


def test_the_configuration_loses_them() -> None:
    source = Path(EXAMPLE).read_text(encoding="utf-8")
    source = source.replace('name = "Blodsykdommer"', 'name = "Blod\\u001b[2Jsykdommer\\u202e"')
    assert "Blod\\u001b" in source
    config = parse_config_text(source)
    department = config.department("BLOD")
    assert department is not None
    assert department.name == f"Blod{PLACEHOLDER}[2Jsykdommer{PLACEHOLDER}"


def test_a_standard_text_loses_them_and_the_check_names_the_key(tmp_path: Path) -> None:
    path = tmp_path / "tekst.toml"
    path.write_text(
        'id = "x"\ntitle = "Tittel"\ncategory = "annet"\n'
        'body = """\nHei\\u001b]52;c;SGVp\\u0007 og \u202ehadet\n"""\n',
        encoding="utf-8",
    )
    reading = read_text_file(path)
    assert reading.template is not None
    assert reading.template.body == f"Hei{PLACEHOLDER}]52;c;SGVp{PLACEHOLDER} og {PLACEHOLDER}hadet"
    assert [(p.line, p.message) for p in reading.problems] == [
        (4, "«body» har styretegn for terminalen; de er tatt bort")
    ]


def test_a_database_written_before_is_read_without_them(inbox: Inbox) -> None:
    message = demo_messages(inbox)[0]
    message.text = HOSTILE
    message.patient_name = "Åse\x1b[2J"
    message.answered_by = "ka\x1b]0;tittel\x07ri"
    inbox.store.add([message])
    on_disk = inbox.store.path.read_bytes() + inbox.store.journal.path.read_bytes()
    assert b"\\u001b" in on_disk
    (read,) = inbox.store.messages()
    assert read.text == CLEAN
    assert read.patient_name == f"Åse{PLACEHOLDER}[2J"
    assert read.answered_by == f"ka{PLACEHOLDER}]0;tittel{PLACEHOLDER}ri"


# The ways out ------------------------------------------------------------------------------


def planted(inbox: Inbox, clock: FakeClock) -> Inbox:
    """An inbox whose stored file holds control characters in every kind of field."""
    messages = demo_messages(inbox)
    for message in messages:
        message.text = HOSTILE
        message.subject = "Emne\x1b[2J"
        message.patient_name = "Line\u009b2J Danser"
        message.status = Status.CLOSED
        message.answered_by = "ka\x1b[31mri"
        message.answered_at = clock.now
    inbox.store.add(messages)
    return inbox


def test_list_and_its_json_write_none(
    inbox: Inbox, clock: FakeClock, capsys: pytest.CaptureFixture[str]
) -> None:
    db = str(planted(inbox, clock).store.path)
    for extra in ([], ["--json"]):
        argv = ["list", "--with-patient-data", *extra, "--db", db, "--config", EXAMPLE]
        assert main(argv) == 0
        captured = capsys.readouterr()
        assert captured.out.count(PLACEHOLDER) > 0
        assert not has_controls(captured.out.replace("\n", "")), extra
        assert not has_controls(captured.err.replace("\n", ""))


def test_the_report_csv_writes_none(
    inbox: Inbox,
    config: Config,
    clock: FakeClock,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(cli_report, "oslo_now", clock)
    db = str(planted(inbox, clock).store.path)
    target = tmp_path / "rapport.csv"
    argv = ["report", "--from", "2026-11-01", "--to", "2026-11-30", "--csv", str(target)]
    assert main([*argv, "--db", db, "--config", EXAMPLE]) == 0
    written = target.read_text(encoding="utf-8-sig")
    assert f"ka{PLACEHOLDER}[31mri" in written  # the clerk's row, the name as read
    assert not has_controls(written.replace("\r\n", "\n"))


def test_the_import_report_names_a_hostile_file_without_them(inbox: Inbox, tmp_path: Path) -> None:
    path = tmp_path / "navn\x1b]52;c;SGVp\x07.xml"
    path.write_bytes(b"ikke xml")
    report = Importer(inbox).import_paths([path])
    lines = report.lines()
    assert any(f"navn{PLACEHOLDER}]52;c;SGVp{PLACEHOLDER}.xml" in line for line in lines)
    assert not any(has_controls(line) for line in lines)


def test_the_store_never_reads_back_what_it_was_given(store: Store, inbox: Inbox) -> None:
    message = demo_messages(inbox)[0]
    message.subject = "\u202eomvendt"
    store.add([message])
    assert store.get(message.id).subject == f"{PLACEHOLDER}omvendt"
