"""Every (action, from-state) pair of the lifecycle table, on SQLite and PostgreSQL.

A legal move changes the state as the table says and writes exactly one audit entry (and one
event) in its transaction; an illegal one raises Conflict and writes nothing at all.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from case_support import ON, case_row, counts, make_desk, scenario
from sqlalchemy import Engine

from anju.adapters.db.audit_log import SqlAuditTrail
from anju.bootstrap import Anju
from anju.domain.cases import commands as c
from anju.domain.cases.states import TRANSITIONS, Action, CaseState
from anju.domain.errors import Conflict
from anju.services.audit import verify_audit
from anju.services.cases.desk import CaseDesk

S, A = CaseState, Action
LATER = date(2026, 12, 31)  # after every 容缺 deadline of cases accepted on ON

FLAVOURS = {
    # flavour: (business, scenario kind)
    "eligible": ("withdraw.rent", "eligible"),
    "pending": ("withdraw.rent", "pending"),
    "refused": ("withdraw.rent", "not_eligible"),
    "certificate": ("cert.deposit", "eligible"),  # no money: approved → closed directly
}
PATHS: dict[str, dict[CaseState, list[Action]]] = {
    "eligible": {
        S.INTAKE: [], S.ACCEPTED: [A.ACCEPT], S.UNDER_REVIEW: [A.ACCEPT, A.REVIEW],
        S.APPROVED: [A.ACCEPT, A.REVIEW, A.APPROVE], S.PAID: [A.ACCEPT, A.REVIEW, A.APPROVE, A.PAY],
        S.CLOSED: [A.ACCEPT, A.REVIEW, A.APPROVE, A.PAY, A.CLOSE], S.DECLINED: [A.ACCEPT, A.REVIEW, A.DECLINE],
        S.WITHDRAWN: [A.WITHDRAW],
    },
    "pending": {
        S.INTAKE: [], S.ACCEPTED_PENDING: [A.ACCEPT_PENDING], S.ACCEPTED: [A.ACCEPT_PENDING, A.SUPPLY],
        S.UNDER_REVIEW: [A.ACCEPT_PENDING, A.REVIEW], S.APPROVED: [A.ACCEPT_PENDING, A.REVIEW, A.APPROVE],
        S.PAID: [A.ACCEPT_PENDING, A.SUPPLY, A.REVIEW, A.APPROVE, A.PAY],
        S.CLOSED: [A.ACCEPT_PENDING, A.SUPPLY, A.REVIEW, A.APPROVE, A.PAY, A.CLOSE],
        S.DECLINED: [A.ACCEPT_PENDING, A.REVIEW, A.DECLINE], S.WITHDRAWN: [A.WITHDRAW],
    },
}
PATHS["refused"] = {S.INTAKE: []}
PATHS["certificate"] = {S.APPROVED: [A.ACCEPT, A.REVIEW, A.APPROVE]}


def flavour_for(action: Action, state: CaseState) -> str:
    """A case whose data lets the move succeed whenever the table allows it."""
    if state is S.ACCEPTED_PENDING or action is A.ACCEPT_PENDING:
        return "pending"
    if action in (A.SUPPLY, A.EXPIRE) and state in (S.UNDER_REVIEW, S.APPROVED):
        return "pending"
    if action is A.REFUSE and state is S.INTAKE:
        return "refused"
    if action is A.CLOSE and state is S.APPROVED:
        return "certificate"
    return "eligible"


def command(action: Action, case_id: int, key: str | None = None) -> Any:
    actor = "tester"
    return {
        A.ACCEPT: lambda: c.AcceptCase(case_id, ON, actor, key),
        A.ACCEPT_PENDING: lambda: c.AcceptWithPending(case_id, ON, actor, "王磊", key),
        A.REFUSE: lambda: c.RefuseCase(case_id, ON, actor, key),
        A.RECHECK: lambda: c.RecheckCase(case_id, ON, actor, idempotency_key=key),
        A.SUPPLY: lambda: c.SupplyMaterial(case_id, "marriage_cert", ON, actor, key),
        A.REVIEW: lambda: c.StartReview(case_id, ON, actor, key),
        A.APPROVE: lambda: c.ApproveCase(case_id, ON, actor, idempotency_key=key),
        A.DECLINE: lambda: c.DeclineCase(case_id, ON, actor, clauses=("jz.withdraw.rent",),
                                         reason="复核发现租赁合同系伪造", remedy="提供真实有效的租赁合同后可重新申请",
                                         idempotency_key=key),
        A.PAY: lambda: c.PayCase(case_id, ON, actor, key),
        A.CLOSE: lambda: c.CloseCase(case_id, ON, actor, key),
        A.WITHDRAW: lambda: c.WithdrawCase(case_id, ON, actor, "申请人不再办理", key),
        A.EXPIRE: lambda: c.ExpireCase(case_id, LATER, actor),
    }[action]()


def drive(desk: CaseDesk, flavour: str, state: CaseState) -> int:
    business, kind = FLAVOURS[flavour]
    case_id: int = desk.handle(c.OpenCase(business, ON, "tester", scenario=scenario(kind))).case.id
    for step in PATHS[flavour][state]:
        desk.handle(command(step, case_id))
    return case_id


def reachable(flavour: str, state: CaseState) -> bool:
    return state in PATHS[flavour]


PAIRS = [(action, state) for action in Action for state in CaseState]


def test_every_pair_of_the_table(migrated_engine: Engine, anju_app: Anju) -> None:
    desk = make_desk(anju_app, migrated_engine)
    problems: list[str] = []
    tried = 0
    for action, state in PAIRS:
        flavour = flavour_for(action, state)
        if not reachable(flavour, state):
            flavour = "eligible" if reachable("eligible", state) else "pending"
        case_id = drive(desk, flavour, state)
        before_row = case_row(migrated_engine, case_id)
        assert before_row["state"] == state.value, (action, state, before_row["state"])
        before = counts(migrated_engine, case_id)
        target = TRANSITIONS[action].get(state)
        tried += 1
        if target is None:
            with pytest.raises(Conflict) as raised:
                desk.handle(command(action, case_id))
            if "不能" not in raised.value.message:
                problems.append(f"{action}/{state}: message {raised.value.message!r}")
            if counts(migrated_engine, case_id) != before:
                problems.append(f"{action}/{state}: an illegal move wrote something")
            if case_row(migrated_engine, case_id) != before_row:
                problems.append(f"{action}/{state}: an illegal move changed the case")
            continue
        result = desk.handle(command(action, case_id))
        after = counts(migrated_engine, case_id)
        if result.case.state is not target:
            problems.append(f"{action}/{state}: went to {result.case.state}, the table says {target}")
        if after["audit"] != before["audit"] + 1 or after["events"] != before["events"] + 1:
            problems.append(f"{action}/{state}: {after['audit'] - before['audit']} audit entries, "
                            f"{after['events'] - before['events']} events (want 1 and 1)")
        if result.case.version != before_row["version"] + 1:
            problems.append(f"{action}/{state}: version not bumped")
    assert tried == len(Action) * len(CaseState) == 108
    assert problems == []
    with migrated_engine.connect() as connection:
        assert verify_audit(SqlAuditTrail(connection)).ok


def test_a_guard_failure_writes_nothing_either(migrated_engine: Engine, anju_app: Anju) -> None:
    """Allowed by the table but refused by the rules (pay while 容缺 materials are owed)."""
    desk = make_desk(anju_app, migrated_engine)
    case_id = drive(desk, "pending", S.APPROVED)
    before, row = counts(migrated_engine), case_row(migrated_engine, case_id)
    with pytest.raises(Conflict, match="资金暂缓支付"):
        desk.handle(c.PayCase(case_id, ON, "tester"))
    assert counts(migrated_engine) == before
    assert case_row(migrated_engine, case_id) == row
