"""The case desk's unit of work in SQL, and the desk wired for a database URL."""

from __future__ import annotations

from sqlalchemy import Engine

from anju.adapters.clock import SystemClock
from anju.adapters.db.audit_log import SqlAuditLog
from anju.adapters.db.case_repository import SqlCaseRepository, SqlIdempotencyKeys, SqlNoticeStore
from anju.adapters.db.rating_repository import SqlRatingRepository
from anju.adapters.db.uow import SqlUnitOfWork
from anju.adapters.scenario_files import scenario_from_data
from anju.domain.calendar import WorkCalendar
from anju.domain.policy.model import PolicyPack
from anju.services.cases.desk import CaseDesk
from anju.services.cases.ports import Clock


class SqlCaseUnitOfWork(SqlUnitOfWork):
    """One connection, one transaction over cases, notices, keys, ratings, depositors and the audit log.

    Leaving the ``with`` block without ``commit()`` rolls everything back, the audit entry included.
    """

    cases: SqlCaseRepository
    notices: SqlNoticeStore
    keys: SqlIdempotencyKeys
    ratings: SqlRatingRepository
    audit: SqlAuditLog

    def __init__(self, engine: Engine, clock: Clock) -> None:
        super().__init__(engine)
        self.clock = clock

    def __enter__(self) -> SqlCaseUnitOfWork:
        super().__enter__()
        connection = self.connection
        self.cases = SqlCaseRepository(connection, self.clock)
        self.notices = SqlNoticeStore(connection)
        self.keys = SqlIdempotencyKeys(connection)
        self.ratings = SqlRatingRepository(connection)
        self.audit = SqlAuditLog(connection, self.clock)
        return self


def sql_case_desk(pack: PolicyPack, calendar: WorkCalendar, engine: Engine, clock: Clock | None = None) -> CaseDesk:
    """The case desk on ``engine``: what the CLI and the web tier use (one per process)."""
    ticking = clock or SystemClock()
    return CaseDesk(pack, calendar, lambda: SqlCaseUnitOfWork(engine, ticking), ticking,
                    lambda data: scenario_from_data(data, "办件存档情景"))
