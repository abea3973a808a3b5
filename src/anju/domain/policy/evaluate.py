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
from anju.domain.policy.amounts import compute_amount
from anju.domain.policy.assess import Assessment, Facts, assess, facts_for
from anju.domain.policy.decision import (
    Citation,
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
    for business in pack.businesses:
        if only is not None and business.code != only and business.code not in _alts(pack, only):
            continue
        if business.dated.until is not None and business.dated.until < on:
            continue
        decisions[business.code] = _decide(pack, business, scenario, facts, params, on, calendar)
    final = tuple(alternative_routes(pack, d, decisions) for d in decisions.values()
                  if only is None or d.business == only)
    notice = tuple(line for d in final for line in d.notice
                   if d.outcome in (Outcome.NEEDS_INFO, Outcome.PENDING_MATERIALS))
    return Diagnosis(on, f"{pack.id} {pack.version}", person_label(scenario), final,
                     tuple(dict.fromkeys(notice)))


def _alts(pack: PolicyPack, code: str) -> set[str]:
    business = pack.business(code)
    found = set(business.alternatives)
    found.update(c.remedy.business for c in business.conditions if c.remedy.business)
    return found


def _decide(pack: PolicyPack, business: Business, scenario: Scenario, facts: Facts,
            params: Mapping[str, Any], on: date, calendar: WorkCalendar) -> Decision:
    clause = cite(pack, business.clause, on)
    base = _base(pack, business, on, clause)
    if business.dated.since > on:
        return Decision(
            **base, outcome=Outcome.NOT_YET, reasons=(), eligible_from=business.dated.since,
            summary=f"该业务依{clause.title}自{_d(business.dated.since)}起施行，届时可以办理。",
        )
    result = assess(pack, business, facts, params, on)
    amount = compute_amount(pack, business, facts, params, on)
    materials = _materials(pack, business, scenario, facts, params, on)
    notice = _notice(business, result, materials)
    common = dict(base, reasons=result.reasons, amount=amount, materials=materials)
    if result.failed:
        return _refused(pack, business, scenario, result, on, calendar, common, notice)
    if result.unknown or any(m.status == "missing_key" for m in materials):
        missing = tuple(dict.fromkeys(f for r in result.unknown for f in r.unknown_facts))
        key = [m.name for m in materials if m.status == "missing_key"]
        parts = ([f"请提供：{'、'.join(label for _, label in missing)}"] if missing else [])
        parts += [f"请补齐要件：{'、'.join(key)}"] if key else []
        return Decision(**common, outcome=Outcome.NEEDS_INFO, missing_facts=missing,
                        notice=notice, summary="；".join(parts) + "。")
    deferred = tuple(m.name for m in materials if m.status == "missing_deferrable")
    if deferred:
        pending = _pending(deferred, params, on, calendar)
        when = _d(pending.deadline) if pending.deadline else pending.deadline_note
        return Decision(
            **common, outcome=Outcome.PENDING_MATERIALS, pending=pending, notice=notice,
            summary=f"符合条件，可容缺受理：请于{when}前补交{'、'.join(deferred)}"
                    f"（{pending.workdays}个工作日内），材料补齐前暂不放款。",
        )
    money = f"，{amount.label}{_money(amount.value)}" if amount and amount.value is not None else ""
    return Decision(**common, outcome=Outcome.ELIGIBLE, notice=notice,
                    summary=f"符合条件，可以办理{money}。")


def _refused(pack: PolicyPack, business: Business, scenario: Scenario, result: Assessment,
             on: date, calendar: WorkCalendar, common: dict[str, Any],
             notice: tuple[str, ...]) -> Decision:
    dates = {r.rule_id: earliest_date(pack, business, r.rule_id, scenario, on)
             for r in result.failed if r.remedy.kind == "wait_until"}
    reasons = tuple(
        r if r.rule_id not in dates else _with_date(r, dates[r.rule_id]) for r in result.reasons
    )
    common = dict(common, reasons=reasons)
    if dates and len(dates) == len(result.failed) and all(dates.values()):
        candidate = max(d for d in dates.values() if d is not None)
        later = facts_for(pack, scenario, candidate)
        if not assess(pack, business, later, pack.values_on(candidate), candidate).failed:
            return Decision(**common, outcome=Outcome.NOT_YET, eligible_from=candidate,
                            notice=notice,
                            summary=f"目前暂不符合，{_d(candidate)}起可以办理："
                                    + "；".join(r.message for r in result.failed) + "。")
    routes = relative_routes(pack, business, scenario, on)
    failed_text = "；".join(r.message for r in result.failed)
    if routes:
        return Decision(**common, outcome=Outcome.ANOTHER_WAY, routes=routes, notice=notice,
                        summary=f"本人暂不符合（{failed_text}），{routes[0].how}。")
    cited = "、".join(dict.fromkeys(r.clause.title for r in result.failed))
    maybe = unexplored(business, scenario)
    hint = (f"如{'、'.join(maybe)}缴存了住房公积金，可提供其信息，由其申请办理。"
            if maybe else "")
    return Decision(**common, outcome=Outcome.NOT_ELIGIBLE, notice=notice,
                    summary=f"依据{cited}，暂不符合：{failed_text}。{hint}")


def _with_date(reason: Reason, when: date | None) -> Reason:
    if when is None:
        return reason
    remedy = type(reason.remedy)(reason.remedy.kind, reason.remedy.hint or
                                 f"{_d(when)}起满足此条件", when, reason.remedy.business)
    return Reason(reason.rule_id, reason.label, reason.status, reason.observed, reason.required,
                  reason.clause, reason.message, remedy, reason.unknown_facts)


def _base(pack: PolicyPack, business: Business, on: date, clause: Citation) -> dict[str, Any]:
    limit = business.time_limit_on(on)
    return dict(
        business=business.code, name=business.name, category=business.category, on=on,
        clause=clause, channels=business.channels, cross_province=business.cross_province,
        time_limit_days=limit.days if limit else None,
        time_limit_clause=cite(pack, limit.clause, on) if limit else None,
        to_verify=_to_verify(pack, business, on),
    )


def _to_verify(pack: PolicyPack, business: Business, on: date) -> tuple[str, ...]:
    """The placeholder or unverified figures and clauses a decision rests on (待核实)."""
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


def _notice(business: Business, result: Assessment,
            materials: tuple[MaterialView, ...]) -> tuple[str, ...]:
    """The one-time notice (一次性告知) for this business: everything missing at once."""
    lines = [f"【{business.name}】请提供信息：{label}"
             for r in result.unknown for _, label in r.unknown_facts]
    for m in materials:
        if m.status == "missing_key":
            lines.append(f"【{business.name}】请补齐要件：{m.name}（不可容缺）")
        elif m.status == "missing_deferrable":
            lines.append(f"【{business.name}】可容缺，承诺期限内补交：{m.name}")
        elif m.status == "to_bring":
            lines.append(f"【{business.name}】办理时请携带：{m.name}")
    return tuple(dict.fromkeys(lines))


def _d(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def _money(value: Any) -> str:
    return f"¥{value:,.2f}"
