"""Benchmark: the full diagnosis (every business) for one scenario.

Target (issue 2): p50 ≤ 0.5 ms. Prints p50/p99 over 10,000 runs and, measured in the same run,
two baselines: deriving the facts alone (the floor every diagnosis pays) and a naive engine that
re-parses every condition expression on each call (what compiling the pack once saves).

    .venv/bin/python bench/diagnosis.py [--runs N] [--scenario FILE]
"""

from __future__ import annotations

import argparse
import statistics
import time
from datetime import date
from pathlib import Path

from anju import bootstrap
from anju.adapters.scenario_files import read_scenario
from anju.config import Settings
from anju.domain.policy.assess import facts_for
from anju.domain.policy.evaluate import evaluate
from anju.domain.policy.expr import compile_expr
from anju.domain.policy.parse_support import PackNames

ROOT = Path(__file__).resolve().parents[1]
DEFAULT = ROOT / "bench" / "scenario_couple.yaml"


def timings(fn, runs: int) -> list[float]:
    samples = []
    for _ in range(runs):
        start = time.perf_counter_ns()
        fn()
        samples.append((time.perf_counter_ns() - start) / 1e6)
    return samples


def pct(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=10_000)
    parser.add_argument("--scenario", type=Path, default=DEFAULT)
    args = parser.parse_args()
    app = bootstrap.build(Settings(database_url="sqlite://"))
    scenario = read_scenario(args.scenario)
    on = scenario.on or date(2026, 11, 27)
    pack, calendar = app.pack, app.calendar

    diagnosis = evaluate(pack, scenario, on, calendar)
    outcomes = statistics.multimode(d.outcome.value for d in diagnosis.decisions)
    for _ in range(200):  # warm caches (holiday look-ups, parameter values)
        evaluate(pack, scenario, on, calendar)

    full = timings(lambda: evaluate(pack, scenario, on, calendar), args.runs)
    floor = timings(lambda: facts_for(pack, scenario, on).complete(), args.runs)
    ctx = PackNames(param_types={n: p.type for n, p in pack.parameters.items()},
               definition_types=dict(pack.definition_types))
    sources = [c.when.source for b in pack.businesses for c in b.conditions]

    def naive() -> None:  # re-compile every condition, then evaluate it
        facts = facts_for(pack, scenario, on)
        params = pack.values_on(on)
        for source in sources:
            compile_expr(source, ctx)(facts, params)

    slow = timings(naive, max(200, args.runs // 20))
    p50, p99 = pct(full, 0.50), pct(full, 0.99)
    print(f"scenario: {args.scenario.name}, {len(diagnosis.decisions)} businesses, "
          f"{sum(len(b.conditions) for b in pack.businesses)} conditions; most common: {outcomes}")
    print(f"full diagnosis   p50 {p50:.3f} ms   p99 {p99:.3f} ms   ({args.runs} runs)")
    print(f"target p50 0.500 ms  → {'MET' if p50 <= 0.5 else 'NOT MET'} ({p50 / 0.5:.2f}× the target)")
    print(f"baseline: deriving every fact p50 {pct(floor, 0.5):.3f} ms; "
          f"naive re-parsing engine p50 {pct(slow, 0.5):.3f} ms → compiled engine is "
          f"{pct(slow, 0.5) / p50:.1f}× faster")


if __name__ == "__main__":
    main()
