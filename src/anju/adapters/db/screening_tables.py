"""Tables of population screening (免申即享): notification batches, notifications, opt-outs.

Registered on the one :data:`~anju.adapters.db.tables.metadata` (imported by the package), so one
Alembic history and one drift check cover them. Like the case tables, ``depositor_id`` has no
foreign key: member records are bulk-replaced by imports and ``anju synth --replace``, while the
record of who was told what must outlive them.

A screening run writes its notifications in batches, each batch and its notifications in one
transaction: the batch row carries how many notifications it holds, so a crash can never leave
a batch half-written (and a test checks exactly that after killing a run).
"""

from __future__ import annotations

from sqlalchemy import Column, Date, ForeignKey, Index, Integer, String, Table, UniqueConstraint

from anju.adapters.db.tables import Money, metadata

notification_batches = Table(
    "notification_batches",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("screened_on", Date, nullable=False, comment="筛查日期"),
    Column("pack_version", String(40), nullable=False, comment="政策包版本"),
    Column("seq", Integer, nullable=False, comment="本次筛查的第几批"),
    Column("size", Integer, nullable=False, comment="本批通知条数"),
    UniqueConstraint("screened_on", "pack_version", "seq"),
)

notifications = Table(
    "notifications",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("batch_id", ForeignKey("notification_batches.id"), nullable=False, index=True),
    Column("depositor_id", Integer, nullable=False, comment="缴存人库内编号"),
    Column("business", String(40), nullable=False, comment="业务编码"),
    Column("period", String(10), nullable=False, comment="通知周期：once 或年度如 2026"),
    Column("screened_on", Date, nullable=False),
    Column("amount", Money, nullable=True, comment="可办理金额上限"),
    Column("channel", String(20), nullable=False, comment="个性化推荐渠道"),
    Column("message", String(500), nullable=False, comment="通知正文"),
    UniqueConstraint("depositor_id", "business", "period"),
    Index("ix_notifications_screened_on", "screened_on"),
)

notification_optouts = Table(
    "notification_optouts",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("depositor_id", Integer, nullable=False, index=True, comment="缴存人库内编号"),
    Column("business", String(40), nullable=True, comment="退订的业务；空为全部主动通知"),
    Column("since", Date, nullable=False, comment="退订日期"),
    Column("reason", String(200), nullable=True),
    UniqueConstraint("depositor_id", "business"),
)

SCREENING_TABLES = (notification_batches, notifications, notification_optouts)
"""In foreign-key order (parents first)."""
