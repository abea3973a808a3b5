"""The applicants' family links and the applicants themselves, as the population lays them out
(:func:`anju.adapters.vector.household.relatives`, :mod:`anju.adapters.vector.facts`)."""

from __future__ import annotations

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from anju.adapters.vector.facts import _distinct
from anju.adapters.vector.household import relatives

LINKS = pl.DataFrame({
    "depositor_id": [1, 1, 1, 3, 3, 7, 5],
    "relative_id": [9, 4, 6, 8, 2, 1, 4],
    "relation": ["spouse", "spouse", "child", "parent", "spouse", "spouse", "child"],
})


def _sorted(frame: pl.DataFrame) -> list[tuple[object, ...]]:
    return sorted(frame.select("row", "applicant", "relation", "relative").rows())


def test_one_spouse_the_first_on_record_and_every_parent_and_child() -> None:
    # applicants 3, 1 and 5 (rows 0, 1, 2); 7 is nobody's applicant: its link is not theirs
    found = relatives(LINKS, pl.Series([3, 1, 5]))
    assert _sorted(found) == sorted([(0, 3, "parent", 8), (0, 3, "spouse", 2), (1, 1, "spouse", 4),
                                     (1, 1, "child", 6), (2, 5, "child", 4)])


def test_with_one_spouse_each_every_link_is_kept_as_it_is() -> None:
    single = LINKS.filter(~((pl.col("depositor_id") == 1) & (pl.col("relative_id") == 9)))
    assert _sorted(relatives(single, pl.Series([3, 1, 5]))) == _sorted(relatives(LINKS, pl.Series([3, 1, 5])))


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(0, 40), max_size=30), st.booleans())
def test_the_applicants_are_each_listed_once_in_first_seen_order(ids: list[int], rising: bool) -> None:
    if rising:  # the usual shape: record numbers in order
        ids = sorted(set(ids))
    series = pl.Series("id", ids, dtype=pl.Int64)
    assert _distinct(series).to_list() == list(dict.fromkeys(ids))
