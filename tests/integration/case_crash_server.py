"""A small HTTP server that opens cases through the case desk (the crash test kills it).

    python case_crash_server.py DATABASE_URL PORT SCENARIO_JSON

``POST /cases`` with ``{"key": "..."}`` opens a rent-withdrawal case for the scenario under that
idempotency key and answers ``{"case_id": …, "number": …, "replayed": …}``. The server prints
``READY`` once it listens. It holds nothing in memory that matters: everything is in PostgreSQL.
"""

from __future__ import annotations

import json
import sys
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from anju import bootstrap
from anju.adapters.db.case_uow import sql_case_desk
from anju.adapters.db.engine import make_engine
from anju.adapters.scenario_files import scenario_from_data
from anju.config import Settings
from anju.domain.cases.commands import OpenCase
from anju.domain.errors import AnjuError

ON = date(2026, 11, 27)


def main() -> None:
    url, port, scenario_file = sys.argv[1], int(sys.argv[2]), Path(sys.argv[3])
    app = bootstrap.build(Settings(database_url=url))
    engine = make_engine(url, pool_size=6, max_overflow=0, pool_timeout=60)
    desk = sql_case_desk(app.pack, app.calendar, engine)
    scenario = scenario_from_data(json.loads(scenario_file.read_text(encoding="utf-8")), "crash test")

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            try:
                view = desk.handle(OpenCase("withdraw.rent", ON, "crash-test", scenario=scenario,
                                            idempotency_key=body["key"]))
                status, reply = 200, {"case_id": view.case.id, "number": view.case.number,
                                      "replayed": view.replayed}
            except AnjuError as error:
                status, reply = 409, {"error": error.message}
            data = json.dumps(reply).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
    server.daemon_threads = True
    print("READY", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
