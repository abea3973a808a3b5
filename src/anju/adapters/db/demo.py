"""``seed_demo(url)``: the demo database in one call (wires the SQL store into the use case)."""

from __future__ import annotations

from datetime import date

from anju.adapters.db.bulk import SqlCityStore
from anju.services.demo_data import DEMO_MEMBERS, DEMO_SEED, DemoSummary
from anju.services.demo_data import seed_demo as _seed_demo


def seed_demo(
    url: str,
    members: int = DEMO_MEMBERS,
    seed: int = DEMO_SEED,
    *,
    as_of: date | None = None,
    replace: bool = False,
) -> DemoSummary:
    """Create or upgrade the database at ``url`` and seed a demo city when it is empty.

    ``as_of`` defaults to today: the demo's histories run up to last month.
    """
    store = SqlCityStore(url, replace=replace)
    try:
        return _seed_demo(store, as_of or date.today(), members, seed)
    finally:
        store.close()
