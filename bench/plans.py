"""Benchmark: the full plan search for a couple with two helping parents.

Times ``anju.services.planning.make_plans`` (policy from the loaded pack, request from the
scenario, every financing × method × term × balance strategy, rankings) and, in the same run, a
baseline: one 30-year 等额本息 schedule. Prints p50 and p99 of each, their ratio, and the
target (p50 ≤ 20 ms).

    .venv/bin/python bench/plans.py [--runs N]
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable
from datetime import date
from decimal import Decimal

from anju.adapters.policy_files import load_pack
from anju.domain.planner.amortisation import amortise
from anju.domain.scenario import Account, Person, Purchase, Scenario, Visit
from anju.services.planning import PlanOptions, make_plans

TARGET_P50_MS = 20.0
ON = date(2026, 12, 1)


def couple_with_parents() -> Scenario:
    def account(balance: str, base: str | None = None) -> Account:
        ratio = Decimal("0.12") if base else None
        return Account(status="active", balance=Decimal(balance),
                       base=Decimal(base) if base else None, rate_employee=ratio,
                       rate_employer=ratio)

    return Scenario(
        on=ON,
        applicant=Person(name="张伟", birth_date=date(1994, 3, 8), sex="male",
                         marital_status="married", children_count=1,
                         monthly_income=Decimal(12000), account=account("60000", "8000")),
        spouse=Person(name="李娜", birth_date=date(1996, 7, 21), sex="female",
                      marital_status="married", monthly_income=Decimal(9000),
                      account=account("40000", "6000")),
        parents=[Person(name="张父", sex="male", account=account("80000")),
                 Person(name="李母", sex="female", account=account("50000"))],
        visit=Visit(purchase=Purchase(kind="new", price=Decimal(1200000), area=Decimal(110))),
    )


def timings(fn: Callable[[], object], runs: int) -> list[float]:
    for _ in range(max(3, runs // 20)):  # warm-up
        fn()
    out = []
    for _ in range(runs):
        start = time.perf_counter_ns()
        fn()
        out.append((time.perf_counter_ns() - start) / 1e6)
    return sorted(out)


def percentile(sorted_ms: list[float], q: float) -> float:
    return sorted_ms[min(len(sorted_ms) - 1, int(q * len(sorted_ms)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=200)
    args = parser.parse_args()

    pack = load_pack()
    scenario = couple_with_parents()
    options = PlanOptions(max_monthly_payment=Decimal(6000), max_down_payment=Decimal(400000))
    result = make_plans(pack, scenario, ON, options)

    search_ms = timings(lambda: make_plans(pack, scenario, ON, options), args.runs)
    baseline_ms = timings(
        lambda: amortise(Decimal(1020000), Decimal("0.0305"), 360), args.runs)

    p50, p99 = percentile(search_ms, 0.50), percentile(search_ms, 0.99)
    b50, b99 = percentile(baseline_ms, 0.50), percentile(baseline_ms, 0.99)
    print(f"plan search (couple + 2 parents): {len(result.plans)} plans, "
          f"{len({p.parts for p in result.plans})} distinct loan structures, {args.runs} runs")
    print(f"  search    p50 {p50:7.2f} ms   p99 {p99:7.2f} ms   mean "
          f"{statistics.fmean(search_ms):7.2f} ms")
    print(f"  baseline  p50 {b50:7.3f} ms   p99 {b99:7.3f} ms   "
          f"(one 360-month 等额本息 schedule, Decimal)")
    print(f"  ratio     search p50 = {p50 / b50:.1f} × baseline p50")
    verdict = "meets" if p50 <= TARGET_P50_MS else "MISSES"
    print(f"  target    p50 ≤ {TARGET_P50_MS:.0f} ms: {verdict} ({p50:.2f} ms)")


if __name__ == "__main__":
    main()
