"""Every example in examples/*.yaml runs through ``anju check`` and gives the answer it was written for.

The examples are the depositor stories of examples/README.md. Each one is checked twice through
the real command (Typer's CliRunner on the ``anju`` app): as the Chinese text report and as the
JSON decision contract. ``EXPECTED`` names, per file, the business the story is about and the
outcome it was designed to show; ``DETAILS`` pins the figure or date the README promises.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from anju.adapters.cli.main import app
from anju.adapters.scenario_files import read_scenario
from anju.domain.policy.decision import Outcome

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"

EXPECTED: dict[str, dict[str, str]] = {
    "young-renter.yaml": {"withdraw.rent": "eligible"},
    "first-home-parents-help.yaml": {"withdraw.purchase_new": "another_way",
                                     "loan.new": "another_way"},
    "resale-combination-loan.yaml": {"loan.combination": "eligible", "loan.resale": "eligible",
                                     "withdraw.purchase_resale": "eligible"},
    "five-months-loan-not-yet.yaml": {"loan.new": "not_yet"},
    "retiree-to-be.yaml": {"withdraw.retirement": "not_yet"},
    "nonlocal-sealed-4-months.yaml": {"withdraw.sealed_nonlocal": "not_yet"},
    "hpf-borrower-monthly-offset.yaml": {"withdraw.monthly_offset": "eligible",
                                         "withdraw.repay_hpf": "eligible"},
    "commercial-to-hpf.yaml": {"loan.commercial_to_hpf": "eligible",
                               "withdraw.repay_commercial": "eligible"},
    "multi-child-family.yaml": {"loan.new": "eligible", "withdraw.rent": "eligible"},
    "critical-illness.yaml": {"withdraw.illness": "eligible"},
    "dibao.yaml": {"withdraw.dibao": "eligible"},
    "flexible-worker.yaml": {"deposit.flexible_register": "eligible"},
    "zhengzhou-remote-loan.yaml": {"loan.remote": "eligible"},
    "elderly-lift.yaml": {"withdraw.elevator": "eligible", "withdraw.retirement": "eligible"},
    "renovation-2026.yaml": {"withdraw.renovation": "eligible"},
    "incomplete-needs-info.yaml": {"withdraw.purchase_new": "needs_info", "loan.new": "needs_info"},
    "counter-rongque.yaml": {"withdraw.purchase_new": "eligible_pending_materials"},
}
"""file → {business: outcome}: the answer each story was written to show."""

DETAILS: dict[str, dict[str, dict[str, Any]]] = {
    "young-renter.yaml": {"withdraw.rent": {"amount": "11760"}},
    "first-home-parents-help.yaml": {"withdraw.purchase_new": {"routes": ["parent", "parent",
                                                                          "spouse"]}},
    "resale-combination-loan.yaml": {"loan.combination": {"amount": "680000"}},
    "five-months-loan-not-yet.yaml": {"loan.new": {"eligible_from": "2026-12-01"}},
    "retiree-to-be.yaml": {"withdraw.retirement": {"eligible_from": "2027-09-14"}},
    "nonlocal-sealed-4-months.yaml": {"withdraw.sealed_nonlocal": {"eligible_from": "2027-01-20"}},
    "hpf-borrower-monthly-offset.yaml": {"withdraw.monthly_offset": {"amount": "1632.00"}},
    "commercial-to-hpf.yaml": {"loan.commercial_to_hpf": {"amount": "392000"}},
    "multi-child-family.yaml": {"loan.new": {"amount": "1122000"}},
    "critical-illness.yaml": {"withdraw.illness": {"amount": "47000"}},
    "dibao.yaml": {"withdraw.dibao": {"amount": "9300"}},
    "zhengzhou-remote-loan.yaml": {"loan.remote": {"amount": "476000"}},
    "elderly-lift.yaml": {"withdraw.elevator": {"amount": "16800"}},
    "renovation-2026.yaml": {"withdraw.renovation": {"amount": "83000"}},
    "incomplete-needs-info.yaml": {"loan.new": {"missing_facts": ["purchase_in_city"]}},
    "counter-rongque.yaml": {"withdraw.purchase_new": {"deadline": "2026-12-11"}},
}
"""file → {business: {field: value}}: the figure or date examples/README.md promises."""

runner = CliRunner()


def example_files() -> list[str]:
    return sorted(p.name for p in EXAMPLES.glob("*.yaml"))


def run_check(name: str, *args: str) -> str:
    result = runner.invoke(app, ["check", str(EXAMPLES / name), *args])
    assert result.exit_code == 0, result.output
    return result.output


def test_every_example_has_an_expected_outcome() -> None:
    assert len(example_files()) >= 12
    assert set(example_files()) == set(EXPECTED)
    assert set(DETAILS) <= set(EXPECTED)


@pytest.mark.parametrize("name", example_files())
def test_example_is_a_complete_story(name: str) -> None:
    scenario = read_scenario(EXAMPLES / name)
    assert scenario.title and scenario.on, "each example states its title and its date"
    assert scenario.applicant.name, "each example names the depositor"
    assert scenario.visit.purpose in EXPECTED[name], "the story's purpose is what it shows"


@pytest.mark.parametrize("name", example_files())
def test_example_text_report(name: str) -> None:
    text = run_check(name)
    scenario = read_scenario(EXAMPLES / name)
    assert scenario.title is not None and scenario.title in text
    for business, outcome in EXPECTED[name].items():
        line = next((ln for ln in text.splitlines() if f"（{business}）：" in ln), None)
        assert line is not None, f"{business} missing from the report"
        assert Outcome(outcome).label in line, line


@pytest.mark.parametrize("name", example_files())
def test_example_json_contract(name: str) -> None:
    payload = json.loads(run_check(name, "--format", "json"))
    scenario = read_scenario(EXAMPLES / name)
    assert scenario.on is not None and payload["on"] == scenario.on.isoformat()
    decisions = {d["business"]: d for d in payload["decisions"]}
    for business, outcome in EXPECTED[name].items():
        assert decisions[business]["outcome"] == outcome, decisions[business]["summary"]
    for business, fields in DETAILS.get(name, {}).items():
        _check_details(decisions[business], fields)


def _check_details(decision: dict[str, Any], fields: dict[str, Any]) -> None:
    for field, want in fields.items():
        if field == "amount":
            assert decision["amount"]["value"] == want
        elif field == "routes":
            assert sorted(r["who"] or r["business"] for r in decision["routes"]) == want
        elif field == "deadline":
            assert decision["pending"]["deadline"] == want
        elif field == "missing_facts":
            assert sorted(name for name, _ in decision["missing_facts"]) == want
        else:
            assert decision[field] == want, field


def test_one_business_and_another_date() -> None:
    """``-b`` keeps one business and ``--on`` overrides the story's date."""
    payload = json.loads(run_check("nonlocal-sealed-4-months.yaml", "-b",
                                   "withdraw.sealed_nonlocal", "--on", "2027-01-20",
                                   "--format", "json"))
    assert [d["business"] for d in payload["decisions"]] == ["withdraw.sealed_nonlocal"]
    assert payload["decisions"][0]["outcome"] == "eligible"
    assert payload["decisions"][0]["amount"]["value"] == "31500"
