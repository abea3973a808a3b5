"""Tables of the web tier: users, server-side sessions, sign-in attempts, record views, bookings.

Registered on the same :data:`~anju.adapters.db.tables.metadata` as the member tables, so one
Alembic history and one drift check cover both.

Depositor references (``users.depositor_id_number``, ``record_views.depositor_id``,
``bookings.depositor_id``) carry no foreign key on purpose: the member tables are bulk-replaced
by ``anju synth --replace`` and imports, while the record-view log is an append-only audit trail
that must outlive the rows it talks about. A citizen's account is linked to their record by
身份证号, the identity they prove at sign-up, not by an internal row number.
"""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Column,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    UniqueConstraint,
)

from anju.adapters.db.tables import metadata, one_of

ROLES = ("citizen", "officer", "manager", "auditor")
BOOKING_STATUSES = ("booked", "cancelled")


users = Table(
    "users",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("username", String(50), nullable=False, unique=True, comment="登录名"),
    Column("display_name", String(50), nullable=False, comment="显示名"),
    Column("role", String(10), nullable=False),
    Column("password_hash", String(200), nullable=False, comment="argon2id"),
    Column("depositor_id_number", String(18), nullable=True, unique=True, comment="缴存人身份证号（仅缴存人账户）"),
    Column("active", Boolean, nullable=False),
    Column("created_at", DateTime, nullable=False),
    one_of("role", ROLES, "role"),
    CheckConstraint("role <> 'citizen' OR depositor_id_number IS NOT NULL", name="citizen_linked"),
)

web_sessions = Table(
    "web_sessions",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("token_hash", String(64), nullable=False, unique=True, comment="sha256 of the cookie token"),
    Column("user_id", ForeignKey("users.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("csrf_token", String(64), nullable=False),
    Column("created_at", DateTime, nullable=False),
    Column("expires_at", DateTime, nullable=False, index=True),
    Column("ip", String(45), nullable=True),
)

login_attempts = Table(
    "login_attempts",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("username", String(50), nullable=False),
    Column("ip", String(45), nullable=False),
    Column("at", DateTime, nullable=False),
    Column("success", Boolean, nullable=False),
    Index("ix_login_attempts_username_at", "username", "at"),
    Index("ix_login_attempts_ip_at", "ip", "at"),
)

record_views = Table(
    "record_views",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("user_id", ForeignKey("users.id"), nullable=False),
    Column("username", String(50), nullable=False, comment="kept as written: the log is append-only"),
    Column("role", String(10), nullable=False),
    Column("depositor_id", Integer, nullable=False, comment="库内编号 of the record opened"),
    Column("reason", String(100), nullable=False, comment="查询事由"),
    Column("what", String(40), nullable=False, comment="page or API resource that showed it"),
    Column("at", DateTime, nullable=False),
    Index("ix_record_views_depositor_at", "depositor_id", "at"),
    Index("ix_record_views_at", "at"),
)

bookings = Table(
    "bookings",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("depositor_id", Integer, nullable=False, index=True),
    Column("business", String(40), nullable=False, comment="business code"),
    Column("starts_at", DateTime, nullable=False),
    Column("seat", Integer, nullable=True, comment="1..capacity while booked; null once cancelled"),
    Column("extended", Boolean, nullable=False, comment="延时服务时段"),
    Column("rongque", Boolean, nullable=False, comment="申请容缺受理"),
    Column("status", String(10), nullable=False),
    Column("created_by", ForeignKey("users.id"), nullable=False),
    Column("created_at", DateTime, nullable=False),
    one_of("status", BOOKING_STATUSES, "status"),
    # One seat per booking at a start time: capacity holds under concurrent bookings.
    UniqueConstraint("starts_at", "seat"),
)

WEB_TABLES = (users, web_sessions, login_attempts, record_views, bookings)
"""The web tier's tables in foreign-key order."""
