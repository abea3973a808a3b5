"""Other ways to the same end: a relative's record, or another business.

The seed's "never just say no": before a refusal, try the spouse, parents and children the pack
allows (evaluating *their* records against the same rules) and the businesses the pack names as
alternatives.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from datetime import date

from anju.domain.policy.amounts import compute_amount
from anju.domain.policy.assess import assess, facts_for
from anju.domain.policy.decision import Decision, Outcome, Route
from anju.domain.policy.explain import cite
from anju.domain.policy.model import Business, PolicyPack
from anju.domain.scenario import Person, Scenario

WHO = {"spouse": "配偶", "parent": "父母", "child": "子女"}


def relatives(scenario: Scenario, who: str) -> list[Person]:
    """The scenario's known relatives of one kind."""
    if who == "spouse":
        return [scenario.spouse] if scenario.spouse else []
    return list(scenario.parents if who == "parent" else scenario.children)


def relative_routes(pack: PolicyPack, business: Business, scenario: Scenario,
                    on: date) -> tuple[Route, ...]:
    """Relatives whose own records meet every condition of ``business`` on ``on``."""
    routes = []
    params = pack.values_on(on)
    for who in business.via:
        for person in relatives(scenario, who):
            facts = facts_for(pack, scenario, on, person)
            result = assess(pack, business, facts, params, on)
            if result.failed or result.unknown:
                continue
            amount = compute_amount(pack, business, facts, params, on)
            name = _masked(person.name) or WHO[who]
            money = f"，最多可提取¥{amount.value:,.2f}" if amount and amount.value else ""
            routes.append(Route(
                kind="relative", business=business.code, business_name=business.name,
                who=who, person=name, amount=amount.value if amount else None,
                clause=cite(pack, business.via_clause, on) if business.via_clause else None,
                how=f"可由{WHO[who]}{name}作为申请人办理{business.name}{money}",
            ))
    return tuple(routes)


def unexplored(business: Business, scenario: Scenario) -> tuple[str, ...]:
    """Relatives the pack would allow but whose records the scenario lacks."""
    single = scenario.applicant.marital_status in ("single", "divorced", "widowed")
    return tuple(WHO[who] for who in business.via
                 if not relatives(scenario, who) and not (who == "spouse" and single))


def alternative_routes(pack: PolicyPack, decision: Decision,
                       decisions: Mapping[str, Decision]) -> Decision:
    """Turn a refusal into ``another_way`` when an alternative business is open now."""
    if decision.outcome is not Outcome.NOT_ELIGIBLE:
        return decision
    business = pack.business(decision.business)
    codes = [*business.alternatives, *(c.remedy.business for c in business.conditions
                                       if c.remedy.business and c.id in decision.failed_rule_ids)]
    routes = []
    for code in dict.fromkeys(codes):
        other = decisions.get(code)
        if other is None or other.outcome not in (Outcome.ELIGIBLE, Outcome.PENDING_MATERIALS):
            continue
        money = (f"，最多¥{other.amount.value:,.2f}"
                 if other.amount and other.amount.value is not None else "")
        routes.append(Route(kind="business", business=code, business_name=other.name,
                            how=f"可改为办理{other.name}{money}", amount=
                            other.amount.value if other.amount else None))
    if not routes:
        return decision
    failed = "；".join(r.message for r in decision.failed)
    return replace(decision, outcome=Outcome.ANOTHER_WAY, routes=tuple(routes),
                   summary=f"本业务暂不符合（{failed}），{routes[0].how}。")


def _masked(name: str | None) -> str:
    if not name:
        return ""
    return name[0] + "*" * (len(name) - 1) if len(name) > 1 else name
