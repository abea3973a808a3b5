"""The depositor repository: rows in, lookups and the engine's Scenario (with family) out."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import Engine, insert

from anju.adapters.db.tables import (
    accounts,
    deposit_spells,
    depositors,
    employers,
    homes,
    loans,
    withdrawals,
)
from anju.adapters.db.uow import SqlUnitOfWork
from anju.domain.errors import NotFound
from anju.domain.members.idcard import make_id_number

ON = date(2026, 8, 20)


def _person(uow: SqlUnitOfWork, name: str, initials: str, sex: str, birth: date, seq: int, **extra: Any) -> int:
    values = {
        "id_number": make_id_number("410802", birth, seq, sex),
        "name": name,
        "name_initials": initials,
        "sex": sex,
        "birth_date": birth,
        **extra,
    }
    return int(uow.connection.execute(insert(depositors).values(values)).inserted_primary_key[0])


def _account(uow: SqlUnitOfWork, person: int, number: str, status: str, **extra: Any) -> int:
    values = {"depositor_id": person, "number": number, "status": status, **extra}
    return int(uow.connection.execute(insert(accounts).values(values)).inserted_primary_key[0])


@pytest.fixture
def family(migrated_engine: Engine) -> dict[str, int]:
    """张伟 (applicant), his wife 李娜 (home + HPF loan), his father 张建国 and his son 张小宇."""
    with SqlUnitOfWork(migrated_engine) as uow:
        c = uow.connection
        employer = c.execute(
            insert(employers).values(
                name="焦作市华源机械有限公司", rate_employee=Decimal("0.12"), rate_employer=Decimal("0.12")
            )
        ).inserted_primary_key[0]
        zhang = _person(
            uow, "张伟", "ZW", "male", date(1990, 5, 17), 123,
            phone="13812345678", employment_status="employed", employer_id=employer, marital_status="married",
            children_count=1, hukou_local=True, monthly_income=Decimal("8000.50"), retirement_category="male",
        )  # fmt: skip
        li = _person(uow, "李娜", "LN", "female", date(1991, 3, 2), 46, employment_status="employed")
        father = _person(uow, "张建国", "ZJG", "male", date(1962, 1, 9), 11, employment_status="retired",
                         retired_on=date(2022, 1, 9))  # fmt: skip
        son = _person(uow, "张小宇", "ZXY", "male", date(2015, 6, 1), 13)
        account = _account(
            uow, zhang, "410800000001", "active", balance=Decimal("45678.90"), base=Decimal("6000.00"),
            rate_employee=Decimal("0.12"), rate_employer=Decimal("0.12"), opened_on=date(2015, 3, 1),
            monthly_offset_signed=False,
        )  # fmt: skip
        c.execute(
            insert(deposit_spells),
            [
                {"account_id": account, "first_month": date(2025, 7, 1), "last_month": date(2026, 6, 1),
                 "status": "paid", "base": Decimal("6000.00"), "monthly_amount": Decimal("1440.00"),
                 "employer_id": employer},
                {"account_id": account, "first_month": date(2026, 7, 1), "last_month": date(2026, 10, 1),
                 "status": "arrears", "base": Decimal("6000.00"), "monthly_amount": Decimal("1440.00"),
                 "employer_id": employer},
            ],
        )  # fmt: skip
        _account(uow, li, "410800000002", "active", balance=Decimal("12000.00"))
        _account(uow, father, "410800000003", "closed", balance=Decimal("0.00"), closed_on=date(2022, 3, 1))
        home = c.execute(
            insert(homes).values(
                depositor_id=li,
                in_city=True,
                acquired_on=date(2020, 10, 1),
                area=Decimal("98.50"),
                address="焦作市解放区人民路1号",
            )
        ).inserted_primary_key[0]
        c.execute(
            insert(homes).values(depositor_id=li, in_city=True, acquired_on=date(2026, 10, 1), area=Decimal("60"))
        )
        for loan in (
                {"depositor_id": li, "co_borrower_id": zhang, "home_id": home, "kind": "hpf", "status": "outstanding",
                 "principal": Decimal("400000.00"), "balance": Decimal("350000.00"),
                 "monthly_payment": Decimal("1600.00"), "rate": Decimal("0.02850"), "start": date(2020, 11, 1),
                 "term_months": 360, "local": True},
                {"depositor_id": zhang, "kind": "commercial", "status": "repaid", "principal": Decimal("100000.00"),
                 "balance": Decimal("0.00"), "start": date(2016, 1, 1), "term_months": 120,
                 "repaid_on": date(2026, 9, 1), "local": True},
        ):  # fmt: skip
            c.execute(insert(loans).values(loan))
        c.execute(
            insert(withdrawals),
            [
                {"depositor_id": zhang, "paid_on": date(2021, 1, 5), "business": "withdraw.purchase_new",
                 "amount": Decimal("30000.00")},
                {"depositor_id": zhang, "paid_on": date(2026, 11, 1), "business": "withdraw.repay_hpf",
                 "amount": Decimal("19200.00")},
            ],
        )  # fmt: skip
        uow.depositors.link_family(zhang, li, "spouse")
        uow.depositors.link_family(zhang, father, "parent")
        uow.depositors.link_family(zhang, son, "child")
        uow.commit()
    return {"zhang": zhang, "li": li, "father": father, "son": son}


def test_scenario_carries_the_family_and_their_facts(migrated_engine: Engine, family: dict[str, int]) -> None:
    with SqlUnitOfWork(migrated_engine) as uow:
        scenario = uow.depositors.scenario_for(family["zhang"], ON)

    applicant = scenario.applicant
    assert scenario.on == ON
    assert applicant.name == "张伟"
    assert applicant.employment is not None and applicant.employment.employer == "焦作市华源机械有限公司"
    assert applicant.monthly_income == Decimal("8000.50")
    account = applicant.account
    assert account is not None
    assert account.balance == Decimal("45678.90")
    assert account.rate_employee == Decimal("0.12")
    history = account.history or []
    # Spells expand to months and stop at the scenario date's month.
    assert [m.month for m in history][:2] == ["2025-07", "2025-08"]
    assert history[-1].month == "2026-08"
    assert [m.status for m in history if m.month >= "2026-07"] == ["arrears", "arrears"]
    assert all(m.amount == Decimal("1440.00") for m in history)

    spouse = scenario.spouse
    assert spouse is not None and spouse.name == "李娜"
    assert spouse.account is not None and spouse.account.balance == Decimal("12000.00")
    assert [h.address for h in spouse.homes] == ["焦作市解放区人民路1号"]  # the later home is not yet owned
    assert [loan.kind for loan in spouse.loans] == ["hpf"]
    # The co-borrower sees the loan too.
    assert {loan.kind for loan in applicant.loans} == {"hpf", "commercial"}
    commercial = next(loan for loan in applicant.loans if loan.kind == "commercial")
    assert commercial.status == "outstanding" and commercial.balance is None  # repaid only after ON
    assert [w.business for w in applicant.withdrawals] == ["withdraw.purchase_new"]

    assert [p.name for p in scenario.parents] == ["张建国"]
    assert scenario.parents[0].account is not None and scenario.parents[0].account.status == "closed"
    assert [c.name for c in scenario.children] == ["张小宇"]
    assert scenario.children[0].account is None


def test_family_links_navigate_both_ways(migrated_engine: Engine, family: dict[str, int]) -> None:
    with SqlUnitOfWork(migrated_engine) as uow:
        wife = uow.depositors.scenario_for(family["li"], ON)
        father = uow.depositors.scenario_for(family["father"], ON)
    assert wife.spouse is not None and wife.spouse.name == "张伟"
    assert [c.name for c in father.children] == ["张伟"]


def test_lookup_by_name_initials_id_and_phone(migrated_engine: Engine, family: dict[str, int]) -> None:
    with SqlUnitOfWork(migrated_engine) as uow:
        repo = uow.depositors
        by_id = repo.find(make_id_number("410802", date(1990, 5, 17), 123, "male"))
        assert [s.name for s in by_id] == ["张伟"]
        assert [s.name for s in repo.find("13812345678")] == ["张伟"]
        assert {s.name for s in repo.find("zw")} == {"张伟"}
        assert {s.name for s in repo.find("张")} == {"张伟", "张建国", "张小宇"}
        assert repo.find("1") == []
        summary = repo.get(family["zhang"])
        assert summary.account_number == "410800000001"
        assert summary.balance == Decimal("45678.90")
        assert repo.count() == 3
        assert repo.ids() == sorted([family["zhang"], family["li"], family["father"]])


def test_unknown_depositor_is_not_found(migrated_engine: Engine, family: dict[str, int]) -> None:
    with SqlUnitOfWork(migrated_engine) as uow:
        with pytest.raises(NotFound, match="库内没有编号为999999"):
            uow.depositors.get(999_999)
        with pytest.raises(NotFound):
            uow.depositors.scenario_for(999_999, ON)


def test_leaving_a_unit_of_work_without_commit_rolls_back(migrated_engine: Engine) -> None:
    with SqlUnitOfWork(migrated_engine) as uow:
        _person(uow, "王芳", "WF", "female", date(1995, 1, 1), 20)
    with SqlUnitOfWork(migrated_engine) as uow:
        assert uow.depositors.find("王芳") == []
