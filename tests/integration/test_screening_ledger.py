"""The notification ledger: batches are atomic, a killed run leaves no half batch, reruns resume."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import polars as pl
import pytest
from sqlalchemy import Engine, func, select

from anju.adapters.db import migrate
from anju.adapters.db.bulk import load_city
from anju.adapters.db.engine import make_engine
from anju.adapters.db.notification_ledger import SqlNotificationLedger
from anju.adapters.db.screening_tables import notification_batches, notifications
from anju.adapters.vector.outreach import CANDIDATE_SCHEMA
from anju.adapters.vector.screen import PopulationScreener
from anju.adapters.vector.sources import SqlTables, partitions
from anju.services.screening import screen
from anju.services.synth import generate_city

ON = date(2026, 11, 27)
CHILD = Path(__file__).with_name("screen_crash_child.py")


def rows(*items: tuple[int, str]) -> pl.DataFrame:
    return pl.DataFrame([{"depositor_id": i, "name": "张**", "phone": None, "business": b,
                          "business_name": b, "title": b, "outcome": "eligible", "amount": None,
                          "channel": "online", "channel_name": "网上办理", "period": "once",
                          "message": "通知"} for i, b in items], schema=CANDIDATE_SCHEMA)


def test_batches_known_and_opt_outs(migrated_engine: Engine) -> None:
    ledger = SqlNotificationLedger(migrated_engine)
    assert ledger.record(ON, "jiaozuo 1", rows((1, "cert.loan_settled"), (2, "cert.loan_settled"))) == 1
    assert ledger.record(ON, "jiaozuo 1", rows((3, "cert.loan_settled"))) == 2
    ledger.opt_out(2, None, ON, "不需要短信")
    notified, opted_out = ledger.known([1, 2, 4])
    assert sorted(notified["depositor_id"].to_list()) == [1, 2]
    assert opted_out.rows() == [(2, None)]
    with migrated_engine.connect() as connection:
        sizes = connection.execute(select(notification_batches.c.seq, notification_batches.c.size)
                                   .order_by(notification_batches.c.seq)).all()
    assert [tuple(s) for s in sizes] == [(1, 2), (2, 1)]


def test_a_failing_batch_writes_nothing(migrated_engine: Engine) -> None:
    ledger = SqlNotificationLedger(migrated_engine)
    ledger.record(ON, "jiaozuo 1", rows((1, "cert.loan_settled")))
    with pytest.raises(Exception, match=r"(?i)unique"):  # the same notice twice in one batch
        ledger.record(ON, "jiaozuo 1", rows((5, "cert.loan_settled"), (1, "cert.loan_settled")))
    with migrated_engine.connect() as connection:
        assert connection.scalar(select(func.count()).select_from(notification_batches)) == 1
        assert connection.scalar(select(func.count()).select_from(notifications)) == 1


@pytest.fixture
def city_db(tmp_path: Path) -> Iterator[str]:
    url = f"sqlite:///{tmp_path / 'city.db'}"
    migrate.upgrade(url)
    engine = make_engine(url)
    with engine.begin() as connection:
        load_city(connection, generate_city(4_000, 11, ON))
    engine.dispose()
    yield url


def _batches_whole(engine: Engine) -> tuple[int, int]:
    with engine.connect() as connection:
        batches = connection.execute(select(notification_batches.c.id, notification_batches.c.size)).all()
        counts = dict(connection.execute(select(notifications.c.batch_id, func.count())
                                         .group_by(notifications.c.batch_id)).all())
        total = connection.scalar(select(func.count()).select_from(notifications)) or 0
    for batch_id, size in batches:
        assert counts.get(batch_id, 0) == size, f"batch {batch_id} holds {counts.get(batch_id)} of {size}"
    assert total == sum(size for _, size in batches)
    return len(batches), total


def test_a_killed_run_leaves_whole_batches_and_the_rerun_completes(city_db: str, anju_app: Any) -> None:
    engine = make_engine(city_db)
    source = SqlTables(engine)
    screener = PopulationScreener(anju_app.pack, ON, lambda part: source.read(part.to_list(), ON))
    ids = source.account_holder_ids()
    expected = screen(partitions(ids, 500), screener, None, ON, "x", ids.len()).listed
    want = set(expected.select("depositor_id", "business", "period").iter_rows())
    child = subprocess.Popen([sys.executable, str(CHILD), city_db, ON.isoformat(), "500"],
                             stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:  # wait until two batches are committed, then kill
            if child.poll() is not None:
                break
            if _batches_whole(engine)[0] >= 2:
                break
            time.sleep(0.05)
        os.kill(child.pid, signal.SIGKILL)
        child.wait(timeout=30)
    finally:
        if child.poll() is None:
            child.kill()
    output = child.stdout.read() if child.stdout else ""
    assert child.returncode == -signal.SIGKILL, f"the run was not killed mid-way:\n{output}"
    batches, recorded = _batches_whole(engine)
    assert batches >= 2 and recorded < len(want), output
    report = screen(partitions(ids, 500), screener, SqlNotificationLedger(engine), ON,
                    f"{anju_app.pack.id} {anju_app.pack.version}", ids.len())
    got = set(report.listed.select("depositor_id", "business", "period").iter_rows())
    assert got == want
    assert report.summary.select(pl.col("resumed").sum()).item() == recorded
    assert _batches_whole(engine)[1] == len(want)
    engine.dispose()
