"""Engines from a URL, with the SQLite settings Anju relies on."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url


def make_engine(url: str, **kwargs: Any) -> Engine:
    """An engine for ``url``; for SQLite, foreign keys on and the WAL journal.

    A SQLite file's folder is created when missing, so ``sqlite:///var/anju.db`` just works.
    """
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        database = parsed.database
        if database and database != ":memory:" and not database.startswith("file:"):
            Path(database).expanduser().parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, **kwargs)
    if engine.dialect.name == "sqlite":
        # pysqlite's own transaction handling is kept: it begins a transaction just before the
        # first write, so concurrent web workers do not fail upgrading a read snapshot to a write
        # (SQLITE_BUSY_SNAPSHOT). Its cost is that a SAVEPOINT opened first commits on release,
        # so Anju never uses savepoints: conflicting inserts use ON CONFLICT DO NOTHING instead
        # (``anju.adapters.db.inserts``).
        event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    try:
        # SQLite ignores foreign keys unless asked, per connection.
        cursor.execute("PRAGMA foreign_keys=ON")
        # WAL lets the web tier read while an import or synth run writes.
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA busy_timeout=5000")
    finally:
        cursor.close()


def is_sqlite(engine: Engine) -> bool:
    """Whether the engine talks to SQLite."""
    return engine.dialect.name == "sqlite"
