"""Every business decided for every row: the per-person engine's logic, column-wise.

For each business in force, as ``evaluate._decide`` / ``_refused`` and ``routes`` decide it:

1. all conditions in force are evaluated (Kleene); a failed one sets its bit in ``failed``;
2. no failure: unknown facts or a missing key material → ``needs_info``; a missing deferrable
   material → ``eligible_pending_materials``; else ``eligible`` — each with its amount;
3. failures that are all ``wait_until``: the "from when" search (:mod:`.search`) dates each;
   when all are dated and nothing fails on the latest date → ``not_yet`` from that date;
4. otherwise, when a failed condition reads the subject's own facts, a relative the business
   allows (``via``) whose own facts meet every condition → ``another_way``;
5. else ``not_eligible`` — upgraded to ``another_way`` when an alternative business (or one a
   failed condition's remedy names) is ``eligible`` or pending;
6. a business not yet in force is ``not_yet`` from its start.
"""

from __future__ import annotations

from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import date
from functools import partial
from typing import Protocol

import numpy as np
import polars as pl

from anju.adapters.vector.decisions import OUTCOMES, ROW, Decisions, column
from anju.adapters.vector.later import IN_MEMORY, Later
from anju.adapters.vector.numeric import Typed, common, round_down
from anju.adapters.vector.program import Params, Program, needs
from anju.adapters.vector.search import candidate_offsets, date_columns, earliest_dates, no_days
from anju.domain.policy.expr import Compiled
from anju.domain.policy.model import Business, Condition, PolicyPack
from anju.domain.policy.outcome import Outcome
from anju.domain.policy.routes import reads_personal_facts

__all__ = ["Decisions", "Population", "decide"]

_E, _P, _I, _Y, _A, _N = (OUTCOMES.index(o) for o in (
    Outcome.ELIGIBLE, Outcome.PENDING_MATERIALS, Outcome.NEEDS_INFO, Outcome.NOT_YET,
    Outcome.ANOTHER_WAY, Outcome.NOT_ELIGIBLE))
_OPEN = (_E, _P)
assert (_E, _P, _I) == (0, 1, 2), "outcome codes: the open ones first (compared with <=)"
_CODE, _HARD, _ROUTE = 7, 8, 16
"""The ``|flags`` column of the main pass: the outcome code (bits 0–2), a failure that is not
a wait (bit 3), a relative worth trying (bit 4: see :func:`_stage_columns`)."""


class Population(Protocol):
    """Where the facts come from (:class:`~.facts.CityFacts`, or scenarios for the golden cases)."""

    on: date

    def subjects(self) -> pl.DataFrame:
        """``row`` and every catalogue fact on ``on`` (and, optionally, ``materials_brought``)."""
        ...

    def at(self, rows: np.ndarray, days: np.ndarray,
           names: Sequence[str] | None = None) -> pl.DataFrame | pl.LazyFrame:
        """The facts (``names``, default all) of ``rows`` (positions, may repeat), each on its own
        day, in that order."""
        ...

    def relatives(self, rows: np.ndarray | None = None,
                  names: Sequence[str] | None = None) -> pl.DataFrame | pl.LazyFrame:
        """``row``, ``relation`` and the facts (``names``, default all) of each relative (of the
        applicants at ``rows``) as the subject, on ``on``, in any order."""
        ...


@dataclass
class _Stage:
    """What step 1–2 found for one business, as NumPy arrays over the rows."""

    business: Business
    conditions: tuple[Condition, ...]
    mask: pl.Series
    """The failed conditions' bits (UInt64), kept in Polars: the main pass returns it in pieces,
    and only a few rows of it are read."""
    outcome: np.ndarray
    hard: np.ndarray
    route: np.ndarray
    """Whether a relative might meet every condition (:func:`_stage_columns`)."""
    starts: date | None = None
    """A business not in force yet: every row's ``not_yet`` date, its start."""
    dated: tuple[np.ndarray, np.ndarray] | None = None
    """The rows found ``not_yet`` by the search and the day each is eligible from (None: no
    row). Kept apart: a million-row array of days per business costs fresh pages, most of
    them never written."""


