"""Tables of 办件: cases, their history, 容缺 materials and commitments, notices, idempotency keys,
好差评 (ratings, rectifications, appeals) and the tamper-evident audit log with its chain head.

Registered on the one :data:`~anju.adapters.db.tables.metadata` (imported by the package), so one
Alembic history and one drift check cover them. Like the web tables, ``cases.depositor_id`` has no
foreign key: member records are bulk-replaced by imports and ``anju synth --replace``, while a case
and its audit trail must outlive them. Decisions, scenarios, notice content and audit snapshots are
stored as canonical JSON text, so what was hashed is exactly what is kept.
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
)

from anju.adapters.db.tables import Money, metadata, one_of

CASE_STATES = ("intake", "accepted", "accepted_pending", "under_review", "approved", "declined", "paid",
               "closed", "withdrawn")
RATING_LEVELS = ("very_satisfied", "satisfied", "basically_satisfied", "dissatisfied", "very_dissatisfied")
APPEAL_OUTCOMES = ("pending", "upheld", "rejected")


cases = Table(
    "cases",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("number", String(32), nullable=True, unique=True, comment="办件编号"),
    Column("state", String(20), nullable=False),
    Column("version", Integer, nullable=False, comment="optimistic lock: +1 on every move"),
    Column("business", String(40), nullable=False, comment="business code"),
    Column("business_name", String(60), nullable=False),
    Column("applicant_name", String(50), nullable=False),
    Column("applicant_id_number", String(18), nullable=True),
    Column("depositor_id", Integer, nullable=True, index=True, comment="库内编号; no FK (see module doc)"),
    Column("channel", String(10), nullable=False),
    Column("opened_by", String(50), nullable=False),
    Column("opened_on", Date, nullable=False),
    Column("opened_at", DateTime(timezone=True), nullable=False),
    Column("pack_version", String(40), nullable=False, comment="policy pack id and version that decided"),
    Column("decision_on", Date, nullable=False),
    Column("outcome", String(30), nullable=False),
    Column("decision_digest", String(64), nullable=False, comment="sha256 of the canonical decision JSON"),
    Column("decision", Text, nullable=False, comment="Decision.to_dict(), canonical JSON"),
    Column("scenario", Text, nullable=False, comment="the scenario decided on, canonical JSON (for replay)"),
    Column("amount", Money, nullable=True, comment="可提取/可贷额度 of the decision"),
    Column("time_limit_days", Integer, nullable=True, comment="办结时限, working days"),
    Column("accepted_on", Date, nullable=True),
    Column("due_on", Date, nullable=True, comment="办结时限 falls due"),
    Column("pending_deadline", Date, nullable=True, comment="容缺 materials due"),
    Column("funds_held", Boolean, nullable=False),
    Column("reminded_on", Date, nullable=True),
    Column("decided_on", Date, nullable=True),
    Column("approved_amount", Money, nullable=True),
    Column("paid_on", Date, nullable=True),
    Column("paid_amount", Money, nullable=True),
    Column("closed_on", Date, nullable=True),
    Column("withdrawn_on", Date, nullable=True),
    Column("end_reason", String(200), nullable=True),
    one_of("state", CASE_STATES, "state"),
    Index("ix_cases_state_due", "state", "due_on"),
)

case_events = Table(
    "case_events",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("case_id", ForeignKey("cases.id"), nullable=False, index=True),
    Column("name", String(40), nullable=False, comment="past-tense event, e.g. CaseAccepted"),
    Column("from_state", String(20), nullable=True),
    Column("to_state", String(20), nullable=False),
    Column("event_on", Date, nullable=False, comment="business date"),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("actor", String(50), nullable=False),
    Column("data", Text, nullable=False, comment="canonical JSON"),
)

case_materials = Table(
    "case_materials",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("case_id", ForeignKey("cases.id"), nullable=False),
    Column("code", String(40), nullable=False),
    Column("name", String(100), nullable=False),
    Column("deadline", Date, nullable=False),
    Column("supplied_on", Date, nullable=True),
    UniqueConstraint("case_id", "code"),
    Index("ix_case_materials_open", "supplied_on", "deadline"),
)

case_commitments = Table(
    "case_commitments",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("case_id", ForeignKey("cases.id"), nullable=False, unique=True),
    Column("signed_by", String(50), nullable=False),
    Column("signed_on", Date, nullable=False),
    Column("deadline", Date, nullable=False),
    Column("materials", Text, nullable=False, comment="names, canonical JSON list"),
    Column("text", Text, nullable=False, comment="the words signed, verbatim"),
)

case_notices = Table(
    "case_notices",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("case_id", ForeignKey("cases.id"), nullable=False, index=True),
    Column("kind", String(20), nullable=False),
    Column("number", String(48), nullable=False, unique=True, comment="文书编号"),
    Column("issued_on", Date, nullable=False),
    Column("issued_at", DateTime(timezone=True), nullable=False),
    Column("content", Text, nullable=False, comment="what was printed, canonical JSON"),
)

idempotency_keys = Table(
    "idempotency_keys",
    metadata,
    Column("key", String(100), primary_key=True),
    Column("command", String(40), nullable=False),
    Column("request_hash", String(64), nullable=False),
    Column("case_id", ForeignKey("cases.id"), nullable=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

ratings = Table(
    "ratings",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("case_id", ForeignKey("cases.id"), nullable=False, unique=True, comment="一事一评"),
    Column("level", String(20), nullable=False),
    Column("bad", Boolean, nullable=False, comment="差评: the two lowest levels"),
    Column("comment", Text, nullable=False),
    Column("channel", String(10), nullable=False),
    Column("rated_on", Date, nullable=False),
    Column("rated_at", DateTime(timezone=True), nullable=False),
    Column("rated_by", String(50), nullable=False),
    Column("excluded", Boolean, nullable=False, comment="appeal upheld: not counted"),
    one_of("level", RATING_LEVELS, "level"),
)

rectifications = Table(
    "rectifications",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("rating_id", ForeignKey("ratings.id"), nullable=False, unique=True),
    Column("case_id", ForeignKey("cases.id"), nullable=False),
    Column("opened_on", Date, nullable=False),
    Column("deadline", Date, nullable=False),
    Column("last_step", String(20), nullable=True),
    Column("notes", Text, nullable=False, comment="[[step, date, actor, note], …] canonical JSON"),
    Column("closed_on", Date, nullable=True),
    Column("outcome", String(20), nullable=True),
    Index("ix_rectifications_open", "closed_on", "deadline"),
)

rating_appeals = Table(
    "rating_appeals",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("rating_id", ForeignKey("ratings.id"), nullable=False, index=True),
    Column("filed_on", Date, nullable=False),
    Column("filed_by", String(50), nullable=False),
    Column("reason", Text, nullable=False),
    Column("outcome", String(10), nullable=False),
    Column("decided_on", Date, nullable=True),
    Column("decided_by", String(50), nullable=True),
    Column("note", Text, nullable=False),
    one_of("outcome", APPEAL_OUTCOMES, "outcome"),
)

audit_log = Table(
    "audit_log",
    metadata,
    Column("seq", BigInteger, primary_key=True, autoincrement=False, comment="1, 2, 3 … with no gaps"),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("actor", String(50), nullable=False),
    Column("action", String(40), nullable=False),
    Column("entity", String(30), nullable=False),
    Column("entity_id", String(40), nullable=False),
    Column("before", Text, nullable=True, comment="canonical JSON"),
    Column("after", Text, nullable=True, comment="canonical JSON"),
    Column("prev_hash", String(64), nullable=False),
    Column("hash", String(64), nullable=False),
    Index("ix_audit_log_entity", "entity", "entity_id"),
)

audit_head = Table(
    "audit_head",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=False, comment="always 1"),
    Column("seq", BigInteger, nullable=False, comment="the newest entry's seq (0: empty log)"),
    Column("hash", String(64), nullable=False, comment="the newest entry's hash"),
    CheckConstraint("id = 1", name="single_row"),
)

CASE_TABLES = (cases, case_events, case_materials, case_commitments, case_notices, idempotency_keys, ratings,
               rectifications, rating_appeals, audit_log, audit_head)
"""The case tables in foreign-key order."""
