"""Depositor repository: look people up and turn their rows into the engine's Scenario."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from datetime import date
from typing import Any, NamedTuple

from sqlalchemy import BindParameter, ColumnElement, Connection, Date, Select, bindparam, func, or_, select

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
        return self.record_for(depositor_id, on)[1]

    def record_for(self, depositor_id: int, on: date) -> tuple[DepositorSummary, Scenario]:
        """A depositor's header and scenario, read together (one statement per table).

        The family is selected by the owner's number in every statement rather than by an
        IN list of its members, so the statements are compiled once and never re-rendered.
        """
        params = {"owner": depositor_id, "on": on}
        links = self.connection.execute(_FAMILY_OF_OWNER, params).all()
        read = self._people(_FAMILY_READS, params, {depositor_id, *(r for r, _ in links)}, on)
        row = read.rows.get(depositor_id)
        if row is None:
            raise NotFound(f"库内没有编号为{depositor_id}的缴存人")
        summary = mapping.summary(depositor_id, row, read.accounts.get(depositor_id))
        return summary, _scenario(depositor_id, on, read.people, links)

    def scenarios_for(self, depositor_ids: Sequence[int], on: date) -> dict[int, Scenario]:
        """Scenarios for many depositors with one query per table and chunk (batch diagnosis)."""
        wanted = list(dict.fromkeys(depositor_ids))
        relatives: dict[int, list[Any]] = defaultdict(list)
        for chunk in _chunks(wanted):
            for link in self.connection.execute(_FAMILY, {"ids": chunk}).all():
                relatives[link.depositor_id].append(link)
        everyone = list(dict.fromkeys(wanted + [link.relative_id for links in relatives.values() for link in links]))
        people: dict[int, Person] = {}
        for chunk in _chunks(everyone):
            people.update(self._people(_READS_BY_IDS, {"ids": chunk, "on": on}, set(chunk), on).people)
        missing = [i for i in wanted if i not in people]
        if missing:
            raise NotFound(f"库内没有编号为{missing[0]}的缴存人")
        return {i: _scenario(i, on, people, [(link.relative_id, link.relation) for link in relatives[i]])
                for i in wanted}

    def _rows(self, statement: Select[Any], params: dict[str, Any]) -> list[Any]:
        return self.connection.execute(statement, params).all()  # type: ignore[return-value]

    def _people(self, reads: _Reads, params: dict[str, Any], wanted: set[int], on: date) -> _PeopleRead:
        """The people ``reads`` selects with ``params`` (``wanted`` are their numbers).

        Every statement's rows are fetched at once: a result iterated row by row costs twice.
        """
        execute = self._rows
        person_rows = {row.id: row._mapping for row in execute(reads.people, params)}
        account_rows = {row.depositor_id: row._mapping for row in execute(reads.accounts, params)}
        spells: dict[int, list[Any]] = defaultdict(list)
        for row in execute(reads.spells, params):
            spells[row.depositor_id].append(row._mapping)
        home_rows: dict[int, list[Home]] = defaultdict(list)
        for row in execute(reads.homes, params):
            home_rows[row.depositor_id].append(mapping.home(row._mapping))
        loan_rows: dict[int, list[Loan]] = defaultdict(list)
        for row in execute(reads.loans, params):
            for holder in {row.depositor_id, row.co_borrower_id} & wanted:
                loan_rows[holder].append(mapping.loan(row._mapping, on))
        withdrawal_rows: dict[int, list[Withdrawal]] = defaultdict(list)
        for row in execute(reads.withdrawals, params):
            withdrawal_rows[row.depositor_id].append(mapping.withdrawal(row._mapping))
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
        return _PeopleRead(people, person_rows, account_rows)


def _scenario(depositor_id: int, on: date, people: dict[int, Person], links: Sequence[Any]) -> Scenario:
    """The scenario of ``depositor_id`` from the people read and their (relative, relation) links."""
    applicant = people[depositor_id]
    spouses = [people[r] for r, kind in links if kind == "spouse"]
    return Scenario(
        applicant=applicant,
        on=on,
        title=f"{applicant.name}（库内编号{depositor_id}）",
        spouse=spouses[0] if spouses else None,
        parents=[people[r] for r, kind in links if kind == "parent"],
        children=[people[r] for r, kind in links if kind == "child"],
    )


# The scenario reads, built once: a statement built per request costs more than running it
# (SQLAlchemy constructs and keys it anew each time). Two sets select the same rows: by an IN
# list of numbers (``ids``, expanding: re-rendered per execution, for batches), and by the
# family of one owner (``owner``: compiled once, for opening one record).
_IDS: BindParameter[list[int]] = bindparam("ids", expanding=True)
_OWNER: BindParameter[int] = bindparam("owner")
_ON = bindparam("on", type_=Date)


class _PeopleRead(NamedTuple):
    """People as the engine takes them, with their depositor and account rows by number."""

    people: dict[int, Person]
    rows: dict[int, Any]
    accounts: dict[int, Any]


class _Reads(NamedTuple):
    """One statement per table for the people a condition on a depositor-number column selects."""

    people: Select[Any]
    accounts: Select[Any]
    spells: Select[Any]
    homes: Select[Any]
    loans: Select[Any]
    withdrawals: Select[Any]


def _reads(among: Callable[[ColumnElement[int]], ColumnElement[bool]]) -> _Reads:
    return _Reads(
        people=select(depositors, employers.c.name.label("employer_name"))
        .outerjoin(employers, employers.c.id == depositors.c.employer_id)
        .where(among(depositors.c.id)),
        accounts=select(accounts).where(among(accounts.c.depositor_id)),
        # Only what a spell is made of; the account's depositor says whose it is.
        spells=select(deposit_spells.c.first_month, deposit_spells.c.last_month, deposit_spells.c.status,
                      deposit_spells.c.monthly_amount, accounts.c.depositor_id)
        .join(accounts, accounts.c.id == deposit_spells.c.account_id)
        .where(among(accounts.c.depositor_id), deposit_spells.c.first_month <= _ON)
        .order_by(deposit_spells.c.account_id, deposit_spells.c.first_month),
        homes=select(homes)
        .where(among(homes.c.depositor_id), or_(homes.c.acquired_on.is_(None), homes.c.acquired_on <= _ON))
        .order_by(homes.c.id),
        loans=select(loans)
        .where(or_(among(loans.c.depositor_id), among(loans.c.co_borrower_id)),
               or_(loans.c.start.is_(None), loans.c.start <= _ON))
        .order_by(loans.c.id),
        withdrawals=select(withdrawals)
        .where(among(withdrawals.c.depositor_id), withdrawals.c.paid_on <= _ON)
        .order_by(withdrawals.c.paid_on, withdrawals.c.id),
    )


def _in_owners_family(column: ColumnElement[int]) -> ColumnElement[bool]:
    relatives = select(family_links.c.relative_id).where(family_links.c.depositor_id == _OWNER)
    return or_(column == _OWNER, column.in_(relatives.scalar_subquery()))


_FAMILY = (
    select(family_links.c.depositor_id, family_links.c.relative_id, family_links.c.relation)
    .where(family_links.c.depositor_id.in_(_IDS))
    .order_by(family_links.c.depositor_id, family_links.c.relative_id)
)
_FAMILY_OF_OWNER = (
    select(family_links.c.relative_id, family_links.c.relation)
    .where(family_links.c.depositor_id == _OWNER)
    .order_by(family_links.c.relative_id)
)
_READS_BY_IDS = _reads(lambda column: column.in_(_IDS))
_FAMILY_READS = _reads(_in_owners_family)
_SUMMARY = _summary_select().where(depositors.c.id == bindparam("id"))
