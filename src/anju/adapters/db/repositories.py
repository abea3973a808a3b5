"""Depositor repository: look people up and turn their rows into the engine's Scenario."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence
from datetime import date
from typing import Any

from sqlalchemy import BindParameter, Connection, Date, Select, bindparam, func, or_, select

from anju.adapters.db import mapping
from anju.adapters.db.member_writes import MemberWrites
from anju.adapters.db.tables import (
    accounts,
    deposit_spells,
    depositors,
    employers,
    family_links,
    homes,
    loans,
    withdrawals,
)
from anju.domain.errors import NotFound
from anju.domain.members.lookup import DepositorSummary, classify
from anju.domain.scenario import Home, Loan, Person, Scenario, Withdrawal

_CHUNK = 500
"""IN-list size per query: far below SQLite's bound-parameter limit."""


def _chunks(values: Sequence[int]) -> Iterator[list[int]]:
    for start in range(0, len(values), _CHUNK):
        yield list(values[start : start + _CHUNK])


def _summary_select() -> Select[Any]:
    """A depositor's header: who, their employer, their account."""
    return (
        select(
            depositors.c.id,
            depositors.c.name,
            depositors.c.id_number,
            depositors.c.phone,
            depositors.c.sex,
            depositors.c.birth_date,
            employers.c.name.label("employer"),
            depositors.c.employment_status,
            accounts.c.number.label("account_number"),
            accounts.c.status.label("account_status"),
            accounts.c.balance,
        )
        .select_from(depositors)
        .outerjoin(accounts, accounts.c.depositor_id == depositors.c.id)
        .outerjoin(employers, employers.c.id == depositors.c.employer_id)
    )


class SqlDepositorRepository(MemberWrites):
    """Depositors, their accounts, histories, homes, loans and families, on one connection."""

    def __init__(self, connection: Connection) -> None:
        super().__init__(connection)
        self.connection = connection

    # -- lookup ---------------------------------------------------------------------------

    def get(self, depositor_id: int) -> DepositorSummary:
        """The depositor with this record number; :class:`NotFound` when there is none."""
        row = self.connection.execute(_SUMMARY, {"id": depositor_id}).first()
        if row is None:
            raise NotFound(f"库内没有编号为{depositor_id}的缴存人")
        return DepositorSummary(**row._mapping)

    def find(self, text: str, limit: int = 50) -> list[DepositorSummary]:
        """Depositors matching a name, pinyin initials, 身份证号 (whole or part) or phone."""
        query = classify(text)
        if query is None:
            return []
        q = query.text
        condition = {
            "id_number": depositors.c.id_number == q,
            "phone": depositors.c.phone == q,
            "digits": or_(
                depositors.c.id_number.startswith(q),
                depositors.c.id_number.endswith(q),
                depositors.c.phone.endswith(q),
            ),
            "initials": depositors.c.name_initials.startswith(q),
            "name": or_(depositors.c.name == q, depositors.c.name.startswith(q)),
        }[query.kind]
        statement = _summary_select().where(condition).order_by(depositors.c.name, depositors.c.id).limit(limit)
        return [DepositorSummary(**row._mapping) for row in self.connection.execute(statement)]

    def ids(self, *, limit: int | None = None, offset: int = 0) -> list[int]:
        """Record numbers of people who hold an account, in order (for batch runs)."""
        statement = select(accounts.c.depositor_id).order_by(accounts.c.depositor_id).offset(offset).limit(limit)
        return list(self.connection.scalars(statement))

    def count(self) -> int:
        """How many people hold an account."""
        return int(self.connection.scalar(select(func.count()).select_from(accounts)) or 0)

    # -- scenarios ------------------------------------------------------------------------

    def scenario_for(self, depositor_id: int, on: date) -> Scenario:
        """The stored depositor with spouse, parents and children, as the engine's input."""
        return self.scenarios_for([depositor_id], on)[depositor_id]

    def scenarios_for(self, depositor_ids: Sequence[int], on: date) -> dict[int, Scenario]:
        """Scenarios for many depositors with one query per table (for batch diagnosis)."""
        wanted = list(dict.fromkeys(depositor_ids))
        relatives: dict[int, list[tuple[int, str]]] = defaultdict(list)
        for chunk in _chunks(wanted):
            for owner, relative, relation in self.connection.execute(_FAMILY, {"ids": chunk}):
                relatives[owner].append((relative, relation))
        everyone = list(dict.fromkeys(wanted + [r for links in relatives.values() for r, _ in links]))
        people = self._people(everyone, on)
        missing = [i for i in wanted if i not in people]
        if missing:
            raise NotFound(f"库内没有编号为{missing[0]}的缴存人")
        scenarios = {}
        for depositor_id in wanted:
            links = relatives.get(depositor_id, [])
            spouses = [people[r] for r, kind in links if kind == "spouse"]
            applicant = people[depositor_id]
            scenarios[depositor_id] = Scenario(
                applicant=applicant,
                on=on,
                title=f"{applicant.name}（库内编号{depositor_id}）",
                spouse=spouses[0] if spouses else None,
                parents=[people[r] for r, kind in links if kind == "parent"],
                children=[people[r] for r, kind in links if kind == "child"],
            )
        return scenarios

    def _rows(self, statement: Select[Any], params: dict[str, Any]) -> list[Any]:
        return [row._mapping for row in self.connection.execute(statement, params)]

    def _people(self, person_ids: list[int], on: date) -> dict[int, Person]:
        person_rows: dict[int, Any] = {}
        account_rows: dict[int, Any] = {}
        spells: dict[int, list[Any]] = defaultdict(list)
        home_rows: dict[int, list[Home]] = defaultdict(list)
        loan_rows: dict[int, list[Loan]] = defaultdict(list)
        withdrawal_rows: dict[int, list[Withdrawal]] = defaultdict(list)
        for chunk in _chunks(person_ids):
            params = {"ids": chunk, "on": on}
            for row in self._rows(_PEOPLE, params):
                person_rows[row["id"]] = row
            for row in self._rows(_ACCOUNTS, params):
                account_rows[row["depositor_id"]] = row
            for row in self._rows(_SPELLS, params):
                spells[row["depositor_id"]].append(row)
            for row in self._rows(_HOMES, params):
                home_rows[row["depositor_id"]].append(mapping.home(row))
            wanted = set(chunk)
            for row in self._rows(_LOANS, params):
                for holder in {row["depositor_id"], row["co_borrower_id"]} & wanted:
                    loan_rows[holder].append(mapping.loan(row, on))
            for row in self._rows(_WITHDRAWALS, params):
                withdrawal_rows[row["depositor_id"]].append(mapping.withdrawal(row))
        people = {}
        for person_id, row in person_rows.items():
            account_row = account_rows.get(person_id)
            people[person_id] = mapping.person(
                row,
                employer=row["employer_name"],
                account=None if account_row is None else mapping.account(account_row, spells[person_id], on),
                homes=home_rows[person_id],
                loans=loan_rows[person_id],
                withdrawals=withdrawal_rows[person_id],
            )
        return people


