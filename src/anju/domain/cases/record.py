"""What a case needs from the stored decision (the ``Decision.to_dict()`` JSON contract).

A case keeps the engine's decision as JSON, so that it can be replayed and printed years later.
:class:`DecisionRecord` reads the parts the lifecycle and the notices use: the outcome, the
amount, the time limit, what is pending, and — for a refusal — the grounds (failed conditions
with their clauses and remedies), the other routes and the date it becomes possible.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

ACCEPTING = {"eligible": "accept", "eligible_pending_materials": "accept_pending"}
"""Outcomes that allow acceptance, and the action each allows."""
REFUSING = frozenset({"not_eligible", "not_yet", "another_way"})
"""Outcomes that allow 不予受理: the decision cites the clauses it rests on."""


@dataclass(frozen=True, slots=True)
class Clause:
    """A clause as printed on a notice."""

    id: str
    title: str
    text: str


@dataclass(frozen=True, slots=True)
class Ground:
    """One reason a request is refused or declined: the condition, its clause, the remedy."""

    rule_id: str
    message: str
    clause: Clause
    remedy: str
    remedy_on: date | None = None


@dataclass(frozen=True, slots=True)
class Material:
    """A material of the decision: code, name, and where it stands."""

    code: str
    name: str
    status: str


@dataclass(frozen=True, slots=True)
class DecisionRecord:
    """The stored decision, read for the case lifecycle and its notices."""

    business: str
    name: str
    on: date
    outcome: str
    outcome_label: str
    summary: str
    amount: Decimal | None
    amount_label: str
    time_limit_days: int | None
    time_limit_clause: Clause | None
    materials: tuple[Material, ...]
    notice: tuple[str, ...]
    grounds: tuple[Ground, ...]
    routes: tuple[str, ...]
    eligible_from: date | None
    missing_facts: tuple[str, ...]

    @property
    def pending(self) -> tuple[Material, ...]:
        """Materials that may come later under 容缺受理."""
        return tuple(m for m in self.materials if m.status == "missing_deferrable")

    @property
    def clauses(self) -> tuple[Clause, ...]:
        """The distinct clauses the grounds cite, in order."""
        return tuple({g.clause.id: g.clause for g in self.grounds}.values())

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> DecisionRecord:
        """Read ``Decision.to_dict()`` output (or the same JSON loaded back).

        Clauses are referred to by ``{id, title, status}`` with the full texts in ``clauses``; a
        decision stored before that contract carries the text inline, and reads the same.
        """
        amount = data.get("amount") or {}
        value = amount.get("value")
        failed = [r for r in data.get("reasons", ()) if r.get("status") == "failed"]
        texts: Mapping[str, Any] = data.get("clauses") or {}
        return cls(
            business=data["business"],
            name=data["name"],
            on=date.fromisoformat(data["on"]),
            outcome=data["outcome"],
            outcome_label=data.get("outcome_label", data["outcome"]),
            summary=data.get("summary", ""),
            amount=None if value is None else Decimal(str(value)),
            amount_label=amount.get("label", ""),
            time_limit_days=data.get("time_limit_days"),
            time_limit_clause=_clause(data.get("time_limit_clause"), texts),
            materials=tuple(Material(m["code"], m["name"], m["status"]) for m in data.get("materials", ())),
            notice=tuple(data.get("notice", ())),
            grounds=tuple(_ground(r, texts) for r in failed),
            routes=tuple(r.get("how", "") for r in data.get("routes", ())),
            eligible_from=_day(data.get("eligible_from")),
            missing_facts=tuple(label for _, label in data.get("missing_facts", ())),
        )


def _clause(ref: Mapping[str, Any] | None, texts: Mapping[str, Any]) -> Clause | None:
    """A clause reference resolved against the decision's clause texts.

    >>> _clause({"id": "a", "title": "条例第一条"}, {"a": {"id": "a", "title": "条例第一条", "text": "……"}})
    Clause(id='a', title='条例第一条', text='……')
    >>> _clause({"id": "a", "document": "条例", "article": "第一条", "text": "……"}, {})
    Clause(id='a', title='条例第一条', text='……')
    """
    if not ref:
        return None
    full = {**(texts.get(ref["id"]) or {}), **ref}
    title = full.get("title") or f"{full.get('document', '')}{full.get('article', '')}"
    return Clause(ref["id"], title, full.get("text", ""))


def _ground(reason: Mapping[str, Any], texts: Mapping[str, Any]) -> Ground:
    remedy = reason.get("remedy") or {}
    clause = _clause(reason.get("clause"), texts) or Clause("", "", "")
    return Ground(reason["rule_id"], reason.get("message", ""), clause, remedy.get("hint", ""),
                  _day(remedy.get("on")))


def _day(text: str | None) -> date | None:
    return None if text is None else date.fromisoformat(text)
