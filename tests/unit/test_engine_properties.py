"""Invariants of the diagnosis, checked over generated depositors (Hypothesis)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from anju import bootstrap
from anju.config import Settings
from anju.domain.calendar import add_months
from anju.domain.members.idcard import make_id_number
from anju.domain.policy.decision import Outcome
from anju.domain.scenario import (
    Account,
    Circumstances,
    DepositMonth,
    Employment,
    Person,
    Purchase,
    Scenario,
    Visit,
)

APP = bootstrap.build(Settings(database_url="sqlite://"))
ON = date(2026, 11, 27)
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def history(months: int, end: date = date(2026, 10, 1)) -> list[DepositMonth]:
    return [DepositMonth(f"{d.year:04d}-{d.month:02d}")
            for d in (add_months(end, -i) for i in range(months))]


@st.composite
def depositors(draw: st.DrawFn) -> Scenario:
    birth = draw(st.dates(date(1956, 1, 1), date(2004, 12, 31)))
    sex = draw(st.sampled_from(["male", "female"]))
    sequence = draw(st.integers(0, 499)) * 2 + (1 if sex == "male" else 0)
    status = draw(st.sampled_from(["active", "active", "sealed", "frozen"]))
    account = Account(
        status=status,
        balance=Decimal(draw(st.integers(0, 400_000))),
        base=Decimal(draw(st.integers(2100, 18939))),
        rate_employee=Decimal("0.12"), rate_employer=Decimal("0.12"),
        history=history(draw(st.integers(0, 48))),
        sealed_on=ON - timedelta(days=draw(st.integers(0, 900))) if status == "sealed" else None,
    )
    person = Person(
        id_number=make_id_number("410802", birth, sequence, sex),
        hukou_local=draw(st.none() | st.booleans()),
        marital_status=draw(st.none() | st.sampled_from(["single", "married"])),
        retirement_category=None if sex == "female" and draw(st.booleans()) else
        ("male" if sex == "male" else "female_worker"),
        children_count=draw(st.none() | st.integers(0, 3)),
        monthly_income=draw(st.none() | st.integers(2000, 30000).map(Decimal)),
        debts_monthly=draw(st.none() | st.just(Decimal(0))),
        employment=Employment(draw(st.sampled_from(["employed", "flexible", "unemployed"]))),
        account=account,
        circumstances=Circumstances(critical_illness=draw(st.none() | st.booleans())),
    )
    purchase = draw(st.none() | st.builds(
        Purchase, kind=st.sampled_from(["new", "resale"]),
        price=st.integers(300_000, 2_000_000).map(Decimal),
        contract_date=st.dates(date(2022, 1, 1), ON), in_city=st.booleans(),
        down_payment=st.integers(50_000, 600_000).map(Decimal),
        other_loans=st.just(Decimal(0))))
    return Scenario(applicant=person, on=ON, visit=Visit(purchase=purchase))


@SETTINGS
@given(depositors())
def test_a_refusal_always_cites_a_clause_and_every_condition_is_explained(s: Scenario) -> None:
    for d in APP.advice.check(s, ON).decisions:
        if d.outcome is Outcome.NOT_ELIGIBLE:
            assert d.cited, d.business
            assert all(r.clause.title and r.message for r in d.failed)
        if d.outcome is Outcome.NEEDS_INFO:
            assert d.missing_facts or any(m.status == "missing_key" for m in d.materials)


@SETTINGS
@given(depositors(), st.integers(1, 200_000))
def test_more_balance_never_lowers_a_quota_or_a_withdrawal(s: Scenario, extra: int) -> None:
    assert s.applicant.account is not None and s.applicant.account.balance is not None
    richer_account = replace(s.applicant.account,
                             balance=s.applicant.account.balance + Decimal(extra))
    richer = replace(s, applicant=replace(s.applicant, account=richer_account))
    before = {d.business: d for d in APP.advice.check(s, ON).decisions}
    after = {d.business: d for d in APP.advice.check(richer, ON).decisions}
    for code, d in before.items():
        if d.amount is None or d.amount.value is None:
            continue
        other = after[code].amount
        if other is not None and other.value is not None:
            assert other.value >= d.amount.value, code


@SETTINGS
@given(depositors())
def test_waiting_until_the_not_yet_date_flips_the_outcome(s: Scenario) -> None:
    for d in APP.advice.check(s, ON).decisions:
        if d.outcome is not Outcome.NOT_YET or d.eligible_from is None:
            continue
        later = APP.advice.check(s, d.eligible_from, d.business).decisions[0]
        assert later.outcome is not Outcome.NOT_YET or later.eligible_from != d.eligible_from
        assert not later.failed, (d.business, later.failed_rule_ids)
        day_before = APP.advice.check(s, d.eligible_from - timedelta(days=1), d.business)
        assert day_before.decisions[0].failed, d.business


@SETTINGS
@given(depositors(), st.data())
def test_removing_a_fact_never_produces_a_refusal_without_a_clause(s: Scenario,
                                                                   data: st.DataObject) -> None:
    field = data.draw(st.sampled_from(["hukou_local", "marital_status", "children_count",
                                       "monthly_income", "debts_monthly"]))
    vaguer = replace(s, applicant=replace(s.applicant, **{field: None}))
    for d in APP.advice.check(vaguer, ON).decisions:
        if d.outcome is Outcome.NOT_ELIGIBLE:
            assert d.cited
            assert not any(r.status == "unknown" and r.rule_id in d.failed_rule_ids
                           for r in d.reasons)


@SETTINGS
@given(depositors())
def test_words_are_the_same_whichever_reads_them_first(s: Scenario) -> None:
    # A reason renders its words once and keeps them: reading summaries, notices and messages
    # before the JSON must not change a word of it, and every failed reason's message is in
    # its decision's summary exactly as the JSON gives it.
    fresh = APP.advice.check(s, ON).to_dict()
    touched = APP.advice.check(s, ON)
    for decision in touched.decisions:
        _ = decision.summary, decision.notice, [r.message for r in decision.reasons]
    assert touched.to_dict() == fresh
    for decision in fresh["decisions"]:
        for reason in decision["reasons"]:
            if reason["status"] == "failed" and decision["outcome"] == "not_eligible":
                assert reason["message"] in decision["summary"]
