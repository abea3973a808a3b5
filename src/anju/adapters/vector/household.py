"""Household facts (homes, loans, spouse, withdrawals, family illness) for every applicant.

The per-person engine reads these from the scenario: the applicant and the spouse (the first
spouse link), their homes, loans and withdrawals, and the parents and children on record
(``facts._homes``, ``_loans``, ``_spouse``, ``_withdrawals``, ``_family_illness``). Here the same
is done with joins over the tables, with the repository's cut at the records' date ``on``:
homes acquired and loans started after ``on`` are left out, a loan repaid after ``on`` was
still running then (balance unknown), withdrawals after ``on`` are left out.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import polars as pl

from anju.adapters.vector.personal import MONEY

_HPF = ["hpf", "combination"]
_COMMERCIAL = ["commercial", "combination"]
_OPEN = ["outstanding", "overdue"]
_SPACES = r"[\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+"
"""Python's whitespace: ``" ".join(address.split())`` is how joint homes are matched."""


def relatives(links: pl.DataFrame, applicants: pl.Series) -> pl.DataFrame:
    """(``applicant``, ``relation``, ``relative``) as the scenario lists them: one spouse (the
    first link), every parent and child, in record-number order."""
    mine = links.filter(pl.col("depositor_id").is_in(applicants.implode())).sort(
        "depositor_id", "relative_id")
    spouse = mine.filter(pl.col("relation") == "spouse").group_by("depositor_id").agg(
        pl.col("relative_id").first()).with_columns(relation=pl.lit("spouse"))
    others = mine.filter(pl.col("relation") != "spouse")
    return pl.concat([spouse.select("depositor_id", "relation", "relative_id"),
                      others.select("depositor_id", "relation", "relative_id")]).rename(
        {"depositor_id": "applicant", "relative_id": "relative"}).sort(
        "applicant", "relation", "relative")


def _sum_or_unknown(value: pl.Expr) -> pl.Expr:
    """``facts._sum``: the total, unknown when any part is (0 for no parts)."""
    return pl.when(value.is_null().any()).then(None).otherwise(value.sum())


def _couple(applicants: pl.Series, family: pl.DataFrame) -> pl.DataFrame:
    spouses = family.filter(pl.col("relation") == "spouse").select(
        "applicant", person="relative", order=pl.lit(1))
    me = pl.DataFrame({"applicant": applicants, "person": applicants}).with_columns(order=pl.lit(0))
    return pl.concat([me, spouses], how="vertical_relaxed")


def _shared(applicant: pl.Expr) -> pl.Expr:
    """Rows (sorted by applicant) whose household lists more than one record: only those can
    hold a duplicate, so only those are matched (matching is the costly part)."""
    return ((applicant == applicant.shift(1)) | (applicant == applicant.shift(-1))).fill_null(False)


def _homes(couple: pl.DataFrame, homes: pl.DataFrame, on: date) -> pl.LazyFrame:
    listed = couple.lazy().join(
        homes.lazy().filter(pl.col("acquired_on").is_null() | (pl.col("acquired_on") <= on))
        .select("id", "depositor_id", "in_city", "area", "address"),
        left_on="person", right_on="depositor_id").sort("applicant", "order", "id")
    key = pl.when(pl.col("address") != "").then(
        pl.col("address").str.replace_all(_SPACES, " ").str.strip_chars(" "))
    # distinct_homes: a home whose (normalised) address was listed earlier is the same home
    repeated = pl.struct("applicant", key.alias("key")).is_first_distinct().not_() & key.is_not_null()
    distinct = listed.filter(~(_shared(pl.col("applicant")) & repeated.fill_null(False)))
    counted = distinct.group_by("applicant").agg(homes_in_city=pl.col("in_city").sum())
    in_city = listed.filter("in_city")
    area = in_city.filter((pl.col("applicant") != pl.col("applicant").shift(1)).fill_null(True)).select(
        "applicant", home_area="area")
    return counted.join(area, on="applicant", how="full", coalesce=True)


