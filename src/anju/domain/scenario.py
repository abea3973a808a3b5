"""The scenario: one depositor (and family) on a date — the engine's only input.

Plain frozen dataclasses, standard library only. The adapter layer validates JSON/YAML into
these same classes (pydantic reads the attribute docstrings below as the published JSON Schema's
descriptions), so there is exactly one model of the input.

Unknown is ``None``: a field left out is a fact the engine does not know, never zero or false.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any, Literal

_SCHEMA_CONFIG: dict[str, Any] = {"use_attribute_docstrings": True, "extra": "forbid"}

DepositStatus = Literal["paid", "back_paid", "arrears"]
AccountStatus = Literal["active", "sealed", "closed", "frozen"]
EmploymentStatus = Literal["employed", "flexible", "unemployed", "retired"]
RetirementCategory = Literal["male", "female_cadre", "female_worker"]
MaritalStatus = Literal["single", "married", "divorced", "widowed"]
Education = Literal["none", "secondary", "bachelor", "master", "doctor"]
LoanKind = Literal["hpf", "commercial", "combination"]
LoanStatus = Literal["outstanding", "repaid", "overdue"]
PurchaseKind = Literal["new", "resale", "self_build", "overhaul"]
ExpenseKind = Literal["renovation", "property_fee", "elevator", "illness"]
RepaymentMethod = Literal["equal_instalment", "equal_principal"]


@dataclass(frozen=True, slots=True)
class DepositMonth:
    """One month of the deposit history (缴存明细)."""

    __pydantic_config__ = _SCHEMA_CONFIG

    month: str
    """Month deposited for, "YYYY-MM" (汇缴年月)."""
    status: DepositStatus = "paid"
    """paid 按时足额缴存 · back_paid 补缴 · arrears 欠缴 (due, not paid)."""
    amount: Decimal | None = None
    """Amount for the month, both sides together (元)."""


@dataclass(frozen=True, slots=True)
class Account:
    """The person's provident fund account (个人住房公积金账户)."""

    __pydantic_config__ = _SCHEMA_CONFIG

    status: AccountStatus
    """active 正常 · sealed 封存 · closed 销户 · frozen 冻结."""
    balance: Decimal | None = None
    """Balance on the scenario date (账户余额, 元)."""
    number: str | None = None
    """Account number (个人账号)."""
    opened_on: date | None = None
    """Date the account was opened (开户日期)."""
    sealed_on: date | None = None
    """Date the account was sealed (封存日期), when status is sealed."""
    base: Decimal | None = None
    """Monthly deposit base (缴存基数, 元)."""
    rate_employee: Decimal | None = None
    """Employee deposit ratio, e.g. 0.12 (个人缴存比例)."""
    rate_employer: Decimal | None = None
    """Employer deposit ratio, e.g. 0.12 (单位缴存比例)."""
    history: Sequence[DepositMonth] | None = None
    """Monthly deposit history, any order; months absent from it were not deposited."""
    monthly_offset_signed: bool | None = None
    """Whether the monthly loan offset (按月冲还贷) is signed."""
    local: bool = True
    """Whether the account is held at this centre (False: another city's centre)."""


@dataclass(frozen=True, slots=True)
class Employment:
    """Current employment (就业状况)."""

    __pydantic_config__ = _SCHEMA_CONFIG

    status: EmploymentStatus
    """employed 在职 · flexible 灵活就业 · unemployed 离职/无业 · retired 已退休."""
    employer: str | None = None
    """Employer name (单位名称)."""
    left_on: date | None = None
    """Date the labour relationship ended (解除劳动关系日期)."""
    retired_on: date | None = None
    """Actual retirement date when already retired (退休日期)."""


@dataclass(frozen=True, slots=True)
class Home:
    """A home owned by the person (自有住房)."""

    __pydantic_config__ = _SCHEMA_CONFIG

    in_city: bool = True
    """Whether the home is in this city (本市)."""
    acquired_on: date | None = None
    """Date of the deed or contract (取得日期)."""
    area: Decimal | None = None
    """Floor area in square metres (建筑面积)."""
    address: str | None = None
    """Address (房屋坐落)."""
    property_fee_yearly: Decimal | None = None
    """Yearly property-management fee (物业费, 元/年)."""


