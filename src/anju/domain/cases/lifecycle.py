"""Moves of a case: the table decides whether a move exists, these functions apply its rules.

Each function takes the case as it is and returns ``(case after, event)``; nothing here writes
anything, so the service can store the case, the event and the audit entry in one transaction.
The intake rule lives here: a case is accepted only if the stored decision allows it, and a
refusal always carries the decision's grounds (clauses and remedies).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

from anju.domain.calendar import WorkCalendar, add_workdays
from anju.domain.cases.deadlines import due_date
from anju.domain.cases.model import CHANNELS, Case, CaseEvent, Commitment, PendingMaterial
from anju.domain.cases.notices import commitment_text
from anju.domain.cases.record import ACCEPTING, REFUSING, DecisionRecord, Ground
from anju.domain.cases.states import Action, CaseState, transition
from anju.domain.errors import Conflict, InputError
from anju.domain.money import format_yuan


def open_case(record: DecisionRecord, *, applicant_name: str, applicant_id_number: str | None,
              depositor_id: int | None, channel: str, opened_by: str, pack_version: str,
              digest: str) -> tuple[Case, CaseEvent]:
    """A new case at intake, holding the engine's decision (numbered when stored)."""
    if channel not in CHANNELS:
        raise InputError(f"办理渠道“{channel}”无效，应为：{'、'.join(f'{k}（{v}）' for k, v in CHANNELS.items())}")
    if not opened_by.strip():
        raise InputError("请填写经办人")
    case = Case(id=0, number="", state=CaseState.INTAKE, version=1, business=record.business,
                business_name=record.name, applicant_name=applicant_name,
                applicant_id_number=applicant_id_number, depositor_id=depositor_id, channel=channel,
                opened_by=opened_by.strip(), opened_on=record.on, pack_version=pack_version,
                decision_on=record.on, outcome=record.outcome, decision_digest=digest,
                amount=record.amount, time_limit_days=record.time_limit_days)
    event = CaseEvent("CaseOpened", "open", None, CaseState.INTAKE, record.on,
                      {"outcome": record.outcome, "pack_version": pack_version})
    return case, event


def _moved(case: Case, action: Action, target: CaseState, on: date, **data: object) -> tuple[Case, CaseEvent]:
    after = replace(case, state=target, version=case.version + 1)
    return after, CaseEvent(action.event, action.value, case.state, target, on, dict(data))


def _not_before(case: Case, on: date) -> None:
    if on < case.opened_on:
        raise InputError(f"办理日期{on.isoformat()}早于办件申请日期{case.opened_on.isoformat()}")


def accept(case: Case, record: DecisionRecord, on: date, calendar: WorkCalendar) -> tuple[Case, CaseEvent]:
    """受理: only when the stored decision is ``eligible``; starts the 办结时限 clock."""
    target = transition(case.state, Action.ACCEPT)
    _not_before(case, on)
    if ACCEPTING.get(record.outcome) != Action.ACCEPT.value:
        raise Conflict(_why_not_accept(record, Action.ACCEPT))
    due = due_date(calendar, on, record.time_limit_days)
    after, event = _moved(case, Action.ACCEPT, target, on, due_on=due)
    return replace(after, accepted_on=on, due_on=due), event


def accept_pending(case: Case, record: DecisionRecord, on: date, calendar: WorkCalendar,
                   deferral_workdays: int, signed_by: str) -> tuple[Case, CaseEvent]:
    """容缺受理: only for ``eligible_pending_materials``; a signed commitment, a deadline, funds held."""
    target = transition(case.state, Action.ACCEPT_PENDING)
    _not_before(case, on)
    if ACCEPTING.get(record.outcome) != Action.ACCEPT_PENDING.value:
        raise Conflict(_why_not_accept(record, Action.ACCEPT_PENDING))
    if not signed_by.strip():
        raise InputError("容缺受理须由申请人签署承诺书：请填写签署人姓名")
    deadline = add_workdays(calendar, on, deferral_workdays)
    materials = tuple(PendingMaterial(m.code, m.name, deadline) for m in record.pending)
    names = tuple(m.name for m in materials)
    text = commitment_text(case, names, deadline, deferral_workdays)
    commitment = Commitment(signed_by.strip(), on, deadline, names, text)
    due = due_date(calendar, on, record.time_limit_days)
    after, event = _moved(case, Action.ACCEPT_PENDING, target, on, due_on=due, deadline=deadline,
                          materials=[m.code for m in materials], signed_by=commitment.signed_by)
    return replace(after, accepted_on=on, due_on=due, pending_deadline=deadline, funds_held=True,
                   materials=materials, commitment=commitment), event


