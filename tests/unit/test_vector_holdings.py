"""A household's homes and loans summed up by the compiled pass (:mod:`anju.adapters.vector.holdings`).

The parity tests compare whole synthetic cities with the per-person engine; these cases are
the corners spelled out: a joint home recorded under both spouses with its address spaced
differently, a joint loan listed under both borrowers, two records with the same loan key, the
cut at the records' date, an unknown commercial part, and applicants with nothing recorded.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import numpy as np
import polars as pl
import pytest

from anju.adapters.vector import holdings
from anju.domain.errors import InputError

ON = date(2026, 11, 27)
NOBODY = holdings.NO_ONE
# applicants 1, 3 and 5; 2 is 1's spouse, 3 has no spouse, 5's spouse 6 has records of 5's
ME = np.array([1, 3, 5], dtype=np.int64)
SPOUSE = np.array([2, NOBODY, 6], dtype=np.int64)

HOMES = pl.DataFrame({
    "id": [10, 11, 12, 13, 14],
    "depositor_id": [1, 2, 2, 3, 6],
    "in_city": [True, True, False, True, True],
    "acquired_on": [date(2010, 1, 1), date(2010, 1, 1), None, date(2027, 1, 1), None],
    "area": [Decimal("90.50"), Decimal("90.50"), Decimal("60.00"), Decimal("120.00"), None],
    "address": ["焦作市 解放区\u3000人民路1号", " 焦作市 解放区 人民路1号 ", "", "焦作市山阳区", None],
}, schema_overrides={"area": pl.Decimal(8, 2)})

LOANS = pl.DataFrame({
    "id": [20, 21, 22, 23, 24, 25],
    "depositor_id": [1, 1, 1, 3, 5, 6],
    "co_borrower_id": [2, None, None, None, None, None],
    "kind": ["hpf", "commercial", "commercial", "hpf", "combination", "hpf"],
    "status": ["outstanding", "outstanding", "outstanding", "repaid", "overdue", "outstanding"],
    "principal": [Decimal("300000.00"), Decimal("100000.00"), Decimal("100000.00"),
                  Decimal("200000.00"), Decimal("500000.00"), None],
    "balance": [Decimal("250000.00"), Decimal("80000.00"), Decimal("70000.00"), Decimal("0.00"),
                Decimal("400000.00"), Decimal("1000.00")],
    "monthly_payment": [Decimal("1500.00"), Decimal("900.00"), Decimal("800.00"), None,
                        Decimal("3000.00"), Decimal("100.00")],
    "start": [date(2015, 1, 1), date(2016, 1, 1), date(2016, 1, 1), date(2005, 1, 1),
              date(2020, 1, 1), date(2026, 12, 1)],
    "repaid_on": [None, None, None, date(2026, 12, 31), None, None],
    "commercial_balance": [None, None, None, None, None, None],
    "commercial_payment": [None, None, None, None, Decimal("1000.00"), None],
}, schema_overrides={c: pl.Decimal(14, 2) for c in (
    "principal", "balance", "monthly_payment", "commercial_balance", "commercial_payment")})


def test_homes_count_a_joint_home_once_and_take_the_first_area_in_the_city() -> None:
    found = holdings.homes(ME, SPOUSE, HOMES, ON).to_dicts()
    # 1 and 2 record the same home (spaces aside) and 2 a home elsewhere with no address
    assert found[0] == {"homes_in_city": 1, "home_area": Decimal("90.50")}
    # 3's only home was acquired after the records' date: nothing listed
    assert found[1] == {"homes_in_city": None, "home_area": None}
    # 6's home, acquired on an unknown day, counts; its area is unknown
    assert found[2] == {"homes_in_city": 1, "home_area": None}


def test_loans_count_a_joint_loan_once_and_cut_at_the_records_date() -> None:
    found = holdings.loans(ME, SPOUSE, LOANS, ON).to_dicts()
    first = found[0]
    # the joint HPF loan is under 1 and (as co-borrower) under 2: counted once; 21 and 22
    # share their key (commercial, 2016-01-01, 100000): the first listed (21) is kept
    assert first["hpf_loans_used"] == 1
    assert first["hpf_loan_outstanding"] and first["commercial_loan_outstanding"]
    assert first["hpf_loan_balance"] == Decimal("250000.00")
    assert first["commercial_loan_balance"] == Decimal("80000.00")
    assert first["commercial_loan_payment"] == Decimal("900.00")
    # 3's loan was repaid after the records' date: still running then, balance unknown
    second = found[1]
    assert second["hpf_loans_used"] == 1 and second["hpf_loan_outstanding"]
    assert not second["hpf_loan_repaid"]
    assert second["hpf_loan_balance"] is None and second["hpf_loan_payment"] is None
    # 5's combination loan has no commercial balance recorded: both balances are unknown, the
    # payments split; 6's loan starts after the records' date and is left out
    third = found[2]
    assert third["hpf_loans_used"] == 1 and third["hpf_loan_overdue"]
    assert third["hpf_loan_balance"] is None and third["commercial_loan_balance"] is None
    assert third["hpf_loan_payment"] == Decimal("2000.00")
    assert third["commercial_loan_payment"] == Decimal("1000.00")


def test_an_applicant_without_loans_has_every_loan_column_unknown() -> None:
    found = holdings.loans(np.array([7], dtype=np.int64), np.array([NOBODY]), LOANS, ON).row(0)
    assert set(found) == {None}


def test_sparse_record_numbers_give_the_same_answer() -> None:
    # record numbers far apart are searched instead of tabled: the same numbers come out
    far = 10 ** 12
    shifted = LOANS.with_columns(pl.col("depositor_id") + far, pl.col("co_borrower_id") + far)
    assert holdings.loans(ME + far, np.where(SPOUSE == NOBODY, NOBODY, SPOUSE + far), shifted, ON).equals(
        holdings.loans(ME, SPOUSE, LOANS, ON))


def test_a_record_without_its_owner_is_refused_in_chinese() -> None:
    broken = HOMES.with_columns(pl.when(pl.col("id") == 11).then(None).otherwise("depositor_id").alias(
        "depositor_id"))
    with pytest.raises(InputError, match="房产记录"):
        holdings.homes(ME, SPOUSE, broken, ON)


def test_records_whose_values_share_a_hash_are_told_apart_by_their_values(
        monkeypatch: pytest.MonkeyPatch) -> None:
    # 1 has a second home at another address, and 22 is a loan of its own (another principal)
    homes = pl.concat([HOMES, pl.DataFrame({
        "id": [15], "depositor_id": [1], "in_city": [True], "acquired_on": [date(2011, 1, 1)],
        "area": [Decimal("70.00")], "address": ["焦作市山阳区人民路9号"]}, schema=HOMES.schema)])
    loans = LOANS.with_columns(principal=pl.when(pl.col("id") == 22).then(pl.lit(Decimal("90000.00")))
                               .otherwise(pl.col("principal")))
    expected = holdings.homes(ME, SPOUSE, homes, ON), holdings.loans(ME, SPOUSE, loans, ON)
    assert expected[0]["homes_in_city"][0] == 2 and expected[1]["commercial_loan_balance"][0] == Decimal("150000.00")
    # every value hashed alike: the kernels take different records for one, the check sees it
    monkeypatch.setattr(holdings, "_codes", lambda values: np.zeros(values.len(), dtype=np.int64))
    assert holdings.homes(ME, SPOUSE, homes, ON).equals(expected[0])
    assert holdings.loans(ME, SPOUSE, loans, ON).equals(expected[1])
