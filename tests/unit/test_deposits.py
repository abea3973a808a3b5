"""Deposit history derivations: continuous months, arrears, totals, projection, sealed time."""

from __future__ import annotations

import random
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from anju.domain.errors import InputError
from anju.domain.members.deposits import DepositSummary, sealed_months, summarise
from anju.domain.scenario import DepositMonth


def months(first: str, count: int, status: str = "paid") -> list[DepositMonth]:
    year, month = int(first[:4]), int(first[5:])
    out = []
    for i in range(count):
        y, m0 = divmod(year * 12 + month - 1 + i, 12)
        out.append(DepositMonth(f"{y:04d}-{m0 + 1:02d}", status))  # type: ignore[arg-type]
    return out


def at(on: date, history: list[DepositMonth]) -> DepositSummary:
    return summarise(history, on, recorded_through=on, continuing=False)


def test_unbroken_history_counts_to_the_month_before_the_date() -> None:
    history = months("2025-03", 12)  # 2025-03 .. 2026-02
    summary = at(date(2026, 3, 10), history)
    assert summary == DepositSummary(
        reference_month=date(2026, 2, 1),
        continuous_months=12,
        arrears_months=0,
        total_months=12,
        first_month=date(2025, 3, 1),
        last_paid_month=date(2026, 2, 1),
        projected_months=0,
    )


def test_the_month_of_the_date_counts_when_already_paid() -> None:
    history = months("2025-04", 12)  # through 2026-03
    summary = at(date(2026, 3, 10), history)
    assert summary.reference_month == date(2026, 3, 1)
    assert summary.continuous_months == 12


def test_order_does_not_matter() -> None:
    history = months("2024-01", 27)
    shuffled = list(history)
    random.Random(7).shuffle(shuffled)
    assert at(date(2026, 4, 1), shuffled) == at(date(2026, 4, 1), history)


def test_a_missing_month_breaks_the_run() -> None:
    history = months("2025-01", 6) + months("2025-08", 7)  # 2025-07 missing
    summary = at(date(2026, 3, 1), history)
    assert summary.continuous_months == 7
    assert summary.total_months == 13
    assert summary.arrears_months == 0


def test_arrears_break_the_run_and_are_counted() -> None:
    history = months("2025-01", 6) + months("2025-07", 2, "arrears") + months("2025-09", 6)
    summary = at(date(2026, 3, 1), history)
    assert (summary.continuous_months, summary.arrears_months, summary.total_months) == (6, 2, 12)


def test_back_paid_months_count_as_deposited() -> None:
    history = months("2025-01", 6) + months("2025-07", 2, "back_paid") + months("2025-09", 6)
    summary = at(date(2026, 3, 1), history)
    assert (summary.continuous_months, summary.arrears_months, summary.total_months) == (14, 0, 14)


def test_arrears_later_back_paid_count_as_deposited() -> None:
    history = [
        *months("2025-01", 4),
        DepositMonth("2025-05", "arrears"),
        DepositMonth("2025-05", "back_paid"),
    ]
    summary = at(date(2025, 6, 1), history)
    assert (summary.continuous_months, summary.arrears_months, summary.total_months) == (5, 0, 5)


def test_a_last_month_in_arrears_means_no_current_run() -> None:
    history = [*months("2025-01", 12), DepositMonth("2026-01", "arrears")]
    summary = at(date(2026, 2, 15), history)
    assert summary.continuous_months == 0
    assert summary.last_paid_month == date(2025, 12, 1)


def test_months_after_the_date_are_ignored() -> None:
    history = [*months("2025-01", 18), DepositMonth("2026-08", "arrears")]
    summary = at(date(2025, 7, 1), history)
    # July 2025, the month of the date, is already paid: the run ends there.
    assert (summary.continuous_months, summary.total_months, summary.arrears_months) == (7, 7, 0)
    assert summary.last_paid_month == date(2025, 7, 1)


def test_empty_history() -> None:
    summary = at(date(2026, 3, 1), [])
    assert summary == DepositSummary(date(2026, 2, 1), 0, 0, 0, None, None, 0)


def test_projection_extends_an_unbroken_run_while_continuing() -> None:
    recorded = date(2026, 3, 15)
    history = months("2025-12", 3)  # 2025-12 .. 2026-02; March not yet recorded
    now = summarise(history, recorded, recorded_through=recorded, continuing=True)
    assert now.continuous_months == 3
    later = summarise(history, date(2026, 6, 1), recorded_through=recorded, continuing=True)
    # March, April and May are projected; June is the month of the date, not yet due.
    assert (later.continuous_months, later.projected_months) == (6, 3)
    assert later.last_paid_month == date(2026, 5, 1)
    assert later.total_months == 6


def test_projection_answers_from_which_date_six_months_are_reached() -> None:
    recorded = date(2026, 3, 15)
    history = months("2025-12", 3)
    first = next(
        day
        for day in (date(2026, m, 1) for m in range(3, 13))
        if summarise(history, day, recorded_through=recorded, continuing=True).continuous_months
        >= 6
    )
    assert first == date(2026, 6, 1)


def test_nothing_is_projected_without_continuing() -> None:
    recorded = date(2026, 3, 15)
    history = months("2025-12", 3)
    later = summarise(history, date(2026, 6, 1), recorded_through=recorded, continuing=False)
    assert (later.continuous_months, later.projected_months, later.total_months) == (0, 0, 3)


