"""A plan (方案): its loans with their schedules, its cash needs, steps and broken limits."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from anju.domain.planner.amortisation import ZERO, Method, Schedule
from anju.domain.planner.strategies import CashEffect, Strategy

Financing = Literal["hpf", "combination", "commercial"]
FINANCING_LABELS: dict[str, str] = {
    "hpf": "纯公积金贷款", "combination": "组合贷款", "commercial": "纯商业贷款"}
PART_LABELS: dict[str, str] = {"hpf": "公积金贷款", "commercial": "商业贷款"}


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
