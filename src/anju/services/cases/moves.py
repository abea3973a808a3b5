"""After acceptance: supply, review, approve, decline, pay, close, withdraw, expire, remind."""

from __future__ import annotations

from datetime import date

from anju.domain.cases import lifecycle, notices
from anju.domain.cases.commands import (
    ApproveCase,
    CloseCase,
    DeclineCase,
    ExpireCase,
    PayCase,
    StartReview,
    SupplyMaterial,
    WithdrawCase,
)
from anju.domain.cases.deadlines import workdays_between
from anju.domain.cases.model import Case
from anju.domain.cases.notices import NoticeKind
from anju.domain.cases.record import REFUSING, Clause, DecisionRecord, Ground
from anju.domain.errors import Conflict, InputError
from anju.services.cases.desk import Applied, CaseDesk, CaseView, run_move
from anju.services.cases.ports import CaseUnitOfWork


def supply(desk: CaseDesk, command: SupplyMaterial) -> CaseView:
    """补交一件容缺材料; the last one releases the held funds."""

    def apply(case: Case, uow: CaseUnitOfWork) -> Applied:
        after, event = lifecycle.supply(case, command.material, command.on)
        return after, event, []

    return run_move(desk, command, command.case_id, command.actor, command.on, apply)


def review(desk: CaseDesk, command: StartReview) -> CaseView:
    """开始审核."""
    return run_move(desk, command, command.case_id, command.actor, command.on,
                    lambda case, uow: (*lifecycle.review(case, command.on), []))


def approve(desk: CaseDesk, command: ApproveCase) -> CaseView:
    """批准 (the decision's amount unless a lower one is given)."""
    return run_move(desk, command, command.case_id, command.actor, command.on,
                    lambda case, uow: (*lifecycle.approve(case, command.on, command.amount), []))


def _reviewed_grounds(desk: CaseDesk, command: DeclineCase, case: Case,
                      uow: CaseUnitOfWork) -> tuple[tuple[Ground, ...], DecisionRecord | None]:
    """The grounds of a decline: the reviewer's cited clauses, or the engine re-run on reviewed facts."""
    if command.clauses:
        if not command.reason.strip() or not command.remedy.strip():
            raise InputError("不予批准须写明理由，以及申请人可以怎么办（补正、其他途径或何时可再申请）")
        grounds = []
        for clause_id in command.clauses:
            if desk.pack.clause(clause_id, command.on) is None:
                raise InputError(f"政策包中没有条款 {clause_id}")
            cited = desk.pack.citation(clause_id, command.on)
            grounds.append(Ground(f"review.{clause_id}", command.reason.strip(),
                                  Clause(cited.id, cited.title, cited.text), command.remedy.strip()))
        return tuple(grounds), None
    scenario = command.scenario
    if scenario is None and case.depositor_id is not None:
        scenario = uow.depositors.scenario_for(case.depositor_id, command.on)
    if scenario is None:
        raise InputError("不予批准须引用依据条款（并写明理由与申请人可以怎么办），或提供复核后的情景重新诊断")
    diagnosis = desk.advice.check(scenario, command.on, case.business)
    record = DecisionRecord.from_dict(diagnosis.get(case.business).to_dict())
    if record.outcome not in REFUSING or not record.grounds:
        raise Conflict(f"按复核后的情况重新诊断，结论为“{record.outcome_label}”，不能不予批准；"
                       "如有其他依据，请引用条款并写明理由")
    return record.grounds, record


def decline(desk: CaseDesk, command: DeclineCase) -> CaseView:
    """不予批准, always with clauses and what the applicant can do instead."""

    def apply(case: Case, uow: CaseUnitOfWork) -> Applied:
        grounds, record = _reviewed_grounds(desk, command, case, uow)
        after, event = lifecycle.decline(case, grounds, command.on)
        return after, event, [(NoticeKind.DECLINE, lambda n: notices.refusal(
            NoticeKind.DECLINE, after, grounds, n, command.on, desk.centre,
            summary=record.summary if record else "", routes=record.routes if record else (),
            eligible_from=record.eligible_from if record else None, note=command.reason.strip()))]

    return run_move(desk, command, command.case_id, command.actor, command.on, apply)


def pay(desk: CaseDesk, command: PayCase) -> CaseView:
    """支付 the approved amount (refused while 容缺 materials are owed)."""
    return run_move(desk, command, command.case_id, command.actor, command.on,
                    lambda case, uow: (*lifecycle.pay(case, command.on), []))


def close(desk: CaseDesk, command: CloseCase) -> CaseView:
    """办结, with the 办结通知书."""

    def apply(case: Case, uow: CaseUnitOfWork) -> Applied:
        after, event = lifecycle.close(case, command.on)
        return after, event, [(NoticeKind.COMPLETION, lambda n: notices.completion(after, n, command.on, desk.centre))]

    return run_move(desk, command, command.case_id, command.actor, command.on, apply)


def withdraw(desk: CaseDesk, command: WithdrawCase) -> CaseView:
    """撤回 at the applicant's request."""
    return run_move(desk, command, command.case_id, command.actor, command.on,
                    lambda case, uow: (*lifecycle.withdraw(case, command.on, command.reason), []))


def expire(desk: CaseDesk, command: ExpireCase) -> CaseView:
    """逾期终止 with the 终止办理告知书 (the sweep sends this past a 容缺 deadline)."""

    def apply(case: Case, uow: CaseUnitOfWork) -> Applied:
        late = tuple(m for m in case.outstanding if m.deadline < command.on)
        after, event = lifecycle.expire(case, command.on)
        return after, event, [(NoticeKind.TERMINATION,
                               lambda n: notices.termination(after, late, n, command.on, desk.centre))]

    return run_move(desk, command, command.case_id, command.actor, command.on, apply)


def remind(desk: CaseDesk, case_id: int, on: date, actor: str) -> CaseView:
    """补交提醒 (once per case), with the number of working days left."""

    def apply(case: Case, uow: CaseUnitOfWork) -> Applied:
        after, event = lifecycle.remind(case, on)
        left = workdays_between(desk.calendar, on, case.pending_deadline or on)
        return after, event, [(NoticeKind.REMINDER,
                               lambda n: notices.reminder(after, n, on, desk.centre, left))]

    return run_move(desk, None, case_id, actor, on, apply)
