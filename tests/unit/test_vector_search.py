"""The column-wise "from when" search (:mod:`anju.adapters.vector.search`) finds, row for row,
the day the per-person search (``timing.first_offset``) finds — whether or not it probes ahead,
and for conditions that are not monotone in time too."""

from __future__ import annotations

from datetime import date, timedelta
from functools import partial

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from anju.adapters.vector import search
from anju.adapters.vector.search import candidate_offsets, earliest_dates
from anju.domain.policy.timing import HORIZON_DAYS, first_offset

ON = date(2026, 11, 27)

# A condition per row: met from its threshold day on, except on the days of its gaps (a
# condition that flips back and forth, as a dated parameter or a cap reached can make it).
ROWS = st.lists(st.tuples(
    st.one_of(st.integers(0, 400), st.integers(400, 2 * HORIZON_DAYS)),  # the threshold
    st.lists(st.integers(0, 800), max_size=6),                           # the gaps
    st.lists(st.one_of(st.none(), st.integers(-30, 900)), min_size=2, max_size=2),  # its dates
), min_size=1, max_size=30)


def _met(threshold: int, gaps: list[int], offset: int) -> bool:
    return offset >= threshold and offset not in gaps


def _holds_of(rows: list[tuple[int, list[int], list[int | None]]]):
    def holds(at: np.ndarray, days: np.ndarray) -> np.ndarray:
        offsets = (days - np.datetime64(ON, "D")).astype(np.int64)
        pairs = zip(at.tolist(), offsets.tolist(), strict=True)
        return np.array([_met(rows[i][0], rows[i][1], offset) for i, offset in pairs], dtype=bool)
    return holds


@settings(max_examples=300, deadline=None)
@given(ROWS, st.sampled_from([1, 4, 1 << 20]))
def test_every_row_finds_the_per_person_day(rows: list[tuple[int, list[int], list[int | None]]],
                                            probe_rows: int) -> None:
    dates = np.array([[np.datetime64(ON + timedelta(days=d), "D").astype(np.int64) if d is not None
                       else np.iinfo(np.int64).min for d in [r[2][k] for r in rows]] for k in range(2)])
    with pytest.MonkeyPatch.context() as patch:  # 1: one probe a row a round; more: ahead
        patch.setattr(search, "PROBE_ROWS", probe_rows)
        found = earliest_dates(np.arange(len(rows)), candidate_offsets(dates, ON), ON, _holds_of(rows))
    for (threshold, gaps, days), day in zip(rows, found.tolist(), strict=True):
        candidates = sorted({d for d in days if d is not None and d > 0})
        expected = first_offset(partial(_met, threshold, gaps), candidates)
        assert day == (None if expected is None else ON + timedelta(days=expected))


def test_probing_ahead_takes_fewer_rounds_and_no_other_answer() -> None:
    rows = [(700 + 37 * i, [], [None, None]) for i in range(20)]
    rounds: list[int] = []

    def counted(at: np.ndarray, days: np.ndarray) -> np.ndarray:
        rounds.append(len(at))
        return _holds_of(rows)(at, days)

    none = np.full((2, len(rows)), np.iinfo(np.int64).min)
    found = {}
    for probe_rows in (1, 1 << 20):
        rounds.clear()
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(search, "PROBE_ROWS", probe_rows)
            found[probe_rows] = earliest_dates(np.arange(20), candidate_offsets(none, ON), ON, counted)
        found[probe_rows, "rounds"] = len(rounds)
    assert (found[1] == found[1 << 20]).all()
    assert found[1 << 20, "rounds"] * 2 < found[1, "rounds"]


def test_candidates_are_the_distinct_later_dates_in_order() -> None:
    day = np.datetime64(ON, "D").astype(np.int64)
    nat = np.iinfo(np.int64).min
    dates = np.array([[day + 9, day - 3, nat, day + 5, day], [day + 2, day + 4, nat, day + 5, day + 1]])
    assert candidate_offsets(dates, ON).tolist() == [[2, 9], [4, -1], [-1, -1], [5, -1], [1, -1]]
