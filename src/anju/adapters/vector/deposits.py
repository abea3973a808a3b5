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

Spells may overlap (an import may carry an arrears month and its later back-payment): each
account's spells are merged, in order of first month, into unbroken blocks of paid and of
arrears months, so the result is the set semantics. That is one pass over the spells, a loop
compiled by Numba: a million accounts have some twenty million spells, and column-wise the
same took a dozen passes, each writing twenty million rows (measured with bench/screen.py).
"""

from __future__ import annotations

import numba
import numpy as np
import polars as pl

from anju.domain.errors import InputError

SUMMARY_COLUMNS = ("p0", "p1", "a0", "a1", "run0", "run1", "paid", "arrears")
_FLAGS, _COUNTS = SUMMARY_COLUMNS[:4], SUMMARY_COLUMNS[4:]


def summarise(spells: pl.DataFrame, m0: int) -> pl.DataFrame:
    """Per account (``account_id``, ascending): the numbers above, from spells cut at month ``m0``.

    ``spells`` has ``account_id``, ``first_month``, ``last_month`` (first days of months) and
    ``status``. Accounts without spells are absent (their numbers are all zero / false); an
    account whose spells all begin after ``m0`` too.
    """
    if spells.height == 0:
        return pl.DataFrame(schema={"account_id": pl.Int64} | {
            c: pl.Boolean if c in _FLAGS else pl.Int64 for c in SUMMARY_COLUMNS})
    frame = spells.select(pl.col("account_id").cast(pl.Int64), pl.col("first_month").cast(pl.Date),
                          pl.col("last_month").cast(pl.Date), owed=pl.col("status") == "arrears")
    if frame.select(pl.any_horizontal(pl.all().is_null().any())).item():
        raise InputError("缴存明细的账户、起止月份和状态不能为空")
    account, first, last, owed = _arrays(frame)
    accounts, longest, ordered, low, high = _extent(account, first, last)
    if not ordered:  # an account's spells scattered or out of order: sorted once
        account, first, last, owed = _arrays(frame.sort("account_id", "first_month"))
        accounts, longest, _, low, high = _extent(account, first, last)
    span = np.arange(low, high + 1).astype("datetime64[D]")
    months = (span.astype("datetime64[M]").astype(np.int64) + 1970 * 12).astype(np.int32)
    bounds = _bounds(account, accounts)
    kept, flags, counts = _summary(account, first, last, owed, months, low, m0, bounds, longest)
    columns = [account[bounds[:-1]], *flags, *counts]
    if not kept.all():
        columns = [c[kept] for c in columns]
    return pl.DataFrame(dict(zip(("account_id", *SUMMARY_COLUMNS), columns, strict=True)))


def _arrays(frame: pl.DataFrame) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Account, first and last day (as day numbers), owed (0/1): the kernels' inputs.

    Made one piece by Polars, then viewed by NumPy: the spells come in the reader's pieces,
    and NumPy joining them took fresh pages from the system for a third of a gigabyte (0.3 s
    of page faults), where Polars' allocator reuses what the reading freed."""
    whole = frame.select(pl.col("account_id"), pl.col("first_month").to_physical(),
                         pl.col("last_month").to_physical(), pl.col("owed").cast(pl.UInt8)).rechunk()
    account, first, last, owed = (whole[c].to_numpy() for c in whole.columns)
    return account, first, last, owed


@numba.njit(cache=True, nogil=True)
def _extent(account: np.ndarray, first: np.ndarray, last: np.ndarray) -> tuple[int, int, bool, int, int]:
    """One pass over the spells: how many accounts, the most spells of one account, whether
    each account's spells are together and in order of first month, and the days spanned."""
    accounts, longest, run, ordered = 0, 0, 0, True
    low, high = min(first[0], last[0]), max(first[0], last[0])
    for i in range(len(account)):
        low, high = min(low, first[i], last[i]), max(high, first[i], last[i])
        if i == 0 or account[i] != account[i - 1]:
            accounts += 1
            run = 0
            if i and account[i] < account[i - 1]:
                ordered = False
        elif first[i] < first[i - 1]:
            ordered = False
        run += 1
        longest = max(longest, run)
    return accounts, longest, ordered, low, high


