"""What the planner is asked: the home, the buyers, the family who could help, and limits.

The service layer builds a :class:`PlanRequest` from a scenario (first or second home comes
from the family's records, not from the user); tests and the benchmark build it directly.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Literal

from anju.domain.calendar import add_months, months_between
from anju.domain.errors import InputError, Problem
from anju.domain.planner.loan_policy import HomeKind

Sex = Literal["male", "female"]
Relation = Literal["spouse", "parent", "child"]
RELATION_LABELS: dict[str, str] = {"spouse": "配偶", "parent": "父母", "child": "子女"}


@dataclass(frozen=True, slots=True)
class Borrower:
    """The applicant or the co-borrower (共同借款人)."""

    label: str
    """How the person is named in explanations, e.g. 申请人, 配偶."""
    sex: Sex
    birth_date: date
    balance: Decimal = Decimal(0)
    """Provident fund balance (账户余额)."""
    base: Decimal | None = None
    """Monthly deposit base (缴存基数); stands in for income when income is unknown."""
    income: Decimal | None = None
    """Monthly income (月收入)."""
    debts_monthly: Decimal = Decimal(0)
    """Monthly payments on other debts (其他债务月供)."""
    monthly_deposit: Decimal | None = None
    """Both sides' monthly deposit (月缴存额), for the monthly offset (按月冲还贷)."""
    deposits: bool = True
    """Whether the person deposits into the fund (缴存职工)."""
    is_spouse: bool = False
    """True for the applicant's spouse as co-borrower (夫妻双方缴存 decides the cap)."""

    def age_months(self, on: date) -> int:
        return months_between(self.birth_date, on)

    def months_until_age(self, years: int, on: date) -> int:
        """Whole months from ``on`` until the person turns ``years`` (negative when past)."""
        return months_between(on, add_months(self.birth_date, years * 12))


@dataclass(frozen=True, slots=True)
class Helper:
    """A family member who is not a borrower but could withdraw for the purchase."""

    relation: Relation
    label: str
    """How the person is named, e.g. 父亲, 母亲, 儿子."""
    balance: Decimal


@dataclass(frozen=True, slots=True)
class Purchase:
    """The home being bought."""

    price: Decimal
    kind: HomeKind
    """new 新建商品住房 · resale 二手住房."""
    area: Decimal | None = None
    building_age_years: int | None = None
    down_payment_paid: Decimal | None = None
    """Down payment already paid (已付首付款); the loans cannot exceed the rest."""


@dataclass(frozen=True, slots=True)
class PlanLimits:
    """The person's own limits; a plan that breaks one is shown but not recommended."""

    max_monthly_payment: Decimal | None = None
    max_down_payment: Decimal | None = None
    term_months: int | None = None
    """Preferred term (希望的贷款期限)."""


DEFAULT_TERMS_YEARS = (10, 15, 20, 25, 30)


@dataclass(frozen=True, slots=True)
class PlanRequest:
    """Everything one plan search needs besides the policy."""

    on: date
    purchase: Purchase
    applicant: Borrower
    co_borrower: Borrower | None = None
    helpers: tuple[Helper, ...] = ()
    home_ordinal: int = 1
    """Which home this is for the family: 1 first, 2 second, 3 third… (from the records)."""
    hpf_loan_outstanding: bool = False
    """Whether the family still repays an HPF loan."""
    multi_child: bool = False
    """Multi-child family (多子女家庭), for the cap uplift."""
    commercial_rate: Decimal | None = None
    """Commercial rate override; None means the pack's LPR plus spread."""
    limits: PlanLimits = PlanLimits()
    terms_years: tuple[int, ...] = DEFAULT_TERMS_YEARS
    """Terms to compare (years); the preferred term and the age limit are added."""
    start: date | None = None
    """Expected disbursement date, for due dates in the schedules."""
    notes: tuple[str, ...] = ()
    """What the request's builder assumed (Chinese), passed through to the result's notes."""

    @property
    def borrowers(self) -> tuple[Borrower, ...]:
        return (self.applicant,) if self.co_borrower is None else (self.applicant,
                                                                    self.co_borrower)

    def validate(self) -> None:
        """Raise :class:`InputError` listing every unusable field (Chinese)."""
        problems: list[Problem] = []
        p = self.purchase
        if p.price <= 0:
            problems.append(Problem("purchase.price", "房价必须大于0元"))
        if p.kind not in ("new", "resale"):
            problems.append(Problem("purchase.kind", "房屋类型应为 new（新房）或 resale（二手房）"))
        if p.down_payment_paid is not None and not 0 <= p.down_payment_paid < p.price:
            problems.append(Problem("purchase.down_payment_paid", "已付首付款应不小于0且小于房价"))
        if self.home_ordinal < 1:
            problems.append(Problem("home_ordinal", "住房套数应从1开始（1为首套）"))
        for path, b in (("applicant", self.applicant), ("co_borrower", self.co_borrower)):
            if b is None:
                continue
            if b.birth_date >= self.on:
                problems.append(Problem(f"{path}.birth_date", f"{b.label}的出生日期应早于申请日期"))
            for field_name in ("balance", "debts_monthly", "base", "income", "monthly_deposit"):
                value = getattr(b, field_name)
                if value is not None and value < 0:
                    problems.append(Problem(f"{path}.{field_name}", "金额不能为负数"))
        for i, h in enumerate(self.helpers):
            if h.balance < 0:
                problems.append(Problem(f"helpers[{i}].balance", f"{h.label}的账户余额不能为负数"))
        if self.commercial_rate is not None and not 0 < self.commercial_rate < 1:
            problems.append(Problem("commercial_rate", "商业贷款年利率应在0到1之间，例如0.0305"))
        lim = self.limits
        for name in ("max_monthly_payment", "max_down_payment"):
            value = getattr(lim, name)
            if value is not None and value <= 0:
                problems.append(Problem(f"limits.{name}", "上限必须大于0元"))
        if lim.term_months is not None and not 12 <= lim.term_months <= 600:
            problems.append(Problem("limits.term_months", "希望的贷款期限应在1年到50年之间"))
        if not self.terms_years or any(not 1 <= t <= 50 for t in self.terms_years):
            problems.append(Problem("terms_years", "比较的贷款期限应在1到50年之间"))
        if problems:
            raise InputError("贷款规划请求有误", problems)
