"""A case (办件) and the facts the lifecycle keeps about it; storage rows live in the adapters."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from anju.domain.cases.states import CaseState

CHANNELS = {"counter": "窗口", "online": "网上", "phone": "电话", "app": "手机", "device": "自助终端"}
"""Where a case or a rating comes from."""


@dataclass(frozen=True, slots=True)
class PendingMaterial:
    """A 容缺 material: promised by ``deadline``, supplied on ``supplied_on`` (None: still owed)."""

    code: str
    name: str
    deadline: date
    supplied_on: date | None = None

    @property
    def outstanding(self) -> bool:
        return self.supplied_on is None


@dataclass(frozen=True, slots=True)
class Commitment:
    """The depositor's signed commitment (容缺受理承诺书) to supply materials by a deadline."""

    signed_by: str
    signed_on: date
    deadline: date
    materials: tuple[str, ...]
    text: str


@dataclass(frozen=True, slots=True)
class Case:
    """One request by one depositor, and where it stands."""

    id: int
    number: str
    state: CaseState
    version: int
    business: str
    business_name: str
    applicant_name: str
    applicant_id_number: str | None
    depositor_id: int | None
    channel: str
    opened_by: str
    opened_on: date
    pack_version: str
    decision_on: date
    outcome: str
    decision_digest: str
    amount: Decimal | None = None
    """The decision's maximum amount (可提取/可贷额度), if the business has one."""
    time_limit_days: int | None = None
    accepted_on: date | None = None
    due_on: date | None = None
    """办结时限: the decision is due by this day (working days from acceptance)."""
    pending_deadline: date | None = None
    funds_held: bool = False
    reminded_on: date | None = None
    decided_on: date | None = None
    approved_amount: Decimal | None = None
    paid_on: date | None = None
    paid_amount: Decimal | None = None
    closed_on: date | None = None
    withdrawn_on: date | None = None
    end_reason: str | None = None
    materials: tuple[PendingMaterial, ...] = ()
    commitment: Commitment | None = None

    @property
    def outstanding(self) -> tuple[PendingMaterial, ...]:
        """容缺 materials still owed."""
        return tuple(m for m in self.materials if m.outstanding)

    @property
    def ended_on(self) -> date | None:
        """The day the case reached a terminal state."""
        if self.state is CaseState.CLOSED:
            return self.closed_on
        if self.state is CaseState.WITHDRAWN:
            return self.withdrawn_on
        if self.state is CaseState.DECLINED:
            return self.decided_on
        return None

    def snapshot(self) -> dict[str, Any]:
        """The case as the audit log records it before and after a move (no personal data)."""
        return {
            "number": self.number, "state": self.state.value, "version": self.version,
            "business": self.business, "depositor_id": self.depositor_id, "channel": self.channel,
            "pack_version": self.pack_version, "decision_on": _d(self.decision_on),
            "outcome": self.outcome, "decision_digest": self.decision_digest,
            "amount": _m(self.amount), "accepted_on": _d(self.accepted_on), "due_on": _d(self.due_on),
            "pending_deadline": _d(self.pending_deadline), "funds_held": self.funds_held,
            "outstanding": [m.code for m in self.outstanding], "reminded_on": _d(self.reminded_on),
            "decided_on": _d(self.decided_on), "approved_amount": _m(self.approved_amount),
            "paid_on": _d(self.paid_on), "paid_amount": _m(self.paid_amount),
            "closed_on": _d(self.closed_on), "withdrawn_on": _d(self.withdrawn_on),
            "end_reason": self.end_reason,
        }


@dataclass(frozen=True, slots=True)
class CaseEvent:
    """What happened to a case (past tense): the state history keeps one per move."""

    name: str
    action: str
    from_state: CaseState | None
    to_state: CaseState
    on: date
    data: dict[str, Any] = field(default_factory=dict)


def _d(day: date | None) -> str | None:
    return None if day is None else day.isoformat()


def _m(amount: Decimal | None) -> str | None:
    return None if amount is None else str(amount)
