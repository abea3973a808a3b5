"""cases: 办件, history, 容缺 materials and commitments, notices, idempotency keys, 好差评, audit log

The audit log is append-only in the database too: a trigger refuses UPDATE and DELETE (and, on
PostgreSQL, TRUNCATE). The chain head row starts at (0, genesis hash).

Revision ID: 0006_cases
Revises: 0002_web
Create Date: 2026-11-27 09:25:23.380370
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006_cases"
down_revision: str | None = "0002_web"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


GENESIS = "0" * 64

SQLITE_TRIGGERS = (
    "CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log "
    "BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END",
    "CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log "
    "BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END",
)
POSTGRES_TRIGGERS = (
    "CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS "
    "$$ BEGIN RAISE EXCEPTION 'audit_log is append-only'; END $$",
    "CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log "
    "FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()",
    "CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log "
    "FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only()",
)


def _append_only() -> None:
    dialect = op.get_bind().dialect.name
    for statement in {"sqlite": SQLITE_TRIGGERS, "postgresql": POSTGRES_TRIGGERS}.get(dialect, ()):
        op.execute(statement)


def _drop_append_only() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        op.execute("DROP TRIGGER IF EXISTS audit_log_no_update")
        op.execute("DROP TRIGGER IF EXISTS audit_log_no_delete")
    elif dialect == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS audit_log_no_change ON audit_log")
        op.execute("DROP TRIGGER IF EXISTS audit_log_no_truncate ON audit_log")
        op.execute("DROP FUNCTION IF EXISTS audit_log_append_only()")


def upgrade() -> None:
    head = op.create_table(
        "audit_head",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False, comment="always 1"),
        sa.Column("seq", sa.BigInteger(), nullable=False, comment="the newest entry's seq (0: empty log)"),
        sa.Column("hash", sa.String(length=64), nullable=False, comment="the newest entry's hash"),
        sa.CheckConstraint("id = 1", name=op.f("ck_audit_head_single_row")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_head")),
    )
    op.create_table(
        "audit_log",
        sa.Column("seq", sa.BigInteger(), autoincrement=False, nullable=False, comment="1, 2, 3 … with no gaps"),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor", sa.String(length=50), nullable=False),
        sa.Column("action", sa.String(length=40), nullable=False),
        sa.Column("entity", sa.String(length=30), nullable=False),
        sa.Column("entity_id", sa.String(length=40), nullable=False),
        sa.Column("before", sa.Text(), nullable=True, comment="canonical JSON"),
        sa.Column("after", sa.Text(), nullable=True, comment="canonical JSON"),
        sa.Column("prev_hash", sa.String(length=64), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("seq", name=op.f("pk_audit_log")),
    )
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.create_index("ix_audit_log_entity", ["entity", "entity_id"], unique=False)
    op.bulk_insert(head, [{"id": 1, "seq": 0, "hash": GENESIS}])
    _append_only()

    op.create_table(
        "cases",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("number", sa.String(length=32), nullable=True, comment="办件编号"),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False, comment="optimistic lock: +1 on every move"),
        sa.Column("business", sa.String(length=40), nullable=False, comment="business code"),
        sa.Column("business_name", sa.String(length=60), nullable=False),
        sa.Column("applicant_name", sa.String(length=50), nullable=False),
        sa.Column("applicant_id_number", sa.String(length=18), nullable=True),
        sa.Column("depositor_id", sa.Integer(), nullable=True, comment="库内编号; no FK (see module doc)"),
        sa.Column("channel", sa.String(length=10), nullable=False),
        sa.Column("opened_by", sa.String(length=50), nullable=False),
        sa.Column("opened_on", sa.Date(), nullable=False),
        sa.Column("opened_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column(
            "pack_version", sa.String(length=40), nullable=False, comment="policy pack id and version that decided"
        ),
        sa.Column("decision_on", sa.Date(), nullable=False),
        sa.Column("outcome", sa.String(length=30), nullable=False),
        sa.Column(
            "decision_digest", sa.String(length=64), nullable=False, comment="sha256 of the canonical decision JSON"
        ),
        sa.Column("decision", sa.Text(), nullable=False, comment="Decision.to_dict(), canonical JSON"),
        sa.Column(
            "scenario", sa.Text(), nullable=False, comment="the scenario decided on, canonical JSON (for replay)"
        ),
        sa.Column(
            "amount", sa.Numeric(precision=14, scale=2), nullable=True, comment="可提取/可贷额度 of the decision"
        ),
        sa.Column("time_limit_days", sa.Integer(), nullable=True, comment="办结时限, working days"),
        sa.Column("accepted_on", sa.Date(), nullable=True),
        sa.Column("due_on", sa.Date(), nullable=True, comment="办结时限 falls due"),
        sa.Column("pending_deadline", sa.Date(), nullable=True, comment="容缺 materials due"),
        sa.Column("funds_held", sa.Boolean(), nullable=False),
        sa.Column("reminded_on", sa.Date(), nullable=True),
        sa.Column("decided_on", sa.Date(), nullable=True),
        sa.Column("approved_amount", sa.Numeric(precision=14, scale=2), nullable=True),
        sa.Column("paid_on", sa.Date(), nullable=True),
        sa.Column("paid_amount", sa.Numeric(precision=14, scale=2), nullable=True),
        sa.Column("closed_on", sa.Date(), nullable=True),
        sa.Column("withdrawn_on", sa.Date(), nullable=True),
        sa.Column("end_reason", sa.String(length=200), nullable=True),
        sa.CheckConstraint(
            "state IN ('intake', 'accepted', 'accepted_pending', 'under_review', 'approved', 'declined', "
            "'paid', 'closed', 'withdrawn')",
            name=op.f("ck_cases_state"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cases")),
        sa.UniqueConstraint("number", name=op.f("uq_cases_number")),
    )
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_cases_depositor_id"), ["depositor_id"], unique=False)
        batch_op.create_index("ix_cases_state_due", ["state", "due_on"], unique=False)

    op.create_table(
        "case_commitments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("signed_by", sa.String(length=50), nullable=False),
        sa.Column("signed_on", sa.Date(), nullable=False),
        sa.Column("deadline", sa.Date(), nullable=False),
        sa.Column("materials", sa.Text(), nullable=False, comment="names, canonical JSON list"),
        sa.Column("text", sa.Text(), nullable=False, comment="the words signed, verbatim"),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name=op.f("fk_case_commitments_case_id_cases")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_case_commitments")),
        sa.UniqueConstraint("case_id", name=op.f("uq_case_commitments_case_id")),
    )
    op.create_table(
        "case_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=40), nullable=False, comment="past-tense event, e.g. CaseAccepted"),
        sa.Column("from_state", sa.String(length=20), nullable=True),
        sa.Column("to_state", sa.String(length=20), nullable=False),
        sa.Column("event_on", sa.Date(), nullable=False, comment="business date"),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor", sa.String(length=50), nullable=False),
        sa.Column("data", sa.Text(), nullable=False, comment="canonical JSON"),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name=op.f("fk_case_events_case_id_cases")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_case_events")),
    )
    with op.batch_alter_table("case_events", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_case_events_case_id"), ["case_id"], unique=False)

    op.create_table(
        "case_materials",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("deadline", sa.Date(), nullable=False),
        sa.Column("supplied_on", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name=op.f("fk_case_materials_case_id_cases")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_case_materials")),
        sa.UniqueConstraint("case_id", "code", name=op.f("uq_case_materials_case_id_code")),
    )
    with op.batch_alter_table("case_materials", schema=None) as batch_op:
        batch_op.create_index("ix_case_materials_open", ["supplied_on", "deadline"], unique=False)

    op.create_table(
        "case_notices",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("number", sa.String(length=48), nullable=False, comment="文书编号"),
        sa.Column("issued_on", sa.Date(), nullable=False),
        sa.Column("issued_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("content", sa.Text(), nullable=False, comment="what was printed, canonical JSON"),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name=op.f("fk_case_notices_case_id_cases")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_case_notices")),
        sa.UniqueConstraint("number", name=op.f("uq_case_notices_number")),
    )
    with op.batch_alter_table("case_notices", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_case_notices_case_id"), ["case_id"], unique=False)

    op.create_table(
        "idempotency_keys",
        sa.Column("key", sa.String(length=100), nullable=False),
        sa.Column("command", sa.String(length=40), nullable=False),
        sa.Column("request_hash", sa.String(length=64), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name=op.f("fk_idempotency_keys_case_id_cases")),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_idempotency_keys")),
    )
    op.create_table(
        "ratings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False, comment="一事一评"),
        sa.Column("level", sa.String(length=20), nullable=False),
        sa.Column("bad", sa.Boolean(), nullable=False, comment="差评: the two lowest levels"),
        sa.Column("comment", sa.Text(), nullable=False),
        sa.Column("channel", sa.String(length=10), nullable=False),
        sa.Column("rated_on", sa.Date(), nullable=False),
        sa.Column("rated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("rated_by", sa.String(length=50), nullable=False),
        sa.Column("excluded", sa.Boolean(), nullable=False, comment="appeal upheld: not counted"),
        sa.CheckConstraint(
            "level IN ('very_satisfied', 'satisfied', 'basically_satisfied', 'dissatisfied', 'very_dissatisfied')",
            name=op.f("ck_ratings_level"),
        ),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name=op.f("fk_ratings_case_id_cases")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ratings")),
        sa.UniqueConstraint("case_id", name=op.f("uq_ratings_case_id")),
    )
    op.create_table(
        "rating_appeals",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("rating_id", sa.Integer(), nullable=False),
        sa.Column("filed_on", sa.Date(), nullable=False),
        sa.Column("filed_by", sa.String(length=50), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("outcome", sa.String(length=10), nullable=False),
        sa.Column("decided_on", sa.Date(), nullable=True),
        sa.Column("decided_by", sa.String(length=50), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.CheckConstraint("outcome IN ('pending', 'upheld', 'rejected')", name=op.f("ck_rating_appeals_outcome")),
        sa.ForeignKeyConstraint(["rating_id"], ["ratings.id"], name=op.f("fk_rating_appeals_rating_id_ratings")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rating_appeals")),
    )
    with op.batch_alter_table("rating_appeals", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_rating_appeals_rating_id"), ["rating_id"], unique=False)

    op.create_table(
        "rectifications",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("rating_id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("opened_on", sa.Date(), nullable=False),
        sa.Column("deadline", sa.Date(), nullable=False),
        sa.Column("last_step", sa.String(length=20), nullable=True),
        sa.Column("notes", sa.Text(), nullable=False, comment="[[step, date, actor, note], …] canonical JSON"),
        sa.Column("closed_on", sa.Date(), nullable=True),
        sa.Column("outcome", sa.String(length=20), nullable=True),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name=op.f("fk_rectifications_case_id_cases")),
        sa.ForeignKeyConstraint(["rating_id"], ["ratings.id"], name=op.f("fk_rectifications_rating_id_ratings")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rectifications")),
        sa.UniqueConstraint("rating_id", name=op.f("uq_rectifications_rating_id")),
    )
    with op.batch_alter_table("rectifications", schema=None) as batch_op:
        batch_op.create_index("ix_rectifications_open", ["closed_on", "deadline"], unique=False)


def downgrade() -> None:
    _drop_append_only()
    with op.batch_alter_table("rectifications", schema=None) as batch_op:
        batch_op.drop_index("ix_rectifications_open")

    op.drop_table("rectifications")
    with op.batch_alter_table("rating_appeals", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_rating_appeals_rating_id"))

    op.drop_table("rating_appeals")
    op.drop_table("ratings")
    op.drop_table("idempotency_keys")
    with op.batch_alter_table("case_notices", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_case_notices_case_id"))

    op.drop_table("case_notices")
    with op.batch_alter_table("case_materials", schema=None) as batch_op:
        batch_op.drop_index("ix_case_materials_open")

    op.drop_table("case_materials")
    with op.batch_alter_table("case_events", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_case_events_case_id"))

    op.drop_table("case_events")
    op.drop_table("case_commitments")
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.drop_index("ix_cases_state_due")
        batch_op.drop_index(batch_op.f("ix_cases_depositor_id"))

    op.drop_table("cases")
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.drop_index("ix_audit_log_entity")

    op.drop_table("audit_log")
    op.drop_table("audit_head")
