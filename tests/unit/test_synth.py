"""The synthetic city: valid identities, consistent families, histories and money."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import numpy as np
import polars as pl
import pytest

from anju.domain.members.idcard import make_id_number, parse_id_number
from anju.domain.members.retirement import statutory_retirement
from anju.services.synth import City, generate_city
from anju.services.synth import economy as ec
from anju.services.synth import months as mo
from anju.services.synth.people import statutory_retirement as vector_retirement

AS_OF = date(2026, 11, 27)


@pytest.fixture(scope="module")
def city() -> City:
    return generate_city(3000, 7, AS_OF)


def test_same_seed_same_city_other_seed_other_city(city: City) -> None:
    again = generate_city(3000, 7, AS_OF)
    for name, frame in city.tables().items():
        assert frame.equals(again.tables()[name]), name
    other = generate_city(3000, 8, AS_OF)
    assert not city.depositors.equals(other.depositors)


def test_every_identity_number_is_valid_unique_and_matches_the_person(city: City) -> None:
    people = city.depositors
    assert people["id_number"].n_unique() == people.height
    for number, birth, sex in people.select("id_number", "birth_date", "sex").iter_rows():
        info = parse_id_number(number, on=AS_OF)
        assert (info.birth_date, info.sex) == (birth, sex)
        assert make_id_number(info.region, info.birth_date, info.sequence, info.sex) == number


def test_local_people_carry_jiaozuo_region_codes(city: City) -> None:
    jiaozuo = {"410802", "410803", "410804", "410811", "410821", "410822", "410823", "410825", "410882", "410883"}
    regions = city.depositors.select(pl.col("id_number").str.slice(0, 6).alias("r"), "hukou_local")
    assert set(regions.filter(pl.col("hukou_local"))["r"]) <= jiaozuo
    assert set(regions.filter(~pl.col("hukou_local"))["r"]).isdisjoint(jiaozuo)


def test_one_account_per_person_and_every_account_has_history(city: City) -> None:
    accounts = city.accounts
    assert accounts["depositor_id"].n_unique() == accounts.height == 3000
    assert set(city.deposit_spells["account_id"]) == set(accounts["id"])
    assert city.deposit_spells.filter(pl.col("first_month") > pl.col("last_month")).is_empty()
    first = city.deposit_spells.group_by("account_id").agg(pl.col("first_month").min())
    joined = first.join(accounts, left_on="account_id", right_on="id")
    assert (joined["first_month"] >= joined["opened_on"].dt.truncate("1mo")).all()


def test_money_is_never_negative_and_closed_accounts_are_empty(city: City) -> None:
    zero = Decimal("0")
    assert (city.accounts["balance"] >= zero).all()
    assert (city.withdrawals["amount"] > zero).all()
    closed = city.accounts.filter(pl.col("status") == "closed")
    assert not closed.is_empty() and (closed["balance"] == zero).all()
    assert closed["closed_reason"].null_count() == 0


def test_bases_stay_within_the_floor_and_cap_of_their_year(city: City) -> None:
    # A base year runs from July to June (基数年度调整 every 1 July).
    month = pl.col("first_month")
    spells = city.deposit_spells.with_columns(
        year=month.dt.year() - (month.dt.month() < 7).cast(pl.Int32), base=pl.col("base").cast(pl.Float64)
    )
    years = spells["year"].to_numpy()
    assert (spells["base"].to_numpy() >= np.round(ec.by_year(ec.BASE_FLOOR, years))).all()
    assert (spells["base"].to_numpy() <= np.round(ec.by_year(ec.BASE_CAP, years))).all()
    rates = city.employers["rate_employer"].cast(pl.Float64)
    assert rates.min() >= 0.05 and rates.max() <= 0.12  # type: ignore[operator]


def test_every_state_appears(city: City) -> None:
    assert set(city.accounts["status"]) >= {"active", "sealed", "closed"}
    assert set(city.deposit_spells["status"]) == {"paid", "back_paid", "arrears"}
    assert set(city.loans["kind"]) == {"hpf", "commercial", "combination"}
    assert set(city.loans["status"]) >= {"outstanding", "repaid"}
    assert set(city.depositors["employment_status"]) == {"employed", "flexible", "unemployed", "retired"}
    assert {"withdraw.purchase_new", "withdraw.repay_hpf", "withdraw.rent", "withdraw.retirement"} <= set(
        city.withdrawals["business"]
    )


def test_family_links_are_symmetric_and_plausible(city: City) -> None:
    links = city.family_links
    inverse = {"spouse": "spouse", "parent": "child", "child": "parent"}
    pairs = {(a, b, r) for a, b, r in links.select("depositor_id", "relative_id", "relation").iter_rows()}
    assert all((b, a, inverse[r]) in pairs for a, b, r in pairs)
    assert links.select("depositor_id", "relative_id").is_unique().all()
    people = city.depositors.select("id", "birth_date", "sex", "name").rows_by_key("id", unique=True)
    for a, b, relation in pairs:
        if relation == "parent":
            assert people[b][0] < people[a][0]  # parents are older
        if relation == "spouse":
            assert people[a][1] != people[b][1]
        if relation == "parent" and people[b][1] == "male":
            assert people[a][2].startswith(people[b][2][0])  # children carry the father's surname


def test_loans_are_consistent_with_their_status(city: City) -> None:
    loans = city.loans
    repaid = loans.filter(pl.col("status") == "repaid")
    assert repaid["repaid_on"].null_count() == 0 and (repaid["balance"] == Decimal("0")).all()
    running = loans.filter(pl.col("status") != "repaid")
    assert running["repaid_on"].null_count() == running.height
    assert (running["balance"] <= running["principal"]).all()
    assert (loans["start"] <= AS_OF).all()


def test_retirement_matches_the_domain_rule() -> None:
    births = np.array(["1965-01-15", "1966-05-12", "1971-03-31", "1976-02-29", "1960-07-01"], dtype="datetime64[D]")
    categories = np.array([0, 0, 1, 2, 2])
    names = ("male", "female_cadre", "female_worker")
    got = vector_retirement(births, categories)
    for birth, category, when in zip(births, categories, got, strict=True):
        expected = statutory_retirement(birth.astype(date), names[category]).date
        assert when.astype(date) == expected


def test_month_helpers_clamp_to_month_ends() -> None:
    days = np.array(["2026-01-31", "2024-02-29"], dtype="datetime64[D]")
    moved = mo.add_months(days, np.array([1, 12]))
    assert [d.astype(date) for d in moved] == [date(2026, 2, 28), date(2025, 2, 28)]


def test_bad_sizes_are_refused() -> None:
    with pytest.raises(ValueError, match="members"):
        generate_city(0, 1, AS_OF)
