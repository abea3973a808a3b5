"""A diagnosis and its JSON are freed by reference counting, not left to the cyclic collector.

The web server raises the young-generation threshold of the garbage collector (``served()``)
because a request's objects form no cycles; this pins that. A reason keeps its facts to render
its words later, so the facts must never keep the reasons (the shared reasons of one evaluation
are held by the evaluation itself).
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

import pytest

from anju import bootstrap
from anju.adapters.scenario_files import read_scenario
from anju.config import Settings
from anju.domain.scenario import Scenario

APP = bootstrap.build(Settings(database_url="sqlite://"))
EXAMPLES = sorted((Path(__file__).resolve().parents[2] / "examples").glob("*.yaml"))


@contextmanager
def collector_off() -> Iterator[None]:
    gc.collect()
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def _diagnose(scenario: Scenario, on: date) -> None:
    diagnosis = APP.advice.check(scenario, on)
    assert diagnosis.to_dict()["decisions"]
    assert all(d.summary for d in diagnosis.decisions)


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_a_diagnosis_leaves_no_cyclic_garbage(path: Path) -> None:
    scenario = read_scenario(path)
    on = scenario.on or date(2026, 11, 27)
    _diagnose(scenario, on)  # the pack's per-date memos filled once, as in a running server
    with collector_off():
        _diagnose(scenario, on)
        assert gc.collect() == 0
