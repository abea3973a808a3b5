"""Crash test: 1,000 case submissions with random retries while the server is SIGKILLed.

The server (``case_crash_server.py``, our own process — never the shared PostgreSQL server) opens
cases through the case desk. Clients send each submission under its own idempotency key, retry
after a refused connection or a timeout, sometimes send it twice at once (a double click) or again
after success. The test kills the server with SIGKILL at fixed points of progress and restarts it.
Afterwards every acknowledged submission exists exactly once, with the case id it was
acknowledged with, nothing else exists, and the audit chain verifies.
"""

from __future__ import annotations

import http.client
import json
import os
import random
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections import Counter
from pathlib import Path

import pytest
from case_support import scenario
from sqlalchemy import func, select

from anju.adapters.db import migrate
from anju.adapters.db.audit_log import SqlAuditTrail
from anju.adapters.db.case_tables import audit_log, cases, idempotency_keys
from anju.adapters.db.engine import make_engine
from anju.domain.cases.canonical import jsonable
from anju.services.audit import verify_audit

SUBMISSIONS = 1_000
CLIENTS = 16
KILL_AT = (120, 300, 480, 660, 840)
"""Acknowledged counts at which the server is killed (progress, not time: the same on any machine)."""
BUDGET = 450.0  # a safety bound: a quiet machine finishes in ~25 s; a slow, shared one took over 150 s
"""Seconds after which clients stop retrying: a guard against a hang, not a speed target."""
SERVER = Path(__file__).with_name("case_crash_server.py")

pytestmark = [pytest.mark.postgres, pytest.mark.slow]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Server:
    """Our HTTP server process: start, wait until it listens, SIGKILL."""

    def __init__(self, url: str, port: int, scenario_file: Path) -> None:
        self.args = [sys.executable, str(SERVER), url, str(port), str(scenario_file)]
        self.process: subprocess.Popen[str] | None = None

    def start(self) -> None:
        env = dict(os.environ, PYTHONPATH=os.pathsep.join(sys.path))
        self.process = subprocess.Popen(self.args, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
                                        env=env)
        assert self.process.stdout is not None
        line = self.process.stdout.readline()
        assert line.strip() == "READY", f"the case server did not start: {line!r}"

    def kill(self) -> None:
        if self.process is not None and self.process.poll() is None:
            os.kill(self.process.pid, signal.SIGKILL)
            self.process.wait()


def test_every_acknowledged_case_exists_once_after_sigkills(postgres_url: str, tmp_path: Path) -> None:
    migrate.upgrade(postgres_url)
    scenario_file = tmp_path / "scenario.json"
    scenario_file.write_text(json.dumps(jsonable(scenario("eligible")), ensure_ascii=False), encoding="utf-8")
    port = _free_port()
    server = Server(postgres_url, port, scenario_file)
    server.start()
    endpoint = f"http://127.0.0.1:{port}/cases"

    acknowledged: dict[str, int] = {}
    answers: dict[str, set[int]] = {}
    stats: Counter[str] = Counter()
    lock = threading.Lock()
    pending = list(range(SUBMISSIONS))
    deadline = time.monotonic() + BUDGET
    kills: list[int] = []
    done = threading.Event()

    def post(key: str) -> tuple[int, bool] | None:
        request = urllib.request.Request(endpoint, data=json.dumps({"key": key}).encode(),
                                         headers={"Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(request, timeout=5) as response:
                reply = json.loads(response.read())
        except (urllib.error.URLError, http.client.HTTPException, OSError):
            # refused, timed out, or cut off mid-answer by a kill (IncompleteRead): try again
            with lock:
                stats["failed attempts"] += 1
            return None
        with lock:
            stats["responses"] += 1
            stats["replayed responses"] += bool(reply["replayed"])
            answers.setdefault(key, set()).add(int(reply["case_id"]))
        return int(reply["case_id"]), bool(reply["replayed"])

    def submit(n: int, rng: random.Random) -> None:
        key = f"crash-{n:04d}"
        if rng.random() < 0.1:  # a double click: the same request twice at the same moment
            twin = threading.Thread(target=post, args=(key,))
            twin.start()
            stats["double clicks"] += 1
        failures = 0
        while time.monotonic() < deadline:
            answer = post(key)
            if answer is not None:
                with lock:
                    acknowledged[key] = answer[0]
                    # Done by a server that died before it could answer: the retry finds it.
                    stats["done before a failed attempt"] += failures > 0 and answer[1]
                if rng.random() < 0.2:  # a retry after success (the answer was "lost")
                    post(key)
                    stats["retries after success"] += 1
                return
            failures += 1
            with lock:
                stats["retries after failure"] += 1
            time.sleep(rng.uniform(0.02, 0.2))

    def client(seed: int) -> None:
        rng = random.Random(seed)
        while True:
            with lock:
                if not pending:
                    return
                n = pending.pop(rng.randrange(len(pending)))
            submit(n, rng)

    def killer() -> None:
        for threshold in KILL_AT:
            while not done.is_set() and len(acknowledged) < threshold:
                time.sleep(0.005)
            if done.is_set():
                return
            server.kill()
            kills.append(len(acknowledged))
            time.sleep(random.uniform(0.05, 0.3))  # clients hammer a dead port meanwhile
            server.start()

    threads = [threading.Thread(target=client, args=(seed,)) for seed in range(CLIENTS)]
    reaper = threading.Thread(target=killer)
    try:
        reaper.start()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    finally:
        done.set()
        reaper.join()
        server.kill()

    engine = make_engine(postgres_url)
    try:
        with engine.connect() as connection:
            stored = {row.key: row.case_id for row in connection.execute(
                select(idempotency_keys.c.key, idempotency_keys.c.case_id))}
            case_ids = [row.id for row in connection.execute(select(cases.c.id))]
            entries = int(connection.scalar(select(func.count()).select_from(audit_log)) or 0)
            report = verify_audit(SqlAuditTrail(connection))
    finally:
        engine.dispose()

    print(f"\ncrash test: {SUBMISSIONS} submissions from {CLIENTS} clients, {len(acknowledged)} acknowledged, "
          f"{len(kills)} SIGKILLs (at {kills} acknowledged), {stats['failed attempts']} failed attempts, "
          f"{stats['retries after failure']} retries after failure "
          f"({stats['done before a failed attempt']} found already done on retry), "
          f"{stats['retries after success']} retries after success, {stats['double clicks']} double clicks, "
          f"{stats['responses']} responses ({stats['replayed responses']} replayed), {len(case_ids)} cases stored, "
          f"{entries} audit entries; {report.message}")

    assert len(kills) == len(KILL_AT)
    assert len(acknowledged) == SUBMISSIONS, f"{SUBMISSIONS - len(acknowledged)} never acknowledged in {BUDGET}s"
    assert all(len(ids) == 1 for ids in answers.values()), "a key was answered with two different cases"
    assert len(case_ids) == len(set(case_ids)) == len(stored) == SUBMISSIONS
    assert {key: stored[key] for key in acknowledged} == acknowledged
    assert sorted(stored.values()) == sorted(case_ids)
    assert entries == len(case_ids)
    assert report.ok, report.message
