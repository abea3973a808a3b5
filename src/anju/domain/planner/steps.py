"""The ordered steps of a plan, and the warning about withdrawing before the loan."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from anju.domain.planner.amortisation import ZERO, floor_yuan
from anju.domain.planner.loan_policy import LoanPolicy
from anju.domain.planner.plan import LoanPart
from anju.domain.planner.quota import Quota, hpf_quota
from anju.domain.planner.request import PlanRequest
from anju.domain.planner.strategies import CashEffect, FamilyAccount, Strategy, pre_loan_surplus
from anju.domain.planner.text import money, percent, term


def plan_steps(parts: Sequence[LoanPart], down: Decimal, paid: Decimal | None,
               cash: CashEffect, strategy: Strategy,
               accounts: Sequence[FamilyAccount]) -> tuple[str, ...]:
    """What to do, in order: pay, relatives withdraw, apply, borrowers withdraw, repay."""
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
        steps.append(f"每年办理一次偿还贷款提取（{borrowers}），"
                     f"首年约{money(cash.support_first_year)}")
    return tuple(steps)


def interplay(request: PlanRequest, policy: LoanPolicy, accounts: Sequence[FamilyAccount],
              quota: Quota) -> tuple[str, ...]:
    """What a borrowers' withdrawal before the loan would do to the quota, and the right order.

    The naive order — borrowers withdraw for the down payment what the relatives do not cover,
    then apply — is computed against the quota on the full balances.
    """
    borrowers = [a for a in accounts if a.borrower and a.balance > 0]
    if not borrowers or quota.amount <= 0:
        return ()
    price = request.purchase.price
    need = price - (request.purchase.down_payment_paid or ZERO)
    balances = sum((a.balance for a in borrowers), ZERO)
    names = "、".join(a.label for a in borrowers)
    ordinal = request.home_ordinal
    comm_down = policy.commercial_down_payment(ordinal).value
    hpf_down = policy.hpf_down_payment(ordinal, request.purchase.kind).value
    loans = max(floor_yuan(min(price * (1 - max(comm_down, hpf_down)), need)), quota.amount)
    relatives = sum((a.balance for a in accounts if not a.borrower), ZERO)
    naive = min(balances, max(price - loans - relatives, ZERO))
    surplus = pre_loan_surplus(quota, accounts, policy)
    out = []
    if naive > surplus:
        lowered = hpf_quota(request, policy, quota.term_months,
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
