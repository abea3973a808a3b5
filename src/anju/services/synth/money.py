"""Withdrawals, balances and how accounts end (sealed, closed, transferred away).

The balance is what was deposited (with 1.5% yearly interest) minus what was withdrawn; a
closing withdrawal (retirement, leaving the city, death) takes the rest. Withdrawals never
exceed what the account held: when the drawn ones would, they are scaled down. Business codes
are those of the default policy pack. Shares: docs/data.md ("Withdrawals").
"""

from __future__ import annotations

from datetime import date
from typing import Any

import numpy as np
from numpy.typing import NDArray

from anju.services.synth import economy as ec
from anju.services.synth import months as mo
from anju.services.synth.careers import BACK_PAID, PAID, Careers
from anju.services.synth.people import Columns

BUSINESSES = (
    "withdraw.purchase_new", "withdraw.purchase_resale", "withdraw.repay_hpf",
    "withdraw.repay_commercial", "withdraw.monthly_offset", "withdraw.rent", "withdraw.illness",
    "withdraw.retirement", "withdraw.sealed_nonlocal", "withdraw.death",
)  # fmt: skip
(PURCHASE_NEW, PURCHASE_RESALE, REPAY_HPF, REPAY_COMMERCIAL, OFFSET, RENT, ILLNESS, RETIREMENT,
 SEALED_NONLOCAL, DEATH) = range(len(BUSINESSES))  # fmt: skip

PURCHASE_WITHDRAWAL = 0.55
REPAY_WITHDRAWAL = (0.6, 0.5)
"""Borrowers who withdraw yearly to repay an HPF (or combination) and a commercial loan."""
RENT_WITHDRAWAL, ILLNESS_WITHDRAWAL = 0.3, 0.003
TRANSFER_OUT = 0.35
"""People who moved away and transferred the account to the new city (异地转移)."""
RETIRED_CLOSED, HEIRS_CLOSED, FROZEN = 0.75, 0.6, 0.003
ACCOUNT_STATUS = ("active", "sealed", "closed", "frozen")
CLOSED_REASONS = ("transfer_out", "leave_city", "retired", "death")
ACTIVE, SEALED, CLOSED, FROZEN_STATUS = range(4)


def _rows(account: NDArray[Any], on: NDArray[Any], business: int | NDArray[Any], amount: NDArray[Any]) -> Columns:
    size = len(account)
    return {
        "account": account.astype(np.int64),
        "on": on.astype("datetime64[D]"),
        "business": np.broadcast_to(np.asarray(business, dtype=np.int64), (size,)).copy(),
        "amount": np.round(amount).astype(np.int64),
    }


