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
from anju.adapters.vector.layout import ABSENT, index_of, positions
from anju.adapters.vector.personal import MONEY

ROW = "row"
"""The applicant's position in the applicants given (as in :mod:`.facts`)."""


def relatives(links: pl.DataFrame, applicants: pl.Series) -> pl.DataFrame:
    """(``row``, ``applicant``, ``relation``, ``relative``) as the scenario lists them: one spouse
    (the first link in record-number order), every parent and child — in no particular order
    (every use aggregates or places them; sorting a million links cost a third of a second).
    ``row`` is the applicant's position in ``applicants``: household parts are grouped by it
    and laid out by position rather than joined back by record number."""
    at = positions(applicants, links["depositor_id"])
    mine = links.select(applicant="depositor_id", relation="relation", relative="relative_id").with_columns(
        pl.Series(ROW, at)).filter(pl.Series(at != ABSENT)).with_columns(pl.col(ROW).cast(pl.UInt32))
    spouse = pl.col("relation") == "spouse"
    first = mine.filter(spouse)
    if first.height and np.bincount(first[ROW].to_numpy()).max() > 1:  # a second spouse on record
        first = first.group_by(ROW, "applicant").agg(pl.col("relative").min(), pl.col("relation").first())
    columns = (ROW, "applicant", "relation", "relative")
    return pl.concat([first.select(columns), mine.filter(~spouse).select(columns)])


def household_records(applicants: pl.Series, spouse: np.ndarray, homes: pl.DataFrame,
                      loans: pl.DataFrame, withdrawals: pl.DataFrame, on: date) -> pl.DataFrame:
    """The couple's rent withdrawals this year, homes and loans (:mod:`.holdings`), in applicant
    order: the part that needs no personal base (the caller may derive that meanwhile).
    ``spouse``: :func:`spouses`."""
    me = applicants.to_numpy()
    return pl.concat([_rent(applicants, spouse, withdrawals, on), holdings.homes(me, spouse, homes, on),
                      holdings.loans(me, spouse, loans, on)], how="horizontal")


def spouses(n: int, family: pl.DataFrame) -> np.ndarray:
    """Each applicant's spouse (:data:`holdings.NO_ONE`: none), by row."""
    spouse = np.full(n, holdings.NO_ONE, dtype=np.int64)
    links = family.filter(pl.col("relation") == "spouse")
    spouse[links[ROW].to_numpy()] = links["relative"].to_numpy()
    return spouse


def household_base(applicants: pl.Series, family: pl.DataFrame, people: pl.DataFrame,
                   at: np.ndarray, records: pl.DataFrame) -> pl.DataFrame:
    """The household columns of each applicant, one row per applicant in the order of
    ``applicants`` (the :data:`MINE` columns are not included): the spouse's and the family's
    from the personal base ``people``, rent withdrawals, homes and loans from
    :func:`household_records`. Every part is placed by position (``at``: each link's relative's
    row in ``people``, and the applicant's row): no join, no grouping."""
    n = applicants.len()
    rows = family[ROW].to_numpy()
    found = at != ABSENT
    # the spouse: their own columns, where the spouse has a record
    spouse_at = np.full(n, ABSENT, dtype=np.int64)
    is_spouse = (family["relation"] == "spouse").to_numpy()
    spouse_at[rows[is_spouse]] = at[is_spouse]
    spouse_part = _gathered(people.select(
        has_spouse=pl.lit(True), sp_account="has_account_row", sp_status="account_status",
        sp_balance="balance", sp_base="deposit_base", sp_income="monthly_income",
        sp_debts="debts_monthly"), spouse_at)
    # the family's illness (the relatives' here, the applicant's own is ``my_ill``) and children
    ill = people["critical_illness"].gather(at[found])
    listed = np.bincount(rows[found], minlength=n) > 0
    sick = np.bincount(rows[found][(ill == True).fill_null(False).to_numpy()], minlength=n) > 0  # noqa: E712
    unknown = np.bincount(rows[found][ill.is_null().to_numpy()], minlength=n) > 0
    children = np.bincount(rows[(family["relation"] == "child").to_numpy()], minlength=n)
    family_part = pl.DataFrame({"linked_children": pl.Series(children, dtype=pl.UInt32),
                                "family_ill": sick, "family_ill_unknown": unknown}).select(
        pl.when(pl.col("linked_children") > 0).then("linked_children").alias("linked_children"),
        *[pl.when(pl.Series(listed)).then(c).alias(c) for c in ("family_ill", "family_ill_unknown")])
    return pl.concat([spouse_part, family_part, records], how="horizontal")


def _gathered(frame: pl.DataFrame, at: np.ndarray) -> pl.DataFrame:
    """The rows of ``frame`` at positions ``at`` (:data:`ABSENT`: a row of nulls)."""
    return frame.select(pl.all().gather(index_of(at)))


def _rent(applicants: pl.Series, spouse: np.ndarray, withdrawals: pl.DataFrame, on: date) -> pl.DataFrame:
    """``rent_sum`` and ``rent_count``: the couple's rent withdrawals this year up to ``on``
    (the applicant's and the spouse's; both unknown when neither has any)."""
    this_year = withdrawals.lazy().filter(
        (pl.col("paid_on") <= on) & (pl.col("paid_on").dt.year() == on.year)
        & (pl.col("business") == "withdraw.rent"))
    couple = pl.concat([pl.DataFrame({"person": applicants.to_numpy()}).with_row_index(ROW),
                        pl.DataFrame({"person": spouse}).with_row_index(ROW).filter(
                            pl.col("person") != holdings.NO_ONE)])
    paid = couple.lazy().join(this_year, left_on="person", right_on="depositor_id").group_by(ROW).agg(
        rent_sum=pl.col("amount").cast(MONEY).sum(), rent_count=pl.len()).collect()
    at = np.full(applicants.len(), ABSENT, dtype=np.int64)
    at[paid[ROW].to_numpy()] = np.arange(paid.height)
    return _gathered(paid.drop(ROW), at)


MINE = {"my_marital": "marital_status", "my_account": "has_account_row", "my_balance": "balance",
        "my_base": "deposit_base", "my_income": "monthly_income", "my_debts": "debts_monthly",
        "my_children": "children_count", "my_ill": "critical_illness"}
"""The applicant's own columns the household facts read, and the personal-base columns they
are (added as aliases by the caller, so a relative as the subject keeps the applicant's)."""


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
