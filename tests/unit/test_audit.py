"""Every audited event also reaches the system log, once stored, with nothing of the patient.

A real Unix datagram socket stands in for `/dev/log` (`TIMEDIALOG_SYSLOG_SOCKET`), with
`SO_PASSCRED` on, so each line arrives with the sender's pid and uid as the kernel knows them:
what journald records as `_PID` and `_UID`.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import REPO, FakeClock
from tests.helpers.syslog_receiver import Datagram, SyslogReceiver
from tests.helpers.terminal import Tmux, installed_command, wait_for
from tui.core.config.config import Config
from tui.core.history import (
    CLAIMED,
    CLOSED_WITHOUT_REPLY,
    FORWARDED,
    RELEASED,
    STATUS_CHANGED,
)
from tui.core.identity import login_name
from tui.core.model import Message, Status
from tui.core.patient_data import REVEALED
from tui.core.privacy.retention import purge_expired
from tui.core.rules.claims import CollisionError
from tui.core.store.store import Store, StoreWriteError
from tui.core.workflow.audit import IDS_PER_LINE, SOCKET_VARIABLE, AuditTrail, SystemLog
from tui.core.workflow.demo import demo_messages
from tui.core.workflow.inbox import Inbox

EXAMPLE = str(REPO / "data" / "config.example.toml")


@pytest.fixture
def syslog(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[SyslogReceiver]:
    receiver = SyslogReceiver(tmp_path / "log.sock")
    monkeypatch.setenv(SOCKET_VARIABLE, str(receiver.path))
    yield receiver
    receiver.close()


@pytest.fixture
def office(syslog: SyslogReceiver, store: Store, config: Config, clock: FakeClock) -> Inbox:
    """A demo inbox whose clerk is kari, sending to the test's syslog socket."""
    inbox = Inbox(store, config, "kari", clock)
    store.add(demo_messages(inbox))
    return inbox


def with_number(inbox: Inbox) -> Message:
    return next(m for m in inbox.messages() if m.patient_id and m.status is Status.NEW)


def assert_no_patient_data(lines: list[Datagram], inbox: Inbox) -> None:
    secrets = [
        value
        for message in inbox.store.messages()
        for value in (message.patient_name, message.patient_id, message.subject, message.text)
        if value
    ]
    for line in lines:
        assert not [secret for secret in secrets if secret in line.text], line.text


def test_a_reveal_reaches_the_log_with_the_kernels_uid_and_no_patient_data(
    office: Inbox, syslog: SyslogReceiver
) -> None:
    message = with_number(office)
    assert office.reveal_national_id(message.id) == message.patient_id
    (line,) = syslog.lines(1)
    assert (line.pid, line.uid, line.gid) == (os.getpid(), os.getuid(), os.getgid())
    assert line.text.startswith(f"<86>timedialog[{os.getpid()}]: audit ")  # authpriv.info
    assert line.fields == {
        "action": REVEALED,
        "message": message.id,
        "department": message.department,
        "user": "kari",
        "uid": str(os.getuid()),
    }
    assert_no_patient_data(syslog.drain(), office)


def test_answer_close_forward_and_category_each_send_one_line(
    office: Inbox, syslog: SyslogReceiver
) -> None:
    first, second, third = [m for m in office.messages() if m.status is Status.NEW][:3]
    office.mark_answered(first.id)
    office.close_without_reply(second.id, f"Ringt {second.patient_name}")
    target = next(d.code for d in office.config.departments if d.code != third.department)
    office.forward(third.id, target)
    lines = syslog.lines(3)
    assert [(line.fields["action"], line.fields["message"]) for line in lines] == [
        (STATUS_CHANGED, first.id),
        (CLOSED_WITHOUT_REPLY, second.id),
        (FORWARDED, third.id),
    ]
    assert lines[0].fields["old"] == Status.NEW.value
    assert (lines[2].fields["old"], lines[2].fields["new"]) == (third.department, target)
    assert "old" not in lines[1].fields  # a close reason is free text: it stays in the database
    assert lines[2].fields["department"] == target
    assert_no_patient_data(syslog.drain(), office)


def test_nothing_is_sent_for_a_change_that_was_not_stored(
    office: Inbox, syslog: SyslogReceiver, monkeypatch: pytest.MonkeyPatch
) -> None:
    message = with_number(office)
    other = Inbox(office.store, office.config, "per", office.clock)
    other.claim(message.id)
    (claimed,) = syslog.lines(1)
    assert (claimed.fields["action"], claimed.fields["user"]) == (CLAIMED, "per")
    seen = office.store.get(message.id)
    with pytest.raises(CollisionError):
        office.mark_answered(message.id, seen=seen)

    def full_disk(*_args: object) -> None:
        raise StoreWriteError("disken er full")

    monkeypatch.setattr(Store, "_commit", full_disk)
    with pytest.raises(StoreWriteError):
        office.reveal_national_id(message.id)
    assert syslog.drain() == [claimed]