def settle(
    rng: np.random.Generator,
    people: Columns,
    careers: Careers,
    homes: Columns,
    loans: Columns,
    on: date,
) -> tuple[Columns, Columns]:
    """(account columns, withdrawal columns), amounts in fen."""
    holder = careers.holder
    n = len(holder)
    on_m = mo.month_of(on)
    on_d = np.datetime64(on, "D")
    spells = careers.spells
    paid = np.isin(spells["status"], [PAID, BACK_PAID])
    months = spells["last"] - spells["first"] + 1
    growth = (1 + ec.DEPOSIT_INTEREST) ** ((on_m - (spells["first"] + spells["last"]) / 2) / 12)
    gross = np.bincount(spells["account"], weights=paid * spells["amount"] * months * growth, minlength=n)
    # The latest spell of each account: sort by (account, last month), take each block's end.
    order = np.lexsort((spells["last"], spells["account"]))
    sorted_account = spells["account"][order]
    block_end = np.r_[sorted_account[1:] != sorted_account[:-1], True]
    if block_end.sum() != n:
        raise ValueError("every account needs at least one deposit spell")
    latest = order[block_end]
    monthly = spells["amount"][latest]
    account_of = np.full(len(people["age"]), -1)
    account_of[holder] = np.arange(n)

    def saved_by(account: NDArray[Any], month: NDArray[Any]) -> NDArray[Any]:
        span = np.maximum(careers.last_m[account] - careers.opened_m[account] + 1, 1)
        share = np.clip((month - careers.opened_m[account]) / span, 0, 1)
        saved: NDArray[Any] = gross[account] * share**1.5
        return saved

    drawn = [
        _purchases(rng, homes, account_of, careers, saved_by),
        *_repayments(rng, loans, account_of, monthly, on_m),
        _rent(rng, people, homes, account_of, on_m),
        _illness(rng, n, gross, on_m),
    ]
    withdrawals = {k: np.concatenate([w[k] for w in drawn]) for k in drawn[0]}
    total = np.bincount(withdrawals["account"], weights=withdrawals["amount"], minlength=n)
    scale = np.where(total > 0.95 * gross, 0.95 * gross / np.maximum(total, 1), 1.0)
    withdrawals["amount"] = np.floor(withdrawals["amount"] * scale[withdrawals["account"]]).astype(np.int64)
    total = np.bincount(withdrawals["account"], weights=withdrawals["amount"], minlength=n)
    balance = np.round(gross - total).astype(np.int64)
    accounts, closing = _endings(rng, people, careers, balance, on_d)
    withdrawals = {k: np.concatenate([withdrawals[k], closing[k]]) for k in withdrawals}
    keep = (withdrawals["amount"] > 0) & (withdrawals["on"] <= on_d)
    withdrawals = {k: v[keep] for k, v in withdrawals.items()}
    accounts["monthly_amount"] = monthly
    accounts["base"] = spells["base"][latest]
    accounts["rate"] = spells["rate"][latest]
    return accounts, withdrawals


def _purchases(rng, homes, account_of, careers, saved_by) -> Columns:  # type: ignore[no-untyped-def]
    account = account_of[homes["owner"]]
    acquired_m = mo.months_of(homes["acquired_on"])
    ok = (account >= 0) & (rng.random(len(account)) < PURCHASE_WITHDRAWAL)
    ok &= acquired_m > careers.opened_m[np.maximum(account, 0)]
    index = np.flatnonzero(ok)
    account = account[index]
    amount = np.minimum(
        saved_by(account, acquired_m[index]) * rng.uniform(0.6, 1.0, len(index)),
        homes["price"][index] * 0.3,
    )
    business = np.where(rng.random(len(index)) < 0.7, PURCHASE_NEW, PURCHASE_RESALE)
    day = homes["acquired_on"][index] + rng.integers(10, 120, len(index)).astype("timedelta64[D]")
    return _rows(account, day, business, amount)


