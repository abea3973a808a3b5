"""Facts for a subject on a date, and a business's conditions run over them."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from anju.domain.members.facts import Facts, lazy_facts
from anju.domain.policy.decision import Reason
from anju.domain.policy.explain import cited_conditions, reason_for
from anju.domain.policy.model import Business, PolicyPack
from anju.domain.scenario import Person, Scenario


def facts_for(pack: PolicyPack, scenario: Scenario, on: date, subject: Person | None = None) -> Facts:
    """Facts plus the pack's definitions for one subject on one date, computed as read."""
    return lazy_facts(scenario, on, subject, pack.definition_fns, pack.values_on(on))


@dataclass(frozen=True, slots=True)
class Assessment:
    """The raw result of a business's conditions before routes and materials."""

    reasons: tuple[Reason, ...]
    failed: tuple[Reason, ...]
    unknown: tuple[Reason, ...]


def assess(pack: PolicyPack, business: Business, facts: Facts, params: Mapping[str, Any],
           on: date) -> Assessment:
    """Every condition of ``business`` in force on ``on`` — none short-circuited."""
    reasons = tuple(reason_for(pack, c, citation, facts, params)
                    for c, citation in cited_conditions(pack, business, on))
    return Assessment(
        reasons,
        tuple(r for r in reasons if r.status == "failed"),
        tuple(r for r in reasons if r.status == "unknown"),
    )




def blocked(business: Business, facts: Facts, params: Mapping[str, Any], on: date) -> tuple[bool, bool]:
    """Whether any condition fails, and whether any is unknown — without explaining them."""
    failed = unknown = False
    for condition in business.conditions_on(on):
        result = condition.when.value(facts, params)
        if result is False:
            failed = True
        elif result is None:
            unknown = True
    return failed, unknown
