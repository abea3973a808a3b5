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

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Literal

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
from anju.domain.planner.quota import Quota, TermLimit, blocked_reason, household_capacity
from anju.domain.planner.quota import hpf_quota as _hpf_quota
from anju.domain.planner.quota import term_limit as _term_limit
from anju.domain.planner.request import PlanRequest
from anju.domain.planner.strategies import (
    COMMERCIAL_STRATEGIES,
    HPF_STRATEGIES,
    STRATEGY_LABELS,
    CashEffect,
    FamilyAccount,
    Strategy,
    cash_effect,
    family_accounts,
    pre_loan_surplus,
    purchase_withdrawals,
)
from anju.domain.planner.text import money, number, percent, term

Financing = Literal["hpf", "combination", "commercial"]
FINANCING_LABELS: dict[str, str] = {
    "hpf": "纯公积金贷款", "combination": "组合贷款", "commercial": "纯商业贷款"}
PART_LABELS: dict[str, str] = {"hpf": "公积金贷款", "commercial": "商业贷款"}
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
class LoanPart:
    """One loan of a plan with its full schedule."""

    kind: Literal["hpf", "commercial"]
    schedule: Schedule
    rate_basis: str
    """Where the rate comes from (Chinese)."""

    @property
    def label(self) -> str:
        return PART_LABELS[self.kind]


@dataclass(frozen=True, slots=True)
class Plan:
    """One complete, reproducible plan."""

    id: str
    """Stable id: ``{financing}-{method}-{term_months}-{strategy}``."""
    financing: Financing
    method: Method
    term_months: int
    strategy: Strategy
    title: str
    parts: tuple[LoanPart, ...]
    price: Decimal
    down_payment: Decimal
    """Cash paid at signing: price − loans (purchase withdrawals reimburse it later)."""
    cash: CashEffect
    monthly_payment: Decimal
    """First month's payment, all loans together."""
    max_monthly_payment: Decimal
    total_interest: Decimal
    commercial_interest: Decimal
    """Interest the same loans would cost at the commercial rate."""
    steps: tuple[str, ...]
    violations: tuple[str, ...]
    """The person's limits this plan breaks (Chinese); empty when it meets them all."""

    @property
    def feasible(self) -> bool:
        return not self.violations

    @property
    def loan_total(self) -> Decimal:
        return sum((p.schedule.principal for p in self.parts), ZERO)

    @property
    def hpf_loan(self) -> Decimal:
        return sum((p.schedule.principal for p in self.parts if p.kind == "hpf"), ZERO)

    @property
    def own_money(self) -> Decimal:
        """The family's own cash in the down payment once purchase withdrawals are back."""
        return self.down_payment - self.cash.withdrawn

    @property
    def savings_vs_commercial(self) -> Decimal:
        return self.commercial_interest - self.total_interest

    @property
    def fund_used(self) -> Decimal:
        """HPF loan + purchase withdrawals + first-year repayment support from the fund."""
        return self.hpf_loan + self.cash.withdrawn + self.cash.support_first_year

    def schedule_rows(self) -> list[tuple[int, Decimal, Decimal, Decimal, Decimal]]:
        """Per period, all loans together: (period, payment, principal, interest, balance)."""
        periods = max(p.schedule.term_months for p in self.parts)
        out = []
        for k in range(periods):
            rows = [p.schedule.rows[k] for p in self.parts if k < p.schedule.term_months]
            out.append((k + 1, sum((r.payment for r in rows), ZERO),
                        sum((r.principal for r in rows), ZERO),
                        sum((r.interest for r in rows), ZERO),
                        sum((r.balance for r in rows), ZERO)))
        return out


@dataclass(frozen=True, slots=True)
class Ranking:
    key: RankingKey
    label: str
    plan_id: str
    reason: str


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
    max_term = int(policy.max_term_years.value) * 12
    notes: list[str] = [f"商业贷款利率：{s.commercial_basis}"]
    if request.commercial_rate is None and request.home_ordinal >= 2:
        notes.append("第二套住房的商业贷款利率由银行在LPR基础上自行加点，默认按上述利率测算，"
                     "请按银行报价改写")
    preferred = request.limits.term_months
    if preferred is not None and preferred > max_term:
        notes.append(f"希望的期限{term(preferred)}超过最长贷款期限{term(max_term)}，按{term(max_term)}测算")
        preferred = max_term
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

    rankings, recommended, reasons, nearest, nearest_reason = _rank(s, plans, preferred)
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
        rankings=rankings,
        recommended=recommended,
        feasible=recommended is not None,
        infeasible_reasons=reasons,
        nearest=nearest,
        nearest_reason=nearest_reason,
        interplay=_interplay(s, headline) if hpf_possible else (),
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
    violations = _violations(s, peak, down)
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
            steps=_steps(s, parts, down, cash, strategy, s.accounts),
            violations=violations,
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


