"""Use case: who this person is and how to serve them, from the pack's personalisation rules.

The rules read the same facts as the businesses (``facts_for``). A few facts the rules need are
not yet in the fact catalogue; :data:`INTERIM_FACTS` supplies them from the scenario or from
what the officer was told at the counter (:class:`Observations`). Once the catalogue has a
fact of the same name, the catalogue's value is used and the interim one is ignored.
"""

from __future__ import annotations

from collections import ChainMap
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from anju.domain.members.catalogue import FACTS
from anju.domain.policy.assess import facts_for
from anju.domain.policy.model import PolicyPack
from anju.domain.policy.personalise import Profile, Rules, parse_rules, personalise
from anju.domain.scenario import Scenario


@dataclass(frozen=True, slots=True)
class Observations:
    """What the person told the officer (or the citizen entered) that the records lack."""

    distance_km: Decimal | None = None
    """Distance from home to the hall (公里), when the records have none."""
    wedding_on: date | None = None
    """Planned wedding date (婚期)."""
    disabled: bool | None = None
    """Holds a disability certificate (残疾人证)."""


Getter = Callable[[Scenario, date, Observations], Any]


@dataclass(frozen=True, slots=True)
class InterimFact:
    """A fact the personalisation rules read that the catalogue does not have yet."""

    type: str
    label: str
    get: Getter


def _distance(s: Scenario, on: date, o: Observations) -> Any:
    return o.distance_km if o.distance_km is not None else s.applicant.distance_km


def _wedding_days(s: Scenario, on: date, o: Observations) -> Any:
    return None if o.wedding_on is None else (o.wedding_on - on).days


INTERIM_FACTS: dict[str, InterimFact] = {
    "distance_km": InterimFact("decimal", "住处距服务大厅的距离（公里）", _distance),
    "wedding_in_days": InterimFact("int", "距婚期的天数（是否近期结婚）", _wedding_days),
    "disabled": InterimFact("bool", "是否持有残疾人证", lambda s, on, o: o.disabled),
}


class _Names:
    """The pack's names for expressions, plus the interim facts."""

    def __init__(self, pack: PolicyPack) -> None:
        self.pack = pack

    def fact_type(self, name: str) -> str | None:
        spec = FACTS.get(name)
        if spec is not None:
            return spec.type
        if name in self.pack.definition_types:
            return self.pack.definition_types[name]
        interim = INTERIM_FACTS.get(name)
        return interim.type if interim else None

    def param_type(self, name: str) -> str | None:
        parameter = self.pack.parameters.get(name)
        return parameter.type if parameter else None

    def choices(self, name: str) -> frozenset[str] | None:
        spec = FACTS.get(name)
        return spec.choices if spec else None


class Personaliser:
    """The pack's personalisation rules, compiled once, applied per person."""

    def __init__(self, pack: PolicyPack) -> None:
        self.pack = pack
        self.rules: Rules = parse_rules(pack.personalisation, _Names(pack))
        self.labels: dict[str, str] = (
            {name: f.label for name, f in INTERIM_FACTS.items()}
            | dict(pack.definition_labels)
            | {name: spec.label for name, spec in FACTS.items()}
        )

    def profile(self, scenario: Scenario, on: date, observed: Observations = Observations()) -> Profile:
        """Who ``scenario``'s applicant is on ``on`` and the channel, modes and explanation."""
        facts = facts_for(self.pack, scenario, on)
        told: dict[str, Any] = {}
        if observed.distance_km is not None:
            told["distance_km"] = observed.distance_km
        if observed.disabled is not None:
            told["disabled"] = observed.disabled
        if observed.wedding_on is not None:
            told["wedding_in_days"] = (observed.wedding_on - on).days
        interim = {name: fact.get(scenario, on, observed) for name, fact in INTERIM_FACTS.items()
                   if name not in FACTS}
        merged: Mapping[str, Any] = ChainMap(told, facts, interim)
        return personalise(self.rules, merged, self.pack.values_on(on), self.labels)
