"""Plan search (贷款与提取方案): every financing, repayment method, term and balance strategy.

For each term the planner builds pure HPF (公积金贷款 up to the quota), combination (组合贷款:
HPF up to the quota, the rest commercial) and pure commercial (纯商业贷款, the baseline), each
with 等额本息 and 等额本金, and each with the balance strategies of :mod:`strategies`. Every
plan carries complete schedules, its cash needs, the ordered steps, and the person's limits it
breaks. Rankings pick the least total interest, the lowest monthly payment, the lowest down
payment, the most use of the fund, and a recommended plan: the least total interest among the
plans that meet the person's limits (at the preferred term when one is given). When none meets
them, the result says why and names the nearest plan that does, or the closest one.

Savings are measured against borrowing the same amounts, over the same terms, at the
commercial rate.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from anju.domain.planner.amortisation import (
    METHOD_LABELS,
    METHODS,
    ZERO,
    Method,
    Schedule,
    amortise,
    floor_yuan,
)
from anju.domain.planner.loan_policy import LoanPolicy, Param
from anju.domain.planner.plan import FINANCING_LABELS, Financing, LoanPart, Plan
from anju.domain.planner.quota import Quota, TermLimit, blocked_reason, household_capacity
from anju.domain.planner.quota import hpf_quota as _hpf_quota
from anju.domain.planner.quota import term_limit as _term_limit
from anju.domain.planner.ranking import PersonLimits, Ranking, RankingKey, rank, violations
from anju.domain.planner.request import PlanRequest
from anju.domain.planner.steps import interplay, plan_steps
from anju.domain.planner.strategies import (
    COMMERCIAL_STRATEGIES,
    HPF_STRATEGIES,
    STRATEGY_LABELS,
    cash_effect,
    family_accounts,
    pre_loan_surplus,
    purchase_withdrawals,
)
from anju.domain.planner.text import money, number, percent, term

__all__ = ["FINANCING_LABELS", "LoanPart", "Plan", "PlanResult", "Ranking", "search"]


@dataclass(frozen=True, slots=True)
class PlanResult:
    """Everything one plan search found; adapters render it and never recompute it."""

    on: date
    request: PlanRequest
    term_limit: TermLimit
    quota: Quota
    """The HPF quota at the headline term (preferred, else the longest possible)."""
    quotas: tuple[Quota, ...]
    commercial_rate: Decimal
    commercial_rate_basis: str
    monthly_limit: Decimal
    monthly_limit_basis: str
    plans: tuple[Plan, ...]
    rankings: tuple[Ranking, ...]
    recommended: Plan | None
    feasible: bool
    infeasible_reasons: tuple[str, ...]
    nearest: Plan | None
    """When nothing meets the limits: the nearest plan that does, or else the closest one."""
    nearest_reason: str | None
    interplay: tuple[str, ...]
    """What withdrawing before the loan would do, and the right order (Chinese)."""
    notes: tuple[str, ...]
    sources: tuple[Param[object], ...]

    def plan(self, plan_id: str) -> Plan:
        for p in self.plans:
            if p.id == plan_id:
                return p
        raise KeyError(plan_id)

    def ranking(self, key: RankingKey) -> Plan | None:
        found = next((r for r in self.rankings if r.key == key), None)
        return None if found is None else self.plan(found.plan_id)


class _Search:
    """One search's working state: the request, policy, and a schedule cache."""

    def __init__(self, request: PlanRequest, policy: LoanPolicy) -> None:
        self.request = request
        self.policy = policy
        self.ordinal = request.home_ordinal
        self.price = request.purchase.price
        paid = request.purchase.down_payment_paid
        self.need = self.price - (paid or ZERO)
        self.schedules: dict[tuple[Decimal, Decimal, int, str], Schedule] = {}
        if request.commercial_rate is not None:
            self.commercial_rate = request.commercial_rate
            self.commercial_basis = f"按您提供的商业贷款利率{percent(self.commercial_rate)}"
        else:
            self.commercial_rate = policy.commercial_rate()
            bp = policy.commercial_spread_bp.value
            self.commercial_basis = (
                f"5年期以上LPR {percent(policy.lpr_5y.value)}"
                f"{'+' if bp >= 0 else '−'}{number(abs(bp))}个基点"
                f" = {percent(self.commercial_rate)}（可在请求中改写）")
        self.capacity, capacity_basis = household_capacity(request, policy)
        limit = request.limits.max_monthly_payment
        if limit is not None:
            self.monthly_limit = limit
            self.monthly_basis = f"您设定的月供上限{money(limit)}"
        else:
            self.monthly_limit = self.capacity
            self.monthly_basis = f"未设定月供上限，按家庭还款能力：{capacity_basis}"
        self.max_term = int(policy.max_term_years.value) * 12
        preferred = request.limits.term_months
        self.preferred = None if preferred is None else min(preferred, self.max_term)
        self.limits = PersonLimits(self.monthly_limit, self.monthly_basis,
                                   request.limits.max_down_payment, self.preferred)
        self.accounts, self.account_notes = family_accounts(request, policy)

    def schedule(self, principal: Decimal, rate: Decimal, months: int, method: Method) -> Schedule:
        key = (principal, rate, months, method)
        found = self.schedules.get(key)
        if found is None:
            found = amortise(principal, rate, months, method, start=self.request.start)
            self.schedules[key] = found
        return found


