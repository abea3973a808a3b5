"""Builders shared by the planner tests: a LoanPolicy with the default pack's figures."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal
from typing import Any

from anju.domain.planner.loan_policy import LoanPolicy, Param
from anju.domain.planner.request import Borrower, Helper, PlanLimits, PlanRequest, Purchase

D = Decimal

# The bundled Jiaozuo pack's figures on 2026-12-01 (src/anju/policies/jiaozuo/parameters).
PACK_FIGURES: dict[str, tuple[str, Any, str]] = {
    "cap_single": ("loan.cap.single", D(770000), "placeholder"),
    "cap_couple": ("loan.cap.couple", D(935000), "placeholder"),
    "multi_child_uplift": ("loan.cap.multi_child_uplift", D("0.20"), "placeholder"),
    "balance_multiple": ("loan.balance_multiple", D(10), "placeholder"),
    "capacity_ratio": ("loan.capacity_ratio", D("0.50"), "placeholder"),
    "down_first_new": ("loan.down_payment.first_new", D("0.20"), "placeholder"),
    "down_first_resale": ("loan.down_payment.first_resale", D("0.30"), "placeholder"),
    "down_second": ("loan.down_payment.second", D("0.30"), "placeholder"),
    "max_term_years": ("loan.max_term_years", D(30), "placeholder"),
    "max_age_male": ("loan.max_age_at_maturity.male", D(68), "placeholder"),
    "max_age_female": ("loan.max_age_at_maturity.female", D(63), "placeholder"),
    "rate_first_upto5y": ("rate.hpf.first.upto5y", D("0.021"), "verified"),
    "rate_first_over5y": ("rate.hpf.first.over5y", D("0.026"), "verified"),
    "rate_second_upto5y": ("rate.hpf.second.upto5y", D("0.02525"), "verified"),
    "rate_second_over5y": ("rate.hpf.second.over5y", D("0.03075"), "verified"),
    "lpr_5y": ("rate.lpr.5y", D("0.035"), "verified"),
    "commercial_down_first": ("commercial.down_payment.first", D("0.15"), "verified"),
    "commercial_down_second": ("commercial.down_payment.second", D("0.25"), "verified"),
    "commercial_spread_bp": ("commercial.spread_bp", D(-45), "unverified"),
    "purchase_relatives": ("withdraw.purchase.relatives", ("spouse", "parent", "child"),
                           "placeholder"),
    "max_home_ordinal": ("loan.max_home_ordinal", D(2), "placeholder"),
}

ON = date(2026, 12, 1)


def make_policy(on: date = ON, **overrides: Any) -> LoanPolicy:
    """The default pack's loan policy; keyword overrides replace a figure's value."""
    fields = {}
    for attr, (name, value, status) in PACK_FIGURES.items():
        value = overrides.pop(attr, value)
        fields[attr] = Param(name, value, name, source="test", status=status)
    assert not overrides, overrides
    return LoanPolicy(on=on, **fields)


def person(label: str = "申请人", age: int = 32, sex: str = "male", **kw: Any) -> Borrower:
    birth = date(ON.year - age, 6, 1) if ON.month > 6 else date(ON.year - age - 1, 6, 1)
    return Borrower(label=label, sex=sex, birth_date=birth, **kw)  # type: ignore[arg-type]


def couple_request(**kw: Any) -> PlanRequest:
    """A couple buying a ¥1,200,000 new first home, with two parents who can help."""
    base = PlanRequest(
        on=ON,
        purchase=Purchase(price=D(1200000), kind="new", area=D(110)),
        applicant=person("申请人", 32, "male", balance=D(60000), base=D(8000),
                         income=D(12000), monthly_deposit=D(1920)),
        co_borrower=person("配偶", 30, "female", balance=D(40000), base=D(6000),
                           income=D(9000), monthly_deposit=D(1440), is_spouse=True),
        helpers=(Helper("parent", "父亲", D(80000)), Helper("parent", "母亲", D(50000))),
        limits=PlanLimits(max_monthly_payment=D(6000), max_down_payment=D(400000)),
    )
    return replace(base, **kw)