@dataclass(frozen=True, slots=True)
class Loan:
    """A home loan, the person's own or as co-borrower (住房贷款)."""

    __pydantic_config__ = _SCHEMA_CONFIG

    kind: LoanKind
    """hpf 公积金贷款 · commercial 商业贷款 · combination 组合贷款."""
    status: LoanStatus
    """outstanding 还款中 · repaid 已结清 · overdue 逾期."""
    principal: Decimal | None = None
    """Original principal (贷款本金, 元)."""
    balance: Decimal | None = None
    """Outstanding principal on the scenario date (贷款余额, 元)."""
    monthly_payment: Decimal | None = None
    """Current monthly payment (月还款额, 元)."""
    rate: Decimal | None = None
    """Annual rate, e.g. 0.026 (年利率)."""
    start: date | None = None
    """Disbursement date (放款日期)."""
    term_months: int | None = None
    """Term in months (贷款期限)."""
    repaid_on: date | None = None
    """Date fully repaid (结清日期)."""
    commercial_balance: Decimal | None = None
    """For a combination loan: the commercial part of ``balance`` (组合贷款商业部分余额, 元)."""
    commercial_payment: Decimal | None = None
    """For a combination loan: the commercial part of ``monthly_payment`` (元)."""
    local: bool = True
    """Whether the loan was granted by this centre or a local bank (本地贷款)."""


@dataclass(frozen=True, slots=True)
class Withdrawal:
    """A past withdrawal (历史提取)."""

    __pydantic_config__ = _SCHEMA_CONFIG

    on: date
    """Date paid out (提取日期)."""
    business: str
    """Business code, e.g. withdraw.rent."""
    amount: Decimal
    """Amount withdrawn (元)."""


@dataclass(frozen=True, slots=True)
class Circumstances:
    """Special circumstances (特殊情形); each unknown unless stated."""

    __pydantic_config__ = _SCHEMA_CONFIG

    critical_illness: bool | None = None
    """Self or a family member has a major illness (重大疾病)."""
    dibao: bool | None = None
    """Receives the minimum living allowance (最低生活保障)."""
    total_incapacity: bool | None = None
    """Certified total loss of working capacity (完全丧失劳动能力)."""
    emigrated: bool | None = None
    """Settled abroad with household registration cancelled (出境定居)."""
    deceased_on: date | None = None
    """Date of death or declared death (死亡/宣告死亡日期)."""
    fraud_ban_until: date | None = None
    """End of a ban for fraudulent withdrawal or loan (骗提骗贷失信限制截止日)."""


@dataclass(frozen=True, slots=True)
class Person:
    """A depositor or a family member."""

    __pydantic_config__ = _SCHEMA_CONFIG

    id_number: str | None = None
    """18-digit resident identity number (身份证号), GB 11643 check digit."""
    name: str | None = None
    """Name (姓名)."""
    birth_date: date | None = None
    """Birth date; derived from id_number when absent."""
    sex: Literal["male", "female"] | None = None
    """Sex; derived from id_number when absent."""
    retirement_category: RetirementCategory | None = None
    """Statutory retirement category: male 男职工 · female_cadre 女干部(55) · female_worker 女工人(50)."""
    hukou_local: bool | None = None
    """Whether the household registration (户籍) is in this city."""
    resident_since: date | None = None
    """Date the person came to live or work in the city (来焦日期), for new-resident rules."""
    marital_status: MaritalStatus | None = None
    """single 未婚 · married 已婚 · divorced 离异 · widowed 丧偶."""
    children_count: int | None = None
    """Number of children (子女数)."""
    education: Education | None = None
    """Highest degree (学历)."""
    phone: str | None = None
    """Mobile phone (手机号)."""
    distance_km: Decimal | None = None
    """Distance from home to the service hall in km, for personalised service."""
    monthly_income: Decimal | None = None
    """Monthly wage income (月收入, 元)."""
    debts_monthly: Decimal | None = None
    """Monthly payments on other debts (其他债务月供, 元)."""
    employment: Employment | None = None
    """Employment (就业状况)."""
    account: Account | None = None
    """Provident fund account; absent when the person has none."""
    homes: list[Home] = field(default_factory=list)
    """Homes owned (自有住房)."""
    loans: list[Loan] = field(default_factory=list)
    """Home loans (住房贷款)."""
    withdrawals: list[Withdrawal] = field(default_factory=list)
    """Past withdrawals (历史提取)."""
    circumstances: Circumstances = field(default_factory=Circumstances)
    """Special circumstances (特殊情形)."""