def _why_not_accept(record: DecisionRecord, action: Action) -> str:
    allowed = ACCEPTING.get(record.outcome)
    if allowed is not None:
        other = "容缺受理" if allowed == Action.ACCEPT_PENDING.value else "直接受理（材料已齐全）"
        return f"诊断结论为“{record.outcome_label}”，不能{action.label}，应{other}"
    if record.outcome in REFUSING:
        return f"诊断结论为“{record.outcome_label}”，不能受理；请出具不予受理告知书（载明依据条款和其他办理途径）"
    return f"诊断结论为“{record.outcome_label}”，不能受理；请出具一次性告知书，申请人补正后重新诊断"


def refuse(case: Case, record: DecisionRecord, on: date) -> tuple[Case, CaseEvent]:
    """不予受理: only for a decision that refuses, and always with its grounds."""
    target = transition(case.state, Action.REFUSE)
    _not_before(case, on)
    if record.outcome not in REFUSING or not record.grounds:
        if record.outcome in ACCEPTING:
            raise Conflict(f"诊断结论为“{record.outcome_label}”，符合条件，不能不予受理")
        raise Conflict(f"诊断结论为“{record.outcome_label}”：材料或信息不全时应一次性告知补正，不能不予受理")
    after, event = _moved(case, Action.REFUSE, target, on, grounds=[g.rule_id for g in record.grounds])
    return replace(after, decided_on=on, end_reason="不予受理"), event


def recheck(case: Case, record: DecisionRecord, digest: str, pack_version: str, on: date) -> tuple[Case, CaseEvent]:
    """补正后重新诊断: the newest decision replaces the stored one while the case is at intake."""
    target = transition(case.state, Action.RECHECK)
    _not_before(case, on)
    after, event = _moved(case, Action.RECHECK, target, on, before_outcome=case.outcome, outcome=record.outcome)
    return replace(after, outcome=record.outcome, decision_on=record.on, decision_digest=digest,
                   pack_version=pack_version, amount=record.amount,
                   time_limit_days=record.time_limit_days), event


def supply(case: Case, code: str, on: date) -> tuple[Case, CaseEvent]:
    """补交材料: records one 容缺 material; the last one releases the funds (and, before review, the state)."""
    target = transition(case.state, Action.SUPPLY)
    _not_before(case, on)
    owed = {m.code: m for m in case.outstanding}
    if code not in owed:
        names = "、".join(f"{m.name}（{m.code}）" for m in owed.values()) or "无"
        raise InputError(f"材料“{code}”不在本办件待补交的容缺材料中；待补交：{names}")
    materials = tuple(replace(m, supplied_on=on) if m.code == code else m for m in case.materials)
    complete = not any(m.outstanding for m in materials)
    if case.state is CaseState.ACCEPTED_PENDING and not complete:
        target = CaseState.ACCEPTED_PENDING
    after, event = _moved(case, Action.SUPPLY, target, on, material=code, complete=complete)
    return replace(after, materials=materials, funds_held=not complete), event


def review(case: Case, on: date) -> tuple[Case, CaseEvent]:
    """开始审核 (容缺 materials may still be on their way: 边审边补)."""
    target = transition(case.state, Action.REVIEW)
    _not_before(case, on)
    return _moved(case, Action.REVIEW, target, on)


