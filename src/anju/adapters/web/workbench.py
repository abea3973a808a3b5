"""The plan workbench's view: the planner's result, its rankings side by side, the shown plan."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from anju.adapters.web.forms import KINDS, PlanForm
from anju.domain.errors import InputError
from anju.domain.planner.plan import Plan
from anju.domain.planner.plans import PlanResult
from anju.domain.policy.model import PolicyPack
from anju.domain.scenario import Scenario
from anju.services.planning import make_plans


@dataclass(frozen=True, slots=True)
class Column:
    """One plan in the side-by-side table, with every ranking it tops."""

    plan: Plan
    labels: tuple[str, ...]
    reasons: tuple[str, ...]


def columns(result: PlanResult) -> list[Column]:
    """The ranked plans, each once, in ranking order (recommended first when there is one)."""
    order: dict[str, list[tuple[str, str]]] = {}
    rankings = sorted(result.rankings, key=lambda r: r.key != "recommended")
    for ranking in rankings:
        order.setdefault(ranking.plan_id, []).append((ranking.label, ranking.reason))
    if result.nearest is not None and result.nearest.id not in order:
        order[result.nearest.id] = [("最接近要求", result.nearest_reason or "")]
    return [Column(result.plan(pid), tuple(label for label, _ in found), tuple(r for _, r in found if r))
            for pid, found in order.items()]


def chosen(result: PlanResult, plan_id: str) -> Plan | None:
    """The plan asked for by id, else the recommended one, else the nearest."""
    if plan_id:
        try:
            return result.plan(plan_id)
        except KeyError:
            raise InputError(f"没有编号为 {plan_id} 的方案") from None
    return result.recommended or result.nearest


def plan_view(pack: PolicyPack, scenario: Scenario, on: date, form: PlanForm) -> dict[str, Any]:
    """Template context for the plan pages; planner input problems are shown beside the form."""
    context: dict[str, Any] = {"form": form, "kinds": KINDS, "result": None, "columns": [], "shown": None,
                               "plan_error": None}
    if not form.ready:
        return context
    try:
        result = make_plans(pack, form.scenario(scenario), on, form.options())
    except InputError as error:
        return context | {"plan_error": error}
    return context | {"result": result, "columns": columns(result), "shown": chosen(result, form.plan)}
