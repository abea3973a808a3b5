"""Intake: open a case from the engine's decision, re-check it, accept it (also 容缺), refuse it."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

from anju.domain.cases import lifecycle, notices
from anju.domain.cases.canonical import digest, jsonable
from anju.domain.cases.commands import AcceptCase, AcceptWithPending, OpenCase, RecheckCase, RefuseCase
from anju.domain.cases.model import Case
from anju.domain.cases.notices import NoticeKind
from anju.domain.cases.record import Clause, DecisionRecord
from anju.domain.errors import Conflict, InputError
from anju.domain.scenario import Scenario
from anju.services.cases.desk import (
    Applied,
    CaseDesk,
    CaseView,
    NoticeBuilder,
    issue,
    replay_key,
    request_hash,
    run_move,
    view,
)
from anju.services.cases.ports import CaseUnitOfWork

ONE_TIME_BASIS = "nat.admin_licensing_a32"
"""《行政许可法》第三十二条: tell everything missing at once."""
RONGQUE_BASIS = "jz.rongque"
"""The 容缺受理 rule of the pack."""


def _decide(desk: CaseDesk, scenario: Scenario, command: OpenCase | RecheckCase,
            business: str) -> tuple[dict[str, Any], DecisionRecord, str, Scenario]:
    """Run the engine (with the materials brought, when the command lists them); returns the
    decision as JSON, as a record, the pack version, and the scenario it was made on."""
    if command.materials_brought is not None:
        unknown = sorted(set(command.materials_brought) - set(desk.pack.materials))
        if unknown:
            raise InputError(f"材料代码无效：{'、'.join(unknown)}（见政策包 materials.yaml）")
        scenario = replace(scenario, materials_brought=list(command.materials_brought))
    diagnosis = desk.advice.check(scenario, command.on, business)
    data = diagnosis.get(business).to_dict()
    return data, DecisionRecord.from_dict(data), diagnosis.pack, scenario


def _needs_notice(record: DecisionRecord) -> bool:
    return record.outcome in ("needs_info", "eligible_pending_materials")


def _one_time(desk: CaseDesk, case: Case, record: DecisionRecord, on: date) -> NoticeBuilder:
    basis = _clause(desk, ONE_TIME_BASIS, on)
    return lambda number: notices.one_time(case, record, number, on, desk.centre, basis)


def _clause(desk: CaseDesk, clause_id: str, on: date) -> Clause:
    cited = desk.pack.citation(clause_id, on)
    return Clause(cited.id, cited.title, cited.text)


def open_case(desk: CaseDesk, command: OpenCase) -> CaseView:
    """申请: run the engine for one business, keep the decision and the scenario, issue the
    一次性告知书 when something is missing. A repeated idempotency key returns the first case."""
    key = command.idempotency_key
    if key is not None:
        with desk.uow() as uow:
            earlier = replay_key(uow, key, command)
            if earlier is not None:
                return earlier
    if (command.scenario is None) == (command.depositor_id is None):
        raise InputError("请指定缴存人编号或情景文件（二选一）")
    scenario = command.scenario
    if scenario is None and command.depositor_id is not None:
        with desk.uow() as uow:
            scenario = uow.depositors.scenario_for(command.depositor_id, command.on)
    if scenario is None:  # pragma: no cover - excluded by the check above
        raise InputError("请指定缴存人编号或情景文件")
    data, record, pack_version, scenario = _decide(desk, scenario, command, command.business)
    person = scenario.applicant
    case, event = lifecycle.open_case(
        record, applicant_name=person.name or "申请人", applicant_id_number=person.id_number,
        depositor_id=command.depositor_id, channel=command.channel, opened_by=command.actor,
        pack_version=pack_version, digest=digest(data))
    with desk.uow() as uow:
        if key is not None and not uow.keys.claim(key, "OpenCase", request_hash(command), desk.clock.now()):
            earlier = replay_key(uow, key, command)
            if earlier is None:  # pragma: no cover - claim() is False only for a committed key
                raise Conflict(f"幂等键“{key}”正被另一项请求使用，请稍后重试")
            return earlier
        case = uow.cases.add(case, data, jsonable(scenario))
        uow.cases.add_event(case.id, event, command.actor, desk.clock.now())
        numbers = []
        if _needs_notice(record):
            numbers.append(issue(desk, uow, case, NoticeKind.ONE_TIME, _one_time(desk, case, record, command.on),
                                 command.on))
        if key is not None:
            uow.keys.bind(key, case.id)
        uow.audit.append(command.actor, "case.open", "case", case.id, None,
                         case.snapshot() | {"event": event.name, "notices": numbers})
        uow.commit()
        return view(uow, case.id, numbers=numbers)


def recheck(desk: CaseDesk, command: RecheckCase) -> CaseView:
    """补正后重新诊断 at intake: the new decision replaces the stored one (both stay in the history)."""

    def apply(case: Case, uow: CaseUnitOfWork) -> Applied:
        scenario = command.scenario
        if scenario is None and case.depositor_id is not None:
            scenario = uow.depositors.scenario_for(case.depositor_id, command.on)
        if scenario is None:
            scenario = desk.parse_scenario(uow.cases.scenario(case.id))
        data, record, pack_version, used = _decide(desk, scenario, command, case.business)
        after, event = lifecycle.recheck(case, record, digest(data), pack_version, command.on)
        uow.cases.replace_decision(case.id, data, jsonable(used))
        built = [(NoticeKind.ONE_TIME, _one_time(desk, after, record, command.on))] if _needs_notice(record) else []
        return after, event, built

    return run_move(desk, command, command.case_id, command.actor, command.on, apply)


def _record(uow: CaseUnitOfWork, case: Case) -> DecisionRecord:
    return DecisionRecord.from_dict(uow.cases.decision(case.id))


def accept(desk: CaseDesk, command: AcceptCase) -> CaseView:
    """受理 (eligible decision): the 办结时限 starts; a 受理回执 is issued."""

    def apply(case: Case, uow: CaseUnitOfWork) -> Applied:
        record = _record(uow, case)
        after, event = lifecycle.accept(case, record, command.on, desk.calendar)
        return after, event, [(NoticeKind.RECEIPT,
                               lambda n: notices.receipt(after, record, n, command.on, desk.centre))]

    return run_move(desk, command, command.case_id, command.actor, command.on, apply)


def accept_pending(desk: CaseDesk, command: AcceptWithPending) -> CaseView:
    """容缺受理: materials owed by a deadline in working days, the signed commitment, funds held."""

    def apply(case: Case, uow: CaseUnitOfWork) -> Applied:
        record = _record(uow, case)
        workdays = desk.parameter("materials.deferral_workdays", command.on)
        after, event = lifecycle.accept_pending(case, record, command.on, desk.calendar, workdays,
                                                command.signed_by)
        basis = _clause(desk, RONGQUE_BASIS, command.on)
        return after, event, [
            (NoticeKind.RECEIPT, lambda n: notices.receipt(after, record, n, command.on, desk.centre)),
            (NoticeKind.COMMITMENT,
             lambda n: notices.commitment(after, n, command.on, desk.centre, workdays, basis)),
        ]

    return run_move(desk, command, command.case_id, command.actor, command.on, apply)


def refuse(desk: CaseDesk, command: RefuseCase) -> CaseView:
    """不予受理, with the decision's clauses, remedies and other routes on the notice."""

    def apply(case: Case, uow: CaseUnitOfWork) -> Applied:
        record = _record(uow, case)
        after, event = lifecycle.refuse(case, record, command.on)
        return after, event, [(NoticeKind.REFUSAL, lambda n: notices.refusal(
            NoticeKind.REFUSAL, after, record.grounds, n, command.on, desk.centre, summary=record.summary,
            routes=record.routes, eligible_from=record.eligible_from))]

    return run_move(desk, command, command.case_id, command.actor, command.on, apply)
