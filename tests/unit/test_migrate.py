"""`timedialog migrate` between a database file and PostgreSQL, and `timedialog doctor`."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from tests.conftest import FakeClock
from tests.helpers.postgres import new_database, new_department, with_parameters
from tui.cli import main
from tui.core.config.config import Config
from tui.core.store.postgres.store import PostgresStore
from tui.core.store.store import Store
from tui.core.store.transfer import Contents
from tui.core.workflow.demo import demo_messages
from tui.core.workflow.inbox import Inbox

pytest.importorskip("psycopg")


def folder_digest(folder: Path) -> dict[str, str]:
    """Every file under `folder` and its contents' hash: equal means untouched."""
    return {
        str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


@pytest.fixture
def worked_file(tmp_path: Path, config: Config, clock: FakeClock) -> Path:
    """A department's file with everything: hot, a year's archive, roster, logs, history."""
    path = tmp_path / "ort" / "inbox.json"
    path.parent.mkdir()
    inbox = Inbox(Store(path, clock=clock), config, "kari", clock)
    inbox.store.add(demo_messages(inbox))
    first = next(m for m in inbox.messages() if m.status.is_open)
    inbox.claim(first.id)
    inbox.release_claim()
    clock.advance(days=config.archive_after_days + 5)
    assert inbox.archive_done()
    inbox.store.update_roster_data(lambda old: {"weekdays": {"0": ["kari"]}})
    inbox.store.log_export({"who": "kari", "what": "list --with-patient-data"})
    inbox.store.update(first.id, lambda m: None, [("suggestion_feedback", {"week": "2026-48"})])
    return path


def config_file(tmp_path: Path, department: str) -> str:
    path = tmp_path / "config.toml"
    path.write_text(f'[database]\ndepartment = "{department}"\n', encoding="utf-8")
    return str(path)


def test_a_file_moves_to_postgresql_and_back_with_everything(
    worked_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url, department = new_database(), new_department()
    config = config_file(tmp_path, department)
    before = folder_digest(worked_file.parent)
    original = Contents.of(Store(worked_file))
    assert original.archived
    assert original.roster
    assert original.exports
    assert original.feedback

    assert main(["migrate", "--from", str(worked_file), "--to", url, "--config", config]) == 0
    out = capsys.readouterr().out
    assert "tallene stemmer" in out
    assert f"hot: {len(original.hot)}" in out
    assert folder_digest(worked_file.parent) == before  # the source is left untouched
    on_server = Contents.of(PostgresStore(url, department))
    assert on_server == original

    back = tmp_path / "back" / "inbox.json"
    back.parent.mkdir()
    assert main(["migrate", "--from", url, "--to", str(back), "--config", config]) == 0
    assert Contents.of(Store(back)) == original
    assert sorted(p.name for p in back.parent.iterdir()) == sorted(
        p.name for p in worked_file.parent.iterdir() if p.name.startswith("inbox.")
    )


def test_a_target_with_data_is_refused_and_left_as_it_was(
    worked_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url, department = new_database(), new_department()
    config = config_file(tmp_path, department)
    assert main(["migrate", "--from", str(worked_file), "--to", url, "--config", config]) == 0
    target = PostgresStore(url, department)
    revision = target.revision()
    assert main(["migrate", "--from", str(worked_file), "--to", url, "--config", config]) == 1
    assert "har data fra før" in capsys.readouterr().err
    assert target.revision() == revision
    # Back into a file that exists: refused, the file as it was.
    before = worked_file.read_bytes()
    assert main(["migrate", "--from", url, "--to", str(worked_file), "--config", config]) == 1
    assert worked_file.read_bytes() == before


def test_doctor_checks_connection_schema_and_grants(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import psycopg

    url, department = new_database(), new_department()
    config = config_file(tmp_path, department)
    assert main(["init", "--db", url, "--config", config]) == 0
    assert main(["doctor", "--db", url, "--config", config]) == 0
    out = capsys.readouterr().out
    assert "OK    Tilkoblet" in out
    assert "OK    Skjemaversjon" in out
    assert "eier tabellene" in out

    role = f"clerk_{department.replace('-', '_')}"
    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute(f"CREATE ROLE {role} LOGIN")
        connection.execute(f"GRANT SELECT ON messages TO {role}")
    clerk = with_parameters(url, user=role)
    assert main(["doctor", "--db", clerk, "--config", config]) == 1
    out = capsys.readouterr().out
    assert "FEIL  Rettigheter mangler: INSERT ON messages" in out
    assert "FEIL  Innloggingen er ikke medlem" in out


def test_doctor_on_a_database_file(worked_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["doctor", "--db", str(worked_file)]) == 0
    assert "OK    Databasefilen kan leses" in capsys.readouterr().out
