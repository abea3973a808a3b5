"""The case lifecycle as a table: states, actions and the one legal target of each move.

A case (办件) is one request by one depositor. Every move is looked up in :data:`TRANSITIONS`;
a move the table does not list raises :class:`~anju.domain.errors.Conflict` with a Chinese
message before anything is written. Guards that depend on the case's data (the stored decision
allows acceptance, nothing is outstanding before payment …) live in
:mod:`anju.domain.cases.lifecycle`; the table only says which moves exist.

======================  ==========  ===================================  =====================
action                  中文         from                                 to
======================  ==========  ===================================  =====================
accept                  受理         intake                               accepted
accept_pending          容缺受理      intake                               accepted_pending
refuse                  不予受理      intake                               declined
recheck                 补正后重新诊断  intake                               intake
supply                  补交材料      accepted_pending                     accepted (*)
                                    under_review, approved               (unchanged)
review                  开始审核      accepted, accepted_pending           under_review
approve                 批准         under_review                         approved
decline                 不予批准      under_review                         declined
pay                     支付         approved                             paid
close                   办结         approved, paid                       closed
withdraw                撤回申请      intake, accepted, accepted_pending,  withdrawn
                                    under_review, approved
expire                  逾期终止      accepted_pending, under_review,      withdrawn
                                    approved
======================  ==========  ===================================  =====================

(*) once nothing is outstanding; an earlier supply leaves the case in ``accepted_pending``.

Review may start while 容缺 materials are outstanding (边审边补): the money stays held — ``pay``
refuses while anything is outstanding — and the daily sweep withdraws the case once the promised
deadline has passed (``expire``). ``declined``, ``closed`` and ``withdrawn`` are terminal; a case
can be rated (好差评) once it is in one of them.

>>> transition(CaseState.INTAKE, Action.ACCEPT)
<CaseState.ACCEPTED: 'accepted'>
>>> transition(CaseState.PAID, Action.WITHDRAW)
Traceback (most recent call last):
anju.domain.errors.Conflict: 办件当前状态为“已支付”，不能撤回申请（可进行的操作：办结）
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from types import MappingProxyType

from anju.domain.errors import Conflict


class CaseState(StrEnum):
    """Where a case stands."""

    INTAKE = "intake"
    ACCEPTED = "accepted"
    ACCEPTED_PENDING = "accepted_pending"
    UNDER_REVIEW = "under_review"
    APPROVED = "approved"
    DECLINED = "declined"
    PAID = "paid"
    CLOSED = "closed"
    WITHDRAWN = "withdrawn"

    @property
    def label(self) -> str:
        return STATE_LABELS[self]

    @property
    def terminal(self) -> bool:
        return self in TERMINAL


STATE_LABELS = {
    CaseState.INTAKE: "待受理",
    CaseState.ACCEPTED: "已受理",
    CaseState.ACCEPTED_PENDING: "容缺受理（待补材料）",
    CaseState.UNDER_REVIEW: "审核中",
    CaseState.APPROVED: "已批准",
    CaseState.DECLINED: "不予受理/不予批准",
    CaseState.PAID: "已支付",
    CaseState.CLOSED: "已办结",
    CaseState.WITHDRAWN: "已撤回",
}

TERMINAL = frozenset({CaseState.DECLINED, CaseState.CLOSED, CaseState.WITHDRAWN})
"""States a case never leaves; 好差评 opens in them."""


class Action(StrEnum):
    """A move of the lifecycle (the imperative of a command)."""

    ACCEPT = "accept"
    ACCEPT_PENDING = "accept_pending"
    REFUSE = "refuse"
    RECHECK = "recheck"
    SUPPLY = "supply"
    REVIEW = "review"
    APPROVE = "approve"
    DECLINE = "decline"
    PAY = "pay"
    CLOSE = "close"
    WITHDRAW = "withdraw"
    EXPIRE = "expire"

    @property
    def label(self) -> str:
        return ACTION_LABELS[self]

    @property
    def event(self) -> str:
        """The past-tense event name a successful move records."""
        return EVENT_NAMES[self]


ACTION_LABELS = {
    Action.ACCEPT: "受理",
    Action.ACCEPT_PENDING: "容缺受理",
    Action.REFUSE: "不予受理",
    Action.RECHECK: "补正后重新诊断",
    Action.SUPPLY: "补交材料",
    Action.REVIEW: "开始审核",
    Action.APPROVE: "批准",
    Action.DECLINE: "不予批准",
    Action.PAY: "支付",
    Action.CLOSE: "办结",
    Action.WITHDRAW: "撤回申请",
    Action.EXPIRE: "逾期未补齐材料终止办理",
}

EVENT_NAMES = {
    Action.ACCEPT: "CaseAccepted",
    Action.ACCEPT_PENDING: "CaseAcceptedPending",
    Action.REFUSE: "CaseRefused",
    Action.RECHECK: "CaseRechecked",
    Action.SUPPLY: "MaterialSupplied",
    Action.REVIEW: "ReviewStarted",
    Action.APPROVE: "CaseApproved",
    Action.DECLINE: "CaseDeclined",
    Action.PAY: "CasePaid",
    Action.CLOSE: "CaseClosed",
    Action.WITHDRAW: "CaseWithdrawn",
    Action.EXPIRE: "CaseExpired",
}

S = CaseState
TRANSITIONS: Mapping[Action, Mapping[CaseState, CaseState]] = MappingProxyType({
    Action.ACCEPT: {S.INTAKE: S.ACCEPTED},
    Action.ACCEPT_PENDING: {S.INTAKE: S.ACCEPTED_PENDING},
    Action.REFUSE: {S.INTAKE: S.DECLINED},
    Action.RECHECK: {S.INTAKE: S.INTAKE},
    Action.SUPPLY: {S.ACCEPTED_PENDING: S.ACCEPTED, S.UNDER_REVIEW: S.UNDER_REVIEW,
                    S.APPROVED: S.APPROVED},
    Action.REVIEW: {S.ACCEPTED: S.UNDER_REVIEW, S.ACCEPTED_PENDING: S.UNDER_REVIEW},
    Action.APPROVE: {S.UNDER_REVIEW: S.APPROVED},
    Action.DECLINE: {S.UNDER_REVIEW: S.DECLINED},
    Action.PAY: {S.APPROVED: S.PAID},
    Action.CLOSE: {S.APPROVED: S.CLOSED, S.PAID: S.CLOSED},
    Action.WITHDRAW: {S.INTAKE: S.WITHDRAWN, S.ACCEPTED: S.WITHDRAWN,
                      S.ACCEPTED_PENDING: S.WITHDRAWN, S.UNDER_REVIEW: S.WITHDRAWN,
                      S.APPROVED: S.WITHDRAWN},
    Action.EXPIRE: {S.ACCEPTED_PENDING: S.WITHDRAWN, S.UNDER_REVIEW: S.WITHDRAWN,
                    S.APPROVED: S.WITHDRAWN},
})
"""action → {from state: to state}: every legal move of a case, and nothing else."""
del S


def allowed(state: CaseState) -> tuple[Action, ...]:
    """The actions the table allows from ``state``, in table order.

    >>> [a.value for a in allowed(CaseState.APPROVED)]
    ['supply', 'pay', 'close', 'withdraw', 'expire']
    """
    return tuple(action for action, moves in TRANSITIONS.items() if state in moves)


def transition(state: CaseState, action: Action) -> CaseState:
    """The state ``action`` leads to from ``state``; :class:`Conflict` when the table has no such move."""
    target = TRANSITIONS[action].get(state)
    if target is None:
        options = "、".join(a.label for a in allowed(state)) or "无（办件已终结）"
        raise Conflict(f"办件当前状态为“{state.label}”，不能{action.label}（可进行的操作：{options}）")
    return target


def table_rows() -> list[tuple[str, str, str, str]]:
    """The table as rows (action, 中文, from, to) — rendered into docs/cases.md and checked there."""
    return [(action.value, action.label, state.value, target.value)
            for action, moves in TRANSITIONS.items() for state, target in moves.items()]