def test_an_export_and_a_search_from_the_command_line_are_logged(
    office: Inbox, syslog: SyslogReceiver
) -> None:
    messages = office.messages()
    name = with_number(office).patient_name
    db = str(office.store.path)
    common = ["--db", db, "--config", EXAMPLE, "--user", "kari"]
    search = subprocess.run(
        [installed_command(), "list", *name.split(), *common],
        capture_output=True,
        text=True,
        check=True,
    )
    assert "loggført" in search.stderr
    export = subprocess.run(
        [installed_command(), "list", "--json", "--with-patient-data", *common],
        capture_output=True,
        text=True,
        check=True,
    )
    assert export.stdout
    lines = syslog.lines(1 + -(-len(messages) // IDS_PER_LINE))
    searched, *exported = lines
    assert searched.fields["action"] == "search"
    assert searched.fields["count"] == "1"
    assert searched.fields["messages"] == with_number(office).id
    assert searched.fields["command"] == "list <søkeord>"
    assert all(part not in searched.text for part in name.split())
    assert {line.fields["action"] for line in exported} == {"export"}
    assert exported[0].fields["command"] == "list --json --with-patient-data"
    ids = ",".join(line.fields["messages"] for line in exported).split(",")
    assert sorted(ids) == sorted(m.id for m in messages)
    assert {line.pid for line in exported} != {searched.pid}  # two processes, each its own pid
    assert {line.uid for line in lines} == {os.getuid()}
    assert_no_patient_data(syslog.drain(), office)
    assert [record["with_patient_data"] for record in office.store.export_log()] == [False, True]


def test_the_purge_is_logged_with_the_ids_it_erased(
    office: Inbox, syslog: SyslogReceiver, clock: FakeClock
) -> None:
    message = with_number(office)
    office.close_without_reply(message.id, "duplikat")
    syslog.lines(1)
    clock.advance(days=office.config.retention_days + 1)
    report = purge_expired(office)
    erased = sorted(m.id for m in report.erased)
    assert message.id in erased
    lines = syslog.lines(2)
    assert lines[1].fields["action"] == "purge"
    assert sorted(lines[1].fields["messages"].split(",")) == erased
    assert lines[1].fields["count"] == str(len(erased))
    assert lines[1].fields["retention_days"] == str(office.config.retention_days)


def test_no_syslog_socket_costs_the_line_not_the_work(
    store: Store, config: Config, clock: FakeClock, tmp_path: Path
) -> None:
    inbox = Inbox(store, config, "kari", clock)
    inbox.audit = AuditTrail(store, SystemLog(str(tmp_path / "no-such.sock")))
    store.add(demo_messages(inbox))
    message = with_number(inbox)
    assert inbox.reveal_national_id(message.id) == message.patient_id
    assert inbox.audit.log.failures == 1


def test_the_app_in_a_real_terminal_logs_opening_and_showing_the_number(
    syslog: SyslogReceiver, tmp_path: Path
) -> None:
    tmux = Tmux(tmp_path)
    try:
        tmux.start(
            f"{installed_command()} --demo",
            env={
                "TERM": "xterm-256color",
                "HOME": str(tmp_path),
                "LANG": "C.UTF-8",
                SOCKET_VARIABLE: str(syslog.path),
            },
        )
        tmux.wait_for_screen("åpne")
        tmux.keys("Enter")
        tmux.wait_for_screen("Vis fnr.")
        tmux.keys("f")
        wait_for(lambda: len(syslog.lines(2, timeout=0.5)) >= 2, what="two lines in the log")
    finally:
        tmux.kill()
    claimed, revealed = syslog.received[:2]
    assert (claimed.fields["action"], revealed.fields["action"]) == (CLAIMED, REVEALED)
    assert claimed.fields["message"] == revealed.fields["message"]
    assert revealed.fields["user"] == login_name()
    assert revealed.uid == os.getuid()
    assert revealed.pid != os.getpid()  # the app's own process, as the kernel saw it
    assert str(revealed.pid) in revealed.text  # and the tag names the same pid


def test_the_history_and_the_log_agree(office: Inbox, syslog: SyslogReceiver) -> None:
    message = with_number(office)
    before = len(message.history)
    office.claim(message.id)
    office.reveal_national_id(message.id)
    office.mark_answered(message.id)
    added = office.store.get(message.id).history[before:]
    lines = syslog.lines(len(added))
    assert [line.fields["action"] for line in lines] == [entry.action for entry in added]
    assert [line.fields["action"] for line in lines] == [
        CLAIMED,
        REVEALED,
        STATUS_CHANGED,
        RELEASED,
    ]
    assert {line.fields["message"] for line in lines} == {message.id}
    assert syslog.drain() == lines
