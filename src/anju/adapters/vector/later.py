"""Facts on later days for some rows: what the "from when" search probes (:mod:`.search`).

Only the facts and definitions the conditions at hand read are derived: a probe reads one
condition (or one business's conditions on the latest date found), and planning the whole
catalogue for it would cost more than computing it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final, Literal, Protocol

import numpy as np
import polars as pl

from anju.adapters.vector.program import DAY, Params, Program, needs
from anju.domain.policy.expr import Compiled
from anju.domain.policy.model import Business, Condition, PolicyPack

IN_MEMORY: Final[Literal["in-memory"]] = "in-memory"
"""The engine for the probes of the "from when" search (a few thousand rows each), the
relatives' routes and the notice list: Polars 2's default streaming engine costs more there
(to start, or to gather and join) than the in-memory one (measured with bench/screen.py)."""


class Dated(Protocol):
    """A population that can give its rows' facts on other days (``decide.Population``)."""

    def at(self, rows: np.ndarray, days: np.ndarray,
           names: Sequence[str] | None = None) -> pl.DataFrame | pl.LazyFrame: ...


class Later:
    """Facts on later days for some rows, with the pack's definitions and dated parameters."""

    def __init__(self, pack: PolicyPack, population: Dated) -> None:
        self.pack, self.population = pack, population
        self.programs: dict[tuple[str, ...], Program] = {}

    def frame(self, rows: np.ndarray, days: np.ndarray,
              compiled: Sequence[Compiled]) -> tuple[pl.LazyFrame, Program]:
        facts_needed, definitions = needs(self.pack, compiled)
        names = tuple(sorted(facts_needed))
        facts = self.population.at(rows, days, names).lazy().with_columns(
            pl.Series(DAY, days.astype("datetime64[D]")).cast(pl.Date))
        key = (*names, "|", *sorted(definitions))
        program = self.programs.get(key)
        if program is None:
            program = self.programs[key] = Program(self.pack, facts.collect_schema(),
                                                   Params(self.pack, None), only=definitions)
        return program.with_definitions(facts), program

    def holds(self, condition: Condition, rows: np.ndarray, days: np.ndarray) -> np.ndarray:
        frame, program = self.frame(rows, days, [condition.when])
        value = program.value(condition.when).expr.fill_null(False)
        return frame.select(value).collect(engine=IN_MEMORY).to_series().to_numpy().astype(bool)

    def blocked(self, business: Business, rows: np.ndarray, days: np.ndarray) -> np.ndarray:
        frame, program = self.frame(rows, days, [c.when for c in business.conditions])
        day = pl.col(DAY)
        flags = []
        for c in business.conditions:
            in_force = day >= pl.lit(c.dated.since)
            if c.dated.until is not None:
                in_force = in_force & (day <= pl.lit(c.dated.until))
            flags.append(in_force & program.value(c.when).expr.not_().fill_null(False))
        if not flags:
            return np.zeros(len(rows), dtype=bool)
        found = frame.select(pl.any_horizontal(flags)).collect(engine=IN_MEMORY).to_series()
        return found.to_numpy().astype(bool)
