"""Benchmark: a 1,000,000-depositor synthetic city to Parquet, against a naive per-row baseline.

    .venv/bin/python bench/synth.py [--members 1000000] [--baseline 10000] [--database URL]

Prints the vectorised generator's time and rate, the baseline's (a straightforward Python loop
that draws each person and each deposited month one at a time, measured in the same run and
scaled linearly), the speed-up, and the peak memory of the process. With ``--database`` the same
city is also bulk-loaded into that database and timed. The target is ≤ 60 s for 1,000,000.
"""

from __future__ import annotations

import argparse
import random
import resource
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from anju.adapters.parquet_city import ParquetCitySink
from anju.domain.calendar import add_months
from anju.domain.members.idcard import make_id_number
from anju.services.synth import names as word_lists
from anju.services.synthesis import CitySink, synthesize

AS_OF = date(2026, 11, 27)


def naive(count: int, seed: int) -> int:
    """One person, one account, one month at a time with ``random``: rows produced."""
    rng = random.Random(seed)
    surnames = [s for s, _ in word_lists.SURNAMES]
    shares = [w for _, w in word_lists.SURNAMES]
    regions = [r[0] for r in word_lists.REGIONS]
    used: set[str] = set()
    rows = 0
    for _ in range(count):
        male = rng.random() < 0.56
        birth = date(rng.randint(1950, 2006), rng.randint(1, 12), rng.randint(1, 28))
        region = rng.choice(regions)
        sequence = rng.randrange(0, 500) * 2 + (1 if male else 0)
        number = make_id_number(region, birth, sequence, "male" if male else "female")
        while number in used:
            sequence = (sequence + 2) % 1000
            number = make_id_number(region, birth, sequence, "male" if male else "female")
        used.add(number)
        pool = word_lists.GIVEN_MALE if male else word_lists.GIVEN_FEMALE
        name = rng.choices(surnames, shares)[0] + "".join(rng.choice(pool) for _ in range(2))
        opened = add_months(birth, 12 * rng.randint(18, 26))
        month, balance = max(opened, date(1995, 1, 1)), 0.0
        base, rate = rng.uniform(2000, 12000), rng.choice([0.05, 0.08, 0.1, 0.12])
        while month < AS_OF:  # one deposit row per month
            status = "paid" if rng.random() > 0.01 else "arrears"
            amount = round(base * rate * 2, 2)
            balance += amount if status == "paid" else 0
            rows += 1
            month = add_months(month, 1)
        if rng.random() < 0.5:
            rows += 1  # a home
        rows += 2 + len(name) // 10  # the person and the account
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=1_000_000)
    parser.add_argument("--baseline", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, default=None, help="Parquet folder (default: a temporary one)")
    parser.add_argument("--database", default=None, help="also bulk-load into this database URL")
    args = parser.parse_args()

    start = time.perf_counter()
    naive(args.baseline, args.seed)
    naive_seconds = time.perf_counter() - start
    naive_scaled = naive_seconds * args.members / args.baseline

    with tempfile.TemporaryDirectory() as scratch:
        out = args.out or Path(scratch) / "city"
        sinks: list[CitySink] = [ParquetCitySink(out)]
        store = None
        if args.database:
            from anju.adapters.db.bulk import SqlCityStore

            store = SqlCityStore(args.database, replace=True)
            store.prepare()
            sinks.append(store)
        start = time.perf_counter()
        report = synthesize(args.members, args.seed, AS_OF, sinks)
        total = time.perf_counter() - start
        size = sum(p.stat().st_size for p in out.glob("*.parquet"))
        if store is not None:
            store.close()

    parquet_seconds = report.generate_seconds + report.write_seconds[str(out)]
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"synthetic city: {args.members:,} depositors, seed {args.seed}, data date {AS_OF}")
    for table, rows in report.counts.items():
        print(f"  {table:16} {rows:>12,} rows")
    print(f"generate          {report.generate_seconds:8.1f} s")
    for label, seconds in report.write_seconds.items():
        print(f"write {label[:40]:40} {seconds:8.1f} s")
    print(f"to Parquet total  {parquet_seconds:8.1f} s  ({args.members / parquet_seconds:,.0f} depositors/s, "
          f"{size / 2**20:,.0f} MiB)  target ≤ 60 s: {'met' if parquet_seconds <= 60 else 'MISSED'}")  # fmt: skip
    if store is not None:
        print(f"all sinks total   {total:8.1f} s")
    print(f"naive baseline    {naive_seconds:8.1f} s for {args.baseline:,} → {naive_scaled:,.0f} s scaled to "
          f"{args.members:,} ({args.baseline / naive_seconds:,.0f} depositors/s)")  # fmt: skip
    print(f"speed-up          {naive_scaled / parquet_seconds:8.1f} ×")
    print(f"peak memory       {peak_mib:8,.0f} MiB (ru_maxrss of this process)")


if __name__ == "__main__":
    main()
