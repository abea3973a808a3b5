"""Amortisation schedules: check values, bank rounding, rate changes, invariants."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from anju.domain.errors import InputError
from anju.domain.planner.amortisation import (
    FEN,
    RateChange,
    amortise,
    closed_form_total_interest,
    instalment,
    month_interest,
    months_to_repay,
    present_value,
)

D = Decimal
P = D(600000)

# domain-research.md §4.3: ¥600,000 over 360 months.
CHECK_VALUES = [
    # rate, 等额本息 monthly, 等额本息 total interest (formula), 等额本金 first, 等额本金 total (formula)
    ("0.026", "2402.04", "264733.78", "2966.67", "234650.00"),
    ("0.0285", "2481.34", "293283.95", "3091.67", "257212.50"),
    ("0.031", "2562.10", "322355.42", "3216.67", "279775.00"),
    ("0.035", "2694.27", "369936.53", "3416.67", "315875.00"),
]


@pytest.mark.parametrize(("rate", "monthly", "ei_total", "first", "ep_total"), CHECK_VALUES)
def test_check_values(rate: str, monthly: str, ei_total: str, first: str, ep_total: str) -> None:
    ei = amortise(P, D(rate), 360, "equal_instalment")
    ep = amortise(P, D(rate), 360, "equal_principal")
    assert ei.first_payment == D(monthly)
    assert ep.first_payment == D(first)
    assert closed_form_total_interest(P, D(rate), 360, "equal_instalment") == D(ei_total)
    assert closed_form_total_interest(P, D(rate), 360, "equal_principal") == D(ep_total)
    # A printed schedule rounds every row to the fen, so its totals may differ from the
    # textbook formulas, but only by cents.
    assert abs(ei.total_interest - D(ei_total)) < D(1)
    assert abs(ep.total_interest - D(ep_total)) < D(1)


def test_issue_check_values_exactly() -> None:
    """The issue pins these: 2.60% → ¥2,402.04 a month; 等额本金 ¥2,966.67 first, ¥234,650.00."""
    assert amortise(P, D("0.026"), 360).first_payment == D("2402.04")
    ep = amortise(P, D("0.026"), 360, "equal_principal")
    assert ep.first_payment == D("2966.67")
    assert ep.total_interest == D("234650.00")


def test_printed_totals() -> None:
    """Totals of the bank-rounded schedules (regression values, cross-checked below)."""
    ei = amortise(P, D("0.026"), 360)
    # 359 regular instalments plus a last one that takes the remaining principal.
    assert ei.rows[-1].payment != ei.first_payment
    assert ei.total_payment == ei.first_payment * 359 + ei.rows[-1].payment
    assert ei.total_interest == D("264733.47")
    # 2.85%: interest on the ideal balances is exactly half a fen in 60 rows; HALF_UP rounds
    # each up, so the printed total is ¥0.30 above the formula's ¥257,212.50.
    ep = amortise(P, D("0.0285"), 360, "equal_principal")
    assert ep.total_interest == D("257212.80")


def test_every_row_follows_the_bank_rule() -> None:
    for method in ("equal_instalment", "equal_principal"):
        s = amortise(D("453210.77"), D("0.031"), 240, method)  # type: ignore[arg-type]
        balance = s.principal
        for row in s.rows:
            assert row.interest == month_interest(balance, D("0.031"))
            assert row.payment == row.principal + row.interest
            assert row.balance == balance - row.principal
            balance = row.balance
        assert balance == 0
        assert s.total_principal == D("453210.77")


def test_equal_instalment_rows_pay_the_instalment_until_the_last() -> None:
    s = amortise(P, D("0.026"), 360)
    assert {r.payment for r in s.rows[:-1]} == {D("2402.04")}
    assert s.rows[0].interest == D("1300.00")
    assert s.rows[0].principal == D("1102.04")


def test_equal_principal_parts_never_drift() -> None:
    s = amortise(P, D("0.026"), 360, "equal_principal")
    parts = {r.principal for r in s.rows}
    assert parts <= {D("1666.66"), D("1666.67")}
    for k, row in enumerate(s.rows, start=1):
        ideal = P * (360 - k) / 360
        assert abs(row.balance - ideal) <= D("0.005")


def test_rate_change_reamortises_equal_instalment() -> None:
    s = amortise(P, D("0.031"), 360, rate_changes=[RateChange(25, D("0.026"))])
    before = s.rows[23]
    after = s.rows[24]
    assert before.rate == D("0.031") and after.rate == D("0.026")
    assert after.payment == instalment(before.balance, D("0.026"), 336)
    assert after.payment < before.payment
    assert s.total_principal == P


def test_rate_change_keeps_equal_principal_parts() -> None:
    plain = amortise(P, D("0.031"), 360, "equal_principal")
    changed = amortise(P, D("0.031"), 360, "equal_principal",
                       rate_changes=[RateChange(13, D("0.026"))])
    assert [r.principal for r in plain.rows] == [r.principal for r in changed.rows]
    assert changed.rows[12].interest == month_interest(changed.rows[11].balance, D("0.026"))
    assert changed.total_interest < plain.total_interest


def test_zero_rate() -> None:
    s = amortise(D(1000), D(0), 3)
    assert [r.payment for r in s.rows] == [D("333.33"), D("333.33"), D("333.34")]
    assert s.total_interest == 0


def test_due_dates_follow_the_disbursement_day() -> None:
    s = amortise(D(12000), D("0.026"), 3, start=date(2027, 1, 31))
    assert [r.date for r in s.rows] == [date(2027, 2, 28), date(2027, 3, 31), date(2027, 4, 30)]
    assert amortise(D(12000), D("0.026"), 3).rows[0].date is None


def test_continuation_numbering() -> None:
    s = amortise(D(12000), D("0.026"), 3, start=date(2027, 1, 15), first_period=10)
    assert [r.period for r in s.rows] == [10, 11, 12]
    assert s.rows[0].date == date(2027, 11, 15)
    assert s.payment_in(11) == s.rows[1].payment and s.payment_in(13) == 0
    assert s.balance_after(9) == D(12000) and s.balance_after(12) == 0


@pytest.mark.parametrize(("principal", "rate", "months", "fragment"), [
    (D(0), D("0.026"), 12, "贷款金额必须大于0元"),
    (D(1000), D("0.026"), 0, "贷款期限至少为1个月"),
    (D(1000), D("-0.01"), 12, "年利率应在0到1之间"),
    (D(1000), D("2.6"), 12, "年利率应在0到1之间"),
])
def test_bad_terms_are_refused_in_chinese(principal: Decimal, rate: Decimal, months: int,
                                         fragment: str) -> None:
    with pytest.raises(InputError, match=fragment):
        amortise(principal, rate, months)


def test_unknown_method_is_refused() -> None:
    with pytest.raises(InputError, match="还款方式"):
        amortise(P, D("0.026"), 12, "balloon")  # type: ignore[arg-type]


def test_present_value_is_the_inverse_of_the_instalment() -> None:
    # domain-research.md §4.3: ¥4,000 a month at 2.6% over 30 years → about ¥999,151.
    pv = present_value(D(4000), D("0.026"), 360)
    assert pv == D("999151.44")
    assert instalment(pv, D("0.026"), 360) == D(4000)
    assert present_value(D(0), D("0.026"), 360) == 0


def test_months_to_repay_is_the_fewest_months() -> None:
    m = months_to_repay(D(500000), D("0.026"), D("2402.04"))
    assert instalment(D(500000), D("0.026"), m) <= D("2402.04")
    assert instalment(D(500000), D("0.026"), m - 1) > D("2402.04")
    with pytest.raises(InputError, match="不足以支付当月利息"):
        months_to_repay(D(500000), D("0.026"), D("1000"))


money = st.decimals(min_value=D(1000), max_value=D(3000000), places=2)
rates = st.decimals(min_value=D(0), max_value=D("0.08"), places=4)
terms = st.integers(min_value=1, max_value=360)
methods = st.sampled_from(["equal_instalment", "equal_principal"])


@settings(max_examples=150, deadline=None)
@given(money, rates, terms, methods)
def test_principal_sums_exactly_to_the_loan(principal: Decimal, rate: Decimal, months: int,
                                            method: str) -> None:
    s = amortise(principal, rate, months, method)  # type: ignore[arg-type]
    assert s.total_principal == principal
    assert s.rows[-1].balance == 0
    assert s.total_payment == sum(r.payment for r in s.rows)
    assert all(r.principal >= 0 and r.interest >= 0 for r in s.rows)
    assert all(r.payment == r.payment.quantize(FEN) for r in s.rows)
    assert all(a.balance >= b.balance for a, b in zip(s.rows, s.rows[1:], strict=False))


@settings(max_examples=150, deadline=None)
@given(money, rates, st.integers(min_value=1, max_value=359), st.integers(1, 120), methods)
def test_a_longer_term_never_raises_the_monthly_payment(principal: Decimal, rate: Decimal,
                                                        months: int, extra: int,
                                                        method: str) -> None:
    longer = min(months + extra, 360)
    short = amortise(principal, rate, months, method)  # type: ignore[arg-type]
    long = amortise(principal, rate, longer, method)  # type: ignore[arg-type]
    assert long.first_payment <= short.first_payment
    assert long.total_interest >= short.total_interest


@settings(max_examples=100, deadline=None)
@given(st.decimals(min_value=D(100), max_value=D(20000), places=2), rates,
       st.integers(min_value=12, max_value=360))
def test_present_value_never_overshoots_the_payment(payment: Decimal, rate: Decimal,
                                                   months: int) -> None:
    pv = present_value(payment, rate, months)
    assert instalment(pv, rate, months) <= payment
