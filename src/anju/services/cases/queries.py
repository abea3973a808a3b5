"""Reading cases: one case in full, a list, its notices, and replaying its stored decision."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from anju.domain.cases.canonical import digest
from anju.domain.cases.model import Case
from anju.domain.cases.rating import Appeal, Rating, Rectification
from anju.domain.errors import InputError
from anju.services.cases.desk import CaseDesk
from anju.services.cases.ports import EventRecord, IssuedNotice


@dataclass(frozen=True, slots=True)
class CaseDetail:
    """Everything about one case: the case, its decision, history, notices and rating."""

    case: Case
    decision: dict[str, Any]
    events: tuple[EventRecord, ...]
    notices: tuple[IssuedNotice, ...]
    rating: Rating | None
    rectification: Rectification | None
    appeals: tuple[Appeal, ...]


def resolve(desk: CaseDesk, reference: str) -> int:
    """A case id from what a person types: the record number (42) or the 办件编号 (20261127-000042)."""
    text = reference.strip()
    if text.isdigit():
        return int(text)
    with desk.uow() as uow:
        return uow.cases.id_for(text)


def show(desk: CaseDesk, case_id: int) -> CaseDetail:
    """One case in full."""
    with desk.uow() as uow:
        case = uow.cases.get(case_id)
        rating = uow.ratings.rating_for(case_id)
        return CaseDetail(
            case, uow.cases.decision(case_id), tuple(uow.cases.events(case_id)),
            tuple(uow.notices.for_case(case_id)), rating,
            uow.ratings.rectification_for(rating.id) if rating else None,
            tuple(uow.ratings.appeals_for(rating.id)) if rating else ())


def find(desk: CaseDesk, state: str | None = None, depositor_id: int | None = None, limit: int = 50) -> list[Case]:
    """Cases, newest first, optionally in one state or of one depositor."""
    if limit < 1:
        raise InputError("条数应为正整数")
    with desk.uow() as uow:
        return uow.cases.find(state, depositor_id, limit)


def notice(desk: CaseDesk, notice_id: int) -> IssuedNotice:
    """One issued notice, as it was issued."""
    with desk.uow() as uow:
        return uow.notices.get(notice_id)


@dataclass(frozen=True, slots=True)
class ReplayReport:
    """The stored decision compared with the engine run again on the stored scenario and date."""

    case_number: str
    stored_pack: str
    current_pack: str
    intact: bool
    """The stored decision still matches the digest recorded when it was made (and audited)."""
    same: bool
    differences: tuple[str, ...]

    @property
    def message(self) -> str:
        lines = [f"办件{self.case_number}：存档决定由政策包 {self.stored_pack} 作出，当前政策包 {self.current_pack}。"]
        lines.append("存档决定未被改动（摘要一致）。" if self.intact else "存档决定与其摘要不符：决定被改动过！")
        if self.same:
            lines.append("按存档情景和日期重新诊断，结论与存档完全一致。")
        else:
            lines.append("重新诊断与存档不一致，差异字段：" + "、".join(self.differences))
        return "\n".join(lines)


def replay(desk: CaseDesk, case_id: int) -> ReplayReport:
    """Run the engine again on the stored scenario and date; report any field that differs."""
    with desk.uow() as uow:
        case = uow.cases.get(case_id)
        stored = uow.cases.decision(case_id)
        scenario = desk.parse_scenario(uow.cases.scenario(case_id))
    diagnosis = desk.advice.check(scenario, case.decision_on, case.business)
    fresh = diagnosis.get(case.business).to_dict()
    differences = tuple(sorted(k for k in set(stored) | set(fresh) if stored.get(k) != fresh.get(k)))
    return ReplayReport(case.number, case.pack_version, diagnosis.pack, digest(stored) == case.decision_digest,
                        not differences, differences)
