"""Amortisation schedules (还款计划): 等额本息 and 等额本金, printed to the fen like a bank.

Rounding follows the schedules Chinese banks print:

* 等额本息 (equal instalment): the payment is the annuity rounded to the fen (HALF_UP);
  each month's interest is ``balance × annual_rate / 12`` rounded to the fen (HALF_UP) and the
  principal is ``payment − interest``.
* 等额本金 (equal principal): the balance after month *k* is the ideal ``P × (n − k) / n``
  rounded to the fen, so the principal parts (¥1,666.67, ¥1,666.66, …) never drift from
  ``P / n`` by more than a fen; interest as above.
* The LAST row takes whatever principal remains, so the principal column sums exactly to the
  loan; its payment is that principal plus its interest.

A rate change (e.g. the 1 January repricing) applies from a given period: 等额本息 then
re-amortises the remaining balance over the remaining months at the new rate; 等额本金 keeps its
principal plan and only the interest changes.

>>> s = amortise(Decimal("600000"), Decimal("0.026"), 360)
>>> s.first_payment, s.rows[0].interest, s.rows[0].principal
(Decimal('2402.04'), Decimal('1300.00'), Decimal('1102.04'))
>>> s.total_principal == Decimal("600000")
True
>>> amortise(Decimal("600000"), Decimal("0.026"), 360, "equal_principal").total_interest
Decimal('234650.00')
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_UP, Decimal, localcontext
from typing import Literal, NamedTuple

from anju.domain.calendar import add_months
from anju.domain.errors import InputError

Method = Literal["equal_instalment", "equal_principal"]
METHODS: tuple[Method, ...] = ("equal_instalment", "equal_principal")
METHOD_LABELS: dict[str, str] = {"equal_instalment": "等额本息", "equal_principal": "等额本金"}

FEN = Decimal("0.01")
YUAN = Decimal("1")
ZERO = Decimal("0.00")
_TWELVE = Decimal(12)
_PRECISION = 40  # digits for (1 + r)^n; far beyond what a fen needs


def to_fen(amount: Decimal) -> Decimal:
    """Round to the fen, half up (四舍五入到分).

    >>> to_fen(Decimal("1.005")), to_fen(Decimal("2.3449"))
    (Decimal('1.01'), Decimal('2.34'))
    """
    return amount.quantize(FEN, ROUND_HALF_UP)


def floor_yuan(amount: Decimal) -> Decimal:
    """Round down to the whole yuan (quotas and loan amounts are never rounded up).

    >>> floor_yuan(Decimal("999151.44"))
    Decimal('999151')
    """
    return amount.quantize(YUAN, ROUND_FLOOR)


def month_interest(balance: Decimal, annual_rate: Decimal) -> Decimal:
    """One month's interest on ``balance``: ``balance × rate / 12`` to the fen.

    The division comes last so a result that is exactly half a fen is seen as such.

    >>> month_interest(Decimal("600000"), Decimal("0.026"))
    Decimal('1300.00')
    """
    return (balance * annual_rate / _TWELVE).quantize(FEN, ROUND_HALF_UP)


def instalment(principal: Decimal, annual_rate: Decimal, months: int) -> Decimal:
    """The 等额本息 monthly payment ``P·r·(1+r)^n / ((1+r)^n − 1)``, ``r = rate/12``, to the fen.

    >>> instalment(Decimal("600000"), Decimal("0.026"), 360)
    Decimal('2402.04')
    >>> instalment(Decimal("1200"), Decimal("0"), 12)
    Decimal('100.00')
    """
    _check_terms(principal, annual_rate, months)
    with localcontext() as ctx:
        ctx.prec = _PRECISION
        if annual_rate == 0:
            return to_fen(principal / months)
        r = annual_rate / _TWELVE
        growth = (1 + r) ** months
        return to_fen(principal * r * growth / (growth - 1))


def present_value(payment: Decimal, annual_rate: Decimal, months: int) -> Decimal:
    """The loan that ``payment`` a month repays over ``months`` (等额本息), rounded down to the fen.

    >>> present_value(Decimal("4000"), Decimal("0.026"), 360)
    Decimal('999151.44')
    """
    if payment <= 0:
        return ZERO
    _check_terms(Decimal(1), annual_rate, months)
    with localcontext() as ctx:
        ctx.prec = _PRECISION
        if annual_rate == 0:
            return (payment * months).quantize(FEN, ROUND_FLOOR)
        r = annual_rate / _TWELVE
        return (payment * (1 - (1 + r) ** -months) / r).quantize(FEN, ROUND_FLOOR)


def months_to_repay(balance: Decimal, annual_rate: Decimal, payment: Decimal) -> int:
    """The fewest months whose 等额本息 payment on ``balance`` is no more than ``payment``.

    Used to shorten a term after a prepayment while keeping the payment.

    >>> months_to_repay(Decimal("600000"), Decimal("0.026"), Decimal("2402.04"))
    360
    >>> months_to_repay(Decimal("500000"), Decimal("0.026"), Decimal("2402.04"))
    278
    """
    if payment <= month_interest(balance, annual_rate):
        raise InputError("月还款额不足以支付当月利息，无法还清贷款")
    with localcontext() as ctx:
        ctx.prec = _PRECISION
        if annual_rate == 0:
            months = int((balance / payment).to_integral_value(ROUND_CEILING))
        else:
            r = annual_rate / _TWELVE
            ratio = payment / (payment - balance * r)
            exact = ratio.ln() / (1 + r).ln()
            months = max(1, int(exact.to_integral_value(ROUND_CEILING)))
    # The logarithm is only an estimate at the fen: settle it against the rounded payment.
    while months > 1 and instalment(balance, annual_rate, months - 1) <= payment:
        months -= 1
    while instalment(balance, annual_rate, months) > payment:
        months += 1
    return months


class Row(NamedTuple):
    """One printed line of a schedule (one monthly instalment)."""

    period: int
    """Instalment number, 1 for the first payment (期数)."""
    date: dt.date | None
    """Due date when the disbursement date is known (还款日)."""
    payment: Decimal
    """Amount due (月供)."""
    principal: Decimal
    """Principal part (本金)."""
    interest: Decimal
    """Interest part (利息)."""
    balance: Decimal
    """Principal outstanding after this payment (剩余本金)."""
    rate: Decimal
    """Annual rate applied this month (执行年利率)."""


@dataclass(frozen=True, slots=True)
class RateChange:
    """A new annual rate applying from instalment ``period`` on (inclusive)."""

    period: int
    rate: Decimal


@dataclass(frozen=True, slots=True)
class Schedule:
    """A complete repayment schedule with its totals; reproducible from its own fields."""

    principal: Decimal
    """Principal amortised by these rows (the loan, or the balance a continuation starts from)."""
    method: Method
    rate: Decimal
    """Annual rate of the first row."""
    rows: tuple[Row, ...]
    total_interest: Decimal
    total_payment: Decimal
    start: dt.date | None = None
    """Disbursement date; row *k* falls due ``k`` months after it."""

    @property
    def term_months(self) -> int:
        return len(self.rows)

    @property
    def first_payment(self) -> Decimal:
        return self.rows[0].payment

    @property
    def last_payment(self) -> Decimal:
        return self.rows[-1].payment

    @property
    def max_payment(self) -> Decimal:
        return max(row.payment for row in self.rows)

    @property
    def total_principal(self) -> Decimal:
        return sum((row.principal for row in self.rows), ZERO)

    @property
    def method_label(self) -> str:
        return METHOD_LABELS[self.method]

    def payment_in(self, period: int) -> Decimal:
        """The payment due in instalment ``period`` (zero outside the schedule)."""
        index = period - self.rows[0].period
        return self.rows[index].payment if 0 <= index < len(self.rows) else ZERO

    def balance_after(self, period: int) -> Decimal:
        """Principal outstanding after instalment ``period`` (the whole loan before the first)."""
        index = period - self.rows[0].period
        if index < 0:
            return self.principal
        return self.rows[min(index, len(self.rows) - 1)].balance


def _check_terms(principal: Decimal, annual_rate: Decimal, months: int) -> None:
    if principal <= 0:
        raise InputError(f"贷款金额必须大于0元（收到 {principal}）")
    if months < 1:
        raise InputError(f"贷款期限至少为1个月（收到 {months}）")
    if annual_rate < 0 or annual_rate >= 1:
        raise InputError(f"年利率应在0到1之间，例如0.026表示2.6%（收到 {annual_rate}）")


def amortise(
    principal: Decimal,
    annual_rate: Decimal,
    months: int,
    method: Method = "equal_instalment",
    *,
    start: dt.date | None = None,
    rate_changes: Sequence[RateChange] = (),
    first_period: int = 1,
) -> Schedule:
    """The schedule of ``principal`` over ``months`` at ``annual_rate``.

    ``rate_changes`` switch the rate from a period on; ``first_period`` numbers a continuation
    (e.g. after a prepayment) so its periods and due dates carry on from the original loan.

    >>> s = amortise(Decimal("10000"), Decimal("0.036"), 3, "equal_principal")
    >>> [(r.payment, r.principal, r.interest, r.balance) for r in s.rows]  # doctest: +NORMALIZE_WHITESPACE
    [(Decimal('3363.33'), Decimal('3333.33'), Decimal('30.00'), Decimal('6666.67')),
     (Decimal('3353.34'), Decimal('3333.34'), Decimal('20.00'), Decimal('3333.33')),
     (Decimal('3343.33'), Decimal('3333.33'), Decimal('10.00'), Decimal('0.00'))]
    >>> up = [RateChange(3, Decimal("0.048"))]
    >>> s = amortise(Decimal("10000"), Decimal("0.036"), 3, rate_changes=up)
    >>> [(r.payment, r.rate) for r in s.rows]  # doctest: +NORMALIZE_WHITESPACE
    [(Decimal('3353.35'), Decimal('0.036')), (Decimal('3353.35'), Decimal('0.036')),
     (Decimal('3356.70'), Decimal('0.048'))]
    """
    _check_terms(principal, annual_rate, months)
    if method not in METHODS:
        raise InputError(f"还款方式应为等额本息或等额本金（收到 {method}）")
    changes = {change.period: change.rate for change in rate_changes}
    for rate in changes.values():
        _check_terms(principal, rate, months)
    principal = to_fen(principal)
    equal_instalment = method == "equal_instalment"
    rate = annual_rate
    payment = instalment(principal, rate, months) if equal_instalment else ZERO
    balance = principal
    total_interest = ZERO
    rows: list[Row] = []
    append = rows.append
    new_row = tuple.__new__  # Row(...) through its generated __new__ costs a third of the loop
    last = months - 1
    for k in range(months):
        period = first_period + k
        if changes:
            new_rate = changes.get(period)
            if new_rate is not None and new_rate != rate:
                rate = new_rate
                if equal_instalment:
                    payment = instalment(balance, rate, months - k)
        interest = (balance * rate / _TWELVE).quantize(FEN, ROUND_HALF_UP)
        if k == last:
            part = balance
        elif equal_instalment:
            part = payment - interest
            if part > balance:
                part = balance
        else:
            part = balance - (principal * (months - k - 1) / months).quantize(FEN, ROUND_HALF_UP)
        balance -= part
        total_interest += interest
        due = add_months(start, period) if start is not None else None
        append(new_row(Row, (period, due, part + interest, part, interest, balance, rate)))
    return Schedule(
        principal=principal,
        method=method,
        rate=annual_rate,
        rows=tuple(rows),
        total_interest=total_interest,
        total_payment=principal + total_interest,
        start=start,
    )


def closed_form_total_interest(principal: Decimal, annual_rate: Decimal, months: int,
                               method: Method) -> Decimal:
    """Total interest by the textbook formula, without the fen rounding of printed rows.

    ``M·n − P`` with the unrounded annuity for 等额本息; ``(n + 1)·P·r / 2`` for 等额本金. A
    printed schedule differs from these by a few fen to a yuan; calculators that quote these
    figures never print a schedule.

    >>> closed_form_total_interest(Decimal("600000"), Decimal("0.026"), 360, "equal_instalment")
    Decimal('264733.78')
    >>> closed_form_total_interest(Decimal("600000"), Decimal("0.0285"), 360, "equal_principal")
    Decimal('257212.50')
    """
    _check_terms(principal, annual_rate, months)
    with localcontext() as ctx:
        ctx.prec = _PRECISION
        r = annual_rate / _TWELVE
        if method == "equal_principal":
            return to_fen((months + 1) * principal * r / 2)
        if annual_rate == 0:
            return ZERO
        growth = (1 + r) ** months
        return to_fen(principal * r * growth / (growth - 1) * months - principal)
