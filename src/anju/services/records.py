"""Use cases: find a depositor and open their record — ownership checked, staff views logged.

A citizen reaches only their own record (linked by 身份证号). Every time staff open a record
the view is written to the append-only record-view log — who, when, why and through which page
or API resource — in the same transaction as nothing else, before the record is returned
(个人信息保护法: access to personal information is recorded).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Protocol

from anju.domain.access import Role, may_view_record
from anju.domain.errors import AccessDenied, InputError, NotFound, Problem
from anju.domain.members.lookup import DepositorSummary
from anju.domain.scenario import Scenario
from anju.services.accounts import User

DEFAULT_REASON = "窗口办理"
MAX_REASON = 100


@dataclass(frozen=True, slots=True)
class RecordView:
    """One entry of the record-view log."""

    at: datetime
    username: str
    role: str
    depositor_id: int
    reason: str
    what: str


class DepositorReader(Protocol):
    def get(self, depositor_id: int) -> DepositorSummary: ...

    def find(self, text: str, limit: int = 50) -> list[DepositorSummary]: ...

    def scenario_for(self, depositor_id: int, on: date) -> Scenario: ...

    def record_for(self, depositor_id: int, on: date) -> tuple[DepositorSummary, Scenario]: ...


class ViewLog(Protocol):
    def add(self, user: User, depositor_id: int, reason: str, what: str, at: datetime) -> None: ...

    def recent(self, limit: int = 100, depositor_id: int | None = None) -> Sequence[RecordView]: ...


class RecordsUnitOfWork(Protocol):
    @property
    def depositors(self) -> DepositorReader: ...

    @property
    def views(self) -> ViewLog: ...


    def commit(self) -> None: ...


@dataclass(frozen=True, slots=True)
class Record:
    """An opened record: the header and the engine's input on the date asked."""

    summary: DepositorSummary
    scenario: Scenario
    own: bool
    """Whether the viewer is the person themself."""


def clean_reason(reason: str | None) -> str:
    """The reason for looking, as logged: the default when blank, at most 100 characters."""
    text = " ".join((reason or "").split())
    if not text:
        return DEFAULT_REASON
    if len(text) > MAX_REASON:
        raise InputError("查询事由过长", [Problem("reason", f"查询事由不超过{MAX_REASON}个字")])
    return text


def own_record(uow: RecordsUnitOfWork, user: User) -> int | None:
    """A citizen's own record number (None for staff, or when the record is not in the database)."""
    if user.role is not Role.CITIZEN or not user.depositor_id_number:
        return None
    hits = uow.depositors.find(user.depositor_id_number, limit=2)
    return next((h.id for h in hits if h.id_number == user.depositor_id_number), None)


def search(uow: RecordsUnitOfWork, user: User, text: str, limit: int = 50) -> list[DepositorSummary]:
    """Depositors matching ``text`` (name, pinyin initials, 身份证号, phone); staff only."""
    if not user.role.staff:
        raise AccessDenied("缴存人只能查看本人的记录")
    if not text.strip():
        raise InputError("请输入查询内容", [Problem("q", "请输入姓名、拼音首字母、身份证号或手机号")])
    return uow.depositors.find(text, limit=limit)


def open_record(uow: RecordsUnitOfWork, user: User, depositor_id: int, on: date, now: datetime,
                what: str, reason: str | None = None) -> Record:
    """The record ``depositor_id`` as ``user`` may see it; a staff view is logged first."""
    mine = own_record(uow, user)
    if not may_view_record(user.role, mine, depositor_id):
        raise AccessDenied("您只能查看本人的公积金记录")
    why = clean_reason(reason)
    summary, scenario = uow.depositors.record_for(depositor_id, on)
    if user.role.staff:
        # Logged before the record leaves this function; a log that cannot be written
        # means the record is not shown.
        uow.views.add(user, depositor_id, why, what, now)
        uow.commit()
    return Record(summary, scenario, own=mine == depositor_id)


def my_record(uow: RecordsUnitOfWork, user: User, on: date, now: datetime, what: str) -> Record:
    """A citizen's own record; NotFound when their account is not linked to a stored record."""
    mine = own_record(uow, user)
    if mine is None:
        raise NotFound("没有找到与您的身份证号对应的公积金记录，请到服务大厅或拨打12329核实")
    return open_record(uow, user, mine, on, now, what)
