"""The policy pack: parameters, clauses, definitions and businesses, all dated.

Everything here is data that a centre edits in YAML; :mod:`anju.domain.policy.parse` builds these
objects and rejects a broken pack. Every dated thing has ``since`` and an optional ``until``
(inclusive); the application date picks the version in force.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from typing import Any

from anju.domain.errors import NotFound
from anju.domain.policy.expr import Compiled
from anju.domain.policy.reason import Citation

STATUSES = ("verified", "placeholder", "unverified")
REMEDY_KINDS = ("wait_until", "provide", "act", "another_way", "none")
RELATIVES = ("spouse", "parent", "child")


@dataclass(frozen=True, slots=True)
class Dated:
    """An effective-date range; ``until`` is the last day in force (None: open-ended)."""

    since: date
    until: date | None = None

    def in_force(self, on: date) -> bool:
        return self.since <= on and (self.until is None or on <= self.until)

    def overlaps(self, other: Dated) -> bool:
        return (self.until is None or other.since <= self.until) and (
            other.until is None or self.since <= other.until
        )


@dataclass(frozen=True, slots=True)
class ParamValue:
    """One dated value of a parameter, with where it comes from and how sure we are."""

    value: Any
    since: date
    source: str
    status: str


@dataclass(frozen=True, slots=True)
class Parameter:
    """A named policy figure with its history (OpenFisca-style ``values`` keyed by date)."""

    name: str
    label: str
    type: str
    values: tuple[ParamValue, ...]  # sorted by since, oldest first
    unit: str | None = None
    clause: str | None = None

    def at(self, on: date) -> ParamValue | None:
        """The value in force on ``on`` (None before the first value)."""
        found = None
        for value in self.values:
            if value.since <= on:
                found = value
            else:
                break
        return found


@dataclass(frozen=True, slots=True)
class Clause:
    """A citable piece of policy text (条款) in force over a date range."""

    id: str
    document: str
    article: str
    text: str
    status: str
    dated: Dated
    url: str | None = None

    @property
    def citation(self) -> str:
        return f"{self.document}{self.article}"


@dataclass(frozen=True, slots=True)
class Definition:
    """A named expression shared by conditions and amounts (e.g. the maximum loan term)."""

    name: str
    label: str
    expr: Compiled


@dataclass(frozen=True, slots=True)
class Remedy:
    """What would change a failed condition's answer."""

    kind: str
    hint: str = ""
    business: str | None = None  # for another_way: the business to do instead


@dataclass(frozen=True, slots=True)
class Condition:
    """One eligibility condition with its clause, message and remedy."""

    id: str
    label: str
    when: Compiled
    clause: str
    message: str
    remedy: Remedy
    dated: Dated
    requires: str | None = None  # Chinese text of the requirement when not a plain comparison


@dataclass(frozen=True, slots=True)
class Material:
    """A document in the catalogue; key materials (要件) can never be 容缺."""

    code: str
    name: str
    deferrable: bool
    data_check: str | None = None  # the data-sharing check that can replace it


@dataclass(frozen=True, slots=True)
class MaterialNeed:
    """A business's need for a material, possibly only in some cases or replaced by data."""

    code: str
    dated: Dated
    when: Compiled | None = None
    replaced_when: Compiled | None = None


@dataclass(frozen=True, slots=True)
class Limit:
    """One limit of an amount; the amount is the smallest known limit."""

    id: str
    label: str
    expr: Compiled
    clause: str | None = None


@dataclass(frozen=True, slots=True)
class Amount:
    """How a business's maximum amount is computed."""

    label: str
    limits: tuple[Limit, ...]
    rounding: str = "fen"  # fen | yuan | hundred | thousand (always down for limits)


@dataclass(frozen=True, slots=True)
class TimeLimit:
    """办结时限: days (working days) to decide, from acceptance."""

    days: int
    clause: str
    dated: Dated


@dataclass(frozen=True, slots=True)
class Business:
    """A business (业务事项) with everything needed to decide and explain it."""

    code: str
    name: str
    category: str
    dated: Dated
    clause: str
    conditions: tuple[Condition, ...]
    materials: tuple[MaterialNeed, ...]
    time_limits: tuple[TimeLimit, ...]
    channels: tuple[str, ...]
    cross_province: bool
    description: str = ""
    amount: Amount | None = None
    via: tuple[str, ...] = ()
    via_clause: str | None = None
    alternatives: tuple[str, ...] = ()
    closes_account: bool = False
    file: str = ""
    params_used: frozenset[str] = frozenset()  # through definitions too: for the 待核实 badge
    clauses_used: tuple[str, ...] = ()
    _in_force: dict[date, tuple[Condition, ...]] = field(default_factory=dict, compare=False,
                                                         repr=False)

    def conditions_on(self, on: date) -> tuple[Condition, ...]:
        """The conditions in force on ``on`` (memoised: asked for every business of every
        diagnosis, and most packs change a few times a year)."""
        found = self._in_force.get(on)
        if found is None:
            found = tuple(c for c in self.conditions if c.dated.in_force(on))
            if len(self._in_force) > 256:
                self._in_force.clear()
            self._in_force[on] = found
        return found

    def materials_on(self, on: date) -> tuple[MaterialNeed, ...]:
        return tuple(m for m in self.materials if m.dated.in_force(on))

    def time_limit_on(self, on: date) -> TimeLimit | None:
        return next((tl for tl in self.time_limits if tl.dated.in_force(on)), None)


