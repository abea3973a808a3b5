"""Use case: screen the whole population (免申即享) and record who is to be told what.

The population is taken a partition of account holders at a time (a *batch*): the partition's
candidates (the opportunities found by the population evaluator) are checked against the
ledger — people already told in an earlier run and people who opted out are left out — and the
rest is recorded in one transaction per batch. A run that crashed is simply run again: what its
finished batches recorded is recognised (same screening date) and listed again, not re-recorded.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Protocol

import polars as pl

from anju.domain.errors import InputError


class Ledger(Protocol):
    """Port: notifications already sent, opt-outs, and the batch writer."""

    def known(self, depositor_ids: list[int]) -> tuple[pl.DataFrame, pl.DataFrame]: ...

    def record(self, on: date, pack_version: str, rows: pl.DataFrame) -> int: ...


Evaluate = Callable[[pl.Series], pl.DataFrame]
"""A partition of account holders (their record numbers) → the candidate list for them."""

Progress = Callable[[int, int], None]
"""(account holders done, total) after each batch."""

TRIAGE = ("new", "resumed", "already", "opted_out")
"""What happened to each candidate: recorded now, recorded by an earlier try of the same run,
told in an earlier run, or opted out."""


@dataclass
class ScreeningReport:
    """What a run found and recorded."""

    on: date
    pack_version: str
    depositors: int = 0
    batches: int = 0
    listed: pl.DataFrame = field(default_factory=pl.DataFrame)
    """The notices of this run (new and resumed), one row per person and business."""
    summary: pl.DataFrame = field(default_factory=pl.DataFrame)
    """Per business: how many found, new, resumed, already told, opted out, and the amounts."""

    @property
    def notified(self) -> int:
        return self.listed.height


def triage(candidates: pl.DataFrame, notified: pl.DataFrame, opted_out: pl.DataFrame,
           on: date) -> pl.DataFrame:
    """The candidates with a ``status`` column: new, resumed, already or opted_out."""
    everything = opted_out.filter(pl.col("business").is_null()).select(
        "depositor_id", all_out=pl.lit(True)).unique()
    this = opted_out.filter(pl.col("business").is_not_null()).select(
        "depositor_id", "business", one_out=pl.lit(True)).unique()
    told = notified.select("depositor_id", "business", "period",
                           same_run=pl.col("screened_on") == on).unique(
        ["depositor_id", "business", "period"])
    marked = (candidates.join(everything, on="depositor_id", how="left")
              .join(this, on=["depositor_id", "business"], how="left")
              .join(told, on=["depositor_id", "business", "period"], how="left"))
    status = (pl.when(pl.col("same_run").fill_null(False)).then(pl.lit("resumed"))
              .when(pl.col("same_run").is_not_null()).then(pl.lit("already"))
              .when(pl.col("all_out").fill_null(False) | pl.col("one_out").fill_null(False))
              .then(pl.lit("opted_out"))
              .otherwise(pl.lit("new")))
    return marked.with_columns(status=status).drop("all_out", "one_out", "same_run")


def summarise(triaged: pl.DataFrame) -> pl.DataFrame:
    """Per business: found, new, resumed, already told, opted out, notices and their amount."""
    if triaged.height == 0:
        return pl.DataFrame(schema={"business": pl.String, "title": pl.String, "found": pl.UInt32,
                                    **{k: pl.UInt32 for k in TRIAGE}, "notices": pl.UInt32,
                                    "amount": pl.Decimal(38, 2)})
    listed = pl.col("status").is_in(["new", "resumed"])
    return triaged.group_by("business", "title", maintain_order=True).agg(
        found=pl.len(),
        **{k: (pl.col("status") == k).sum() for k in TRIAGE},
        notices=listed.sum(),
        amount=pl.when(pl.col("amount").filter(listed).is_not_null().any())
        .then(pl.col("amount").filter(listed).sum()),
    ).sort("business")


def screen(partitions: Iterable[pl.Series], evaluate: Evaluate, ledger: Ledger | None,
           on: date, pack_version: str, total: int, progress: Progress | None = None) -> ScreeningReport:
    """Screen every partition; record each batch's new notices in one transaction."""
    if total < 0:
        raise InputError("缴存人数不能为负数")
    report = ScreeningReport(on, pack_version)
    kept: list[pl.DataFrame] = []
    for ids in partitions:
        candidates = evaluate(ids)
        if ledger is not None:
            notified, opted_out = ledger.known(candidates["depositor_id"].unique().to_list())
            triaged = triage(candidates, notified, opted_out, on)
            new = triaged.filter(pl.col("status") == "new")
            if new.height:
                ledger.record(on, pack_version, new)
                report.batches += 1
        else:
            triaged = candidates.with_columns(status=pl.lit("new"))
        kept.append(triaged)
        report.depositors += ids.len()
        if progress is not None:
            progress(report.depositors, total)
    everything = pl.concat(kept) if kept else pl.DataFrame()
    report.summary = summarise(everything)
    if everything.height:
        report.listed = everything.filter(pl.col("status").is_in(["new", "resumed"]))
    return report
