"""The population evaluator as the screening service's ``evaluate``: a partition in, candidates out."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date

import polars as pl

from anju.adapters.vector.decide import decide
from anju.adapters.vector.facts import CityFacts, Tables
from anju.adapters.vector.outreach import Outreach
from anju.domain.outreach import OPPORTUNITIES, Opportunity
from anju.domain.policy.model import PolicyPack

Read = Callable[[pl.Series], Tables]
"""A partition of account holders → the tables they (and their relatives) need."""


class PopulationScreener:
    """Decide every business for a partition and list the opportunities found."""

    def __init__(self, pack: PolicyPack, on: date, read: Read,
                 catalogue: Sequence[Opportunity] = OPPORTUNITIES) -> None:
        self.pack, self.on, self.read = pack, on, read
        self.outreach = Outreach(pack, catalogue)

    def __call__(self, ids: pl.Series) -> pl.DataFrame:
        population = CityFacts(self.read(ids), self.on, ids)
        decisions = decide(self.pack, population)
        return self.outreach.candidates(decisions, population.subjects(), population.contacts,
                                        self.on)