@dataclass(frozen=True, slots=True)
class Purchase:
    """The home the visit is about (购房/建房)."""

    __pydantic_config__ = _SCHEMA_CONFIG

    kind: PurchaseKind
    """new 新建商品住房 · resale 二手住房 · self_build 自建/翻建 · overhaul 大修."""
    price: Decimal | None = None
    """Total price or cost (房价/工程造价, 元)."""
    area: Decimal | None = None
    """Floor area in square metres (建筑面积)."""
    contract_date: date | None = None
    """Date of the registered contract (网签备案日期)."""
    deed_date: date | None = None
    """Date of the deed (不动产权证登记日期)."""
    in_city: bool | None = None
    """Whether the home is in this city."""
    down_payment: Decimal | None = None
    """Down payment already paid (已付首付款, 元)."""
    building_age_years: int | None = None
    """Age of the building for a resale home (房龄, 年)."""
    other_loans: Decimal | None = None
    """All loans for the same purchase, HPF and commercial (同一购房的全部贷款, 元): the price
    less these is the self-paid part that purchase withdrawals may cover."""


@dataclass(frozen=True, slots=True)
class Rent:
    """A rented home (租房)."""

    __pydantic_config__ = _SCHEMA_CONFIG

    monthly_rent: Decimal | None = None
    """Monthly rent (月租金, 元)."""
    public_housing: bool | None = None
    """Public or affordable rental housing (公租房/保障性租赁住房)."""
    in_city: bool | None = None
    """Whether the rented home is in this city."""


@dataclass(frozen=True, slots=True)
class LoanRequest:
    """A loan the person asks for (贷款申请)."""

    __pydantic_config__ = _SCHEMA_CONFIG

    amount: Decimal | None = None
    """Amount asked for (申请金额, 元)."""
    term_months: int | None = None
    """Term asked for (申请期限, 月)."""
    method: RepaymentMethod = "equal_instalment"
    """equal_instalment 等额本息 · equal_principal 等额本金."""
    commercial_balance: Decimal | None = None
    """For 商转公: the commercial loan's outstanding principal (元)."""
    prepayment: Decimal | None = None
    """For 提前还款: the amount to prepay (元)."""


@dataclass(frozen=True, slots=True)
class Expense:
    """A housing expense the visit is about (装修/物业费/加装电梯/医疗)."""

    __pydantic_config__ = _SCHEMA_CONFIG

    kind: ExpenseKind
    """renovation 装修 · property_fee 物业费 · elevator 加装电梯 · illness 重大疾病医疗费."""
    amount: Decimal | None = None
    """Amount paid or due (元)."""
    on: date | None = None
    """Date of the invoice or agreement (发票/协议日期)."""


@dataclass(frozen=True, slots=True)
class Visit:
    """What the person came about; every part optional."""

    __pydantic_config__ = _SCHEMA_CONFIG

    purpose: str | None = None
    """The business code asked about, if any (e.g. withdraw.purchase_new)."""
    purchase: Purchase | None = None
    """The home being bought or built."""
    rent: Rent | None = None
    """The rented home."""
    loan: LoanRequest | None = None
    """The loan asked for."""
    expenses: list[Expense] = field(default_factory=list)
    """Housing or medical expenses to pay, at most one of each kind."""
    transfer_from_city: str | None = None
    """For 异地转移接续: the city the account moves from."""


@dataclass(frozen=True, slots=True)
class Scenario:
    """One depositor (the applicant) and family, on a date."""

    __pydantic_config__ = _SCHEMA_CONFIG

    applicant: Person
    """The person applying (申请人)."""
    on: date | None = None
    """Application date (申请日期); the CLI's --on overrides it."""
    title: str | None = None
    """A short label for the scenario."""
    spouse: Person | None = None
    """Spouse (配偶), where known."""
    parents: list[Person] = field(default_factory=list)
    """Parents (父母), where known."""
    children: list[Person] = field(default_factory=list)
    """Children (子女), where known."""
    visit: Visit = field(default_factory=Visit)
    """What the visit is about."""
    materials_brought: list[str] | None = None
    """Material codes brought to the counter; absent for an online self-check."""
