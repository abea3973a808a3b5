"""The subject's own facts (identity, profile, circumstances, account) for every person.

:func:`personal_base` turns depositor, account and spell rows into one row per person of
everything that does not change with the day; :func:`personal_facts` then gives the facts on a
day — a constant, or each row's own date — exactly as ``facts._identity``, ``_profile``,
``_circumstances`` and ``_account`` derive them from the scenario the repository builds
(``SqlDepositorRepository.scenarios_for``): the history is cut at the records' date ``on``,
accounts are this centre's (``local``), an unknown employment status means no employment.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import numpy as np
import polars as pl

from anju.adapters.vector import dates, deposits
from anju.adapters.vector.numeric import from_units
from anju.domain.errors import InputError
from anju.domain.members.idcard import WEIGHTS
from anju.domain.members.retirement import SCHEDULES

PY_SPACE = "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004" \
            "\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
"""Exactly the characters Python's ``str.strip()`` removes."""

MONEY = pl.Decimal(38, 2)

PERSONAL_COLUMNS = ("hukou_local", "marital_status", "education", "resident_since",
                    "employment_status", "left_on", "monthly_income", "debts_monthly",
                    "critical_illness", "dibao", "total_incapacity", "emigrated", "deceased_on",
                    "fraud_ban_until", "children_count")
"""Depositor columns used as they are."""


def _id_birth_and_sex(number: pl.Expr) -> tuple[pl.Expr, pl.Expr]:
    """Birth date and sex read from a valid 身份证号 (``idcard.parse_id_number``), else null."""
    text = number.str.normalize("NFKC").str.strip_chars(PY_SPACE).str.to_uppercase()
    shaped = text.str.contains(r"^[0-9]{17}[0-9X]$").fill_null(False)
    digits = [text.str.slice(i, 1).str.to_integer(strict=False) for i in range(17)]
    total = pl.sum_horizontal([d * w for d, w in zip(digits, WEIGHTS, strict=True)])
    check = pl.lit("10X98765432").str.slice(total % 11, 1)
    birth = text.str.slice(6, 8).str.to_date("%Y%m%d", strict=False)
    valid = shaped & birth.is_not_null() & (birth.dt.year() >= 1850) & (check == text.str.slice(17, 1))
    sequence = text.str.slice(14, 3).str.to_integer(strict=False)
    sex = pl.when(sequence % 2 == 1).then(pl.lit("male")).otherwise(pl.lit("female"))
    return pl.when(valid).then(birth), pl.when(valid).then(sex)


def _checked_category(people: pl.DataFrame) -> None:
    bad = people.filter(pl.col("retirement_category").is_not_null()
                        & ~pl.col("retirement_category").is_in(list(SCHEDULES)))
    if bad.height:
        raise InputError(
            "退休类别应为 male（男职工）、female_cadre（女干部）或 female_worker（女工人），"
            f"实际为“{bad['retirement_category'][0]}”（库内编号{bad['id'][0]}）")


def _monthly_deposit(base: pl.Expr, rate_employee: pl.Expr, rate_employer: pl.Expr) -> pl.Expr:
    """``(base * (ratios)).quantize(Decimal("0.01"))``: half-even to the fen, exactly. In whole
    numbers: the base in fen times the ratios in units of 10⁻⁵ is the deposit in units of
    10⁻⁷ yuan (128-bit integers: a third of the time decimal arithmetic took)."""
    fen = base.cast(pl.Decimal(38, 2)).to_physical()
    ratio = (rate_employee.cast(pl.Decimal(38, 5)) + rate_employer.cast(pl.Decimal(38, 5))).to_physical()
    units = fen * ratio
    quotient, remainder = units // 100_000, units % 100_000
    up = (remainder > 50_000) | ((remainder == 50_000) & (quotient % 2 == 1))
    return from_units(quotient + up.cast(pl.Int128), 2)


DEPOSITOR_COLUMNS = ("id", "id_number", "birth_date", "sex", "retirement_category", *PERSONAL_COLUMNS)
"""The depositor columns the personal base reads."""


def _identified(rows: pl.DataFrame) -> pl.DataFrame:
    """Birth date and sex read from the 身份证号 where either is missing and the number is valid
    (placed at those rows: the order of the rows is the population's)."""
    needs_id = (pl.col("id_number").is_not_null() & (pl.col("id_number") != "") & (
        pl.col("birth_date").is_null() | pl.col("sex").is_null())).fill_null(False)
    at = np.flatnonzero(rows.select(needs_id).to_series().to_numpy())
    if not at.size:
        return rows
    id_birth, id_sex = _id_birth_and_sex(pl.col("id_number"))
    found = rows[at].select(birth_date=pl.coalesce("birth_date", id_birth), sex=pl.coalesce("sex", id_sex))
    return rows.with_columns(rows["birth_date"].scatter(at, found["birth_date"]),
                             rows["sex"].scatter(at, found["sex"]))