def _limit(program: Program, source: Compiled, rounding: str) -> Typed:
    """One limit of an amount: rounded down to its unit, never below zero."""
    rounded = round_down(program.value(source), rounding, source.source)
    return Typed(pl.when(rounded.expr < 0).then(pl.lit(0)).otherwise(rounded.expr),
                 rounded.kind, rounded.scale)


def _amount(limits: dict[tuple[str, str], Typed], business: Business) -> pl.Expr:
    """The smallest of the business's limits (each rounded and pinned as a column), as money."""
    spec = business.amount
    assert spec is not None
    chosen = [limits[(limit.expr.source, spec.rounding)] for limit in spec.limits]
    exprs, _, scale = common(chosen, business.code)
    return pl.min_horizontal(exprs).cast(pl.Decimal(38, max(scale, 2)))


def _materials(program: Program, business: Business, on: date, has_brought: bool) -> tuple[pl.Expr, pl.Expr]:
    key = deferred = pl.lit(False)
    if not has_brought:
        return key, deferred
    brought = pl.col("materials_brought")
    for need in business.materials:
        if not need.dated.in_force(on):
            continue
        applies = pl.lit(True) if need.when is None else program.value(need.when).expr.fill_null(True)
        replaced = (pl.lit(False) if need.replaced_when is None
                    else program.value(need.replaced_when).expr.fill_null(False))
        missing = applies & ~replaced & brought.is_not_null() & ~brought.list.contains(need.code)
        missing = missing.fill_null(False)
        if program.pack.materials[need.code].deferrable:
            deferred = deferred | missing
        else:
            key = key | missing
    return key, deferred


def _pinned(program: Program, active: list[Business], on: date, has_brought: bool
            ) -> tuple[list[list[pl.Expr]], dict[str, pl.Expr]]:
    """Every distinct condition, limit and material test computed once, as its own column
    (businesses share most of them: the loans' quota, the withdrawals' account checks), then
    each distinct rounded limit and each distinct amount (three loans have the same five
    limits). Returns the columns' steps, in order, and the amount column of each business
    that has an amount."""
    wanted: dict[str, Compiled] = {}
    for business in active:
        for c in business.conditions_on(on):
            wanted.setdefault(c.when.source, c.when)
        for limit in business.amount.limits if business.amount else ():
            wanted.setdefault(limit.expr.source, limit.expr)
        for need in business.materials if has_brought else ():
            for compiled in (need.when, need.replaced_when):
                if compiled is not None:
                    wanted.setdefault(compiled.source, compiled)
    first = [program.pin(compiled, f"__v{i}") for i, compiled in enumerate(wanted.values())]
    rounded: dict[tuple[str, str], Typed] = {}
    second: list[pl.Expr] = []
    amounts: dict[tuple[tuple[str, str], ...], str] = {}
    third: list[pl.Expr] = []
    chosen: dict[str, pl.Expr] = {}
    for business in active:
        spec = business.amount
        if spec is None:
            continue
        keys = tuple((limit.expr.source, spec.rounding) for limit in spec.limits)
        for key, limit in zip(keys, spec.limits, strict=True):
            if key not in rounded:
                value = _limit(program, limit.expr, key[1])
                name = f"__l{len(rounded)}"
                second.append(value.expr.alias(name))
                rounded[key] = Typed(pl.col(name), value.kind, value.scale)
        if keys not in amounts:
            amounts[keys] = f"__a{len(amounts)}"
            third.append(_amount(rounded, business).alias(amounts[keys]))
        chosen[business.code] = pl.col(amounts[keys])
    return [first, second, third], chosen


