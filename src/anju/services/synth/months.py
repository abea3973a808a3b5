"""Vectorised calendar arithmetic: months as integers, dates as ``datetime64[D]``.

A month is counted from 1970-01 (0), so month arithmetic is integer arithmetic and
``m.astype("datetime64[M]")`` gives the calendar month back.
"""

from __future__ import annotations

from datetime import date

import numpy as np
from numpy.typing import NDArray

Ints = NDArray[np.int64]
Days = NDArray[np.datetime64]


def month_of(day: date) -> int:
    """The month number of a date (1970-01 is 0).

    >>> month_of(date(1970, 1, 31)), month_of(date(2026, 7, 1))
    (0, 678)
    """
    return (day.year - 1970) * 12 + day.month - 1


def months_of(days: Days) -> Ints:
    """Month numbers of dates."""
    return days.astype("datetime64[M]").astype(np.int64)


def years_of(months: Ints) -> Ints:
    """Calendar years of month numbers."""
    return months // 12 + 1970


def first_day(months: Ints) -> Days:
    """The first day of each month."""
    return months.astype("datetime64[M]").astype("datetime64[D]")


def day_in_month(months: Ints, day: Ints) -> Days:
    """Day ``day`` (1-based) of each month, clamped to the month's length."""
    start = first_day(months)
    length = (first_day(months + 1) - start).astype(np.int64)
    result: Days = start + (np.minimum(day, length) - 1).astype("timedelta64[D]")
    return result


def add_months(days: Days, months: Ints) -> Days:
    """Dates moved by whole months, the day clamped to the target month's length."""
    day_of_month = (days - first_day(months_of(days))).astype(np.int64) + 1
    return day_in_month(months_of(days) + months, day_of_month)


def random_day(rng: np.random.Generator, months: Ints) -> Days:
    """A random day within each month."""
    return day_in_month(months, rng.integers(1, 29, size=months.shape))
