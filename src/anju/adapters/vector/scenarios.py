"""Scenarios as a population: facts derived per person, rules evaluated column-wise.

A list of scenarios (scenario files, the golden policy cases) has a visit, materials brought
and arbitrary family records that the depositor tables cannot hold. :class:`ScenarioFacts`
derives each scenario's facts with the per-person derivation (``facts_for``) and hands them to
:func:`~.decide.decide` as frames, so the *rules* still run through the compiled Polars
expressions: this is how the golden cases check rule parity between the two evaluators.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import numpy as np
import polars as pl

from anju.adapters.vector.numeric import dtype
from anju.domain.errors import InputError
from anju.domain.members.catalogue import FACTS
from anju.domain.policy import types as t
from anju.domain.policy.assess import facts_for
from anju.domain.policy.model import PolicyPack
from anju.domain.policy.routes import relatives
from anju.domain.scenario import Person, Scenario

SCALE = 6
"""Decimal places kept for money and decimal facts of scenarios (more is an input error)."""

_TYPES = {name: dtype(spec.type, SCALE) for name, spec in FACTS.items()}


def _frame(rows: list[dict[str, Any]]) -> pl.DataFrame:
    columns = {}
    for name, kind in _TYPES.items():
        values = [row[name] for row in rows]
        if FACTS[name].type in (t.MONEY, t.DECIMAL):
            exact = [None if v is None else Decimal(v) for v in values]
            for v in exact:
                if v is not None and v != v.quantize(Decimal(1).scaleb(-SCALE)):
                    raise InputError(f"{FACTS[name].label}的小数位数超过{SCALE}位：{v}")
            values = exact
        columns[name] = pl.Series(name, values, dtype=kind)
    return pl.DataFrame(columns)


class ScenarioFacts:
    """The scenarios' facts on ``on`` (and on later days, and of their relatives)."""

    def __init__(self, pack: PolicyPack, scenarios: Sequence[Scenario], on: date) -> None:
        self.pack, self.scenarios, self.on = pack, list(scenarios), on

    def _facts(self, scenario: Scenario, day: date, person: Person | None = None) -> dict[str, Any]:
        facts = facts_for(self.pack, scenario, day, person)
        return {name: facts[name] for name in FACTS}

    def subjects(self) -> pl.DataFrame:
        frame = _frame([self._facts(s, self.on) for s in self.scenarios])
        brought = [None if s.materials_brought is None else list(s.materials_brought)
                   for s in self.scenarios]
        return frame.with_columns(
            pl.Series("materials_brought", brought, dtype=pl.List(pl.String))).with_row_index(
            "row").with_columns(pl.col("row").cast(pl.Int64))

    def at(self, rows: np.ndarray, days: np.ndarray, names: object = None) -> pl.DataFrame:
        when = [self.on + timedelta(days=int((d - np.datetime64(self.on, "D")).astype(int)))
                for d in days]
        frame = _frame([self._facts(self.scenarios[r], d) for r, d in zip(rows, when, strict=True)])
        return frame.with_columns(pl.Series("row", rows, dtype=pl.Int64))

    def relatives(self, rows_wanted: np.ndarray | None = None, names: object = None) -> pl.DataFrame:
        rows, relations, facts = [], [], []
        wanted = None if rows_wanted is None else set(rows_wanted.tolist())
        for i, scenario in enumerate(self.scenarios):
            if wanted is not None and i not in wanted:
                continue
            for who in ("spouse", "parent", "child"):
                for person in relatives(scenario, who):
                    rows.append(i)
                    relations.append(who)
                    facts.append(self._facts(scenario, self.on, person))
        if not facts:
            return _frame([]).with_columns(row=pl.lit(None, pl.Int64),
                                           relation=pl.lit(None, pl.String))
        return _frame(facts).with_columns(pl.Series("row", rows, dtype=pl.Int64),
                                          pl.Series("relation", relations, dtype=pl.String))
