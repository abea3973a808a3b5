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

import polars as pl

_KEY = 1 << 20
"""Months fit in 20 bits: ``account * _KEY + month`` orders spells by account, then month."""

SUMMARY_COLUMNS = ("p0", "p1", "a0", "a1", "run0", "run1", "paid", "arrears")


def _blocks(spells: pl.LazyFrame) -> pl.LazyFrame:
    """Spells sorted by (account, first) with their merged block's start and running end."""
    first_key = pl.col("account_id") * _KEY + pl.col("first")
    last_key = pl.col("account_id") * _KEY + pl.col("last")
    before = last_key.cum_max().shift(1).fill_null(-1)
    return spells.sort("account_id", "first").with_columns(
        starts=first_key > before + 1,
        new=(last_key - pl.max_horizontal(first_key - 1, before)).clip(lower_bound=0),
        end=last_key.cum_max() - pl.col("account_id") * _KEY,
    ).with_columns(start=pl.when("starts").then("first").forward_fill())


def _merged(blocks: pl.LazyFrame) -> pl.LazyFrame:
    """One row per merged block: (account_id, start, end)."""
    last_of_block = pl.col("starts").shift(-1).fill_null(True)
    return blocks.filter(last_of_block).select("account_id", "start", "end")


def summarise(spells: pl.LazyFrame, m0: int) -> pl.LazyFrame:
    """Per account (``account_id``): the numbers above, from spells cut at month ``m0``.

    ``spells`` has ``account_id``, ``first`` and ``last`` (month indices) and ``status``.
    Accounts without spells are absent (their numbers are all zero / false).
    """
    cut = spells.filter(pl.col("first") <= m0).with_columns(last=pl.min_horizontal("last", m0))
    paid = _blocks(cut.filter(pl.col("status") != "arrears"))
    owed = _blocks(cut.filter(pl.col("status") == "arrears"))

    def run_at(month: int) -> pl.Expr:
        covers = (pl.col("first") <= month) & (pl.col("last") >= month)
        return pl.when(covers).then(month - pl.col("start") + 1).otherwise(0).max()

    paid_sums = paid.group_by("account_id").agg(
        run0=run_at(m0), run1=run_at(m0 - 1), paid=pl.col("new").sum())
    paid_blocks = _merged(paid)
    owed_blocks = _merged(owed)
    overlap = owed_blocks.join(paid_blocks, on="account_id", suffix="_paid").select(
        "account_id",
        both=(pl.min_horizontal("end", "end_paid") - pl.max_horizontal("start", "start_paid") + 1)
        .clip(lower_bound=0))
    owed_sums = owed_blocks.group_by("account_id").agg(
        owed=(pl.col("end") - pl.col("start") + 1).sum(),
        o0=((pl.col("start") <= m0) & (pl.col("end") >= m0)).any(),
        o1=((pl.col("start") <= m0 - 1) & (pl.col("end") >= m0 - 1)).any(),
    ).join(overlap.group_by("account_id").agg(both=pl.col("both").sum()), on="account_id",
           how="left")
    return paid_sums.join(owed_sums, on="account_id", how="full", coalesce=True).select(
        "account_id",
        p0=pl.col("run0").fill_null(0) > 0,
        p1=pl.col("run1").fill_null(0) > 0,
        a0=pl.col("o0").fill_null(False) & ~(pl.col("run0").fill_null(0) > 0),
        a1=pl.col("o1").fill_null(False) & ~(pl.col("run1").fill_null(0) > 0),
        run0=pl.col("run0").fill_null(0),
        run1=pl.col("run1").fill_null(0),
        paid=pl.col("paid").fill_null(0),
        arrears=pl.col("owed").fill_null(0) - pl.col("both").fill_null(0),
    )


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
    start = pl.when(p0 | p1).then(record_reference + 1)
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
