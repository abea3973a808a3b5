"""Database fixtures: every ``database_url`` test runs on SQLite and on PostgreSQL.

PostgreSQL: ``ANJU_TEST_POSTGRES_URL`` (default: the local server, trust auth, database
``test``) is the admin connection; each test gets a fresh database created from it and dropped
afterwards. Without a reachable server those tests skip with the reason, unless
``ANJU_REQUIRE_POSTGRES=1`` (set by ``.ci/run``), which makes them fail instead.
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url

from anju.adapters.db import migrate
from anju.adapters.db.engine import make_engine

ADMIN_URL = os.environ.get("ANJU_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
_counter = itertools.count()
_unreachable: list[str] = []


def _admin() -> Engine:
    return create_engine(ADMIN_URL, isolation_level="AUTOCOMMIT", connect_args={"connect_timeout": 3})


def _postgres_or_skip() -> None:
    if not _unreachable:
        try:
            with _admin().connect() as connection:
                connection.execute(text("SELECT 1"))
            _unreachable.append("")
        except Exception as error:  # any connection failure means "no server here"
            _unreachable.append(f"{type(error).__name__}: {str(error).splitlines()[0]}")
    reason = _unreachable[0]
    if reason:
        message = f"PostgreSQL is not reachable at {ADMIN_URL} ({reason})"
        if os.environ.get("ANJU_REQUIRE_POSTGRES") == "1":
            pytest.fail(f"{message}; ANJU_REQUIRE_POSTGRES=1 requires it", pytrace=False)
        pytest.skip(f"{message}; set ANJU_REQUIRE_POSTGRES=1 to make this a failure")


@pytest.fixture
def postgres_url() -> Iterator[str]:
    """A fresh, empty PostgreSQL database for one test, dropped afterwards."""
    _postgres_or_skip()
    name = f"anju_test_{os.getpid()}_{next(_counter)}"
    admin = _admin()
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(ADMIN_URL).set(database=name).render_as_string(hide_password=False)
    try:
        yield url
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """An empty database URL, once per backend."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'anju.db'}"
    url: str = request.getfixturevalue("postgres_url")
    return url


@pytest.fixture
def migrated_engine(database_url: str) -> Iterator[Engine]:
    """An engine on a database upgraded to the newest schema."""
    migrate.upgrade(database_url)
    engine = make_engine(database_url)
    try:
        yield engine
    finally:
        engine.dispose()
