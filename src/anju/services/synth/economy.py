"""Yearly economic series the synthetic city is drawn against (wages, floors, rates, prices).

Every figure is in docs/data.md with its source. Values marked *estimate* are rounded guesses
shaped after published Henan statistics, good enough for realistic test data and nothing else;
the policy pack (not this module) holds the parameters any decision rests on.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

FIRST_YEAR = 1990
LAST_YEAR = 2030


def _series(points: dict[int, float]) -> NDArray[np.float64]:
    """A value per year FIRST_YEAR..LAST_YEAR, linear between the given points, flat outside."""
    years = np.arange(FIRST_YEAR, LAST_YEAR + 1)
    known = sorted(points)
    return np.interp(years, known, [points[y] for y in known])


AVERAGE_MONTHLY_WAGE = _series(
    {1995: 380, 2000: 600, 2005: 1200, 2010: 2500, 2015: 3800, 2020: 5600, 2024: 6600, 2026: 7000}
)
"""Average monthly wage of urban employees in Henan, ¥ (estimate after Henan statistical
yearbooks' 城镇非私营单位在岗职工平均工资; not Jiaozuo's own series)."""

BASE_FLOOR = _series(
    {1995: 250, 2000: 320, 2005: 480, 2010: 800, 2015: 1600, 2018: 1900, 2022: 2000,
     2025: 2100, 2026: 2350}
)  # fmt: skip
"""Deposit base floor = city-tier minimum wage, ¥/month (2025: 2,100 and 2026-07: 2,350 from
the policy pack's placeholder; earlier years estimated from Henan minimum-wage history)."""

BASE_CAP = _series({1995: 1140, 2005: 3600, 2010: 7500, 2015: 11400, 2020: 16800, 2025: 18939})
"""Deposit base cap, ¥/month: 3 × the average wage (建金〔2005〕5号); 2025: 18,939 (安阳 peer,
the policy pack's placeholder). 2026 onward held at 18,939."""

HPF_RATE_LONG = _series(
    {1999: 0.0459, 2002: 0.0405, 2008: 0.0513, 2009: 0.0387, 2012: 0.0450, 2015: 0.0325,
     2016: 0.0325, 2022: 0.0310, 2023: 0.0310, 2024: 0.0285, 2025: 0.0260}
)  # fmt: skip
"""HPF loan rate, first home, over 5 years, by year of disbursement (2015–2025 values from
domain-research §1.5, verified; earlier years recalled national rates, unverified)."""

COMMERCIAL_RATE = _series(
    {1999: 0.0576, 2004: 0.0612, 2008: 0.0594, 2012: 0.0655, 2015: 0.0490, 2019: 0.0485,
     2021: 0.0465, 2022: 0.0430, 2023: 0.0410, 2024: 0.0360, 2025: 0.0320}
)  # fmt: skip
"""Typical first-home commercial mortgage rate, by year (benchmark / LPR minus typical
discounts; 2019–2025 after the LPR table in domain-research §1.6; the rest estimates)."""

HOUSE_PRICE_PER_M2 = _series({1998: 900, 2005: 1700, 2010: 3000, 2015: 4200, 2020: 5900, 2024: 5600})
"""New-home price in the city, ¥/m² (estimate for a Henan prefecture-level city; not an
official Jiaozuo series)."""

HPF_LOAN_CAP = _series({1999: 100_000, 2005: 200_000, 2010: 400_000, 2015: 600_000, 2021: 700_000})
"""HPF loan cap for one borrower, ¥, by year (estimate; the 2025 value 700,000 matches the
policy pack's placeholder)."""

DEPOSIT_INTEREST = 0.015
"""Deposit interest, 1.5%/year (银发〔2016〕43号), applied to every year for simplicity."""


def by_year(series: NDArray[np.float64], years: NDArray[np.int64]) -> NDArray[np.float64]:
    """Look a series up for each year (clipped to the series' range)."""
    return series[np.clip(years, FIRST_YEAR, LAST_YEAR) - FIRST_YEAR]
