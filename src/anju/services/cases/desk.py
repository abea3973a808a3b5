"""The case desk: dependencies, one-transaction moves, idempotency and the command dispatcher.

Every command runs in one unit of work: read the case, apply the pure move, store the case, its
event, any notices and the audit entry, then commit once. A failed rule raises before the commit,
so nothing is written. A command with an idempotency key that was already done returns the case
as it is now instead of doing it again.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from anju.domain.calendar import WorkCalendar
from anju.domain.cases.canonical import digest
from anju.domain.cases.model import Case, CaseEvent
from anju.domain.cases.notices import NoticeKind, notice_number
from anju.domain.errors import Conflict, InputError
from anju.domain.policy.model import PolicyPack
from anju.domain.scenario import Scenario
from anju.services.advice import Advice
from anju.services.cases.ports import CaseUnitOfWork, Clock, IssuedNotice

NoticeBuilder = Callable[[str], dict[str, Any]]
"""Builds a notice's content given its number."""
Applied = tuple[Case, CaseEvent, Sequence[tuple[NoticeKind, NoticeBuilder]]]


@dataclass(frozen=True, slots=True)
class CaseView:
    """A case after a command, with the notices issued for it so far."""

    case: Case
    notices: tuple[IssuedNotice, ...]
    replayed: bool = False
    """True when an idempotency key had already been used: nothing was done this time."""
    issued: tuple[IssuedNotice, ...] = ()
    """The notices this command issued."""


@dataclass
class CaseDesk:
    """The use cases of 办件, wired with the pack, the calendar, storage and a clock."""

    pack: PolicyPack
    calendar: WorkCalendar
    uow: Callable[[], CaseUnitOfWork]
    clock: Clock
    parse_scenario: Callable[[Any], Scenario]
    """Turns a stored scenario (JSON data) back into a Scenario, for recheck and replay."""
    advice: Advice = field(init=False)

    def __post_init__(self) -> None:
        self.advice = Advice(self.pack, self.calendar)

    @property
    def centre(self) -> str:
        """The issuing centre as printed on notices."""
        return f"{self.pack.city}住房公积金管理中心"

    def parameter(self, name: str, on: date) -> int:
        value = self.pack.values_on(on).get(name)
        if value is None:
            raise InputError(f"政策包在{on.isoformat()}没有参数 {name} 的取值")
        return int(value)

    def handle(self, command: Any) -> Any:
        """Run one command (see :mod:`anju.domain.cases.commands`) and return its result."""
        # Imported here: the handlers import this module for CaseDesk and run_move.
        from anju.services.cases.handlers import HANDLERS

        handler = HANDLERS.get(type(command))
        if handler is None:
            raise InputError(f"未知的办件命令：{type(command).__name__}")
        return handler(self, command)


def view(uow: CaseUnitOfWork, case_id: int, replayed: bool = False, numbers: Sequence[str] = ()) -> CaseView:
    """The case with its notices (and those numbered ``numbers``, just issued), read in ``uow``."""
    notices = tuple(uow.notices.for_case(case_id))
    return CaseView(uow.cases.get(case_id), notices, replayed, tuple(n for n in notices if n.number in numbers))


def request_hash(command: Any) -> str:
    """What identifies a request for idempotency: the command's type and fields."""
    return digest({"command": type(command).__name__, "fields": command})


def replay_key(uow: CaseUnitOfWork, key: str, command: Any) -> CaseView | None:
    """The earlier result of ``key``, if it was used; :class:`Conflict` if for another request."""
    found = uow.keys.get(key)
    if found is None:
        return None
    if found.request_hash != request_hash(command):
        raise Conflict(f"幂等键“{key}”已用于另一项请求，请为新的请求生成新的键")
    if found.case_id is None:  # pragma: no cover - a key is bound in the transaction that claims it
        raise Conflict(f"幂等键“{key}”对应的请求尚未完成")
    return view(uow, found.case_id, replayed=True)


def issue(desk: CaseDesk, uow: CaseUnitOfWork, case: Case, kind: NoticeKind, build: NoticeBuilder,
          on: date) -> str:
    """Number, build and store one notice; returns its number."""
    number = notice_number(case, kind, uow.notices.count(case.id, kind.value) + 1)
    uow.notices.add(case.id, kind.value, number, on, build(number), desk.clock.now())
    return number


def run_move(desk: CaseDesk, command: Any, case_id: int, actor: str, on: date,
             apply: Callable[[Case, CaseUnitOfWork], Applied]) -> CaseView:
    """One move in one transaction: case, event, notices, idempotency key and audit entry."""
    key: str | None = getattr(command, "idempotency_key", None)
    with desk.uow() as uow:
        if key is not None:
            earlier = replay_key(uow, key, command)
            if earlier is not None:
                return earlier
            if not uow.keys.claim(key, type(command).__name__, request_hash(command), desk.clock.now()):
                earlier = replay_key(uow, key, command)
                if earlier is None:  # pragma: no cover - claim() is False only for a committed key
                    raise Conflict(f"幂等键“{key}”正被另一项请求使用，请稍后重试")
                return earlier
        before = uow.cases.get(case_id)
        after, event, notices = apply(before, uow)
        uow.cases.save(after, expected_version=before.version)
        uow.cases.add_event(after.id, event, actor, desk.clock.now())
        numbers = [issue(desk, uow, after, kind, build, on) for kind, build in notices]
        if key is not None:
            uow.keys.bind(key, after.id)
        uow.audit.append(actor, f"case.{event.action}", "case", after.id, before.snapshot(),
                         after.snapshot() | {"event": event.name, "notices": numbers})
        uow.commit()
        return view(uow, after.id, numbers=numbers)
