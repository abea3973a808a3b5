"""Deposit spells → what ``deposits.summarise`` needs, for every account at once.

The per-person engine expands an account's spells into months (cut at the month of ``on``) and
works on sets: paid (paid or back-paid) months and arrears months not since paid. Every fact it
reads on ``on`` *or any later day* (the "from when" search projects an active depositor's
deposits forward) depends only on a few numbers per account, computed here from the spells
without expanding them:

- ``p0``/``p1``: whether the month of ``on`` (M0) / the month before is paid;
- ``a0``/``a1``: whether they are in arrears (and not paid);
- ``run0``/``run1``: the unbroken run of paid months ending at M0 / M0-1;
- ``paid``: how many months are paid; ``arrears``: how many are in arrears and not paid.

Spells may overlap (an import may carry an arrears month and its later back-payment): sets are
merged with a running maximum over the sorted spells, so the result is the set semantics.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import polars as pl

from anju.adapters.vector.layout import ABSENT, positions

_KEY = np.int64(1 << 20)
"""Months fit in 20 bits: ``account * _KEY + month`` orders spells by account, then month."""

SUMMARY_COLUMNS = ("p0", "p1", "a0", "a1", "run0", "run1", "paid", "arrears")


def month_numbers(days: pl.Expr, low: int, high: int) -> pl.Expr:
    """``year * 12 + month - 1`` of dates between day numbers ``low`` and ``high`` (as
    :func:`.dates.month_index`), via a table of the days spanned: a month's dates repeat, so
    one look-up each is far cheaper than a calendar conversion."""
    span = np.arange(low, high + 1).astype("datetime64[D]")
    table = pl.Series(span.astype("datetime64[M]").astype(np.int64) + 1970 * 12, dtype=pl.Int32)
    return pl.lit(table).gather(days.cast(pl.Int32) - low)


def _cut(spells: pl.DataFrame, m0: int) -> pl.DataFrame:
    """Spells as month numbers, cut at month ``m0`` (as the repository expands them)."""
    if spells.height == 0:
        return pl.DataFrame(schema={"account_id": pl.Int64, "first": pl.Int32, "last": pl.Int32,
                                    "owed": pl.Boolean})
    bounds = spells.select(
        low=pl.min_horizontal(pl.col("first_month").min(), pl.col("last_month").min()).cast(pl.Int32),
        high=pl.max_horizontal(pl.col("first_month").max(), pl.col("last_month").max()).cast(pl.Int32),
    ).row(0)
    low, high = int(bounds[0]), int(bounds[1])
    return spells.lazy().select(
        pl.col("account_id").cast(pl.Int64),
        first=month_numbers(pl.col("first_month"), low, high),
        last=month_numbers(pl.col("last_month"), low, high).clip(upper_bound=m0),
        owed=pl.col("status") == "arrears",
    ).filter(pl.col("first") <= m0).collect()


def _paid_in_order(paid: pl.DataFrame, m0: int) -> pl.DataFrame | None:
    """The paid numbers when every account's spells are sorted and none overlaps an earlier
    one (the usual case) — all column-wise, one pass; None otherwise."""
    account, first, last = pl.col("account_id"), pl.col("first"), pl.col("last")
    same = (account == account.shift(1)).fill_null(False)
    usual = paid.select(
        ((account > account.shift(1)) | (same & (first > last.shift(1)))).fill_null(True).all()
    ).item()
    if not usual:
        return None
    starts = ~same | (first != last.shift(1) + 1)
    return paid.lazy().with_columns(
        starts=starts,
        total=(last - first + 1).cast(pl.Int64).cum_sum(),
    ).with_columns(start=pl.when("starts").then(first).forward_fill()).filter(
        (account != account.shift(-1)).fill_null(True)
    ).select(
        account,
        run0=pl.when(last == m0).then(m0 - pl.col("start") + 1).otherwise(0).cast(pl.Int64),
        run1=pl.when(((first <= m0 - 1) & (last >= m0 - 1)) | ((first == m0) & ~pl.col("starts")))
        .then(m0 - pl.col("start")).otherwise(0).cast(pl.Int64),
        paid=pl.col("total") - pl.col("total").shift(1).fill_null(0),
    ).collect()


@dataclass(frozen=True, slots=True)
class _Blocks:
    """Spells of one kind (sorted by account, then first month) merged into unbroken blocks."""

    account: np.ndarray
    first: np.ndarray
    last: np.ndarray
    start: np.ndarray
    """The first month of the merged block each spell belongs to."""
    new: np.ndarray
    """Months each spell adds to its account's set (0 when already covered)."""
    ends_block: np.ndarray
    end: np.ndarray
    """The block's last month so far (its end on the spell that ends it)."""

    @classmethod
    def of(cls, account: np.ndarray, first: np.ndarray, last: np.ndarray) -> _Blocks:
        n = len(account)
        if not n:
            empty = np.zeros(0, dtype=np.int64)
            return cls(account, first, last, empty, empty, np.zeros(0, dtype=bool), empty)
        same = np.concatenate([[False], account[1:] == account[:-1]])
        previous_last = np.concatenate([[0], last[:-1]])
        if not (same & (first <= previous_last)).any():
            # No spell overlaps an earlier one of its account (the usual case): each spell adds
            # all its months, and a block starts wherever a month is skipped.
            starts = ~same | (first != previous_last + 1)
            new, end = last - first + 1, last
        else:
            first_key, last_key = account * _KEY + first, account * _KEY + last
            reach = np.maximum.accumulate(last_key)
            before = np.concatenate([[-1], reach[:-1]])
            starts = first_key > before + 1  # a new account always starts a block
            new = np.maximum(last_key - np.maximum(first_key - 1, before), 0)
            end = reach - account * _KEY
        begin = np.maximum.accumulate(np.where(starts, np.arange(n), 0))
        ends = np.concatenate([starts[1:], [True]])
        return cls(account, first, last, first[begin], new, ends, end)

    def run_at(self, month: int) -> np.ndarray:
        """Per spell: the unbroken run ending at ``month`` when the spell covers it, else 0."""
        covers = (self.first <= month) & (self.last >= month)
        return np.where(covers, month - self.start + 1, 0)

    def merged(self) -> pl.DataFrame:
        keep = self.ends_block
        return pl.DataFrame({"account_id": self.account[keep], "start": self.start[keep],
                             "end": self.end[keep]})


