"""How fast ``summarise`` reads a 10-year deposit history (it runs on every diagnosis).

Prints microseconds per call and the ratio against a plain baseline measured in the same run
on the same machine: a straightforward loop that parses each month with ``strptime`` and
walks back month by month. Target: about 20 µs for 120 months.

Run: ``.venv/bin/python bench/bench_deposits.py``
"""

from __future__ import annotations

import timeit
from datetime import date, datetime

from anju.domain.members.deposits import summarise
from anju.domain.scenario import DepositMonth


def baseline(history: list[DepositMonth], on: date) -> int:
    """The obvious implementation: strptime per entry, dict of statuses, walk back."""
    status: dict[tuple[int, int], str] = {}
    for entry in history:
        parsed = datetime.strptime(entry.month, "%Y-%m")
        key = (parsed.year, parsed.month)
        if entry.status != "arrears" or key not in status:
            status[key] = entry.status
    year, month = on.year, on.month
    if status.get((year, month)) in (None, "arrears"):
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    run = 0
    while status.get((year, month)) in ("paid", "back_paid"):
        run += 1
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return run


def per_call(function: object, repeat: int = 5, number: int = 5000) -> float:
    best = min(timeit.repeat(function, repeat=repeat, number=number))  # type: ignore[arg-type]
    return best / number * 1e6


def main() -> None:
    history = [DepositMonth(f"{2016 + i // 12}-{i % 12 + 1:02d}") for i in range(2, 122)]
    with_arrears = list(history)
    with_arrears[50] = DepositMonth(with_arrears[50].month, "arrears")
    on = date(2026, 3, 15)
    later = date(2026, 9, 1)
    assert summarise(history, on, recorded_through=on, continuing=False).continuous_months == 120
    assert baseline(history, on) == 120

    base = per_call(lambda: baseline(history, on))
    cases = {
        "120 months, all paid": lambda: summarise(
            history, on, recorded_through=on, continuing=False
        ),
        "120 months, one in arrears": lambda: summarise(
            with_arrears, on, recorded_through=on, continuing=False
        ),
        "120 months, projected 6 months": lambda: summarise(
            history, later, recorded_through=on, continuing=True
        ),
    }
    print(f"{'baseline (strptime + walk)':<42}{base:7.2f} µs")
    for name, call in cases.items():
        took = per_call(call)
        print(f"summarise: {name:<32}{took:7.2f} µs   {base / took:5.1f}× faster than baseline")


if __name__ == "__main__":
    main()
