"""The audit log's hash chain: sealing an entry and finding the first bad one.

Each entry's hash is SHA-256 over the previous entry's hash and the canonical JSON of the entry
(sequence number, time, actor, action, entity, before and after). Editing an entry breaks its own
hash; deleting one leaves a gap in the sequence; moving one breaks both its hash (the sequence
number is hashed) and the next entry's link. The chain head (last sequence number and hash) is kept
beside the log, so deleting the newest entries is caught too.

>>> at = datetime(2026, 11, 27, 1, 2, 3, tzinfo=UTC)
>>> one = seal(ChainHead(0, GENESIS), at, "柜员01", "case.open", "case", "7", None, {"state": "intake"})
>>> two = seal(ChainHead(1, one.hash), at, "柜员01", "case.accept", "case", "7",
...            {"state": "intake"}, {"state": "accepted"})
>>> verify_chain([one, two], ChainHead(2, two.hash)).ok
True
>>> forged = replace(one, after={"state": "approved"})
>>> report = verify_chain([forged, two], ChainHead(2, two.hash))
>>> report.first_bad, report.problem
(1, '第1条记录的内容与其哈希不符（记录被修改）')
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import Any

from anju.domain.cases.canonical import canonical_json

GENESIS = "0" * 64
"""The ``prev_hash`` of the first entry."""


def as_utc(at: datetime) -> datetime:
    """The same moment in UTC; a naive datetime is taken to be UTC already (as SQLite returns it).

    >>> from datetime import timedelta, timezone
    >>> as_utc(datetime(2026, 11, 27, 9, 30, tzinfo=timezone(timedelta(hours=8))))
    datetime.datetime(2026, 11, 27, 1, 30, tzinfo=datetime.timezone.utc)
    """
    return at.replace(tzinfo=UTC) if at.tzinfo is None else at.astimezone(UTC)


def utc_text(at: datetime) -> str:
    """A moment as hashed: UTC, microseconds, ISO 8601.

    >>> utc_text(datetime(2026, 11, 27, 9, 30, tzinfo=UTC))
    '2026-11-27T09:30:00.000000+00:00'
    """
    return as_utc(at).isoformat(timespec="microseconds")


@dataclass(frozen=True, slots=True)
class ChainHead:
    """The newest entry's sequence number and hash (0 and :data:`GENESIS` for an empty log)."""

    seq: int
    hash: str


@dataclass(frozen=True, slots=True)
class AuditEntry:
    """One audit log entry: who did what to which entity, when, with the state before and after."""

    seq: int
    at: datetime
    actor: str
    action: str
    entity: str
    entity_id: str
    before: Mapping[str, Any] | None
    after: Mapping[str, Any] | None
    prev_hash: str
    hash: str = ""

    def payload(self) -> dict[str, Any]:
        """What the hash covers, besides the previous hash."""
        return {"seq": self.seq, "at": utc_text(self.at), "actor": self.actor, "action": self.action,
                "entity": self.entity, "entity_id": self.entity_id, "before": self.before,
                "after": self.after}


def entry_hash(entry: AuditEntry) -> str:
    """SHA-256 over ``prev_hash``, a newline, and the canonical JSON of the entry's payload."""
    text = entry.prev_hash + "\n" + canonical_json(entry.payload())
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def seal(head: ChainHead, at: datetime, actor: str, action: str, entity: str, entity_id: str,
         before: Mapping[str, Any] | None, after: Mapping[str, Any] | None) -> AuditEntry:
    """The next entry after ``head``, with its hash; its time is kept in UTC, so a database that
    drops the zone (SQLite) gives back the same moment."""
    entry = AuditEntry(head.seq + 1, as_utc(at), actor, action, entity, entity_id, before, after, head.hash)
    return replace(entry, hash=entry_hash(entry))


@dataclass(frozen=True, slots=True)
class ChainReport:
    """The result of a verification: how many entries were checked and the first bad one."""

    checked: int
    first_bad: int | None = None
    problem: str = ""

    @property
    def ok(self) -> bool:
        return self.first_bad is None

    @property
    def message(self) -> str:
        """The result in one Chinese sentence."""
        if self.ok:
            return f"审计日志完整：共{self.checked}条记录，哈希链校验通过。"
        return f"审计日志校验失败：{self.problem}。"


def verify_chain(entries: Iterable[AuditEntry], head: ChainHead | None) -> ChainReport:
    """Check ``entries`` (in sequence order) against each other and against the chain head.

    The first problem found names the first bad entry: the edited one, the first missing one, or
    the first out of place. ``head`` None means no head was recorded (only an empty log may lack it).
    """
    previous = ChainHead(0, GENESIS)
    checked = 0
    for entry in entries:
        if entry.seq != previous.seq + 1:
            missing = previous.seq + 1
            span = f"第{missing}条" if entry.seq == missing + 1 else f"第{missing}至{entry.seq - 1}条"
            return ChainReport(checked, missing, f"缺少{span}记录（记录被删除），其后为第{entry.seq}条")
        if entry_hash(entry) != entry.hash:
            return ChainReport(checked, entry.seq, f"第{entry.seq}条记录的内容与其哈希不符（记录被修改）")
        if entry.prev_hash != previous.hash:
            return ChainReport(checked, entry.seq,
                               f"第{entry.seq}条记录与第{previous.seq}条衔接不上（记录被删除、插入或调换顺序）")
        previous = ChainHead(entry.seq, entry.hash)
        checked += 1
    if head is None:
        if previous.seq == 0:
            return ChainReport(0)
        return ChainReport(checked, previous.seq, "缺少链头记录（audit_head 被删除）")
    if head.seq > previous.seq:
        missing = previous.seq + 1
        return ChainReport(checked, missing, f"日志末尾缺少第{missing}至{head.seq}条记录（记录被删除）")
    if head.seq < previous.seq:
        return ChainReport(checked, head.seq + 1, f"第{head.seq + 1}条及以后的记录不在链头之内（记录被插入）")
    if head.hash != previous.hash:
        return ChainReport(checked, previous.seq, f"链头与日志末条（第{previous.seq}条）的哈希不符（链头被改动）")
    return ChainReport(checked)