def _per_account(account: np.ndarray, values: dict[str, np.ndarray],
                 how: dict[str, np.ufunc]) -> pl.DataFrame:
    if not len(account):
        return pl.DataFrame({"account_id": pl.Series([], dtype=pl.Int64)}
                            | {k: pl.Series(k, v[:0]) for k, v in values.items()})
    bounds = np.flatnonzero(np.concatenate([[True], account[1:] != account[:-1]]))
    return pl.DataFrame({"account_id": account[bounds]}
                        | {k: how[k].reduceat(v, bounds) for k, v in values.items()})


def _arrays(frame: pl.DataFrame) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    account = frame["account_id"].to_numpy().astype(np.int64)
    first = frame["first"].to_numpy().astype(np.int64)
    last = frame["last"].to_numpy().astype(np.int64)
    step = np.diff(account)
    if not ((step > 0) | ((step == 0) & (np.diff(first) >= 0))).all():
        order = np.lexsort((first, account))
        account, first, last = account[order], first[order], last[order]
    return account, first, last


def summarise(spells: pl.DataFrame, m0: int) -> pl.DataFrame:
    """Per account (``account_id``, ascending): the numbers above, from spells cut at month ``m0``.

    ``spells`` has ``account_id``, ``first_month``, ``last_month`` (first days of months) and
    ``status``. Accounts without spells are absent (their numbers are all zero / false).
    """
    cut = _cut(spells, m0)
    paid_rows = cut.filter(~pl.col("owed"))
    owed_rows = cut.filter(pl.col("owed"))
    summary = _paid_in_order(paid_rows, m0)
    if summary is None:  # overlapping or unordered spells: merge them as sets
        paid = _Blocks.of(*_arrays(paid_rows))
        summary = _per_account(paid.account, {"run0": paid.run_at(m0), "run1": paid.run_at(m0 - 1),
                                              "paid": paid.new},
                               {"run0": np.maximum, "run1": np.maximum, "paid": np.add})
    # Arrears are few: merge them, and the paid spells of the same accounts, as sets.
    due = _Blocks.of(*_arrays(owed_rows))
    due_blocks = due.merged()
    behind = paid_rows.filter(pl.col("account_id").is_in(due_blocks["account_id"].implode()))
    overlap = due_blocks.join(_Blocks.of(*_arrays(behind)).merged(), on="account_id",
                              suffix="_paid").select(
        "account_id",
        both=(pl.min_horizontal("end", "end_paid") - pl.max_horizontal("start", "start_paid") + 1)
        .clip(lower_bound=0))
    owed_sums = _per_account(due.account, {"owed": due.new,
                                           "o0": due.run_at(m0) > 0, "o1": due.run_at(m0 - 1) > 0},
                             {"owed": np.add, "o0": np.logical_or, "o1": np.logical_or})
    owed_sums = owed_sums.join(overlap.group_by("account_id").agg(both=pl.col("both").sum()),
                               on="account_id", how="left", maintain_order="left")
    return _with_arrears(summary, owed_sums)


