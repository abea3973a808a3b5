"""One rule set, two evaluators: the population evaluator agrees with the per-person engine.

- Every golden policy case (tests/policy_cases): the facts come from the case's scenario (per
  person), the rules run through the compiled Polars expressions; outcome, amount, failed rule
  ids and the "from when" date must be identical for every business.
- A random sample of 10,000 synthetic depositors: the facts are derived column-wise from the
  city's tables, the per-person engine reads the same rows through the repository
  (``scenarios_for``); everything must be identical again — on the data date, on an earlier
  date, and on a later date (deposits projected forward).
"""

from __future__ import annotations

import importlib.util
from collections import defaultdict
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl
import pytest

from anju.adapters.db import migrate
from anju.adapters.db.bulk import load_city
from anju.adapters.db.engine import make_engine
from anju.adapters.db.repositories import SqlDepositorRepository
from anju.adapters.vector.decide import Decisions, decide
from anju.adapters.vector.facts import CityFacts, Tables
from anju.adapters.vector.scenarios import ScenarioFacts
from anju.domain.policy.decision import Diagnosis
from anju.services.synth import City, generate_city

GOLDEN = Path(__file__).resolve().parents[1] / "policy_cases" / "test_golden.py"
DATA_DATE = date(2026, 11, 27)


def _golden_module() -> Any:
    spec = importlib.util.spec_from_file_location("golden_cases_for_parity", GOLDEN)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


golden = _golden_module()
CASES = [p.values[0] for p in golden.CASES]


def per_person(diagnosis: Diagnosis) -> dict[str, tuple[Any, ...]]:
    return {d.business: (d.outcome.value, d.amount.value if d.amount else None,
                         tuple(sorted(d.failed_rule_ids)), d.eligible_from)
            for d in diagnosis.decisions}


def vectorised(decisions: Decisions) -> dict[int, dict[str, tuple[Any, ...]]]:
    found: dict[int, dict[str, tuple[Any, ...]]] = defaultdict(dict)
    for r in decisions.long().iter_rows(named=True):
        found[r["row"]][r["business"]] = (r["outcome"], r["amount"], tuple(sorted(r["failed"])),
                                          r["eligible_from"])
    return found


def differences(want: dict[str, tuple[Any, ...]], got: dict[str, tuple[Any, ...]]) -> list[str]:
    return [f"{code}: per-person {want[code]} vs vector {got.get(code)}"
            for code in want if want[code] != got.get(code)] + [
        f"{code}: only the vector evaluator decided it" for code in got if code not in want]


@pytest.fixture(scope="module")
def golden_vector(anju_app: Any) -> dict[str, dict[str, tuple[Any, ...]]]:
    """Every golden case decided column-wise, one frame per application date."""
    by_day: dict[date, list[dict[str, Any]]] = defaultdict(list)
    for case in CASES:
        by_day[golden._day(case["on"])].append(case)
    results = {}
    for day, cases in by_day.items():
        scenarios = [golden.case_scenario(c) for c in cases]
        found = vectorised(decide(anju_app.pack, ScenarioFacts(anju_app.pack, scenarios, day)))
        for i, case in enumerate(cases):
            results[case["name"]] = found[i]
    return results


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_golden_case_parity(case: dict[str, Any], anju_app: Any,
                            golden_vector: dict[str, dict[str, tuple[Any, ...]]]) -> None:
    want = per_person(anju_app.advice.check(golden.case_scenario(case), golden._day(case["on"])))
    problems = differences(want, golden_vector[case["name"]])
    assert not problems, "\n".join(problems)


def test_golden_cases_exercise_every_outcome(golden_vector: dict[str, Any]) -> None:
    """The parity above is not vacuous: the cases reach every outcome, amounts and dates."""
    values = [v for decisions in golden_vector.values() for v in decisions.values()]
    assert {v[0] for v in values} == {"eligible", "eligible_pending_materials", "needs_info",
                                      "not_yet", "another_way", "not_eligible"}
    assert sum(v[1] is not None for v in values) > 500
    assert sum(v[3] is not None for v in values) > 100


@pytest.fixture(scope="module")
def city(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[City, str]]:
    """A 12,000-holder city, in memory and in SQLite (the per-person engine's source)."""
    generated = generate_city(12_000, 20261127, DATA_DATE)
    url = f"sqlite:///{tmp_path_factory.mktemp('parity') / 'city.db'}"
    migrate.upgrade(url)
    engine = make_engine(url)
    with engine.begin() as connection:
        load_city(connection, generated)
    engine.dispose()
    yield generated, url


def _check_city(anju_app: Any, city: tuple[City, str], size: int, on: date, records: date) -> None:
    generated, url = city
    holders = generated.accounts["depositor_id"].to_numpy()
    sample = np.random.default_rng(7).choice(holders, size=size, replace=False)
    ids = pl.Series("id", sample, dtype=pl.Int64)
    population = CityFacts(Tables.of(generated.tables()), on, ids, records)
    found = vectorised(decide(anju_app.pack, population))
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            scenarios = SqlDepositorRepository(connection).scenarios_for(sample.tolist(), records)
    finally:
        engine.dispose()
    problems: list[str] = []
    outcomes: set[str] = set()
    for row, depositor in enumerate(population.ids.to_list()):
        want = per_person(anju_app.advice.check(scenarios[depositor], on))
        outcomes.update(v[0] for v in want.values())
        problems += [f"depositor {depositor}: {p}" for p in differences(want, found[row])]
    assert not problems, f"{len(problems)} differences, first ones:\n" + "\n".join(problems[:20])
    assert {"eligible", "needs_info", "not_yet", "another_way", "not_eligible"} <= outcomes


def test_ten_thousand_synthetic_depositors(anju_app: Any, city: tuple[City, str]) -> None:
    _check_city(anju_app, city, 10_000, DATA_DATE, DATA_DATE)


def test_an_earlier_date(anju_app: Any, city: tuple[City, str]) -> None:
    """Records cut at an earlier date: later homes, loans, withdrawals and deposits left out."""
    _check_city(anju_app, city, 2_000, date(2025, 6, 30), date(2025, 6, 30))


def test_a_later_date_projects_deposits(anju_app: Any, city: tuple[City, str]) -> None:
    """Records of the data date asked about months later: active depositors are projected."""
    _check_city(anju_app, city, 2_000, date(2027, 3, 15), DATA_DATE)
