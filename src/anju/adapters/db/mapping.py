"""Rows → domain objects: the one place that knows both the tables and the scenario model."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from decimal import Decimal
from typing import Any

from anju.domain.members.lookup import DepositorSummary
from anju.domain.members.spells import Spell, SpellHistory
from anju.domain.scenario import (
    Account,
    Circumstances,
    Employment,
    Home,
    Loan,
    Person,
    Withdrawal,
)

Row = Mapping[str, Any]


def _rate(value: Decimal | None) -> Decimal | None:
    # Numeric(6, 5) reads back as 0.12000; the domain and the UI want 0.12.
    return None if value is None else value.normalize()


def month_index(day: date) -> int:
    """Months since year 0, so consecutive months differ by one."""
    return day.year * 12 + day.month - 1


def deposit_history(spells: Iterable[Row], on: date) -> SpellHistory:
    """The stored spells as the account's history, cut at ``on``'s month."""
    last_allowed = month_index(on)
    return SpellHistory([
        Spell(month_index(row["first_month"]), min(month_index(row["last_month"]), last_allowed),
              row["status"], row["monthly_amount"])
        for row in spells
    ])


def account(row: Row, spells: Iterable[Row], on: date) -> Account:
    """The account, its history cut at ``on`` (the stored balance is the data's own date)."""
    return Account(
        status=row["status"],
        balance=row["balance"],
        number=row["number"],
        opened_on=row["opened_on"],
        sealed_on=row["sealed_on"],
        base=row["base"],
        rate_employee=_rate(row["rate_employee"]),
        rate_employer=_rate(row["rate_employer"]),
        history=deposit_history(spells, on),
        monthly_offset_signed=row["monthly_offset_signed"],
    )


def home(row: Row) -> Home:
    """A home as the scenario states it."""
    return Home(
        in_city=row["in_city"],
        acquired_on=row["acquired_on"],
        area=row["area"],
        address=row["address"],
        property_fee_yearly=row["property_fee_yearly"],
    )


def loan(row: Row, on: date) -> Loan:
    """A loan on ``on``: one repaid only after ``on`` was still running then."""
    status, balance, repaid_on = row["status"], row["balance"], row["repaid_on"]
    if repaid_on is not None and repaid_on > on:
        # The stored balance is today's (zero); the balance on ``on`` is not stored.
        status, balance, repaid_on = "outstanding", None, None
    return Loan(
        kind=row["kind"],
        status=status,
        principal=row["principal"],
        balance=balance,
        monthly_payment=row["monthly_payment"],
        rate=_rate(row["rate"]),
        start=row["start"],
        term_months=row["term_months"],
        repaid_on=repaid_on,
        local=row["local"],
    )


def withdrawal(row: Row) -> Withdrawal:
    """A past withdrawal."""
    return Withdrawal(on=row["paid_on"], business=row["business"], amount=row["amount"])


def summary(depositor_id: int, row: Row, account: Row | None) -> DepositorSummary:
    """A record's header from its depositor row (with ``employer_name``) and account row —
    the same fields the summary query selects."""
    return DepositorSummary(
        id=depositor_id, name=row["name"], id_number=row["id_number"], phone=row["phone"], sex=row["sex"],
        birth_date=row["birth_date"], employer=row["employer_name"], employment_status=row["employment_status"],
        account_number=None if account is None else account["number"],
        account_status=None if account is None else account["status"],
        balance=None if account is None else account["balance"])


def person(
    row: Row,
    *,
    employer: str | None,
    account: Account | None,
    homes: list[Home],
    loans: list[Loan],
    withdrawals: list[Withdrawal],
) -> Person:
    """A depositor row and their facts as a :class:`Person`."""
    employment = None
    if row["employment_status"] is not None:
        employment = Employment(
            status=row["employment_status"],
            employer=employer,
            left_on=row["left_on"],
            retired_on=row["retired_on"],
        )
    return Person(
        id_number=row["id_number"],
        name=row["name"],
        birth_date=row["birth_date"],
        sex=row["sex"],
        retirement_category=row["retirement_category"],
        hukou_local=row["hukou_local"],
        resident_since=row["resident_since"],
        marital_status=row["marital_status"],
        children_count=row["children_count"],
        education=row["education"],
        phone=row["phone"],
        distance_km=row["distance_km"],
        monthly_income=row["monthly_income"],
        debts_monthly=row["debts_monthly"],
        employment=employment,
        account=account,
        homes=homes,
        loans=loans,
        withdrawals=withdrawals,
        circumstances=Circumstances(
            critical_illness=row["critical_illness"],
            dibao=row["dibao"],
            total_incapacity=row["total_incapacity"],
            emigrated=row["emigrated"],
            deceased_on=row["deceased_on"],
            fraud_ban_until=row["fraud_ban_until"],
        ),
    )
