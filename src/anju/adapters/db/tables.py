"""The depositor database: SQLAlchemy Core tables (SQLite embedded, PostgreSQL in production).

These rows are storage only; :mod:`anju.adapters.db.repositories` turns them into the domain's
:class:`~anju.domain.scenario.Person` and friends, so no class is both a row and a domain model.

Design notes (full rationale in ``docs/data.md``):

- The monthly deposit history is stored as *spells* (``deposit_spells``): runs of consecutive
  months with the same status, employer and monthly amount. It is lossless (a one-month spell is
  one month) and about 10 times smaller than one row per month; the repository expands spells to
  months when it builds a scenario.
- Family links are stored in both directions (A's spouse is B *and* B's spouse is A; A's parent
  is B *and* B's child is A), so either side navigates with one indexed query.
- ``depositors`` holds every person the centre knows: account holders and the family members
  linked to them (a family member may have no account).
- Money is ``Numeric`` (fen precision), never float; every constraint has a convention name so
  Alembic can alter it on both backends.
"""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Column,
    Date,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    Numeric,
    String,
    Table,
    UniqueConstraint,
)

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

metadata = MetaData(naming_convention=NAMING_CONVENTION)

Money = Numeric(14, 2)
"""Yuan with fen precision (元, 2 decimals)."""
Rate = Numeric(6, 5)
"""A ratio such as 0.12 or an annual rate such as 0.026."""


def one_of(column: str, values: tuple[str, ...], name: str) -> CheckConstraint:
    """A CHECK that ``column`` holds one of ``values`` (portable across SQLite and PostgreSQL)."""
    quoted = ", ".join(f"'{v}'" for v in values)
    return CheckConstraint(f"{column} IN ({quoted})", name=name)


ACCOUNT_STATUSES = ("active", "sealed", "closed", "frozen")
DEPOSIT_STATUSES = ("paid", "back_paid", "arrears")
EMPLOYMENT_STATUSES = ("employed", "flexible", "unemployed", "retired")
LOAN_KINDS = ("hpf", "commercial", "combination")
LOAN_STATUSES = ("outstanding", "repaid", "overdue")
RELATIONS = ("spouse", "parent", "child")
SEXES = ("male", "female")

employers = Table(
    "employers",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("code", String(20), nullable=True, unique=True, comment="单位账号"),
    Column("name", String(100), nullable=False, unique=True, comment="单位名称"),
    Column("sector", String(30), nullable=True, comment="行业"),
    Column("size", String(10), nullable=True, comment="规模: micro/small/medium/large"),
    Column("region_code", String(6), nullable=True, comment="所在区县行政区划代码"),
    Column("rate_employee", Rate, nullable=True, comment="个人缴存比例"),
    Column("rate_employer", Rate, nullable=True, comment="单位缴存比例"),
    Column("registered_on", Date, nullable=True, comment="缴存登记日期"),
)

depositors = Table(
    "depositors",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("id_number", String(18), nullable=False, unique=True, comment="身份证号"),
    Column("name", String(50), nullable=False, index=True, comment="姓名"),
    Column("name_initials", String(20), nullable=True, index=True, comment="姓名拼音首字母"),
    Column("sex", String(6), nullable=True),
    Column("birth_date", Date, nullable=True),
    Column("retirement_category", String(16), nullable=True),
    Column("hukou_local", Boolean, nullable=True),
    Column("marital_status", String(10), nullable=True),
    Column("children_count", Integer, nullable=True),
    Column("education", String(10), nullable=True),
    Column("phone", String(20), nullable=True, index=True),
    Column("resident_since", Date, nullable=True),
    Column("distance_km", Numeric(7, 2), nullable=True),
    Column("monthly_income", Money, nullable=True),
    Column("debts_monthly", Money, nullable=True),
    Column("employment_status", String(12), nullable=True),
    Column("employer_id", ForeignKey("employers.id"), nullable=True, index=True),
    Column("left_on", Date, nullable=True),
    Column("retired_on", Date, nullable=True),
    Column("critical_illness", Boolean, nullable=True),
    Column("dibao", Boolean, nullable=True),
    Column("total_incapacity", Boolean, nullable=True),
    Column("emigrated", Boolean, nullable=True),
    Column("deceased_on", Date, nullable=True),
    Column("fraud_ban_until", Date, nullable=True),
    one_of("sex", SEXES, "sex"),
    one_of("employment_status", EMPLOYMENT_STATUSES, "employment_status"),
)

