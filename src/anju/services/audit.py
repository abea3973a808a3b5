"""The audit log port, and the use case that verifies the whole chain.

Any module that changes or reads something worth auditing (cases, decisions, record views)
appends through :class:`AuditLog` on the connection of its own transaction, so the entry is
kept if and only if the change is. The SQL implementation is
:class:`anju.adapters.db.audit_log.SqlAuditLog`; it serialises appends so there is one chain.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, Protocol

from anju.domain.cases.chain import AuditEntry, ChainHead, ChainReport, verify_chain


class AuditLog(Protocol):
    """Port: append one entry, in the caller's transaction."""

    def append(self, actor: str, action: str, entity: str, entity_id: str | int,
               before: Mapping[str, Any] | None, after: Mapping[str, Any] | None) -> AuditEntry:
        """Seal and store the next entry: who (``actor``) did what (``action``) to which
        ``entity``/``entity_id``, with JSON-ready snapshots ``before`` and ``after``."""
        ...


class AuditTrail(Protocol):
    """Port: read the log back, in sequence order, and its chain head."""

    def entries(self) -> Iterable[AuditEntry]: ...

    def head(self) -> ChainHead | None: ...


def verify_audit(trail: AuditTrail) -> ChainReport:
    """Walk the whole log and report the first edited, deleted or reordered entry."""
    return verify_chain(trail.entries(), trail.head())
