"""The "from when" search of ``timing.earliest_date``, for many rows at once.

The per-person search (``domain.policy.timing.first_offset``) probes a failed ``wait_until``
condition on later days: first the dates the subject's own facts name (a retirement date, say),
then doubling steps, then bisection to the day. Here every row runs the *same* sequence of
probes — each row keeps its own state (phase, low, high) and all rows still searching are probed
together, one round at a time — so the answer is identical even for a condition that is not
monotone in time.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import numba
import numpy as np
import polars as pl

from anju.domain.members.catalogue import FACTS
from anju.domain.policy.timing import HORIZON_DAYS

Holds = Callable[[np.ndarray, np.ndarray], np.ndarray]
"""(rows, days as datetime64[D]) → whether the condition is True for each row on its day."""

DATE_FACTS = tuple(name for name, spec in FACTS.items() if spec.type == "date")
"""Facts whose dates are probed first (where time-based conditions usually flip)."""

_CANDIDATE, _BEFORE, _DOUBLE, _BISECT, _DONE = range(5)
_NAT = np.iinfo(np.int64).min

SPECULATION = 15
"""The most probes of one row in one round: four levels of bisection."""
PROBE_ROWS = 8192
"""Rows a round probes ahead up to: below this, a probe costs about what planning it costs."""


def no_days(n: int) -> np.ndarray:
    """``n`` days, all NaT: NaT is the least int64 (``np.full`` converts a NaT fill value slowly,
    a tenth of a second per million)."""
    return np.full(n, _NAT, dtype=np.int64).view("datetime64[D]")


def date_columns(facts: pl.DataFrame) -> np.ndarray:
    """The :data:`DATE_FACTS` of every row as day numbers, one row per fact (NaT: unknown)."""
    if not DATE_FACTS:
        return np.empty((0, facts.height), dtype=np.int64)
    return np.stack([facts[name].to_numpy().astype("datetime64[D]").view(np.int64) for name in DATE_FACTS])


def candidate_offsets(days: np.ndarray, on: date) -> np.ndarray:
    """Per row (a column of ``days``, see :func:`date_columns`), the ascending distinct day
    offsets of its dates after ``on``, -1 padded."""
    return _candidates(days, _day_number(on))


def earliest_dates(rows: np.ndarray, candidates: np.ndarray, on: date, holds: Holds) -> np.ndarray:
    """The first day each row's condition holds (``datetime64[D]``, NaT when not in sight).

    ``candidates`` is :func:`candidate_offsets` for these rows. Each round probes every row
    still searching, then moves each row's state on by the answers — compiled loops over the
    rows. A probe of a few rows costs about as much as planning it, so while few rows are left
    each is probed *ahead*: at its next probe and at the probes that would follow either
    answer (up to :data:`SPECULATION` of them), and as many of ``first_offset``'s steps as the
    answers cover are taken at once. The steps are the same as one probe at a time, so the
    answer is too, whatever the condition.
    """
    n = len(rows)
    count = (candidates >= 0).sum(axis=1)
    phase = np.where(count > 0, _CANDIDATE, _DOUBLE).astype(np.int8)
    low = np.zeros(n, dtype=np.int64)
    high = np.full(n, 31, dtype=np.int64)
    index = np.zeros(n, dtype=np.int64)
    found = np.full(n, -1, dtype=np.int64)
    day0 = np.datetime64(on, "D")
    while True:
        searching = int(np.count_nonzero(phase != _DONE))
        if not searching:
            break
        ahead = max(1, min(SPECULATION, PROBE_ROWS // searching))
        starts, probed, offsets = _probes(phase, index, low, high, candidates, count, ahead)
        ok = np.ascontiguousarray(holds(rows[probed], day0 + offsets.astype("timedelta64[D]")),
                                  dtype=np.bool_)
        _advance(starts, probed, offsets, ok, phase, index, low, high, found, candidates, count)
    result = no_days(n)
    met = found >= 0
    result[met] = day0 + found[met].astype("timedelta64[D]")
    return result


def _day_number(on: date) -> int:
    """Days since 1970-01-01, as NumPy and Polars store a date."""
    return int(np.datetime64(on, "D").astype(np.int64))


@numba.njit(cache=True, nogil=True)
def _candidates(days: np.ndarray, day0: int) -> np.ndarray:
    """:func:`candidate_offsets` by day numbers (``day0``: the screening day's)."""
    width, n = days.shape
    offsets = np.full((n, width), -1, dtype=np.int64)
    for i in range(n):
        count = 0
        for k in range(width):
            day = days[k, i]
            if day == _NAT or day <= day0:
                continue
            offset = day - day0
            at = count  # insertion into the row's sorted, distinct offsets (a few at most)
            while at > 0 and offsets[i, at - 1] > offset:
                at -= 1
            if at > 0 and offsets[i, at - 1] == offset:
                continue
            for j in range(count, at, -1):
                offsets[i, j] = offsets[i, j - 1]
            offsets[i, at] = offset
            count += 1
    return offsets


@numba.njit(cache=True, nogil=True, inline="always")
def _offset(phase: int, index: int, low: int, high: int, candidates: np.ndarray) -> int:
    """The offset a row in this state is probed at."""
    if phase == _CANDIDATE:
        return int(candidates[index])
    if phase == _BEFORE:
        return int(candidates[index]) - 1
    if phase == _DOUBLE:
        return high
    return (low + high) // 2


@numba.njit(cache=True, nogil=True, inline="always")
def _step(phase: int, index: int, low: int, high: int, met: bool, candidates: np.ndarray,
          count: int) -> tuple[int, int, int, int, int]:
    """The state after the probe's answer ``met``, as ``first_offset`` moves on; and the day
    found (-1 while none)."""
    found = -1
    if phase == _CANDIDATE:  # a date of the subject's: met there → is it the first day?
        if met:
            phase = _BEFORE
        else:
            low = int(candidates[index])
            index += 1
            if index >= count:
                phase, high = _DOUBLE, max(high, 2 * low)
    elif phase == _BEFORE:  # the day before a met date: not met there → that date
        if not met:
            phase, found = _DONE, int(candidates[index])
        else:
            phase, high = _BISECT, int(candidates[index])
    elif phase == _DOUBLE:  # met → bisect; else double, giving up beyond the horizon
        if met:
            phase = _BISECT
        else:
            low, high = high, 2 * high
            if low > HORIZON_DAYS:
                phase = _DONE
    else:  # bisection: "not met at low, met at high"
        middle = (low + high) // 2
        if met:
            high = middle
        else:
            low = middle
    if phase == _BISECT and high - low <= 1:
        phase, found = _DONE, high
    return phase, index, low, high, found


@numba.njit(cache=True, nogil=True)
def _probes(phase: np.ndarray, index: np.ndarray, low: np.ndarray, high: np.ndarray,
            candidates: np.ndarray, count: np.ndarray, ahead: int
            ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """This round's probes: per row still searching (``starts`` delimits its probes), up to
    ``ahead`` distinct offsets — its next probe, then those after either answer, breadth first."""
    searching = 0
    for i in range(len(phase)):
        if phase[i] != _DONE:
            searching += 1
    starts = np.empty(searching + 1, dtype=np.int64)
    probed = np.empty(searching * ahead, dtype=np.int64)
    offsets = np.empty(searching * ahead, dtype=np.int64)
    queue = np.empty((2 * ahead + 2, 4), dtype=np.int64)  # states: phase, index, low, high
    at = row = 0
    for i in range(len(phase)):
        if phase[i] == _DONE:
            continue
        starts[row] = at
        row += 1
        queue[0, 0], queue[0, 1], queue[0, 2], queue[0, 3] = phase[i], index[i], low[i], high[i]
        head, tail, taken = 0, 1, 0
        while head < tail and taken < ahead:
            p, k, lo, hi = queue[head, 0], queue[head, 1], queue[head, 2], queue[head, 3]
            head += 1
            offset = _offset(p, k, lo, hi, candidates[i])
            seen = False
            for j in range(at - taken, at):
                seen = seen or offsets[j] == offset
            if not seen:
                probed[at], offsets[at] = i, offset
                at += 1
                taken += 1
            for met in (True, False):
                q, k2, lo2, hi2, _ = _step(p, k, lo, hi, met, candidates[i], count[i])
                if q != _DONE and tail < len(queue):
                    queue[tail, 0], queue[tail, 1], queue[tail, 2], queue[tail, 3] = q, k2, lo2, hi2
                    tail += 1
    starts[row] = at
    return starts, probed[:at], offsets[:at]


@numba.njit(cache=True, nogil=True)
def _advance(starts: np.ndarray, probed: np.ndarray, offsets: np.ndarray, ok: np.ndarray,
             phase: np.ndarray, index: np.ndarray, low: np.ndarray, high: np.ndarray,
             found: np.ndarray, candidates: np.ndarray, count: np.ndarray) -> None:
    """Each probed row's state moved on by as many steps as its answers cover."""
    for r in range(len(starts) - 1):
        first, end = starts[r], starts[r + 1]
        i = probed[first]
        p, k, lo, hi = int(phase[i]), index[i], low[i], high[i]
        while p != _DONE:
            offset = _offset(p, k, lo, hi, candidates[i])
            answer = -1
            for j in range(first, end):
                if offsets[j] == offset:
                    answer = j
                    break
            if answer < 0:
                break
            p, k, lo, hi, day = _step(p, k, lo, hi, ok[answer], candidates[i], count[i])
            if day >= 0:
                found[i] = day
        phase[i], index[i], low[i], high[i] = p, k, lo, hi