def search(request: PlanRequest, policy: LoanPolicy) -> PlanResult:
    """Every plan for the request, ranked, with the recommendation or the nearest feasible plan."""
    request.validate()
    s = _Search(request, policy)
    tl = _term_limit(request, policy)
    blocked = blocked_reason(request, policy)
    hpf_possible = blocked is None and tl.months >= 12
    max_term, preferred = s.max_term, s.preferred
    notes: list[str] = [f"商业贷款利率：{s.commercial_basis}"]
    if request.commercial_rate is None and request.home_ordinal >= 2:
        notes.append("第二套住房的商业贷款利率由银行在LPR基础上自行加点，默认按上述利率测算，"
                     "请按银行报价改写")
    asked = request.limits.term_months
    if asked is not None and asked > max_term:
        notes.append(f"希望的期限{term(asked)}超过最长贷款期限{term(max_term)}，按{term(max_term)}测算")
    terms = {y * 12 for y in request.terms_years if y * 12 <= max_term}
    if preferred is not None:
        terms.add(preferred)
    if hpf_possible and tl.months < max_term:
        terms.add(tl.months)
    if not terms:
        terms.add(max_term)

    quotas: dict[int, Quota] = {}
    plans: list[Plan] = []
    for months in sorted(terms):
        hpf_months = min(months, tl.months)
        quota = _hpf_quota(request, policy, hpf_months) if hpf_possible else None
        if quota is not None:
            quotas[hpf_months] = quota
        for method in METHODS:
            plans.extend(_plans_for(s, months, method, quota, hpf_months))

    headline_months = min(preferred or max_term, tl.months) if hpf_possible else max_term
    headline = quotas.get(headline_months) or (
        _hpf_quota(request, policy, max(headline_months, 1)))
    if blocked is not None:
        notes.append(f"不能申请公积金贷款：{blocked}")
    elif not hpf_possible:
        notes.append(f"按年龄计算，公积金贷款最长期限不足1年（{tl.basis}），仅列出商业贷款方案")
    notes.extend(request.notes)
    notes.extend(s.account_notes)
    if any(a.borrower and a.monthly_deposit == 0 for a in s.accounts):
        notes.append("未提供借款人的月缴存额：冲还贷和按年提取只按现有余额估算")
    notes.append("首付款须在签订合同时先行支付；购房提取在付款后办理，款项到账后返还首付")
    sources = policy.params()
    pending = [p.label for p in sources if not p.verified]
    if pending:
        notes.append(f"以下{len(pending)}项参数待核实（多为参照河南同业城市的取值，来源见 sources）："
                     + "、".join(pending))

    outcome = rank(plans, s.limits)
    return PlanResult(
        on=request.on,
        request=request,
        term_limit=tl,
        quota=headline,
        quotas=tuple(quotas[m] for m in sorted(quotas)),
        commercial_rate=s.commercial_rate,
        commercial_rate_basis=s.commercial_basis,
        monthly_limit=s.monthly_limit,
        monthly_limit_basis=s.monthly_basis,
        plans=tuple(plans),
        rankings=outcome.rankings,
        recommended=outcome.recommended,
        feasible=outcome.recommended is not None,
        infeasible_reasons=outcome.reasons,
        nearest=outcome.nearest,
        nearest_reason=outcome.nearest_reason,
        interplay=interplay(request, policy, s.accounts, headline) if hpf_possible else (),
        notes=tuple(notes),
        sources=sources,
    )


