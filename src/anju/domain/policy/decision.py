"""The one decision object: outcome, amount, reasons, materials, routes and the notice.

Every adapter — web page, CLI, JSON API — renders a :class:`Decision` as it is and never
re-words or re-computes it. ``to_dict`` is the stable JSON contract (docs/decision.md).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any, NamedTuple

from anju.domain.policy import words
from anju.domain.policy.outcome import Outcome as Outcome  # part of the decision API
from anju.domain.policy.reason import Citation as Citation  # part of the decision API
from anju.domain.policy.reason import Reason as Reason  # part of the decision API


class LimitView(NamedTuple):
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


RELATIVE_WORDS = {"spouse": "配偶", "parent": "父母", "child": "子女"}


@dataclass(frozen=True, slots=True)
class Route:
    """Another way to the same end: a relative's application or another business."""

    kind: str  # relative | business
    business: str
    business_name: str
    who: str | None = None
    person: str | None = None
    amount: Decimal | None = None
    clause: Citation | None = None
    category: str = "withdrawal"

    @property
    def how(self) -> str:
        """The route in one Chinese phrase."""
        if self.kind == "relative" and self.who is not None:
            verb = "可贷" if self.category == "loan" else "可提取"
            money = f"，最多{verb}¥{self.amount:,.2f}" if self.amount else ""
            return (f"可由{RELATIVE_WORDS[self.who]}{self.person or ''}作为申请人办理"
                    f"{self.business_name}{money}")
        money = f"，最多¥{self.amount:,.2f}" if self.amount is not None else ""
        return f"可改为办理{self.business_name}{money}"


@dataclass(frozen=True, slots=True)
class BusinessInfo:
    """What a decision says about its business that depends only on the pack and the date."""

    business: str
    name: str
    category: str
    clause: Citation
    channels: tuple[str, ...]
    cross_province: bool
    time_limit_days: int | None
    time_limit_clause: Citation | None
    to_verify: tuple[str, ...]  # placeholder or unverified figures behind it (待核实)
    json_head: dict[str, Any] = field(init=False, repr=False, compare=False)
    json_tail: dict[str, Any] = field(init=False, repr=False, compare=False)
    """The JSON keys that depend only on the business and the date, built once (a diagnosis
    renders every business on every request); shared, as JSON is only ever read."""

    def __post_init__(self) -> None:
        object.__setattr__(self, "json_head", {"business": self.business, "name": self.name,
                                               "category": self.category})
        object.__setattr__(self, "json_tail", {
            "time_limit_days": self.time_limit_days,
            "time_limit_clause": self.time_limit_clause.ref() if self.time_limit_clause else None,
            "channels": list(self.channels), "cross_province": self.cross_province,
            "to_verify": list(self.to_verify), "placeholder": bool(self.to_verify)})


