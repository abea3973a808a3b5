"""Household facts (homes, loans, spouse, withdrawals, family illness) for every applicant.

The per-person engine reads these from the scenario: the applicant and the spouse (the first
spouse link), their homes, loans and withdrawals, and the parents and children on record
(``facts._homes``, ``_loans``, ``_spouse``, ``_withdrawals``, ``_family_illness``). Here the same
is done over the tables (homes and loans in :mod:`.holdings`), with the repository's cut at the
records' date ``on``:
homes acquired and loans started after ``on`` are left out, a loan repaid after ``on`` was
still running then (balance unknown), withdrawals after ``on`` are left out.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import numpy as np
import polars as pl

from anju.adapters.vector import holdings
from anju.adapters.vector.personal import MONEY

ROW = "row"
"""The applicant's position in the applicants given (as in :mod:`.facts`)."""


def relatives(links: pl.DataFrame, applicants: pl.Series) -> pl.DataFrame:
    """(``row``, ``applicant``, ``relation``, ``relative``) as the scenario lists them: one spouse
    (the first link in record-number order), every parent and child — in no particular order
    (every use aggregates or joins them; sorting a million links cost a third of a second).
    ``row`` is the applicant's position in ``applicants``: household parts are grouped by it
    and laid out by position rather than joined back by record number."""
    keys = pl.DataFrame({"depositor_id": applicants}).with_row_index(ROW).lazy()
    mine = links.lazy().join(keys, on="depositor_id").select(
        ROW, applicant="depositor_id", relation="relation", relative="relative_id")
    spouse = mine.filter(pl.col("relation") == "spouse").group_by(ROW, "applicant").agg(
        pl.col("relative").min()).with_columns(relation=pl.lit("spouse"))
    others = mine.filter(pl.col("relation") != "spouse")
    columns = (ROW, "applicant", "relation", "relative")
    return pl.concat([spouse.select(columns), others.select(columns)]).collect()


def _couple(applicants: pl.Series, family: pl.DataFrame) -> pl.DataFrame:
    spouses = family.filter(pl.col("relation") == "spouse").select(
        ROW, person="relative", order=pl.lit(1))
    me = pl.DataFrame({"person": applicants}).with_row_index(ROW).with_columns(order=pl.lit(0))
    return pl.concat([me, spouses], how="vertical_relaxed")


def _rent(couple: pl.DataFrame, withdrawals: pl.DataFrame, on: date) -> pl.LazyFrame:
    this_year = withdrawals.lazy().filter(
        (pl.col("paid_on") <= on) & (pl.col("paid_on").dt.year() == on.year)
        & (pl.col("business") == "withdraw.rent"))
    return couple.lazy().join(this_year, left_on="person", right_on="depositor_id").group_by(
        ROW).agg(rent_sum=pl.col("amount").cast(MONEY).sum(), rent_count=pl.len())


MINE = {"my_marital": "marital_status", "my_account": "has_account_row", "my_balance": "balance",
        "my_base": "deposit_base", "my_income": "monthly_income", "my_debts": "debts_monthly",
        "my_children": "children_count", "my_ill": "critical_illness"}
"""The applicant's own columns the household facts read, and the personal-base columns they
are (added as aliases by the caller, so a relative as the subject keeps the applicant's)."""


def household_records(applicants: pl.Series, family: pl.DataFrame, homes: pl.DataFrame,
                      loans: pl.DataFrame, withdrawals: pl.DataFrame,
                      on: date) -> tuple[pl.DataFrame, list[pl.DataFrame]]:
    """The household parts that need no personal base (the caller may derive it meanwhile):
    the homes and loans in applicant order (:mod:`.holdings`), and the children and rent
    withdrawals per ``row``."""
    me = applicants.to_numpy()
    spouse = np.full(len(me), holdings.NO_ONE, dtype=np.int64)
    spouses = family.filter(pl.col("relation") == "spouse")
    spouse[spouses[ROW].to_numpy()] = spouses["relative"].to_numpy()
    in_order = pl.concat([holdings.homes(me, spouse, homes, on), holdings.loans(me, spouse, loans, on)],
                         how="horizontal")
    children = family.lazy().filter(pl.col("relation") == "child").group_by(ROW).agg(
        linked_children=pl.len())
    return in_order, pl.collect_all([children, _rent(_couple(applicants, family), withdrawals, on)])


def household_base(applicants: pl.Series, family: pl.DataFrame, people: pl.DataFrame,
                   records: tuple[pl.DataFrame, list[pl.DataFrame]]) -> pl.DataFrame:
    """The household columns of each applicant on the records' date (and rent withdrawals),
    one row per applicant in the order of ``applicants`` (the :data:`MINE` columns are not
    included): the spouse's and the family's from the personal base ``people``, the rest from
    :func:`household_records`."""
    spouse_of = family.lazy().filter(pl.col("relation") == "spouse").select(ROW, "relative")
    spouse = spouse_of.join(people.lazy(), left_on="relative", right_on="id").select(
        ROW, has_spouse=pl.lit(True), sp_account="has_account_row",
        sp_status="account_status", sp_balance="balance", sp_base="deposit_base",
        sp_income="monthly_income", sp_debts="debts_monthly")
    # the family's illness: the relatives' here, the applicant's own is ``my_ill``
    illness = family.lazy().join(people.lazy(), left_on="relative", right_on="id").group_by(
        ROW).agg(
        family_ill=(pl.col("critical_illness") == True).any(),  # noqa: E712 - null-aware
        family_ill_unknown=pl.col("critical_illness").is_null().any())
    in_order, by_row = records
    return _aligned(applicants.len(), [*pl.collect_all([spouse, illness]), *by_row]).hstack(in_order)


