"""Shared by the case tests: scenarios with a known decision, a fake clock, a desk on an engine."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, func, select

from anju.adapters.db.case_tables import audit_log, case_events, case_notices, cases
from anju.adapters.db.case_uow import SqlCaseUnitOfWork
from anju.adapters.scenario_files import scenario_from_data
from anju.adapters.yaml_files import read_document
from anju.bootstrap import Anju
from anju.domain.scenario import Scenario
from anju.services.cases.desk import CaseDesk

BASES: dict[str, Any] = read_document(Path(__file__).parents[1] / "policy_cases" / "_bases.yaml")["bases"]
ON = date(2026, 11, 27)
RENT = {"visit": {"rent": {"monthly_rent": 1500, "public_housing": False, "in_city": True}}}


def merge(base: Any, override: Any) -> Any:
    """Deep-merge mappings (as the golden cases do)."""
    if isinstance(base, dict) and isinstance(override, dict):
        return {**base, **{k: merge(base.get(k), v) if k in base else v for k, v in override.items()}}
    return override


def scenario_data(kind: str) -> dict[str, Any]:
    """A rent-withdrawal scenario whose decision on 2026-11-27 is known:

    eligible · pending (婚姻证明 may come later) · needs_info (身份证 missing, a key material) ·
    not_eligible (a home in the city) · not_yet (two months of deposits: eligible from 2026-12-01).
    """
    worker = merge(BASES["worker"], RENT)
    return {
        "eligible": merge(worker, {"materials_brought": ["id_card", "bank_card"]}),
        "pending": merge(merge(BASES["couple"], RENT), {"materials_brought": ["id_card", "bank_card"]}),
        "needs_info": merge(worker, {"materials_brought": ["bank_card"]}),
        "not_eligible": merge(worker, {"applicant": {"homes": [{"in_city": True}]}}),
        "not_yet": merge(worker, {"applicant": {"account": {"history": [{"month": "2026-09"}, {"month": "2026-10"}]}}}),
    }[kind]


def scenario(kind: str) -> Scenario:
    return scenario_from_data(scenario_data(kind), kind)


@dataclass
class FakeClock:
    """A clock that ticks one second per reading (event and audit times stay distinct and ordered)."""

    at: datetime = field(default_factory=lambda: datetime(2026, 11, 27, 1, 0, tzinfo=UTC))

    def now(self) -> datetime:
        self.at += timedelta(seconds=1)
        return self.at


def make_desk(app: Anju, engine: Engine) -> CaseDesk:
    clock = FakeClock()
    return CaseDesk(app.pack, app.calendar, lambda: SqlCaseUnitOfWork(engine, clock), clock,
                    lambda data: scenario_from_data(data, "stored"))


def counts(engine: Engine, case_id: int | None = None) -> dict[str, int]:
    """Rows that a move writes: audit entries, events and notices (of one case, or all)."""
    with engine.connect() as connection:
        def count(table: Any, where: Any = None) -> int:
            query = select(func.count()).select_from(table)
            return int(connection.scalar(query if where is None else query.where(where)) or 0)
        return {
            "audit": count(audit_log),
            "events": count(case_events, None if case_id is None else case_events.c.case_id == case_id),
            "notices": count(case_notices, None if case_id is None else case_notices.c.case_id == case_id),
            "cases": count(cases),
        }


def case_row(engine: Engine, case_id: int) -> dict[str, Any]:
    with engine.connect() as connection:
        return dict(connection.execute(select(cases).where(cases.c.id == case_id)).one()._mapping)
