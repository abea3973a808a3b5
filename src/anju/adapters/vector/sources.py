"""Where a population's tables come from: a Parquet extract, or the database, by partition.

Screening partitions the population by account: a partition is a set of account holders (the
applicants) plus every relative they are linked to, since a household's facts and a relative's
route need the relatives' records too. Only the columns and rows the facts need are read
(spells up to the screening date, this year's rent withdrawals).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from datetime import date
from pathlib import Path
from typing import Any

import polars as pl
from sqlalchemy import Boolean, Date, Engine, Integer, Numeric, Select, Table, and_, or_, select

from anju.adapters.db.tables import (
    accounts,
    deposit_spells,
    depositors,
    family_links,
    homes,
    loans,
    withdrawals,
)
from anju.adapters.vector.facts import Tables
from anju.domain.errors import InputError

COLUMNS: dict[str, tuple[str, ...]] = {
    "depositors": ("id", "id_number", "name", "sex", "birth_date", "retirement_category",
                   "hukou_local", "marital_status", "children_count", "education", "phone",
                   "resident_since", "distance_km", "monthly_income", "debts_monthly",
                   "employment_status", "left_on", "critical_illness", "dibao", "total_incapacity",
                   "emigrated", "deceased_on", "fraud_ban_until"),
    "accounts": ("id", "depositor_id", "status", "balance", "base", "rate_employee",
                 "rate_employer", "opened_on", "sealed_on", "monthly_offset_signed"),
    "deposit_spells": ("account_id", "first_month", "last_month", "status"),
    "homes": ("id", "depositor_id", "in_city", "acquired_on", "area", "address"),
    "loans": ("id", "depositor_id", "co_borrower_id", "kind", "status", "principal", "balance",
              "monthly_payment", "start", "repaid_on"),
    "withdrawals": ("depositor_id", "paid_on", "business", "amount"),
    "family_links": ("depositor_id", "relative_id", "relation"),
}
"""The columns the facts read, per table."""

OPTIONAL = {"loans": ("commercial_balance", "commercial_payment")}
"""Columns read when the extract has them (a newer schema)."""

_CHUNK = 500


def _schema(table: Table, names: Sequence[str]) -> dict[str, pl.DataType]:
    """Polars types of a table's columns (money stays exact: Numeric → Decimal)."""
    schema: dict[str, pl.DataType] = {}
    for name in names:
        kind = table.c[name].type
        if isinstance(kind, Boolean):
            schema[name] = pl.Boolean()
        elif isinstance(kind, Integer):
            schema[name] = pl.Int64()
        elif isinstance(kind, Numeric):
            schema[name] = pl.Decimal(38, kind.scale or 0)
        elif isinstance(kind, Date):
            schema[name] = pl.Date()
        else:
            schema[name] = pl.String()
    return schema


_TABLES = {"depositors": depositors, "accounts": accounts, "deposit_spells": deposit_spells,
           "homes": homes, "loans": loans, "withdrawals": withdrawals,
           "family_links": family_links}


def _rent_this_year(on: date) -> pl.Expr:
    return ((pl.col("business") == "withdraw.rent") & (pl.col("paid_on") <= on)
            & (pl.col("paid_on") >= date(on.year, 1, 1)))


def read_parquet(directory: Path, on: date, ids: Sequence[int] | None = None) -> Tables:
    """The tables of a Parquet extract (``<table>.parquet``), all of them or a partition's."""
    directory = Path(directory)
    scans: dict[str, pl.LazyFrame] = {}
    for name, wanted in COLUMNS.items():
        path = directory / f"{name}.parquet"
        if not path.exists():
            raise InputError(f"数据目录 {directory} 中没有 {name}.parquet")
        scan = pl.scan_parquet(path)
        present = scan.collect_schema().names()
        missing = [c for c in wanted if c not in present]
        if missing:
            raise InputError(f"{name}.parquet 缺少列：{'、'.join(missing)}")
        extra = [c for c in OPTIONAL.get(name, ()) if c in present]
        scans[name] = scan.select(*wanted, *extra)
    scans["deposit_spells"] = scans["deposit_spells"].filter(pl.col("first_month") <= on)
    scans["withdrawals"] = scans["withdrawals"].filter(_rent_this_year(on))
    if ids is None:
        frames = pl.collect_all(list(scans.values()))
        return Tables(**dict(zip(scans, frames, strict=True)))
    applicants = pl.Series("id", list(ids), dtype=pl.Int64)
    links = scans["family_links"].filter(pl.col("depositor_id").is_in(applicants.implode())).collect()
    persons = pl.concat([applicants, links["relative_id"].alias("id")]).unique().implode()
    account_rows = scans["accounts"].filter(pl.col("depositor_id").is_in(persons)).collect()
    mine = pl.col("depositor_id").is_in(persons)
    others = pl.collect_all([
        scans["depositors"].filter(pl.col("id").is_in(persons)),
        scans["deposit_spells"].filter(pl.col("account_id").is_in(account_rows["id"].implode())),
        scans["homes"].filter(mine),
        scans["loans"].filter(mine | pl.col("co_borrower_id").is_in(persons)),
        scans["withdrawals"].filter(mine),
    ])
    return Tables(depositors=others[0], accounts=account_rows, deposit_spells=others[1],
                  homes=others[2], loans=others[3], withdrawals=others[4], family_links=links)


