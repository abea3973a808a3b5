"""Homes and home loans (HPF, commercial, combination) in every state.

A couple's shared home is recorded under one spouse; the other may own a home from before the
marriage. Loans follow the purchase: price from the year's price level, down payment, the
year's rate, a term the borrower's age allows, and the status on the data date (outstanding,
repaid on time or early, overdue). Shares: docs/data.md ("Homes and loans").
"""

from __future__ import annotations

from datetime import date
from typing import Any

import numpy as np
import polars as pl
from numpy.typing import NDArray

from anju.services.synth import economy as ec
from anju.services.synth import months as mo
from anju.services.synth.names import ELSEWHERE, REGIONS, ROADS, weights
from anju.services.synth.people import Columns

OWNERSHIP_BY_AGE = ((25, 0.08), (30, 0.35), (35, 0.55), (45, 0.70), (200, 0.80))
"""(below age, share owning a home): estimates."""
SECOND_HOME = 0.15
IN_CITY = (0.93, 0.70)
"""Share of first and second homes in the city."""
LOAN_SHARE = (0.35, 0.65)
"""Homes bought with a loan, before and from 2005."""
KINDS = ("hpf", "commercial", "combination")
KIND_SHARES = (0.45, 0.35, 0.20)
TERM_YEARS = (10, 15, 20, 25, 30)
TERM_SHARES = (0.10, 0.15, 0.25, 0.15, 0.35)
MATURITY_AGE = (68, 63)
"""Oldest age at the last instalment, men and women (安阳 peer, the policy pack's placeholder)."""
PREPAY_PER_YEAR, OVERDUE = 0.03, 0.015
OFFSET_SIGNED = 0.45
"""Borrowers with an outstanding HPF loan who signed the monthly offset (按月冲还贷)."""
CO_BORROWER = 0.6


def draw_homes(rng: np.random.Generator, people: Columns, spouse: NDArray[np.int64], on: date) -> Columns:
    """Homes owned; ``price`` (fen) is kept for the loans and withdrawals, not stored."""
    size = len(people["age"])
    bounds = np.array([b for b, _ in OWNERSHIP_BY_AGE])
    share = np.array([s for _, s in OWNERSHIP_BY_AGE])[np.searchsorted(bounds, people["age"], side="right")]
    share = np.where(people["marital"] == 0, share * 0.6, np.minimum(share * 1.15, 0.92))
    second_spouse = (spouse >= 0) & (spouse < np.arange(size))
    share = np.where(second_spouse, 0.15, share)
    owner = np.flatnonzero(rng.random(size) < share)
    second = (people["age"][owner] >= 35) & (rng.random(len(owner)) < SECOND_HOME)
    owner = np.concatenate([owner, owner[second]])
    which = np.r_[np.zeros(len(owner) - second.sum(), int), np.ones(second.sum(), int)]
    order = np.argsort(owner, kind="stable")
    owner, which = owner[order], which[order]
    count = len(owner)
    on_m = mo.month_of(on)
    earliest = np.maximum(mo.months_of(people["birth"][owner]) + 22 * 12, mo.month_of(date(1998, 1, 1)))
    earliest = np.minimum(earliest, on_m - 1)
    acquired_m = earliest + (rng.random(count) * (on_m - earliest)).astype(np.int64)
    in_city = rng.random(count) < np.array(IN_CITY)[which]
    area_centi = np.round(np.clip(rng.normal(105, 25, count), 40, 220) * 100).astype(np.int64)
    year = mo.years_of(acquired_m)
    price = area_centi / 100 * ec.by_year(ec.HOUSE_PRICE_PER_M2, year) * rng.uniform(0.8, 1.25, count)
    fee = np.round(area_centi / 100 * rng.uniform(0.5, 1.8, count) * 12 * 100).astype(np.int64)
    return {
        "owner": owner,
        "acquired_on": mo.random_day(rng, acquired_m),
        "in_city": in_city,
        "area_centi": area_centi,
        "fee": fee,
        "price": np.round(price * 100).astype(np.int64),
        "address": _addresses(rng, people["region"][owner], in_city),
    }


