"""Schema migrations: upgrade, downgrade and the drift check, on any URL.

The Alembic scripts live in the package (``anju/adapters/db/migrations``), found through
:mod:`importlib.resources`, so an installed Anju migrates without an ``alembic.ini``.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from typing import Any

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine

from anju.adapters.db.engine import make_engine
from anju.adapters.db.tables import metadata


def alembic_config(connection: Connection | None = None) -> Config:
    """An Alembic config pointing at the packaged scripts (and a connection, when given)."""
    cfg = Config()
    location = resources.files("anju.adapters.db") / "migrations"
    cfg.set_main_option("script_location", str(location))
    if connection is not None:
        cfg.attributes["connection"] = connection
    return cfg


def _with_engine(url: str | Engine, action: Any) -> Any:
    engine = make_engine(url) if isinstance(url, str) else url
    try:
        with engine.begin() as conn:
            return action(conn)
    finally:
        if isinstance(url, str):
            engine.dispose()


def upgrade(url: str | Engine, revision: str = "head") -> None:
    """Bring the database at ``url`` up to ``revision`` (the newest by default)."""
    _with_engine(url, lambda conn: command.upgrade(alembic_config(conn), revision))


def downgrade(url: str | Engine, revision: str = "base") -> None:
    """Take the database at ``url`` down to ``revision`` (``"base"``: no Anju tables)."""
    _with_engine(url, lambda conn: command.downgrade(alembic_config(conn), revision))


@dataclass(frozen=True, slots=True)
class SchemaState:
    """Where a database stands against the code's schema."""

    current: str | None
    """The revision the database is at (None: never migrated)."""
    head: str
    """The newest revision shipped with this version of Anju."""
    differences: tuple[str, ...]
    """Autogenerate differences between the database and :data:`tables.metadata`."""

    @property
    def up_to_date(self) -> bool:
        """At head with no drift."""
        return self.current == self.head and not self.differences


def check(url: str | Engine) -> SchemaState:
    """Compare the database with the code: its revision and any autogenerate difference."""
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    if head is None:  # pragma: no cover - the package always ships a revision
        raise RuntimeError("no migration revision is packaged")

    def inspect(conn: Connection) -> SchemaState:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        diffs = compare_metadata(context, metadata)
        return SchemaState(context.get_current_revision(), head, tuple(map(repr, diffs)))

    result: SchemaState = _with_engine(url, inspect)
    return result
