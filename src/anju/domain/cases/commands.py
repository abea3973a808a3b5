"""Commands: what a counter officer, a depositor or the daily sweep asks the case desk to do.

Each carries the date it takes effect (``on``), who asks (``actor``) and, optionally, an
idempotency key: the same key sent twice (a double click, a retry after a timeout) is done once.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from anju.domain.scenario import Scenario


@dataclass(frozen=True, slots=True)
class OpenCase:
    """Open a case: run the engine for one business and keep its decision (申请/收件)."""

    business: str
    on: date
    actor: str
    depositor_id: int | None = None
    """A depositor in the database; or give ``scenario``."""
    scenario: Scenario | None = None
    materials_brought: tuple[str, ...] | None = None
    """Material codes brought to the counter (None: an online request, nothing checked yet)."""
    channel: str = "counter"
    idempotency_key: str | None = None


@dataclass(frozen=True, slots=True)
class RecheckCase:
    """Run the engine again at intake after the applicant has completed what was missing."""

    case_id: int
    on: date
    actor: str
    scenario: Scenario | None = None
    materials_brought: tuple[str, ...] | None = None
    idempotency_key: str | None = None


@dataclass(frozen=True, slots=True)
class AcceptCase:
    """受理 a case whose decision is eligible."""

    case_id: int
    on: date
    actor: str
    idempotency_key: str | None = None


@dataclass(frozen=True, slots=True)
class AcceptWithPending:
    """容缺受理: accept with materials owed, on the applicant's signed commitment."""

    case_id: int
    on: date
    actor: str
    signed_by: str
    idempotency_key: str | None = None


@dataclass(frozen=True, slots=True)
class RefuseCase:
    """不予受理, on the grounds of the stored decision."""

    case_id: int
    on: date
    actor: str
    idempotency_key: str | None = None


@dataclass(frozen=True, slots=True)
class SupplyMaterial:
    """Record a 容缺 material supplied."""

    case_id: int
    material: str
    on: date
    actor: str
    idempotency_key: str | None = None


@dataclass(frozen=True, slots=True)
class StartReview:
    """Start the review (审核)."""

    case_id: int
    on: date
    actor: str
    idempotency_key: str | None = None


@dataclass(frozen=True, slots=True)
class ApproveCase:
    """批准, for the decision's amount or a lower one."""

    case_id: int
    on: date
    actor: str
    amount: Decimal | None = None
    idempotency_key: str | None = None


@dataclass(frozen=True, slots=True)
class DeclineCase:
    """不予批准: either the engine, re-run on the reviewed facts, refuses; or the reviewer cites
    clauses of the pack with the reason and what the applicant can do instead."""

    case_id: int
    on: date
    actor: str
    scenario: Scenario | None = None
    clauses: tuple[str, ...] = ()
    reason: str = ""
    remedy: str = ""
    idempotency_key: str | None = None


@dataclass(frozen=True, slots=True)
class PayCase:
    """支付 (提取转账 or 贷款发放) the approved amount."""

    case_id: int
    on: date
    actor: str
    idempotency_key: str | None = None


@dataclass(frozen=True, slots=True)
class CloseCase:
    """办结."""

    case_id: int
    on: date
    actor: str
    idempotency_key: str | None = None


@dataclass(frozen=True, slots=True)
class WithdrawCase:
    """撤回 at the applicant's request."""

    case_id: int
    on: date
    actor: str
    reason: str = ""
    idempotency_key: str | None = None


@dataclass(frozen=True, slots=True)
class ExpireCase:
    """终止 a case whose 容缺 deadline has passed (the daily sweep sends it)."""

    case_id: int
    on: date
    actor: str = "system"


@dataclass(frozen=True, slots=True)
class RateCase:
    """好差评: rate an ended case."""

    case_id: int
    level: str
    on: date
    actor: str
    comment: str = ""
    channel: str = "counter"
    idempotency_key: str | None = None


@dataclass(frozen=True, slots=True)
class RecordRectificationStep:
    """Record one step (核实/整改/回复/回访) of a 差评 rectification."""

    rectification_id: int
    step: str
    on: date
    actor: str
    note: str


@dataclass(frozen=True, slots=True)
class FileAppeal:
    """Appeal against a rating believed wrong or malicious."""

    rating_id: int
    on: date
    actor: str
    reason: str


@dataclass(frozen=True, slots=True)
class DecideAppeal:
    """Record the outcome of an appeal."""

    appeal_id: int
    upheld: bool
    on: date
    actor: str
    note: str