def _addresses(rng: np.random.Generator, region: NDArray[Any], in_city: NDArray[Any]) -> pl.Series:
    count = len(region)
    local = pl.Series(["焦作市" + r[1] for r in REGIONS]).gather(region)
    away = pl.Series([name for _, name in ELSEWHERE]).gather(rng.integers(0, len(ELSEWHERE), count))
    place = pl.select(pl.when(pl.Series(in_city)).then(local).otherwise(away)).to_series()
    road = pl.Series(list(ROADS)).gather(rng.integers(0, len(ROADS), count))
    number = pl.Series(rng.integers(1, 300, count)).cast(pl.String)
    building = pl.Series(rng.integers(1, 30, count)).cast(pl.String)
    unit = pl.Series(rng.integers(1, 4, count)).cast(pl.String)
    floor = pl.Series(rng.integers(1, 33, count)).cast(pl.String)
    room = pl.Series(rng.integers(1, 5, count)).cast(pl.String).str.zfill(2)
    return place + road + number + "号院" + building + "号楼" + unit + "单元" + floor + room + "室"


def draw_loans(
    rng: np.random.Generator,
    people: Columns,
    spouse: NDArray[np.int64],
    homes: Columns,
    on: date,
) -> Columns:
    """Loans for some of the homes, with status and balance on ``on``."""
    on_m = mo.month_of(on)
    acquired_m = mo.months_of(homes["acquired_on"])
    year = mo.years_of(acquired_m)
    taken = rng.random(len(year)) < np.array(LOAN_SHARE)[(year >= 2005).astype(int)]
    home = np.flatnonzero(taken)
    owner = homes["owner"][home]
    count = len(home)
    year = year[home]
    holder = people["has_account"][owner]
    kind = np.where(holder, rng.choice(3, size=count, p=weights(KIND_SHARES)), 1)
    down = rng.uniform(0.2, 0.4, count)
    total = homes["price"][home] / 100 * (1 - down)
    cap = ec.by_year(ec.HPF_LOAN_CAP, year)
    hpf_part = np.where(kind == 1, 0.0, np.minimum(total, cap))
    principal = np.where(kind == 0, hpf_part, total)
    hpf_rate = ec.by_year(ec.HPF_RATE_LONG, year)
    com_rate = ec.by_year(ec.COMMERCIAL_RATE, year)
    # A combination loan is one record here: its rate is the two parts' weighted average.
    rate = np.round((hpf_part * hpf_rate + (principal - hpf_part) * com_rate) / principal, 5)
    start = homes["acquired_on"][home] + rng.integers(0, 60, count).astype("timedelta64[D]")
    start_m = mo.months_of(start)
    age_at_start = (start_m - mo.months_of(people["birth"][owner])) // 12
    max_age = np.where(people["male"][owner], MATURITY_AGE[0], MATURITY_AGE[1])
    years = np.array(TERM_YEARS)[rng.choice(5, size=count, p=weights(TERM_SHARES))]
    term = np.maximum(np.minimum(years, max_age - age_at_start), 5) * 12
    r = rate / 12
    growth = (1 + r) ** term
    payment = principal * r * growth / (growth - 1)
    elapsed = on_m - start_m
    matured = elapsed >= term
    prepay = ~matured & (elapsed >= 12) & (rng.random(count) < 1 - (1 - PREPAY_PER_YEAR) ** (elapsed / 12))
    prepaid_at = 12 + (rng.random(count) * np.maximum(elapsed - 12, 1)).astype(np.int64)
    repaid_on = np.where(
        matured,
        mo.add_months(start, term),
        np.where(prepay, mo.add_months(start, prepaid_at), np.datetime64("NaT")),
    )
    overdue = ~matured & ~prepay & (rng.random(count) < OVERDUE)
    status = np.where(matured | prepay, 1, np.where(overdue, 2, 0))
    grown = (1 + r) ** elapsed
    balance = np.where(status == 1, 0.0, principal * grown - payment * (grown - 1) / r)
    partner = spouse[owner]
    co = (partner >= 0) & (rng.random(count) < CO_BORROWER)
    co &= (kind == 1) | people["has_account"][np.maximum(partner, 0)]
    return {
        "home": home,
        "owner": owner,
        "co_borrower": np.where(co, partner, -1),
        "kind": kind,
        "status": status,
        "principal": np.round(principal * 100).astype(np.int64),
        "balance": np.round(np.maximum(balance, 0) * 100).astype(np.int64),
        "payment": np.round(payment * 100).astype(np.int64),
        "rate": rate,
        "start": start,
        "term": term,
        "repaid_on": repaid_on,
        "local": homes["in_city"][home],
    }


LOAN_STATUS = ("outstanding", "repaid", "overdue")
