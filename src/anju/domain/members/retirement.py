"""Statutory retirement age (法定退休年龄) under the 2024 reform.

The NPC Standing Committee decision of September 2024 (全国人民代表大会常务委员会关于实施渐进式
延迟法定退休年龄的决定, in force 2025-01-01) raises the age month by month of birth:

=============  ========  ==============  ==================  ===========
category       original  first affected  +1 month for every  cap
=============  ========  ==============  ==================  ===========
male           60 years  born 1965-01    4 months of birth   +36 (63)
female_cadre   55 years  born 1970-01    4 months of birth   +36 (58)
female_worker  50 years  born 1975-01    2 months of birth   +60 (55)
=============  ========  ==============  ==================  ===========

So ``extra months = floor(months since the first affected month / step) + 1``, capped. With the
required contribution years a person may retire flexibly up to 36 months before the new date,
never before the original age (弹性提前退休).

>>> r = statutory_retirement(date(1966, 5, 12), "male")
>>> r.date, format_age(r.age_months)
(datetime.date(2026, 10, 12), '60岁5个月')
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass
from datetime import date

from anju.domain.calendar import add_months
from anju.domain.errors import InputError

FLEXIBLE_MONTHS = 36
"""Flexible early retirement: at most this many months before the new statutory date."""


@dataclass(frozen=True, slots=True)
class Schedule:
    original_months: int
    first_year: int
    first_month: int
    step: int
    cap: int


SCHEDULES: dict[str, Schedule] = {
    "male": Schedule(60 * 12, 1965, 1, 4, 36),
    "female_cadre": Schedule(55 * 12, 1970, 1, 4, 36),
    "female_worker": Schedule(50 * 12, 1975, 1, 2, 60),
}

_CATEGORY_NAMES = {"male": "男职工", "female_cadre": "女干部", "female_worker": "女工人"}


@dataclass(frozen=True, slots=True)
class Retirement:
    """A person's statutory retirement under the 2024 reform."""

    category: str
    """male · female_cadre · female_worker."""
    original_age_months: int
    """Age before the reform, in months (720, 660 or 600)."""
    age_months: int
    """New statutory age in months (original + extra)."""
    extra_months: int
    """Months added by the reform (0 for people born before the first affected month)."""
    date: date
    """Statutory retirement date: birth date plus the new age (day clamped to month end)."""
    earliest_flexible_date: _dt.date
    """Earliest flexible early-retirement date: 36 months earlier, never before the original age."""
    original_date: _dt.date
    """The date the person would have retired before the reform."""


def statutory_retirement(birth: date, category: str) -> Retirement:
    """The statutory retirement age and date for a birth date and retirement category.

    >>> [format_age(statutory_retirement(date(y, m, 1), "male").age_months)
    ...  for y, m in [(1964, 12), (1965, 1), (1965, 4), (1965, 5), (1976, 9), (1980, 1)]]
    ['60岁', '60岁1个月', '60岁1个月', '60岁2个月', '63岁', '63岁']
    >>> statutory_retirement(date(1965, 1, 31), "male").date
    datetime.date(2025, 2, 28)
    >>> statutory_retirement(date(1975, 3, 8), "female_worker").age_months - 600
    2
    >>> statutory_retirement(date(1980, 1, 1), "female")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    anju.domain.errors.InputError: 退休类别应为 male（男职工）、...实际为“female”
    """
    schedule = SCHEDULES.get(category)
    if schedule is None:
        raise InputError(
            "退休类别应为 male（男职工）、female_cadre（女干部）或 female_worker（女工人），"
            f"实际为“{category}”"
        )
    since = (birth.year - schedule.first_year) * 12 + (birth.month - schedule.first_month)
    extra = 0 if since < 0 else min(since // schedule.step + 1, schedule.cap)
    age = schedule.original_months + extra
    statutory = add_months(birth, age)
    original = add_months(birth, schedule.original_months)
    return Retirement(
        category=category,
        original_age_months=schedule.original_months,
        age_months=age,
        extra_months=extra,
        date=statutory,
        earliest_flexible_date=max(original, add_months(birth, age - FLEXIBLE_MONTHS)),
        original_date=original,
    )


def category_for(sex: str | None, given: str | None) -> str | None:
    """The retirement category to use: the one given, else derived from sex where possible.

    A given category wins (it is what the employer's records say). A man is always ``male``.
    A woman's category depends on her post (cadre 55 or worker 50), which the sex does not
    tell, so without a given category it is unknown (``None``) and must be asked.

    >>> category_for("male", None), category_for("female", None), category_for(None, None)
    ('male', None, None)
    >>> category_for("female", "female_worker")
    'female_worker'
    """
    if given is not None:
        if given not in SCHEDULES:
            raise InputError(
                "退休类别应为 male（男职工）、female_cadre（女干部）或 female_worker（女工人），"
                f"实际为“{given}”"
            )
        return given
    return "male" if sex == "male" else None


def category_name(category: str) -> str:
    """The Chinese name of a retirement category.

    >>> category_name("female_cadre")
    '女干部'
    """
    return _CATEGORY_NAMES.get(category, category)


def format_age(months: int) -> str:
    """An age in months as Chinese text.

    >>> format_age(725), format_age(660)
    ('60岁5个月', '55岁')
    """
    years, rest = divmod(months, 12)
    return f"{years}岁{rest}个月" if rest else f"{years}岁"