accounts = Table(
    "accounts",
    metadata,
    Column("id", Integer, primary_key=True),
    # 条例第13条: each employee may have only one account, hence unique.
    Column("depositor_id", ForeignKey("depositors.id"), nullable=False, unique=True),
    Column("number", String(20), nullable=True, unique=True, comment="个人账号"),
    Column("status", String(10), nullable=False),
    Column("balance", Money, nullable=True),
    Column("base", Money, nullable=True, comment="缴存基数"),
    Column("rate_employee", Rate, nullable=True),
    Column("rate_employer", Rate, nullable=True),
    Column("opened_on", Date, nullable=True),
    Column("sealed_on", Date, nullable=True),
    Column("closed_on", Date, nullable=True),
    Column("closed_reason", String(20), nullable=True, comment="retired/leave_city/transfer_out…"),
    Column("monthly_offset_signed", Boolean, nullable=True, comment="按月冲还贷"),
    one_of("status", ACCOUNT_STATUSES, "status"),
)

deposit_spells = Table(
    "deposit_spells",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("account_id", ForeignKey("accounts.id"), nullable=False),
    Column("first_month", Date, nullable=False, comment="first month, day 1"),
    Column("last_month", Date, nullable=False, comment="last month (inclusive), day 1"),
    Column("status", String(10), nullable=False),
    Column("base", Money, nullable=True),
    Column("monthly_amount", Money, nullable=False, comment="both sides, per month"),
    Column("employer_id", ForeignKey("employers.id"), nullable=True, comment="null: flexible"),
    one_of("status", DEPOSIT_STATUSES, "status"),
    CheckConstraint("first_month <= last_month", name="month_order"),
    Index("ix_deposit_spells_account_month", "account_id", "first_month"),
)

homes = Table(
    "homes",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("depositor_id", ForeignKey("depositors.id"), nullable=False, index=True),
    Column("in_city", Boolean, nullable=False),
    Column("acquired_on", Date, nullable=True),
    Column("area", Numeric(8, 2), nullable=True),
    Column("address", String(200), nullable=True),
    Column("property_fee_yearly", Money, nullable=True),
)

loans = Table(
    "loans",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("depositor_id", ForeignKey("depositors.id"), nullable=False, index=True),
    Column("co_borrower_id", ForeignKey("depositors.id"), nullable=True, index=True),
    Column("home_id", ForeignKey("homes.id"), nullable=True),
    Column("kind", String(12), nullable=False),
    Column("status", String(12), nullable=False),
    Column("principal", Money, nullable=True),
    Column("balance", Money, nullable=True),
    Column("monthly_payment", Money, nullable=True),
    Column("rate", Rate, nullable=True),
    Column("start", Date, nullable=True),
    Column("term_months", Integer, nullable=True),
    Column("repaid_on", Date, nullable=True),
    Column("local", Boolean, nullable=False),
    one_of("kind", LOAN_KINDS, "kind"),
    one_of("status", LOAN_STATUSES, "status"),
)

withdrawals = Table(
    "withdrawals",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("depositor_id", ForeignKey("depositors.id"), nullable=False, index=True),
    Column("paid_on", Date, nullable=False, comment="提取日期"),
    Column("business", String(40), nullable=False, comment="business code, e.g. withdraw.rent"),
    Column("amount", Money, nullable=False),
)

family_links = Table(
    "family_links",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("depositor_id", ForeignKey("depositors.id"), nullable=False),
    Column("relative_id", ForeignKey("depositors.id"), nullable=False, index=True),
    Column("relation", String(8), nullable=False, comment="the relative is the depositor's …"),
    UniqueConstraint("depositor_id", "relative_id"),
    CheckConstraint("depositor_id <> relative_id", name="not_self"),
    one_of("relation", RELATIONS, "relation"),
)

MEMBER_TABLES = (
    employers,
    depositors,
    accounts,
    deposit_spells,
    homes,
    loans,
    withdrawals,
    family_links,
)
"""The member-data tables in foreign-key order (parents first)."""
