"""Who lives in the synthetic city: age, sex, place, schooling, retirement, work and marriage.

Columns are plain numpy arrays in a dict (one entry per person), so 1,000,000 people are drawn
in a few vectorised steps. Every probability below is an estimate (docs/data.md, "People").
"""

from __future__ import annotations

from datetime import date
from typing import Any

import numpy as np
from numpy.typing import NDArray

from anju.services.synth import months as mo
from anju.services.synth.names import REGIONS, weights

Columns = dict[str, Any]

AGE_BANDS = ((18, 25, 6), (25, 30, 11), (30, 35, 13), (35, 40, 13), (40, 45, 11), (45, 50, 11),
             (50, 55, 10), (55, 60, 8), (60, 65, 7), (65, 70, 5), (70, 80, 5))  # fmt: skip
"""(from age, to age, weight) of account holders: a working-age bulge plus retirees."""

MALE_SHARE = 0.56
"""Men among account holders (estimate: public-sector and industrial jobs lean male)."""

HUKOU_LOCAL_SHARE = 0.88
"""Account holders with local household registration (estimate)."""

EDUCATION = ("none", "secondary", "bachelor", "master", "doctor")
EDUCATION_BY_COHORT = (
    (1965, (0.10, 0.72, 0.16, 0.02, 0.00)),
    (1985, (0.05, 0.62, 0.28, 0.045, 0.005)),
    (9999, (0.02, 0.45, 0.42, 0.10, 0.01)),
)
"""(born before, shares of none/secondary/bachelor/master/doctor): estimates."""

CATEGORIES = ("male", "female_cadre", "female_worker")
RETIREMENT = ((720, 1965, 4, 36), (660, 1970, 4, 36), (600, 1975, 2, 60))
"""Per category: original age in months, first affected birth year, step, cap — the 2024 NPC
decision, the same table as :mod:`anju.domain.members.retirement`."""

STATUSES = ("employed", "flexible", "unemployed", "retired")
MARITAL = ("single", "married", "divorced", "widowed")
MARITAL_BY_AGE = (
    (25, (0.88, 0.12, 0.0, 0.0)),
    (30, (0.45, 0.53, 0.02, 0.0)),
    (40, (0.12, 0.82, 0.055, 0.005)),
    (60, (0.04, 0.86, 0.07, 0.03)),
    (200, (0.02, 0.80, 0.04, 0.14)),
)
"""(below age, shares of single/married/divorced/widowed): estimates after census patterns."""

CHILDREN_BY_AGE = ((30, (0.45, 0.45, 0.10, 0.0)), (45, (0.12, 0.45, 0.36, 0.07)),
                   (200, (0.06, 0.45, 0.38, 0.11)))  # fmt: skip
"""(below age, shares of 0/1/2/3 children) for people who ever married: estimates."""


def _pick_by(rng: np.random.Generator, keys: NDArray[Any], table: tuple[Any, ...], size: int) -> NDArray[Any]:
    """Draw a category per person from the share row whose bound is the first above the key."""
    bounds = np.array([bound for bound, _ in table])
    rows = np.searchsorted(bounds, keys, side="right")
    cumulative = np.cumsum(np.array([shares for _, shares in table]), axis=1)
    cumulative /= cumulative[:, -1:]
    u = rng.random(size)
    drawn: NDArray[Any] = (u[:, None] > cumulative[rows]).sum(axis=1)
    return drawn


def age_in_years(birth: mo.Days, on: date) -> NDArray[np.int64]:
    """Whole years of age on ``on``."""
    on_d = np.datetime64(on, "D")
    years = mo.years_of(mo.months_of(birth))
    age = on.year - years
    had_birthday = mo.add_months(birth, age * 12) <= on_d
    return age - (~had_birthday)


