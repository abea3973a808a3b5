"""Household-level facts: homes, HPF and commercial loans, home ordinal, children."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from anju.domain.members.household import (
    children_count,
    commercial_loan_outstanding,
    home_ordinal,
    homes_in_city,
    hpf_loan_outstanding,
    hpf_loans_used,
    is_multi_child,
)
from anju.domain.scenario import Home, Loan, Person, Scenario


def scenario(
    applicant: Person | None = None, spouse: Person | None = None, **kw: object
) -> Scenario:
    return Scenario(applicant=applicant or Person(), spouse=spouse, **kw)  # type: ignore[arg-type]


def hpf(status: str = "repaid", **kw: object) -> Loan:
    return Loan(kind="hpf", status=status, **kw)  # type: ignore[arg-type]


def test_nothing_known_means_a_first_home_and_no_loans() -> None:
    s = scenario()
    assert homes_in_city(s) == 0
    assert hpf_loans_used(s) == 0
    assert not hpf_loan_outstanding(s)
    assert not commercial_loan_outstanding(s)
    assert home_ordinal(s) == 1


def test_homes_of_both_spouses_in_the_city_count() -> None:
    s = scenario(
        Person(homes=[Home(in_city=True), Home(in_city=False)]),
        Person(homes=[Home(in_city=True)]),
    )
    assert homes_in_city(s) == 2
    assert home_ordinal(s) == 3


def test_a_joint_home_listed_under_both_spouses_counts_once() -> None:
    joint = Home(address="焦作市解放区人民路 1 号")
    same_spaced = Home(address="焦作市解放区人民路  1 号 ")
    s = scenario(Person(homes=[joint]), Person(homes=[same_spaced]))
    assert homes_in_city(s) == 1
    # Without addresses the two cannot be matched, so both count.
    s = scenario(Person(homes=[Home()]), Person(homes=[Home()]))
    assert homes_in_city(s) == 2


def test_combination_loans_are_hpf_loans_used() -> None:
    s = scenario(
        Person(loans=[hpf(), Loan(kind="combination", status="repaid")]),
        Person(loans=[Loan(kind="commercial", status="outstanding")]),
    )
    assert hpf_loans_used(s) == 2
    assert not hpf_loan_outstanding(s)
    assert commercial_loan_outstanding(s)


def test_a_joint_loan_listed_under_both_spouses_counts_once() -> None:
    joint = hpf(principal=Decimal(500000), start=date(2019, 4, 1))
    s = scenario(Person(loans=[joint]), Person(loans=[joint]))
    assert hpf_loans_used(s) == 1
    other = hpf(principal=Decimal(300000), start=date(2019, 4, 1))
    s = scenario(Person(loans=[joint]), Person(loans=[other]))
    assert hpf_loans_used(s) == 2


def test_overdue_loans_are_outstanding() -> None:
    assert hpf_loan_outstanding(scenario(spouse=Person(loans=[hpf("overdue")])))
    assert hpf_loan_outstanding(
        scenario(Person(loans=[Loan(kind="combination", status="outstanding")]))
    )
    assert commercial_loan_outstanding(
        scenario(Person(loans=[Loan(kind="combination", status="overdue")]))
    )
    assert not commercial_loan_outstanding(
        scenario(Person(loans=[Loan(kind="commercial", status="repaid")]))
    )


def test_a_used_hpf_loan_makes_the_next_purchase_at_least_a_second_home() -> None:
    # Sold the home bought with an HPF loan: no home now, but 认房又认贷 prices it as second.
    assert home_ordinal(scenario(Person(loans=[hpf("repaid")]))) == 2
    assert home_ordinal(scenario(spouse=Person(loans=[hpf("repaid")]))) == 2
    # A commercial loan alone does not raise the HPF tier.
    assert home_ordinal(scenario(Person(loans=[Loan(kind="commercial", status="repaid")]))) == 1
    # Two homes already: the ordinal is 3 whether or not an HPF loan was used.
    both = Person(homes=[Home(), Home()], loans=[hpf()])
    assert home_ordinal(scenario(both)) == 3


def test_children_count_prefers_the_stated_number() -> None:
    assert children_count(scenario(Person(children_count=3), children=[Person()])) == 3
    assert children_count(scenario(Person(children_count=0))) == 0
    assert children_count(scenario(children=[Person(), Person()])) == 2
    assert children_count(scenario()) is None


def test_multi_child() -> None:
    assert is_multi_child(scenario(Person(children_count=2))) is True
    assert is_multi_child(scenario(Person(children_count=1))) is False
    assert is_multi_child(scenario(children=[Person(), Person(), Person()])) is True
    assert is_multi_child(scenario()) is None
