"""Statutory retirement age under the 2024 NPC Standing Committee decision."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from anju.domain.errors import InputError
from anju.domain.members.retirement import (
    Retirement,
    category_for,
    category_name,
    format_age,
    statutory_retirement,
)

CATEGORIES = ["male", "female_cadre", "female_worker"]
ORIGINAL = {"male": 720, "female_cadre": 660, "female_worker": 600}
CAP = {"male": 36, "female_cadre": 36, "female_worker": 60}


@pytest.mark.parametrize(
    ("birth", "category", "age", "retires"),
    [
        # Worked examples of the policy-pack reference.
        (date(1965, 1, 15), "male", "60岁1个月", date(2025, 2, 15)),
        (date(1966, 5, 15), "male", "60岁5个月", date(2026, 10, 15)),
        (date(1964, 12, 15), "male", "60岁", date(2024, 12, 15)),
        (date(1980, 6, 15), "male", "63岁", date(2043, 6, 15)),
        (date(1975, 1, 15), "female_worker", "50岁1个月", date(2025, 2, 15)),
        (date(1975, 3, 15), "female_worker", "50岁2个月", date(2025, 5, 15)),
        # Boundaries of the schedule (the decision's annexed tables).
        (date(1965, 4, 1), "male", "60岁1个月", date(2025, 5, 1)),
        (date(1965, 5, 1), "male", "60岁2个月", date(2025, 7, 1)),
        (date(1976, 8, 1), "male", "62岁11个月", date(2039, 7, 1)),
        (date(1976, 9, 1), "male", "63岁", date(2039, 9, 1)),
        (date(1969, 12, 1), "female_cadre", "55岁", date(2024, 12, 1)),
        (date(1970, 1, 1), "female_cadre", "55岁1个月", date(2025, 2, 1)),
        (date(1981, 9, 1), "female_cadre", "58岁", date(2039, 9, 1)),
        (date(1974, 12, 1), "female_worker", "50岁", date(2024, 12, 1)),
        (date(1984, 10, 1), "female_worker", "54岁11个月", date(2039, 9, 1)),
        (date(1984, 11, 1), "female_worker", "55岁", date(2039, 11, 1)),
    ],
)
def test_reference_values(birth: date, category: str, age: str, retires: date) -> None:
    result = statutory_retirement(birth, category)
    assert format_age(result.age_months) == age
    assert result.date == retires


def test_day_is_clamped_to_the_end_of_the_month() -> None:
    # Born 31 January 1965: 60 years 1 month later is February 2025, which has 28 days.
    assert statutory_retirement(date(1965, 1, 31), "male").date == date(2025, 2, 28)
    assert statutory_retirement(date(1980, 2, 29), "male").date == date(2043, 2, 28)


def test_flexible_retirement_reaches_back_36_months_but_not_before_the_original_age() -> None:
    late = statutory_retirement(date(1980, 6, 15), "male")
    assert late.extra_months == 36
    assert late.earliest_flexible_date == date(2040, 6, 15)  # 60 years: both limits agree
    early = statutory_retirement(date(1966, 5, 15), "male")
    assert early.earliest_flexible_date == date(2026, 5, 15)  # the original 60, not 57y5m
    worker = statutory_retirement(date(1990, 3, 2), "female_worker")
    assert worker.age_months == 660
    assert worker.earliest_flexible_date == date(2042, 3, 2)  # 55 − 3 years = 52
    assert worker.original_date == date(2040, 3, 2)


def test_unaffected_birth_dates_keep_the_original_age() -> None:
    result = statutory_retirement(date(1960, 7, 1), "female_cadre")
    assert result == Retirement(
        category="female_cadre",
        original_age_months=660,
        age_months=660,
        extra_months=0,
        date=date(2015, 7, 1),
        earliest_flexible_date=date(2015, 7, 1),
        original_date=date(2015, 7, 1),
    )


def test_unknown_category_is_refused_in_chinese() -> None:
    with pytest.raises(InputError, match="退休类别应为"):
        statutory_retirement(date(1980, 1, 1), "female")


def test_category_for() -> None:
    assert category_for("male", None) == "male"
    assert category_for("female", None) is None
    assert category_for(None, None) is None
    assert category_for("female", "female_cadre") == "female_cadre"
    assert category_for(None, "female_worker") == "female_worker"
    assert category_for("male", "female_cadre") == "female_cadre"  # the record given wins
    with pytest.raises(InputError, match="实际为“cadre”"):
        category_for("female", "cadre")


def test_names() -> None:
    assert [category_name(c) for c in CATEGORIES] == ["男职工", "女干部", "女工人"]


births = st.dates(min_value=date(1940, 1, 1), max_value=date(2010, 12, 31))


@given(births, births, st.sampled_from(CATEGORIES))
def test_age_is_monotone_in_birth_date(a: date, b: date, category: str) -> None:
    early, late = sorted((a, b))
    assert (
        statutory_retirement(early, category).age_months
        <= statutory_retirement(late, category).age_months
    )


@given(births, st.sampled_from(CATEGORIES))
def test_age_stays_between_original_and_cap(birth: date, category: str) -> None:
    result = statutory_retirement(birth, category)
    assert result.original_age_months == ORIGINAL[category]
    assert ORIGINAL[category] <= result.age_months <= ORIGINAL[category] + CAP[category]
    assert result.extra_months == result.age_months - result.original_age_months
    assert result.original_date <= result.earliest_flexible_date <= result.date
    assert result.date > birth
