"""web access: users, sessions, sign-in attempts, record views, bookings

Revision ID: 0002_web
Revises: 0001
Create Date: 2026-11-27 09:19:21.302933
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002_web"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "login_attempts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("username", sa.String(length=50), nullable=False),
        sa.Column("ip", sa.String(length=45), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("success", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_login_attempts")),
    )
    with op.batch_alter_table("login_attempts", schema=None) as batch_op:
        batch_op.create_index("ix_login_attempts_ip_at", ["ip", "at"], unique=False)
        batch_op.create_index("ix_login_attempts_username_at", ["username", "at"], unique=False)

    op.create_table(
        "users",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("username", sa.String(length=50), nullable=False, comment="登录名"),
        sa.Column("display_name", sa.String(length=50), nullable=False, comment="显示名"),
        sa.Column("role", sa.String(length=10), nullable=False),
        sa.Column("password_hash", sa.String(length=200), nullable=False, comment="argon2id"),
        sa.Column("depositor_id_number", sa.String(length=18), nullable=True, comment="缴存人身份证号（仅缴存人账户）"),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(
            "role <> 'citizen' OR depositor_id_number IS NOT NULL", name=op.f("ck_users_citizen_linked")
        ),
        sa.CheckConstraint("role IN ('citizen', 'officer', 'manager', 'auditor')", name=op.f("ck_users_role")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_users")),
        sa.UniqueConstraint("depositor_id_number", name=op.f("uq_users_depositor_id_number")),
        sa.UniqueConstraint("username", name=op.f("uq_users_username")),
    )
    op.create_table(
        "bookings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("depositor_id", sa.Integer(), nullable=False),
        sa.Column("business", sa.String(length=40), nullable=False, comment="business code"),
        sa.Column("starts_at", sa.DateTime(), nullable=False),
        sa.Column("seat", sa.Integer(), nullable=True, comment="1..capacity while booked; null once cancelled"),
        sa.Column("extended", sa.Boolean(), nullable=False, comment="延时服务时段"),
        sa.Column("rongque", sa.Boolean(), nullable=False, comment="申请容缺受理"),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint("status IN ('booked', 'cancelled')", name=op.f("ck_bookings_status")),
        sa.ForeignKeyConstraint(["created_by"], ["users.id"], name=op.f("fk_bookings_created_by_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_bookings")),
        sa.UniqueConstraint("starts_at", "seat", name=op.f("uq_bookings_starts_at_seat")),
    )
    with op.batch_alter_table("bookings", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_bookings_depositor_id"), ["depositor_id"], unique=False)

    op.create_table(
        "record_views",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("username", sa.String(length=50), nullable=False, comment="kept as written: the log is append-only"),
        sa.Column("role", sa.String(length=10), nullable=False),
        sa.Column("depositor_id", sa.Integer(), nullable=False, comment="库内编号 of the record opened"),
        sa.Column("reason", sa.String(length=100), nullable=False, comment="查询事由"),
        sa.Column("what", sa.String(length=40), nullable=False, comment="page or API resource that showed it"),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_record_views_user_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_record_views")),
    )
    with op.batch_alter_table("record_views", schema=None) as batch_op:
        batch_op.create_index("ix_record_views_at", ["at"], unique=False)
        batch_op.create_index("ix_record_views_depositor_at", ["depositor_id", "at"], unique=False)

    op.create_table(
        "web_sessions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False, comment="sha256 of the cookie token"),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("csrf_token", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("expires_at", sa.DateTime(), nullable=False),
        sa.Column("ip", sa.String(length=45), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_web_sessions_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_web_sessions")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_web_sessions_token_hash")),
    )
    with op.batch_alter_table("web_sessions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_web_sessions_expires_at"), ["expires_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_web_sessions_user_id"), ["user_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("web_sessions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_web_sessions_user_id"))
        batch_op.drop_index(batch_op.f("ix_web_sessions_expires_at"))

    op.drop_table("web_sessions")
    with op.batch_alter_table("record_views", schema=None) as batch_op:
        batch_op.drop_index("ix_record_views_depositor_at")
        batch_op.drop_index("ix_record_views_at")

    op.drop_table("record_views")
    with op.batch_alter_table("bookings", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_bookings_depositor_id"))

    op.drop_table("bookings")
    op.drop_table("users")
    with op.batch_alter_table("login_attempts", schema=None) as batch_op:
        batch_op.drop_index("ix_login_attempts_username_at")
        batch_op.drop_index("ix_login_attempts_ip_at")

    op.drop_table("login_attempts")