def _violations(s: _Search, peak: Decimal, down: Decimal) -> tuple[str, ...]:
    out = []
    if peak > s.monthly_limit:
        if s.request.limits.max_monthly_payment is not None:
            out.append(f"月供最高{money(peak)}，超过您设定的上限{money(s.monthly_limit)}")
        else:
            out.append(f"月供最高{money(peak)}，超过家庭还款能力每月{money(s.monthly_limit)}")
    max_down = s.request.limits.max_down_payment
    if max_down is not None and down > max_down:
        out.append(f"首付{money(down)}，超过您可支付的{money(max_down)}")
    return tuple(out)


def _steps(s: _Search, parts: tuple[LoanPart, ...], down: Decimal, cash: CashEffect,
           strategy: Strategy, accounts: tuple[FamilyAccount, ...]) -> tuple[str, ...]:
    paid = s.request.purchase.down_payment_paid
    steps = [f"签订购房合同并支付首付款{money(down)}"
             + (f"（已付{money(paid)}）" if paid else "")]
    before = [w for w in cash.withdrawals if w.timing == "before_loan"]
    after = [w for w in cash.withdrawals if w.timing == "after_loan"]
    has_hpf = any(p.kind == "hpf" for p in parts)
    for w in before:
        if w.relation in ("self", "spouse") and has_hpf:
            steps.append(f"{w.label}办理购房提取{money(w.amount)}（余额倍数额度用不到的部分，"
                         f"贷款前提取不影响可贷额度）")
        else:
            steps.append(f"{w.label}办理购房提取{money(w.amount)}")
    loans = "＋".join(f"{p.label}{money(p.schedule.principal)}（{term(p.schedule.term_months)}，"
                     f"年利率{percent(p.schedule.rate)}，{p.schedule.method_label}）" for p in parts)
    steps.append(f"申请{loans}")
    for w in after:
        steps.append(f"贷款发放后，{w.label}办理购房提取{money(w.amount)}"
                     f"（须在放款后办理：贷款前提取会降低余额倍数额度）")
    borrowers = "、".join(a.label for a in accounts if a.borrower)
    if strategy in ("offset", "down_payment_offset"):
        steps.append(f"签订按月冲还贷协议：每月以{borrowers}的公积金账户冲还公积金贷款月供，"
                     f"首年约{money(cash.support_first_year)}")
    elif strategy == "yearly":
        steps.append(f"每年办理一次偿还贷款提取（{borrowers}），首年约{money(cash.support_first_year)}")
    return tuple(steps)


def _interplay(s: _Search, quota: Quota) -> tuple[str, ...]:
    """Say what a withdrawal before the loan would do to the quota, and give the right order."""
    borrowers = [a for a in s.accounts if a.borrower and a.balance > 0]
    if not borrowers or quota.amount <= 0:
        return ()
    balances = sum((a.balance for a in borrowers), ZERO)
    names = "、".join(a.label for a in borrowers)
    comm_down = s.policy.commercial_down_payment(s.ordinal).value
    hpf_down = s.policy.hpf_down_payment(s.ordinal, s.request.purchase.kind).value
    down = s.price - max(floor_yuan(min(s.price * (1 - max(comm_down, hpf_down)), s.need)),
                         quota.amount)
    relatives = sum((a.balance for a in s.accounts if not a.borrower), ZERO)
    naive = min(balances, max(down - relatives, ZERO))
    surplus = pre_loan_surplus(quota, s.accounts, s.policy)
    out = []
    if naive > surplus:
        lowered = _hpf_quota(s.request, s.policy, quota.term_months,
                             borrower_balances=balances - naive)
        if lowered.amount < quota.amount:
            out.append(
                f"注意顺序：若{names}在申请贷款前先提取{money(naive)}支付首付，账户余额降为"
                f"{money(balances - naive)}，余额倍数额度随之下降，可贷额度将由{money(quota.amount)}"
                f"降至{money(lowered.amount)}（少贷{money(quota.amount - lowered.amount)}）。"
                f"应先申请贷款，放款后再办理购房提取。")
    if surplus > 0 and quota.binding is not None and quota.binding.key != "balance":
        out.append(f"{names}在贷款前最多可先提取{money(surplus)}而不影响可贷额度"
                   f"（可贷额度由{quota.binding.label}决定）。")
    return tuple(out)