def test_nothing_is_projected_after_a_broken_run() -> None:
    recorded = date(2026, 3, 15)
    history = [*months("2025-06", 6), DepositMonth("2026-02", "arrears")]
    later = summarise(history, date(2026, 9, 1), recorded_through=recorded, continuing=True)
    assert (later.continuous_months, later.projected_months) == (0, 0)
    gap = months("2025-06", 6)  # January and February missing
    later = summarise(gap, date(2026, 9, 1), recorded_through=recorded, continuing=True)
    assert (later.continuous_months, later.projected_months) == (0, 0)


def test_nothing_is_projected_for_a_date_before_the_record() -> None:
    history = months("2025-01", 12)
    on, recorded = date(2025, 7, 1), date(2026, 1, 5)
    summary = summarise(history, on, recorded_through=recorded, continuing=True)
    assert (summary.continuous_months, summary.projected_months) == (7, 0)


@pytest.mark.parametrize(
    "bad", ["2026-13", "2026-00", "2026-1", "26-01", "2026/01", "２０２６-01", "0000-01", ""]
)
def test_invalid_month_names_the_entry(bad: str) -> None:
    history = [*months("2025-01", 3), DepositMonth(bad)]
    with pytest.raises(InputError) as caught:
        at(date(2026, 1, 1), history)
    assert "缴存明细第4条的月份无效" in caught.value.message
    assert caught.value.problems[0].path == "history[3].month"
    assert f"实际为“{bad}”" in caught.value.problems[0].message


def test_invalid_status_names_the_entry() -> None:
    history = [*months("2025-01", 2), DepositMonth("2025-03", "unpaid")]  # type: ignore[arg-type]
    with pytest.raises(InputError) as caught:
        at(date(2026, 1, 1), history)
    assert caught.value.problems[0].path == "history[2].status"
    assert "实际为“unpaid”" in caught.value.problems[0].message


def test_sealed_months() -> None:
    assert sealed_months(date(2025, 9, 30), date(2026, 3, 30)) == 6
    assert sealed_months(date(2025, 9, 30), date(2026, 3, 29)) == 5
    assert sealed_months(date(2026, 3, 1), date(2026, 1, 1)) == 0


# --- properties -----------------------------------------------------------------------------

WINDOW_START = 2024 * 12  # 2024-01
WINDOW = 36  # months 2024-01 .. 2026-12


def month_name(index: int) -> str:
    year, month0 = divmod(index, 12)
    return f"{year:04d}-{month0 + 1:02d}"


entries = st.builds(
    DepositMonth,
    st.integers(WINDOW_START, WINDOW_START + WINDOW - 1).map(month_name),
    st.sampled_from(["paid", "paid", "paid", "back_paid", "arrears"]),
)
histories = st.lists(entries, max_size=40)
days = st.dates(min_value=date(2023, 12, 1), max_value=date(2027, 6, 30))


def reference_model(
    history: list[DepositMonth], on: date, recorded_through: date, continuing: bool
) -> tuple[int, int, int, int]:
    """The rules restated month by month, to check the optimised code against."""
    deposited: set[int] = set()
    owed: set[int] = set()
    for entry in history:
        index = int(entry.month[:4]) * 12 + int(entry.month[5:]) - 1
        (owed if entry.status == "arrears" else deposited).add(index)
    on_index = on.year * 12 + on.month - 1
    deposited = {m for m in deposited if m <= on_index}
    owed = {m for m in owed if m <= on_index} - deposited
    reference = on_index if on_index in deposited else on_index - 1
    projected = 0
    if continuing and on > recorded_through:
        rec = recorded_through.year * 12 + recorded_through.month - 1
        rec_reference = rec if rec in deposited else rec - 1
        if rec_reference in deposited:
            for m in range(rec_reference + 1, reference + 1):
                if m not in deposited and m not in owed:
                    deposited.add(m)
                    projected += 1
    run = 0
    while reference - run in deposited:
        run += 1
    return run, len(owed), len(deposited), projected


@given(histories, days, days, st.booleans())
def test_agrees_with_the_month_by_month_model(
    history: list[DepositMonth], on: date, recorded: date, continuing: bool
) -> None:
    s = summarise(history, on, recorded_through=recorded, continuing=continuing)
    expected = reference_model(history, on, recorded, continuing)
    assert (s.continuous_months, s.arrears_months, s.total_months, s.projected_months) == expected


@given(histories, days, days, st.booleans())
def test_continuous_never_exceeds_total(
    history: list[DepositMonth], on: date, recorded: date, continuing: bool
) -> None:
    s = summarise(history, on, recorded_through=recorded, continuing=continuing)
    assert 0 <= s.continuous_months <= s.total_months
    assert (s.first_month is None) == (s.total_months == 0)


@given(histories, days, st.sampled_from(["paid", "back_paid"]))
def test_paying_the_reference_month_never_lowers_the_run(
    history: list[DepositMonth], on: date, status: str
) -> None:
    before = at(on, history)
    month = month_name(before.reference_month.year * 12 + before.reference_month.month - 1)
    after = at(on, [*history, DepositMonth(month, status)])  # type: ignore[arg-type]
    assert after.continuous_months >= before.continuous_months


@given(histories, days, days, days)
def test_projecting_further_never_lowers_the_run(
    history: list[DepositMonth], recorded: date, a: date, b: date
) -> None:
    # The record ends at its date: keep only months up to it.
    last = recorded.year * 12 + recorded.month - 1
    kept = [e for e in history if int(e.month[:4]) * 12 + int(e.month[5:]) - 1 <= last]
    early, late = sorted((a, b))
    first = summarise(kept, early, recorded_through=recorded, continuing=True)
    second = summarise(kept, late, recorded_through=recorded, continuing=True)
    if early > recorded:
        assert second.continuous_months >= first.continuous_months
