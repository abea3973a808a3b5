"""Generate a synthetic city and hand it to one or more sinks (Parquet files, a database)."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Protocol

from anju.domain.errors import InputError
from anju.services.synth import City, generate_city
from anju.services.synth.city import MAX_MEMBERS


class CitySink(Protocol):
    """Port: somewhere a city is written (``label`` names it for the report)."""

    label: str

    def write(self, city: City) -> None: ...


@dataclass(frozen=True, slots=True)
class SynthReport:
    """What was generated and where it went, with the time each step took."""

    members: int
    seed: int
    as_of: date
    counts: dict[str, int]
    generate_seconds: float
    write_seconds: dict[str, float] = field(default_factory=dict)
    """Sink label → seconds spent writing."""


def synthesize(
    members: int,
    seed: int,
    as_of: date,
    sinks: Sequence[CitySink],
    clock: Callable[[], float] = time.perf_counter,
) -> SynthReport:
    """Generate ``members`` account holders (deterministic for the seed and date) and write them."""
    if not 1 <= members <= MAX_MEMBERS:
        raise InputError(f"缴存人数应在1至{MAX_MEMBERS}之间，实际为{members}")
    if seed < 0:
        raise InputError(f"随机种子应为非负整数，实际为{seed}")
    start = clock()
    city = generate_city(members, seed, as_of)
    generated = clock()
    timings: dict[str, float] = {}
    for sink in sinks:
        began = clock()
        sink.write(city)
        timings[sink.label] = clock() - began
    return SynthReport(members, seed, as_of, city.counts(), generated - start, timings)
