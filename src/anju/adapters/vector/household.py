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

import numpy as np
import polars as pl

from anju.adapters.vector.personal import MONEY

_HPF = ["hpf", "combination"]
_COMMERCIAL = ["commercial", "combination"]
_OPEN = ["outstanding", "overdue"]
ROW = "row"
"""The applicant's position in the applicants given (as in :mod:`.facts`)."""
_SPACES = r"[\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+"
"""Python's whitespace: ``" ".join(address.split())`` is how joint homes are matched."""
_RANKS = 1 << 40
"""``order × _RANKS + id`` orders a household's records as listed (the applicant's first, by number)."""


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


def _several(listed: pl.DataFrame) -> pl.Series:
    """Rows whose household lists more than one record: only those can hold a duplicate, so
    only those are ordered and matched (ordering and matching are the costly part)."""
    return listed[ROW].is_duplicated()


def _homes(couple: pl.DataFrame, homes: pl.DataFrame, on: date) -> pl.DataFrame:
    """Per ``row``: the distinct homes in the city and the area of the first one in the city
    listed (``facts._homes``: the applicant's homes first, then the spouse's, by number)."""
    owned = homes.filter(pl.col("acquired_on").is_null() | (pl.col("acquired_on") <= on))
    # the addresses stay behind: only the households listing several homes compare them
    listed = couple.join(owned.select("id", "depositor_id", "in_city", "area").with_row_index("home"),
                         left_on="person", right_on="depositor_id")
    several = _several(listed)
    alone = listed.filter(~several).select(
        ROW, homes_in_city=pl.col("in_city").fill_null(False).cast(pl.UInt32),
        home_area=pl.when("in_city").then("area"))
    many = listed.filter(several).sort(ROW, "order", "id")
    many = many.with_columns(owned["address"].gather(many["home"]).alias("address"))
    key = pl.when(pl.col("address") != "").then(
        pl.col("address").str.replace_all(_SPACES, " ").str.strip_chars(" "))
    # distinct_homes: a home whose (normalised) address was listed earlier is the same home
    repeated = pl.struct(ROW, key.alias("key")).is_first_distinct().not_() & key.is_not_null()
    counted = many.filter(~repeated.fill_null(False)).group_by(ROW).agg(
        homes_in_city=pl.col("in_city").sum().cast(pl.UInt32))
    # the area of the first home in the city listed, duplicate or not
    area = many.filter("in_city").filter(
        (pl.col(ROW) != pl.col(ROW).shift(1)).fill_null(True)).select(ROW, home_area="area")
    return pl.concat([alone, counted.join(area, on=ROW, how="left")])


def _loans(couple: pl.DataFrame, loans: pl.DataFrame, on: date) -> pl.LazyFrame:
    """Per ``row``: the household's distinct loans summed up (``facts._loans``)."""
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
    listed = couple.lazy().join(holders, left_on="person", right_on="holder").collect()
    several = _several(listed)
    # distinct_loans: the same (kind, start, principal) listed again is the same (joint) loan;
    # the one kept is the first listed (the applicant's before the spouse's, by number) — found
    # as the least rank of its group rather than by sorting the wide rows
    rank = pl.col("order").cast(pl.Int64) * _RANKS + pl.col("id")
    keyed = pl.col("start").is_not_null() & pl.col("principal").is_not_null()
    first = rank == rank.min().over(ROW, "kind", "start", "principal")
    distinct = pl.concat([listed.lazy().filter(~several), listed.lazy().filter(several).filter(~keyed | first)])
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
    # Every per-loan value is a column first and the aggregations are plain sums and "any"s:
    # an expression inside an aggregation is evaluated group by group (half a million groups).
    flags = {"hpf_loan_outstanding": hpf & opened,
             "commercial_loan_outstanding": pl.col("kind").is_in(_COMMERCIAL) & opened,
             "hpf_loan_overdue": hpf & open_ & (pl.col("status") == "overdue"),
             "hpf_loan_repaid": hpf & (pl.col("status") == "repaid")}
    sums = {"hpf_loan_balance": (hpf_part, hpf & open_), "hpf_loan_payment": (hpf_pay, hpf & open_),
            "commercial_loan_balance": (com_balance, is_com),
            "commercial_loan_payment": (com_payment, is_com)}
    zero = pl.lit(Decimal(0), MONEY)
    return distinct.select(
        ROW, hpf_loans_used=hpf.cast(pl.UInt32), **flags,
        **{name: pl.when(part).then(value.fill_null(zero)).otherwise(zero) for name, (value, part) in sums.items()},
        **{f"{name}?": part & value.is_null() for name, (value, part) in sums.items()},
    ).group_by(ROW).agg(
        pl.col("hpf_loans_used").sum(), *[pl.col(name).any() for name in flags],
        *[pl.col(name).sum() for name in sums], *[pl.col(f"{name}?").any() for name in sums],
    ).select(ROW, "hpf_loans_used", *flags, *[  # facts._sum: unknown when any part is
        pl.when(pl.col(f"{name}?")).then(None).otherwise(pl.col(name)).alias(name) for name in sums])


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
                      loans: pl.DataFrame, withdrawals: pl.DataFrame, on: date) -> list[pl.DataFrame]:
    """The household parts that need no personal base: children, loans, rent withdrawals and
    homes, per ``row`` (the caller may derive the personal base meanwhile)."""
    couple = _couple(applicants, family)
    children = family.lazy().filter(pl.col("relation") == "child").group_by(ROW).agg(
        linked_children=pl.len())
    parts = pl.collect_all([children, _loans(couple, loans, on), _rent(couple, withdrawals, on)])
    return [*parts, _homes(couple, homes, on)]


def household_base(applicants: pl.Series, family: pl.DataFrame, people: pl.DataFrame,
                   records: list[pl.DataFrame]) -> pl.DataFrame:
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
    return _aligned(applicants.len(), [*pl.collect_all([spouse, illness]), *records])


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
