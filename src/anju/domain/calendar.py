"""Dates: calendar months and working days (工作日).

Working days depend on the official holiday arrangement (with its 调休 make-up workdays), which
only an adapter knows; the domain receives it as a :class:`WorkCalendar`.
"""

from __future__ import annotations

import calendar as _cal
from datetime import date, timedelta
from typing import Protocol


class WorkCalendar(Protocol):
    """Port: tells whether a date is a working day; raises CalendarDataMissing when unknown."""

    def is_workday(self, day: date) -> bool: ...


def add_workdays(cal: WorkCalendar, start: date, days: int) -> date:
    """The date ``days`` working days after ``start`` (``start`` itself not counted).

    >>> class Weekdays:
    ...     def is_workday(self, day): return day.weekday() < 5
    >>> add_workdays(Weekdays(), date(2026, 11, 27), 1)  # a Friday
    datetime.date(2026, 11, 30)
    """
    if days < 0:
        raise ValueError("days must not be negative")
    day = start
    while days:
        day += timedelta(days=1)
        if cal.is_workday(day):
            days -= 1
    return day


def add_months(day: date, months: int) -> date:
    """``day`` moved by whole calendar months, clamped to the month's last day.

    >>> add_months(date(2026, 1, 31), 1)
    datetime.date(2026, 2, 28)
    >>> add_months(date(2026, 3, 15), -15)
    datetime.date(2024, 12, 15)
    """
    index = day.year * 12 + (day.month - 1) + months
    year, month0 = divmod(index, 12)
    last = _cal.monthrange(year, month0 + 1)[1]
    return date(year, month0 + 1, min(day.day, last))


def months_between(earlier: date, later: date) -> int:
    """Whole months from ``earlier`` to ``later`` (negative when reversed).

    >>> months_between(date(2026, 1, 31), date(2026, 2, 27))
    0
    >>> months_between(date(2026, 1, 15), date(2026, 7, 15))
    6
    """
    months = (later.year - earlier.year) * 12 + (later.month - earlier.month)
    if months > 0 and add_months(earlier, months) > later:
        months -= 1
    elif months < 0 and add_months(earlier, months) < later:
        months += 1
    return months


def years_between(earlier: date, later: date) -> int:
    """Whole years of age from ``earlier`` to ``later``.

    >>> years_between(date(1990, 2, 28), date(2026, 2, 27))
    35
    """
    return months_between(earlier, later) // 12
