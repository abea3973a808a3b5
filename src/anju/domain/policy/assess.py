"""Facts for a subject on a date, and a business's conditions run over them."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any, NamedTuple

from anju.domain.members.facts import Facts, lazy_facts
from anju.domain.policy.explain import cited_conditions, reason_for
from anju.domain.policy.model import Business, PolicyPack
from anju.domain.policy.reason import Reason
from anju.domain.scenario import Person, Scenario


def facts_for(pack: PolicyPack, scenario: Scenario, on: date, subject: Person | None = None) -> Facts:
    """Facts plus the pack's definitions for one subject on one date, computed as read."""
    return lazy_facts(scenario, on, subject, pack.definition_fns, pack.values_on(on))


class Assessment(NamedTuple):
    """The raw result of a business's conditions before routes and materials."""

    reasons: tuple[Reason, ...]
    failed: tuple[Reason, ...]
    unknown: tuple[Reason, ...]


def assess(pack: PolicyPack, business: Business, facts: Facts, params: Mapping[str, Any],
           on: date) -> Assessment:
    """Every condition of ``business`` in force on ``on`` — none short-circuited."""
    reasons, failed, unknown = [], [], []
    memo = facts.memo  # a condition shared by several businesses is explained once
    for condition, citation in cited_conditions(pack, business, on):
        reason = memo.get(id(condition))
        if reason is None:
            reason = reason_for(pack, condition, citation, facts, params)
        reasons.append(reason)
        if reason.status == "failed":
            failed.append(reason)
        elif reason.status == "unknown":
            unknown.append(reason)
    return Assessment(tuple(reasons), tuple(failed), tuple(unknown))


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
