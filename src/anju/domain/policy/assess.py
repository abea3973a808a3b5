"""Facts for a subject on a date, and a business's conditions run over them."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from anju.domain.members.facts import derive
from anju.domain.policy.decision import Reason
from anju.domain.policy.explain import reason_for
from anju.domain.policy.model import Business, PolicyPack
from anju.domain.scenario import Person, Scenario

Facts = dict[str, Any]


def facts_for(pack: PolicyPack, scenario: Scenario, on: date, subject: Person | None = None) -> Facts:
    """Derived facts plus the pack's definitions, for one subject on one date."""
    facts = derive(scenario, on, subject)
    params = pack.values_on(on)
    for definition in pack.definitions:
        facts[definition.name] = definition.expr.fn(facts, params)
    return facts


@dataclass(frozen=True, slots=True)
class Assessment:
    """The raw result of a business's conditions before routes and materials."""

    reasons: tuple[Reason, ...]
    failed: tuple[Reason, ...]
    unknown: tuple[Reason, ...]


def assess(pack: PolicyPack, business: Business, facts: Facts, params: Mapping[str, Any],
           on: date) -> Assessment:
    """Every condition of ``business`` in force on ``on`` — none short-circuited."""
    reasons = tuple(reason_for(pack, c, facts, params, on) for c in business.conditions_on(on))
    return Assessment(
        reasons,
        tuple(r for r in reasons if r.status == "failed"),
        tuple(r for r in reasons if r.status == "unknown"),
    )


