"""Deadlines in working days (工作日): 办结时限, 容缺 deadlines, reminders, 差评 rectification.

Time limits are counted in working days from the day after acceptance, as the Administrative
Licensing Law counts them (《行政许可法》第八十二条: 期限以工作日计算，不含法定节假日); the
holiday calendar with its 调休 make-up days comes in as a :class:`WorkCalendar`.
"""

from __future__ import annotations

from datetime import date, timedelta

from anju.domain.calendar import WorkCalendar, add_workdays


def due_date(calendar: WorkCalendar, start: date, workdays: int | None) -> date | None:
    """The last day of a limit of ``workdays`` working days from ``start`` (None: no limit)."""
    if workdays is None:
        return None
    return add_workdays(calendar, start, workdays)


def workdays_between(calendar: WorkCalendar, start: date, end: date) -> int:
    """Working days after ``start`` up to and including ``end`` (negative when ``end`` is earlier).

    >>> class Weekdays:
    ...     def is_workday(self, day): return day.weekday() < 5
    >>> workdays_between(Weekdays(), date(2026, 11, 27), date(2026, 12, 1))  # Fri → Tue
    2
    >>> workdays_between(Weekdays(), date(2026, 12, 1), date(2026, 11, 27))
    -2
    """
    if end < start:
        return -workdays_between(calendar, end, start)
    count = 0
    day = start
    while day < end:
        day += timedelta(days=1)
        if calendar.is_workday(day):
            count += 1
    return count


def reminder_due(calendar: WorkCalendar, on: date, deadline: date, remind_days: int) -> bool:
    """Whether a reminder is due on ``on``: at most ``remind_days`` working days before ``deadline``."""
    return on <= deadline and workdays_between(calendar, on, deadline) <= remind_days


def overdue_workdays(calendar: WorkCalendar, due: date, on: date) -> int:
    """Working days past ``due`` on ``on`` (0 when not overdue)."""
    return max(0, workdays_between(calendar, due, on)) if on > due else 0
