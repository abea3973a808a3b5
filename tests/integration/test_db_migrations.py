"""Migrations: upgrade to head, no drift against the tables in code, downgrade to base."""

from __future__ import annotations

from sqlalchemy import inspect

from anju.adapters.db import migrate
from anju.adapters.db.engine import make_engine
from anju.adapters.db.tables import metadata


def _tables(url: str) -> set[str]:
    engine = make_engine(url)
    try:
        return set(inspect(engine).get_table_names())
    finally:
        engine.dispose()


def test_upgrade_has_no_drift_and_downgrade_removes_everything(database_url: str) -> None:
    assert migrate.check(database_url).current is None

    migrate.upgrade(database_url)
    state = migrate.check(database_url)
    assert state.current == state.head
    assert state.differences == ()
    assert state.up_to_date
    assert set(metadata.tables) | {"alembic_version"} == _tables(database_url)

    migrate.downgrade(database_url, "base")
    assert migrate.check(database_url).current is None
    assert _tables(database_url) <= {"alembic_version"}


def test_drift_is_reported(database_url: str) -> None:
    migrate.upgrade(database_url)
    engine = make_engine(database_url)
    try:
        with engine.begin() as connection:
            connection.exec_driver_sql("CREATE TABLE stray (id INTEGER PRIMARY KEY)")
    finally:
        engine.dispose()
    state = migrate.check(database_url)
    assert not state.up_to_date
    assert any("stray" in difference for difference in state.differences)


def test_upgrade_twice_is_harmless(database_url: str) -> None:
    migrate.upgrade(database_url)
    migrate.upgrade(database_url)
    assert migrate.check(database_url).up_to_date