def _best(plans: Iterable[Plan], key: Callable[[Plan], tuple[Decimal | int, ...]]) -> Plan | None:
    return min(plans, key=key, default=None)


def _rank(s: _Search, plans: list[Plan], preferred: int | None) -> tuple[
        tuple[Ranking, ...], Plan | None, tuple[str, ...], Plan | None, str | None]:
    def economy(p: Plan) -> tuple[Decimal | int, ...]:
        return (p.total_interest, p.own_money, p.cash.net_monthly_first_year, p.term_months)

    rankings: list[Ranking] = []

    def add(key: RankingKey, plan: Plan | None, reason: str) -> None:
        if plan is not None:
            rankings.append(Ranking(key, RANKING_LABELS[key], plan.id, reason))

    p = _best(plans, economy)
    add("least_interest", p, f"总利息{money(p.total_interest)}" if p else "")
    p = _best(plans, lambda q: (q.monthly_payment, q.cash.net_monthly_first_year,
                                q.total_interest, q.own_money))
    add("lowest_monthly", p, f"首月月供{money(p.monthly_payment)}" if p else "")
    p = _best(plans, lambda q: (q.down_payment, q.own_money, q.total_interest))
    add("lowest_down_payment", p,
        f"首付{money(p.down_payment)}，提取返还后自有资金{money(p.own_money)}" if p else "")
    p = _best(plans, lambda q: (-q.fund_used, q.total_interest))
    add("most_fund", p, f"动用公积金{money(p.fund_used)}（贷款＋提取＋首年冲还）" if p else "")

    feasible = [q for q in plans if q.feasible]
    at_term = [q for q in feasible if preferred is None or q.term_months == preferred]
    recommended = _best(at_term, economy)
    if recommended is not None:
        reason = f"满足您的条件且总利息最少：{money(recommended.total_interest)}"
        if recommended.savings_vs_commercial > 0:
            reason += f"，比同额商业贷款少付利息{money(recommended.savings_vs_commercial)}"
        add("recommended", recommended, reason)
        return tuple(rankings), recommended, (), None, None

    reasons = _reasons(s, plans, preferred)
    if feasible:
        assert preferred is not None
        nearest = min(feasible, key=lambda q: (abs(q.term_months - preferred), *economy(q)))
        return tuple(rankings), None, reasons, nearest, (
            f"期限改为{term(nearest.term_months)}时可满足要求：{nearest.title}，"
            f"月供{money(nearest.monthly_payment)}，首付{money(nearest.down_payment)}")
    closest = _best(plans, lambda q: (_excess(s, q), q.total_interest))
    if closest is None:
        return tuple(rankings), None, reasons, None, None
    return tuple(rankings), None, reasons, closest, (
        f"没有方案能满足全部条件；最接近的是{closest.title}："
        f"月供最高{money(closest.max_monthly_payment)}，首付{money(closest.down_payment)}")


def _excess(s: _Search, plan: Plan) -> Decimal:
    """How far a plan is from the limits, as a sum of relative excesses."""
    out = max(plan.max_monthly_payment - s.monthly_limit, ZERO) / max(s.monthly_limit, Decimal(1))
    max_down = s.request.limits.max_down_payment
    if max_down is not None:
        out += max(plan.down_payment - max_down, ZERO) / max_down
    return out


def _reasons(s: _Search, plans: list[Plan], preferred: int | None) -> tuple[str, ...]:
    if not plans:
        return ("房价、首付与贷款条件下没有可行的贷款方案",)
    scope = [p for p in plans if preferred is None or p.term_months == preferred] or plans
    out = []
    lowest = min(scope, key=lambda p: p.max_monthly_payment)
    if lowest.max_monthly_payment > s.monthly_limit:
        where = f"期限{term(preferred)}时" if preferred else "所有方案中"
        out.append(f"{where}月供最低为{money(lowest.max_monthly_payment)}（{lowest.title}），"
                   f"高于{s.monthly_basis}")
    max_down = s.request.limits.max_down_payment
    cheapest = min(scope, key=lambda p: p.down_payment)
    if max_down is not None and cheapest.down_payment > max_down:
        out.append(f"首付最低为{money(cheapest.down_payment)}（{cheapest.title}），"
                   f"高于您可支付的{money(max_down)}")
    if not out:
        out.append("月供和首付无法在同一方案中同时满足您的上限")
    return tuple(out)
