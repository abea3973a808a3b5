"""Calendar arithmetic as Polars expressions, identical to :mod:`anju.domain.calendar`.

``months_between`` counts whole months with the same clamping rule as the per-person code
(31 January + 1 month is 28/29 February), ``add_months`` clamps the day to the month's end,
and the statutory retirement date follows the 2024 schedule of
:mod:`anju.domain.members.retirement` (its table is read, not copied).
"""

from __future__ import annotations

import polars as pl

from anju.domain.members.retirement import _SCHEDULES, FLEXIBLE_MONTHS


def month_index(day: pl.Expr) -> pl.Expr:
    """``year * 12 + month - 1``: consecutive months differ by one."""
    return day.dt.year().cast(pl.Int64) * 12 + day.dt.month().cast(pl.Int64) - 1


def add_months(day: pl.Expr, months: pl.Expr) -> pl.Expr:
    """``day`` moved by whole months, the day clamped to the target month's last day."""
    index = month_index(day) + months
    year, month = index // 12, index % 12 + 1
    first = pl.date(year, month, 1)
    last = first.dt.month_end().dt.day()
    return pl.date(year, month, pl.min_horizontal(day.dt.day(), last))


def months_between(earlier: pl.Expr, later: pl.Expr) -> pl.Expr:
    """Whole months from ``earlier`` to ``later`` (``calendar.months_between``)."""
    months = month_index(later) - month_index(earlier)
    # add_months(earlier, months) lands in later's month on min(earlier's day, month end).
    landed = pl.min_horizontal(earlier.dt.day(), later.dt.month_end().dt.day())
    day = later.dt.day()
    return (pl.when((months > 0) & (landed > day)).then(months - 1)
            .when((months < 0) & (landed < day)).then(months + 1)
            .otherwise(months))


def years_between(earlier: pl.Expr, later: pl.Expr) -> pl.Expr:
    """Whole years of age (``calendar.years_between``)."""
    return months_between(earlier, later) // 12


def _by_category(category: pl.Expr, field: str) -> pl.Expr:
    chosen: pl.Expr = pl.lit(None, pl.Int64)
    for name, schedule in _SCHEDULES.items():
        chosen = pl.when(category == name).then(pl.lit(getattr(schedule, field), pl.Int64)) \
            .otherwise(chosen)
    return chosen


def retirement(birth: pl.Expr, category: pl.Expr) -> tuple[pl.Expr, pl.Expr]:
    """The statutory and earliest flexible retirement dates (null when either input is)."""
    original = _by_category(category, "original_months")
    since = (birth.dt.year().cast(pl.Int64) - _by_category(category, "first_year")) * 12 + (
        birth.dt.month().cast(pl.Int64) - _by_category(category, "first_month"))
    extra = pl.when(since < 0).then(0).otherwise(
        pl.min_horizontal(since // _by_category(category, "step") + 1,
                          _by_category(category, "cap")))
    age = original + extra
    statutory = add_months(birth, age)
    flexible = pl.max_horizontal(add_months(birth, original),
                                 add_months(birth, age - FLEXIBLE_MONTHS))
    known = birth.is_not_null() & category.is_not_null()
    return (pl.when(known).then(statutory), pl.when(known).then(flexible))
