"""Inserts that may meet a unique key: no savepoints (see ``engine.py``), ON CONFLICT instead."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import Connection, CursorResult, Table
from sqlalchemy.dialects import postgresql, sqlite


def insert_new(connection: Connection, table: Table, values: Mapping[str, Any]) -> bool:
    """INSERT unless the primary key or a unique key exists; True when the row was inserted.

    ``ON CONFLICT DO NOTHING`` rather than a savepoint: pysqlite's legacy transactions turn the
    release of a first savepoint into a COMMIT, which would keep the row even if the caller rolls
    back. On PostgreSQL a concurrent insert of the same key makes this wait for that transaction:
    if it commits, nothing is inserted; if it rolls back, this one goes in.
    """
    dialect = connection.dialect.name
    if dialect == "postgresql":
        statement: Any = postgresql.insert(table).values(dict(values)).on_conflict_do_nothing()
    elif dialect == "sqlite":
        statement = sqlite.insert(table).values(dict(values)).on_conflict_do_nothing()
    else:  # pragma: no cover - Anju runs on SQLite and PostgreSQL
        raise RuntimeError(f"unsupported database: {dialect}")
    # RETURNING gives a row only when one was inserted (rowcount is not reliable here).
    key = next(iter(table.primary_key.columns))
    return connection.execute(statement.returning(key)).first() is not None


def new_id(result: CursorResult[Any]) -> int:
    """The primary key an INSERT just created."""
    key = result.inserted_primary_key
    if key is None:  # pragma: no cover - every Anju table has an integer primary key
        raise RuntimeError("the insert returned no primary key")
    return int(key[0])


def insert_returning_id(connection: Connection, table: Table, values: Mapping[str, Any]) -> int | None:
    """INSERT unless a unique key exists; the new row's id, or None when it already existed."""
    dialect = connection.dialect.name
    module: Any = postgresql if dialect == "postgresql" else sqlite
    statement = module.insert(table).values(dict(values)).on_conflict_do_nothing()
    key = next(iter(table.primary_key.columns))
    row = connection.execute(statement.returning(key)).first()
    return None if row is None else int(row[0])
