"""The HPF quota: each limit, the binding one, the term limit and the rate tier."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from planner_support import ON, couple_request, make_policy, person

from anju.domain.errors import InputError
from anju.domain.planner.amortisation import present_value
from anju.domain.planner.quota import blocked_reason, household_capacity, hpf_quota, term_limit
from anju.domain.planner.request import PlanRequest, Purchase

D = Decimal
POLICY = make_policy()


def single(**kw: object) -> PlanRequest:
    return couple_request(co_borrower=None, **kw)


def test_couple_cap_binds_and_every_limit_is_explained() -> None:
    q = hpf_quota(couple_request(), POLICY, 360)
    assert q.amount == D(935000)
    assert q.binding is not None and q.binding.key == "cap"
    assert [lim.key for lim in q.limits] == ["cap", "balance", "capacity", "ltv", "need"]
    values = {lim.key: lim.value for lim in q.limits}
    assert values["balance"] == D(100000) * 10
    assert values["capacity"] == present_value(D(10500), D("0.026"), 360)
    assert values["ltv"] == D(1200000) * D("0.8")
    assert values["need"] == D(1200000)
    cap = q.limit("cap")
    assert cap is not None and "夫妻双方缴存" in cap.basis
    assert cap.params[0].name == "loan.cap.couple"
    assert q.rate.name == "rate.hpf.first.over5y" and q.rate.value == D("0.026")
    assert all(lim.label and lim.basis for lim in q.limits)


def test_single_depositor_cap_and_multi_child_uplift() -> None:
    assert hpf_quota(single(), POLICY, 360).limit("cap").value == D(770000)  # type: ignore[union-attr]
    uplifted = hpf_quota(single(multi_child=True), POLICY, 360).limit("cap")
    assert uplifted is not None and uplifted.value == D(770000) * D("1.2")
    assert "多子女" in uplifted.basis
    assert [p.name for p in uplifted.params] == ["loan.cap.single", "loan.cap.multi_child_uplift"]


def test_a_spouse_without_an_account_gives_the_single_cap() -> None:
    req = couple_request()
    req = replace(req, co_borrower=replace(req.co_borrower, deposits=False))  # type: ignore[type-var]
    q = hpf_quota(req, POLICY, 360)
    assert q.limit("cap").value == D(770000)  # type: ignore[union-attr]
    # Only depositors' balances count towards the multiple.
    assert q.limit("balance").value == D(600000)  # type: ignore[union-attr]


def test_balance_multiple_binds_for_small_balances() -> None:
    req = single(applicant=person(balance=D("23456.78"), income=D(12000)))
    q = hpf_quota(req, POLICY, 360)
    assert q.binding is not None and q.binding.key == "balance"
    assert q.amount == D(234567)  # ¥234,567.80 rounded DOWN to the yuan


def test_capacity_binds_for_low_income_and_counts_debts() -> None:
    req = single(applicant=person(balance=D(90000), income=D(4000), debts_monthly=D(500)))
    q = hpf_quota(req, POLICY, 240)
    assert q.binding is not None and q.binding.key == "capacity"
    assert q.amount == present_value(D(1500), D("0.026"), 240).to_integral_value(rounding="ROUND_FLOOR")
    assert "其他债务月供¥500" in q.binding.basis


def test_capacity_uses_the_deposit_base_when_income_is_unknown() -> None:
    req = single(applicant=person(balance=D(90000), base=D(5000)))
    monthly, basis = household_capacity(req, POLICY)
    assert monthly == D(2500)
    assert "缴存基数¥5,000" in basis


def test_capacity_needs_income_or_base() -> None:
    req = single(applicant=person(balance=D(90000)))
    with pytest.raises(InputError, match="月收入或缴存基数"):
        hpf_quota(req, POLICY, 360)


def test_debts_above_capacity_leave_no_loan() -> None:
    req = single(applicant=person(balance=D(90000), income=D(4000), debts_monthly=D(3000)))
    q = hpf_quota(req, POLICY, 360)
    assert q.amount == 0 and q.binding is not None and q.binding.key == "capacity"


@pytest.mark.parametrize(("kind", "ordinal", "ratio", "label"), [
    ("new", 1, "0.8", "首套新房最低首付20%"),
    ("resale", 1, "0.7", "首套二手房最低首付30%"),
    ("new", 2, "0.7", "第二套最低首付30%"),
])
def test_loan_to_value(kind: str, ordinal: int, ratio: str, label: str) -> None:
    req = couple_request(purchase=Purchase(D(500000), kind), home_ordinal=ordinal)  # type: ignore[arg-type]
    q = hpf_quota(req, POLICY, 360)
    assert q.binding is not None and q.binding.key == "ltv"
    assert q.amount == D(500000) * D(ratio)
    assert label in q.binding.basis


def test_need_binds_after_a_large_down_payment() -> None:
    req = couple_request(purchase=Purchase(D(1000000), "new", down_payment_paid=D(700000)))
    q = hpf_quota(req, POLICY, 360)
    assert q.binding is not None and q.binding.key == "need"
    assert q.amount == D(300000)


def test_withdrawal_before_the_loan_lowers_the_balance_limit() -> None:
    req = couple_request()
    full = hpf_quota(req, POLICY, 360)
    after = hpf_quota(req, POLICY, 360, borrower_balances=D(50000))
    assert after.amount == D(500000) < full.amount
    assert after.binding is not None and after.binding.key == "balance"
    assert "提取后" in after.binding.basis


@pytest.mark.parametrize(("months", "ordinal", "name", "value"), [
    (60, 1, "rate.hpf.first.upto5y", "0.021"),
    (61, 1, "rate.hpf.first.over5y", "0.026"),
    (60, 2, "rate.hpf.second.upto5y", "0.02525"),
    (360, 2, "rate.hpf.second.over5y", "0.03075"),
])
def test_rate_tier(months: int, ordinal: int, name: str, value: str) -> None:
    q = hpf_quota(couple_request(home_ordinal=ordinal), POLICY, months)
    assert (q.rate.name, q.rate.value) == (name, D(value))


@pytest.mark.parametrize(("kw", "fragment"), [
    ({"home_ordinal": 3}, "第3套住房"),
    ({"hpf_loan_outstanding": True}, "未结清的住房公积金贷款"),
])
def test_blocked(kw: dict[str, object], fragment: str) -> None:
    q = hpf_quota(couple_request(**kw), POLICY, 360)
    assert q.amount == 0 and q.binding is None and q.limits == ()
    assert q.blocked is not None and fragment in q.blocked


def test_applicant_without_an_account_is_blocked() -> None:
    req = single(applicant=person(deposits=False, income=D(9000)))
    assert "未缴存" in (blocked_reason(req, POLICY) or "")


def test_term_limit_young_couple_gets_the_maximum_term() -> None:
    t = term_limit(couple_request(), POLICY)
    assert (t.months, t.key) == (360, "max_term")
    assert len(t.candidates) == 3


def test_term_limit_the_borrower_reaching_the_age_first_binds() -> None:
    # Applicant male born 1986-06-01 (68 in 2054-06), spouse female born 1981-06-01 (63 in 2044-06).
    req = couple_request(applicant=person(age=40, balance=D(60000), income=D(9000)),
                         co_borrower=person("配偶", 45, "female", balance=D(1), is_spouse=True))
    t = term_limit(req, POLICY)
    assert t.key == "age" and "配偶" in t.basis and "63周岁" in t.basis
    assert t.months == (2044 - 2026) * 12 + (6 - 12)
    assert t.params[0].name == "loan.max_age_at_maturity.female"


def test_term_limit_is_zero_past_the_age() -> None:
    req = single(applicant=person(age=70, balance=D(60000), income=D(9000)))
    assert term_limit(req, POLICY).months == 0


def test_a_date_decides_the_age() -> None:
    birth = date(1958, 12, 2)  # turns 68 the day after ON
    req = single(applicant=replace(person(balance=D(1), income=D(1)), birth_date=birth))
    assert req.on == ON
    assert term_limit(req, POLICY).months == 0


balances = st.decimals(min_value=D(0), max_value=D(400000), places=2)


@settings(max_examples=150, deadline=None)
@given(balances, balances, st.decimals(min_value=D(0), max_value=D(100000), places=2),
       st.decimals(min_value=D(200000), max_value=D(3000000), places=0),
       st.sampled_from([60, 120, 240, 360]), st.sampled_from([1, 2]))
def test_more_balance_never_lowers_the_quota(a: Decimal, b: Decimal, extra: Decimal,
                                             price: Decimal, months: int, ordinal: int) -> None:
    base = couple_request(purchase=Purchase(price, "new"), home_ordinal=ordinal)
    assert base.co_borrower is not None
    lower = replace(base, applicant=replace(base.applicant, balance=a),
                    co_borrower=replace(base.co_borrower, balance=b))
    higher = replace(lower, applicant=replace(lower.applicant, balance=a + extra))
    q_low = hpf_quota(lower, POLICY, months)
    q_high = hpf_quota(higher, POLICY, months)
    assert q_high.amount >= q_low.amount
    assert q_low.amount == min(lim.value for lim in q_low.limits).to_integral_value(
        rounding="ROUND_FLOOR")
