"""Screening candidates: the opportunities of :mod:`anju.domain.outreach`, column-wise.

From a population's decisions, every (depositor, business) the catalogue counts as an
opportunity, with its amount, the *personalised* channel and the Chinese notice. The channel
comes from the pack's personalisation rules (``personalisation.yaml``), compiled like every
other expression: the traits that apply to the person (elderly, far away, …) in priority order,
then the defaults — the first channel the business offers is chosen (an online channel for an
online business; the counter for counter, appointment or home service).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import polars as pl

from anju.adapters.vector.decisions import OUTCOMES, ROW, Decisions, column
from anju.adapters.vector.later import IN_MEMORY
from anju.adapters.vector.program import Params, Program
from anju.domain.members.catalogue import FACTS
from anju.domain.members.idcard import mask_phone
from anju.domain.outreach import OPPORTUNITIES, Opportunity, period_key, split_template
from anju.domain.policy.expr import compile_expr
from anju.domain.policy.model import Business, PolicyPack
from anju.services.personalisation import INTERIM_FACTS, Personaliser

CANDIDATE_SCHEMA: dict[str, pl.DataType | type[pl.DataType]] = {
    "depositor_id": pl.Int64, "name": pl.String, "phone": pl.String, "business": pl.String,
    "business_name": pl.String, "title": pl.String, "outcome": pl.String,
    "amount": pl.Decimal(38, 2), "channel": pl.String, "channel_name": pl.String,
    "period": pl.String, "message": pl.String,
}
"""The columns of a candidate list (names and phones masked: the ledger keeps the ids)."""

_VIA_COUNTER = ("counter", "appointment", "home")


def _supports(business: Business, channel: str) -> bool:
    if channel in _VIA_COUNTER:
        return "counter" in business.channels
    return channel in business.channels


class Outreach:
    """The opportunities of ``catalogue`` found in a population's decisions."""

    def __init__(self, pack: PolicyPack, catalogue: Sequence[Opportunity] = OPPORTUNITIES) -> None:
        self.pack = pack
        codes = {b.code for b in pack.businesses}
        self.catalogue = [o for o in catalogue if o.business in codes]
        self.rules = Personaliser(pack).rules
        self.centre = f"{pack.city}住房公积金管理中心"
        names = _Names(pack)
        for o in self.catalogue:  # a typo in a catalogue expression is an error up front
            if o.unused is not None:
                compile_expr(o.unused, names)
            split_template(o.message)

    def _channel(self, business: Business) -> pl.Expr:
        chosen: pl.Expr = pl.lit(business.channels[0] if business.channels else "counter")
        options = [(pl.col(f"__trait_{t.id}"), c) for t in self.rules.traits for c in t.channels]
        options += [(pl.lit(True), c) for c in self.rules.default_channels]
        for applies, channel in reversed([o for o in options if _supports(business, o[1])]):
            chosen = pl.when(applies).then(pl.lit(channel)).otherwise(chosen)
        return chosen

    def candidates(self, decisions: Decisions, facts: pl.DataFrame, contacts: pl.DataFrame,
                   on: date) -> pl.DataFrame:
        """One row per opportunity found; ``contacts`` has ``row``, ``id``, ``name``, ``phone``
        and ``distance_km`` of each row's depositor."""
        wanted = [c for o in self.catalogue if o.business in decisions.rule_ids
                  for c in (column(o.business, "outcome"), column(o.business, "amount"))]
        aligned = facts[ROW].equals(contacts[ROW]) and facts[ROW].equals(decisions.frame[ROW])
        if aligned:  # the usual case, all in row order: side by side (no copy) instead of joined
            frame = facts.hstack(contacts.drop(ROW)).hstack(decisions.frame.select(wanted)).lazy()
        else:  # lazy: only the facts the traits and "not used yet" tests read are joined
            frame = facts.lazy().join(contacts.lazy(), on=ROW, how="left")
        frame = frame.with_columns(
            distance_km=pl.col("distance_km").cast(pl.Decimal(38, 2)),
            wedding_in_days=pl.lit(None, pl.Int64), disabled=pl.lit(None, pl.Boolean))
        extra = {name: fact.type for name, fact in INTERIM_FACTS.items()}
        program = Program(self.pack, frame.collect_schema(), Params(self.pack, on), extra)
        traits = [program.value(t.when).expr.fill_null(False).alias(f"__trait_{t.id}")
                  for t in self.rules.traits]
        unused = {o.business: (pl.lit(True) if o.unused is None else
                               program.value(compile_expr(o.unused, _Names(self.pack)))
                               .expr.fill_null(False)) for o in self.catalogue}
        base = program.with_definitions(frame).select(
            ROW, "id", "name", "sex", "phone", *traits,
            *[u.alias(f"__unused_{o.business}") for o, u in
              ((o, unused[o.business]) for o in self.catalogue)], *(wanted if aligned else ()))
        if not aligned:
            base = base.join(decisions.frame.lazy().select(ROW, *wanted), on=ROW)
        base = base.collect(engine=IN_MEMORY).lazy()
        parts = []
        for o in self.catalogue:
            if o.business not in decisions.rule_ids:
                continue
            business = self.pack.business(o.business)
            codes = [OUTCOMES.index(next(x for x in OUTCOMES if x.value == v)) for v in o.outcomes]
            amount = pl.col(column(o.business, "amount")).cast(pl.Decimal(38, 2))
            channel = self._channel(business)
            names = self.rules.channels
            parts.append(base.filter(
                pl.col(column(o.business, "outcome")).is_in(codes) & pl.col(f"__unused_{o.business}")
            ).select(
                depositor_id=pl.col("id"),
                name=pl.col("name").str.slice(0, 1) + pl.lit("**"),
                phone=pl.col("phone"),
                business=pl.lit(o.business), business_name=pl.lit(business.name),
                title=pl.lit(o.title),
                outcome=pl.col(column(o.business, "outcome")).replace_strict(
                    list(range(len(OUTCOMES))), [x.value for x in OUTCOMES], return_dtype=pl.String),
                amount=amount, channel=channel,
                channel_name=channel.replace_strict(list(names), list(names.values()),
                                                    default=channel),
                period=pl.lit(period_key(o, on)),
                message=self._message(o, amount, channel, on),
            ))
        if not parts:
            return pl.DataFrame(schema=CANDIDATE_SCHEMA)
        found = pl.concat(parts).collect(engine=IN_MEMORY)  # faster than streaming here
        return found.with_columns(phone=_masked_phone(pl.col("phone"))).select(list(CANDIDATE_SCHEMA))

    def _message(self, o: Opportunity, amount: pl.Expr, channel: pl.Expr, on: date) -> pl.Expr:
        names = self.rules.channels
        values = {
            "salutation": pl.when(pl.col("name").is_null() | (pl.col("name") == ""))
            .then(pl.lit("缴存人")).otherwise(pl.col("name").str.slice(0, 1) + pl.when(
                pl.col("sex") == "male").then(pl.lit("先生")).when(pl.col("sex") == "female")
                .then(pl.lit("女士")).otherwise(pl.lit(""))),
            "amount": pl.coalesce(amount.cast(pl.String), pl.lit("（以核定为准）")),
            "year": pl.lit(str(on.year)),
            "channel": channel.replace_strict(list(names), list(names.values()), default=channel),
            "centre": pl.lit(self.centre),
        }
        pieces, placeholders = split_template(o.message)
        parts: list[pl.Expr] = []
        for i, text in enumerate(pieces):
            if text:
                parts.append(pl.lit(text))
            if i < len(placeholders):
                parts.append(values[placeholders[i]])
        return pl.concat_str(parts)


def _masked_phone(phone: pl.Expr) -> pl.Expr:
    """``mask_phone`` for every row: mobile numbers column-wise, anything unusual one by one."""
    plain = phone.str.contains(r"^1[0-9]{10}$").fill_null(False)
    return pl.when(plain).then(phone.str.slice(0, 3) + pl.lit("****") + phone.str.slice(7, 4)) \
        .otherwise(phone.map_elements(mask_phone, return_dtype=pl.String, skip_nulls=True))


class _Names:
    """What an opportunity's expression may read: the pack's facts and definitions."""

    def __init__(self, pack: PolicyPack) -> None:
        self.pack = pack

    def fact_type(self, name: str) -> str | None:
        spec = FACTS.get(name)
        return spec.type if spec else self.pack.definition_types.get(name)

    def param_type(self, name: str) -> str | None:
        parameter = self.pack.parameters.get(name)
        return parameter.type if parameter else None

    def choices(self, name: str) -> frozenset[str] | None:
        spec = FACTS.get(name)
        return spec.choices if spec else None


