"""Deposit history (缴存明细) derivations: continuous months, arrears, totals, sealed time.

A history is a list of :class:`~anju.domain.scenario.DepositMonth` in any order; a month absent
from it was not deposited. ``paid`` (按时足额) and ``back_paid`` (补缴) months count as deposited;
``arrears`` (欠缴) months are due and still owed. When a month appears more than once, any
paid or back-paid entry wins over an arrears entry (the arrears were later settled).

This runs on every diagnosis, so it avoids per-entry Python work where it can: months are
looked up in a memo of already-validated "YYYY-MM" strings and statuses are checked in bulk.

>>> from anju.domain.scenario import DepositMonth
>>> history = [DepositMonth(f"2025-{m:02d}") for m in range(1, 13)]
>>> s = summarise(history, date(2026, 1, 20), recorded_through=date(2026, 1, 20), continuing=False)
>>> s.continuous_months, s.total_months, s.reference_month
(12, 12, datetime.date(2025, 12, 1))
>>> s = summarise(history, date(2026, 5, 1), recorded_through=date(2026, 1, 20), continuing=True)
>>> s.continuous_months, s.projected_months
(16, 4)
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from operator import attrgetter

from anju.domain.calendar import months_between
from anju.domain.errors import InputError, Problem
from anju.domain.members.spells import SpellHistory
from anju.domain.scenario import DepositMonth

_DEPOSITED = frozenset({"paid", "back_paid"})
_STATUSES = frozenset({"paid", "back_paid", "arrears"})
_DIGITS = frozenset("0123456789")
_month_of = attrgetter("month")
_status_of = attrgetter("status")

_MONTH_INDEX: dict[str, int] = {}
"""Memo of validated "YYYY-MM" strings to ``year * 12 + month - 1``.

