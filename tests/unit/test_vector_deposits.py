"""Deposit spells summarised column-wise give exactly ``deposits.summarise``'s months.

Hypothesis draws accounts with arbitrary spells — overlapping, out of order, arrears later
back-paid, gaps — and asks for the continuous, arrears and total months on the records' date and
on later days (with and without projection, with an opening date near the records' date).
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from anju.adapters.db.tables import DEPOSIT_STATUSES
from anju.adapters.vector import deposits
from anju.adapters.vector.dates import month_index
from anju.domain.errors import InputError
from anju.domain.members.deposits import summarise
from anju.domain.scenario import DepositMonth

RECORDS = date(2026, 11, 27)
M0 = RECORDS.year * 12 + RECORDS.month - 1

SPELL = st.tuples(st.integers(M0 - 40, M0 + 2), st.integers(0, 14),
                  st.sampled_from(["paid", "paid", "back_paid", "arrears"]))
ACCOUNT = st.tuples(st.lists(SPELL, max_size=6), st.booleans(),
                    st.one_of(st.none(), st.integers(M0 - 3, M0 + 1)))


def _day(index: int) -> date:
    return date(index // 12, index % 12 + 1, 1)


def _history(spells: list[tuple[int, int, str]]) -> list[DepositMonth]:
    """As the repository expands spells: months up to the records' month."""
    months = []
    for first, length, status in spells:
        if _day(first) > RECORDS:
            continue
        for index in range(first, min(first + length, M0) + 1):
            months.append(DepositMonth(f"{index // 12:04d}-{index % 12 + 1:02d}", status))
    return months


def _disjoint(spells: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """The same spells laid end to end (with the drawn lengths as gaps): the usual shape."""
    gaps = [first % 3 for first, _, _ in spells]  # 0: adjacent to the previous spell
    span = sum(g + length % 6 + 1 for g, (_, length, _) in zip(gaps, spells, strict=True))
    month = M0 - span + (spells[0][0] % 4 if spells else 0)  # end near the records' month
    laid = []
    for gap, (_, length, status) in zip(gaps, spells, strict=True):
        month += gap
        laid.append((month, length % 6, status))
        month += length % 6 + 1
    return laid


@settings(max_examples=80, deadline=None)
@given(st.lists(ACCOUNT, min_size=1, max_size=12), st.sampled_from([0, 3, 20, 31, 45, 400]),
       st.booleans(), st.booleans())
def test_spells_give_the_per_person_months(accounts: list[Any], later: int, laid: bool, coded: bool) -> None:
    if laid:
        accounts = [(_disjoint(spells), c, o) for spells, c, o in accounts]
    rows = [(i + 1, _day(first), _day(first + length), status)
            for i, (spells, _, _) in enumerate(accounts) for first, length, status in spells]
    spells = pl.DataFrame(rows, schema={"account_id": pl.Int64, "first_month": pl.Date,
                                        "last_month": pl.Date, "status": pl.String}, orient="row")
    if coded:  # as a Parquet extract stores it (``parquet_city.VOCABULARIES``)
        spells = spells.with_columns(pl.col("status").cast(pl.Enum(DEPOSIT_STATUSES)))
    summary = deposits.summarise(spells, M0)
    day = RECORDS + timedelta(days=later)
    base = pl.DataFrame({
        "account_id": list(range(1, len(accounts) + 1)),
        "continuing": [c for _, c, _ in accounts],
        "opened": [o for _, _, o in accounts],
    }, schema={"account_id": pl.Int64, "continuing": pl.Boolean, "opened": pl.Int64}).join(
        summary, on="account_id", how="left").with_columns(
        [pl.col(c).fill_null(False) for c in ("p0", "p1", "a0", "a1")]
        + [pl.col(c).fill_null(0) for c in ("run0", "run1", "paid", "arrears")])
    continuous, arrears, total = deposits.months_on(
        month_index(pl.lit(day)), pl.lit(day > RECORDS), pl.col("continuing"), pl.col("opened"), M0)
    got = base.select(c=continuous, a=arrears, t=total).rows()
    for (spells_of, continuing, opened), values in zip(accounts, got, strict=True):
        want = summarise(_history(spells_of), day, recorded_through=RECORDS, continuing=continuing,
                         opened_on=None if opened is None else _day(opened))
        assert values == (want.continuous_months, want.arrears_months, want.total_months), (
            spells_of, continuing, opened, day)


def test_spells_in_any_row_order_give_the_same_summary() -> None:
    # The compiled pass reads each account's spells together, in order of first month; rows
    # listed otherwise are sorted first, so the order of the rows changes nothing.
    rows = [(2, _day(M0 - 5), _day(M0), "paid"), (1, _day(M0 - 3), _day(M0 - 1), "arrears"),
            (1, _day(M0 - 9), _day(M0 - 4), "paid"), (2, _day(M0 - 12), _day(M0 - 6), "paid"),
            (1, _day(M0 - 2), _day(M0 - 2), "back_paid"), (3, _day(M0 + 1), _day(M0 + 2), "paid")]
    schema = {"account_id": pl.Int64, "first_month": pl.Date, "last_month": pl.Date, "status": pl.String}
    listed = pl.DataFrame(rows, schema=schema, orient="row")
    ordered = listed.sort("account_id", "first_month")
    summary = deposits.summarise(listed, M0)
    assert summary.equals(deposits.summarise(ordered, M0))
    assert summary["account_id"].to_list() == [1, 2]  # account 3 begins after the records' month
    assert summary.row(0, named=True) == {"account_id": 1, "p0": False, "p1": False, "a0": False,
                                          "a1": True, "run0": 0, "run1": 0, "paid": 7, "arrears": 2}
    assert summary.row(1, named=True)["run0"] == 13


def test_a_spell_without_its_months_is_refused_in_chinese() -> None:
    spells = pl.DataFrame({"account_id": [1], "first_month": [_day(M0)], "last_month": [None],
                           "status": ["paid"]}, schema={"account_id": pl.Int64, "first_month": pl.Date,
                                                        "last_month": pl.Date, "status": pl.String})
    with pytest.raises(InputError, match="缴存明细"):
        deposits.summarise(spells, M0)
