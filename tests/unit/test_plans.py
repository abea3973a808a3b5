"""Plan search: financings, strategies, step order, rankings, infeasible requests."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from planner_support import couple_request, make_policy, person

from anju.domain.errors import InputError
from anju.domain.planner.amortisation import amortise
from anju.domain.planner.plan import Plan
from anju.domain.planner.plans import PlanResult, search
from anju.domain.planner.quota import hpf_quota
from anju.domain.planner.request import Helper, PlanLimits, PlanRequest, Purchase

D = Decimal
POLICY = make_policy()


@pytest.fixture(scope="module")
def couple() -> PlanResult:
    return search(couple_request(), POLICY)


def plans_where(result: PlanResult, **kw: object) -> list[Plan]:
    return [p for p in result.plans if all(getattr(p, k) == v for k, v in kw.items())]


def test_every_financing_method_and_term_is_searched(couple: PlanResult) -> None:
    assert {p.financing for p in couple.plans} == {"hpf", "combination", "commercial"}
    assert {p.method for p in couple.plans} == {"equal_instalment", "equal_principal"}
    assert {p.term_months for p in couple.plans} == {120, 180, 240, 300, 360}
    assert {p.strategy for p in couple.plans} == {
        "none", "down_payment", "offset", "down_payment_offset", "yearly"}
    assert len({p.id for p in couple.plans}) == len(couple.plans)


def test_loan_amounts_follow_quota_and_down_payment_rules(couple: PlanResult) -> None:
    hpf = plans_where(couple, financing="hpf", method="equal_instalment", term_months=360)[0]
    combo = plans_where(couple, financing="combination", term_months=360)[0]
    comm = plans_where(couple, financing="commercial", term_months=360)[0]
    assert hpf.loan_total == D(935000) and hpf.down_payment == D(265000)
    # Combination: HPF up to the quota, the rest commercial, within the HPF 80% loan-to-value.
    assert [p.schedule.principal for p in combo.parts] == [D(935000), D(25000)]
    assert [p.kind for p in combo.parts] == ["hpf", "commercial"]
    assert combo.down_payment == D(240000)
    # Pure commercial: first home, 15% down, at LPR 3.50% − 45 bp.
    assert comm.loan_total == D(1020000) and comm.parts[0].schedule.rate == D("0.0305")


def test_combination_payment_is_the_sum_of_its_parts(couple: PlanResult) -> None:
    for plan in plans_where(couple, financing="combination"):
        hpf, rest = plan.parts
        assert plan.monthly_payment == hpf.schedule.first_payment + rest.schedule.first_payment
        assert plan.total_interest == hpf.schedule.total_interest + rest.schedule.total_interest
        rows = plan.schedule_rows()
        assert sum(r[2] for r in rows) == plan.loan_total


def test_savings_are_against_the_same_loans_at_the_commercial_rate(couple: PlanResult) -> None:
    hpf = plans_where(couple, financing="hpf", method="equal_principal", term_months=240)[0]
    same_commercial = amortise(D(935000), D("0.0305"), 240, "equal_principal")
    assert hpf.savings_vs_commercial == same_commercial.total_interest - hpf.total_interest
    assert hpf.savings_vs_commercial > 0
    assert all(p.savings_vs_commercial == 0 for p in plans_where(couple, financing="commercial"))


def test_withdrawals_never_exceed_the_down_payment_or_the_balances(couple: PlanResult) -> None:
    balances = {"申请人": D(60000), "配偶": D(40000), "父亲": D(80000), "母亲": D(50000)}
    for plan in couple.plans:
        assert plan.cash.withdrawn <= plan.down_payment
        taken: dict[str, Decimal] = {}
        for w in plan.cash.withdrawals:
            taken[w.label] = taken.get(w.label, D(0)) + w.amount
        assert all(taken[k] <= balances[k] for k in taken)
        assert plan.own_money >= 0


def test_borrowers_withdraw_after_the_loan_except_the_surplus(couple: PlanResult) -> None:
    plan = couple.plan("hpf-equal_instalment-360-down_payment")
    # The cap (¥935,000) binds; the multiple needs ¥93,500 of the ¥100,000 balances.
    early = [w for w in plan.cash.withdrawals
             if w.relation in ("self", "spouse") and w.timing == "before_loan"]
    late = [w for w in plan.cash.withdrawals if w.timing == "after_loan"]
    assert sum(w.amount for w in early) == D(6500)
    assert sum(w.amount for w in late) == D(93500)
    loan_step = next(i for i, s in enumerate(plan.steps) if s.startswith("申请"))
    after_steps = [i for i, s in enumerate(plan.steps) if s.startswith("贷款发放后")]
    assert after_steps and all(i > loan_step for i in after_steps)
    assert all(w.timing == "before_loan" for w in plan.cash.withdrawals if w.relation == "parent")


def test_the_interplay_is_detected_and_explained(couple: PlanResult) -> None:
    text = "\n".join(couple.interplay)
    lowered = hpf_quota(couple_request(), POLICY, 360, borrower_balances=D(0)).amount
    assert "先申请贷款，放款后再办理购房提取" in text
    assert f"降至¥{lowered:,}" in text
    assert "最多可先提取¥6,500" in text


def test_when_the_balance_multiple_binds_borrowers_withdraw_only_after(couple: PlanResult) -> None:
    req = couple_request(applicant=person(balance=D(20000), income=D(12000)),
                         co_borrower=None)
    result = search(req, POLICY)
    plan = result.plan("hpf-equal_instalment-360-down_payment")
    own = [w for w in plan.cash.withdrawals if w.relation == "self"]
    assert [w.timing for w in own] == ["after_loan"]
    assert result.quota.binding is not None and result.quota.binding.key == "balance"


def test_strategies_change_cash_not_interest(couple: PlanResult) -> None:
    group = plans_where(couple, financing="hpf", method="equal_instalment", term_months=360)
    assert len({p.total_interest for p in group}) == 1
    by = {p.strategy: p for p in group}
    assert by["none"].own_money == by["none"].down_payment
    assert by["down_payment_offset"].own_money < by["offset"].own_money
    # The offset covers HPF instalments from balances and deposits: (1,920 + 1,440) × 12.
    assert by["down_payment_offset"].cash.support_first_year == D(40320)
    assert by["offset"].cash.net_monthly_first_year < by["none"].cash.net_monthly_first_year


def test_relatives_the_pack_excludes_do_not_withdraw() -> None:
    policy = make_policy(purchase_relatives=("spouse",))
    result = search(couple_request(), policy)
    assert all(w.relation != "parent" for p in result.plans for w in p.cash.withdrawals)
    assert any("父亲" in n and "不能用于本次购房" in n for n in result.notes)


def test_rankings(couple: PlanResult) -> None:
    keys = [r.key for r in couple.rankings]
    assert keys == ["least_interest", "lowest_monthly", "lowest_down_payment", "most_fund",
                    "recommended"]
    least = couple.ranking("least_interest")
    assert least is not None
    assert least.total_interest == min(p.total_interest for p in couple.plans)
    lowest = couple.ranking("lowest_monthly")
    assert lowest is not None
    assert lowest.monthly_payment == min(p.monthly_payment for p in couple.plans)
    cheapest = couple.ranking("lowest_down_payment")
    assert cheapest is not None and cheapest.financing == "commercial"
    most = couple.ranking("most_fund")
    assert most is not None and most.fund_used == max(p.fund_used for p in couple.plans)


def test_recommended_is_the_cheapest_plan_meeting_the_limits(couple: PlanResult) -> None:
    rec = couple.recommended
    assert rec is not None and couple.feasible
    assert rec.max_monthly_payment <= D(6000) and rec.down_payment <= D(400000)
    feasible = [p for p in couple.plans if p.feasible]
    assert rec.total_interest == min(p.total_interest for p in feasible)
    # Plans breaking a limit say which and by how much.
    too_dear = [p for p in couple.plans if p.max_monthly_payment > D(6000)]
    assert too_dear and all("超过您设定的上限¥6,000" in p.violations[0] for p in too_dear)


def test_preferred_term_infeasible_names_the_nearest_term() -> None:
    req = couple_request(limits=PlanLimits(max_monthly_payment=D(4500), term_months=240))
    result = search(req, POLICY)
    assert result.recommended is None and not result.feasible
    assert result.nearest is not None and result.nearest.term_months == 300
    assert result.nearest_reason is not None and "期限改为25年时可满足要求" in result.nearest_reason
    assert any("期限20年时月供最低为" in r for r in result.infeasible_reasons)


def test_preferred_term_feasible_is_recommended_at_that_term() -> None:
    req = couple_request(limits=PlanLimits(max_monthly_payment=D(6000), term_months=300))
    result = search(req, POLICY)
    assert result.recommended is not None and result.recommended.term_months == 300


def test_nothing_feasible_gives_reasons_and_the_closest_plan() -> None:
    req = couple_request(limits=PlanLimits(max_monthly_payment=D(6000),
                                           max_down_payment=D(100000)))
    result = search(req, POLICY)
    assert result.recommended is None and result.nearest is not None
    assert any("首付最低为¥180,000" in r and "¥100,000" in r for r in result.infeasible_reasons)
    assert result.nearest.down_payment == D(180000)
    assert result.nearest_reason is not None and "最接近" in result.nearest_reason


def test_default_monthly_limit_is_household_capacity() -> None:
    result = search(couple_request(limits=PlanLimits()), POLICY)
    assert result.monthly_limit == D(10500)
    assert "家庭还款能力" in result.monthly_limit_basis
    assert result.recommended is not None
    assert result.recommended.max_monthly_payment <= D(10500)


def test_third_home_gets_commercial_plans_only() -> None:
    result = search(couple_request(home_ordinal=3), POLICY)
    assert {p.financing for p in result.plans} == {"commercial"}
    assert result.quota.blocked is not None
    assert any("不能申请公积金贷款" in n for n in result.notes)
    assert result.plans[0].parts[0].schedule.principal == D(1200000) * D("0.75")


def test_age_limits_the_hpf_part_not_the_commercial_part() -> None:
    req = couple_request(applicant=person(age=55, balance=D(200000), income=D(15000)),
                         co_borrower=None)
    result = search(req, POLICY)
    # Born 1971-06-01, 68 on 2039-06-01: 12 years 6 months from 2026-12-01.
    assert result.term_limit.months == 150
    assert 150 in {p.term_months for p in result.plans}
    combo = result.plan("combination-equal_instalment-360-down_payment")
    assert [p.schedule.term_months for p in combo.parts] == [150, 360]
    assert not plans_where(result, financing="hpf", term_months=360)


def test_commercial_rate_override() -> None:
    result = search(couple_request(commercial_rate=D("0.04")), POLICY)
    comm = plans_where(result, financing="commercial")[0]
    assert comm.parts[0].schedule.rate == D("0.04")
    assert "您提供的商业贷款利率4.00%" in result.commercial_rate_basis


def test_placeholders_are_listed_in_the_notes(couple: PlanResult) -> None:
    assert any("待核实" in n and "loan.cap.couple" in n for n in couple.notes)


def test_bad_requests_are_refused_in_chinese() -> None:
    req = couple_request(purchase=Purchase(D(-1), "new"), home_ordinal=0)
    with pytest.raises(InputError) as info:
        search(req, POLICY)
    paths = [p.path for p in info.value.problems]
    assert paths == ["purchase.price", "home_ordinal"]
    assert "房价必须大于0元" in info.value.message


@settings(max_examples=25, deadline=None)
@given(st.decimals(min_value=D(300000), max_value=D(3000000), places=0),
       st.decimals(min_value=D(0), max_value=D(300000), places=2),
       st.decimals(min_value=D(0), max_value=D(300000), places=2),
       st.sampled_from(["new", "resale"]))
def test_combination_payment_equals_its_parts_for_any_family(price: Decimal, a: Decimal,
                                                             parent: Decimal, kind: str) -> None:
    base: PlanRequest = couple_request(purchase=Purchase(price, kind),  # type: ignore[arg-type]
                                       helpers=(Helper("parent", "父亲", parent),),
                                       terms_years=(20, 30))
    req = replace(base, applicant=replace(base.applicant, balance=a))
    result = search(req, POLICY)
    for plan in result.plans:
        assert plan.monthly_payment == sum(p.schedule.first_payment for p in plan.parts)
        assert plan.loan_total + plan.down_payment == price
        assert all(p.schedule.total_principal == p.schedule.principal for p in plan.parts)
        assert plan.cash.withdrawn <= plan.down_payment
    for method in ("equal_instalment", "equal_principal"):
        short = plans_where(result, financing="commercial", method=method, term_months=240)
        long = plans_where(result, financing="commercial", method=method, term_months=360)
        assert long[0].monthly_payment <= short[0].monthly_payment
