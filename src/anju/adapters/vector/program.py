"""A policy pack compiled for one frame: its facts, definitions and parameters as Polars values.

The per-person engine reads a fact by name, a definition by name (computed on first read) and a
parameter from ``pack.values_on(on)``. Here a fact is a column of the facts frame, a definition
a column added in dependency order, and a parameter a constant — or, when every row has its own
date (the "from when" search), a column picking the value in force on the row's date.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

import polars as pl

from anju.adapters.vector.compile import compile_polars, literal
from anju.adapters.vector.numeric import NotVectorisable, Typed, at_scale
from anju.domain.members.catalogue import FACTS
from anju.domain.policy import types as t
from anju.domain.policy.expr import Compiled
from anju.domain.policy.model import PolicyPack

DAY = "__day"
"""Column holding each row's own date when parameters are read per row."""


class Params:
    """Parameter values on ``on``, or per row on the date column :data:`DAY` (``on=None``)."""

    def __init__(self, pack: PolicyPack, on: date | None) -> None:
        self.pack = pack
        self.on = on
        self._cache: dict[str, Typed] = {}

    def __call__(self, name: str) -> Typed:
        found = self._cache.get(name)
        if found is None:
            found = self._cache[name] = self._build(name)
        return found

    def _build(self, name: str) -> Typed:
        parameter = self.pack.parameters[name]
        if self.on is not None:
            return literal(self.pack.values_on(self.on)[name], parameter.type)
        values = [literal(v.value, parameter.type) for v in parameter.values]
        if parameter.type == t.LIST:
            if len({tuple(v.value) for v in parameter.values}) > 1:
                raise NotVectorisable(f"param.{name}", "列表参数在不同日期取值不同，无法逐行取值")
            return values[-1]
        scale = max((v.scale for v in values), default=0)
        day = pl.col(DAY)
        chosen: pl.Expr | None = None
        for value, dated in zip(values, parameter.values, strict=True):
            expr = at_scale(value, scale, name) if value.is_decimal else value.expr
            chosen = (pl.when(day >= pl.lit(dated.since)).then(expr) if chosen is None
                      else pl.when(day >= pl.lit(dated.since)).then(expr).otherwise(chosen))
        if chosen is None:
            return literal(None, parameter.type)
        return Typed(chosen, parameter.type, scale)


def needs(pack: PolicyPack, compiled: Sequence[Compiled]) -> tuple[set[str], set[str]]:
    """The catalogue facts and the definitions that computing ``compiled`` reads."""
    definitions = {d.name: d for d in pack.definitions}
    facts: set[str] = set()
    used: set[str] = set()
    pending = [name for c in compiled for name in c.facts]
    while pending:
        name = pending.pop()
        if name in definitions:
            if name not in used:
                used.add(name)
                pending.extend(definitions[name].expr.facts)
        else:
            facts.add(name)
    return facts, used


class Program:
    """The pack's expressions over a frame whose columns are the catalogue facts.

    ``schema`` gives the frame's column types (the decimal scale of money facts comes from it);
    ``extra`` names further columns expressions may read (the interim facts of the
    personalisation rules), with their policy types.
    """

    def __init__(self, pack: PolicyPack, schema: Mapping[str, pl.DataType], params: Params,
                 extra: Mapping[str, str] | None = None, only: set[str] | None = None) -> None:
        self.pack = pack
        self.schema = dict(schema)
        self.params = params
        self.extra = dict(extra or {})
        self._definitions: dict[str, Typed] = {}
        self._definition_exprs: list[tuple[str, pl.Expr]] = []
        self._memo: dict[str, Typed] = {}
        for definition in pack.definitions:  # dependency order: earlier ones are columns
            if only is not None and definition.name not in only:
                continue
            value = compile_polars(definition.expr.source, self.resolve)
            self._definition_exprs.append((definition.name, value.expr.alias(definition.name)))
            self._definitions[definition.name] = Typed(pl.col(definition.name), value.kind,
                                                       value.scale)

    def resolve(self, name: str) -> Typed:
        """A fact, definition or ``param.`` name as a typed Polars value."""
        if name.startswith("param."):
            return self.params(name[len("param."):])
        found = self._definitions.get(name)
        if found is not None:
            return found
        spec = FACTS.get(name)
        kind = spec.type if spec is not None else self.extra.get(name)
        if kind is None:
            raise NotVectorisable(name, f"未知的事实：{name}")
        if name not in self.schema:
            raise NotVectorisable(name, f"事实表缺少列 {name}")
        column = self.schema[name]
        scale = column.scale if isinstance(column, pl.Decimal) and column.scale is not None else 0
        return Typed(pl.col(name), kind, scale)

    def with_definitions(self, frame: pl.LazyFrame) -> pl.LazyFrame:
        """``frame`` with the definitions added as columns, each after the ones it reads."""
        for _, expr in self._definition_exprs:
            frame = frame.with_columns(expr)
        return frame

    def pin(self, compiled: Compiled, name: str) -> pl.Expr:
        """Compute ``compiled`` once as column ``name``; later uses read that column."""
        value = self.value(compiled)
        self._memo[compiled.source] = Typed(pl.col(name), value.kind, value.scale)
        return value.expr.alias(name)

    def value(self, compiled: Compiled) -> Typed:
        """A compiled pack expression as a Polars value (shared sources compiled once)."""
        found = self._memo.get(compiled.source)
        if found is None:
            found = self._memo[compiled.source] = compile_polars(compiled.source, self.resolve)
        return found
