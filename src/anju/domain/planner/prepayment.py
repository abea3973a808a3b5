"""Prepayment simulation (提前还款): shorten the term or lower the payment.

A prepayment is made together with instalment ``after_period``; the printed row of that month
carries it (its principal and payment grow by the amount), so the whole schedule still sums
exactly to the loan. The rest is re-amortised from the next period:

* shorten_term 缩短期限: 等额本息 keeps the payment and takes the fewest months that repay the
  new balance with it; 等额本金 keeps the monthly principal (loan / term) and so ends sooner;
* lower_payment 减少月供: the remaining months stay, the payment is recomputed.

Rate changes already in the schedule (e.g. a repricing) carry over to the continuation.

>>> from anju.domain.planner.amortisation import amortise
>>> loan = amortise(Decimal("600000"), Decimal("0.026"), 360)
>>> shorter = prepay(loan, 60, Decimal("100000"), "shorten_term")
>>> shorter.after.term_months < 360, shorter.after.total_principal
(True, Decimal('600000.00'))
>>> lower = prepay(loan, 60, Decimal("100000"), "lower_payment")
>>> lower.after.term_months, lower.payment_after < lower.payment_before
(360, True)
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_CEILING, Decimal
from itertools import pairwise
from typing import Literal

from anju.domain.errors import InputError
from anju.domain.planner.amortisation import (
    ZERO,
    RateChange,
    Row,
    Schedule,
    amortise,
    months_to_repay,
    to_fen,
)
from anju.domain.planner.text import money

PrepaymentMode = Literal["shorten_term", "lower_payment"]
MODE_LABELS: dict[str, str] = {"shorten_term": "缩短还款期限", "lower_payment": "减少月供"}


@dataclass(frozen=True, slots=True)
class Prepayment:
    """The schedule before and after one prepayment."""

    mode: PrepaymentMode
    after_period: int
    amount: Decimal
    before: Schedule
    after: Schedule

    @property
    def interest_saved(self) -> Decimal:
        return self.before.total_interest - self.after.total_interest

    @property
    def months_saved(self) -> int:
        return self.before.term_months - self.after.term_months

    @property
    def payment_before(self) -> Decimal:
        """The instalment that was due the month after the prepayment."""
        return self.before.payment_in(self.after_period + 1)

    @property
    def payment_after(self) -> Decimal:
        """The instalment due the month after the prepayment now (zero when repaid in full)."""
        return self.after.payment_in(self.after_period + 1)


def prepay(schedule: Schedule, after_period: int, amount: Decimal,
           mode: PrepaymentMode) -> Prepayment:
    """Prepay ``amount`` together with instalment ``after_period`` of ``schedule``."""
    first = schedule.rows[0].period
    index = after_period - first
    if not 0 <= index < schedule.term_months - 1:
        raise InputError(f"提前还款应在第{first}期至第{schedule.rows[-1].period - 1}期之间"
                         f"（收到第{after_period}期）")
    if mode not in MODE_LABELS:
        raise InputError("提前还款方式应为缩短期限（shorten_term）或减少月供（lower_payment）")
    amount = to_fen(amount)
    balance = schedule.rows[index].balance
    if not ZERO < amount <= balance:
        raise InputError(f"提前还款金额应大于0且不超过第{after_period}期后的剩余本金{money(balance)}")
    kept = list(schedule.rows[: index + 1])
    row = kept[-1]
    kept[-1] = row._replace(payment=row.payment + amount, principal=row.principal + amount,
                            balance=row.balance - amount)
    rest = balance - amount
    tail: tuple[Row, ...] = ()
    if rest > 0:
        next_row = schedule.rows[index + 1]
        later = schedule.rows[index + 1:]
        changes = [RateChange(b.period, b.rate) for a, b in pairwise(later) if b.rate != a.rate]
        remaining = schedule.term_months - index - 1
        if mode == "lower_payment":
            months = remaining
        elif schedule.method == "equal_instalment":
            months = min(remaining, months_to_repay(rest, next_row.rate, next_row.payment))
        else:
            per_month = schedule.principal / schedule.term_months
            months = min(remaining, int((rest / per_month).to_integral_value(ROUND_CEILING)))
        continuation = amortise(rest, next_row.rate, months, schedule.method,
                                start=schedule.start, rate_changes=changes,
                                first_period=after_period + 1)
        tail = continuation.rows
    rows = (*kept, *tail)
    total_interest = sum((r.interest for r in rows), ZERO)
    after = Schedule(principal=schedule.principal, method=schedule.method, rate=schedule.rate,
                     rows=rows, total_interest=total_interest,
                     total_payment=schedule.principal + total_interest, start=schedule.start)
    return Prepayment(mode, after_period, amount, schedule, after)
