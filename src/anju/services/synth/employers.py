"""Employers of the synthetic city: sector, size, place, deposit ratios and names."""

from __future__ import annotations

from datetime import date
from typing import Any

import numpy as np
import polars as pl
from numpy.typing import NDArray

from anju.services.synth import months as mo
from anju.services.synth.names import REGIONS, SECTORS, TRADE_CHARS, weights

Columns = dict[str, Any]

PEOPLE_PER_EMPLOYER = 25
"""Account holders per employer on average (estimate: most employers are small)."""

SIZES = ("micro", "small", "medium", "large")
SIZE_SHARES = (0.45, 0.38, 0.14, 0.03)
HEADCOUNT = ((2, 10), (10, 100), (100, 1000), (1000, 5000))
PUBLIC_SECTORS = ("government", "public_institution", "soe", "mining", "finance")
PUBLIC_SIZE_SHARES = (0.0, 0.35, 0.45, 0.20)
RATE_CHOICES = (0.05, 0.08, 0.10, 0.12)
PRIVATE_RATE_SHARES = (0.45, 0.10, 0.10, 0.35)
PUBLIC_RATE_SHARES = (0.0, 0.05, 0.15, 0.80)
"""Deposit ratios 5–12% (条例第18条; 建金〔2005〕5号); the shares are estimates."""


def draw_employers(rng: np.random.Generator, count: int, on: date) -> Columns:
    """``count`` employers; ``weight`` is the headcount used to hand out jobs."""
    sector = rng.choice(len(SECTORS), size=count, p=weights([s[2] for s in SECTORS]))
    public = np.isin(np.array([s[0] for s in SECTORS])[sector], PUBLIC_SECTORS)
    size = np.where(
        public,
        rng.choice(4, size=count, p=weights(PUBLIC_SIZE_SHARES)),
        rng.choice(4, size=count, p=weights(SIZE_SHARES)),
    )
    low = np.array([h[0] for h in HEADCOUNT])[size]
    high = np.array([h[1] for h in HEADCOUNT])[size]
    # Log-uniform headcount within the size class: many small, few big.
    headcount = np.exp(np.log(low) + rng.random(count) * (np.log(high) - np.log(low)))
    rates = np.array(RATE_CHOICES)
    rate = np.where(
        public,
        rates[rng.choice(4, size=count, p=weights(PUBLIC_RATE_SHARES))],
        rates[rng.choice(4, size=count, p=weights(PRIVATE_RATE_SHARES))],
    )
    region_w = weights([r[2] * (2.0 if r[3] else 1.0) for r in REGIONS])
    region = rng.choice(len(REGIONS), size=count, p=region_w)
    first = mo.month_of(date(1995, 1, 1))
    registered = mo.random_day(rng, rng.integers(first, mo.month_of(on) - 12, size=count))
    return {
        "sector": sector,
        "size": size,
        "weight": headcount,
        "rate": rate,
        "region": region,
        "registered_on": registered,
        "name": _names(rng, sector, region, public),
    }


def _names(
    rng: np.random.Generator, sector: NDArray[Any], region: NDArray[Any], public: NDArray[Any]
) -> NDArray[np.object_]:
    count = len(sector)
    places = np.array([("焦作市" if r[3] else r[1]) for r in REGIONS], dtype=object)[region]
    chars = np.array(list(TRADE_CHARS), dtype=object)
    trade = chars[rng.integers(0, len(chars), count)] + chars[rng.integers(0, len(chars), count)]
    ending_index = rng.integers(0, 1000, count)
    endings = np.array(
        [SECTORS[s][4][i % len(SECTORS[s][4])] for s, i in zip(sector, ending_index, strict=True)],
        dtype=object,
    )
    private_prefix = np.where(rng.random(count) < 0.7, "焦作", places)
    base = np.where(public & (np.isin(sector, [0, 1])), places + endings, private_prefix + trade + endings)
    frame = pl.DataFrame({"name": base.astype(str)})
    repeat = frame.select(pl.col("name").cum_count().over("name")).to_series().to_numpy()
    # A repeated name gets a counter, so every employer name stays unique (names are keys).
    suffix = np.where(repeat > 1, "（" + (repeat - 1).astype(str).astype(object) + "）", "")
    return np.asarray(base + suffix, dtype=object)