def _repayments(rng, loans, account_of, monthly, on_m) -> list[Columns]:  # type: ignore[no-untyped-def]
    borrower = np.where(account_of[loans["owner"]] >= 0, loans["owner"], loans["co_borrower"])
    account = np.where(borrower >= 0, account_of[np.maximum(borrower, 0)], -1)
    hpf = loans["kind"] != 1
    share = np.where(hpf, REPAY_WITHDRAWAL[0], REPAY_WITHDRAWAL[1])
    chosen = np.flatnonzero((account >= 0) & (rng.random(len(account)) < share))
    end_m = np.where(np.isnat(loans["repaid_on"][chosen]), on_m, mo.months_of(loans["repaid_on"][chosen]))
    years = np.clip((end_m - mo.months_of(loans["start"][chosen])) // 12, 0, 8)
    row = np.repeat(chosen, years)
    k = np.arange(len(row)) - np.repeat(np.cumsum(years) - years, years) + 1
    day = mo.add_months(loans["start"][row], 12 * k)
    amount = np.minimum(12 * loans["payment"][row], 12 * monthly[account[row]])
    business = np.where(hpf[row], REPAY_HPF, REPAY_COMMERCIAL)
    yearly = _rows(account[row], day, business, amount)
    # Borrowers who signed the monthly offset: the last six months, one withdrawal each.
    signed = chosen[hpf[chosen] & np.isnat(loans["repaid_on"][chosen])]
    signed = signed[rng.random(len(signed)) < 0.45]
    row = np.repeat(signed, 6)
    month = on_m - np.tile(np.arange(1, 7), len(signed))
    amount = np.minimum(loans["payment"][row], monthly[account[row]])
    offsets = _rows(account[row], mo.day_in_month(month, np.full(len(row), 20)), OFFSET, amount)
    return [yearly, offsets]


def _rent(rng, people, homes, account_of, on_m) -> Columns:  # type: ignore[no-untyped-def]
    owns = np.zeros(len(people["age"]), dtype=bool)
    owns[homes["owner"]] = True
    who = np.flatnonzero(
        (account_of >= 0) & ~owns & (people["age"] < 45) & (people["status"] <= 1)
        & (rng.random(len(owns)) < RENT_WITHDRAWAL)
    )  # fmt: skip
    quarters = rng.integers(1, 9, len(who))
    row = np.repeat(who, quarters)
    k = np.arange(len(row)) - np.repeat(np.cumsum(quarters) - quarters, quarters)
    rent = np.repeat(rng.uniform(600, 1800, len(who)), quarters)
    month = on_m - 1 - 3 * k
    amount = np.minimum(rent * 3, 6000) * 100
    return _rows(account_of[row], mo.day_in_month(month, np.full(len(row), 15)), RENT, amount)


def _illness(rng, n, gross, on_m) -> Columns:  # type: ignore[no-untyped-def]
    who = np.flatnonzero(rng.random(n) < ILLNESS_WITHDRAWAL)
    month = on_m - rng.integers(1, 60, len(who))
    amount = np.minimum(rng.uniform(1_000_000, 8_000_000, len(who)), gross[who] * 0.8)
    return _rows(who, mo.random_day(rng, month), ILLNESS, amount)


def _endings(
    rng: np.random.Generator, people: Columns, careers: Careers, balance: NDArray[Any], on_d: np.datetime64
) -> tuple[Columns, Columns]:
    holder = careers.holder
    n = len(holder)
    status = people["status"][holder]
    moved = people["moved_away"][holder]
    deceased = people["deceased_on"][holder]
    left = people["left_on"][holder]
    retired = people["retired_on"][holder]
    sealed_on = np.where(status == 2, left + rng.integers(0, 30, n).astype("timedelta64[D]"), retired)
    sealed_on = np.where(status <= 1, np.datetime64("NaT"), np.minimum(sealed_on, on_d))
    u = rng.random(n)
    transfer = (status == 2) & moved & (u < TRANSFER_OUT)
    leave_day = mo.add_months(sealed_on, 6 + rng.integers(0, 12, n))
    leave = (status == 2) & moved & ~transfer & (leave_day <= on_d)
    retire_day = retired + rng.integers(5, 90, n).astype("timedelta64[D]")
    retire = (status == 3) & np.isnat(deceased) & (u < RETIRED_CLOSED) & (retire_day <= on_d)
    heirs_day = deceased + rng.integers(30, 365, n).astype("timedelta64[D]")
    heirs = ~np.isnat(deceased) & (u < HEIRS_CLOSED) & (heirs_day <= on_d)
    transfer_day = mo.add_months(sealed_on, 1 + rng.integers(0, 12, n))
    transfer &= transfer_day <= on_d
    closed_on = np.select(
        [transfer, leave, retire, heirs],
        [transfer_day, leave_day, retire_day, heirs_day],
        np.datetime64("NaT"),
    )
    closed = ~np.isnat(closed_on)
    reason = np.select([transfer, leave, retire, heirs], [0, 1, 2, 3], -1)
    frozen = (status <= 1) & (rng.random(n) < FROZEN)
    account_status = np.where(closed, CLOSED, np.where(status >= 2, SEALED, np.where(frozen, FROZEN_STATUS, ACTIVE)))
    closing = closed & ~transfer
    business = np.select([leave, retire, heirs], [SEALED_NONLOCAL, RETIREMENT, DEATH], 0)
    index = np.flatnonzero(closing)
    rows = _rows(index, closed_on[index], business[index], balance[index])
    accounts = {
        "status": account_status,
        "balance": np.where(closed, 0, balance),
        "sealed_on": sealed_on,
        "closed_on": closed_on,
        "closed_reason": reason,
    }
    return accounts, rows