def _with_arrears(paid: pl.DataFrame, owed: pl.DataFrame) -> pl.DataFrame:
    """The paid numbers with the arrears of the few accounts that have some placed at their
    rows (a join of the million accounts would copy every column); accounts with arrears only
    are added. Ascending by account."""
    where = positions(paid["account_id"], owed["account_id"]) if owed.height else np.zeros(0, np.int64)
    known = where != ABSENT
    run0, run1 = paid["run0"].to_numpy(), paid["run1"].to_numpy()
    count, both = owed["owed"].to_numpy(), owed["both"].fill_null(0).to_numpy()
    o0, o1 = owed["o0"].to_numpy(), owed["o1"].to_numpy()
    a0, a1 = np.zeros(paid.height, dtype=bool), np.zeros(paid.height, dtype=bool)
    arrears = np.zeros(paid.height, dtype=np.int64)
    at = where[known]
    a0[at], a1[at] = o0[known] & ~(run0[at] > 0), o1[known] & ~(run1[at] > 0)
    arrears[at] = count[known] - both[known]
    summary = paid.select(
        pl.col("account_id").cast(pl.Int64), p0=pl.col("run0") > 0, p1=pl.col("run1") > 0,
        a0=pl.Series(a0), a1=pl.Series(a1), run0=pl.col("run0").cast(pl.Int64),
        run1=pl.col("run1").cast(pl.Int64), paid=pl.col("paid").cast(pl.Int64),
        arrears=pl.Series(arrears))
    alone = owed.filter(pl.Series(~known))
    if not alone.height:
        return summary
    extra = alone.select(
        pl.col("account_id").cast(pl.Int64), p0=pl.lit(False), p1=pl.lit(False), a0="o0", a1="o1",
        run0=pl.lit(0, pl.Int64), run1=pl.lit(0, pl.Int64), paid=pl.lit(0, pl.Int64),
        arrears=(pl.col("owed") - pl.col("both").fill_null(0)).cast(pl.Int64))
    return pl.concat([summary, extra]).sort("account_id")


def months_on(day_month: pl.Expr, later: pl.Expr, continuing: pl.Expr, opened: pl.Expr,
              m0: int) -> tuple[pl.Expr, pl.Expr, pl.Expr]:
    """Continuous, arrears and total months on a day (month ``day_month``), as ``summarise``.

    ``later`` says the day is after the records' date (the only case that projects), and
    ``opened`` is the account's opening month (null when unknown). The summary columns above
    must be present; the day is never before the records' date.
    """
    p0, p1, a0, a1 = pl.col("p0"), pl.col("p1"), pl.col("a0"), pl.col("a1")
    run0, run1 = pl.col("run0"), pl.col("run1")

    def run_of_paid(month: pl.Expr) -> pl.Expr:  # the run of recorded paid months ending there
        return pl.when(month == m0).then(run0).when(month == m0 - 1).then(run1).otherwise(0)

    reference = pl.when((day_month == m0) & p0).then(m0).otherwise(day_month - 1)
    record_reference = pl.when(p0).then(m0).otherwise(m0 - 1)
    start: pl.Expr = pl.when(p0 | p1).then(record_reference + 1)
    nothing_paid = pl.col("paid") == 0
    start = pl.when(nothing_paid & opened.is_not_null() & (opened >= record_reference)) \
        .then(opened).otherwise(start)
    projecting = later & continuing & start.is_not_null() & (start <= reference)
    hit0 = a0 & (start <= m0) & (reference >= m0)
    hit1 = a1 & (start <= m0 - 1) & (reference >= m0 - 1)
    owed_inside = hit0.cast(pl.Int64) + hit1.cast(pl.Int64)
    projected_run = (pl.when(hit0).then(reference - m0)
                     .when(hit1).then(reference - (m0 - 1))
                     .otherwise(reference - start + 1 + run_of_paid(start - 1)))
    continuous = pl.when(projecting).then(projected_run).otherwise(run_of_paid(reference))
    future = pl.when(projecting).then(reference - start + 1 - owed_inside).otherwise(0)
    return continuous, pl.col("arrears"), pl.col("paid") + future
