"""Strategies for the family's fund balances, and the order the steps must happen in.

Balances can pay the down payment (购房提取 by the buyers and, where the pack allows, their
spouse, parents and children), or stay in the buyers' accounts and repay the loan month by
month (按月冲还贷) or once a year (按年提取还贷).

The interplay: the quota's balance-multiple limit counts the BORROWERS' balances on the day the
loan is applied for. A borrower who withdraws first shrinks that limit. So borrowers withdraw
before the loan only the surplus the balance multiple does not need, and the rest after the
loan is granted; relatives who are not borrowers may withdraw at any time. Purchase withdrawals
reimburse a down payment already paid and, all together, never exceed it (the self-paid part).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_CEILING, Decimal
from typing import Literal

from anju.domain.planner.amortisation import FEN, ZERO, to_fen
from anju.domain.planner.loan_policy import LoanPolicy
from anju.domain.planner.quota import Quota
from anju.domain.planner.request import RELATION_LABELS, PlanRequest

Strategy = Literal["none", "down_payment", "offset", "down_payment_offset", "yearly"]
STRATEGY_LABELS: dict[str, str] = {
    "none": "不动用公积金余额",
    "down_payment": "提取公积金支付首付",
    "offset": "保留余额·按月冲还贷",
    "down_payment_offset": "提取付首付＋按月冲还贷",
    "yearly": "提取付首付＋按年提取还贷",
}
HPF_STRATEGIES: tuple[Strategy, ...] = (
    "none", "down_payment", "offset", "down_payment_offset", "yearly")
COMMERCIAL_STRATEGIES: tuple[Strategy, ...] = ("none", "down_payment", "yearly")
_WITHDRAWS: frozenset[str] = frozenset({"down_payment", "down_payment_offset", "yearly"})

AccountRelation = Literal["self", "spouse", "parent", "child"]
Timing = Literal["before_loan", "after_loan"]


@dataclass(frozen=True, slots=True)
class FamilyAccount:
    """A fund account the family could draw on for this purchase."""

    key: str
    """Unique within a request: ``applicant``, ``co_borrower``, ``helper1``…"""
    label: str
    relation: AccountRelation
    balance: Decimal
    monthly_deposit: Decimal
    borrower: bool


@dataclass(frozen=True, slots=True)
class FundWithdrawal:
    """A purchase withdrawal (购房提取) in a plan."""

    key: str
    label: str
    relation: AccountRelation
    amount: Decimal
    timing: Timing
    """before_loan: before the HPF loan is applied for; after_loan: once it is granted."""


@dataclass(frozen=True, slots=True)
class CashEffect:
    """What a strategy does to the family's cash in the first year."""

    withdrawals: tuple[FundWithdrawal, ...]
    support_first_year: Decimal
    """Repayments covered by the fund in months 1–12 (offsets or the yearly withdrawal)."""
    payments_first_year: Decimal
    """Instalments due in months 1–12, all loans together."""

    @property
    def withdrawn(self) -> Decimal:
        return sum((w.amount for w in self.withdrawals), ZERO)

    @property
    def net_monthly_first_year(self) -> Decimal:
        """Average monthly cash the family still pays in the first year."""
        return to_fen((self.payments_first_year - self.support_first_year) / 12)


def family_accounts(request: PlanRequest,
                    policy: LoanPolicy) -> tuple[tuple[FamilyAccount, ...], tuple[str, ...]]:
    """The accounts that may be used, and a note for each relative the pack leaves out."""
    accounts: list[FamilyAccount] = []
    notes: list[str] = []
    for key, b in zip(("applicant", "co_borrower"), request.borrowers, strict=False):
        if not b.deposits:
            continue
        relation: AccountRelation = "spouse" if b.is_spouse else "self"
        accounts.append(FamilyAccount(key, b.label, relation, b.balance,
                                      b.monthly_deposit or ZERO, borrower=True))
    allowed = set(policy.purchase_relatives.value)
    for i, h in enumerate(request.helpers, start=1):
        if h.relation in allowed:
            accounts.append(FamilyAccount(f"helper{i}", h.label, h.relation, h.balance, ZERO,
                                          borrower=False))
        elif h.balance > 0:
            notes.append(f"{h.label}（{RELATION_LABELS[h.relation]}）的公积金按现行政策不能用于本次购房"
                         f"（{policy.purchase_relatives.citation()}）")
    return tuple(accounts), tuple(notes)


