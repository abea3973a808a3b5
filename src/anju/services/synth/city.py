"""The synthetic city as tables: one Polars frame per database table, same columns.

:func:`generate_city` is deterministic: the same (members, seed, as_of) gives identical frames.
Each stage draws from its own random stream (spawned from the seed), so changing one stage
never reshuffles the others.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date
from typing import Any

import numpy as np
import polars as pl
from numpy.typing import NDArray

from anju.services.synth import months as mo
from anju.services.synth.careers import DEPOSIT_STATUS, Careers, draw_careers
from anju.services.synth.employers import PEOPLE_PER_EMPLOYER, SIZES, draw_employers
from anju.services.synth.family import (
    father_of,
    link_parents,
    link_rows,
    pair_couples,
    spouse_of,
)
from anju.services.synth.housing import KINDS, LOAN_STATUS, draw_homes, draw_loans
from anju.services.synth.identity import draw_surnames, id_numbers, names, phones, region_codes
from anju.services.synth.money import (
    ACCOUNT_STATUS,
    BUSINESSES,
    CLOSED_REASONS,
    ILLNESS,
    OFFSET,
    settle,
)
from anju.services.synth.names import REGIONS, SECTORS
from anju.services.synth.people import (
    CATEGORIES,
    EDUCATION,
    MARITAL,
    STATUSES,
    Columns,
    draw_account_holders,
)

MAX_MEMBERS = 5_000_000


@dataclass(frozen=True, slots=True)
class City:
    """Every table of a synthetic city, in foreign-key order (parents first)."""

    employers: pl.DataFrame
    depositors: pl.DataFrame
    accounts: pl.DataFrame
    deposit_spells: pl.DataFrame
    homes: pl.DataFrame
    loans: pl.DataFrame
    withdrawals: pl.DataFrame
    family_links: pl.DataFrame

    def tables(self) -> dict[str, pl.DataFrame]:
        """Table name → frame, parents first."""
        return {f.name: getattr(self, f.name) for f in fields(self)}

    def counts(self) -> dict[str, int]:
        """Table name → number of rows."""
        return {name: frame.height for name, frame in self.tables().items()}


def _decimal(values: NDArray[Any], scale: int, precision: int = 14) -> pl.Series:
    """Exact decimals from integers counted in 10**-scale units (fen for money)."""
    unit = pl.lit(10**scale).cast(pl.Decimal(38, scale))
    series = pl.Series(np.asarray(values, dtype=np.int64)).cast(pl.Decimal(38, scale))
    return pl.select((series / unit).cast(pl.Decimal(precision, scale))).to_series()


def _date(values: NDArray[Any]) -> pl.Series:
    return pl.Series(np.asarray(values, dtype="datetime64[D]"))


def _labels(codes: NDArray[Any], labels: tuple[str, ...]) -> pl.Series:
    return pl.Series(list(labels)).gather(np.asarray(codes, dtype=np.int64))


def _null_where(series: pl.Series, mask: NDArray[np.bool_]) -> pl.Series:
    """The series with nulls where ``mask`` is true."""
    frame = pl.select(pl.when(pl.Series(mask)).then(None).otherwise(series))
    return frame.to_series().alias(series.name)


def _true_or_null(mask: NDArray[np.bool_]) -> pl.Series:
    """True where known true, null (unknown) elsewhere: the centre records only the facts."""
    return _null_where(pl.Series(mask), ~mask)


def _ids(index: NDArray[Any]) -> pl.Series:
    """Row index → 1-based id; -1 → null."""
    index = np.asarray(index, dtype=np.int64)
    return _null_where(pl.Series(index + 1), index < 0)


def generate_city(members: int, seed: int, as_of: date) -> City:
    """A city of ``members`` account holders (plus the family on record) on ``as_of``."""
    if not 1 <= members <= MAX_MEMBERS:
        raise ValueError(f"members must be between 1 and {MAX_MEMBERS}")
    streams = [np.random.default_rng(s) for s in np.random.SeedSequence(seed).spawn(12)]
    people = draw_account_holders(streams[0], members, as_of)
    people, couples = pair_couples(streams[1], people, as_of)
    size = len(people["age"])
    spouse = spouse_of(size, couples)
    parent_pairs = link_parents(streams[2], people, spouse)
    linked = np.bincount(parent_pairs[:, 1], minlength=size)
    people["children"] = np.maximum(people["children"], linked)
    _deaths(streams[3], people, as_of)
    employers = draw_employers(streams[4], max(20, members // PEOPLE_PER_EMPLOYER), as_of)
    careers = draw_careers(streams[5], people, employers, as_of)
    homes = draw_homes(streams[6], people, spouse, as_of)
    loans = draw_loans(streams[7], people, spouse, homes, as_of)
    accounts, withdrawals = settle(streams[8], people, careers, homes, loans, as_of)
    links = link_rows(couples, parent_pairs)
    ill_accounts = withdrawals["account"][withdrawals["business"] == ILLNESS]
    return City(
        employers=_employer_frame(employers),
        depositors=_person_frame(streams[9], people, careers, accounts, parent_pairs, ill_accounts, as_of),
        accounts=_account_frame(streams[10], careers, accounts, withdrawals),
        deposit_spells=_spell_frame(careers.spells),
        homes=_home_frame(homes),
        loans=_loan_frame(loans),
        withdrawals=_withdrawal_frame(careers, withdrawals),
        family_links=pl.DataFrame(
            {
                "id": np.arange(1, len(links["depositor"]) + 1),
                "depositor_id": links["depositor"] + 1,
                "relative_id": links["relative"] + 1,
                "relation": links["relation"].astype(str),
            }
        ),
    )


def _deaths(rng: np.random.Generator, people: Columns, on: date) -> None:
    retired = people["retired_on"].astype("datetime64[D]")
    span = (np.datetime64(on, "D") - retired).astype(np.int64)
    day = retired + (rng.random(len(span)) * np.maximum(span, 1)).astype("timedelta64[D]")
    people["deceased_on"] = np.where(people["deceased"], day, np.datetime64("NaT"))


def _employer_frame(e: Columns) -> pl.DataFrame:
    count = len(e["sector"])
    rate = _decimal(np.round(e["rate"] * 100_000), 5, 6)
    return pl.DataFrame(
        {
            "id": np.arange(1, count + 1),
            "code": pl.Series(np.arange(1, count + 1)).cast(pl.String).str.zfill(7),
            "name": pl.Series(e["name"].astype(str)),
            "sector": _labels(e["sector"], tuple(s[0] for s in SECTORS)),
            "size": _labels(e["size"], SIZES),
            "region_code": _labels(e["region"], tuple(r[0] for r in REGIONS)),
            "rate_employee": rate,
            "rate_employer": rate,
            "registered_on": _date(e["registered_on"]),
        }
    ).with_columns(code=pl.lit("J") + pl.col("code"))


def _person_frame(
    rng: np.random.Generator,
    p: Columns,
    careers: Careers,
    accounts: Columns,
    parent_pairs: NDArray[np.int64],
    ill_accounts: NDArray[np.int64],
    on: date,
) -> pl.DataFrame:
    size = len(p["age"])
    on_d = np.datetime64(on, "D")
    surname = draw_surnames(rng, size)
    father = father_of(size, parent_pairs, p["male"])
    for _ in range(3):  # grandfather → father → child: three passes settle every chain
        surname = np.where(father >= 0, surname[np.maximum(father, 0)], surname)
    name, initials = names(rng, surname, p["male"])
    base = np.full(size, np.nan)
    base[careers.holder] = accounts["base"]
    working = p["status"] <= 1
    income = np.where(np.isnan(base), rng.uniform(2500, 9000, size), base * rng.uniform(1.0, 1.3, size))
    employer = np.full(size, -1)
    employer[careers.holder] = careers.current_employer
    debts = np.where(rng.random(size) < 0.12, rng.uniform(300, 3000, size), 0.0)
    distance = np.where(
        p["moved_away"],
        rng.uniform(80, 900, size),
        np.where(p["urban"], rng.uniform(0.5, 12, size), rng.uniform(1, 25, size)),
    )
    adult = p["birth"] + np.timedelta64(18 * 365, "D")
    span = np.maximum((on_d - adult).astype(np.int64), 1)
    arrived = adult + (rng.random(size) * np.minimum(span, 15 * 365)).astype("timedelta64[D]")
    illness_rows = np.zeros(size, dtype=bool)
    illness_rows[careers.holder[ill_accounts]] = True
    unemployed = p["status"] == 2
    ban = rng.random(size) < 0.0003
    ban_until = on_d + rng.integers(30, 1095, size).astype("timedelta64[D]")
    return pl.DataFrame(
        {
            "id": np.arange(1, size + 1),
            "id_number": id_numbers(region_codes(p), p["birth"], p["male"]),
            "name": name,
            "name_initials": initials,
            "sex": pl.Series(np.where(p["male"], "male", "female")),
            "birth_date": _date(p["birth"]),
            "retirement_category": _labels(p["category"], CATEGORIES),
            "hukou_local": p["hukou_local"],
            "marital_status": _labels(p["marital"], MARITAL),
            "children_count": p["children"].astype(np.int64),
            "education": _labels(p["education"], EDUCATION),
            "phone": phones(rng, p["age"]),
            "resident_since": _date(np.where(p["hukou_local"], np.datetime64("NaT"), arrived)),
            "distance_km": _decimal(np.round(distance * 100), 2, 7),
            "monthly_income": _null_where(_decimal(np.round(np.nan_to_num(income) * 100), 2), ~working),
            "debts_monthly": _null_where(_decimal(np.round(debts * 100), 2), ~working),
            "employment_status": _labels(p["status"], STATUSES),
            "employer_id": _ids(employer),
            "left_on": _date(p["left_on"]),
            "retired_on": _date(p["retired_on"]),
            "critical_illness": _true_or_null(illness_rows),
            "dibao": _true_or_null(unemployed & (rng.random(size) < 0.02)),
            "total_incapacity": _true_or_null(unemployed & (rng.random(size) < 0.005)),
            "emigrated": _true_or_null(p["moved_away"] & (rng.random(size) < 0.02)),
            "deceased_on": _date(p["deceased_on"]),
            "fraud_ban_until": _date(np.where(ban, ban_until, np.datetime64("NaT"))),
        }
    )


def _account_frame(rng: np.random.Generator, careers: Careers, a: Columns, w: Columns) -> pl.DataFrame:
    count = len(careers.holder)
    offset = np.zeros(count, dtype=bool)
    offset[w["account"][w["business"] == OFFSET]] = True
    rate = _decimal(np.round(a["rate"] * 100_000), 5, 6)
    ids = np.arange(1, count + 1)
    return pl.DataFrame(
        {
            "id": ids,
            "depositor_id": careers.holder + 1,
            "number": "4108" + pl.Series(ids).cast(pl.String).str.zfill(8),
            "status": _labels(a["status"], ACCOUNT_STATUS),
            "balance": _decimal(a["balance"], 2),
            "base": _decimal(np.round(a["base"] * 100), 2),
            "rate_employee": rate,
            "rate_employer": rate,
            "opened_on": _date(mo.random_day(rng, careers.opened_m)),
            "sealed_on": _date(a["sealed_on"]),
            "closed_on": _date(a["closed_on"]),
            "closed_reason": _null_where(
                _labels(np.maximum(a["closed_reason"], 0), CLOSED_REASONS), a["closed_reason"] < 0
            ),
            "monthly_offset_signed": offset,
        }
    )


def _spell_frame(s: Columns) -> pl.DataFrame:
    order = np.lexsort((s["first"], s["account"]))
    return pl.DataFrame(
        {
            "id": np.arange(1, len(order) + 1),
            "account_id": s["account"][order] + 1,
            "first_month": _date(mo.first_day(s["first"][order])),
            "last_month": _date(mo.first_day(s["last"][order])),
            "status": _labels(s["status"][order], DEPOSIT_STATUS),
            "base": _decimal(np.round(s["base"][order] * 100), 2),
            "monthly_amount": _decimal(s["amount"][order], 2),
            "employer_id": _ids(s["employer"][order]),
        }
    )


def _home_frame(h: Columns) -> pl.DataFrame:
    return pl.DataFrame(
        {
            "id": np.arange(1, len(h["owner"]) + 1),
            "depositor_id": h["owner"] + 1,
            "in_city": h["in_city"],
            "acquired_on": _date(h["acquired_on"]),
            "area": _decimal(h["area_centi"], 2, 8),
            "address": h["address"],
            "property_fee_yearly": _decimal(h["fee"], 2),
        }
    )


def _loan_frame(loan: Columns) -> pl.DataFrame:
    return pl.DataFrame(
        {
            "id": np.arange(1, len(loan["home"]) + 1),
            "depositor_id": loan["owner"] + 1,
            "co_borrower_id": _ids(loan["co_borrower"]),
            "home_id": loan["home"] + 1,
            "kind": _labels(loan["kind"], KINDS),
            "status": _labels(loan["status"], LOAN_STATUS),
            "principal": _decimal(loan["principal"], 2),
            "balance": _decimal(loan["balance"], 2),
            "monthly_payment": _decimal(loan["payment"], 2),
            "rate": _decimal(np.round(loan["rate"] * 100_000), 5, 6),
            "start": _date(loan["start"]),
            "term_months": loan["term"].astype(np.int64),
            "repaid_on": _date(loan["repaid_on"]),
            "local": loan["local"],
        }
    )


def _withdrawal_frame(careers: Careers, w: Columns) -> pl.DataFrame:
    depositor = careers.holder[w["account"]] + 1
    order = np.lexsort((w["on"].astype(np.int64), depositor))
    return pl.DataFrame(
        {
            "id": np.arange(1, len(order) + 1),
            "depositor_id": depositor[order],
            "paid_on": _date(w["on"][order]),
            "business": _labels(w["business"][order], BUSINESSES),
            "amount": _decimal(w["amount"][order], 2),
        }
    )
