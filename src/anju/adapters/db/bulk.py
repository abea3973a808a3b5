"""Bulk loading of a whole synthetic city: COPY on PostgreSQL, executemany on SQLite.

Everything is written in one transaction: a failure leaves the database as it was. The frames
carry their own ids (parents before children), so on PostgreSQL the id sequences are moved past
them afterwards, and later inserts (imports) never collide.
"""

from __future__ import annotations

import io
from typing import Any

import polars as pl
from sqlalchemy import Connection, Engine, delete, func, select, text

from anju.adapters.db import migrate
from anju.adapters.db.engine import make_engine
from anju.adapters.db.tables import MEMBER_TABLES, accounts, metadata
from anju.domain.errors import Conflict
from anju.services.synth import City

_BATCH = 50_000


def _sqlite_ready(frame: pl.DataFrame) -> pl.DataFrame:
    """Values the sqlite3 driver binds natively, stored as SQLAlchemy would store them."""
    casts = []
    for name, dtype in frame.schema.items():
        if isinstance(dtype, pl.Decimal):
            # SQLite keeps NUMERIC as REAL anyway; SQLAlchemy reads it back at the column's scale.
            casts.append(pl.col(name).cast(pl.Float64))
        elif dtype == pl.Date:
            casts.append(pl.col(name).dt.strftime("%Y-%m-%d"))
        elif dtype == pl.Boolean:
            casts.append(pl.col(name).cast(pl.Int8))
    return frame.with_columns(casts) if casts else frame


def _insert_sqlite(connection: Connection, name: str, frame: pl.DataFrame) -> None:
    columns = ", ".join(frame.columns)
    marks = ", ".join("?" for _ in frame.columns)
    cursor = connection.connection.cursor()
    try:
        ready = _sqlite_ready(frame)
        for start in range(0, ready.height, _BATCH):
            rows = ready.slice(start, _BATCH).rows()
            cursor.executemany(f"INSERT INTO {name} ({columns}) VALUES ({marks})", rows)
    finally:
        cursor.close()


def _copy_postgres(connection: Connection, name: str, frame: pl.DataFrame) -> None:
    columns = ", ".join(frame.columns)
    cursor: Any = connection.connection.cursor()
    try:
        with cursor.copy(f"COPY {name} ({columns}) FROM STDIN WITH (FORMAT csv)") as copy:
            for start in range(0, frame.height, _BATCH * 4):
                buffer = io.BytesIO()
                frame.slice(start, _BATCH * 4).write_csv(buffer, include_header=False)
                copy.write(buffer.getvalue())
    finally:
        cursor.close()
    sequence = f"pg_get_serial_sequence('{name}', 'id')"
    connection.execute(text(f"SELECT setval({sequence}, (SELECT COALESCE(MAX(id), 1) FROM {name}))"))


def _insert_generic(connection: Connection, name: str, frame: pl.DataFrame) -> None:
    table = metadata.tables[name]
    for start in range(0, frame.height, _BATCH):
        connection.execute(table.insert(), frame.slice(start, _BATCH).to_dicts())


def load_city(connection: Connection, city: City, *, replace: bool = False) -> None:
    """Write every table of ``city``; the member tables must be empty unless ``replace``."""
    existing = connection.scalar(select(func.count()).select_from(accounts)) or 0
    if existing and not replace:
        raise Conflict(
            f"数据库中已有{existing}个缴存账户；合成数据只写入空库。如确需覆盖，请加 --replace（将删除现有缴存人数据）"
        )
    if replace:
        for table in reversed(MEMBER_TABLES):
            connection.execute(delete(table))
    dialect = connection.dialect.name
    writer = {"sqlite": _insert_sqlite, "postgresql": _copy_postgres}.get(dialect, _insert_generic)
    for name, frame in city.tables().items():
        if frame.height:
            writer(connection, name, frame)


class SqlCityStore:
    """A database that receives synthetic cities (the demo's and ``anju synth``'s sink)."""

    def __init__(self, url: str | Engine, *, replace: bool = False) -> None:
        self.engine = make_engine(url) if isinstance(url, str) else url
        self.replace = replace
        self.label = self.engine.url.render_as_string(hide_password=True)

    def prepare(self) -> None:
        """Create the schema or bring it to the newest revision."""
        migrate.upgrade(self.engine)

    def member_count(self) -> int:
        """Accounts already stored."""
        with self.engine.connect() as connection:
            return int(connection.scalar(select(func.count()).select_from(accounts)) or 0)

    def counts(self) -> dict[str, int]:
        """Rows per member table."""
        with self.engine.connect() as connection:
            return {t.name: int(connection.scalar(select(func.count()).select_from(t)) or 0) for t in MEMBER_TABLES}

    def write(self, city: City) -> None:
        """Load ``city`` in one transaction."""
        with self.engine.begin() as connection:
            load_city(connection, city, replace=self.replace)

    def close(self) -> None:
        """Release the connection pool."""
        self.engine.dispose()
