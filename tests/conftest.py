"""Shared fixtures: a fixed Oslo clock, a throwaway database, the demo inbox, the app."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from tui.core.config.config import Config, load_config
from tui.core.i18n import set_language
from tui.core.model import OSLO
from tui.core.store.interface import InboxStore
from tui.core.store.store import Store
from tui.core.texts.library import TextLibrary
from tui.core.workflow.demo import demo_messages
from tui.core.workflow.inbox import Inbox

FIXED_NOW = datetime(2026, 11, 26, 10, 0, tzinfo=OSLO)
"""Thursday 26 November 2026, 10:00 in Oslo: every test's "now"."""

REPO = Path(__file__).resolve().parent.parent


class FakeClock:
    """A clock that stands still until a test moves it."""

    def __init__(self, now: datetime = FIXED_NOW) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


@pytest.fixture(autouse=True, scope="session")
def own_cache_folder(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """The holiday cache (`tui.core.rules.holiday_cache`) goes to a folder of the test run's own,
    never the user's: what one run wrote cannot decide another's result."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("cache")))
        yield


@pytest.fixture
def machine_in_new_york() -> Iterator[None]:
    """The machine's own time zone is New York's, so a test shows Oslo time is used, not it.

    A server's zone is often UTC, a developer's Oslo: either would hide a rule that counts on
    the machine's clock instead of Oslo's.
    """
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("TZ", "EST5EDT,M3.2.0,M11.1.0")  # a POSIX rule: no zone files needed
        time.tzset()
        yield
    time.tzset()


@pytest.fixture(autouse=True)
def full_colour_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every test sees the same terminal, wherever it runs: full colour, colours allowed.

    The app picks its theme from the terminal (`tui.theme`); a test of another terminal sets
    its own variables.
    """
    monkeypatch.setenv("TERM", "xterm-256color")
    monkeypatch.setenv("COLORTERM", "truecolor")
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.delenv("TEXTUAL_COLOR_SYSTEM", raising=False)


@pytest.fixture(autouse=True)
def bokmal(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Every test starts in bokmål, whatever the machine's locale, and leaves it so."""
    # LANGUAGE chooses the language without touching the C library's locale (tmux needs one).
    monkeypatch.setenv("LANGUAGE", "nb")
    set_language("nb")
    yield
    set_language("nb")


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def config() -> Config:
    return load_config(REPO / "data" / "config.example.toml")


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "inbox.json"


@pytest.fixture
def store(db_path: Path) -> Store:
    return Store(db_path)


@pytest.fixture
def inbox(store: Store, config: Config, clock: FakeClock) -> Inbox:
    return Inbox(store, config, "kari", clock)


@pytest.fixture
def demo_inbox(inbox: Inbox) -> Inbox:
    inbox.store.add(demo_messages(inbox))
    return inbox


@pytest.fixture
def library() -> TextLibrary:
    return TextLibrary.load()


@pytest.fixture
def make_app(demo_inbox: Inbox, library: TextLibrary) -> Callable[..., object]:
    """Build the app on the demo inbox, without touching the machine's clipboard."""
    from tui.app import TimedialogApp

    def make(inbox: Inbox = demo_inbox) -> TimedialogApp:
        return TimedialogApp(inbox, library, local_clipboard=False)

    return make


@pytest.fixture
def inbox_app_empty(inbox: Inbox, library: TextLibrary) -> object:
    """The app on an empty inbox."""
    from tui.app import TimedialogApp

    return TimedialogApp(inbox, library, local_clipboard=False)


@pytest.fixture(scope="session")
def postgres_url() -> str:
    """A database on the test server shared by the session's tests (each its own department)."""
    from tests.helpers.postgres import new_database

    return new_database("session")


STORE_KINDS = ("file", "postgres")


@pytest.fixture(params=STORE_KINDS)
def store_kind(request: pytest.FixtureRequest) -> str:
    """Each store kind in turn: the database file, then PostgreSQL (`tests/helpers/postgres`)."""
    return str(request.param)


@pytest.fixture
def any_store(
    store_kind: str, db_path: Path, clock: FakeClock, request: pytest.FixtureRequest
) -> Iterator[InboxStore]:
    """A new, empty store of `store_kind`: the contract tests run against both."""
    if store_kind == "file":
        yield Store(db_path, clock=clock)
        return
    from tests.helpers.postgres import new_department
    from tui.core.store.postgres.store import PostgresStore

    store = PostgresStore(request.getfixturevalue("postgres_url"), new_department(), clock=clock)
    yield store
    store.close()


@pytest.fixture
def any_inbox(any_store: InboxStore, config: Config, clock: FakeClock) -> Inbox:
    """An inbox on `any_store`."""
    return Inbox(any_store, config, "kari", clock)


@pytest.fixture
def any_demo_inbox(any_inbox: Inbox) -> Inbox:
    """The demo inbox on `any_store`."""
    any_inbox.store.add(demo_messages(any_inbox))
    return any_inbox
