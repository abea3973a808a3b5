"""Writing members: upsert by 身份证号 (imports), employers by name, family links both ways."""

from __future__ import annotations

from typing import Any, Literal

from sqlalchemy import Connection, CursorResult, insert, select, update

from anju.adapters.db.tables import accounts, depositors, employers, family_links
from anju.domain.members.import_rows import MemberRow
from anju.services.pinyin import initials

UpsertOutcome = Literal["created", "updated", "unchanged"]

_INVERSE = {"spouse": "spouse", "parent": "child", "child": "parent"}


def _new_id(result: CursorResult[Any]) -> int:
    key = result.inserted_primary_key
    if key is None:  # pragma: no cover - every insert here has an integer key
        raise RuntimeError("the database returned no id")
    return int(key[0])


class MemberWrites:
    """The write side of the depositor repository (mixed into it)."""

    def __init__(self, connection: Connection) -> None:
        self.connection = connection

    def id_for(self, id_number: str) -> int | None:
        """The record number of the person with this 身份证号, if stored."""
        statement = select(depositors.c.id).where(depositors.c.id_number == id_number)
        found: int | None = self.connection.scalar(statement)
        return found

    def account_owner(self, account_number: str) -> str | None:
        """The 身份证号 of whoever holds this account number, if anyone."""
        statement = (
            select(depositors.c.id_number)
            .join(accounts, accounts.c.depositor_id == depositors.c.id)
            .where(accounts.c.number == account_number)
        )
        owner: str | None = self.connection.scalar(statement)
        return owner

    def employer_id_for(self, name: str, row: MemberRow | None = None) -> int:
        """The employer with this name, registered (with the row's ratios) when new."""
        found = self.connection.scalar(select(employers.c.id).where(employers.c.name == name))
        if found is not None:
            return int(found)
        values: dict[str, Any] = {"name": name}
        if row is not None:
            values |= {"rate_employee": row.rate_employee, "rate_employer": row.rate_employer}
        return _new_id(self.connection.execute(insert(employers).values(values)))

    def upsert_member(self, row: MemberRow) -> UpsertOutcome:
        """Create or update the person and account of one import row (key: 身份证号).

        An empty cell keeps what is stored: an export that lacks a column never erases data.
        """
        person: dict[str, Any] = {
            "name": row.name,
            "name_initials": initials(row.name),
            "sex": row.sex,
            "birth_date": row.birth_date,
            "phone": row.phone,
            "hukou_local": row.hukou_local,
            "marital_status": row.marital_status,
            "children_count": row.children_count,
            "education": row.education,
            "monthly_income": row.monthly_income,
            "employment_status": row.employment_status,
            "employer_id": None if row.employer is None else self.employer_id_for(row.employer, row),
        }
        account: dict[str, Any] = {
            "number": row.account_number,
            "status": row.account_status,
            "balance": row.balance,
            "base": row.base,
            "rate_employee": row.rate_employee,
            "rate_employer": row.rate_employer,
            "opened_on": row.opened_on,
            "sealed_on": row.sealed_on,
        }
        existing = self.connection.execute(select(depositors).where(depositors.c.id_number == row.id_number)).first()
        if existing is None:
            result = self.connection.execute(insert(depositors).values(id_number=row.id_number, **person))
            person_id = _new_id(result)
            self.connection.execute(insert(accounts).values(depositor_id=person_id, **account))
            return "created"
        person_id = existing.id
        changed = self._update(depositors, depositors.c.id, person_id, existing._mapping, person)
        stored = self.connection.execute(select(accounts).where(accounts.c.depositor_id == person_id)).first()
        if stored is None:
            self.connection.execute(insert(accounts).values(depositor_id=person_id, **account))
            return "updated"
        changed |= self._update(accounts, accounts.c.id, stored.id, stored._mapping, account)
        return "updated" if changed else "unchanged"

    def _update(self, table: Any, key: Any, key_value: int, stored: Any, values: dict[str, Any]) -> bool:
        changes = {k: v for k, v in values.items() if v is not None and stored[k] != v}
        if changes:
            self.connection.execute(update(table).where(key == key_value).values(changes))
        return bool(changes)

    def link_family(self, depositor_id: int, relative_id: int, relation: str) -> None:
        """Record that ``relative_id`` is ``depositor_id``'s spouse, parent or child (both ways)."""
        if relation not in _INVERSE:
            raise ValueError(f"unknown relation {relation!r}")
        self.connection.execute(
            insert(family_links),
            [
                {"depositor_id": depositor_id, "relative_id": relative_id, "relation": relation},
                {
                    "depositor_id": relative_id,
                    "relative_id": depositor_id,
                    "relation": _INVERSE[relation],
                },
            ],
        )
