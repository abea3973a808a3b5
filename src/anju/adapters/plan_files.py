"""Plan requests (JSON/YAML or command-line flags) in, schedules (xlsx/CSV) out.

A request is either *flat* — the buyers, relatives and the family's records summarised as
counts — or carries a full ``scenario`` document. Both become a :class:`Scenario`, so the first
or second home is always derived from the family's homes and loans by the same functions.
The format is documented in docs/planner.md.
"""

from __future__ import annotations

import csv
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from anju.adapters import validation_errors
from anju.adapters.scenario_files import scenario_from_data
from anju.adapters.yaml_files import read_document
from anju.domain.calendar import add_months
from anju.domain.errors import InputError, Problem
from anju.domain.planner.plan import Plan
from anju.domain.scenario import Account, Home, Loan, Person, Purchase, Scenario, Visit
from anju.services.planning import PlanOptions


class _Doc(BaseModel):
    model_config = ConfigDict(extra="forbid")


class PersonDoc(_Doc):
    """A borrower: the applicant or the spouse."""

    name: str | None = None
    age: int | None = Field(None, ge=16, le=100)
    """Age in full years; ``birth_date`` or ``id_number`` is more precise."""
    birth_date: date | None = None
    sex: Literal["male", "female"] | None = None
    id_number: str | None = None
    balance: Decimal = Field(Decimal(0), ge=0)
    base: Decimal | None = Field(None, ge=0)
    deposit_ratio: Decimal | None = Field(None, ge=0, le=Decimal("0.12"))
    """Each side's deposit ratio, e.g. 0.12 (monthly deposit = base × ratio × 2)."""
    income: Decimal | None = Field(None, ge=0)
    debts: Decimal | None = Field(None, ge=0)
    deposits: bool = True
    """False when the person has no active fund account."""


class RelativeDoc(_Doc):
    """A parent or child who could withdraw for the purchase."""

    name: str | None = None
    sex: Literal["male", "female"] | None = None
    balance: Decimal = Field(ge=0)


class FamilyDoc(_Doc):
    """The family's records, summarised."""

    homes_in_city: int = Field(0, ge=0)
    hpf_loans_used: int = Field(0, ge=0)
    hpf_loan_outstanding: bool = False
    children: int | None = Field(None, ge=0)


class PurchaseDoc(_Doc):
    price: Decimal = Field(gt=0)
    kind: Literal["new", "resale"]
    area: Decimal | None = Field(None, gt=0)
    building_age_years: int | None = Field(None, ge=0)
    down_payment_paid: Decimal | None = Field(None, ge=0)


class LimitsDoc(_Doc):
    max_monthly_payment: Decimal | None = Field(None, gt=0)
    max_down_payment: Decimal | None = Field(None, gt=0)
    term_years: int | None = Field(None, ge=1, le=50)


class RequestDoc(_Doc):
    """A plan request document."""

    on: date | None = None
    purchase: PurchaseDoc | None = None
    applicant: PersonDoc | None = None
    spouse: PersonDoc | None = None
    parents: list[RelativeDoc] = []
    children: list[RelativeDoc] = []
    family: FamilyDoc | None = None
    scenario: dict[str, Any] | None = None
    commercial_rate: Decimal | None = Field(None, gt=0, lt=1)
    limits: LimitsDoc | None = None
    terms_years: list[int] | None = None
    start: date | None = None