def _stage_columns(program: Program, business: Business, on: date, has_brought: bool,
                   amount: pl.Expr | None) -> list[pl.Expr]:
    conditions = business.conditions_on(on)
    values = [program.value(c.when).expr for c in conditions]
    failed = [v.not_().fill_null(False) for v in values]
    code = business.code

    def anyof(flags: list[pl.Expr]) -> pl.Expr:
        return pl.any_horizontal(flags) if flags else pl.lit(False)

    mask = (pl.sum_horizontal([f.cast(pl.UInt64) * (1 << i) for i, f in enumerate(failed)])
            if failed else pl.lit(0)).cast(pl.UInt64)
    key, deferred = _materials(program, business, on, has_brought)
    unknown = anyof([v.is_null() for v in values])
    outcome = (pl.when(anyof(failed)).then(pl.lit(_N, pl.Int8))
               .when(unknown | key).then(pl.lit(_I, pl.Int8))
               .when(deferred).then(pl.lit(_P, pl.Int8))
               .otherwise(pl.lit(_E, pl.Int8)))
    hard = anyof([f for f, c in zip(failed, conditions, strict=True) if c.remedy.kind != "wait_until"])
    # A relative is worth trying when a failed condition reads the subject's own facts and
    # every condition that reads none is met: the relative shares those (the household's and
    # the visit's facts), so one unmet, false or unknown, fails the relative the same way.
    own = [reads_personal_facts(program.pack, c) for c in conditions]
    shared = [v for v, mine in zip(values, own, strict=True) if not mine]
    route = anyof([f for f, mine in zip(failed, own, strict=True) if mine]) & (
        pl.all_horizontal(shared).fill_null(False) if shared else pl.lit(True))
    # one small-integer column instead of three: booleans cost a conversion each to NumPy
    flags = (outcome + hard.cast(pl.Int8) * _HARD + route.cast(pl.Int8) * _ROUTE).cast(pl.Int8)
    # a business without an amount has none in the main pass (a million nulls at 16 bytes
    # each): the result gives it a column of nulls
    return [mask.alias(column(code, "failed")), flags.alias(column(code, "flags")),
            *([] if amount is None else [amount.alias(column(code, "amount"))])]


def decide(pack: PolicyPack, population: Population) -> Decisions:
    """Decide every business of ``pack`` for every row of ``population`` on its date."""
    on = population.on
    facts = population.subjects()
    program = Program(pack, facts.schema, Params(pack, on))
    has_brought = "materials_brought" in facts.columns
    evaluated = [b for b in pack.businesses if b.dated.until is None or b.dated.until >= on]
    active = [b for b in evaluated if b.dated.since <= on]
    steps, amounts = _pinned(program, active, on, has_brought)
    columns = [c for b in active for c in _stage_columns(program, b, on, has_brought, amounts.get(b.code))]
    query = program.with_definitions(facts.lazy())
    for step in steps:
        query = query.with_columns(step)
    staged = query.select(ROW, *columns).collect()
    n = staged.height
    stages: dict[str, _Stage] = {}
    for b in evaluated:
        stages[b.code] = _stage(b, staged, on, n)
    later = Later(pack, population)
    _not_yet(stages, facts, later, on)
    _relative_routes(pack, stages, population, on)
    _alternatives(pack, stages)
    return _result(staged, stages, on, n)


def _stage(business: Business, staged: pl.DataFrame, on: date, n: int) -> _Stage:
    code = business.code
    if business.dated.since > on:
        none = np.zeros(n, dtype=bool)
        return _Stage(business, (), pl.zeros(n, pl.UInt64, eager=True), np.full(n, _Y, dtype=np.int8),
                      none, none, starts=business.dated.since)

    mask = staged[column(code, "failed")]
    flags: np.ndarray = staged[column(code, "flags")].to_numpy()
    return _Stage(business, business.conditions_on(on), mask, flags & _CODE, (flags & _HARD) != 0,
                  (flags & _ROUTE) != 0)


def _bits(stage: _Stage, condition: Condition, mask: np.ndarray) -> np.ndarray:
    """Whether ``condition`` failed, from the stage's ``mask`` of the rows at hand."""
    found: np.ndarray = (mask & np.uint64(1 << stage.conditions.index(condition))) != 0
    return found