def statutory_retirement(birth: mo.Days, category: NDArray[np.int64]) -> mo.Days:
    """Retirement date under the 2024 schedule, per person."""
    table = np.array(RETIREMENT)
    original, first_year, step, cap = (table[category, i] for i in range(4))
    birth_month = mo.months_of(birth)
    since = birth_month - (first_year - 1970) * 12
    extra = np.where(since >= 0, np.minimum(cap, since // step + 1), 0)
    return mo.add_months(birth, original + extra)


def draw_account_holders(rng: np.random.Generator, n: int, on: date) -> Columns:
    """The core facts of ``n`` account holders on ``on``."""
    bands = np.array(AGE_BANDS, dtype=np.float64)
    band = rng.choice(len(bands), size=n, p=weights(tuple(bands[:, 2])))
    age_days = (bands[band, 0] + rng.random(n) * (bands[band, 1] - bands[band, 0])) * 365.25
    birth = np.datetime64(on, "D") - age_days.astype("timedelta64[D]")
    male = rng.random(n) < MALE_SHARE
    local = rng.random(n) < HUKOU_LOCAL_SHARE
    people = _place_and_school(rng, birth, male, local)
    people["has_account"] = np.ones(n, dtype=bool)
    age = age_in_years(birth, on)
    people["age"] = age
    people["marital"] = _pick_by(rng, age, MARITAL_BY_AGE, n)
    ever = people["marital"] > 0
    children = _pick_by(rng, age, CHILDREN_BY_AGE, n)
    people["children"] = np.where(ever, children, 0)
    _work(rng, people, on)
    return people


def _place_and_school(
    rng: np.random.Generator, birth: mo.Days, male: NDArray[np.bool_], local: NDArray[np.bool_]
) -> Columns:
    n = len(birth)
    urban = np.array([r[3] for r in REGIONS])
    # Account holders cluster in the urban districts, where most employers are.
    region_w = weights([r[2] * (1.6 if r[3] else 1.0) for r in REGIONS])
    region = rng.choice(len(REGIONS), size=n, p=region_w)
    birth_year = mo.years_of(mo.months_of(birth))
    education = _pick_by(rng, birth_year, EDUCATION_BY_COHORT, n)
    cadre = np.where(education >= 2, rng.random(n) < 0.7, rng.random(n) < 0.25)
    category = np.where(male, 0, np.where(cadre, 1, 2))
    return {
        "birth": birth,
        "male": male,
        "hukou_local": local,
        "region": region,
        "urban": urban[region],
        "elsewhere": rng.integers(0, 12, size=n),
        "education": education,
        "category": category,
        "retire_date": statutory_retirement(birth, category),
    }


def _work(rng: np.random.Generator, people: Columns, on: date) -> None:
    """Employment status, with the dates of leaving and retiring."""
    n = len(people["birth"])
    on_d = np.datetime64(on, "D")
    on_m = mo.month_of(on)
    retired = people["retire_date"] <= on_d
    u = rng.random(n)
    status = np.where(retired, 3, np.where(u < 0.80, 0, np.where(u < 0.84, 1, 2)))
    people["status"] = status
    left_m = on_m - 1 - np.minimum(rng.geometric(1 / 18, size=n), 120)
    people["left_on"] = np.where(status == 2, mo.random_day(rng, left_m), np.datetime64("NaT"))
    people["retired_on"] = np.where(retired, people["retire_date"], np.datetime64("NaT"))
    # Non-local people who left their job often leave the city too (estimate: 40%).
    people["moved_away"] = (status == 2) & ~people["hukou_local"] & (rng.random(n) < 0.4)
    old = people["age"] >= 70
    people["deceased"] = retired & old & (rng.random(n) < 0.015)


def draw_partners(rng: np.random.Generator, of: Columns, index: NDArray[np.int64], on: date) -> Columns:
    """Spouses without an account for the people at ``index``: opposite sex, similar age."""
    n = len(index)
    male = ~of["male"][index]
    gap_days = (rng.normal(0, 2.0, n) * 365.25 + np.where(male, 730, -730)).astype(np.int64)
    birth = of["birth"][index] - gap_days.astype("timedelta64[D]")
    local = np.where(rng.random(n) < 0.9, of["hukou_local"][index], ~of["hukou_local"][index])
    people = _place_and_school(rng, birth, male, local)
    people["region"] = of["region"][index]
    people["urban"] = of["urban"][index]
    people["has_account"] = np.zeros(n, dtype=bool)
    people["age"] = age_in_years(birth, on)
    people["marital"] = np.ones(n, dtype=np.int64)
    people["children"] = of["children"][index]
    _work(rng, people, on)
    people["moved_away"] = of["moved_away"][index]
    return people
