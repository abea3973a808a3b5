"""The 1 January repricing (重新定价) of existing HPF loans after a rate change.

A loan disbursed before a rate change moves to the new rate of its tier from 1 January of the
next year (e.g. the 2024-05-18 cut applied to older loans from 2025-01-01). So in each year
after the disbursement year the loan runs at the rate in force on the previous 31 December.
Loans of one year or less keep their contract rate. The new rate applies from the first
instalment falling due on or after 1 January.

>>> history = [RateStep(date(2022, 10, 1), Decimal("0.031")),
...            RateStep(date(2024, 5, 18), Decimal("0.0285")),
...            RateStep(date(2025, 5, 8), Decimal("0.026"))]
>>> r = reprice(Decimal("600000"), date(2023, 3, 15), 360, "equal_instalment", history,
...             on=date(2025, 6, 1))
>>> [(c.due, c.old_rate, c.new_rate) for c in r.changes]  # doctest: +NORMALIZE_WHITESPACE
[(datetime.date(2025, 1, 15), Decimal('0.031'), Decimal('0.0285')),
 (datetime.date(2026, 1, 15), Decimal('0.0285'), Decimal('0.026'))]
>>> r.current_rate, r.next_change.due
(Decimal('0.0285'), datetime.date(2026, 1, 15))
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from anju.domain.calendar import add_months
from anju.domain.errors import InputError
from anju.domain.planner.amortisation import Method, RateChange, Schedule, amortise


@dataclass(frozen=True, slots=True)
class RateStep:
    """A rate of one tier in force from ``since``."""

    since: date
    rate: Decimal


@dataclass(frozen=True, slots=True)
class RepricingChange:
    """One repricing of the loan."""

    period: int
    due: date
    """Due date of the first instalment at the new rate."""
    old_rate: Decimal
    new_rate: Decimal
    payment_before: Decimal
    payment_after: Decimal


@dataclass(frozen=True, slots=True)
class Repricing:
    """The loan's schedule with every repricing, against the contract rate kept throughout."""

    on: date
    schedule: Schedule
    contract: Schedule
    changes: tuple[RepricingChange, ...]
    current_rate: Decimal
    """Rate of the instalment due on or after ``on`` (the last one's when the loan has ended)."""

    @property
    def next_change(self) -> RepricingChange | None:
        return next((c for c in self.changes if c.due > self.on), None)

    @property
    def interest_difference(self) -> Decimal:
        """Interest saved by the repricings (negative when rates went up)."""
        return self.contract.total_interest - self.schedule.total_interest


def rate_on(history: Sequence[RateStep], day: date) -> Decimal | None:
    """The tier's rate in force on ``day`` (None before the first step)."""
    found = None
    for step in sorted(history, key=lambda s: s.since):
        if step.since <= day:
            found = step.rate
    return found


def first_period_on_or_after(start: date, day: date) -> int:
    """The first instalment (due ``k`` months after ``start``) falling due on or after ``day``.

    >>> first_period_on_or_after(date(2024, 3, 15), date(2025, 1, 1))
    10
    """
    k = max(1, (day.year - start.year) * 12 + day.month - start.month - 1)
    while add_months(start, k) < day:
        k += 1
    while k > 1 and add_months(start, k - 1) >= day:
        k -= 1
    return k


def repricing_changes(start: date, months: int, contract_rate: Decimal,
                      history: Sequence[RateStep]) -> tuple[RateChange, ...]:
    """The rate changes a loan disbursed on ``start`` gets, one per 1 January at most.

    Only a change of the tier's rate moves the loan: a contract rate that differs from the
    table (e.g. a negotiated second-home rate) stays until the table itself changes.
    """
    if months <= 12:
        return ()
    changes = []
    table = rate_on(history, start)
    current = contract_rate
    last_due = add_months(start, months)
    for year in range(start.year + 1, last_due.year + 1):
        rate = rate_on(history, date(year - 1, 12, 31))
        if rate is None or rate == table:
            continue
        table = rate
        period = first_period_on_or_after(start, date(year, 1, 1))
        if period <= months and rate != current:
            changes.append(RateChange(period, rate))
            current = rate
    return tuple(changes)


def reprice(principal: Decimal, start: date, months: int, method: Method,
            history: Sequence[RateStep], *, on: date,
            contract_rate: Decimal | None = None) -> Repricing:
    """Reprice a loan on its tier's rate history; ``contract_rate`` defaults to the rate at start."""
    rate = contract_rate if contract_rate is not None else rate_on(history, start)
    if rate is None:
        raise InputError(f"利率表中没有{start.isoformat()}时适用的贷款利率，无法计算重新定价")
    changes = repricing_changes(start, months, rate, history)
    schedule = amortise(principal, rate, months, method, start=start, rate_changes=changes)
    contract = amortise(principal, rate, months, method, start=start)
    found = []
    for change in changes:
        # A change at the very first instalment (a cut between disbursement and 31 December)
        # compares with the contract's first instalment.
        before = schedule.rows[change.period - 2] if change.period > 1 else contract.rows[0]
        row = schedule.rows[change.period - 1]
        assert row.date is not None
        found.append(RepricingChange(change.period, row.date, before.rate, row.rate,
                                     before.payment, row.payment))
    upcoming = next((r for r in schedule.rows if r.date is not None and r.date >= on),
                    schedule.rows[-1])
    return Repricing(on, schedule, contract, tuple(found), upcoming.rate)
