"""Benchmark: the diagnosis endpoint under load, on loopback, with wrk.

Seeds a demo SQLite database (a small city and the demo users), starts ``uvicorn --factory
anju.adapters.web.app:served`` on a free loopback port, signs in as the counter officer,
then drives, each for a bounded time:

1. the baseline: ``GET /api/v1/health`` (no database, no engine) — what the server stack itself
   can do on this machine in the same run;
2. ``GET /api/v1/depositors/{id}/diagnosis`` with a Bearer token, the depositor id rotating over
   the whole city (a Lua script), so every request opens a record (and logs the view), builds the
   scenario, diagnoses every business and serialises the Decision contract.

Prints requests/s and p99 latency for both, the server's CPU time per diagnosis request (from
/proc, the figure that does not depend on how much CPU wrk takes), and the ratio
diagnosis/baseline. Target (issue 5):
≥ 500 requests/s with p99 ≤ 50 ms. wrk runs on the same machine (2 cores), so it takes a share.

    .venv/bin/python bench/web_load.py [--members 2000] [--seconds 20] [--workers 2] [--connections 8]

Needs Debian's ``wrk`` (apt-get install wrk). Sends traffic only to 127.0.0.1.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ON = date(2026, 11, 27)
TARGET_RPS, TARGET_P99_MS = 500, 50.0
MAX_SECONDS = 60


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def seed(folder: Path, members: int) -> tuple[str, list[int]]:
    """A demo database with its users; returns the URL and the account holders' ids."""
    from anju import bootstrap
    from anju.adapters.db.demo import seed_demo
    from anju.adapters.db.engine import make_engine
    from anju.adapters.db.uow import SqlUnitOfWork
    from anju.adapters.passwords import Argon2Hasher
    from anju.adapters.web.demo import seed_demo_users
    from anju.config import Settings

    url = f"sqlite:///{folder / 'bench.db'}"
    seed_demo(url, members, 1, as_of=ON)
    anju = bootstrap.build(Settings(database_url=url))
    seed_demo_users(anju, ON, hasher=Argon2Hasher())
    engine = make_engine(url)
    with SqlUnitOfWork(engine) as uow:
        ids = uow.depositors.ids()
    engine.dispose()
    return url, ids


def wait_up(base: str, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{base}/api/v1/health", timeout=1) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise SystemExit("the server did not start")


def tree_cpu_seconds(pid: int) -> float:
    """CPU time (user + system) of a process and all its descendants so far, from /proc (Linux)."""
    tick = os.sysconf("SC_CLK_TCK")
    children: dict[int, list[int]] = {}
    spent: dict[int, float] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            fields = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # the process ended while we looked
        children.setdefault(int(fields[1]), []).append(int(entry))
        spent[int(entry)] = (int(fields[11]) + int(fields[12])) / tick
    total, todo = 0.0, [pid]
    while todo:
        current = todo.pop()
        total += spent.get(current, 0.0)
        todo.extend(children.get(current, []))
    return total


def sign_in(base: str) -> str:
    body = json.dumps({"username": "officer", "password": "anju-demo-2026"}).encode()
    request = urllib.request.Request(f"{base}/api/v1/sessions", data=body,
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=10) as response:
        return str(json.load(response)["token"])


LUA = """
local ids = {%s}
local n = #ids
local i = 0
request = function()
  i = i + 1
  local id = ids[((i * 7919) %% n) + 1]
  return wrk.format("GET", "/api/v1/depositors/" .. id .. "/diagnosis?on=%s&reason=bench")
end
"""


def wrk(url: str, seconds: int, connections: int, script: Path | None = None,
        header: str | None = None) -> tuple[float, float, int]:
    """Run wrk; returns (requests/s, p99 ms, non-2xx responses)."""
    command = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", "--timeout", "5s"]
    if header:
        command += ["-H", header]
    if script:
        command += ["-s", str(script)]
    output = subprocess.run([*command, url], capture_output=True, text=True, check=True,
                            timeout=seconds + 30).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))  # type: ignore[union-attr]
    value, unit = re.search(r"99%\s+([\d.]+)(us|ms|s)", output).groups()  # type: ignore[union-attr]
    p99 = float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]
    errors = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    return rps, p99, int(errors.group(1)) if errors else 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--members", type=int, default=2000)
    parser.add_argument("--seconds", type=int, default=20, help="per phase (both phases ≤ 60 s together)")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--connections", type=int, default=8)
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is not installed (Debian: apt-get install wrk)")
    seconds = max(1, min(args.seconds, MAX_SECONDS // 2 - 5))
    with tempfile.TemporaryDirectory() as folder:
        url, ids = seed(Path(folder), args.members)
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        env = os.environ | {"ANJU_DATABASE_URL": url}
        server = subprocess.Popen(
            [sys.executable, "-m", "uvicorn", "--factory", "anju.adapters.web.app:served", "--host", "127.0.0.1",
             "--port", str(port), "--workers", str(args.workers), "--log-level", "warning", "--no-access-log"],
            env=env, cwd=ROOT)
        try:
            wait_up(base)
            token = sign_in(base)
            auth = f"Authorization: Bearer {token}"
            script = Path(folder) / "diagnosis.lua"
            script.write_text(LUA % (",".join(map(str, ids)), ON.isoformat()))
            wrk(f"{base}/api/v1/health", 2, args.connections)  # warm up the stack
            wrk(base, 3, args.connections, script, auth)  # and every worker's caches
            base_rps, base_p99, _ = wrk(f"{base}/api/v1/health", seconds, args.connections)
            cpu_before = tree_cpu_seconds(server.pid)
            rps, p99, errors = wrk(base, seconds, args.connections, script, auth)
            cpu_ms = (tree_cpu_seconds(server.pid) - cpu_before) / (rps * seconds) * 1000
        finally:
            server.terminate()
            server.wait(timeout=20)
    print(f"machine: {os.cpu_count()} cores; uvicorn workers {args.workers}; wrk 2 threads, "
          f"{args.connections} connections, {seconds} s per phase; {len(ids):,} depositors")
    print(f"baseline  GET /api/v1/health                 {base_rps:9.1f} req/s   p99 {base_p99:6.1f} ms")
    print(f"diagnosis GET /api/v1/depositors/{{id}}/diagnosis {rps:7.1f} req/s   p99 {p99:6.1f} ms"
          f"   (non-2xx: {errors})")
    print(f"server CPU per diagnosis request: {cpu_ms:.2f} ms (both workers, all threads)")
    print(f"ratio diagnosis/baseline: {rps / base_rps:.3f} of the requests/s")
    met = rps >= TARGET_RPS and p99 <= TARGET_P99_MS
    print(f"target ≥ {TARGET_RPS} req/s with p99 ≤ {TARGET_P99_MS:.0f} ms → {'MET' if met else 'NOT MET'}")


if __name__ == "__main__":
    main()
