"""The 1 January repricing of existing HPF loans."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from anju.domain.errors import InputError
from anju.domain.planner.amortisation import amortise, instalment
from anju.domain.planner.repricing import (
    RateStep,
    first_period_on_or_after,
    rate_on,
    reprice,
    repricing_changes,
)

D = Decimal
# First home, over 5 years (the pack's rate.hpf.first.over5y).
HISTORY = (RateStep(date(2015, 8, 26), D("0.0325")), RateStep(date(2022, 10, 1), D("0.031")),
           RateStep(date(2024, 5, 18), D("0.0285")), RateStep(date(2025, 5, 8), D("0.026")))


def test_a_loan_before_a_cut_moves_on_the_next_first_of_january() -> None:
    r = reprice(D(600000), date(2024, 3, 15), 360, "equal_instalment", HISTORY,
                on=date(2026, 12, 1))
    assert [(c.due, c.old_rate, c.new_rate) for c in r.changes] == [
        (date(2025, 1, 15), D("0.031"), D("0.0285")),
        (date(2026, 1, 15), D("0.0285"), D("0.026")),
    ]
    first = r.changes[0]
    assert first.period == 10
    balance = r.schedule.rows[first.period - 2].balance
    assert first.payment_after == instalment(balance, D("0.0285"), 360 - 9)
    assert first.payment_after < first.payment_before
    assert r.current_rate == D("0.026") and r.next_change is None
    assert r.interest_difference > 0
    assert r.schedule.total_principal == D(600000)


def test_a_loan_after_a_cut_keeps_its_rate_that_year() -> None:
    # Issued 2024-06-01 at the new 2.85%: nothing on 2025-01-01, the 2025-05-08 cut on 2026-01-01.
    changes = repricing_changes(date(2024, 6, 1), 360, D("0.0285"), HISTORY)
    assert len(changes) == 1
    assert changes[0].rate == D("0.026")
    assert changes[0].period == first_period_on_or_after(date(2024, 6, 1), date(2026, 1, 1)) == 19


def test_next_change_is_announced_before_it_happens() -> None:
    r = reprice(D(600000), date(2025, 3, 10), 240, "equal_principal", HISTORY,
                on=date(2025, 8, 1))
    assert r.current_rate == D("0.0285")
    assert r.next_change is not None
    assert (r.next_change.due, r.next_change.new_rate) == (date(2026, 1, 10), D("0.026"))


def test_loans_of_a_year_or_less_keep_the_contract_rate() -> None:
    assert repricing_changes(date(2024, 3, 15), 12, D("0.0275"), HISTORY) == ()


def test_a_cut_between_disbursement_and_year_end_applies_from_the_first_instalment() -> None:
    history = (RateStep(date(2020, 1, 1), D("0.031")), RateStep(date(2024, 12, 20), D("0.0285")))
    r = reprice(D(100000), date(2024, 12, 15), 120, "equal_instalment", history,
                on=date(2024, 12, 31))
    assert [c.period for c in r.changes] == [1]
    assert r.changes[0].old_rate == D("0.031") and r.changes[0].new_rate == D("0.0285")
    assert r.changes[0].payment_before == amortise(D(100000), D("0.031"), 120).first_payment


def test_a_contract_rate_off_the_table_stays_until_the_table_changes() -> None:
    r = reprice(D(300000), date(2023, 1, 10), 240, "equal_instalment", HISTORY,
                on=date(2023, 6, 1), contract_rate=D("0.035"))
    assert r.schedule.rows[0].rate == D("0.035")
    # No change in 2023, so none on 2024-01-01; the 2024-05-18 cut applies from 2025.
    assert [(c.due, c.new_rate) for c in r.changes] == [
        (date(2025, 1, 10), D("0.0285")), (date(2026, 1, 10), D("0.026"))]


def test_no_rate_in_force_is_an_input_error() -> None:
    with pytest.raises(InputError, match="没有2010-01-01时适用的贷款利率"):
        reprice(D(1000), date(2010, 1, 1), 60, "equal_instalment", HISTORY, on=date(2011, 1, 1))


def test_rate_on() -> None:
    assert rate_on(HISTORY, date(2024, 5, 17)) == D("0.031")
    assert rate_on(HISTORY, date(2024, 5, 18)) == D("0.0285")
    assert rate_on(HISTORY, date(2000, 1, 1)) is None


@pytest.mark.parametrize(("start", "day", "period"), [
    (date(2024, 3, 15), date(2025, 1, 1), 10),
    (date(2024, 1, 31), date(2024, 3, 1), 2),   # due 2024-02-29, then 2024-03-31
    (date(2024, 12, 1), date(2025, 1, 1), 1),
    (date(2024, 12, 2), date(2025, 1, 1), 1),
])
def test_first_period_on_or_after(start: date, day: date, period: int) -> None:
    assert first_period_on_or_after(start, day) == period
