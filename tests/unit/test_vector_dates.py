"""Whole months column-wise (:mod:`anju.adapters.vector.dates`) agree with the per-person calendar."""

from __future__ import annotations

from datetime import date

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from anju.adapters.vector.dates import calendar_parts, months_since
from anju.domain.calendar import months_between

DAYS = st.dates(date(1900, 1, 1), date(2100, 12, 31))


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(st.none(), DAYS), min_size=1, max_size=40), DAYS, st.booleans())
def test_months_since_is_the_calendars_months_between(earlier: list[date | None], later: date,
                                                      each_row: bool) -> None:
    # month ends clamp (31 January + 1 month is the end of February), either direction; the
    # later date is one for all rows (the screening date) or each row's own (the search)
    frame = calendar_parts(pl.Series(earlier, dtype=pl.Date), "start").with_columns(
        later=pl.lit(later) if not each_row else pl.Series([later] * len(earlier), dtype=pl.Date))
    found = frame.select(months_since("start", pl.col("later"))).to_series().to_list()
    assert found == [None if e is None else months_between(e, later) for e in earlier]