@numba.njit(cache=True, nogil=True)
def _bounds(account: np.ndarray, accounts: int) -> np.ndarray:
    """Where each account's spells begin (and, last, the end of the spells)."""
    bounds = np.empty(accounts + 1, dtype=np.int64)
    at = 0
    for i in range(len(account)):
        if i == 0 or account[i] != account[i - 1]:
            bounds[at] = i
            at += 1
    bounds[accounts] = len(account)
    return bounds


@numba.njit(cache=True, nogil=True)
def _merge(starts: np.ndarray, ends: np.ndarray, count: int, first: int, last: int) -> tuple[int, int]:
    """Add months ``first``..``last`` to the merged blocks ``starts``/``ends`` (in order of
    first month, as the spells come); returns the new block count and the months added."""
    if count and first <= ends[count - 1] + 1:
        added = max(last - max(first - 1, ends[count - 1]), 0)
        ends[count - 1] = max(ends[count - 1], last)
        return count, added
    starts[count], ends[count] = first, last
    return count + 1, last - first + 1


@numba.njit(cache=True, nogil=True)
def _summary(account: np.ndarray, first: np.ndarray, last: np.ndarray, owed: np.ndarray,
             months: np.ndarray, low: int, m0: int, bounds: np.ndarray,
             longest: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The numbers of every account, from its spells in order of first month: the paid and
    the arrears months are each merged into unbroken blocks (the sets the per-person engine
    builds, without expanding a month), then compared. ``kept``: the account has a spell
    that begins by M0."""
    accounts = len(bounds) - 1
    kept = np.zeros(accounts, dtype=np.bool_)
    flags = np.zeros((4, accounts), dtype=np.bool_)  # a row per column: each is contiguous
    counts = np.zeros((4, accounts), dtype=np.int64)
    paid_start, paid_end = np.empty(longest, np.int64), np.empty(longest, np.int64)
    due_start, due_end = np.empty(longest, np.int64), np.empty(longest, np.int64)
    for a in range(accounts):
        paid_blocks = due_blocks = paid = due = 0
        for k in range(bounds[a], bounds[a + 1]):  # the account's spells
            start = months[first[k] - low]
            if start > m0:
                break  # in order of first month: the rest begin later still
            kept[a] = True
            end = min(months[last[k] - low], m0)
            if end < start:
                continue  # an empty spell
            if owed[k]:
                due_blocks, added = _merge(due_start, due_end, due_blocks, start, end)
                due += added
            else:
                paid_blocks, added = _merge(paid_start, paid_end, paid_blocks, start, end)
                paid += added
        if kept[a]:
            _close(flags, counts, a, m0, paid_start, paid_end, paid_blocks, paid,
                   due_start, due_end, due_blocks, due)
    return kept, flags, counts


@numba.njit(cache=True, nogil=True)
def _close(flags: np.ndarray, counts: np.ndarray, a: int, m0: int, paid_start: np.ndarray,
           paid_end: np.ndarray, paid_blocks: int, paid: int, due_start: np.ndarray,
           due_end: np.ndarray, due_blocks: int, due: int) -> None:
    """One account's numbers from its merged blocks (disjoint, in order: the last block holds
    the latest months, and a run ending at M0 or M0-1 can only be the last block's)."""
    run0 = run1 = 0
    if paid_blocks:
        start, end = paid_start[paid_blocks - 1], paid_end[paid_blocks - 1]
        if end == m0:
            run0 = m0 - start + 1
        if start <= m0 - 1 <= end:
            run1 = m0 - start
    both, p, d = 0, 0, 0  # months both paid and in arrears: the blocks walked side by side
    while p < paid_blocks and d < due_blocks:
        both += max(min(paid_end[p], due_end[d]) - max(paid_start[p], due_start[d]) + 1, 0)
        if paid_end[p] < due_end[d]:
            p += 1
        else:
            d += 1
    if due_blocks:
        start, end = due_start[due_blocks - 1], due_end[due_blocks - 1]
        flags[2, a] = end == m0 and run0 == 0
        flags[3, a] = start <= m0 - 1 <= end and run1 == 0
    flags[0, a], flags[1, a] = run0 > 0, run1 > 0
    counts[0, a], counts[1, a], counts[2, a], counts[3, a] = run0, run1, paid, due - both


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
