"""The "from when" search of ``timing.earliest_date``, for many rows at once.

The per-person search probes a failed ``wait_until`` condition on later days: first the dates
the subject's own facts name (a retirement date, say), then doubling steps, then bisection to
the day. Here every row runs the *same* sequence of probes — each row keeps its own state
(phase, low, high) and all rows still searching are probed together, one round at a time — so
the answer is identical even for a condition that is not monotone in time.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import numpy as np
import polars as pl

from anju.domain.members.catalogue import FACTS
from anju.domain.policy.timing import HORIZON_DAYS

Holds = Callable[[np.ndarray, np.ndarray], np.ndarray]
"""(rows, days as datetime64[D]) → whether the condition is True for each row on its day."""

DATE_FACTS = tuple(name for name, spec in FACTS.items() if spec.type == "date")
"""Facts whose dates are probed first (where time-based conditions usually flip)."""

_CANDIDATE, _BEFORE, _DOUBLE, _BISECT, _DONE = range(5)


def no_days(n: int) -> np.ndarray:
    """``n`` days, all NaT: NaT is the least int64 (``np.full`` converts a NaT fill value slowly,
    a tenth of a second per million)."""
    return np.full(n, np.iinfo(np.int64).min, dtype=np.int64).view("datetime64[D]")


def candidate_offsets(facts: pl.DataFrame, on: date) -> np.ndarray:
    """Per row, the sorted distinct day offsets of its future date facts (-1 padded)."""
    day0 = np.datetime64(on, "D")
    columns = [facts[name].to_numpy().astype("datetime64[D]") for name in DATE_FACTS]
    if not columns:
        return np.full((facts.height, 0), -1, dtype=np.int64)
    offsets = np.stack([(c - day0).astype(np.int64) for c in columns], axis=1)
    known = np.stack([~np.isnat(c) for c in columns], axis=1) & (offsets > 0)
    offsets = np.where(known, offsets, np.iinfo(np.int64).max)
    offsets.sort(axis=1)
    duplicate = np.zeros_like(known)
    duplicate[:, 1:] = offsets[:, 1:] == offsets[:, :-1]
    offsets = np.where(duplicate, np.iinfo(np.int64).max, offsets)
    offsets.sort(axis=1)
    return np.where(offsets == np.iinfo(np.int64).max, -1, offsets)


def earliest_dates(rows: np.ndarray, candidates: np.ndarray, on: date, holds: Holds) -> np.ndarray:
    """The first day each row's condition holds (``datetime64[D]``, NaT when not in sight).

    ``candidates`` is :func:`candidate_offsets` for these rows. The condition is taken to be
    false on ``on`` itself (it failed there), as the per-person search does.
    """
    n = len(rows)
    day0 = np.datetime64(on, "D")
    count = (candidates >= 0).sum(axis=1)
    phase = np.where(count > 0, _CANDIDATE, _DOUBLE)
    low = np.zeros(n, dtype=np.int64)
    high = np.full(n, 31, dtype=np.int64)
    index = np.zeros(n, dtype=np.int64)
    result = no_days(n)
    width = max(candidates.shape[1], 1)
    padded = np.concatenate([candidates, np.full((n, width), -1)], axis=1) if n else candidates

    def candidate() -> np.ndarray:
        chosen: np.ndarray = padded[np.arange(n), np.minimum(index, padded.shape[1] - 1)]
        return chosen

    while True:
        active = np.flatnonzero(phase != _DONE)
        if not active.size:
            return result
        here = candidate()
        offset = np.select(
            [phase == _CANDIDATE, phase == _BEFORE, phase == _DOUBLE],
            [here, here - 1, high], (low + high) // 2)
        ok = np.zeros(n, dtype=bool)
        ok[active] = holds(rows[active], day0 + offset[active].astype("timedelta64[D]"))
        p = phase.copy()
        # probing a candidate date: met there → is it the first day? else move past it
        met = (p == _CANDIDATE) & ok
        missed = (p == _CANDIDATE) & ~ok
        phase[met] = _BEFORE
        low[missed] = here[missed]
        index[missed] += 1
        exhausted = missed & (index >= count)
        phase[exhausted] = _DOUBLE
        high[exhausted] = np.maximum(high[exhausted], 2 * low[exhausted])
        # the day before a met candidate: not met there → the candidate is the answer
        first = (p == _BEFORE) & ~ok
        result[first] = day0 + here[first].astype("timedelta64[D]")
        phase[first] = _DONE
        earlier = (p == _BEFORE) & ok
        high[earlier] = here[earlier]
        phase[earlier] = _BISECT
        # doubling: met → bisect; else double, giving up beyond the horizon
        found = (p == _DOUBLE) & ok
        phase[found] = _BISECT
        grow = (p == _DOUBLE) & ~ok
        low[grow], high[grow] = high[grow], high[grow] * 2
        lost = grow & (low > HORIZON_DAYS)
        phase[lost] = _DONE
        # bisection: keep "not met at low, met at high"
        middle = (low + high) // 2
        bisect = p == _BISECT
        high[bisect & ok] = middle[bisect & ok]
        low[bisect & ~ok] = middle[bisect & ~ok]
        settled = (phase == _BISECT) & (high - low <= 1)
        result[settled] = day0 + high[settled].astype("timedelta64[D]")
        phase[settled] = _DONE
