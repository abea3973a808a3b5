"""Seed the demo city: the first thing a new user runs (``anju demo``).

The store is a port: the database adapter supplies it (``anju.adapters.db.demo.seed_demo`` takes
a URL and builds one), so this use case stays free of any database code.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Protocol

from anju.services.synthesis import CitySink, synthesize

DEMO_MEMBERS = 20_000
DEMO_SEED = 1


class DemoStore(CitySink, Protocol):
    """Port: a database that can be migrated, counted and filled with a city."""

    replace: bool
    """Whether writing a city may replace the depositors already stored."""

    def prepare(self) -> None: ...

    def member_count(self) -> int: ...

    def counts(self) -> dict[str, int]: ...


@dataclass(frozen=True, slots=True)
class DemoSummary:
    """What the demo database holds after seeding."""

    database: str
    """Where it is (URL without password)."""
    members: int
    """Account holders stored."""
    counts: dict[str, int]
    """Rows per table."""
    seed: int
    as_of: date
    """The date the demo city's data describe."""
    seconds: float
    """Time spent, migration included."""
    reused: bool
    """True when the database already held depositors and was left as it was."""


def seed_demo(
    store: DemoStore,
    as_of: date,
    members: int = DEMO_MEMBERS,
    seed: int = DEMO_SEED,
    *,
    clock: Callable[[], float] = time.perf_counter,
) -> DemoSummary:
    """Migrate the store and, when it holds no depositors yet, fill it with a demo city.

    A store that already has depositors is left untouched (``reused``): the demo never
    overwrites data; replacing it is the store's decision (``replace=True`` there).
    """
    start = clock()
    store.prepare()
    reused = store.member_count() > 0 and not store.replace
    if not reused:
        synthesize(members, seed, as_of, [store], clock=clock)
    counts = store.counts()
    return DemoSummary(
        database=store.label,
        members=counts.get("accounts", 0),
        counts=counts,
        seed=seed,
        as_of=as_of,
        seconds=clock() - start,
        reused=reused,
    )