def _aligned(n: int, parts: list[pl.DataFrame]) -> pl.DataFrame:
    """The parts (at most one row per ``row`` each) side by side, ``n`` rows in row order.

    Each part is gathered by position (null where it has no row): joining it back by key, or
    chaining joins that copy the growing frame at every step, cost several times more."""
    laid = []
    for part in parts:
        columns = part.drop(ROW)
        if not part.height:  # nothing to place: every row unknown
            laid.append(columns.clear(n))
            continue
        where = np.full(n, -1, dtype=np.int64)
        where[part[ROW].to_numpy()] = np.arange(part.height)
        index = pl.Series(where).scatter(np.flatnonzero(where < 0), None)  # no row: null
        laid.append(columns.select(pl.all().gather(index)))
    return pl.concat(laid, how="horizontal")


def household_facts(day: pl.Expr, on: date) -> dict[str, pl.Expr]:
    """The household's facts on ``day`` (never before ``on``) from :func:`household_base`."""
    zero = pl.lit(Decimal(0), MONEY)
    my_balance = pl.when(pl.col("my_account")).then(pl.col("my_balance")).otherwise(zero)
    my_base = pl.when(pl.col("my_account")).then(pl.col("my_base")).otherwise(zero)
    sp_balance = pl.when(pl.col("sp_account")).then(pl.col("sp_balance")).otherwise(zero)
    sp_base = pl.when(pl.col("sp_account")).then(pl.col("sp_base")).otherwise(zero)
    has_spouse = pl.col("has_spouse").fill_null(False)
    married = pl.col("my_marital") == "married"
    single = married.not_().fill_null(False)  # known and not married
    unknown = pl.lit(None)

    def couple_or_single(both: pl.Expr, alone: pl.Expr) -> pl.Expr:
        return pl.when(has_spouse).then(both).when(single).then(alone).otherwise(unknown)

    homes = pl.col("homes_in_city").fill_null(0).cast(pl.Int64)
    used = pl.col("hpf_loans_used").fill_null(0).cast(pl.Int64)
    children = pl.coalesce(pl.col("my_children"), pl.col("linked_children").cast(pl.Int64))
    this_year = day.dt.year() == on.year
    mine_ill = pl.col("my_ill")
    ill_any = (mine_ill == True).fill_null(False) | pl.col("family_ill").fill_null(False)  # noqa: E712
    ill_unknown = mine_ill.is_null() | pl.col("family_ill_unknown").fill_null(False)
    return {
        "homes_in_city": homes,
        "owns_home_in_city": homes > 0,
        "home_area": pl.col("home_area").cast(pl.Decimal(38, 2)),
        "home_ordinal": pl.when(used > 0).then(pl.max_horizontal(homes + 1, 2)).otherwise(homes + 1),
        "hpf_loans_used": used,
        "hpf_loan_outstanding": pl.col("hpf_loan_outstanding").fill_null(False),
        "commercial_loan_outstanding": pl.col("commercial_loan_outstanding").fill_null(False),
        "hpf_loan_overdue": pl.col("hpf_loan_overdue").fill_null(False),
        "hpf_loan_balance": _no_loans_zero("hpf_loan_balance"),
        "hpf_loan_payment": _no_loans_zero("hpf_loan_payment"),
        "hpf_loan_repaid": pl.col("hpf_loan_repaid").fill_null(False),
        "commercial_loan_balance": _no_loans_zero("commercial_loan_balance"),
        "commercial_loan_payment": _no_loans_zero("commercial_loan_payment"),
        "children_count": children,
        "multi_child": children >= 2,
        "critical_illness": pl.when(ill_any).then(True).when(ill_unknown).then(None).otherwise(False),
        "spouse_deposits": pl.when(has_spouse).then(
            pl.col("sp_account").fill_null(False) & (pl.col("sp_status") == "active").fill_null(False))
        .when(single).then(False),
        "spouse_balance": pl.when(has_spouse).then(sp_balance).when(single).then(zero),
        "couple_balance": couple_or_single(my_balance + sp_balance, my_balance),
        "couple_base": couple_or_single(my_base + sp_base, my_base),
        "household_income": couple_or_single(pl.col("my_income") + pl.col("sp_income"),
                                             pl.col("my_income")),
        "household_debts": couple_or_single(pl.col("my_debts") + pl.col("sp_debts"),
                                            pl.col("my_debts")),
        "rent_withdrawn_this_year": pl.when(this_year).then(
            pl.col("rent_sum").fill_null(Decimal(0))).otherwise(zero).cast(MONEY),
        "rent_withdrawals_this_year": pl.when(this_year).then(
            pl.col("rent_count").fill_null(0)).otherwise(0).cast(pl.Int64),
        "purchase_withdrawn": zero,
    }


def _no_loans_zero(name: str) -> pl.Expr:
    # An applicant with no loan rows sums nothing: the total is 0, not unknown.
    return pl.when(pl.col("hpf_loans_used").is_null()).then(pl.lit(Decimal(0), MONEY)) \
        .otherwise(pl.col(name)).cast(MONEY)