def request_from_data(data: Any, source: str, today: date) -> tuple[Scenario, date, PlanOptions]:
    """Validate a request document; returns the scenario, the date and the person's options."""
    if not isinstance(data, dict):
        raise InputError("贷款规划请求应为对象（键: 值）", [Problem("（顶层）", "应为对象", source)])
    try:
        doc = RequestDoc.model_validate(data)
    except ValidationError as exc:
        raise InputError("贷款规划请求格式有误", validation_errors.problems(exc, source)) from None
    if doc.scenario is not None:
        flat = [k for k in ("purchase", "applicant", "spouse", "parents", "children", "family") if k in data]
        if flat:
            raise InputError(
                "贷款规划请求有误", [Problem(k, "已提供 scenario 时，家庭信息应写在 scenario 中", source) for k in flat]
            )
        scenario = scenario_from_data(doc.scenario, source)
        on = doc.on or scenario.on or today
    else:
        on = doc.on or today
        scenario = _scenario(doc, on, source)
    limits = doc.limits
    options = PlanOptions(
        commercial_rate=doc.commercial_rate,
        max_monthly_payment=limits.max_monthly_payment if limits else None,
        max_down_payment=limits.max_down_payment if limits else None,
        term_months=limits.term_years * 12 if limits and limits.term_years else None,
        start=doc.start,
        **({"terms_years": tuple(doc.terms_years)} if doc.terms_years else {}),
    )
    return scenario, on, options


def read_request(path: Path, today: date) -> tuple[Scenario, date, PlanOptions]:
    return request_from_data(read_document(path), str(path), today)


def _scenario(doc: RequestDoc, on: date, source: str) -> Scenario:
    problems = []
    if doc.purchase is None:
        problems.append(Problem("purchase", "缺少购房信息（price 房价、kind 新房/二手房）", source))
    if doc.applicant is None:
        problems.append(Problem("applicant", "缺少申请人信息", source))
    if problems:
        raise InputError("贷款规划请求不完整", problems)
    assert doc.purchase is not None and doc.applicant is not None
    fam = doc.family
    homes = fam.homes_in_city if fam else 0
    used = fam.hpf_loans_used if fam else 0
    outstanding = 1 if fam and fam.hpf_loan_outstanding else 0
    loans = [Loan(kind="hpf", status="repaid")] * max(used - outstanding, 0)
    loans += [Loan(kind="hpf", status="outstanding")] * outstanding
    p = doc.purchase
    applicant = _person(
        doc.applicant,
        on,
        homes=[Home(in_city=True)] * homes,
        loans=loans,
        children=fam.children if fam else None,
        married=doc.spouse is not None,
    )
    spouse = _person(doc.spouse, on, married=True) if doc.spouse else None
    return Scenario(
        applicant=applicant,
        on=on,
        spouse=spouse,
        parents=[_relative(r) for r in doc.parents],
        children=[_relative(r) for r in doc.children],
        visit=Visit(
            purchase=Purchase(
                kind=p.kind,
                price=p.price,
                area=p.area,
                down_payment=p.down_payment_paid,
                building_age_years=p.building_age_years,
            )
        ),
    )


def _person(
    d: PersonDoc,
    on: date,
    *,
    homes: list[Home] | None = None,
    loans: list[Loan] | None = None,
    children: int | None = None,
    married: bool = False,
) -> Person:
    birth = d.birth_date
    if birth is None and d.age is not None:
        birth = add_months(on, -12 * d.age)  # age in full years: turned it on the request date
    account = None
    if d.deposits:
        account = Account(
            status="active",
            balance=d.balance,
            base=d.base,
            rate_employee=d.deposit_ratio,
            rate_employer=d.deposit_ratio,
        )
    return Person(
        name=d.name,
        id_number=d.id_number,
        birth_date=birth,
        sex=d.sex,
        monthly_income=d.income,
        debts_monthly=d.debts,
        account=account,
        homes=homes or [],
        loans=loans or [],
        children_count=children,
        marital_status="married" if married else None,
    )


def _relative(d: RelativeDoc) -> Person:
    return Person(name=d.name, sex=d.sex, account=Account(status="active", balance=d.balance))


# ---------------------------------------------------------------------------------------------
# Exports

_PART_COLUMNS = ("月供", "本金", "利息", "剩余本金")


