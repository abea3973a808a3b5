"""The tamper-evident audit log in SQL: append in the caller's transaction, read back to verify.

Appends are serialised on the chain-head row: the first statement of an append is an UPDATE of
that one row, which takes its row lock on PostgreSQL (the next appender waits until this
transaction ends) and the database write lock on SQLite (single writer). So however many
connections append at once there is one chain with no gaps and no forks, and an append rolled
back with its transaction leaves no trace.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from typing import Any

from sqlalchemy import Connection, func, insert, select, update

from anju.adapters.db.case_tables import audit_head, audit_log
from anju.adapters.db.inserts import insert_new
from anju.domain.cases.canonical import canonical_json, jsonable
from anju.domain.cases.chain import GENESIS, AuditEntry, ChainHead, seal
from anju.services.cases.ports import Clock

BATCH = 2_000
"""Entries read per query while verifying (keyset pagination on seq)."""


class SqlAuditLog:
    """:class:`anju.services.audit.AuditLog` on one connection (the caller's transaction)."""

    def __init__(self, connection: Connection, clock: Clock) -> None:
        self.connection = connection
        self.clock = clock

    def append(self, actor: str, action: str, entity: str, entity_id: str | int,
               before: Mapping[str, Any] | None, after: Mapping[str, Any] | None) -> AuditEntry:
        """Seal the next entry and store it with the new chain head; kept only if the caller commits."""
        head = self._take_head()
        entry = seal(head, self.clock.now(), actor, action, entity, str(entity_id),
                     None if before is None else jsonable(before), None if after is None else jsonable(after))
        self.connection.execute(insert(audit_log).values(
            seq=entry.seq, at=entry.at, actor=entry.actor, action=entry.action, entity=entry.entity,
            entity_id=entry.entity_id, before=_text(entry.before), after=_text(entry.after),
            prev_hash=entry.prev_hash, hash=entry.hash))
        self.connection.execute(update(audit_head).where(audit_head.c.id == 1).values(hash=entry.hash))
        return entry

    def _take_head(self) -> ChainHead:
        """Lock the chain head (by writing it first) and return it as it was."""
        bump = update(audit_head).where(audit_head.c.id == 1).values(seq=audit_head.c.seq + 1)
        if self.connection.execute(bump).rowcount == 0:
            # A schema created without the migration has no head row yet.
            insert_new(self.connection, audit_head, {"id": 1, "seq": 0, "hash": GENESIS})
            self.connection.execute(bump)
        row = self.connection.execute(select(audit_head.c.seq, audit_head.c.hash).where(audit_head.c.id == 1)).one()
        return ChainHead(int(row.seq) - 1, row.hash)


def _text(value: Mapping[str, Any] | None) -> str | None:
    return None if value is None else canonical_json(value)


def _json(text: str | None) -> dict[str, Any] | None:
    return None if text is None else dict(json.loads(text))


class SqlAuditTrail:
    """:class:`anju.services.audit.AuditTrail`: the log in sequence order, and its head."""

    def __init__(self, connection: Connection) -> None:
        self.connection = connection

    def entries(self) -> Iterator[AuditEntry]:
        last = 0
        while True:
            rows = self.connection.execute(
                select(audit_log).where(audit_log.c.seq > last).order_by(audit_log.c.seq).limit(BATCH)).all()
            for row in rows:
                yield AuditEntry(int(row.seq), row.at, row.actor, row.action, row.entity, row.entity_id,
                                 _json(row.before), _json(row.after), row.prev_hash, row.hash)
            if len(rows) < BATCH:
                return
            last = int(rows[-1].seq)

    def head(self) -> ChainHead | None:
        row = self.connection.execute(select(audit_head.c.seq, audit_head.c.hash).where(audit_head.c.id == 1)).first()
        return None if row is None else ChainHead(int(row.seq), row.hash)

    def count(self) -> int:
        """Entries in the log."""
        return int(self.connection.scalar(select(func.count()).select_from(audit_log)) or 0)

    def for_entity(self, entity: str, entity_id: str | int) -> list[AuditEntry]:
        """The entries about one entity, oldest first."""
        rows = self.connection.execute(select(audit_log).where(
            audit_log.c.entity == entity, audit_log.c.entity_id == str(entity_id)).order_by(audit_log.c.seq)).all()
        return [AuditEntry(int(r.seq), r.at, r.actor, r.action, r.entity, r.entity_id, _json(r.before),
                           _json(r.after), r.prev_hash, r.hash) for r in rows]
