"""Rankings of the plans, the recommendation, and what to say when nothing fits.

The recommended plan is the least total interest among the plans that meet the person's
limits, at the preferred term when one is given. When none meets them, the reasons name the
best figure reachable, and the nearest plan is the closest term that fits ("期限改为25年时可满足
要求") or, failing that, the plan closest to the limits.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from anju.domain.planner.amortisation import ZERO
from anju.domain.planner.plan import Plan
from anju.domain.planner.text import money, term

RankingKey = Literal["least_interest", "lowest_monthly", "lowest_down_payment", "most_fund",
                     "recommended"]
RANKING_LABELS: dict[str, str] = {
    "least_interest": "总利息最少",
    "lowest_monthly": "月供最低",
    "lowest_down_payment": "首付最低",
    "most_fund": "公积金用得最足",
    "recommended": "推荐方案",
}


@dataclass(frozen=True, slots=True)
class Ranking:
    """The plan that comes first by one measure, and why."""

    key: RankingKey
    label: str
    plan_id: str
    reason: str


@dataclass(frozen=True, slots=True)
class PersonLimits:
    """The limits the plans are judged against."""

    monthly: Decimal
    """The person's maximum monthly payment, or the household capacity."""
    monthly_basis: str
    max_down_payment: Decimal | None
    preferred_term: int | None


@dataclass(frozen=True, slots=True)
class Outcome:
    rankings: tuple[Ranking, ...]
    recommended: Plan | None
    reasons: tuple[str, ...]
    nearest: Plan | None
    nearest_reason: str | None


def violations(limits: PersonLimits, peak: Decimal, down: Decimal,
               own_limit: bool) -> tuple[str, ...]:
    """The limits a plan with this highest payment and down payment breaks (Chinese)."""
    out = []
    if peak > limits.monthly:
        if own_limit:
            out.append(f"月供最高{money(peak)}，超过您设定的上限{money(limits.monthly)}")
        else:
            out.append(f"月供最高{money(peak)}，超过家庭还款能力每月{money(limits.monthly)}")
    max_down = limits.max_down_payment
    if max_down is not None and down > max_down:
        out.append(f"首付{money(down)}，超过您可支付的{money(max_down)}")
    return tuple(out)


def _economy(p: Plan) -> tuple[Decimal | int, ...]:
    return (p.total_interest, p.own_money, p.cash.net_monthly_first_year, p.term_months)


def _best(plans: Iterable[Plan], key: Callable[[Plan], tuple[Decimal | int, ...]]) -> Plan | None:
    return min(plans, key=key, default=None)


def rank(plans: Sequence[Plan], limits: PersonLimits) -> Outcome:
    """Rank the plans and pick the recommendation, or explain why there is none."""
    rankings: list[Ranking] = []

    def add(key: RankingKey, plan: Plan | None, reason: Callable[[Plan], str]) -> None:
        if plan is not None:
            rankings.append(Ranking(key, RANKING_LABELS[key], plan.id, reason(plan)))

    add("least_interest", _best(plans, _economy), lambda p: f"总利息{money(p.total_interest)}")
    add("lowest_monthly",
        _best(plans, lambda q: (q.monthly_payment, q.cash.net_monthly_first_year,
                                q.total_interest, q.own_money)),
        lambda p: f"首月月供{money(p.monthly_payment)}")
    add("lowest_down_payment",
        _best(plans, lambda q: (q.down_payment, q.own_money, q.total_interest)),
        lambda p: f"首付{money(p.down_payment)}，提取返还后自有资金{money(p.own_money)}")
    add("most_fund", _best(plans, lambda q: (-q.fund_used, q.total_interest)),
        lambda p: f"动用公积金{money(p.fund_used)}（贷款＋提取＋首年冲还）")

    preferred = limits.preferred_term
    feasible = [q for q in plans if q.feasible]
    recommended = _best((q for q in feasible if preferred is None or q.term_months == preferred),
                        _economy)
    if recommended is not None:
        def why(p: Plan) -> str:
            reason = f"满足您的条件且总利息最少：{money(p.total_interest)}"
            if p.savings_vs_commercial > 0:
                reason += f"，比同额商业贷款少付利息{money(p.savings_vs_commercial)}"
            return reason

        add("recommended", recommended, why)
        return Outcome(tuple(rankings), recommended, (), None, None)

    reasons = _reasons(plans, limits)
    if feasible:
        assert preferred is not None  # otherwise a feasible plan would be recommended
        nearest = min(feasible, key=lambda q: (abs(q.term_months - preferred), *_economy(q)))
        return Outcome(tuple(rankings), None, reasons, nearest, (
            f"期限改为{term(nearest.term_months)}时可满足要求：{nearest.title}，"
            f"月供{money(nearest.monthly_payment)}，首付{money(nearest.down_payment)}"))
    closest = _best(plans, lambda q: (_excess(q, limits), q.total_interest))
    if closest is None:
        return Outcome(tuple(rankings), None, reasons, None, None)
    return Outcome(tuple(rankings), None, reasons, closest, (
        f"没有方案能满足全部条件；最接近的是{closest.title}："
        f"月供最高{money(closest.max_monthly_payment)}，首付{money(closest.down_payment)}"))


def _excess(plan: Plan, limits: PersonLimits) -> Decimal:
    """How far a plan is from the limits, as a sum of relative excesses."""
    out = (max(plan.max_monthly_payment - limits.monthly, ZERO)
           / max(limits.monthly, Decimal(1)))
    if limits.max_down_payment is not None:
        out += max(plan.down_payment - limits.max_down_payment, ZERO) / limits.max_down_payment
    return out


def _reasons(plans: Sequence[Plan], limits: PersonLimits) -> tuple[str, ...]:
    if not plans:
        return ("房价、首付与贷款条件下没有可行的贷款方案",)
    preferred = limits.preferred_term
    scope = [p for p in plans if preferred is None or p.term_months == preferred] or plans
    out = []
    lowest = min(scope, key=lambda p: p.max_monthly_payment)
    if lowest.max_monthly_payment > limits.monthly:
        where = f"期限{term(preferred)}时" if preferred else "所有方案中"
        out.append(f"{where}月供最低为{money(lowest.max_monthly_payment)}（{lowest.title}），"
                   f"高于{limits.monthly_basis}")
    max_down = limits.max_down_payment
    cheapest = min(scope, key=lambda p: p.down_payment)
    if max_down is not None and cheapest.down_payment > max_down:
        out.append(f"首付最低为{money(cheapest.down_payment)}（{cheapest.title}），"
                   f"高于您可支付的{money(max_down)}")
    if not out:
        out.append("月供和首付无法在同一方案中同时满足您的上限")
    return tuple(out)
