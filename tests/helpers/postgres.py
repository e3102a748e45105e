"""The throwaway PostgreSQL server `tests/run` starts, for the PostgreSQL store's tests.

`tests/run` starts a server of its own (a cluster in a temporary folder, a unix socket there)
and names it in `TIMEDIALOG_TEST_POSTGRES`. Without it the tests that need it are skipped, in
the fast lane only: the whole run sets `TIMEDIALOG_TEST_POSTGRES_REQUIRED`, and there a missing
server fails them.
"""

from __future__ import annotations

import os
import uuid
from urllib.parse import parse_qsl, urlencode, urlsplit

import pytest

SERVER_ENV = "TIMEDIALOG_TEST_POSTGRES"
REQUIRED_ENV = "TIMEDIALOG_TEST_POSTGRES_REQUIRED"


def server_url() -> str:
    """The test server's address (its `postgres` database); skip or fail without one."""
    url = os.environ.get(SERVER_ENV)
    if url:
        return url
    if os.environ.get(REQUIRED_ENV):
        pytest.fail(f"{SERVER_ENV} is not set: tests/run did not start PostgreSQL")
    pytest.skip(f"no PostgreSQL server ({SERVER_ENV} is set by tests/run)")


def with_database(url: str, database: str, **parameters: str) -> str:
    """`url` naming another database (and more libpq parameters)."""
    parts = urlsplit(url)
    query = dict(parse_qsl(parts.query))
    query.update(parameters)
    return f"{parts.scheme}://{parts.netloc}/{database}?{urlencode(query)}"


def with_parameters(url: str, **parameters: str) -> str:
    """`url` with more libpq parameters (another `user`, `sslmode`, …)."""
    return with_database(url, urlsplit(url).path.lstrip("/"), **parameters)


def new_database(prefix: str = "test") -> str:
    """A new, empty database on the test server; its address."""
    import psycopg

    url = server_url()
    name = f"{prefix}_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    return with_database(url, name)


def new_department() -> str:
    """A department name no other test uses."""
    return f"dept-{uuid.uuid4().hex[:10]}"
