"""depositor data: employers, depositors, accounts, deposits, homes, loans, withdrawals, family

Revision ID: 0001
Revises: (none)
Create Date: 2026-11-27 08:59:35.177356
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "employers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=20), nullable=True, comment="单位账号"),
        sa.Column("name", sa.String(length=100), nullable=False, comment="单位名称"),
        sa.Column("sector", sa.String(length=30), nullable=True, comment="行业"),
        sa.Column("size", sa.String(length=10), nullable=True, comment="规模: micro/small/medium/large"),
        sa.Column("region_code", sa.String(length=6), nullable=True, comment="所在区县行政区划代码"),
        sa.Column("rate_employee", sa.Numeric(precision=6, scale=5), nullable=True, comment="个人缴存比例"),
        sa.Column("rate_employer", sa.Numeric(precision=6, scale=5), nullable=True, comment="单位缴存比例"),
        sa.Column("registered_on", sa.Date(), nullable=True, comment="缴存登记日期"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_employers")),
        sa.UniqueConstraint("code", name=op.f("uq_employers_code")),
        sa.UniqueConstraint("name", name=op.f("uq_employers_name")),
    )
    op.create_table(
        "depositors",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("id_number", sa.String(length=18), nullable=False, comment="身份证号"),
        sa.Column("name", sa.String(length=50), nullable=False, comment="姓名"),
        sa.Column("name_initials", sa.String(length=20), nullable=True, comment="姓名拼音首字母"),
        sa.Column("sex", sa.String(length=6), nullable=True),
        sa.Column("birth_date", sa.Date(), nullable=True),
        sa.Column("retirement_category", sa.String(length=16), nullable=True),
        sa.Column("hukou_local", sa.Boolean(), nullable=True),
        sa.Column("marital_status", sa.String(length=10), nullable=True),
        sa.Column("children_count", sa.Integer(), nullable=True),
        sa.Column("education", sa.String(length=10), nullable=True),
        sa.Column("phone", sa.String(length=20), nullable=True),
        sa.Column("resident_since", sa.Date(), nullable=True),
        sa.Column("distance_km", sa.Numeric(precision=7, scale=2), nullable=True),
        sa.Column("monthly_income", sa.Numeric(precision=14, scale=2), nullable=True),
        sa.Column("debts_monthly", sa.Numeric(precision=14, scale=2), nullable=True),
        sa.Column("employment_status", sa.String(length=12), nullable=True),
        sa.Column("employer_id", sa.Integer(), nullable=True),
        sa.Column("left_on", sa.Date(), nullable=True),
        sa.Column("retired_on", sa.Date(), nullable=True),
        sa.Column("critical_illness", sa.Boolean(), nullable=True),
        sa.Column("dibao", sa.Boolean(), nullable=True),
        sa.Column("total_incapacity", sa.Boolean(), nullable=True),
        sa.Column("emigrated", sa.Boolean(), nullable=True),
        sa.Column("deceased_on", sa.Date(), nullable=True),
        sa.Column("fraud_ban_until", sa.Date(), nullable=True),
        sa.CheckConstraint(
            "employment_status IN ('employed', 'flexible', 'unemployed', 'retired')",
            name=op.f("ck_depositors_employment_status"),
        ),
        sa.CheckConstraint("sex IN ('male', 'female')", name=op.f("ck_depositors_sex")),
        sa.ForeignKeyConstraint(["employer_id"], ["employers.id"], name=op.f("fk_depositors_employer_id_employers")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_depositors")),
        sa.UniqueConstraint("id_number", name=op.f("uq_depositors_id_number")),
    )
    with op.batch_alter_table("depositors", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_depositors_employer_id"), ["employer_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_depositors_name"), ["name"], unique=False)
        batch_op.create_index(batch_op.f("ix_depositors_name_initials"), ["name_initials"], unique=False)
        batch_op.create_index(batch_op.f("ix_depositors_phone"), ["phone"], unique=False)

    op.create_table(
        "accounts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("depositor_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.String(length=20), nullable=True, comment="个人账号"),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("balance", sa.Numeric(precision=14, scale=2), nullable=True),
        sa.Column("base", sa.Numeric(precision=14, scale=2), nullable=True, comment="缴存基数"),
        sa.Column("rate_employee", sa.Numeric(precision=6, scale=5), nullable=True),
        sa.Column("rate_employer", sa.Numeric(precision=6, scale=5), nullable=True),
        sa.Column("opened_on", sa.Date(), nullable=True),
        sa.Column("sealed_on", sa.Date(), nullable=True),
        sa.Column("closed_on", sa.Date(), nullable=True),
        sa.Column(
            "closed_reason",
            sa.String(length=20),
            nullable=True,
            comment="retired/leave_city/transfer_out…",
        ),
        sa.Column("monthly_offset_signed", sa.Boolean(), nullable=True, comment="按月冲还贷"),
        sa.CheckConstraint("status IN ('active', 'sealed', 'closed', 'frozen')", name=op.f("ck_accounts_status")),
        sa.ForeignKeyConstraint(["depositor_id"], ["depositors.id"], name=op.f("fk_accounts_depositor_id_depositors")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_accounts")),
        sa.UniqueConstraint("depositor_id", name=op.f("uq_accounts_depositor_id")),
        sa.UniqueConstraint("number", name=op.f("uq_accounts_number")),
    )
    op.create_table(
        "family_links",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("depositor_id", sa.Integer(), nullable=False),
        sa.Column("relative_id", sa.Integer(), nullable=False),
        sa.Column(
            "relation",
            sa.String(length=8),
            nullable=False,
            comment="the relative is the depositor's …",
        ),
        sa.CheckConstraint("relation IN ('spouse', 'parent', 'child')", name=op.f("ck_family_links_relation")),
        sa.CheckConstraint("depositor_id <> relative_id", name=op.f("ck_family_links_not_self")),
        sa.ForeignKeyConstraint(
            ["depositor_id"],
            ["depositors.id"],
            name=op.f("fk_family_links_depositor_id_depositors"),
        ),
        sa.ForeignKeyConstraint(
            ["relative_id"], ["depositors.id"], name=op.f("fk_family_links_relative_id_depositors")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_family_links")),
        sa.UniqueConstraint("depositor_id", "relative_id", name=op.f("uq_family_links_depositor_id_relative_id")),
    )
    with op.batch_alter_table("family_links", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_family_links_relative_id"), ["relative_id"], unique=False)

    op.create_table(
        "homes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("depositor_id", sa.Integer(), nullable=False),
        sa.Column("in_city", sa.Boolean(), nullable=False),
        sa.Column("acquired_on", sa.Date(), nullable=True),
        sa.Column("area", sa.Numeric(precision=8, scale=2), nullable=True),
        sa.Column("address", sa.String(length=200), nullable=True),
        sa.Column("property_fee_yearly", sa.Numeric(precision=14, scale=2), nullable=True),
        sa.ForeignKeyConstraint(["depositor_id"], ["depositors.id"], name=op.f("fk_homes_depositor_id_depositors")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_homes")),
    )
    with op.batch_alter_table("homes", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_homes_depositor_id"), ["depositor_id"], unique=False)

    op.create_table(
        "withdrawals",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("depositor_id", sa.Integer(), nullable=False),
        sa.Column("paid_on", sa.Date(), nullable=False, comment="提取日期"),
        sa.Column(
            "business",
            sa.String(length=40),
            nullable=False,
            comment="business code, e.g. withdraw.rent",
        ),
        sa.Column("amount", sa.Numeric(precision=14, scale=2), nullable=False),
        sa.ForeignKeyConstraint(
            ["depositor_id"], ["depositors.id"], name=op.f("fk_withdrawals_depositor_id_depositors")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_withdrawals")),
    )
    with op.batch_alter_table("withdrawals", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_withdrawals_depositor_id"), ["depositor_id"], unique=False)

    op.create_table(
        "deposit_spells",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("first_month", sa.Date(), nullable=False, comment="first month, day 1"),
        sa.Column("last_month", sa.Date(), nullable=False, comment="last month (inclusive), day 1"),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("base", sa.Numeric(precision=14, scale=2), nullable=True),
        sa.Column(
            "monthly_amount",
            sa.Numeric(precision=14, scale=2),
            nullable=False,
            comment="both sides, per month",
        ),
        sa.Column("employer_id", sa.Integer(), nullable=True, comment="null: flexible"),
        sa.CheckConstraint("status IN ('paid', 'back_paid', 'arrears')", name=op.f("ck_deposit_spells_status")),
        sa.CheckConstraint("first_month <= last_month", name=op.f("ck_deposit_spells_month_order")),
        sa.ForeignKeyConstraint(["account_id"], ["accounts.id"], name=op.f("fk_deposit_spells_account_id_accounts")),
        sa.ForeignKeyConstraint(
            ["employer_id"], ["employers.id"], name=op.f("fk_deposit_spells_employer_id_employers")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_deposit_spells")),
    )
    with op.batch_alter_table("deposit_spells", schema=None) as batch_op:
        batch_op.create_index("ix_deposit_spells_account_month", ["account_id", "first_month"], unique=False)

    op.create_table(
        "loans",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("depositor_id", sa.Integer(), nullable=False),
        sa.Column("co_borrower_id", sa.Integer(), nullable=True),
        sa.Column("home_id", sa.Integer(), nullable=True),
        sa.Column("kind", sa.String(length=12), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("principal", sa.Numeric(precision=14, scale=2), nullable=True),
        sa.Column("balance", sa.Numeric(precision=14, scale=2), nullable=True),
        sa.Column("monthly_payment", sa.Numeric(precision=14, scale=2), nullable=True),
        sa.Column("rate", sa.Numeric(precision=6, scale=5), nullable=True),
        sa.Column("start", sa.Date(), nullable=True),
        sa.Column("term_months", sa.Integer(), nullable=True),
        sa.Column("repaid_on", sa.Date(), nullable=True),
        sa.Column("local", sa.Boolean(), nullable=False),
        sa.CheckConstraint("kind IN ('hpf', 'commercial', 'combination')", name=op.f("ck_loans_kind")),
        sa.CheckConstraint("status IN ('outstanding', 'repaid', 'overdue')", name=op.f("ck_loans_status")),
        sa.ForeignKeyConstraint(["co_borrower_id"], ["depositors.id"], name=op.f("fk_loans_co_borrower_id_depositors")),
        sa.ForeignKeyConstraint(["depositor_id"], ["depositors.id"], name=op.f("fk_loans_depositor_id_depositors")),
        sa.ForeignKeyConstraint(["home_id"], ["homes.id"], name=op.f("fk_loans_home_id_homes")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_loans")),
    )
    with op.batch_alter_table("loans", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_loans_co_borrower_id"), ["co_borrower_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_loans_depositor_id"), ["depositor_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("loans", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_loans_depositor_id"))
        batch_op.drop_index(batch_op.f("ix_loans_co_borrower_id"))

    op.drop_table("loans")
    with op.batch_alter_table("deposit_spells", schema=None) as batch_op:
        batch_op.drop_index("ix_deposit_spells_account_month")

    op.drop_table("deposit_spells")
    with op.batch_alter_table("withdrawals", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_withdrawals_depositor_id"))

    op.drop_table("withdrawals")
    with op.batch_alter_table("homes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_homes_depositor_id"))

    op.drop_table("homes")
    with op.batch_alter_table("family_links", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_family_links_relative_id"))

    op.drop_table("family_links")
    op.drop_table("accounts")
    with op.batch_alter_table("depositors", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_depositors_phone"))
        batch_op.drop_index(batch_op.f("ix_depositors_name_initials"))
        batch_op.drop_index(batch_op.f("ix_depositors_name"))
        batch_op.drop_index(batch_op.f("ix_depositors_employer_id"))

    op.drop_table("depositors")
    op.drop_table("employers")
