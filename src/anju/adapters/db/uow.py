"""Unit of work: one connection, one transaction; nothing is kept unless ``commit()`` is called."""

from __future__ import annotations

from types import TracebackType

from sqlalchemy import Connection, Engine, RootTransaction

from anju.adapters.db.repositories import SqlDepositorRepository


class SqlUnitOfWork:
    """``with SqlUnitOfWork(engine) as uow: …; uow.commit()`` — leaving without commit rolls back.

    An exception inside the block always rolls back, so a failed import or a crashed batch
    leaves the database exactly as it was.
    """

    depositors: SqlDepositorRepository

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._connection: Connection | None = None
        self._transaction: RootTransaction | None = None

    def __enter__(self) -> SqlUnitOfWork:
        self._connection = self.engine.connect()
        self._transaction = self._connection.begin()
        self.depositors = SqlDepositorRepository(self._connection)
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        try:
            if self._transaction is not None and self._transaction.is_active:
                self._transaction.rollback()
        finally:
            if self._connection is not None:
                self._connection.close()
            self._connection = self._transaction = None

    @property
    def connection(self) -> Connection:
        """The connection of the open unit of work."""
        if self._connection is None:
            raise RuntimeError("the unit of work is not open; use it in a with block")
        return self._connection

    def commit(self) -> None:
        """Keep everything done so far and start a new transaction."""
        if self._transaction is None or self._connection is None:
            raise RuntimeError("the unit of work is not open; use it in a with block")
        self._transaction.commit()
        self._transaction = self._connection.begin()

    def rollback(self) -> None:
        """Undo everything since the last commit and start a new transaction."""
        if self._transaction is None or self._connection is None:
            raise RuntimeError("the unit of work is not open; use it in a with block")
        self._transaction.rollback()
        self._transaction = self._connection.begin()