def personal_base(depositors: pl.DataFrame, accounts: pl.DataFrame, summary: pl.DataFrame) -> pl.DataFrame:
    """One row per person of the day-independent inputs to their own facts, from rows already
    laid out in the population's order (:mod:`.layout`): ``depositors`` (:data:`DEPOSITOR_COLUMNS`),
    each one's ``accounts`` row (nulls where none) and that account's spell ``summary``
    (:func:`.deposits.summarise`, nulls where none). Side by side, without a join."""
    _checked_category(depositors)
    named = _identified(depositors.select(DEPOSITOR_COLUMNS)).rename({"birth_date": "birth"}).with_columns(
        category=pl.coalesce("retirement_category",
                             pl.when(pl.col("sex") == "male").then(pl.lit("male"))),
    )
    retire, flexible = dates.retirement(named["birth"], named["category"])
    own = accounts.select(
        has_account_row=pl.col("id").is_not_null(),
        account_status="status", balance=pl.col("balance").cast(MONEY),
        deposit_base=pl.col("base").cast(MONEY),
        monthly_deposit=_monthly_deposit(pl.col("base"), pl.col("rate_employee"),
                                         pl.col("rate_employer")),
        opened=dates.month_index(pl.col("opened_on")), sealed_on="sealed_on",
        monthly_offset_signed="monthly_offset_signed",
    )
    numbers = summary.select([pl.col(c).fill_null(False) for c in ("p0", "p1", "a0", "a1")]
                             + [pl.col(c).fill_null(0) for c in ("run0", "run1", "paid", "arrears")])
    parts = [dates.calendar_parts(named["birth"], "birth"),
             dates.calendar_parts(named["resident_since"], "resident"),
             dates.calendar_parts(own["sealed_on"], "sealed")]
    return named.select(
        "id", "birth", "sex", "category", retirement_date=retire, flexible_retirement_date=flexible,
    ).hstack(named.select(PERSONAL_COLUMNS)).hstack(own).hstack(numbers).hstack(
        pl.concat(parts, how="horizontal"))


def personal_facts(day: pl.Expr, on: date) -> dict[str, pl.Expr]:
    """The subject's own facts on ``day`` (never before ``on``) from :func:`personal_base`."""
    m0 = on.year * 12 + on.month - 1
    status = pl.col("employment_status")
    retire = pl.col("retirement_date")
    account = pl.col("has_account_row")
    working = status.is_in(["employed", "flexible"]).fill_null(False)
    continuing = (pl.col("account_status") == "active") & working
    continuous, arrears, total = deposits.months_on(
        dates.month_index(day), day > pl.lit(on), continuing, pl.col("opened"), m0)
    sealed = pl.when(pl.col("account_status") != "sealed").then(0).when(
        pl.col("sealed_on").is_not_null()).then(pl.max_horizontal(0, dates.months_since("sealed", day)))

    def with_account(value: pl.Expr, without: object) -> pl.Expr:
        return pl.when(account).then(value).otherwise(pl.lit(without))

    return {
        "sex": pl.col("sex"),
        "age": dates.months_since("birth", day) // 12,
        "age_months": dates.months_since("birth", day),
        "retirement_category": pl.col("category"),
        "retirement_date": retire,
        "flexible_retirement_date": pl.col("flexible_retirement_date"),
        "retired": pl.when((status == "retired").fill_null(False) | (day >= retire).fill_null(False))
        .then(True).when(retire.is_null()).then(None).otherwise(False),
        "hukou_local": pl.col("hukou_local"),
        "marital_status": pl.col("marital_status"),
        "married": pl.col("marital_status") == "married",
        "education": pl.col("education"),
        "resident_months": dates.months_since("resident", day),
        "employment_status": status,
        "labour_terminated": pl.when(status.is_null()).then(None).otherwise(
            status.is_in(["unemployed", "retired"]) | (pl.col("left_on") <= day).fill_null(False)),
        "monthly_income": pl.col("monthly_income").cast(MONEY),
        "dibao": pl.col("dibao"),
        "total_incapacity": pl.col("total_incapacity"),
        "emigrated": pl.col("emigrated"),
        "deceased": (pl.col("deceased_on") <= day).fill_null(False),
        "fraud_banned": (day <= pl.col("fraud_ban_until")).fill_null(False),
        "account_elsewhere": pl.lit(False),
        "account_elsewhere_active": pl.lit(False),
        "has_account": account,
        "account_status": pl.coalesce("account_status", pl.lit("none")),
        "balance": with_account(pl.col("balance"), Decimal(0)).cast(MONEY),
        "deposit_base": pl.col("deposit_base"),
        "monthly_deposit": pl.col("monthly_deposit"),
        "continuous_months": with_account(continuous, 0),
        "arrears_months": with_account(arrears, 0),
        "total_months": with_account(total, 0),
        "sealed_months": with_account(sealed, 0),
        "monthly_offset_signed": with_account(pl.col("monthly_offset_signed"), False),
    }