def account_holder_ids(directory: Path) -> pl.Series:
    """The account holders of a Parquet extract, in record-number order."""
    path = Path(directory) / "accounts.parquet"
    if not path.exists():
        raise InputError(f"数据目录 {directory} 中没有 accounts.parquet（请先运行 anju synth --parquet 或导出数据）")
    return pl.scan_parquet(path).select(
        "depositor_id").sort("depositor_id").collect().to_series()


def partitions(ids: pl.Series, size: int) -> Iterator[pl.Series]:
    """Consecutive slices of ``size`` account holders (the unit of batches and of workers)."""
    if size < 1:
        raise InputError(f"每批人数应为正整数，实际为{size}")
    for start in range(0, ids.len(), size):
        yield ids.slice(start, size)


class SqlTables:
    """The population's tables read from the database, one partition at a time."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def account_holder_ids(self) -> pl.Series:
        with self.engine.connect() as connection:
            found = connection.scalars(select(accounts.c.depositor_id).order_by(accounts.c.depositor_id))
            return pl.Series("depositor_id", list(found), dtype=pl.Int64)

    def read(self, ids: Sequence[int], on: date) -> Tables:
        """The tables of the account holders ``ids`` and their relatives, cut at ``on``."""
        applicants = list(ids)
        with self.engine.connect() as connection:
            def rows(name: str, query: Callable[[list[int]], Select[Any]], keys: list[int]) -> pl.DataFrame:
                found: list[Any] = []
                for start in range(0, len(keys), _CHUNK):
                    found.extend(connection.execute(query(keys[start:start + _CHUNK])).all())
                return pl.DataFrame([tuple(r) for r in found], orient="row",
                                    schema=_schema(_TABLES[name], COLUMNS[name]))

            links = rows("family_links", lambda k: select(
                *[family_links.c[c] for c in COLUMNS["family_links"]]).where(
                family_links.c.depositor_id.in_(k)), applicants)
            persons = sorted(set(applicants) | set(links["relative_id"].to_list()) if links.height
                             else set(applicants))
            people = rows("depositors", lambda k: select(
                *[depositors.c[c] for c in COLUMNS["depositors"]]).where(depositors.c.id.in_(k)), persons)
            account_rows = rows("accounts", lambda k: select(
                *[accounts.c[c] for c in COLUMNS["accounts"]]).where(accounts.c.depositor_id.in_(k)), persons)
            account_ids = account_rows["id"].to_list() if account_rows.height else []
            spells = rows("deposit_spells", lambda k: select(
                *[deposit_spells.c[c] for c in COLUMNS["deposit_spells"]]).where(
                deposit_spells.c.account_id.in_(k), deposit_spells.c.first_month <= on).order_by(
                deposit_spells.c.account_id, deposit_spells.c.first_month), account_ids)
            home_rows = rows("homes", lambda k: select(
                *[homes.c[c] for c in COLUMNS["homes"]]).where(homes.c.depositor_id.in_(k)), persons)
            loan_rows = rows("loans", lambda k: select(
                *[loans.c[c] for c in COLUMNS["loans"]]).where(
                or_(loans.c.depositor_id.in_(k), loans.c.co_borrower_id.in_(k))), persons)
            paid = rows("withdrawals", lambda k: select(
                *[withdrawals.c[c] for c in COLUMNS["withdrawals"]]).where(
                withdrawals.c.depositor_id.in_(k), and_(
                    withdrawals.c.business == "withdraw.rent", withdrawals.c.paid_on <= on,
                    withdrawals.c.paid_on >= date(on.year, 1, 1))), persons)
        return Tables(depositors=people, accounts=account_rows, deposit_spells=spells,
                      homes=home_rows, loans=loan_rows.unique("id", maintain_order=True),
                      withdrawals=paid, family_links=links)