@dataclass(frozen=True)
class PolicyPack:
    """A city's whole policy: the engine's rule set."""

    id: str
    name: str
    version: str
    city: str
    parameters: Mapping[str, Parameter]
    clauses: Mapping[str, tuple[Clause, ...]]
    definitions: tuple[Definition, ...]  # in dependency order
    businesses: tuple[Business, ...]
    materials: Mapping[str, Material]
    calendar: Mapping[str, Any] = field(default_factory=dict)
    personalisation: Mapping[str, Any] = field(default_factory=dict)
    _values_cache: dict[int, dict[str, Any]] = field(default_factory=dict, compare=False)
    _citations: dict[tuple[str, date], Citation] = field(default_factory=dict, compare=False)
    memo: dict[Any, Any] = field(default_factory=dict, compare=False)
    """Per-date results derived from the pack alone (e.g. the 待核实 list of a business)."""

    def parameter(self, name: str) -> Parameter:
        try:
            return self.parameters[name]
        except KeyError:
            raise NotFound(f"政策包中没有参数 {name}") from None

    def values_on(self, on: date) -> dict[str, Any]:
        """Every parameter's value in force on ``on`` (None where it has none yet).

        Values only change on the dates some value starts, so dates between two changes share
        one dict — the "from when" search probes many dates and must not rebuild it each time.
        """
        epoch = bisect_right(self._change_dates, on)
        cached = self._values_cache.get(epoch)
        if cached is None:
            cached = {}
            for name, param in self.parameters.items():
                found = param.at(on)
                cached[name] = None if found is None else found.value
            self._values_cache[epoch] = cached
        return cached

    @cached_property
    def _change_dates(self) -> tuple[date, ...]:
        return tuple(sorted({v.since for p in self.parameters.values() for v in p.values}))

    def clause(self, clause_id: str, on: date) -> Clause | None:
        """The version of a clause in force on ``on``, else its latest version."""
        versions = self.clauses.get(clause_id, ())
        for version in versions:
            if version.dated.in_force(on):
                return version
        return versions[-1] if versions else None

    def citation(self, clause_id: str, on: date) -> Citation:
        """The clause version in force on ``on`` as a decision cites it (memoised per date)."""
        key = (clause_id, on)
        found = self._citations.get(key)
        if found is None:
            clause = self.clause(clause_id, on)
            found = (Citation(clause.id, clause.document, clause.article, clause.text, clause.status)
                     if clause else Citation(clause_id, clause_id, "", "", "unverified"))
            if len(self._citations) > 20_000:
                self._citations.clear()
            self._citations[key] = found
        return found

    def business(self, code: str) -> Business:
        found = self._by_code.get(code)
        if found is None:
            raise NotFound(f"政策包中没有业务 {code}")
        return found

    @cached_property
    def _by_code(self) -> dict[str, Business]:
        return {b.code: b for b in self.businesses}

    @cached_property
    def definition_fns(self) -> dict[str, Any]:
        return {d.name: d.expr.fn for d in self.definitions}

    @cached_property
    def definition_types(self) -> dict[str, str]:
        return {d.name: d.expr.type for d in self.definitions}

    @cached_property
    def definition_labels(self) -> dict[str, str]:
        return {d.name: d.label for d in self.definitions}

    @cached_property
    def definition_facts(self) -> dict[str, frozenset[str]]:
        """The catalogue facts each definition reads, directly or through other definitions."""
        result: dict[str, frozenset[str]] = {}
        for d in self.definitions:  # dependency order: earlier ones are complete
            found: set[str] = set()
            for name in d.expr.facts:
                found.update(result.get(name, {name}))
            result[d.name] = frozenset(found)
        return result

    @cached_property
    def definition_params(self) -> dict[str, frozenset[str]]:
        """The parameters each definition reads, directly or through other definitions."""
        result: dict[str, frozenset[str]] = {}
        for d in self.definitions:
            found = set(d.expr.params)
            for name in d.expr.facts:
                found.update(result.get(name, ()))
            result[d.name] = frozenset(found)
        return result

    def with_values(self, overrides: Mapping[str, ParamValue]) -> PolicyPack:
        """A reform: this pack with some parameter values added, sharing everything else.

        Only the changed parameters are rebuilt (PolicyEngine's trap is rebuilding the tree).
        """
        params = dict(self.parameters)
        for name, value in overrides.items():
            old = self.parameter(name)
            kept = tuple(v for v in old.values if v.since != value.since)
            values = tuple(sorted((*kept, value), key=lambda v: v.since))
            params[name] = Parameter(old.name, old.label, old.type, values, old.unit, old.clause)
        return PolicyPack(self.id, self.name, f"{self.version}+reform", self.city, params,
                          self.clauses, self.definitions, self.businesses, self.materials,
                          self.calendar, self.personalisation)