def approve(case: Case, on: date, amount: Decimal | None) -> tuple[Case, CaseEvent]:
    """批准, for the decision's amount or less."""
    target = transition(case.state, Action.APPROVE)
    _not_before(case, on)
    if amount is None:
        amount = case.amount
    elif amount <= 0:
        raise InputError(f"批准金额应大于零，实际为{amount}")
    elif case.amount is None:
        raise InputError("该业务无金额，批准时不能填写金额")
    elif amount > case.amount:
        raise InputError(f"批准金额{format_yuan(amount)}超过诊断的最高额度{format_yuan(case.amount)}")
    after, event = _moved(case, Action.APPROVE, target, on, amount=amount)
    return replace(after, decided_on=on, approved_amount=amount), event


def decline(case: Case, grounds: tuple[Ground, ...], on: date) -> tuple[Case, CaseEvent]:
    """不予批准: never without grounds (a clause and a remedy each)."""
    target = transition(case.state, Action.DECLINE)
    _not_before(case, on)
    if not grounds or any(not g.clause.id for g in grounds):
        raise Conflict("不予批准必须引用依据条款，并说明申请人可以怎么办")
    after, event = _moved(case, Action.DECLINE, target, on, grounds=[g.rule_id for g in grounds])
    return replace(after, decided_on=on, end_reason="不予批准"), event


def pay(case: Case, on: date) -> tuple[Case, CaseEvent]:
    """支付 the approved amount — never while 容缺 materials are outstanding (资金暂缓)."""
    target = transition(case.state, Action.PAY)
    _not_before(case, on)
    if case.outstanding:
        names = "、".join(m.name for m in case.outstanding)
        raise Conflict(f"容缺材料尚未补齐（{names}），资金暂缓支付")
    if case.approved_amount is None:
        raise Conflict("该业务无支付环节，请直接办结")
    after, event = _moved(case, Action.PAY, target, on, amount=case.approved_amount)
    return replace(after, paid_on=on, paid_amount=case.approved_amount), event


def close(case: Case, on: date) -> tuple[Case, CaseEvent]:
    """办结: after payment, or after approval when the business pays nothing."""
    target = transition(case.state, Action.CLOSE)
    _not_before(case, on)
    if case.state is CaseState.APPROVED and case.approved_amount is not None:
        raise Conflict(f"批准金额{format_yuan(case.approved_amount)}尚未支付，支付后方可办结")
    if case.outstanding:
        raise Conflict("容缺材料尚未补齐，不能办结")
    after, event = _moved(case, Action.CLOSE, target, on)
    return replace(after, closed_on=on, end_reason="办结"), event


def withdraw(case: Case, on: date, reason: str) -> tuple[Case, CaseEvent]:
    """撤回申请 at the applicant's request."""
    target = transition(case.state, Action.WITHDRAW)
    _not_before(case, on)
    why = reason.strip() or "申请人主动撤回"
    after, event = _moved(case, Action.WITHDRAW, target, on, reason=why)
    return replace(after, withdrawn_on=on, end_reason=why, funds_held=False), event


def expire(case: Case, on: date) -> tuple[Case, CaseEvent]:
    """逾期终止: the promised deadline has passed with materials still owed; the request lapses."""
    target = transition(case.state, Action.EXPIRE)
    late = tuple(m for m in case.outstanding if m.deadline < on)
    if not late:
        raise Conflict("该办件没有逾期未补交的容缺材料，不能逾期终止")
    reason = f"容缺材料逾期未补交（{'、'.join(m.name for m in late)}），视为撤回申请"
    after, event = _moved(case, Action.EXPIRE, target, on, materials=[m.code for m in late])
    return replace(after, withdrawn_on=on, end_reason=reason, funds_held=False), event


def remind(case: Case, on: date) -> tuple[Case, CaseEvent]:
    """补交提醒: not a move of the table — the state stays, the reminder is recorded once."""
    if case.state.terminal or not case.outstanding:
        raise Conflict("该办件没有待补交的容缺材料，无需提醒")
    after = replace(case, version=case.version + 1, reminded_on=on)
    event = CaseEvent("MaterialsReminded", "remind", case.state, case.state, on,
                      {"materials": [m.code for m in case.outstanding]})
    return after, event