def _not_yet(stages: dict[str, _Stage], facts: pl.DataFrame, later: Later, on: date) -> None:
    """Step 3: date the failed ``wait_until`` conditions and test the latest date."""
    # Only the rows whose every failure is a wait are searched (the search, and the test of
    # the latest date, work on those rows alone: most rows need neither).
    searching = {code: np.flatnonzero((s.outcome == _N) & ~s.hard) for code, s in stages.items()}
    masks = {code: stages[code].mask.gather(rows).to_numpy() for code, rows in searching.items()}
    wanted: dict[str, tuple[Condition, np.ndarray]] = {}
    for code, stage in stages.items():
        search = searching[code]
        for c in stage.conditions:
            if c.remedy.kind == "wait_until":
                entry = wanted.setdefault(c.when.source, (c, np.zeros(facts.height, dtype=bool)))
                entry[1][search[_bits(stage, c, masks[code])]] = True

    days = date_columns(facts)

    def searched(condition: Condition, row_mask: np.ndarray) -> np.ndarray:
        found = no_days(facts.height)
        if row_mask.any():
            rows = np.flatnonzero(row_mask)
            candidates = candidate_offsets(days[:, rows], on)
            found[rows] = earliest_dates(rows, candidates, on, partial(later.holds, condition))
        return found

    # The conditions are searched two at a time, and the latest dates tested two businesses
    # at a time: each is a series of small queries and NumPy steps that leave the other core
    # mostly idle, and they only read the population.
    with ThreadPoolExecutor(2) as pool:
        dates = dict(zip(wanted, pool.map(lambda item: searched(*item), wanted.values()), strict=True))
        tests = [(stage, *_latest(stage, searching[code], masks[code], dates))
                 for code, stage in stages.items() if searching[code].size]
        tests = [(stage, rows, latest) for stage, rows, latest in tests if rows.size]
        stopped = pool.map(lambda test: later.blocked(test[0].business, test[1], test[2]), tests)
        for (stage, rows, latest), stop in zip(tests, stopped, strict=True):
            free = ~stop
            stage.outcome[rows[free]] = _Y
            stage.dated = rows[free], latest[free]


