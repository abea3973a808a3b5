"""The HPF loan quota (可贷额度) and term limit, each limit with its value, basis and sources.

The quota is the smallest of five limits (as Henan peer centres compute it):

* 最高贷款额度 the cap: single or both spouses depositing, plus the multi-child uplift;
* 账户余额倍数 the balance multiple: borrower and co-borrower balances × k;
* 还款能力 repayment capacity: the loan that ``ratio × household monthly income − other
  debts`` repays over the term at the HPF rate (deposit bases stand in for unknown incomes);
* 贷款成数 loan-to-value: ``price × (1 − minimum down payment)``;
* 购房资金缺口 need: ``price − down payment already paid``.

The quota is rounded DOWN to the whole yuan. The term limit is the smaller of the maximum term
and, for each borrower, the months until the age-at-maturity limit (men 68, women 63 in the
default pack); the borrower who reaches it first binds.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Literal

from anju.domain.errors import InputError
from anju.domain.planner.amortisation import ZERO, floor_yuan, present_value
from anju.domain.planner.loan_policy import LoanPolicy, Param
from anju.domain.planner.request import PlanRequest
from anju.domain.planner.text import money, number, percent, ratio, term

LimitKey = Literal["cap", "balance", "capacity", "ltv", "need"]
LIMIT_LABELS: dict[str, str] = {
    "cap": "最高贷款额度",
    "balance": "账户余额倍数",
    "capacity": "还款能力",
    "ltv": "贷款成数（最低首付）",
    "need": "购房资金缺口",
}
_SEX = {"male": "男", "female": "女"}


@dataclass(frozen=True, slots=True)
class Limit:
    """One limit of the quota."""

    key: LimitKey
    label: str
    value: Decimal
    basis: str
    """How the value was computed, in Chinese."""
    params: tuple[Param[Any], ...]


@dataclass(frozen=True, slots=True)
class TermLimit:
    """The longest HPF term: the maximum term or an age-at-maturity limit, whichever is less."""

    months: int
    key: Literal["max_term", "age"]
    basis: str
    params: tuple[Param[Any], ...]
    candidates: tuple[tuple[str, int], ...]
    """Every constraint considered: (Chinese description, months)."""


@dataclass(frozen=True, slots=True)
class Quota:
    """The HPF quota for one term: the amount, every limit, and the binding one."""

    amount: Decimal
    """可贷额度, rounded down to the whole yuan (0 when an HPF loan is not possible)."""
    term_months: int
    rate: Param[Decimal]
    """The HPF rate tier for this term and home."""
    limits: tuple[Limit, ...] = ()
    binding: Limit | None = None
    blocked: str | None = None
    """Why no HPF loan is possible at all (Chinese), when that is so."""

    def limit(self, key: LimitKey) -> Limit | None:
        return next((lim for lim in self.limits if lim.key == key), None)


def term_limit(request: PlanRequest, policy: LoanPolicy) -> TermLimit:
    """The longest HPF term for these borrowers on the request date."""
    max_term = policy.max_term_years
    candidates: list[tuple[str, int, str, Param[Any]]] = [
        (f"最长贷款期限{int(max_term.value)}年", int(max_term.value) * 12, "max_term", max_term)]
    for b in request.borrowers:
        limit_age = policy.max_age(b.sex)
        months = b.months_until_age(int(limit_age.value), request.on)
        age_years = b.age_months(request.on) // 12
        candidates.append((
            f"{b.label}（{_SEX[b.sex]}，{age_years}岁）贷款到期时不超过{int(limit_age.value)}周岁，"
            f"最长{term(max(months, 0))}",
            months, "age", limit_age))
    label, months, key, param = min(candidates, key=lambda c: c[1])
    return TermLimit(
        months=max(months, 0),
        key="age" if key == "age" else "max_term",
        basis=label,
        params=(param,),
        candidates=tuple((c[0], max(c[1], 0)) for c in candidates),
    )


def household_capacity(request: PlanRequest, policy: LoanPolicy) -> tuple[Decimal, str]:
    """The monthly payment the household can carry by the capacity rule, and how it was found.

    Each borrower counts with monthly income, or with the deposit base when income is unknown.
    """
    parts: list[str] = []
    total = ZERO
    for b in request.borrowers:
        if b.income is not None:
            total += b.income
            parts.append(f"{b.label}月收入{money(b.income)}")
        elif b.base is not None:
            total += b.base
            parts.append(f"{b.label}缴存基数{money(b.base)}")
    if not parts:
        raise InputError("请提供申请人的月收入或缴存基数，用于测算还款能力")
    debts = sum((b.debts_monthly for b in request.borrowers), ZERO)
    share = policy.capacity_ratio.value
    capacity = max(total * share - debts, ZERO)
    basis = f"（{'＋'.join(parts)}）× {ratio(share)}"
    if debts:
        basis += f" − 其他债务月供{money(debts)}"
    return capacity, f"{basis} = 每月可还{money(capacity)}"


def blocked_reason(request: PlanRequest, policy: LoanPolicy) -> str | None:
    """Why the family cannot take an HPF loan at all, or None."""
    if not request.applicant.deposits:
        return "申请人未缴存住房公积金，不能申请住房公积金贷款"
    if request.hpf_loan_outstanding:
        return "家庭尚有未结清的住房公积金贷款，结清前不能再次申请住房公积金贷款"
    highest = int(policy.max_home_ordinal.value)
    if request.home_ordinal > highest:
        return (f"本次购买的是家庭第{request.home_ordinal}套住房，住房公积金贷款仅支持前{highest}套"
                f"（{policy.max_home_ordinal.citation()}）")
    return None


def hpf_quota(request: PlanRequest, policy: LoanPolicy, term_months: int, *,
              borrower_balances: Decimal | None = None) -> Quota:
    """The quota for a loan over ``term_months``.

    ``borrower_balances`` replaces the borrowers' combined balance, to show what a withdrawal
    made before the loan would do to the balance-multiple limit.
    """
    ordinal = request.home_ordinal
    rate = policy.hpf_rate(ordinal, term_months)
    blocked = blocked_reason(request, policy)
    if blocked is not None:
        return Quota(ZERO, term_months, rate, blocked=blocked)
    price = request.purchase.price
    limits = (
        _cap_limit(request, policy),
        _balance_limit(request, policy, borrower_balances),
        _capacity_limit(request, policy, term_months, rate),
        _ltv_limit(request, policy),
        _need_limit(request),
    )
    binding = min(limits, key=lambda lim: lim.value)
    amount = max(floor_yuan(binding.value), ZERO)
    assert amount <= price
    return Quota(amount, term_months, rate, limits, binding)


def _cap_limit(request: PlanRequest, policy: LoanPolicy) -> Limit:
    co = request.co_borrower
    couple = co is not None and co.is_spouse and co.deposits
    cap = policy.cap_couple if couple else policy.cap_single
    value = cap.value
    basis = f"{'夫妻双方缴存' if couple else '单方缴存'}最高{money(value)}"
    params: tuple[Param[Any], ...] = (cap,)
    if request.multi_child:
        uplift = policy.multi_child_uplift
        value = value * (1 + uplift.value)
        basis += f"；多子女家庭上浮{ratio(uplift.value)}，为{money(value)}"
        params = (cap, uplift)
    return Limit("cap", LIMIT_LABELS["cap"], value, basis, params)


def _balance_limit(request: PlanRequest, policy: LoanPolicy,
                   override: Decimal | None) -> Limit:
    k = policy.balance_multiple
    depositors = [b for b in request.borrowers if b.deposits]
    total = sum((b.balance for b in depositors), ZERO) if override is None else override
    names = "与".join(b.label for b in depositors)
    basis = f"{names}账户余额合计{money(total)} × {number(k.value)}倍"
    if override is not None:
        basis += "（按贷款前提取后的余额）"
    return Limit("balance", LIMIT_LABELS["balance"], total * k.value, basis, (k,))


def _capacity_limit(request: PlanRequest, policy: LoanPolicy, months: int,
                    rate: Param[Decimal]) -> Limit:
    monthly, basis = household_capacity(request, policy)
    value = present_value(monthly, rate.value, months)
    basis += f"，按年利率{percent(rate.value)}、{term(months)}折算"
    return Limit("capacity", LIMIT_LABELS["capacity"], value, basis,
                 (policy.capacity_ratio, rate))


def _ltv_limit(request: PlanRequest, policy: LoanPolicy) -> Limit:
    p = request.purchase
    down = policy.hpf_down_payment(request.home_ordinal, p.kind)
    home = "首套" if request.home_ordinal <= 1 else "第二套"
    if request.home_ordinal <= 1:
        home += "新房" if p.kind == "new" else "二手房"
    value = p.price * (1 - down.value)
    basis = f"房价{money(p.price)} ×（1 − {home}最低首付{ratio(down.value)}）"
    return Limit("ltv", LIMIT_LABELS["ltv"], value, basis, (down,))


def _need_limit(request: PlanRequest) -> Limit:
    p = request.purchase
    paid = p.down_payment_paid or ZERO
    basis = f"房价{money(p.price)} − 已付首付款{money(paid)}"
    if p.down_payment_paid is None:
        basis += "（未提供已付首付款）"
    return Limit("need", LIMIT_LABELS["need"], p.price - paid, basis, ())