class Decision(NamedTuple):
    """The engine's answer for one business, for one person, on one date.

    Immutable; a named tuple because a diagnosis builds one per business on every request.
    """

    info: BusinessInfo
    on: date
    outcome: Outcome
    reasons: tuple[Reason, ...]
    amount: AmountView | None = None
    materials: tuple[MaterialView, ...] = ()
    pending: Pending | None = None
    eligible_from: date | None = None
    routes: tuple[Route, ...] = ()
    missing_facts: tuple[tuple[str, str], ...] = ()
    unexplored: tuple[str, ...] = ()  # relatives the pack allows but the scenario lacks

    @property
    def business(self) -> str:
        return self.info.business

    @property
    def name(self) -> str:
        return self.info.name

    @property
    def category(self) -> str:
        return self.info.category

    @property
    def clause(self) -> Citation:
        return self.info.clause

    @property
    def channels(self) -> tuple[str, ...]:
        return self.info.channels

    @property
    def cross_province(self) -> bool:
        return self.info.cross_province

    @property
    def time_limit_days(self) -> int | None:
        return self.info.time_limit_days

    @property
    def time_limit_clause(self) -> Citation | None:
        return self.info.time_limit_clause

    @property
    def to_verify(self) -> tuple[str, ...]:
        return self.info.to_verify

    @property
    def summary(self) -> str:
        """One sentence in Chinese: the answer, why, and the next step."""
        return words.summary(self)

    @property
    def notice(self) -> tuple[str, ...]:
        """The one-time notice (一次性告知) lines of this business: everything missing at once."""
        return words.notice(self)

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

    def to_dict(self, with_clauses: bool = True,
                reasons: dict[int, dict[str, Any]] | None = None) -> dict[str, Any]:
        """The stable JSON contract (see docs/decision.md).

        Reasons and limits refer to clauses by ``{id, title, status}``; the full texts are in
        ``clauses`` (for a whole diagnosis, once at the top instead of in every decision).
        ``reasons`` shares the rendering of a condition that several businesses have.
        """
        info = self.info
        seen = {} if reasons is None else reasons
        rendered = []
        failed_ids = []
        for reason in self.reasons:
            plain = seen.get(id(reason))
            if plain is None:
                plain = seen[id(reason)] = reason.to_dict()
            rendered.append(plain)
            if reason.status == "failed":
                failed_ids.append(reason.rule_id)
        pending = self.pending
        result: dict[str, Any] = {
            **info.json_head,
            "on": self.on.isoformat(), "outcome": self.outcome.value,
            "outcome_label": self.outcome.label, "summary": self.summary,
            "clause": info.clause.ref(),
            "reasons": rendered,
            "failed_rule_ids": failed_ids,
            "amount": _amount(self.amount),
            "materials": [{"code": m.code, "name": m.name, "deferrable": m.deferrable,
                           "status": m.status, "data_check": m.data_check} for m in self.materials],
            "pending": None if pending is None else {
                "materials": list(pending.materials), "workdays": pending.workdays,
                "deadline": pending.deadline.isoformat() if pending.deadline else None,
                "deadline_note": pending.deadline_note, "funds_held": pending.funds_held},
            "eligible_from": self.eligible_from.isoformat() if self.eligible_from else None,
            "routes": [_route(r) for r in self.routes],
            "missing_facts": [list(pair) for pair in self.missing_facts],
            "unexplored": list(self.unexplored),
            "notice": list(self.notice),
            **info.json_tail,
        }
        if with_clauses:
            result["clauses"] = {c.id: c.to_dict() for c in self.citations()}
        return result

    def citations(self) -> list[Citation]:
        """Every clause this decision refers to, once each."""
        found = {self.info.clause.id: self.info.clause}
        for reason in self.reasons:
            found.setdefault(reason.clause.id, reason.clause)
        if self.info.time_limit_clause is not None:
            found.setdefault(self.info.time_limit_clause.id, self.info.time_limit_clause)
        if self.amount is not None:
            for limit in self.amount.limits:
                if limit.clause is not None:
                    found.setdefault(limit.clause.id, limit.clause)
        for route in self.routes:
            if route.clause is not None:
                found.setdefault(route.clause.id, route.clause)
        return list(found.values())


@dataclass(frozen=True, slots=True)
class Diagnosis:
    """Every business for one scenario on one date."""

    on: date
    pack: str
    person: str
    decisions: tuple[Decision, ...]

    @property
    def notice(self) -> tuple[str, ...]:
        """Everything missing for what the person could do, at once (一次性告知)."""
        lines = (line for d in self.decisions
                 if d.outcome in (Outcome.NEEDS_INFO, Outcome.PENDING_MATERIALS)
                 for line in d.notice)
        return tuple(dict.fromkeys(lines))

    def get(self, code: str) -> Decision:
        return next(d for d in self.decisions if d.business == code)

    @property
    def can_do(self) -> tuple[Decision, ...]:
        """What the person can do now (the "您还可以办理…" list)."""
        return tuple(d for d in self.decisions
                     if d.outcome in (Outcome.ELIGIBLE, Outcome.PENDING_MATERIALS))

    def to_dict(self) -> dict[str, Any]:
        shared: dict[int, dict[str, Any]] = {}
        cited: dict[str, Citation] = {}
        for decision in self.decisions:
            for citation in decision.citations():
                cited.setdefault(citation.id, citation)
        return {
            "on": self.on.isoformat(),
            "pack": self.pack,
            "person": self.person,
            "notice": list(self.notice),
            "decisions": [d.to_dict(with_clauses=False, reasons=shared) for d in self.decisions],
            "clauses": {key: c.to_dict() for key, c in cited.items()},
        }


def _amount(amount: AmountView | None) -> dict[str, Any] | None:
    if amount is None:
        return None
    return {
        "label": amount.label, "value": _money(amount.value), "rounding": amount.rounding,
        "complete": amount.complete,
        "limits": [{"id": lim.id, "label": lim.label, "value": _money(lim.value),
                    "clause": lim.clause.ref() if lim.clause else None, "binding": lim.binding}
                   for lim in amount.limits],
    }


def _route(route: Route) -> dict[str, Any]:
    return {"kind": route.kind, "business": route.business, "business_name": route.business_name,
            "who": route.who, "person": route.person, "amount": _money(route.amount),
            "clause": route.clause.ref() if route.clause else None, "category": route.category,
            "how": route.how}


def _money(value: Decimal | None) -> str | None:
    return None if value is None else str(value)
