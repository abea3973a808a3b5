"""Working lives → accounts and deposit spells (job changes, gaps, back-pay, arrears).

Each account holder's career runs from the account's opening to the last deposited month and is
cut into jobs; between jobs there may be a gap (months not deposited), sometimes back-paid
later; a few employers are behind (arrears). Each job is then split at every July, when the
deposit base is adjusted (基数年度调整), so one spell has one base. Probabilities: docs/data.md.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import numpy as np
from numpy.typing import NDArray

from anju.services.synth import economy as ec
from anju.services.synth import months as mo
from anju.services.synth.names import SECTORS, weights

Columns = dict[str, Any]

HPF_START = date(1995, 1, 1)
"""Earliest account opening in the synthetic city (estimate for when the centre's accounts
became general; the national scheme spread after 1991–1994)."""

START_AGE = np.array([18, 18, 22, 25, 28])
"""Age at the first job by education (none, secondary, bachelor, master, doctor)."""

YEARS_PER_JOB = 8.0
"""Average years between job changes (estimate)."""

GAP_SHARE, BACK_PAID_SHARE, ARREARS_SHARE = 0.4, 0.15, 0.04
"""Job changes with a gap; gaps later back-paid; employed people whose employer is behind."""

FLEXIBLE_RATES = (0.05, 0.08, 0.12)
FLEXIBLE_RATE_SHARES = (0.5, 0.2, 0.3)

PAID, BACK_PAID, ARREARS = 0, 1, 2
DEPOSIT_STATUS = ("paid", "back_paid", "arrears")


@dataclass(frozen=True, slots=True)
class Careers:
    """Accounts (one per account holder) and their spells."""

    holder: NDArray[np.int64]
    """Person index of each account."""
    opened_m: NDArray[np.int64]
    last_m: NDArray[np.int64]
    """Last month deposited for (or due)."""
    current_employer: NDArray[np.int64]
    """Employer index of the current job (-1: none)."""
    spells: Columns
    """account, first, last (months), status, employer, base (yuan), amount (fen)."""


def draw_careers(rng: np.random.Generator, people: Columns, employers: Columns, on: date) -> Careers:
    """Careers of the account holders among ``people``."""
    holder = np.flatnonzero(people["has_account"])
    n = len(holder)
    on_m = mo.month_of(on)
    birth_m = mo.months_of(people["birth"][holder])
    status = people["status"][holder]
    first_job = birth_m + START_AGE[people["education"][holder]] * 12 + rng.integers(0, 36, n)
    delay = np.minimum(rng.geometric(1 / 6, n) - 1, 60)
    hpf_start = mo.month_of(HPF_START) + rng.integers(0, 96, n)
    last_m = np.select(
        [status <= 1, status == 2],
        [np.full(n, on_m - 1), mo.months_of(people["left_on"][holder])],
        mo.months_of(people["retired_on"][holder].astype("datetime64[D]")) - 1,
    )
    opened_m = np.maximum(first_job + delay, hpf_start)
    opened_m = np.minimum(opened_m, last_m - 2 - rng.integers(0, 12, n))
    jobs = _jobs(rng, opened_m, last_m, status, employers)
    spells = _spells(rng, jobs, people, holder, employers)
    last_job = np.flatnonzero(jobs["last"])
    current = np.where(status == 0, jobs["employer"][last_job], -1)
    return Careers(holder, opened_m, last_m, current, spells)


def _jobs(
    rng: np.random.Generator,
    opened: NDArray[np.int64],
    last: NDArray[np.int64],
    status: NDArray[np.int64],
    employers: Columns,
) -> Columns:
    n = len(opened)
    length = last - opened + 1
    count = 1 + np.minimum(rng.poisson(length / 12 / YEARS_PER_JOB), 5)
    owner = np.repeat(np.arange(n), count)
    block_start = np.repeat(np.cumsum(count) - count, count)
    position = np.arange(len(owner)) - block_start
    u = np.where(position == 0, -1.0, rng.random(len(owner)))
    u = u[np.lexsort((u, owner))]
    start = np.where(position == 0, opened[owner], opened[owner] + (u * length[owner]).astype(np.int64))
    is_last = np.r_[owner[1:] != owner[:-1], True]
    end = np.where(is_last, last[owner], np.r_[start[1:], 0] - 1)
    gap = np.where(
        (position > 0) & (rng.random(len(owner)) < GAP_SHARE),
        np.minimum(rng.geometric(1 / 4, len(owner)), 24),
        0,
    )
    employer = rng.choice(len(employers["weight"]), size=len(owner), p=weights(employers["weight"]))
    flexible = is_last & (status[owner] == 1)
    return {
        "owner": owner,
        "start": start,
        "end": end,
        "gap": np.minimum(gap, np.maximum(end - start, 0)),
        "employer": np.where(flexible, -1, employer),
        "last": is_last,
    }


def _spells(
    rng: np.random.Generator, jobs: Columns, people: Columns, holder: NDArray[Any], employers: Columns
) -> Columns:
    owner, start, end, gap, employer = (jobs[k] for k in ("owner", "start", "end", "gap", "employer"))
    count = len(owner)
    status = people["status"][holder][owner]
    arrears = np.where(
        jobs["last"] & (status == 0) & (rng.random(count) < ARREARS_SHARE),
        np.maximum(np.minimum(rng.integers(1, 7, count), end - start - gap), 0),
        0,
    )
    back_paid = (gap > 0) & (rng.random(count) < BACK_PAID_SHARE)
    parts = [
        (start + gap, end - arrears, PAID),
        (start, start + gap - 1, BACK_PAID),
        (end - arrears + 1, end, ARREARS),
    ]
    keep = [np.ones(count, bool), back_paid, arrears > 0]
    first = np.concatenate([p[0][k] for p, k in zip(parts, keep, strict=True)])
    last = np.concatenate([p[1][k] for p, k in zip(parts, keep, strict=True)])
    state = np.concatenate([np.full(k.sum(), p[2]) for p, k in zip(parts, keep, strict=True)])
    job = np.concatenate([np.flatnonzero(k) for k in keep])
    valid = first <= last
    first, last, state, job = first[valid], last[valid], state[valid], job[valid]
    # One spell per base year (July to June): the base is adjusted every July.
    year_of = (first - 6) // 12
    pieces = (last - 6) // 12 - year_of + 1
    row = np.repeat(np.arange(len(first)), pieces)
    base_year = year_of[row] + np.arange(len(row)) - np.repeat(np.cumsum(pieces) - pieces, pieces)
    seg_first = np.maximum(first[row], base_year * 12 + 6)
    seg_last = np.minimum(last[row], base_year * 12 + 17)
    job = job[row]
    account = owner[job]
    employer_of = employer[job]
    rate = np.where(
        employer_of >= 0,
        employers["rate"][np.maximum(employer_of, 0)],
        np.array(FLEXIBLE_RATES)[rng.choice(3, size=len(holder), p=weights(FLEXIBLE_RATE_SHARES))[account]],
    )
    factor = np.array([s[3] for s in SECTORS])[employers["sector"][np.maximum(employer_of, 0)]]
    factor = np.where(employer_of >= 0, factor, 0.8)
    skill = np.exp(rng.normal(-0.1, 0.4, len(holder)) + 0.12 * (people["education"][holder] - 1))
    calendar_year = mo.years_of(base_year * 12 + 6)
    wage = ec.by_year(ec.AVERAGE_MONTHLY_WAGE, calendar_year - 1) * skill[account] * factor
    base = np.round(np.clip(wage, ec.by_year(ec.BASE_FLOOR, calendar_year), ec.by_year(ec.BASE_CAP, calendar_year)))
    amount = 2 * np.round(base * rate * 100).astype(np.int64)
    return {
        "account": account,
        "first": seg_first,
        "last": seg_last,
        "status": state[row],
        "employer": employer_of,
        "base": base,
        "rate": rate,
        "amount": amount,
    }