def pre_loan_surplus(quota: Quota | None, accounts: Sequence[FamilyAccount],
                     policy: LoanPolicy) -> Decimal:
    """How much the borrowers may withdraw before the loan without lowering the quota.

    The balance multiple needs ``(smallest other limit) / k`` in the borrowers' accounts; what is
    above that is free. With no HPF loan in the plan, all of it is.
    """
    balances = sum((a.balance for a in accounts if a.borrower), ZERO)
    if quota is None or quota.amount <= 0 or not quota.limits:
        return balances
    others = [lim.value for lim in quota.limits if lim.key != "balance"]
    k = policy.balance_multiple.value
    if k <= 0:
        return balances
    needed = (min(others) / k).quantize(FEN, ROUND_CEILING)
    return max(balances - needed, ZERO)


def purchase_withdrawals(strategy: Strategy, accounts: Sequence[FamilyAccount],
                         self_paid: Decimal, surplus: Decimal) -> tuple[FundWithdrawal, ...]:
    """Who withdraws how much for the purchase, and when.

    Relatives go first: their balances cannot repay the buyers' loan later, the buyers' can.
    """
    if strategy == "none":
        return ()
    room = max(self_paid, ZERO)
    out: list[FundWithdrawal] = []
    for a in accounts:
        if not a.borrower and a.balance > 0 and room > 0:
            amount = min(a.balance, room)
            out.append(FundWithdrawal(a.key, a.label, a.relation, amount, "before_loan"))
            room -= amount
    if strategy not in _WITHDRAWS:
        return tuple(out)
    free = surplus
    for a in accounts:
        if not a.borrower or a.balance <= 0 or room <= 0:
            continue
        amount = min(a.balance, room)
        early = min(amount, free)
        if early > 0:
            out.append(FundWithdrawal(a.key, a.label, a.relation, early, "before_loan"))
            free -= early
        if amount - early > 0:
            out.append(FundWithdrawal(a.key, a.label, a.relation, amount - early,
                                      "after_loan"))
        room -= amount
    return tuple(out)


def cash_effect(strategy: Strategy, accounts: Sequence[FamilyAccount],
                withdrawals: tuple[FundWithdrawal, ...], hpf_payments: Sequence[Decimal],
                all_payments: Sequence[Decimal]) -> CashEffect:
    """First-year effect of the strategy, given the first 12 instalments of the loans.

    The monthly offset covers the HPF instalment from the borrowers' accounts (what is left of
    the balance plus each month's deposit); the yearly withdrawal, at month 12, reimburses up to
    that year's instalments of every loan. Deposits are taken as unchanged for the year.
    """
    total_payments = sum(all_payments, ZERO)
    taken = {a.key: ZERO for a in accounts}
    for w in withdrawals:
        taken[w.key] += w.amount
    borrowers = [a for a in accounts if a.borrower]
    pot = sum((a.balance - taken[a.key] for a in borrowers), ZERO)
    deposit = sum((a.monthly_deposit for a in borrowers), ZERO)
    support = ZERO
    if strategy in ("offset", "down_payment_offset"):
        for due in hpf_payments:
            pot += deposit
            covered = min(due, pot)
            pot -= covered
            support += covered
    elif strategy == "yearly":
        pot += deposit * len(all_payments)
        support = min(pot, total_payments)
    return CashEffect(withdrawals, support, total_payments)
