"""The loan policy the planner works from: every figure on one date, each with its citation.

The service layer builds a :class:`LoanPolicy` from the policy pack; the planner never reads the
pack itself, so it can be tested (and reasoned about) with plain objects.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Generic, Literal, TypeVar

T = TypeVar("T")

HomeKind = Literal["new", "resale"]
_STATUS_LABELS = {"verified": "已核实", "placeholder": "待核实（参照同业城市）",
                  "unverified": "待核实"}


@dataclass(frozen=True, slots=True)
class Param(Generic[T]):
    """One policy figure in force on the planning date, with where it comes from."""

    name: str
    """Parameter name in the pack, e.g. ``loan.cap.single``."""
    value: T
    label: str
    """Chinese label (参数名称)."""
    clause: str | None = None
    """Clause id the figure rests on, when the pack names one."""
    source: str | None = None
    """Document or notice the value comes from."""
    status: str = "verified"
    """verified · placeholder (a peer city's value) · unverified."""
    since: date | None = None
    """Date the value took effect."""

    @property
    def verified(self) -> bool:
        return self.status == "verified"

    def citation(self) -> str:
        """A one-line Chinese citation: label, source or clause, and a 待核实 mark when due.

        >>> Param("loan.balance_multiple", Decimal(10), "余额倍数", source="洛阳",
        ...       status="placeholder").citation()
        '余额倍数（loan.balance_multiple；洛阳；待核实（参照同业城市））'
        """
        parts = [self.name]
        if self.clause:
            parts.append(self.clause)
        if self.source:
            parts.append(self.source)
        if not self.verified:
            parts.append(_STATUS_LABELS.get(self.status, self.status))
        return f"{self.label}（{'；'.join(parts)}）"


@dataclass(frozen=True, slots=True)
class LoanPolicy:
    """Every number the planner needs, in force on ``on``."""

    on: date
    cap_single: Param[Decimal]
    """最高贷款额度（单方缴存）, yuan."""
    cap_couple: Param[Decimal]
    """最高贷款额度（夫妻双方缴存）, yuan."""
    multi_child_uplift: Param[Decimal]
    """多子女家庭额度上浮比例, e.g. 0.20."""
    balance_multiple: Param[Decimal]
    """余额倍数 k: borrower and co-borrower balances × k."""
    capacity_ratio: Param[Decimal]
    """还款能力: monthly payment ≤ ratio × household monthly income."""
    down_first_new: Param[Decimal]
    down_first_resale: Param[Decimal]
    down_second: Param[Decimal]
    max_term_years: Param[Decimal]
    max_age_male: Param[Decimal]
    max_age_female: Param[Decimal]
    rate_first_upto5y: Param[Decimal]
    rate_first_over5y: Param[Decimal]
    rate_second_upto5y: Param[Decimal]
    rate_second_over5y: Param[Decimal]
    lpr_5y: Param[Decimal]
    commercial_down_first: Param[Decimal]
    commercial_down_second: Param[Decimal]
    commercial_spread_bp: Param[Decimal]
    purchase_relatives: Param[tuple[str, ...]]
    """Relatives who may withdraw for the family's purchase: spouse, parent, child."""
    max_home_ordinal: Param[Decimal]
    """The highest home (1 first, 2 second…) an HPF loan may finance."""

    def hpf_rate(self, home_ordinal: int, months: int) -> Param[Decimal]:
        """The HPF rate tier: first or second home, term up to 5 years or longer."""
        if home_ordinal <= 1:
            return self.rate_first_upto5y if months <= 60 else self.rate_first_over5y
        return self.rate_second_upto5y if months <= 60 else self.rate_second_over5y

    def hpf_down_payment(self, home_ordinal: int, kind: HomeKind) -> Param[Decimal]:
        """Minimum HPF down payment ratio for the home being bought."""
        if home_ordinal >= 2:
            return self.down_second
        return self.down_first_new if kind == "new" else self.down_first_resale

    def commercial_down_payment(self, home_ordinal: int) -> Param[Decimal]:
        return self.commercial_down_first if home_ordinal <= 1 else self.commercial_down_second

    def commercial_rate(self) -> Decimal:
        """Default commercial rate: 5-year LPR plus the spread in basis points, e.g. 3.50% − 45 bp."""
        return self.lpr_5y.value + self.commercial_spread_bp.value / Decimal(10000)

    def max_age(self, sex: str) -> Param[Decimal]:
        return self.max_age_male if sex == "male" else self.max_age_female

    def params(self) -> tuple[Param[object], ...]:
        """Every parameter, for listing the planner's sources."""
        return tuple(getattr(self, name) for name in self.__dataclass_fields__
                     if name != "on")
