"""screening (免申即享): notification batches, notifications, opt-outs

Revision ID: 0007_screening
Revises: 0006_cases
Create Date: 2026-11-27 09:38:04.544532
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007_screening"
down_revision: str | None = "0006_cases"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "notification_batches",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("screened_on", sa.Date(), nullable=False, comment="筛查日期"),
        sa.Column("pack_version", sa.String(length=40), nullable=False, comment="政策包版本"),
        sa.Column("seq", sa.Integer(), nullable=False, comment="本次筛查的第几批"),
        sa.Column("size", sa.Integer(), nullable=False, comment="本批通知条数"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_notification_batches")),
        sa.UniqueConstraint("screened_on", "pack_version", "seq",
                            name=op.f("uq_notification_batches_screened_on_pack_version_seq")),
    )
    op.create_table(
        "notification_optouts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("depositor_id", sa.Integer(), nullable=False, comment="缴存人库内编号"),
        sa.Column("business", sa.String(length=40), nullable=True, comment="退订的业务；空为全部主动通知"),
        sa.Column("since", sa.Date(), nullable=False, comment="退订日期"),
        sa.Column("reason", sa.String(length=200), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_notification_optouts")),
        sa.UniqueConstraint("depositor_id", "business", name=op.f("uq_notification_optouts_depositor_id_business")),
    )
    with op.batch_alter_table("notification_optouts", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_notification_optouts_depositor_id"), ["depositor_id"], unique=False)

    op.create_table(
        "notifications",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("batch_id", sa.Integer(), nullable=False),
        sa.Column("depositor_id", sa.Integer(), nullable=False, comment="缴存人库内编号"),
        sa.Column("business", sa.String(length=40), nullable=False, comment="业务编码"),
        sa.Column("period", sa.String(length=10), nullable=False, comment="通知周期：once 或年度如 2026"),
        sa.Column("screened_on", sa.Date(), nullable=False),
        sa.Column("amount", sa.Numeric(precision=14, scale=2), nullable=True, comment="可办理金额上限"),
        sa.Column("channel", sa.String(length=20), nullable=False, comment="个性化推荐渠道"),
        sa.Column("message", sa.String(length=500), nullable=False, comment="通知正文"),
        sa.ForeignKeyConstraint(["batch_id"], ["notification_batches.id"],
                                name=op.f("fk_notifications_batch_id_notification_batches")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_notifications")),
        sa.UniqueConstraint("depositor_id", "business", "period",
                            name=op.f("uq_notifications_depositor_id_business_period")),
    )
    with op.batch_alter_table("notifications", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_notifications_batch_id"), ["batch_id"], unique=False)
        batch_op.create_index("ix_notifications_screened_on", ["screened_on"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("notifications", schema=None) as batch_op:
        batch_op.drop_index("ix_notifications_screened_on")
        batch_op.drop_index(batch_op.f("ix_notifications_batch_id"))
    op.drop_table("notifications")
    with op.batch_alter_table("notification_optouts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_notification_optouts_depositor_id"))
    op.drop_table("notification_optouts")
    op.drop_table("notification_batches")
