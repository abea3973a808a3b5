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
           on: date, explained: dict[int, Reason]) -> Assessment:
    """Every condition of ``business`` in force on ``on`` — none short-circuited.

    ``explained`` holds this evaluation's reasons by condition: a condition shared by several
    businesses is explained once. It is the caller's, not the facts' — a reason keeps its facts
    to render its words, so facts keeping reasons would make every diagnosis a reference cycle,
    left for the cyclic garbage collector instead of freed when the request ends.
    """
    reasons, failed, unknown = [], [], []
    for condition, citation in cited_conditions(pack, business, on):
        reason = explained.get(id(condition))
        if reason is None:
            reason = explained[id(condition)] = reason_for(pack, condition, citation, facts, params)
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