def _latest(stage: _Stage, search: np.ndarray, mask: np.ndarray,
            dates: dict[str, np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """The rows searched (``search``, their failed bits ``mask``) whose every failed condition
    was dated, and the latest of those days for each."""
    latest = no_days(search.size)
    dated = np.ones(search.size, dtype=bool)
    for c in stage.conditions:
        bit = _bits(stage, c, mask)
        if not bit.any():
            continue  # met by every row searched: nothing to date
        found_days = dates.get(c.when.source)
        if found_days is None:
            dated &= ~bit
            continue
        day = found_days[search]
        dated &= ~(bit & np.isnat(day))
        latest = np.where(bit & ~np.isnat(day) & (np.isnat(latest) | (day > latest)), day, latest)
    return search[dated], latest[dated]


def _relative_routes(pack: PolicyPack, stages: dict[str, _Stage], population: Population,
                     on: date) -> None:
    """Step 4: a relative whose own facts meet every condition. Only the rows where a relative
    is worth trying are tried, and only on the conditions reading the subject's own facts: the
    others are met by the applicant, so by the relative too."""
    needing = {code: (s.outcome == _N) & s.route for code, s in stages.items()
               if s.business.via}
    if not any(m.any() for m in needing.values()):
        return
    rows = np.flatnonzero(np.logical_or.reduce([m for m in needing.values()]))
    own = {code: [c for c in stages[code].conditions if reads_personal_facts(pack, c)] for code in needing}
    # only the facts and definitions those conditions read are derived for the relatives
    facts_needed, definitions = needs(pack, [c.when for conditions in own.values() for c in conditions])
    relatives = population.relatives(rows, sorted(facts_needed)).lazy()
    program = Program(pack, relatives.collect_schema(), Params(pack, on), only=definitions)
    checks = []
    for code, stage in stages.items():
        if code not in needing:
            continue
        values = [program.value(c.when).expr.fill_null(False) for c in own[code]]
        ok = pl.all_horizontal(values) if values else pl.lit(True)
        allowed = pl.col("relation").is_in(list(stage.business.via))
        checks.append((ok & allowed).fill_null(False).alias(code))
    routes = program.with_definitions(relatives).select(ROW, *checks).collect(engine=IN_MEMORY)
    row_index = routes[ROW].to_numpy()
    for code, rows_mask in needing.items():
        # any relative of the row will do: its row marked by position, not grouped
        has = np.zeros(len(rows_mask), dtype=bool)
        has[row_index[routes[code].to_numpy()]] = True
        stages[code].outcome[rows_mask & has] = _A


def _alternatives(pack: PolicyPack, stages: dict[str, _Stage]) -> None:
    """Step 5: ``not_eligible`` → ``another_way`` when an alternative business is open."""
    before = {code: s.outcome.copy() for code, s in stages.items()}

    def open_(code: str) -> np.ndarray | None:
        outcome = before.get(code)
        return None if outcome is None else outcome <= _P

    for stage in stages.values():
        refused = before[stage.business.code] == _N
        if not refused.any():
            continue
        route = np.zeros(len(refused), dtype=bool)
        mask: np.ndarray | None = None
        for code in stage.business.alternatives:
            found = open_(code)
            if found is not None:
                route |= found
        for c in stage.business.conditions:
            found = open_(c.remedy.business) if c.remedy.business else None
            if found is None:
                continue
            same = [x for x in stage.conditions if x.id == c.id]
            if same:
                mask = stage.mask.to_numpy() if mask is None else mask
                route |= _bits(stage, same[0], mask) & found
        stage.outcome[refused & route] = _A


def _result(staged: pl.DataFrame, stages: dict[str, _Stage], on: date, n: int) -> Decisions:
    arrays: dict[str, np.ndarray | pl.Series] = {}
    rule_ids: dict[str, tuple[str, ...]] = {}
    decided: list[pl.Expr] = [pl.col(ROW)]
    amounts: list[pl.Expr] = []
    for code, stage in stages.items():
        outcome, failed, since = (column(code, part) for part in ("outcome", "failed", "from"))
        arrays[outcome] = stage.outcome.view(np.uint8)  # the codes are small and non-negative
        arrays[failed] = stage.mask
        if stage.starts is not None:
            dated, day = pl.lit(True), pl.lit(stage.starts, pl.Date)
        elif stage.dated is None:
            dated, day = pl.lit(False), pl.lit(None, pl.Date)
        else:  # the days placed at their rows in a column of nulls (Polars reuses its memory)
            rows, days = stage.dated
            arrays[since] = pl.Series(since, [None], pl.Date).extend_constant(None, n - 1).scatter(
                rows, pl.Series(days.view(np.int64)).cast(pl.Int32).cast(pl.Date))
            dated, day = pl.col(since).is_not_null(), pl.col(since)
        decided += [pl.col(outcome), pl.col(failed), day.alias(since)]
        rule_ids[code] = tuple(c.id for c in stage.conditions)
        name = column(code, "amount")
        if name in staged.columns:  # the amount only where the outcome carries one
            carries = (pl.col(outcome) <= _I) | ((pl.col(outcome) == _Y) & dated)
            amounts.append(pl.when(carries).then(pl.col(name)).alias(name))
        else:
            amounts.append(pl.lit(None, pl.Decimal(38, 2)).alias(name))
    money = [c for c in staged.columns if c == ROW or c.endswith("|amount")]
    # Lazily, with the streaming engine: the main pass's columns come in its pieces, the
    # arrays in one, and an eager select (or the in-memory engine) would copy every column
    # into one piece — three quarters of a gigabyte of fresh pages.
    frame = staged[money].hstack(pl.DataFrame(arrays)).lazy().select(*decided, *amounts).collect()
    return Decisions(on, frame, rule_ids)