Only valid strings are stored, so it is bounded by the 9999 * 12 possible months; in practice
it holds the few hundred months that deposit histories span.
"""


@dataclass(frozen=True, slots=True)
class DepositSummary:
    """What a deposit history says on a date."""

    reference_month: date
    """First day of the month the continuous run ends at: the month of ``on`` when it is
    deposited, else the month before it (the current month may not be due yet)."""
    continuous_months: int
    """连续缴存月数: the unbroken run of deposited months ending at the reference month."""
    arrears_months: int
    """欠缴月数: months up to ``on`` in arrears and not since back-paid."""
    total_months: int
    """累计缴存月数: deposited months (paid and back-paid) up to ``on``."""
    first_month: date | None
    """First day of the earliest deposited month, None when nothing was deposited."""
    last_paid_month: date | None
    """First day of the latest deposited month, None when nothing was deposited."""
    projected_months: int = 0
    """How many of the counted months are projected (assumed paid after the record ends)."""


def _index_to_date(index: int) -> date:
    year, month0 = divmod(index, 12)
    return date(year, month0 + 1, 1)


def _month_index(text: object, position: int) -> int:
    """Validate one "YYYY-MM" string, memoise it and return its month index."""
    if (
        isinstance(text, str)
        and len(text) == 7
        and text[4] == "-"
        and all(c in _DIGITS for c in text[:4] + text[5:])
    ):
        year, month = int(text[:4]), int(text[5:])
        if year >= 1 and 1 <= month <= 12:
            _MONTH_INDEX[text] = index = year * 12 + month - 1
            return index
    problem = Problem(
        path=f"history[{position}].month",
        message=f"应为年月 YYYY-MM（如 2026-03），实际为“{text}”",
    )
    raise InputError(f"缴存明细第{position + 1}条的月份无效", [problem])


def _indices(months: list[str]) -> list[int]:
    try:
        return list(map(_MONTH_INDEX.__getitem__, months))
    except (KeyError, TypeError):
        # Some month is new to the memo (or not even a string): validate one by one.
        memo = _MONTH_INDEX
        return [
            memo[m] if isinstance(m, str) and m in memo else _month_index(m, i)
            for i, m in enumerate(months)
        ]


def _bad_status(position: int, status: object) -> InputError:
    problem = Problem(
        path=f"history[{position}].status",
        message=f"应为 paid（缴存）、back_paid（补缴）或 arrears（欠缴），实际为“{status}”",
    )
    return InputError(f"缴存明细第{position + 1}条的状态无效", [problem])


def _split(history: Sequence[DepositMonth]) -> tuple[set[int], set[int]]:
    """Month indices deposited and in arrears (settled arrears removed)."""
    if isinstance(history, SpellHistory):
        # Stored histories are spells: whole ranges at once, no month strings to read.
        for position, spell in enumerate(history.spells):
            if spell.status not in _STATUSES:
                raise _bad_status(position, spell.status)
        return history.split()
    indices = _indices(list(map(_month_of, history)))
    kinds = set(map(_status_of, history))
    if kinds <= _DEPOSITED:
        return set(indices), set()
    statuses = list(map(_status_of, history))
    if not kinds <= _STATUSES:
        position, bad = next((i, s) for i, s in enumerate(statuses) if s not in _STATUSES)
        raise _bad_status(position, bad)
    paid: set[int] = set()
    arrears: set[int] = set()
    for month, status in zip(indices, statuses, strict=True):
        if status == "arrears":
            arrears.add(month)
        else:
            paid.add(month)
    return paid, arrears - paid


def summarise(
    history: Sequence[DepositMonth], on: date, *, recorded_through: date, continuing: bool,
    opened_on: date | None = None,
) -> DepositSummary:
    """Summarise a deposit history as of ``on``.

    The continuous run ends at the reference month (the month of ``on`` when it is deposited,
    else the month before); an arrears month or a missing month breaks it. Months after
    ``on``'s month are ignored.

    Projection: ``recorded_through`` is the date the history was recorded up to. When ``on``
    is later and ``continuing`` is true (an active account of someone employed or flexibly
    employed), every month from ``recorded_through``'s month up to the reference month that
    the record does not show counts as paid — provided the run was unbroken at
    ``recorded_through`` (someone in arrears or with a gap then is not assumed to resume).
    ``recorded_through``'s own month is included because it was not yet due when recorded.
    This is how the engine answers "from which date will you have 6 continuous months".
    An account opened in the record's last month or the one before (``opened_on``) has had no
    deposit due yet, so its projection starts at the opening month.

    >>> from anju.domain.scenario import DepositMonth as M
    >>> h = [M("2026-01"), M("2026-02", "arrears"), M("2026-03"), M("2026-04", "back_paid")]
    >>> s = summarise(h, date(2026, 4, 30), recorded_through=date(2026, 4, 30), continuing=True)
    >>> s.continuous_months, s.arrears_months, s.total_months
    (2, 1, 3)
    """
    paid, arrears = _split(history)
    on_index = on.year * 12 + on.month - 1
    if paid and max(paid) > on_index:
        paid = {m for m in paid if m <= on_index}
    if arrears:
        arrears = {m for m in arrears if m <= on_index}
    reference = on_index if on_index in paid else on_index - 1

    projected = 0
    if continuing and on > recorded_through:
        record_index = recorded_through.year * 12 + recorded_through.month - 1
        record_reference = record_index if record_index in paid else record_index - 1
        start = record_reference + 1 if record_reference in paid else None
        if opened_on is not None and not paid:
            opened = opened_on.year * 12 + opened_on.month - 1
            if opened >= record_reference:  # nothing was due yet when the record was taken
                start = opened
        if start is not None:
            future = set(range(start, reference + 1)) - paid - arrears
            if future:
                projected = len(future)
                paid = paid | future

    if not paid:
        return DepositSummary(_index_to_date(reference), 0, len(arrears), 0, None, None, 0)
    first, last = min(paid), max(paid)
    if reference == last and last - first + 1 == len(paid):
        run = len(paid)  # one gapless block ending at the reference month: no need to walk
    else:
        run = 0
        month = reference
        while month in paid:
            run += 1
            month -= 1
    return DepositSummary(
        reference_month=_index_to_date(reference),
        continuous_months=run,
        arrears_months=len(arrears),
        total_months=len(paid),
        first_month=_index_to_date(first),
        last_paid_month=_index_to_date(last),
        projected_months=projected,
    )


def sealed_months(sealed_on: date, on: date) -> int:
    """Whole months an account has been sealed (封存) on ``on``; 0 if sealed later than ``on``.

    >>> sealed = date(2025, 9, 30)
    >>> sealed_months(sealed, date(2026, 3, 30)), sealed_months(sealed, date(2026, 3, 29))
    (6, 5)
    >>> sealed_months(sealed, date(2025, 9, 1))
    0
    """
    return max(0, months_between(sealed_on, on))
