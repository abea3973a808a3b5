"""The monthly deposit column-wise (:func:`anju.adapters.vector.personal._monthly_deposit`) is
``(base * (ratios)).quantize(Decimal("0.01"))``, half-even, exactly as the per-person code."""

from __future__ import annotations

from decimal import Decimal

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from anju.adapters.vector.personal import _monthly_deposit

BASE = st.one_of(st.none(), st.integers(0, 10 ** 10).map(lambda fen: Decimal(fen).scaleb(-2)))
RATIO = st.one_of(st.none(), st.integers(0, 20_000).map(lambda units: Decimal(units).scaleb(-5)))


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(BASE, RATIO, RATIO), min_size=1, max_size=30))
def test_monthly_deposit_rounds_half_even_to_the_fen(rows: list[tuple[Decimal | None, ...]]) -> None:
    frame = pl.DataFrame(rows, schema={"base": pl.Decimal(14, 2), "employee": pl.Decimal(6, 5),
                                       "employer": pl.Decimal(6, 5)}, orient="row")
    found = frame.select(_monthly_deposit(pl.col("base"), pl.col("employee"), pl.col("employer"))).to_series()
    want = [None if None in row else (row[0] * (row[1] + row[2])).quantize(Decimal("0.01"))  # type: ignore[operator]
            for row in rows]
    assert found.to_list() == want


def test_half_a_fen_goes_to_the_even_fen() -> None:
    # 1000.50 × 0.12345 = 123.511725 → 123.51; 100.10 × 0.05 = 5.005 → 5.00; 100.30 × 0.05 = 5.015 → 5.02
    frame = pl.DataFrame({"base": [Decimal("1000.50"), Decimal("100.10"), Decimal("100.30")],
                          "employee": [Decimal("0.06345"), Decimal("0.02500"), Decimal("0.02500")],
                          "employer": [Decimal("0.06000"), Decimal("0.02500"), Decimal("0.02500")]},
                         schema={"base": pl.Decimal(14, 2), "employee": pl.Decimal(6, 5), "employer": pl.Decimal(6, 5)})
    found = frame.select(_monthly_deposit(pl.col("base"), pl.col("employee"), pl.col("employer"))).to_series()
    assert found.to_list() == [Decimal("123.51"), Decimal("5.00"), Decimal("5.02")]
