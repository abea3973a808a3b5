"""The audit log's hash chain on SQLite and PostgreSQL: tampering is found and named, the log is
append-only in the database, and concurrent appends keep one chain."""

from __future__ import annotations

import random
import threading
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime, timedelta, timezone

import pytest
from case_support import FakeClock
from sqlalchemy import Connection, Engine, delete, select, update
from sqlalchemy.exc import DBAPIError
from typer.testing import CliRunner

from anju.adapters.cli.main import app
from anju.adapters.db.audit_log import SqlAuditLog, SqlAuditTrail
from anju.adapters.db.case_tables import audit_head, audit_log
from anju.domain.cases.chain import ChainReport, entry_hash
from anju.services.audit import verify_audit

ENTRIES = 6


def _fill(engine: Engine, n: int = ENTRIES) -> None:
    clock = FakeClock()
    with engine.begin() as connection:
        log = SqlAuditLog(connection, clock)
        for i in range(1, n + 1):
            log.append("柜员01", "case.accept", "case", i, {"state": "intake", "n": i}, {"state": "accepted", "n": i})


def _verify(engine: Engine) -> ChainReport:
    with engine.connect() as connection:
        return verify_audit(SqlAuditTrail(connection))


def _tamper(engine: Engine, change: Callable[[Connection], object]) -> None:
    """Change the log behind the application's back (the append-only triggers switched off first)."""
    with engine.begin() as connection:
        if engine.dialect.name == "postgresql":
            connection.exec_driver_sql("ALTER TABLE audit_log DISABLE TRIGGER USER")
        else:
            connection.exec_driver_sql("DROP TRIGGER audit_log_no_update")
            connection.exec_driver_sql("DROP TRIGGER audit_log_no_delete")
        change(connection)


def test_an_untouched_log_verifies(migrated_engine: Engine) -> None:
    _fill(migrated_engine)
    report = _verify(migrated_engine)
    assert report.ok and report.checked == ENTRIES
    assert "哈希链校验通过" in report.message


def test_a_clock_in_china_time_verifies(migrated_engine: Engine) -> None:
    """SQLite drops the zone of a stored time: entries are sealed in UTC so the hash survives."""
    china = timezone(timedelta(hours=8))

    class ChinaClock:
        def now(self) -> datetime:
            return datetime(2026, 11, 27, 9, 30, 15, 123456, tzinfo=china)

    with migrated_engine.begin() as connection:
        entry = SqlAuditLog(connection, ChinaClock()).append("柜员01", "case.open", "case", 1, None, {"a": "b"})
    assert entry.at == datetime(2026, 11, 27, 1, 30, 15, 123456, tzinfo=UTC)
    assert _verify(migrated_engine).ok


def test_an_empty_log_verifies(migrated_engine: Engine) -> None:
    assert _verify(migrated_engine).ok


@pytest.mark.parametrize(("name", "change", "first_bad", "words"), [
    ("edited after", lambda c: c.execute(update(audit_log).where(audit_log.c.seq == 3)
                                         .values(after='{"n":3,"state":"approved"}')), 3, "被修改"),
    ("edited actor", lambda c: c.execute(update(audit_log).where(audit_log.c.seq == 2).values(actor="某人")), 2,
     "被修改"),
    ("edited time", lambda c: c.execute(update(audit_log).where(audit_log.c.seq == 5)
                                        .values(at=datetime(2026, 11, 26, 8, 0, tzinfo=UTC))), 5, "被修改"),
    ("deleted", lambda c: c.execute(delete(audit_log).where(audit_log.c.seq == 3)), 3, "缺少第3条"),
    ("deleted two", lambda c: c.execute(delete(audit_log).where(audit_log.c.seq.in_([2, 3]))), 2, "缺少第2至3条"),
    ("deleted the last", lambda c: c.execute(delete(audit_log).where(audit_log.c.seq == ENTRIES)), ENTRIES,
     "末尾缺少"),
    ("reordered", lambda c: _swap(c, 3, 4), 3, "被修改"),
    ("head edited", lambda c: c.execute(update(audit_head).values(hash="f" * 64)), ENTRIES, "链头"),
])
def test_tampering_is_detected_and_named(migrated_engine: Engine, name: str, change: Callable[[Connection], object],
                                          first_bad: int, words: str) -> None:
    _fill(migrated_engine)
    _tamper(migrated_engine, change)
    report = _verify(migrated_engine)
    assert report.first_bad == first_bad, (name, report)
    assert words in report.problem, (name, report.problem)


