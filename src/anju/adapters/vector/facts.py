"""Every catalogue fact for a whole population, column-wise, from the depositor tables.

:class:`CityFacts` is the population's *fact source* for :mod:`.decide`: the applicants' facts
on the screening date, the facts of given rows on their own later dates (the "from when"
search), and the facts of each applicant's relatives as subjects of a relative's route (their
own identity and account, the applicant's household). The tables are the database's (a Parquet
extract has the same columns, see :mod:`anju.adapters.parquet_city`). For screening there is no
visit: every visit fact is unknown.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import date

import numpy as np
import polars as pl

from anju.adapters.vector import deposits
from anju.adapters.vector.household import (
    MINE,
    household_base,
    household_facts,
    household_records,
    relatives,
    spouses,
)
from anju.adapters.vector.layout import ABSENT, laid_out, positions
from anju.adapters.vector.numeric import dtype
from anju.adapters.vector.personal import DEPOSITOR_COLUMNS, personal_base, personal_facts
from anju.adapters.vector.program import DAY
from anju.domain.errors import InputError
from anju.domain.members.catalogue import FACTS
from anju.domain.policy import types as t

TABLES = ("depositors", "accounts", "deposit_spells", "homes", "loans", "withdrawals",
          "family_links")
"""The tables facts are derived from (employers are not needed)."""

FACT_TYPES: dict[str, pl.DataType] = {
    name: dtype(spec.type, 2 if spec.type in (t.MONEY, t.DECIMAL) else 0)
    for name, spec in FACTS.items()
}
"""The column type of every fact in a population frame (money and areas at fen scale)."""

ROW = "row"
"""The subject's position in :attr:`CityFacts.ids` (relatives carry their applicant's)."""


@dataclass(frozen=True, slots=True)
class Tables:
    """The depositor tables as Polars frames (any extra tables or columns are ignored)."""

    depositors: pl.DataFrame
    accounts: pl.DataFrame
    deposit_spells: pl.DataFrame
    homes: pl.DataFrame
    loans: pl.DataFrame
    withdrawals: pl.DataFrame
    family_links: pl.DataFrame

    @classmethod
    def of(cls, frames: Mapping[str, pl.DataFrame]) -> Tables:
        missing = [name for name in TABLES if name not in frames]
        if missing:
            raise InputError(f"缴存人数据缺少表：{'、'.join(missing)}")
        return cls(**{name: frames[name] for name in TABLES})


def _typed(facts: Mapping[str, pl.Expr], names: Sequence[str] | None = None) -> list[pl.Expr]:
    """Every catalogue fact (or those ``names``), in catalogue order, with its column type
    (visit facts unknown)."""
    return [facts[name].cast(kind).alias(name) if name in facts
            else pl.lit(None, kind).alias(name) for name, kind in FACT_TYPES.items()
            if names is None or name in names]


def _distinct(ids: pl.Series) -> pl.Series:
    """``ids`` without repeats, in first-seen order (as listed when they rise: the usual case,
    checked in a hundredth of the time of the hashing)."""
    values = ids.to_numpy() if ids.dtype.is_integer() and not ids.null_count() else None
    if values is not None and bool((values[1:] > values[:-1]).all()):
        return ids
    return ids.unique(maintain_order=True)


class CityFacts:
    """Facts of the account holders ``ids`` (default: every account holder) on ``on``.

    ``records`` is the date the tables describe (default ``on``): the repository's scenarios
    are cut there, and asking about a later ``on`` projects an active depositor's deposits
    forward, as the per-person engine does for a scenario dated ``records``.
    """

    def __init__(self, tables: Tables, on: date, ids: pl.Series | None = None,
                 records: date | None = None) -> None:
        self.on = on
        self.records = records = on if records is None else records
        if records > on:
            raise InputError(f"数据日期{records.isoformat()}晚于测算日期{on.isoformat()}")
        wanted = tables.accounts["depositor_id"] if ids is None else ids
        self.ids = _distinct(wanted).alias("applicant").cast(pl.Int64)
        self.family = relatives(tables.family_links, self.ids)
        n = self.ids.len()
        # The people are laid out in applicant order, then the relatives who are not applicants:
        # the base is then a slice of them (the applicants' rows), not a gather.
        depositor_ids = tables.depositors["id"]
        where = positions(depositor_ids, self.ids)
        if (where == ABSENT).any():
            raise InputError(f"库内没有编号为{self.ids[int(np.argmax(where == ABSENT))]}的缴存人")
        others = self.family["relative"].unique().sort()
        others = others.filter(~others.is_in(self.ids.implode()))
        found = positions(depositor_ids, others)
        where = np.concatenate([where, found[found != ABSENT]])
        persons = depositor_ids.gather(where) if where.size > n else self.ids
        depositors = laid_out(tables.depositors.select(DEPOSITOR_COLUMNS), where)
        accounts = laid_out(tables.accounts, positions(tables.accounts["depositor_id"], persons))
        spells, needed = tables.deposit_spells, accounts["id"].drop_nulls()
        if 2 * needed.len() < tables.accounts.height:  # a partition: only its accounts' spells
            spells = spells.filter(pl.col("account_id").is_in(needed.implode()))

        def people() -> pl.DataFrame:
            summary = deposits.summarise(spells, records.year * 12 + records.month - 1)
            summary = laid_out(summary, positions(summary["account_id"], accounts["id"]))
            # one piece: the columns come in the tables' chunks and the summary's, and a
            # select over columns chunked differently copies them all again, each time
            return personal_base(depositors, accounts, summary).rechunk()

        spouse = spouses(n, self.family)
        # The personal base (its spell summary a compiled loop, without the GIL) is derived
        # while the household's rent withdrawals, homes and loans, which need none of it, are
        # summed.
        with ThreadPoolExecutor(1) as pool:
            personal = pool.submit(people)
            holdings = household_records(self.ids, spouse, tables.homes, tables.loans, tables.withdrawals,
                                         records)
            # each family link's relative's row in the people (ABSENT: no record of them)
            self.relative_at = positions(persons, self.family["relative"])
            self.people = personal.result()
        house = household_base(self.ids, self.family, self.people, self.relative_at, holdings)
        # The applicants' rows come first: a slice; the household columns are in applicant
        # order already, placed beside them rather than joined.
        self.base = self.people.slice(0, n).rename({"id": "applicant"}).with_row_index(
            ROW).hstack(house).with_columns(pl.col(column).alias(mine) for mine, column in MINE.items())
        self._subjects: pl.DataFrame | None = None
        self._on_day: dict[str, pl.Expr] | None = None
        self._read: dict[tuple[str, ...] | None, list[str]] = {}
        self.contacts = laid_out(tables.depositors.select("id", "name", "phone", "distance_km"),
                                 where[:n]).with_row_index(ROW).select("id", "name", "phone", "distance_km", ROW)

    def _facts(self, frame: pl.LazyFrame, day: pl.Expr,
               names: Sequence[str] | None = None) -> pl.LazyFrame:
        exprs = personal_facts(day, self.records) | household_facts(day, self.records)
        return frame.select(pl.col(ROW), *_typed(exprs, names))

    def subjects(self) -> pl.DataFrame:
        """Each applicant's facts on ``on``: a ``row`` column and every catalogue fact."""
        if self._subjects is None:
            self._subjects = self._facts(self.base.lazy(), pl.lit(self.on)).collect()
        return self._subjects

    def at(self, rows: np.ndarray, days: np.ndarray,
           names: Sequence[str] | None = None) -> pl.LazyFrame:
        """Facts (``names``, default all) of the given rows, each on its own day (not before
        ``on``), in that order. Lazy: only what a caller goes on to read is computed."""
        if self._on_day is None:
            self._on_day = personal_facts(pl.col(DAY), self.records) | household_facts(
                pl.col(DAY), self.records)
        exprs = self._on_day
        # Only the base columns the wanted facts read are gathered (eagerly, without a query:
        # a probe of the "from when" search is a few thousand rows, and planning a gather of
        # the whole base cost several times more than the probe itself).
        key = None if names is None else tuple(names)
        columns = self._read.get(key)
        if columns is None:
            read = {root for name in (exprs if names is None else names) if name in exprs
                    for root in exprs[name].meta.root_names()}
            columns = self._read[key] = [ROW, *[c for c in self.base.columns if c in read and c != ROW]]
        frame = self.base[columns][pl.Series(rows, dtype=pl.Int64)].hstack(
            [pl.Series(DAY, days.astype("datetime64[D]")).cast(pl.Date)])
        return frame.lazy().select(pl.col(ROW), *_typed(exprs, names))

    def relatives(self, rows: np.ndarray | None = None,
                  names: Sequence[str] | None = None) -> pl.LazyFrame:
        """``row``, ``relation`` and the facts (``names``, default all) of each relative as the
        subject, on ``on`` (of the applicants at ``rows`` only, when given), in no particular
        order. Lazy, like :meth:`at`."""
        # the links of the applicants asked about whose relative has a record, by position
        kept = self.relative_at != ABSENT
        if rows is not None:
            asked = np.zeros(self.ids.len(), dtype=bool)
            asked[rows] = True
            kept &= asked[self.family[ROW].to_numpy()]
        family = self.family.filter(pl.Series(kept))
        day = pl.lit(self.on)
        exprs = personal_facts(day, self.records) | household_facts(day, self.records)
        # only the columns the wanted facts read are taken (the routes read a few facts)
        read = {root for name in (exprs if names is None else names) if name in exprs
                for root in exprs[name].meta.root_names()}
        own = self.people.select(c for c in self.people.columns if c in read and c != "id")
        personal = family.select(ROW, "relation", "relative").hstack(own[self.relative_at[kept]])
        # the household is the applicant's: taken from the applicant's row by position
        house = self.base.select(c for c in self.base.columns
                                 if c in read and c not in self.people.columns and c != ROW)
        frame = personal.hstack(house[personal[ROW]])
        return frame.lazy().select(pl.col(ROW), pl.col("relation"), *_typed(exprs, names))
