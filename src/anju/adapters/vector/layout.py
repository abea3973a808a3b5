"""Rows laid out in a given key order: by position, as a slice where the order already holds.

The population's rows are in applicant order, and so must be every per-person input (depositor,
account, spell summary). Joining them in by record number copies every column; here each key's
position is found first (one integer array), and the rows are then taken as a *slice* for the
leading run of positions that are consecutive — the usual case, since extracts and tables list
depositors and accounts in record-number order — and gathered only for the rest. Record numbers
are small integers, so a key is looked up in a table of positions rather than joined.
"""

from __future__ import annotations

import numpy as np
import polars as pl

ABSENT = -1
"""The position of a key that is not in the column."""


def positions(column: pl.Series, keys: pl.Series) -> np.ndarray:
    """Where each of ``keys`` is in ``column`` (whose values are unique): ``int64``, :data:`ABSENT`
    for a key that is missing or unknown."""
    n = keys.len()
    m = min(n, column.len())
    if m and column.null_count() == 0 and column.slice(0, m).equals(keys.slice(0, m)):
        # the column starts with the keys, in their order (the usual case): only the keys
        # beyond its end are looked for
        head = np.arange(m, dtype=np.int64)
        return head if m == n else np.concatenate([head, positions(column, keys.slice(m))])
    if column.dtype.is_integer() and column.len() and column.null_count() == 0:
        values = column.to_numpy()
        low, high = int(values.min()), int(values.max())
        if low >= 0 and high <= 4 * (column.len() + n) + (1 << 20):  # record numbers: a table,
            # ten times faster than a binary search each
            table = np.full(high + 1, ABSENT, dtype=np.int64)
            table[values] = np.arange(column.len())
            wanted = keys.cast(pl.Int64).fill_null(-1).to_numpy()
            inside = (wanted >= 0) & (wanted <= high)
            return np.where(inside, table[np.where(inside, wanted, 0)], ABSENT)
    if column.len() and column.null_count() == 0 and column.is_sorted():  # a binary search each
        where = column.search_sorted(keys.fill_null(column[0]), "left").cast(pl.Int64).to_numpy().copy()
        hit = (column.gather(np.minimum(where, column.len() - 1)) == keys).fill_null(False).to_numpy()
        where[~hit] = ABSENT
        return where
    frame = column.rename("key").to_frame().with_row_index("at")
    matched = keys.rename("key").to_frame().join(frame, on="key", how="left", maintain_order="left")
    return matched["at"].cast(pl.Int64).fill_null(ABSENT).to_numpy()


def ordered(frame: pl.DataFrame, *by: str) -> pl.DataFrame:
    """``frame`` sorted by the integer columns ``by`` — as it is, when it already is (tables
    and extracts list records in record-number order: checking is a pass over the numbers,
    sorting them again cost a tenth of a second)."""
    if frame.height < 2:
        return frame
    columns = [frame[name] for name in by]
    if all(c.dtype.is_integer() and not c.null_count() for c in columns):
        rising = np.zeros(frame.height - 1, dtype=bool)  # already before on an earlier column
        level = np.ones(frame.height - 1, dtype=bool)  # equal on every earlier column
        for column in columns:
            values = column.to_numpy()
            later, same = values[1:] > values[:-1], values[1:] == values[:-1]
            rising |= level & later
            level &= same
        if (rising | level).all():
            return frame
    return frame.sort(*by)


def where_known(values: np.ndarray, known: np.ndarray) -> pl.Series:
    """``values`` as a Series, null where not ``known`` (scattering nulls into a million-row
    Series took ten times longer)."""
    return pl.select(pl.when(pl.Series(known)).then(pl.Series(values))).to_series()


def index_of(where: np.ndarray) -> pl.Series:
    """Positions for a gather, :data:`ABSENT` ones as null (a row of nulls)."""
    return where_known(where, where != ABSENT)


def laid_out(frame: pl.DataFrame, where: np.ndarray) -> pl.DataFrame:
    """The rows of ``frame`` at ``where`` (:data:`ABSENT`: a row of nulls), in that order.

    The leading run of consecutive positions is a slice of ``frame`` (no copy); only the rest is
    gathered. The result may be in two chunks."""
    n = len(where)
    if n == 0 or where[0] == ABSENT:
        run = 0
    else:
        broken = np.flatnonzero(where != where[0] + np.arange(n, dtype=np.int64))
        run = int(broken[0]) if broken.size else n
    head = frame.slice(int(where[0]), run) if run else frame.clear()
    if run == n:
        return head
    rest = where[run:]
    index = index_of(rest) if (rest == ABSENT).any() else pl.Series(rest, dtype=pl.Int64)
    tail = frame.select(pl.all().gather(index)) if frame.height else frame.clear(len(rest))
    return pl.concat([head, tail], rechunk=False) if run else tail