def _swap(connection: Connection, a: int, b: int) -> None:
    connection.execute(update(audit_log).where(audit_log.c.seq == a).values(seq=-1))
    connection.execute(update(audit_log).where(audit_log.c.seq == b).values(seq=a))
    connection.execute(update(audit_log).where(audit_log.c.seq == -1).values(seq=b))


def test_rewriting_an_entry_with_a_fresh_hash_is_caught_at_the_next_link(migrated_engine: Engine) -> None:
    _fill(migrated_engine)
    with migrated_engine.connect() as connection:
        entries = list(SqlAuditTrail(connection).entries())
    forged = replace(entries[2], after={"n": 3, "state": "approved"})
    forged = replace(forged, hash=entry_hash(forged))
    _tamper(migrated_engine, lambda c: c.execute(update(audit_log).where(audit_log.c.seq == 3).values(
        after='{"n":3,"state":"approved"}', hash=forged.hash)))
    report = _verify(migrated_engine)
    assert (report.first_bad, "衔接不上" in report.problem) == (4, True)


def test_the_database_refuses_updates_and_deletes(migrated_engine: Engine) -> None:
    _fill(migrated_engine, 2)
    for statement in (update(audit_log).where(audit_log.c.seq == 1).values(actor="某人"),
                      delete(audit_log).where(audit_log.c.seq == 2)):
        with pytest.raises(DBAPIError, match="append-only"), migrated_engine.begin() as connection:
            connection.execute(statement)
    assert _verify(migrated_engine).ok


def test_verify_command_names_the_first_bad_entry(migrated_engine: Engine) -> None:
    _fill(migrated_engine)
    url = migrated_engine.url.render_as_string(hide_password=False)
    ok = CliRunner().invoke(app, ["audit", "verify", "--database", url])
    assert ok.exit_code == 0 and f"共{ENTRIES}条记录" in ok.stdout
    head = CliRunner().invoke(app, ["audit", "head", "--database", url])
    assert head.stdout.startswith(f"第{ENTRIES}条 ")
    _tamper(migrated_engine, lambda c: c.execute(delete(audit_log).where(audit_log.c.seq == 4)))
    bad = CliRunner().invoke(app, ["audit", "verify", "--database", url])
    assert bad.exit_code == 1
    assert "缺少第4条记录" in bad.stderr


def test_concurrent_appends_keep_one_chain(migrated_engine: Engine) -> None:
    """Eight connections append at once, some transactions rolled back: one chain, no gaps."""
    committed: list[int] = []
    lock = threading.Lock()
    clock_lock = threading.Lock()
    clock = FakeClock()

    class SafeClock:
        def now(self) -> datetime:
            with clock_lock:
                return clock.now()

    def worker(n: int) -> None:
        rng = random.Random(n)
        for i in range(15):
            with migrated_engine.connect() as connection, connection.begin() as tx:
                SqlAuditLog(connection, SafeClock()).append(f"w{n}", "test", "thing", f"{n}-{i}", None, {"i": i})
                if rng.random() < 0.2:
                    tx.rollback()
                    continue
            with lock:
                committed.append(1)

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    report = _verify(migrated_engine)
    assert report.ok, report
    assert report.checked == len(committed)
    with migrated_engine.connect() as connection:
        assert connection.scalar(select(audit_head.c.seq)) == len(committed)
