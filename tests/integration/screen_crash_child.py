"""Child process of the crash test: screens a database, pausing inside every batch transaction.

Run as ``python screen_crash_child.py URL YYYY-MM-DD BATCH``; the test kills it mid-run. The pause
comes after the batch's notifications are inserted and before the commit, so a kill lands on an
open transaction with rows written — exactly what must leave no trace.
"""

from __future__ import annotations

import sys
import time
from datetime import date
from typing import Any

from anju import bootstrap
from anju.adapters.db.engine import make_engine
from anju.adapters.db.notification_ledger import SqlNotificationLedger
from anju.adapters.vector.screen import PopulationScreener
from anju.adapters.vector.sources import SqlTables, partitions
from anju.config import Settings
from anju.services.screening import screen


class SlowLedger(SqlNotificationLedger):
    """The real ledger, with a pause between inserting a batch and committing it."""

    def _insert(self, connection: Any, records: list[dict[str, Any]]) -> None:
        super()._insert(connection, records)
        print(f"inserted {len(records)}", flush=True)
        time.sleep(0.4)


def main() -> None:
    url, day, size = sys.argv[1], date.fromisoformat(sys.argv[2]), int(sys.argv[3])
    pack = bootstrap.build(Settings(database_url=url)).pack
    engine = make_engine(url)
    source = SqlTables(engine)
    ids = source.account_holder_ids()
    screener = PopulationScreener(pack, day, lambda part: source.read(part.to_list(), day))
    screen(partitions(ids, size), screener, SlowLedger(engine), day, f"{pack.id} {pack.version}",
           ids.len(), lambda done, total: print(f"batch {done}/{total}", flush=True))


if __name__ == "__main__":
    main()
