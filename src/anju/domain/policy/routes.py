"""Other ways to the same end: a relative's record, or another business.

The seed's "never just say no": before a refusal, try the spouse, parents and children the pack
allows (evaluating *their* records against the same rules) and the businesses the pack names as
alternatives.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from anju.domain.members.facts import PERSONAL_FACTS, Facts
from anju.domain.policy.amounts import compute_amount
from anju.domain.policy.assess import blocked, facts_for
from anju.domain.policy.decision import RELATIVE_WORDS, Decision, Outcome, Route
from anju.domain.policy.explain import cite
from anju.domain.policy.model import Business, Condition, PolicyPack
from anju.domain.scenario import Person, Scenario

WHO = RELATIVE_WORDS


def relatives(scenario: Scenario, who: str) -> list[Person]:
    """The scenario's known relatives of one kind."""
    if who == "spouse":
        return [scenario.spouse] if scenario.spouse else []
    return list(scenario.parents if who == "parent" else scenario.children)


def relative_routes(pack: PolicyPack, business: Business, scenario: Scenario, on: date,
                    known: dict[int, Facts] | None = None,
                    failed: tuple[Condition, ...] = ()) -> tuple[Route, ...]:
    """Relatives whose own records meet every condition of ``business`` on ``on``.

    ``known`` keeps each relative's facts for the whole diagnosis (keyed by the person's id).
    When every ``failed`` condition reads only household or visit facts, a relative shares
    them and would fail the same way, so no relative is tried.
    """
    if not business.via or (failed and not any(reads_personal_facts(pack, c) for c in failed)):
        return ()
    routes = []
    params = pack.values_on(on)
    known = {} if known is None else known
    for who in business.via:
        for person in relatives(scenario, who):
            facts = known.get(id(person))
            if facts is None:
                facts = known[id(person)] = facts_for(pack, scenario, on, person)
            if any(blocked(business, facts, params, on)):
                continue
            amount = compute_amount(pack, business, facts, params, on)
            routes.append(Route(
                kind="relative", business=business.code, business_name=business.name,
                who=who, person=_masked(person.name), amount=amount.value if amount else None,
                clause=cite(pack, business.via_clause, on) if business.via_clause else None,
                category=business.category,
            ))
    return tuple(routes)


def reads_personal_facts(pack: PolicyPack, condition: Condition) -> bool:
    """Whether a condition reads any fact of the subject themself (directly or by definition)."""
    key = ("personal", condition.when.source)
    found: bool | None = pack.memo.get(key)
    if found is None:
        names: set[str] = set()
        for name in condition.when.facts:
            names.update(pack.definition_facts.get(name, {name}))
        found = pack.memo[key] = bool(names & PERSONAL_FACTS)
    return found


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
    failed = set(decision.failed_rule_ids)
    codes = [*business.alternatives, *(c.remedy.business for c in business.conditions
                                       if c.remedy.business and c.id in failed)]
    routes = []
    for code in dict.fromkeys(codes):
        other = decisions.get(code)
        if other is None or other.outcome not in (Outcome.ELIGIBLE, Outcome.PENDING_MATERIALS):
            continue
        routes.append(Route("business", code, other.name,
                            amount=other.amount.value if other.amount else None,
                            category=other.category))
    if not routes:
        return decision
    return decision._replace(outcome=Outcome.ANOTHER_WAY, routes=tuple(routes))


def _masked(name: str | None) -> str:
    if not name:
        return ""
    return name[0] + "*" * (len(name) - 1) if len(name) > 1 else name