def _loans(couple: pl.DataFrame, loans: pl.DataFrame, on: date) -> pl.LazyFrame:
    running = loans.lazy().filter(pl.col("start").is_null() | (pl.col("start") <= on))
    repaid_later = (pl.col("repaid_on") > on).fill_null(False)
    extra = [c for c in ("commercial_balance", "commercial_payment") if c in loans.columns]
    running = running.select(
        "id", "depositor_id", "co_borrower_id", "kind", "start", "principal",
        status=pl.when(repaid_later).then(pl.lit("outstanding")).otherwise("status"),
        balance=pl.when(repaid_later).then(None).otherwise("balance").cast(MONEY),
        monthly_payment=pl.col("monthly_payment").cast(MONEY),
        **{c: pl.col(c).cast(MONEY) for c in extra},
        **{c: pl.lit(None, MONEY) for c in ("commercial_balance", "commercial_payment")
           if c not in extra},
    )
    holders = pl.concat([
        running.with_columns(holder=pl.col("depositor_id")),
        running.filter(pl.col("co_borrower_id").is_not_null()
                       & (pl.col("co_borrower_id") != pl.col("depositor_id")))
        .with_columns(holder=pl.col("co_borrower_id")),
    ])
    listed = couple.lazy().join(holders, left_on="person", right_on="holder").sort(
        "applicant", "order", "id")
    keyed = pl.col("start").is_not_null() & pl.col("principal").is_not_null()
    # distinct_loans: the same (kind, start, principal) listed again is the same (joint) loan
    repeated = pl.struct("applicant", "kind", "start", "principal").is_first_distinct().not_()
    distinct = listed.filter(~(_shared(pl.col("applicant")) & keyed & repeated))
    hpf, opened = pl.col("kind").is_in(_HPF), pl.col("status").is_in(_OPEN)
    open_ = pl.col("status") != "repaid"
    mixed = pl.col("kind") == "combination"
    hpf_part = pl.col("balance") - pl.when(mixed).then("commercial_balance").otherwise(Decimal(0))
    hpf_pay = pl.col("monthly_payment") - pl.when(mixed).then("commercial_payment").otherwise(
        Decimal(0))
    com_balance = pl.when(pl.col("kind") == "commercial").then("balance").otherwise(
        "commercial_balance")
    com_payment = pl.when(pl.col("kind") == "commercial").then("monthly_payment").otherwise(
        "commercial_payment")
    is_com = open_ & pl.col("kind").is_in(_COMMERCIAL)
    return distinct.group_by("applicant").agg(
        hpf_loans_used=hpf.sum(),
        hpf_loan_outstanding=(hpf & opened).any(),
        commercial_loan_outstanding=(pl.col("kind").is_in(_COMMERCIAL) & opened).any(),
        hpf_loan_overdue=(hpf & open_ & (pl.col("status") == "overdue")).any(),
        hpf_loan_balance=_sum_or_unknown(hpf_part.filter(hpf & open_)),
        hpf_loan_payment=_sum_or_unknown(hpf_pay.filter(hpf & open_)),
        hpf_loan_repaid=(hpf & (pl.col("status") == "repaid")).any(),
        commercial_loan_balance=_sum_or_unknown(com_balance.filter(is_com)),
        commercial_loan_payment=_sum_or_unknown(com_payment.filter(is_com)),
    )


def _rent(couple: pl.DataFrame, withdrawals: pl.DataFrame, on: date) -> pl.LazyFrame:
    this_year = withdrawals.lazy().filter(
        (pl.col("paid_on") <= on) & (pl.col("paid_on").dt.year() == on.year)
        & (pl.col("business") == "withdraw.rent"))
    return couple.lazy().join(this_year, left_on="person", right_on="depositor_id").group_by(
        "applicant").agg(rent_sum=pl.col("amount").cast(MONEY).sum(), rent_count=pl.len())


def household_base(applicants: pl.Series, family: pl.DataFrame, people: pl.DataFrame,
                   homes: pl.DataFrame, loans: pl.DataFrame, withdrawals: pl.DataFrame,
                   on: date) -> pl.DataFrame:
    """One row per applicant of their household's facts on ``on`` (and rent withdrawals)."""
    couple = _couple(applicants, family)
    me = people.lazy().select(
        applicant="id", my_marital="marital_status", my_account="has_account_row",
        my_balance="balance", my_base="deposit_base", my_income="monthly_income",
        my_debts="debts_monthly", my_children="children_count", my_ill="critical_illness")
    spouse_of = family.lazy().filter(pl.col("relation") == "spouse").select("applicant", "relative")
    spouse = spouse_of.join(people.lazy(), left_on="relative", right_on="id").select(
        "applicant", has_spouse=pl.lit(True), sp_account="has_account_row",
        sp_status="account_status", sp_balance="balance", sp_base="deposit_base",
        sp_income="monthly_income", sp_debts="debts_monthly")
    children = family.lazy().filter(pl.col("relation") == "child").group_by("applicant").agg(
        linked_children=pl.len())
    # the family's illness: the applicant's own (from ``me``) and their relatives'
    illness = family.lazy().join(people.lazy(), left_on="relative", right_on="id").group_by(
        "applicant").agg(
        family_ill=(pl.col("critical_illness") == True).any(),  # noqa: E712 - null-aware
        family_ill_unknown=pl.col("critical_illness").is_null().any())
    base = pl.DataFrame({"applicant": applicants}).lazy()
    for part in (me, spouse, children, illness, _homes(couple, homes, on),
                 _loans(couple, loans, on), _rent(couple, withdrawals, on)):
        base = base.join(part, on="applicant", how="left")
    return base.with_columns(
        ill_any=(pl.col("my_ill") == True).fill_null(False)  # noqa: E712 - null-aware
        | pl.col("family_ill").fill_null(False),
        ill_unknown=pl.col("my_ill").is_null() | pl.col("family_ill_unknown").fill_null(False),
    ).drop("my_ill", "family_ill", "family_ill_unknown").collect()


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
        "critical_illness": pl.when(pl.col("ill_any")).then(True)
        .when(pl.col("ill_unknown")).then(None).otherwise(False),
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
