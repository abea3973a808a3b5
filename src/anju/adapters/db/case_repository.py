"""Cases, their history, 容缺 materials, commitments, notices and idempotency keys in SQL."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Mapping, Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import Connection, Row, func, insert, select, update

from anju.adapters.db.case_tables import (
    case_commitments,
    case_events,
    case_materials,
    case_notices,
    cases,
    idempotency_keys,
)
from anju.adapters.db.inserts import insert_new, new_id
from anju.domain.cases.canonical import canonical_json
from anju.domain.cases.chain import as_utc
from anju.domain.cases.model import Case, CaseEvent, Commitment, PendingMaterial
from anju.domain.cases.states import TERMINAL, CaseState
from anju.domain.errors import Conflict, NotFound
from anju.services.cases.ports import Clock, EventRecord, IssuedNotice, KeyRecord

_TERMINAL = sorted(s.value for s in TERMINAL)
_CASE_FIELDS = ("state", "version", "outcome", "decision_on", "decision_digest", "pack_version", "amount",
                "time_limit_days", "accepted_on", "due_on", "pending_deadline", "funds_held", "reminded_on",
                "decided_on", "approved_amount", "paid_on", "paid_amount", "closed_on", "withdrawn_on", "end_reason")


def case_number(opened_on: date, case_id: int) -> str:
    """办件编号: the application date and the record number.

    >>> case_number(date(2026, 11, 27), 42)
    '20261127-000042'
    """
    return f"{opened_on:%Y%m%d}-{case_id:06d}"


class SqlCaseRepository:
    """:class:`anju.services.cases.ports.CaseRepository` on one connection."""

    def __init__(self, connection: Connection, clock: Clock) -> None:
        self.connection = connection
        self.clock = clock

    def add(self, case: Case, decision: Mapping[str, Any], scenario: Mapping[str, Any]) -> Case:
        values = {name: _plain(getattr(case, name)) for name in _CASE_FIELDS} | {
            "business": case.business, "business_name": case.business_name,
            "applicant_name": case.applicant_name, "applicant_id_number": case.applicant_id_number,
            "depositor_id": case.depositor_id, "channel": case.channel, "opened_by": case.opened_by,
            "opened_on": case.opened_on, "opened_at": as_utc(self.clock.now()),
            "decision": canonical_json(decision), "scenario": canonical_json(scenario)}
        case_id = new_id(self.connection.execute(insert(cases).values(values)))
        number = case_number(case.opened_on, case_id)
        self.connection.execute(update(cases).where(cases.c.id == case_id).values(number=number))
        stored = Case(**{**_fields(case), "id": case_id, "number": number})
        self._write_materials(stored)
        return stored

    def get(self, case_id: int) -> Case:
        row = self.connection.execute(select(cases).where(cases.c.id == case_id)).first()
        if row is None:
            raise NotFound(f"没有编号为{case_id}的办件")
        return self._hydrate([row])[0]

    def id_for(self, number: str) -> int:
        found = self.connection.scalar(select(cases.c.id).where(cases.c.number == number))
        if found is None:
            raise NotFound(f"没有编号为{number}的办件")
        return int(found)

    def save(self, case: Case, expected_version: int) -> None:
        values = {name: _plain(getattr(case, name)) for name in _CASE_FIELDS}
        result = self.connection.execute(
            update(cases).where(cases.c.id == case.id, cases.c.version == expected_version).values(values))
        if result.rowcount != 1:
            raise Conflict(f"办件{case.number}已被他人同时办理，请刷新后重试")
        self._write_materials(case)

    def _write_materials(self, case: Case) -> None:
        existing = {r.code: r.supplied_on for r in self.connection.execute(
            select(case_materials.c.code, case_materials.c.supplied_on).where(case_materials.c.case_id == case.id))}
        for m in case.materials:
            if m.code not in existing:
                self.connection.execute(insert(case_materials).values(
                    case_id=case.id, code=m.code, name=m.name, deadline=m.deadline, supplied_on=m.supplied_on))
            elif existing[m.code] != m.supplied_on:
                self.connection.execute(update(case_materials).where(
                    case_materials.c.case_id == case.id, case_materials.c.code == m.code).values(
                    supplied_on=m.supplied_on))
        signed = case.commitment
        if signed is not None and self.connection.scalar(
                select(func.count()).select_from(case_commitments).where(case_commitments.c.case_id == case.id)) == 0:
            self.connection.execute(insert(case_commitments).values(
                case_id=case.id, signed_by=signed.signed_by, signed_on=signed.signed_on, deadline=signed.deadline,
                materials=canonical_json(list(signed.materials)), text=signed.text))

    def _hydrate(self, rows: Sequence[Row[Any]]) -> list[Case]:
        ids = [r.id for r in rows]
        materials: dict[int, list[PendingMaterial]] = defaultdict(list)
        commitments: dict[int, Commitment] = {}
        if ids:
            for m in self.connection.execute(select(case_materials).where(case_materials.c.case_id.in_(ids))
                                             .order_by(case_materials.c.id)):
                materials[m.case_id].append(PendingMaterial(m.code, m.name, m.deadline, m.supplied_on))
            for c in self.connection.execute(select(case_commitments).where(case_commitments.c.case_id.in_(ids))):
                commitments[c.case_id] = Commitment(c.signed_by, c.signed_on, c.deadline,
                                                    tuple(json.loads(c.materials)), c.text)
        return [_case(r, tuple(materials[r.id]), commitments.get(r.id)) for r in rows]

    def replace_decision(self, case_id: int, decision: Mapping[str, Any], scenario: Mapping[str, Any]) -> None:
        self.connection.execute(update(cases).where(cases.c.id == case_id).values(
            decision=canonical_json(decision), scenario=canonical_json(scenario)))

    def decision(self, case_id: int) -> dict[str, Any]:
        return self._json_column(case_id, "decision")

    def scenario(self, case_id: int) -> dict[str, Any]:
        return self._json_column(case_id, "scenario")

    def _json_column(self, case_id: int, name: str) -> dict[str, Any]:
        text = self.connection.scalar(select(cases.c[name]).where(cases.c.id == case_id))
        if text is None:
            raise NotFound(f"没有编号为{case_id}的办件")
        return dict(json.loads(text))

    def add_event(self, case_id: int, event: CaseEvent, actor: str, at: datetime) -> None:
        self.connection.execute(insert(case_events).values(
            case_id=case_id, name=event.name, from_state=None if event.from_state is None else event.from_state.value,
            to_state=event.to_state.value, event_on=event.on, at=as_utc(at), actor=actor,
            data=canonical_json(event.data)))

    def events(self, case_id: int) -> list[EventRecord]:
        rows = self.connection.execute(select(case_events).where(case_events.c.case_id == case_id)
                                       .order_by(case_events.c.id))
        return [EventRecord(r.name, r.from_state, r.to_state, r.event_on, r.at, r.actor, json.loads(r.data))
                for r in rows]

    def with_outstanding(self) -> list[int]:
        query = (select(case_materials.c.case_id).distinct()
                 .join(cases, cases.c.id == case_materials.c.case_id)
                 .where(case_materials.c.supplied_on.is_(None), cases.c.state.not_in(_TERMINAL))
                 .order_by(case_materials.c.case_id))
        return [int(r[0]) for r in self.connection.execute(query)]

    def not_ended(self) -> list[Case]:
        rows = self.connection.execute(select(cases).where(cases.c.state.not_in(_TERMINAL)).order_by(cases.c.id)).all()
        return self._hydrate(rows)

    def find(self, state: str | None = None, depositor_id: int | None = None, limit: int = 50) -> list[Case]:
        query = select(cases).order_by(cases.c.id.desc()).limit(limit)
        if state is not None:
            query = query.where(cases.c.state == CaseState(state).value)
        if depositor_id is not None:
            query = query.where(cases.c.depositor_id == depositor_id)
        return self._hydrate(self.connection.execute(query).all())


def _plain(value: Any) -> Any:
    return value.value if isinstance(value, CaseState) else value


def _fields(case: Case) -> dict[str, Any]:
    return {name: getattr(case, name) for name in Case.__dataclass_fields__}


def _case(row: Row[Any], materials: tuple[PendingMaterial, ...], commitment: Commitment | None) -> Case:
    return Case(
        id=row.id, number=row.number, state=CaseState(row.state), version=row.version, business=row.business,
        business_name=row.business_name, applicant_name=row.applicant_name,
        applicant_id_number=row.applicant_id_number, depositor_id=row.depositor_id, channel=row.channel,
        opened_by=row.opened_by, opened_on=row.opened_on, pack_version=row.pack_version,
        decision_on=row.decision_on, outcome=row.outcome, decision_digest=row.decision_digest,
        amount=row.amount, time_limit_days=row.time_limit_days, accepted_on=row.accepted_on, due_on=row.due_on,
        pending_deadline=row.pending_deadline, funds_held=row.funds_held, reminded_on=row.reminded_on,
        decided_on=row.decided_on, approved_amount=row.approved_amount, paid_on=row.paid_on,
        paid_amount=row.paid_amount, closed_on=row.closed_on, withdrawn_on=row.withdrawn_on,
        end_reason=row.end_reason, materials=materials, commitment=commitment)


class SqlNoticeStore:
    """:class:`anju.services.cases.ports.NoticeStore`: notices as issued (content as canonical JSON)."""

    def __init__(self, connection: Connection) -> None:
        self.connection = connection

    def add(self, case_id: int, kind: str, number: str, on: date, content: Mapping[str, Any], at: datetime) -> int:
        result = self.connection.execute(insert(case_notices).values(
            case_id=case_id, kind=kind, number=number, issued_on=on, issued_at=as_utc(at),
            content=canonical_json(content)))
        return new_id(result)

    def count(self, case_id: int, kind: str) -> int:
        return int(self.connection.scalar(select(func.count()).select_from(case_notices).where(
            case_notices.c.case_id == case_id, case_notices.c.kind == kind)) or 0)

    def for_case(self, case_id: int) -> list[IssuedNotice]:
        rows = self.connection.execute(select(case_notices).where(case_notices.c.case_id == case_id)
                                       .order_by(case_notices.c.id))
        return [_notice(r) for r in rows]

    def get(self, notice_id: int) -> IssuedNotice:
        row = self.connection.execute(select(case_notices).where(case_notices.c.id == notice_id)).first()
        if row is None:
            raise NotFound(f"没有编号为{notice_id}的文书")
        return _notice(row)


def _notice(row: Row[Any]) -> IssuedNotice:
    return IssuedNotice(row.id, row.case_id, row.kind, row.number, row.issued_on, json.loads(row.content))


class SqlIdempotencyKeys:
    """:class:`anju.services.cases.ports.IdempotencyKeys`: the key's primary key makes it unique."""

    def __init__(self, connection: Connection) -> None:
        self.connection = connection

    def get(self, key: str) -> KeyRecord | None:
        row = self.connection.execute(select(idempotency_keys).where(idempotency_keys.c.key == key)).first()
        return None if row is None else KeyRecord(row.key, row.command, row.request_hash, row.case_id)

    def claim(self, key: str, command: str, request_hash: str, at: datetime) -> bool:
        # A concurrent claim of the same key waits here until the first transaction ends
        # (row lock on PostgreSQL, the write lock on SQLite), then finds the key taken or free.
        return insert_new(self.connection, idempotency_keys, {
            "key": key, "command": command, "request_hash": request_hash, "case_id": None, "created_at": as_utc(at)})

    def bind(self, key: str, case_id: int) -> None:
        self.connection.execute(update(idempotency_keys).where(idempotency_keys.c.key == key).values(case_id=case_id))
