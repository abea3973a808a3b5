"""Names, 身份证号 and phone numbers, vectorised.

The identity numbers follow GB 11643 exactly like
:func:`anju.domain.members.idcard.make_id_number` (the tests check the two agree on every
generated number): region code · birth date · sequence code (odd for men) · check character.
Sequence codes are handed out per (region, birth date, sex), so numbers never collide.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import polars as pl
from numpy.typing import NDArray

from anju.domain.members.idcard import WEIGHTS
from anju.services.synth.names import (
    ELSEWHERE,
    GIVEN_EITHER,
    GIVEN_FEMALE,
    GIVEN_MALE,
    PHONE_PREFIXES,
    REGIONS,
    SURNAMES,
    char_initials,
    surname_initials,
    weights,
)
from anju.services.synth.people import Columns

TWO_CHARACTER_GIVEN_NAMES = 0.8
"""Share of given names with two characters (the rest have one)."""
NO_PHONE_AGE = 70
"""People this old or older have no mobile number on record with 30% probability."""


def draw_surnames(rng: np.random.Generator, size: int) -> NDArray[np.int64]:
    """A surname index per person, by frequency."""
    return rng.choice(len(SURNAMES), size=size, p=weights([s[1] for s in SURNAMES]))


def names(rng: np.random.Generator, surname: NDArray[np.int64], male: NDArray[np.bool_]) -> tuple[pl.Series, pl.Series]:
    """Full names and their pinyin initials."""
    size = len(surname)
    pools = {True: GIVEN_MALE + GIVEN_EITHER, False: GIVEN_FEMALE + GIVEN_EITHER}
    full = pl.Series([s for s, _ in SURNAMES]).gather(surname)
    initials = pl.Series(surname_initials()).gather(surname)
    two = rng.random(size) < TWO_CHARACTER_GIVEN_NAMES
    for position in (0, 1):
        pick_m = rng.integers(0, len(pools[True]), size)
        pick_f = rng.integers(0, len(pools[False]), size)
        chars_m = pl.Series(list(pools[True])).gather(pick_m)
        chars_f = pl.Series(list(pools[False])).gather(pick_f)
        init_m = pl.Series(char_initials(pools[True])).gather(pick_m)
        init_f = pl.Series(char_initials(pools[False])).gather(pick_f)
        use = pl.Series(male)
        char = pl.select(pl.when(use).then(chars_m).otherwise(chars_f)).to_series()
        init = pl.select(pl.when(use).then(init_m).otherwise(init_f)).to_series()
        if position == 1:
            keep = pl.Series(two)
            char = pl.select(pl.when(keep).then(char).otherwise(pl.lit(""))).to_series()
            init = pl.select(pl.when(keep).then(init).otherwise(pl.lit(""))).to_series()
        full = full + char
        initials = initials + init
    return full.alias("name"), initials.alias("name_initials")


def region_codes(people: Columns) -> NDArray[np.int64]:
    """The issuing region of each identity number: the district, or the birthplace elsewhere."""
    local = np.array([int(r[0]) for r in REGIONS])[people["region"]]
    other = np.array([int(code) for code, _ in ELSEWHERE])[people["elsewhere"]]
    return np.where(people["hukou_local"], local, other)


def id_numbers(region: NDArray[np.int64], birth: NDArray[Any], male: NDArray[np.bool_]) -> pl.Series:
    """Valid, unique 18-character identity numbers."""
    size = len(region)
    ymd = birth.astype("datetime64[D]")
    years = ymd.astype("datetime64[Y]").astype(np.int64) + 1970
    month = ymd.astype("datetime64[M]").astype(np.int64) % 12 + 1
    day = (ymd - ymd.astype("datetime64[M]").astype("datetime64[D]")).astype(np.int64) + 1
    yyyymmdd = years * 10000 + month * 100 + day
    group = (region * 100_000_000 + yyyymmdd) * 2 + male
    order = np.argsort(group, kind="stable")
    sorted_group = group[order]
    starts = np.r_[True, sorted_group[1:] != sorted_group[:-1]]
    block = np.cumsum(starts) - 1
    first_of_block = np.flatnonzero(starts)
    rank = np.empty(size, dtype=np.int64)
    rank[order] = np.arange(size) - first_of_block[block]
    # Spread codes over the range like real registers do, deterministically per group.
    offset = (group * 2654435761 % 2**32) % 300
    sequence = 2 * (offset + rank) + male
    if sequence.max(initial=0) > 999:
        raise ValueError("too many people share a region, birth date and sex")
    first17 = (region * 100_000_000 + yyyymmdd) * 1000 + sequence
    digits = (first17[:, None] // 10 ** np.arange(16, -1, -1)) % 10
    check = (digits * np.array(WEIGHTS)).sum(axis=1) % 11
    check_char = pl.Series(list("10X98765432")).gather(check)
    return (pl.Series(first17).cast(pl.String) + check_char).alias("id_number")


def phones(rng: np.random.Generator, age: NDArray[np.int64]) -> pl.Series:
    """Mobile numbers (None for some of the elderly)."""
    size = len(age)
    prefix = np.array(PHONE_PREFIXES)[rng.integers(0, len(PHONE_PREFIXES), size)]
    number = prefix * 100_000_000 + rng.integers(0, 100_000_000, size)
    missing = (age >= NO_PHONE_AGE) & (rng.random(size) < 0.3)
    series = pl.Series(number).cast(pl.String)
    return pl.select(pl.when(pl.Series(missing)).then(None).otherwise(series)).to_series().alias("phone")
