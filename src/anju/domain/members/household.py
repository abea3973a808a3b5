"""Household-level facts (家庭): homes, loans and children of the applicant and spouse.

Housing provident fund rules look at the household, not the person: the home count and the
loan record of husband and wife together decide the HPF rate tier and whether a loan is
allowed (认房又认贷), and the number of children decides the multi-child (多子女) uplifts.

A couple may list the same joint home or joint loan under both spouses; each is counted once
(see :func:`_distinct_homes` and :func:`_distinct_loans`).
"""

from __future__ import annotations

from collections.abc import Iterator

from anju.domain.scenario import Home, Loan, Person, Scenario

_HPF_KINDS = frozenset({"hpf", "combination"})
_COMMERCIAL_KINDS = frozenset({"commercial", "combination"})
_OPEN_STATUSES = frozenset({"outstanding", "overdue"})


def _couple(scenario: Scenario) -> Iterator[Person]:
    yield scenario.applicant
    if scenario.spouse is not None:
        yield scenario.spouse


def distinct_homes(scenario: Scenario) -> list[Home]:
    """Homes of applicant and spouse, a jointly owned home (same address) counted once.

    Homes without an address cannot be matched and each counts: over-counting a home is
    safer than missing one, and the counter officer sees the list.
    """
    seen: set[str] = set()
    homes: list[Home] = []
    for person in _couple(scenario):
        for home in person.homes:
            key = " ".join(home.address.split()) if home.address else None
            if key is not None:
                if key in seen:
                    continue
                seen.add(key)
            homes.append(home)
    return homes


def distinct_loans(scenario: Scenario) -> list[Loan]:
    """Loans of applicant and spouse, a joint loan (co-borrower) counted once.

    Two entries are the same loan when kind, start date and principal are all known and equal:
    one couple does not take two loans of the same kind and amount on the same day.
    """
    seen: set[tuple[object, ...]] = set()
    loans: list[Loan] = []
    for person in _couple(scenario):
        for loan in person.loans:
            if loan.start is not None and loan.principal is not None:
                key = (loan.kind, loan.start, loan.principal)
                if key in seen:
                    continue
                seen.add(key)
            loans.append(loan)
    return loans


def homes_in_city(scenario: Scenario) -> int:
    """Homes the applicant and spouse own in this city (本市自有住房套数).

    An empty list means none owned (the scenario's ``homes`` defaults to ``[]``), and an absent
    spouse contributes none; a rule that needs certainty about the spouse checks the marital
    status itself. Joint homes listed under both spouses count once.
    """
    return sum(1 for home in distinct_homes(scenario) if home.in_city)


def hpf_loans_used(scenario: Scenario) -> int:
    """HPF loans the household has ever had (公积金贷款次数): HPF or combination, any status.

    A combination loan (组合贷款) includes an HPF part, so it counts as an HPF loan used. Joint
    loans listed under both spouses count once.
    """
    return sum(1 for loan in distinct_loans(scenario) if loan.kind in _HPF_KINDS)


def hpf_loan_outstanding(scenario: Scenario) -> bool:
    """Whether the applicant or spouse has an HPF or combination loan not yet repaid.

    Overdue loans are outstanding too: the debt is still there (and worse). Rules forbid a new
    HPF loan while one is outstanding, and repayment withdrawals need one.
    """
    return any(
        loan.kind in _HPF_KINDS and loan.status in _OPEN_STATUSES
        for loan in distinct_loans(scenario)
    )


def commercial_loan_outstanding(scenario: Scenario) -> bool:
    """Whether the applicant or spouse has a commercial or combination loan not yet repaid.

    A combination loan has a commercial part, so it counts: it can be repaid from the fund
    (偿还商业性住房贷款提取) and converted (商转公) like a commercial loan.
    """
    return any(
        loan.kind in _COMMERCIAL_KINDS and loan.status in _OPEN_STATUSES
        for loan in distinct_loans(scenario)
    )


def home_ordinal(scenario: Scenario) -> int:
    """Which home in the city this purchase would be for the household (1 = first home).

    It is ``homes_in_city + 1``, but at least 2 when the household has used an HPF loan before:
    HPF rates follow 认房又认贷 — a second HPF loan is priced as a second home even when the
    first home was sold.
    """
    ordinal = homes_in_city(scenario) + 1
    if hpf_loans_used(scenario) > 0:
        ordinal = max(ordinal, 2)
    return ordinal


def children_count(scenario: Scenario) -> int | None:
    """The applicant's number of children, None when unknown.

    The stated ``children_count`` wins (the list of children may name only some of them, e.g.
    those involved in a withdrawal); otherwise the listed children are counted; an empty list
    says nothing, because ``children`` defaults to ``[]``.
    """
    if scenario.applicant.children_count is not None:
        return scenario.applicant.children_count
    return len(scenario.children) if scenario.children else None


def is_multi_child(scenario: Scenario) -> bool | None:
    """Whether the household is a multi-child family (多子女家庭: two or more children).

    None when the number of children is unknown; rules then ask instead of refusing.
    """
    count = children_count(scenario)
    return None if count is None else count >= 2
