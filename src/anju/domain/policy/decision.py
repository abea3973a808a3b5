"""The one decision object: outcome, amount, reasons, materials, routes and the notice.

Every adapter — web page, CLI, JSON API — renders a :class:`Decision` as it is and never
re-words or re-computes it. ``to_dict`` is the stable JSON contract (docs/decision.md).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Any


class Outcome(StrEnum):
    """The six answers; none of them is a bare "no"."""

    ELIGIBLE = "eligible"
    PENDING_MATERIALS = "eligible_pending_materials"
    NEEDS_INFO = "needs_info"
    NOT_YET = "not_yet"
    ANOTHER_WAY = "another_way"
    NOT_ELIGIBLE = "not_eligible"

    @property
    def label(self) -> str:
        return OUTCOME_LABELS[self]


OUTCOME_LABELS = {
    Outcome.ELIGIBLE: "可以办理",
    Outcome.PENDING_MATERIALS: "可容缺受理",
    Outcome.NEEDS_INFO: "需补充信息",
    Outcome.NOT_YET: "暂不可办，到期可办",
    Outcome.ANOTHER_WAY: "可通过其他途径办理",
    Outcome.NOT_ELIGIBLE: "不符合条件",
}


@dataclass(frozen=True, slots=True)
class Citation:
    """A clause as cited on a decision."""

    id: str
    document: str
    article: str
    text: str
    status: str

    @property
    def title(self) -> str:
        return f"{self.document}{self.article}"


@dataclass(frozen=True, slots=True)
class RemedyView:
    """What would change a failed condition: wait until a date, provide, act, another way."""

    kind: str
    hint: str = ""
    on: date | None = None
    business: str | None = None


@dataclass(frozen=True, slots=True)
class Reason:
    """One condition's result, with the values that decided it."""

    rule_id: str
    label: str
    status: str  # met | failed | unknown
    observed: str
    required: str
    clause: Citation
    message: str
    remedy: RemedyView
    unknown_facts: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True, slots=True)
class LimitView:
    """One limit of an amount and whether it binds."""

    id: str
    label: str
    value: Decimal | None
    clause: Citation | None
    binding: bool


@dataclass(frozen=True, slots=True)
class AmountView:
    """The maximum withdrawable or loanable amount and how it was found."""

    label: str
    value: Decimal | None
    limits: tuple[LimitView, ...]
    rounding: str
    complete: bool  # False when some limit is unknown: the value is then an upper bound


@dataclass(frozen=True, slots=True)
class MaterialView:
    """A material the business needs and where it stands."""

    code: str
    name: str
    deferrable: bool
    status: str  # to_bring | brought | replaced | missing_deferrable | missing_key
    data_check: str | None = None


@dataclass(frozen=True, slots=True)
class Pending:
    """容缺受理: what is still to come, by when, and that the money waits for it."""

    materials: tuple[str, ...]
    workdays: int
    deadline: date | None
    deadline_note: str = ""
    funds_held: bool = True


@dataclass(frozen=True, slots=True)
class Route:
    """Another way to the same end: a relative's application or another business."""

    kind: str  # relative | business
    business: str
    business_name: str
    how: str
    who: str | None = None
    person: str | None = None
    amount: Decimal | None = None
    clause: Citation | None = None


@dataclass(frozen=True, slots=True)
class Decision:
    """The engine's answer for one business, for one person, on one date."""

    business: str
    name: str
    category: str
    on: date
    outcome: Outcome
    summary: str
    reasons: tuple[Reason, ...]
    clause: Citation
    amount: AmountView | None = None
    materials: tuple[MaterialView, ...] = ()
    pending: Pending | None = None
    eligible_from: date | None = None
    routes: tuple[Route, ...] = ()
    missing_facts: tuple[tuple[str, str], ...] = ()
    notice: tuple[str, ...] = ()
    time_limit_days: int | None = None
    time_limit_clause: Citation | None = None
    channels: tuple[str, ...] = ()
    cross_province: bool = False
    to_verify: tuple[str, ...] = ()  # placeholder or unverified figures behind it (待核实)

    @property
    def failed(self) -> tuple[Reason, ...]:
        return tuple(r for r in self.reasons if r.status == "failed")

    @property
    def failed_rule_ids(self) -> tuple[str, ...]:
        return tuple(r.rule_id for r in self.failed)

    @property
    def placeholder(self) -> bool:
        return bool(self.to_verify)

    @property
    def cited(self) -> tuple[Citation, ...]:
        """The clauses a refusal rests on (never empty for not_eligible)."""
        seen: dict[str, Citation] = {}
        for reason in self.failed:
            seen.setdefault(reason.clause.id, reason.clause)
        return tuple(seen.values())

    def to_dict(self) -> dict[str, Any]:
        """The stable JSON contract (see docs/decision.md)."""
        plain: dict[str, Any] = _plain(self)
        return plain | {
            "outcome_label": self.outcome.label,
            "failed_rule_ids": list(self.failed_rule_ids),
            "placeholder": self.placeholder,
        }


@dataclass(frozen=True, slots=True)
class Diagnosis:
    """Every business for one scenario on one date."""

    on: date
    pack: str
    person: str
    decisions: tuple[Decision, ...]
    notice: tuple[str, ...] = field(default=())

    def get(self, code: str) -> Decision:
        return next(d for d in self.decisions if d.business == code)

    @property
    def can_do(self) -> tuple[Decision, ...]:
        """What the person can do now (the "您还可以办理…" list)."""
        return tuple(d for d in self.decisions
                     if d.outcome in (Outcome.ELIGIBLE, Outcome.PENDING_MATERIALS))

    def to_dict(self) -> dict[str, Any]:
        return {
            "on": self.on.isoformat(),
            "pack": self.pack,
            "person": self.person,
            "notice": list(self.notice),
            "decisions": [d.to_dict() for d in self.decisions],
        }


def _plain(value: Any) -> Any:
    """Dataclasses, dates and Decimals as JSON-ready values (money as strings, exact)."""
    if hasattr(value, "__dataclass_fields__"):
        return {name: _plain(getattr(value, name)) for name in value.__dataclass_fields__}
    if isinstance(value, StrEnum):
        return value.value
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value