# The scenario reads, built once: a statement built per request costs more than running it
# (SQLAlchemy constructs and keys it anew each time). ``ids`` expands to the IN list.
_IDS: BindParameter[list[int]] = bindparam("ids", expanding=True)
_ON = bindparam("on", type_=Date)
_FAMILY = (
    select(family_links.c.depositor_id, family_links.c.relative_id, family_links.c.relation)
    .where(family_links.c.depositor_id.in_(_IDS))
    .order_by(family_links.c.depositor_id, family_links.c.relative_id)
)
_PEOPLE = (
    select(depositors, employers.c.name.label("employer_name"))
    .outerjoin(employers, employers.c.id == depositors.c.employer_id)
    .where(depositors.c.id.in_(_IDS))
)
_SUMMARY = _summary_select().where(depositors.c.id == bindparam("id"))
_ACCOUNTS = select(accounts).where(accounts.c.depositor_id.in_(_IDS))
_SPELLS = (
    select(deposit_spells, accounts.c.depositor_id)
    .join(accounts, accounts.c.id == deposit_spells.c.account_id)
    .where(accounts.c.depositor_id.in_(_IDS), deposit_spells.c.first_month <= _ON)
    .order_by(deposit_spells.c.account_id, deposit_spells.c.first_month)
)
_HOMES = (
    select(homes)
    .where(homes.c.depositor_id.in_(_IDS), or_(homes.c.acquired_on.is_(None), homes.c.acquired_on <= _ON))
    .order_by(homes.c.id)
)
_LOANS = (
    select(loans)
    .where(or_(loans.c.depositor_id.in_(_IDS), loans.c.co_borrower_id.in_(_IDS)),
           or_(loans.c.start.is_(None), loans.c.start <= _ON))
    .order_by(loans.c.id)
)
_WITHDRAWALS = (
    select(withdrawals)
    .where(withdrawals.c.depositor_id.in_(_IDS), withdrawals.c.paid_on <= _ON)
    .order_by(withdrawals.c.paid_on, withdrawals.c.id)
)
