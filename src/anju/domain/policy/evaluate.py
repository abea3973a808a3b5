"""Diagnosis: every business for one scenario on one date, never just "no".

``evaluate`` derives the facts once, runs each business's conditions in three-valued logic and
turns the result into a :class:`Decision`: failed conditions are explained with their clause and
remedy; time-based failures get the exact date they are met (``not_yet``); a relative's record
or another business is tried before ``not_eligible``; missing facts and materials become the
one-time notice.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from anju.domain.calendar import WorkCalendar, add_workdays
from anju.domain.errors import CalendarDataMissing
from anju.domain.members.facts import Facts
from anju.domain.policy.amounts import compute_amount
from anju.domain.policy.assess import Assessment, assess, blocked, facts_for
from anju.domain.policy.decision import (
    BusinessInfo,
    Decision,
    Diagnosis,
    MaterialView,
    Outcome,
    Pending,
    Reason,
)
from anju.domain.policy.explain import cite, person_label
from anju.domain.policy.model import Business, PolicyPack
from anju.domain.policy.routes import alternative_routes, relative_routes, unexplored
from anju.domain.policy.timing import earliest_date
from anju.domain.scenario import Scenario


def evaluate(pack: PolicyPack, scenario: Scenario, on: date, calendar: WorkCalendar,
             only: str | None = None) -> Diagnosis:
    """Diagnose every business (or just ``only``) for ``scenario`` on ``on``."""
    params = pack.values_on(on)
    facts = facts_for(pack, scenario, on)
    decisions: dict[str, Decision] = {}
    relatives: dict[int, Facts] = {}
    explained: dict[int, Reason] = {}
    for business in pack.businesses:
        if only is not None and business.code != only and business.code not in _alts(pack, only):
            continue
        if business.dated.until is not None and business.dated.until < on:
            continue
        decisions[business.code] = _decide(pack, business, scenario, facts, params, on, calendar,
                                           relatives, explained)
    final = tuple(alternative_routes(pack, d, decisions) if d.outcome is Outcome.NOT_ELIGIBLE else d
                  for d in decisions.values() if only is None or d.business == only)
    return Diagnosis(on, f"{pack.id} {pack.version}", person_label(scenario), final)


def _alts(pack: PolicyPack, code: str) -> set[str]:
    business = pack.business(code)
    found = set(business.alternatives)
    found.update(c.remedy.business for c in business.conditions if c.remedy.business)
    return found


def _decide(pack: PolicyPack, business: Business, scenario: Scenario, facts: Facts,
            params: Mapping[str, Any], on: date, calendar: WorkCalendar,
            relatives: dict[int, Facts], explained: dict[int, Reason]) -> Decision:
    info = _info(pack, business, on)
    if business.dated.since > on:
        return Decision(info, on, Outcome.NOT_YET, (), eligible_from=business.dated.since)
    result = assess(pack, business, facts, params, on, explained)
    if result.failed:
        # A refusal carries no amount or material list of its own: the routes carry theirs.
        return _refused(pack, business, scenario, result, on, info, relatives, facts)
    amount = compute_amount(pack, business, facts, params, on)
    materials = _materials(pack, business, scenario, facts, params, on)
    if result.unknown or any(m.status == "missing_key" for m in materials):
        missing = tuple(dict.fromkeys(f for r in result.unknown for f in r.unknown_facts))
        return Decision(info, on, Outcome.NEEDS_INFO, result.reasons, amount, materials,
                        missing_facts=missing)
    deferred = tuple(m.name for m in materials if m.status == "missing_deferrable")
    if deferred:
        return Decision(info, on, Outcome.PENDING_MATERIALS, result.reasons, amount, materials,
                        pending=_pending(deferred, params, on, calendar))
    return Decision(info, on, Outcome.ELIGIBLE, result.reasons, amount, materials)


def _refused(pack: PolicyPack, business: Business, scenario: Scenario, result: Assessment,
             on: date, info: BusinessInfo, relatives: dict[int, Facts],
             facts: Facts) -> Decision:
    reasons = result.reasons
    dates: dict[str, date | None] = {}
    if all(r.remedy_kind == "wait_until" for r in result.failed):
        # Only time stands in the way: find when each condition is met (exact to the day).
        dates = {r.rule_id: earliest_date(pack, business, r.rule_id, scenario, on)
                 for r in result.failed}
        reasons = tuple(_with_date(r, dates.get(r.rule_id)) for r in reasons)
    if dates and all(dates.values()):
        candidate = max(d for d in dates.values() if d is not None)
        later = facts_for(pack, scenario, candidate)
        if not blocked(business, later, pack.values_on(candidate), candidate)[0]:
            params = pack.values_on(on)
            return Decision(info, on, Outcome.NOT_YET, reasons,
                            compute_amount(pack, business, facts, params, on),
                            _materials(pack, business, scenario, facts, params, on),
                            eligible_from=candidate)
    if not business.via:
        return Decision(info, on, Outcome.NOT_ELIGIBLE, reasons)
    failed_ids = {r.rule_id for r in result.failed}
    failed = tuple(c for c in business.conditions_on(on) if c.id in failed_ids)
    routes = relative_routes(pack, business, scenario, on, relatives, failed)
    if routes:
        return Decision(info, on, Outcome.ANOTHER_WAY, reasons, routes=routes)
    return Decision(info, on, Outcome.NOT_ELIGIBLE, reasons,
                    unexplored=unexplored(business, scenario))


def _with_date(reason: Reason, when: date | None) -> Reason:
    return reason if when is None else reason._replace(remedy_on=when)


def _info(pack: PolicyPack, business: Business, on: date) -> BusinessInfo:
    """The parts of a decision that depend only on the pack and the date (memoised)."""
    key = ("info", business.code, on)
    info: BusinessInfo | None = pack.memo.get(key)
    if info is None:
        limit = business.time_limit_on(on)
        info = pack.memo[key] = BusinessInfo(
            business.code, business.name, business.category, cite(pack, business.clause, on),
            business.channels, business.cross_province, limit.days if limit else None,
            cite(pack, limit.clause, on) if limit else None, _to_verify(pack, business, on))
    return info


def _to_verify(pack: PolicyPack, business: Business, on: date) -> tuple[str, ...]:
    """The placeholder or unverified figures and clauses a decision rests on (待核实)."""
    key = ("to_verify", business.code, on)
    cached: tuple[str, ...] | None = pack.memo.get(key)
    if cached is None:
        cached = pack.memo[key] = _find_to_verify(pack, business, on)
    return cached


def _find_to_verify(pack: PolicyPack, business: Business, on: date) -> tuple[str, ...]:
    found = []
    for name in sorted(business.params_used):
        value = pack.parameters[name].at(on)
        if value is not None and value.status != "verified":
            found.append(f"{pack.parameters[name].label}（{value.source}）")
    for clause_id in business.clauses_used:
        clause = pack.clause(clause_id, on)
        if clause is not None and clause.status != "verified":
            found.append(clause.citation)
    return tuple(dict.fromkeys(found))


def _materials(pack: PolicyPack, business: Business, scenario: Scenario, facts: Facts,
               params: Mapping[str, Any], on: date) -> tuple[MaterialView, ...]:
    brought = None if scenario.materials_brought is None else set(scenario.materials_brought)
    views = []
    for need in business.materials:
        if not need.dated.in_force(on):
            continue
        if need.when is not None and need.when.fn(facts, params) is False:
            continue
        material = pack.materials[need.code]
        replaced = need.replaced_when is not None and need.replaced_when.fn(facts, params) is True
        if replaced:
            status = "replaced"
        elif brought is None:
            status = "to_bring"
        elif need.code in brought:
            status = "brought"
        else:
            status = "missing_deferrable" if material.deferrable else "missing_key"
        views.append(MaterialView(material.code, material.name, material.deferrable, status,
                                  material.data_check))
    return tuple(views)


def _pending(names: tuple[str, ...], params: Mapping[str, Any], on: date,
             calendar: WorkCalendar) -> Pending:
    days = int(params["materials.deferral_workdays"])
    try:
        return Pending(names, days, add_workdays(calendar, on, days))
    except CalendarDataMissing as exc:
        return Pending(names, days, None, f"{days}个工作日内（{exc.message}）")
