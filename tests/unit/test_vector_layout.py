"""Rows laid out by key give exactly a left join in key order, whatever the tables' order."""

from __future__ import annotations

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from anju.adapters.vector.layout import ABSENT, laid_out, ordered, positions


def _joined(frame: pl.DataFrame, keys: list[int | None]) -> pl.DataFrame:
    wanted = pl.DataFrame({"key": pl.Series(keys, dtype=pl.Int64)})
    return wanted.join(frame, on="key", how="left", maintain_order="left").drop("key")


@settings(max_examples=120, deadline=None)
@given(st.sets(st.integers(0, 60), max_size=25), st.data(), st.booleans(), st.integers(1, 4),
       st.sampled_from([1, 10 ** 9, -1]))
def test_laid_out_is_the_left_join(values: set[int], data: st.DataObject, shuffled: bool, chunks: int,
                                   spread: int) -> None:
    # spread: small record numbers are looked up in a table; far apart or negative ones are not
    values = {v * spread for v in values}
    ids = sorted(values)
    if shuffled:
        ids = data.draw(st.permutations(ids))
    frame = pl.DataFrame({"key": pl.Series(ids, dtype=pl.Int64), "value": [f"v{i}" for i in ids]})
    if chunks > 1 and frame.height:  # as read: the tables come in pieces
        step = max(1, frame.height // chunks)
        frame = pl.concat([frame.slice(i, step) for i in range(0, frame.height, step)], rechunk=False)
    keys = data.draw(st.one_of(
        st.lists(st.one_of(st.none(), st.integers(0, 70).map(lambda k: k * spread)), unique=True, max_size=30),
        st.just([*ids[:data.draw(st.integers(0, len(ids)))], 100, 101]),  # a prefix, then others
    ))
    where = positions(frame["key"], pl.Series(keys, dtype=pl.Int64))
    assert [None if w == ABSENT else ids[w] for w in where] == [k if k in values else None for k in keys]
    laid = laid_out(frame.select("value"), where)
    assert laid.equals(_joined(frame, keys).select("value"))


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 5), st.integers(0, 5)), max_size=20), st.booleans(),
       st.booleans())
def test_ordered_is_the_sort_and_keeps_a_sorted_frame_as_it_is(rows: list[tuple[int, int]], presorted: bool,
                                                               both: bool) -> None:
    if presorted:
        rows = sorted(rows) if both else sorted(rows, key=lambda r: r[0])
    frame = pl.DataFrame(rows, schema={"owner": pl.Int64, "id": pl.Int64}, orient="row")
    by = ("owner", "id") if both else ("owner",)
    found = ordered(frame, *by)
    # only the keys are compared: rows equal on every key may come in either order
    assert found.select(by).equals(frame.sort(*by).select(by))
    if presorted:
        assert found is frame


def test_ordered_sorts_when_a_key_is_unknown() -> None:
    frame = pl.DataFrame({"owner": [2, None, 1]}, schema={"owner": pl.Int64})
    assert ordered(frame, "owner").equals(frame.sort("owner"))