def _plans_for(s: _Search, months: int, method: Method, quota: Quota | None,
               hpf_months: int) -> list[Plan]:
    policy, ordinal, price = s.policy, s.ordinal, s.price
    out: list[Plan] = []
    commercial_rate = s.commercial_rate
    comm_down = policy.commercial_down_payment(ordinal).value
    # Pure commercial: the baseline, at the commercial minimum down payment.
    principal = floor_yuan(min(price * (1 - comm_down), s.need))
    if principal > 0:
        part = LoanPart("commercial", s.schedule(principal, commercial_rate, months, method),
                        s.commercial_basis)
        out.extend(_with_strategies(s, "commercial", method, months, (part,), None,
                                    part.schedule.total_interest))
    if quota is None or quota.amount <= 0:
        return out
    hpf = quota.amount
    hpf_part = LoanPart("hpf", s.schedule(hpf, quota.rate.value, hpf_months, method),
                        quota.rate.citation())
    # The same HPF amount at the commercial rate: what the fund saves.
    hpf_as_commercial = s.schedule(hpf, commercial_rate, hpf_months, method).total_interest
    if hpf_months == months:
        out.extend(_with_strategies(s, "hpf", method, months, (hpf_part,), quota,
                                    hpf_as_commercial))
    hpf_down = policy.hpf_down_payment(ordinal, s.request.purchase.kind).value
    total = floor_yuan(min(price * (1 - max(hpf_down, comm_down)), s.need))
    if total > hpf:
        rest = LoanPart("commercial", s.schedule(total - hpf, commercial_rate, months, method),
                        s.commercial_basis)
        out.extend(_with_strategies(s, "combination", method, months, (hpf_part, rest), quota,
                                    hpf_as_commercial + rest.schedule.total_interest))
    return out


def _with_strategies(s: _Search, financing: Financing, method: Method, months: int,
                     parts: tuple[LoanPart, ...], quota: Quota | None,
                     commercial_interest: Decimal) -> list[Plan]:
    loans = sum((p.schedule.principal for p in parts), ZERO)
    down = s.price - loans
    first12 = min(12, max(p.schedule.term_months for p in parts))
    all_payments = [sum((p.schedule.payment_in(k) for p in parts), ZERO)
                    for k in range(1, first12 + 1)]
    hpf_payments = [sum((p.schedule.payment_in(k) for p in parts if p.kind == "hpf"), ZERO)
                    for k in range(1, first12 + 1)]
    monthly = all_payments[0]
    peak = _peak(parts)
    total_interest = sum((p.schedule.total_interest for p in parts), ZERO)
    found = violations(s.limits, peak, down, s.request.limits.max_monthly_payment is not None)
    surplus = pre_loan_surplus(quota, s.accounts, s.policy)
    # Paid-in-advance down payment counts towards what withdrawals may reimburse.
    self_paid = s.price - loans
    strategies = COMMERCIAL_STRATEGIES if financing == "commercial" else HPF_STRATEGIES
    has_balance = any(a.balance > 0 for a in s.accounts)
    out = []
    for strategy in strategies:
        if strategy != "none" and not s.accounts:
            continue
        if strategy in ("down_payment", "offset") and not has_balance:
            continue
        withdrawals = purchase_withdrawals(strategy, s.accounts, self_paid, surplus)
        cash = cash_effect(strategy, s.accounts, withdrawals, hpf_payments, all_payments)
        title = (f"{FINANCING_LABELS[financing]}·{METHOD_LABELS[method]}·{term(months)}"
                 f"·{STRATEGY_LABELS[strategy]}")
        out.append(Plan(
            id=f"{financing}-{method}-{months}-{strategy}",
            financing=financing, method=method, term_months=months, strategy=strategy,
            title=title, parts=parts, price=s.price, down_payment=down, cash=cash,
            monthly_payment=monthly, max_monthly_payment=peak, total_interest=total_interest,
            commercial_interest=commercial_interest,
            steps=plan_steps(parts, down, s.request.purchase.down_payment_paid, cash, strategy,
                             s.accounts),
            violations=found,
        ))
    return out


def _peak(parts: tuple[LoanPart, ...]) -> Decimal:
    """The highest monthly payment over the life of the loans, all loans together."""
    if len(parts) == 1:
        return parts[0].schedule.max_payment
    totals = [row.payment for row in parts[0].schedule.rows]
    for part in parts[1:]:
        for k, row in enumerate(part.schedule.rows):
            if k < len(totals):
                totals[k] += row.payment
            else:
                totals.append(row.payment)
    return max(totals)
