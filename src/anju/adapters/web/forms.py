"""Reading query strings and forms into typed values, every problem in Chinese at once."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from anju.domain.errors import InputError, Problem
from anju.domain.scenario import Purchase, Scenario
from anju.services.personalisation import Observations
from anju.services.planning import PlanOptions


@dataclass
class Reader:
    """Reads fields from one form or query string, collecting problems instead of stopping."""

    data: Mapping[str, Any]
    problems: list[Problem] = field(default_factory=list)

    def text(self, name: str) -> str:
        value = self.data.get(name)
        return value.strip() if isinstance(value, str) else ""

    def decimal(self, name: str, label: str, *, minimum: Decimal = Decimal(0),
                maximum: Decimal | None = None) -> Decimal | None:
        raw = self.text(name).replace(",", "").replace("，", "")
        if not raw:
            return None
        try:
            value = Decimal(raw)
        except InvalidOperation:
            self.problems.append(Problem(name, f"{label}应为数字，实际为 “{raw[:30]}”"))
            return None
        if not value.is_finite() or value < minimum or (maximum is not None and value > maximum):
            bound = f"{minimum}至{maximum}" if maximum is not None else f"不小于{minimum}"
            self.problems.append(Problem(name, f"{label}应{bound}，实际为 {raw[:30]}"))
            return None
        return value

    def integer(self, name: str, label: str, *, minimum: int, maximum: int) -> int | None:
        raw = self.text(name)
        if not raw:
            return None
        if not raw.isdigit() or not minimum <= int(raw) <= maximum:
            self.problems.append(Problem(name, f"{label}应为{minimum}至{maximum}的整数，实际为 “{raw[:30]}”"))
            return None
        return int(raw)

    def day(self, name: str, label: str) -> date | None:
        raw = self.text(name)
        if not raw:
            return None
        try:
            return date.fromisoformat(raw)
        except ValueError:
            self.problems.append(Problem(name, f"{label}应为日期 YYYY-MM-DD，实际为 “{raw[:30]}”"))
            return None

    def moment(self, name: str, label: str) -> datetime | None:
        raw = self.text(name)
        if not raw:
            self.problems.append(Problem(name, f"请选择{label}"))
            return None
        try:
            return datetime.fromisoformat(raw)
        except ValueError:
            self.problems.append(Problem(name, f"{label}格式有误，实际为 “{raw[:30]}”"))
            return None

    def choice(self, name: str, label: str, choices: Mapping[str, str], default: str) -> str:
        raw = self.text(name) or default
        if raw not in choices:
            self.problems.append(Problem(name, f"{label}应为{'、'.join(choices.values())}之一"))
            return default
        return raw

    def flag(self, name: str) -> bool | None:
        raw = self.text(name)
        return {"yes": True, "1": True, "true": True, "on": True, "no": False, "0": False,
                "false": False}.get(raw)

    def check(self, message: str = "输入有误，请按提示修改") -> None:
        if self.problems:
            raise InputError(message, self.problems)


KINDS = {"new": "新建商品住房", "resale": "二手住房"}


@dataclass(frozen=True, slots=True)
class PlanForm:
    """The plan workbench's inputs, as typed values (None: not given)."""

    price: Decimal | None = None
    kind: str = "new"
    area: Decimal | None = None
    down_paid: Decimal | None = None
    max_monthly: Decimal | None = None
    max_down: Decimal | None = None
    term_years: int | None = None
    commercial_rate: Decimal | None = None
    plan: str = ""

    @property
    def ready(self) -> bool:
        return self.price is not None

    def options(self) -> PlanOptions:
        return PlanOptions(commercial_rate=self.commercial_rate, max_monthly_payment=self.max_monthly,
                           max_down_payment=self.max_down,
                           term_months=None if self.term_years is None else self.term_years * 12)

    def scenario(self, scenario: Scenario) -> Scenario:
        """The stored scenario with this purchase as the visit."""
        purchase = Purchase(kind=self.kind, price=self.price, area=self.area,  # type: ignore[arg-type]
                            down_payment=self.down_paid, in_city=True)
        return replace(scenario, visit=replace(scenario.visit, purchase=purchase))


def plan_form(data: Mapping[str, Any]) -> PlanForm:
    """Read the plan workbench form; raises InputError naming every bad field."""
    r = Reader(data)
    form = PlanForm(
        price=r.decimal("price", "房价", minimum=Decimal(10_000), maximum=Decimal(100_000_000)),
        kind=r.choice("kind", "房屋类型", KINDS, "new"),
        area=r.decimal("area", "建筑面积", minimum=Decimal(1), maximum=Decimal(10_000)),
        down_paid=r.decimal("down_paid", "已付首付款", maximum=Decimal(100_000_000)),
        max_monthly=r.decimal("max_monthly", "可承受月供", minimum=Decimal(1), maximum=Decimal(1_000_000)),
        max_down=r.decimal("max_down", "可支付首付", maximum=Decimal(100_000_000)),
        term_years=r.integer("term_years", "希望的贷款期限（年）", minimum=1, maximum=30),
        commercial_rate=r.decimal("commercial_rate", "商业贷款利率", minimum=Decimal("0.001"),
                                  maximum=Decimal("0.2")),
        plan=r.text("plan")[:80],
    )
    r.check("贷款方案的输入有误")
    return form


def observations(data: Mapping[str, Any]) -> Observations:
    """What the officer was told at the counter (婚期, 残疾人证, 距离)."""
    r = Reader(data)
    found = Observations(
        distance_km=r.decimal("distance_km", "距离（公里）", maximum=Decimal(5000)),
        wedding_on=r.day("wedding_on", "婚期"),
        disabled=r.flag("disabled"),
    )
    r.check("个性化信息的输入有误")
    return found


def on_date(data: Mapping[str, Any], today: date) -> date:
    """The ``on`` date asked for, else today."""
    r = Reader(data)
    found = r.day("on", "办理日期")
    r.check("日期有误")
    return found or today
