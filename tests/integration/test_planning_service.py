"""Planning service on the bundled Jiaozuo pack: policy, scenario → request, repricing."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest

from anju.adapters.policy_files import load_pack
from anju.domain.errors import InputError, PolicyPackError
from anju.domain.members.idcard import make_id_number
from anju.domain.policy.model import ParamValue, PolicyPack
from anju.domain.scenario import Account, Home, Loan, Person, Purchase, Scenario, Visit
from anju.services.planning import (
    POLICY_PARAMETERS,
    PlanOptions,
    loan_policy,
    make_plans,
    plan_request,
    reprice_loans,
    simulate_prepayment,
)

D = Decimal
ON = date(2026, 12, 1)


@pytest.fixture(scope="module")
def pack() -> PolicyPack:
    return load_pack()


def couple(**applicant: object) -> Scenario:
    me = Person(name="张伟", birth_date=date(1994, 3, 8), sex="male", monthly_income=D(12000),
                marital_status="married",
                account=Account(status="active", balance=D(60000), base=D(8000),
                                rate_employee=D("0.12"), rate_employer=D("0.12")))
    return Scenario(
        applicant=replace(me, **applicant),  # type: ignore[arg-type]
        spouse=Person(name="李娜", id_number=make_id_number("410811", date(1996, 7, 21), 12, "female"),
                      monthly_income=D(9000), account=Account(status="active", balance=D(40000))),
        parents=[Person(name="张父", account=Account(status="active", balance=D(80000))),
                 Person(sex="female", account=Account(status="sealed", balance=D(50000))),
                 Person(name="无账户")],
        children=[Person(account=Account(status="active", balance=D(0)))],
        visit=Visit(purchase=Purchase(kind="new", price=D(1200000))),
    )


def test_loan_policy_reads_every_figure_with_its_citation(pack: PolicyPack) -> None:
    policy = loan_policy(pack, ON)
    assert policy.cap_couple.value == D(935000)
    assert policy.cap_couple.status == "placeholder" and policy.cap_couple.clause
    assert policy.rate_first_over5y.value == D("0.026") and policy.rate_first_over5y.verified
    assert policy.balance_multiple.value == D(10)
    assert policy.purchase_relatives.value == ("spouse", "parent", "child")
    assert policy.commercial_rate() == D("0.0305")
    assert {p.name for p in policy.params()} == set(POLICY_PARAMETERS.values())


def test_the_date_picks_the_version(pack: PolicyPack) -> None:
    reform = pack.with_values({"loan.cap.single": ParamValue(
        D(800000), date(2027, 1, 1), "测试用改革方案", "unverified")})
    assert loan_policy(reform, ON).cap_single.value == D(770000)
    later = loan_policy(reform, date(2027, 1, 1)).cap_single
    assert (later.value, later.status, later.since) == (D(800000), "unverified", date(2027, 1, 1))


def test_a_date_before_a_figure_exists_is_refused(pack: PolicyPack) -> None:
    # The bundled pack's loan figures start on 2024-01-01.
    with pytest.raises(PolicyPackError) as info:
        loan_policy(pack, date(2023, 12, 31))
    assert "2023-12-31没有生效的取值" in info.value.message


def test_a_pack_without_a_planner_figure_is_refused(pack: PolicyPack) -> None:
    params = {k: v for k, v in pack.parameters.items() if k != "loan.balance_multiple"}
    broken = replace(pack, parameters=params, _values_cache={})
    with pytest.raises(PolicyPackError) as info:
        loan_policy(broken, ON)
    assert [p.path for p in info.value.problems] == ["loan.balance_multiple"]


def test_request_from_a_scenario() -> None:
    req = plan_request(couple(), ON, PlanOptions(max_monthly_payment=D(6000)))
    assert req.home_ordinal == 1 and not req.hpf_loan_outstanding
    assert req.applicant.monthly_deposit == D(1920)
    spouse = req.co_borrower
    assert spouse is not None and spouse.is_spouse and spouse.label == "李娜"
    assert (spouse.birth_date, spouse.sex) == (date(1996, 7, 21), "female")  # from the id number
    # Parents with a balance help; the one without an account and the empty child do not.
    assert [(h.label, h.balance) for h in req.helpers] == [("张父", D(80000)), ("母亲", D(50000))]
    no_children = plan_request(replace(couple(), children=[]), ON)
    assert any("子女数未知" in n for n in no_children.notes) and not no_children.multi_child


def test_records_decide_the_home_ordinal() -> None:
    repaid = Loan(kind="hpf", status="repaid", principal=D(300000), start=date(2012, 5, 1))
    req = plan_request(couple(homes=[Home(in_city=True)], loans=[repaid], children_count=2), ON)
    assert req.home_ordinal == 2 and req.multi_child
    outstanding = Loan(kind="combination", status="outstanding")
    assert plan_request(couple(loans=[outstanding]), ON).hpf_loan_outstanding


def test_missing_facts_are_listed() -> None:
    scenario = replace(couple(birth_date=None, sex=None), visit=Visit())
    with pytest.raises(InputError) as info:
        plan_request(scenario, ON)
    assert [p.path for p in info.value.problems] == [
        "visit.purchase.price", "applicant.birth_date", "applicant.sex"]


def test_make_plans_end_to_end(pack: PolicyPack) -> None:
    result = make_plans(pack, couple(), ON, PlanOptions(max_monthly_payment=D(6000)))
    assert result.quota.amount == D(935000)
    assert result.recommended is not None
    assert any("第1套住房" in n for n in result.notes)


def test_existing_hpf_loans_are_repriced(pack: PolicyPack) -> None:
    loan = Loan(kind="hpf", status="outstanding", principal=D(600000), rate=D("0.031"),
                start=date(2024, 3, 15), term_months=360)
    scenario = couple(loans=[loan, Loan(kind="commercial", status="outstanding")])
    [(found, repricing)] = reprice_loans(pack, scenario, ON)
    assert found is loan
    assert [(c.due, c.new_rate) for c in repricing.changes] == [
        (date(2025, 1, 15), D("0.0285")), (date(2026, 1, 15), D("0.026"))]
    assert repricing.current_rate == D("0.026")


def test_simulate_prepayment() -> None:
    p = simulate_prepayment(D(600000), D("0.026"), 360, "equal_instalment", 24, D(100000),
                            "shorten_term", start=date(2027, 1, 15))
    assert p.months_saved > 0 and p.interest_saved > 0


def test_the_unit_tests_policy_matches_the_bundled_pack(pack: PolicyPack) -> None:
    """The unit tests build their LoanPolicy by hand; it must not drift from the pack."""
    import importlib.util
    from pathlib import Path

    path = Path(__file__).resolve().parents[1] / "unit" / "planner_support.py"
    spec = importlib.util.spec_from_file_location("planner_support_check", path)
    assert spec is not None and spec.loader is not None
    support = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(support)
    make_policy = support.make_policy

    real, used = loan_policy(pack, ON), make_policy(ON)
    for field in POLICY_PARAMETERS:
        assert getattr(used, field).value == getattr(real, field).value, field
        assert getattr(used, field).status == getattr(real, field).status, field
