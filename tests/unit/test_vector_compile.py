"""The Polars compilation of pack expressions computes exactly what the per-person closures do.

Hypothesis draws whole frames of facts, unknowns (None) included; every expression below is
evaluated by both compilers and each row must agree — Kleene logic, chained comparisons,
``in``, conditional expressions with an unknown test, ``min``/``max`` with an unknown argument,
exact decimal arithmetic, ``floor`` and the present value floored to the yuan.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from anju.adapters.vector.compile import compile_polars
from anju.adapters.vector.numeric import NotVectorisable, Typed, dtype, round_down
from anju.domain.members.catalogue import FACTS
from anju.domain.policy import amounts
from anju.domain.policy import types as t
from anju.domain.policy.expr import compile_expr

SOURCES = [
    "balance > 1000 and not fraud_banned",
    "married or spouse_deposits",
    "not (married and spouse_deposits)",
    "continuous_months >= 6 or arrears_months == 0",
    "(balance * 10 if married else balance) >= 50000.5",
    "min(balance, couple_balance) - 0.01 < 100",
    "max(age, 18) * 12 >= age_months",
    "floor(balance, 100) == balance",
    "floor(balance * 1.5, 0.01)",
    "floor(age_months, 12)",
    "pv(balance, 0.031, continuous_months)",
    "pv(couple_balance * 0.5 - balance, 0.0285, 360)",
    "abs(-balance) == balance",
    "known(education) and education in ['master', 'doctor']",
    "marital_status not in ['single']",
    "retirement_date - flexible_retirement_date",
    "0 < age < 60 <= age_months",
    "retirement_date >= date('2030-01-01')",
    "min(retirement_date, flexible_retirement_date)",
    "balance * 0.12 + couple_balance * 0.0001",
    "-balance < 0",
]

MONEY = st.one_of(st.none(), st.decimals(min_value=-1000, max_value=2_000_000, places=2,
                                         allow_nan=False, allow_infinity=False))
DAY = st.one_of(st.none(), st.dates(min_value=date(1990, 1, 1), max_value=date(2060, 12, 31)))
ROW = st.fixed_dictionaries({
    "balance": MONEY, "couple_balance": MONEY,
    "married": st.one_of(st.none(), st.booleans()),
    "spouse_deposits": st.one_of(st.none(), st.booleans()),
    "fraud_banned": st.one_of(st.none(), st.booleans()),
    "continuous_months": st.one_of(st.none(), st.integers(-3, 400)),
    "arrears_months": st.one_of(st.none(), st.integers(0, 12)),
    "age": st.one_of(st.none(), st.integers(0, 100)),
    "age_months": st.one_of(st.none(), st.integers(0, 1200)),
    "education": st.one_of(st.none(), st.sampled_from(["none", "bachelor", "master", "doctor"])),
    "marital_status": st.one_of(st.none(), st.sampled_from(["single", "married", "divorced"])),
    "retirement_date": DAY, "flexible_retirement_date": DAY,
})


class Names:
    """The catalogue's facts (no definitions or parameters needed here)."""

    def fact_type(self, name: str) -> str | None:
        spec = FACTS.get(name)
        return spec.type if spec else None

    def param_type(self, name: str) -> str | None:
        return None

    def choices(self, name: str) -> frozenset[str] | None:
        spec = FACTS.get(name)
        return spec.choices if spec else None


def frame(rows: list[dict[str, Any]]) -> pl.DataFrame:
    columns = {}
    for name in rows[0]:
        kind = FACTS[name].type
        columns[name] = pl.Series(name, [r[name] for r in rows], dtype=dtype(kind, 2))
    return pl.DataFrame(columns)


def resolve_in(table: pl.DataFrame) -> Any:
    def resolve(name: str) -> Typed:
        column = table.schema[name]
        scale = column.scale if isinstance(column, pl.Decimal) else 0
        return Typed(pl.col(name), FACTS[name].type, scale or 0)
    return resolve


@settings(max_examples=60, deadline=None)
@given(st.lists(ROW, min_size=1, max_size=25))
def test_every_row_agrees_with_the_per_person_closure(rows: list[dict[str, Any]]) -> None:
    table = frame(rows)
    for source in SOURCES:
        scalar = compile_expr(source, Names())
        column = table.select(compile_polars(source, resolve_in(table)).expr).to_series().to_list()
        for row, got in zip(rows, column, strict=True):
            want = scalar(row, {})
            if isinstance(want, Decimal) and got is not None:
                got = Decimal(got)
            assert want == got, f"{source} on {row}: per-person {want!r}, vector {got!r}"


def test_present_value_is_floored_exactly_near_whole_yuan() -> None:
    """Payments whose present value lands on (or a hair below) a whole yuan: the float path
    would be unsafe there, so those rows are recomputed exactly."""
    payments = [Decimal("100.00"), Decimal("4000.00"), Decimal("0.01"), Decimal("3333.33")]
    table = pl.DataFrame({"balance": pl.Series(payments, dtype=pl.Decimal(38, 2)),
                          "continuous_months": [12, 360, 1, 240]})
    for rate in ("0", "0.026", "0.0325"):
        source = f"pv(balance, {rate}, continuous_months)"
        got = table.select(compile_polars(source, resolve_in(table)).expr).to_series().to_list()
        scalar = compile_expr(source, Names())
        assert [Decimal(g) for g in got] == [scalar(r, {}) for r in table.iter_rows(named=True)]


@settings(max_examples=80, deadline=None)
@given(st.integers(0, 4), st.lists(st.one_of(st.none(), st.integers(-10**12, 10**12)), min_size=1, max_size=20))
def test_an_amount_limit_is_rounded_down_as_the_per_person_engine_does(
        scale: int, units: list[int | None]) -> None:
    """Every rounding unit, on values of every scale (an integer fact at scale 0 too): the same
    amounts, at the unit's scale (whole yuan: 0, fen: at most 2) however many digits came in."""
    values = [None if u is None else Decimal(u).scaleb(-scale) for u in units]
    table = pl.DataFrame({"x": pl.Series(values, dtype=pl.Decimal(38, scale))})
    integer = table.select(pl.col("x").cast(pl.Int64, strict=False)) if scale == 0 else None
    for rounding, most in (("fen", 2), ("yuan", 0), ("hundred", 0), ("thousand", 0)):
        for frame_, kind in ((table, t.MONEY), (integer, t.INT)):
            if frame_ is None:
                continue
            rounded = round_down(Typed(pl.col("x"), kind, scale), rounding, "x")
            column = frame_.select(rounded.expr).to_series()
            assert rounded.scale <= most and column.dtype in (pl.Int64, pl.Decimal(38, rounded.scale))
            want = [None if v is None else amounts.round_down(v, rounding) for v in values]
            assert [None if g is None else Decimal(g) for g in column.to_list()] == want


def test_division_is_refused_not_approximated() -> None:
    table = frame([{"balance": Decimal("1.00")}])
    with pytest.raises(NotVectorisable, match="除法"):
        compile_polars("balance / 3", resolve_in(table))


def test_an_unknown_condition_takes_neither_branch() -> None:
    table = frame([{"married": None, "balance": Decimal("5.00")}])
    value = table.select(compile_polars("balance if married else 0", resolve_in(table)).expr).item()
    assert value is None
    assert t.MONEY == "money"