def schedule_table(plan: Plan) -> tuple[list[str], list[list[Any]], list[Any]]:
    """Header, one row per period, and the totals row of a plan's schedules side by side."""
    header = ["期数", "还款日"]
    for part in plan.parts:
        header += [f"{part.label}{c}" for c in _PART_COLUMNS]
    if len(plan.parts) > 1:
        header += [f"合计{c}" for c in _PART_COLUMNS]
    periods = max(p.schedule.term_months for p in plan.parts)
    rows: list[list[Any]] = []
    for k in range(periods):
        present = [p.schedule.rows[k] if k < p.schedule.term_months else None for p in plan.parts]
        due = next((r.date for r in present if r is not None and r.date is not None), None)
        line: list[Any] = [k + 1, due.isoformat() if due else ""]
        for r in present:
            line += [r.payment, r.principal, r.interest, r.balance] if r is not None else [Decimal(0)] * 4
        if len(plan.parts) > 1:
            line += [
                sum((r.payment for r in present if r), Decimal(0)),
                sum((r.principal for r in present if r), Decimal(0)),
                sum((r.interest for r in present if r), Decimal(0)),
                sum((r.balance for r in present if r), Decimal(0)),
            ]
        rows.append(line)
    totals: list[Any] = ["合计", ""]
    for part in plan.parts:
        s = part.schedule
        totals += [s.total_payment, s.total_principal, s.total_interest, ""]
    if len(plan.parts) > 1:
        totals += [
            sum((p.schedule.total_payment for p in plan.parts), Decimal(0)),
            plan.loan_total,
            plan.total_interest,
            "",
        ]
    return header, rows, totals


def export_schedule(plan: Plan, path: Path) -> None:
    """Write the plan's schedule with a totals row: ``.xlsx`` (Excel) or ``.csv`` (UTF-8)."""
    suffix = path.suffix.lower()
    if suffix not in (".xlsx", ".csv"):
        raise InputError(f"导出文件应以 .xlsx 或 .csv 结尾（收到 {path.name}）")
    header, rows, totals = schedule_table(plan)
    try:
        if suffix == ".csv":
            _write_csv(path, header, rows, totals)
        else:
            _write_xlsx(path, plan, header, rows, totals)
    except OSError as exc:
        raise InputError(f"无法写入导出文件 {path}：{exc.strerror}") from None


def _cell(value: Any) -> str:
    return f"{value:.2f}" if isinstance(value, Decimal) else str(value)


def _write_csv(path: Path, header: list[str], rows: list[list[Any]], totals: list[Any]) -> None:
    # utf-8-sig: Excel opens a CSV with a BOM as UTF-8, otherwise the Chinese is garbled.
    with path.open("w", newline="", encoding="utf-8-sig") as f:
        writer = csv.writer(f)
        writer.writerow(header)
        for line in rows:
            writer.writerow([_cell(v) for v in line])
        writer.writerow([_cell(v) for v in totals])


def _write_xlsx(path: Path, plan: Plan, header: list[str], rows: list[list[Any]], totals: list[Any]) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "还款计划"
    sheet.append(header)
    for line in rows:
        sheet.append(line)
    sheet.append(totals)
    bold = Font(bold=True)
    for cell in sheet[1]:
        cell.font = bold
    for cell in sheet[sheet.max_row]:
        cell.font = bold
    for column in sheet.iter_cols(min_col=3, min_row=2):
        for cell in column:
            if isinstance(cell.value, Decimal):
                cell.number_format = "#,##0.00"
    sheet.freeze_panes = "C2"
    summary = book.create_sheet("方案概要")
    summary.append(["方案", plan.title])
    summary.append(["方案编号", plan.id])
    summary.append(["房价", plan.price])
    summary.append(["首付", plan.down_payment])
    summary.append(["贷款合计", plan.loan_total])
    for part in plan.parts:
        s = part.schedule
        summary.append([f"{part.label}", s.principal])
        summary.append([f"{part.label}年利率", s.rate])
        summary.append([f"{part.label}期限（月）", s.term_months])
    summary.append(["首月月供", plan.monthly_payment])
    summary.append(["总利息", plan.total_interest])
    summary.append(["较同额商业贷款节省利息", plan.savings_vs_commercial])
    for i, step in enumerate(plan.steps, start=1):
        summary.append([f"步骤{i}", step])
    book.save(path)
