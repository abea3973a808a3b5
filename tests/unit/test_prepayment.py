"""Prepayment: shorten the term or lower the payment."""

from __future__ import annotations

from datetime import date
from decimal import ROUND_CEILING, Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from anju.domain.errors import InputError
from anju.domain.planner.amortisation import RateChange, amortise, instalment
from anju.domain.planner.prepayment import prepay

D = Decimal
LOAN = amortise(D(600000), D("0.026"), 360, start=date(2027, 1, 15))


def test_shorten_term_keeps_the_payment_and_ends_sooner() -> None:
    p = prepay(LOAN, 60, D(100000), "shorten_term")
    assert p.after.term_months < 360 and p.months_saved > 0
    assert p.payment_after <= p.payment_before == D("2402.04")
    balance = LOAN.rows[59].balance - D(100000)
    months = p.after.term_months - 60
    assert p.payment_after == instalment(balance, D("0.026"), months)
    assert instalment(balance, D("0.026"), months - 1) > D("2402.04")
    assert p.interest_saved > 0
    assert p.after.total_principal == D(600000)


def test_the_prepayment_shows_in_its_month() -> None:
    p = prepay(LOAN, 60, D(100000), "lower_payment")
    row = p.after.rows[59]
    assert row.principal == LOAN.rows[59].principal + D(100000)
    assert row.payment == LOAN.rows[59].payment + D(100000)
    assert row.balance == LOAN.rows[59].balance - D(100000)
    assert p.after.rows[60].period == 61 and p.after.rows[60].date == date(2032, 2, 15)


def test_lower_payment_keeps_the_term() -> None:
    p = prepay(LOAN, 60, D(100000), "lower_payment")
    assert p.after.term_months == 360 and p.months_saved == 0
    balance = LOAN.rows[59].balance - D(100000)
    assert p.payment_after == instalment(balance, D("0.026"), 300) < p.payment_before
    assert p.after.total_principal == D(600000)


def test_shortening_saves_more_interest_than_lowering() -> None:
    shorter = prepay(LOAN, 60, D(100000), "shorten_term")
    lower = prepay(LOAN, 60, D(100000), "lower_payment")
    assert shorter.interest_saved > lower.interest_saved > 0


def test_equal_principal_shorten_keeps_the_monthly_principal() -> None:
    loan = amortise(D(600000), D("0.026"), 360, "equal_principal")
    p = prepay(loan, 12, D(50000), "shorten_term")
    rest = loan.rows[11].balance - D(50000)
    expected = (rest / (D(600000) / 360)).to_integral_value(ROUND_CEILING)
    assert p.after.term_months == 12 + expected
    assert p.after.total_principal == D(600000)
    assert abs(p.after.rows[12].principal - D("1666.67")) < D("0.02")


def test_full_repayment_ends_the_loan() -> None:
    balance = LOAN.rows[9].balance
    p = prepay(LOAN, 10, balance, "shorten_term")
    assert p.after.term_months == 10 and p.payment_after == 0
    assert p.after.rows[-1].balance == 0
    assert p.after.total_principal == D(600000)


def test_rate_changes_carry_over() -> None:
    loan = amortise(D(600000), D("0.031"), 360, rate_changes=[RateChange(100, D("0.026"))])
    p = prepay(loan, 60, D(100000), "lower_payment")
    assert p.after.rows[98].rate == D("0.031") and p.after.rows[99].rate == D("0.026")


@pytest.mark.parametrize(("period", "amount", "fragment"), [
    (0, D(1000), "提前还款应在第1期至第359期之间"),
    (360, D(1000), "提前还款应在第1期至第359期之间"),
    (60, D(0), "提前还款金额应大于0"),
    (60, D(10_000_000), "不超过第60期后的剩余本金"),
])
def test_bad_prepayments_are_refused(period: int, amount: Decimal, fragment: str) -> None:
    with pytest.raises(InputError, match=fragment):
        prepay(LOAN, period, amount, "shorten_term")


def test_unknown_mode_is_refused() -> None:
    with pytest.raises(InputError, match="提前还款方式"):
        prepay(LOAN, 60, D(1000), "skip")  # type: ignore[arg-type]


@settings(max_examples=60, deadline=None)
@given(st.integers(min_value=1, max_value=358),
       st.decimals(min_value=D(1000), max_value=D(500000), places=2),
       st.sampled_from(["equal_instalment", "equal_principal"]),
       st.sampled_from(["shorten_term", "lower_payment"]))
def test_prepayment_keeps_the_principal_and_never_costs_interest(
        period: int, amount: Decimal, method: str, mode: str) -> None:
    loan = amortise(D(600000), D("0.026"), 360, method)  # type: ignore[arg-type]
    amount = min(amount, loan.rows[period - 1].balance)
    p = prepay(loan, period, amount, mode)  # type: ignore[arg-type]
    assert p.after.total_principal == D(600000)
    assert p.after.rows[-1].balance == 0
    assert p.interest_saved >= 0
    assert p.after.term_months <= 360
