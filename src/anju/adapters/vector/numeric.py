"""Exact numbers in Polars: fixed-scale decimals, floors and the loan present value.

The per-person engine computes money with :class:`decimal.Decimal`; the population evaluator
must give *identical* amounts. Polars decimals are fixed-point (an integer and a scale), which
is exact for ``+ - *`` as long as each operation is done at a scale that holds the exact
result — Polars rounds a product to the larger operand scale, so products are computed after
casting both sides to the sum of their scales. Floors are integer floor divisions. The present
value (``pv``) is computed in float64 and its floor is then checked: only a value within a
hair of a whole yuan could floor differently from the Decimal computation, and those rows
(a handful in a million) are recomputed with the very same Decimal function.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

import numpy as np
import polars as pl

from anju.domain.errors import PolicyPackError, Problem
from anju.domain.policy import types as t
from anju.domain.policy.finance import present_value

MAX_SCALE = 18
"""Largest decimal scale the vector path uses: 38 digits leave 20 for the integer part."""


class NotVectorisable(PolicyPackError):
    """A pack expression the population evaluator cannot compute exactly (never a fallback)."""

    def __init__(self, source: str, why: str) -> None:
        super().__init__(f"表达式无法在批量（向量化）评估中精确计算：{why}",
                         [Problem(path=source, message=why)])


@dataclass(frozen=True, slots=True)
class Typed:
    """A compiled Polars expression with its policy type and, for decimals, its scale."""

    expr: pl.Expr
    kind: str
    scale: int = 0

    @property
    def numeric(self) -> bool:
        return self.kind in t.NUMERIC

    @property
    def is_decimal(self) -> bool:
        return self.kind in (t.MONEY, t.DECIMAL)


def decimal_scale(value: Decimal) -> int:
    """Digits after the point needed to hold ``value`` exactly.

    >>> decimal_scale(Decimal("0.03025")), decimal_scale(Decimal("700000")), decimal_scale(Decimal("1E+2"))
    (5, 0, 0)
    """
    exponent = value.as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


def dtype(kind: str, scale: int = 0) -> pl.DataType:
    """The Polars type that holds values of a policy type."""
    if kind == t.BOOL:
        return pl.Boolean()
    if kind == t.INT:
        return pl.Int64()
    if kind in (t.MONEY, t.DECIMAL):
        return pl.Decimal(38, scale)
    if kind == t.STR:
        return pl.String()
    if kind == t.DATE:
        return pl.Date()
    return pl.List(pl.String())


def at_scale(value: Typed, scale: int, source: str) -> pl.Expr:
    """``value`` as a decimal of ``scale`` (never lower than its own: that would round)."""
    if scale > MAX_SCALE:
        raise NotVectorisable(source, f"小数位数{scale}超过{MAX_SCALE}位")
    if value.kind == t.INT or (value.is_decimal and value.scale != scale):
        return value.expr.cast(pl.Decimal(38, scale))
    return value.expr


def common(values: list[Typed], source: str) -> tuple[list[pl.Expr], str, int]:
    """Numeric values brought to one type: int stays int, else decimals at the largest scale."""
    kind = t.INT
    for v in values:
        kind = t.arithmetic_result(kind, v.kind)
    if kind == t.INT:
        return [v.expr for v in values], kind, 0
    scale = max(v.scale for v in values)
    return [at_scale(v, scale, source) for v in values], kind, scale


def integer_units(value: Typed, scale: int, source: str) -> pl.Expr:
    """The exact integer ``value × 10**scale`` (Int64), for floor divisions."""
    if value.kind == t.INT:
        scaled: pl.Expr = value.expr * (10 ** scale)
        return scaled
    # a decimal of that scale is stored as exactly that integer
    return at_scale(value, scale, source).to_physical().cast(pl.Int64)


def from_units(units: pl.Expr, scale: int) -> pl.Expr:
    """Integer units of ``10**-scale`` back to a decimal of that scale."""
    whole = units.cast(pl.Decimal(38, 0))
    if not scale:
        return whole
    # A whole number times the step is exact at the step's scale with nothing to rescale: a
    # quarter of the time of casting to the step's scale first (which multiplies by 10**scale,
    # then the product divides it out again).
    return whole * pl.lit(Decimal(1).scaleb(-scale), pl.Decimal(38, scale))


def floor_to(value: Typed, unit: Typed, source: str) -> Typed:
    """``floor(value / unit) * unit`` exactly, as the per-person ``floor()`` computes it."""
    if value.kind == t.INT and unit.kind == t.INT:
        return Typed((value.expr // unit.expr) * unit.expr, t.INT)
    scale = max(value.scale, unit.scale)
    v, u = integer_units(value, scale, source), integer_units(unit, scale, source)
    kind = value.kind if value.is_decimal else t.DECIMAL
    return Typed(from_units((v // u) * u, scale), kind, scale)


def round_down(value: Typed, rounding: str, source: str) -> Typed:
    """An amount limit rounded down to fen, yuan, hundred or thousand (``amounts.round_down``),
    at the unit's scale (2 for fen, else 0), as the per-person result is: a whole number of
    units needs no more digits, and an amount's smallest limit is then taken at that scale."""
    unit = {"fen": Decimal("0.01"), "yuan": Decimal(1), "hundred": Decimal(100),
            "thousand": Decimal(1000)}[rounding]
    scale = decimal_scale(unit)
    if unit <= 1 and (value.scale <= scale or value.kind == t.INT):
        return value  # already a whole number of units: flooring changes nothing
    units = integer_units(value, value.scale, source)  # here value.scale >= scale
    per_unit, whole = int(unit.scaleb(value.scale)), int(unit.scaleb(scale))
    kind = value.kind if value.is_decimal else t.DECIMAL
    return Typed(from_units((units // per_unit) * whole, scale), kind, scale)


def present_value_expr(payment: Typed, rate: Typed, months: Typed, source: str) -> Typed:
    """``pv(payment, annual_rate, months)`` floored to the yuan, identical to the Decimal one."""
    if months.kind != t.INT:
        raise NotVectorisable(source, "pv() 的期数应为整数")
    def decimal(value: Typed) -> pl.Expr:
        return value.expr.cast(pl.Decimal(38, value.scale))

    fields = pl.struct(pay=decimal(payment), rate=decimal(rate), months=months.expr)
    # row by row (elementwise): the streaming engine may call it on each batch as it comes
    # instead of gathering the whole column first (a tenth of the main pass)
    return Typed(fields.map_batches(_present_values, return_dtype=pl.Decimal(38, 0), is_elementwise=True),
                 t.MONEY, 0)


def _present_values(batch: pl.Series) -> pl.Series:
    pay_s, rate_s, months_s = (batch.struct.field(name) for name in ("pay", "rate", "months"))
    pay = pay_s.cast(pl.Float64).to_numpy()
    rate = rate_s.cast(pl.Float64).to_numpy() / 12
    months = months_s.fill_null(0).to_numpy().astype(np.float64)
    known = (pay_s.is_not_null() & rate_s.is_not_null() & months_s.is_not_null()).to_numpy()
    with np.errstate(all="ignore"):
        growth = -np.expm1(-months * np.log1p(rate))
        value = np.where(rate == 0, pay * months, pay * growth / np.where(rate == 0, 1, rate))
    nothing = (pay <= 0) | (months <= 0)  # exactly 0, as the Decimal computation says
    value = np.where(nothing, 0.0, value)
    floored = np.floor(value)
    # A float within this distance of a whole yuan might floor differently from the Decimal
    # computation (its error is ~1e-15 relative); those rows are recomputed exactly.
    tolerance = 1e-6 + np.abs(value) * 1e-11
    doubtful = known & ~nothing & (((value - floored) < tolerance) | ((floored + 1 - value) < tolerance))
    result = pl.Series(np.where(known, floored, 0).astype(np.int64)).cast(pl.Decimal(38, 0))
    rows = np.flatnonzero(doubtful)
    if rows.size:
        exact = [present_value(p, r, m) for p, r, m in zip(pay_s.gather(rows).to_list(),
                                                           rate_s.gather(rows).to_list(),
                                                           months_s.gather(rows).to_list(),
                                                           strict=True)]
        result = result.scatter(rows, pl.Series(exact, dtype=pl.Decimal(38, 0)))
    return pl.select(pl.when(pl.Series(known)).then(result)).to_series()
