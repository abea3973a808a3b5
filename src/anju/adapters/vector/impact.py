"""Baseline against reform over a partition: the same facts, decided under both packs.

A reform changes parameters only (``PolicyPack.with_values``), so the facts of a partition are
derived once and decided twice. Per depositor the comparison keeps what the impact report
groups by (age band, couple or single depositor, multi-child family) and what it adds up:
whether any outcome changed, the loan quota and the yearly rent withdrawal under each pack.
"""

from __future__ import annotations

from datetime import date

import polars as pl

from anju.adapters.vector.decide import decide
from anju.adapters.vector.decisions import OUTCOMES, ROW, Decisions, column
from anju.adapters.vector.facts import CityFacts
from anju.adapters.vector.program import Params, Program
from anju.adapters.vector.screen import Read
from anju.domain.policy.model import PolicyPack
from anju.domain.policy.outcome import Outcome

QUOTA = "loan.new"
"""The loan quota (可贷额度) is this business's amount."""
YEARLY = "withdraw.rent"
"""The yearly withdrawal is this business's amount (the rent withdrawal's yearly cap)."""

_OPEN = [OUTCOMES.index(o) for o in (Outcome.ELIGIBLE, Outcome.PENDING_MATERIALS,
                                      Outcome.NEEDS_INFO)]
_DOING = [OUTCOMES.index(o) for o in (Outcome.ELIGIBLE, Outcome.PENDING_MATERIALS)]
AGE_BANDS = ((30, "30岁以下"), (40, "30–39岁"), (50, "40–49岁"), (60, "50–59岁"))


AGE_BAND = pl.Enum([label for _, label in AGE_BANDS] + ["60岁及以上", "年龄未知"])
"""Age bands in their natural order (tables sort by it)."""


def _age_band(age: pl.Expr) -> pl.Expr:
    band: pl.Expr = pl.lit("60岁及以上")
    for limit, label in reversed(AGE_BANDS):
        band = pl.when(age < limit).then(pl.lit(label)).otherwise(band)
    return pl.when(age.is_null()).then(pl.lit("年龄未知")).otherwise(band).cast(AGE_BAND)


def _open_amount(decisions: Decisions, code: str, suffix: str = "") -> pl.Expr:
    """The business's amount where it is open (eligible, pending or needing information), else 0."""
    zero = pl.lit(0, pl.Decimal(38, 2))
    if code not in decisions.rule_ids:
        return zero
    amount = pl.col(column(code, "amount") + suffix).cast(pl.Decimal(38, 2)).fill_null(zero)
    return pl.when(pl.col(column(code, "outcome") + suffix).is_in(_OPEN)).then(amount).otherwise(zero)


class ReformComparison:
    """Decide a partition under the baseline and the reform and compare."""

    def __init__(self, baseline: PolicyPack, reform: PolicyPack, on: date, read: Read,
                 records: date | None = None) -> None:
        self.baseline, self.reform, self.on, self.read = baseline, reform, on, read
        self.records = records
        self.businesses: tuple[str, ...] = ()

    def __call__(self, ids: pl.Series) -> tuple[pl.DataFrame, pl.DataFrame]:
        """(one row per depositor, one row per business) for the partition ``ids``."""
        population = CityFacts(self.read(ids), self.on, ids, self.records)
        before, after = decide(self.baseline, population), decide(self.reform, population)
        facts = population.subjects()
        program = Program(self.baseline, facts.schema, Params(self.baseline, self.on))
        couple = program.resolve("couple_deposits").expr if "couple_deposits" in \
            self.baseline.definition_types else pl.col("married") & pl.col("spouse_deposits")
        codes = [c for c in before.rule_ids if c in after.rule_ids]
        self.businesses = tuple(codes)
        both = before.frame.join(after.frame, on=ROW, suffix="|reform")
        changed = [pl.col(column(c, "outcome")) != pl.col(column(c, "outcome") + "|reform")
                   for c in codes]
        people = program.with_definitions(facts.lazy()).select(
            ROW, age_band=_age_band(pl.col("age")),
            household=pl.when(couple.fill_null(False)).then(pl.lit("双方缴存")).otherwise(pl.lit("单方缴存")),
            family=pl.when(pl.col("multi_child").fill_null(False)).then(pl.lit("多子女家庭"))
            .otherwise(pl.lit("非多子女家庭")),
        ).collect()
        rows = both.lazy().join(people.lazy(), on=ROW).select(
            ROW, "age_band", "household", "family",
            changed=pl.any_horizontal(changed) if changed else pl.lit(False),
            quota_before=_open_amount(before, QUOTA),
            quota_after=_open_amount(after, QUOTA, "|reform"),
            yearly_before=_open_amount(before, YEARLY),
            yearly_after=_open_amount(after, YEARLY, "|reform"),
        ).collect().join(population.contacts.select(ROW, depositor_id="id"), on=ROW).drop(ROW)
        per_business = pl.concat([both.select(
            business=pl.lit(code),
            changed=(pl.col(column(code, "outcome")) != pl.col(column(code, "outcome") + "|reform")).sum(),
            opened=(~pl.col(column(code, "outcome")).is_in(_DOING)
                    & pl.col(column(code, "outcome") + "|reform").is_in(_DOING)).sum(),
            closed=(pl.col(column(code, "outcome")).is_in(_DOING)
                    & ~pl.col(column(code, "outcome") + "|reform").is_in(_DOING)).sum(),
            amount_before=pl.col(column(code, "amount")).cast(pl.Decimal(38, 2)).filter(
                pl.col(column(code, "outcome")).is_in(_OPEN)).sum(),
            amount_after=pl.col(column(code, "amount") + "|reform").cast(pl.Decimal(38, 2)).filter(
                pl.col(column(code, "outcome") + "|reform").is_in(_OPEN)).sum(),
        ) for code in codes])
        return rows, per_business
