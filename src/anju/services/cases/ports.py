"""Ports of the case desk: what the use cases need from storage and the clock.

The SQL implementations live in :mod:`anju.adapters.db.case_uow` and its neighbours; a unit of
work opens one transaction, and nothing it did is kept unless ``commit()`` is called.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from types import TracebackType
from typing import Any, Protocol, Self

from anju.domain.cases.model import Case, CaseEvent
from anju.domain.cases.rating import Appeal, Rating, Rectification
from anju.domain.scenario import Scenario
from anju.services.audit import AuditLog


class Clock(Protocol):
    """Port: the current moment (timezone-aware), for event and audit timestamps."""

    def now(self) -> datetime: ...


@dataclass(frozen=True, slots=True)
class IssuedNotice:
    """A notice as issued: its kind, number, date and the content it was printed from."""

    id: int
    case_id: int
    kind: str
    number: str
    issued_on: date
    content: dict[str, Any]


@dataclass(frozen=True, slots=True)
class KeyRecord:
    """An idempotency key already used: by which command, for which request, on which case."""

    key: str
    command: str
    request_hash: str
    case_id: int | None


@dataclass(frozen=True, slots=True)
class EventRecord:
    """A stored case event (the state history)."""

    name: str
    from_state: str | None
    to_state: str
    on: date
    at: datetime
    actor: str
    data: dict[str, Any]


class CaseRepository(Protocol):
    """Cases, their stored decisions and state history."""

    def add(self, case: Case, decision: Mapping[str, Any], scenario: Mapping[str, Any]) -> Case:
        """Store a new case; returns it with its id and number."""
        ...

    def get(self, case_id: int) -> Case: ...

    def id_for(self, number: str) -> int:
        """The id of the case with this 办件编号 (:class:`NotFound` when none)."""
        ...

    def save(self, case: Case, expected_version: int) -> None:
        """Store ``case``; :class:`Conflict` when someone else changed it since it was read."""
        ...

    def replace_decision(self, case_id: int, decision: Mapping[str, Any], scenario: Mapping[str, Any]) -> None: ...

    def decision(self, case_id: int) -> dict[str, Any]: ...

    def scenario(self, case_id: int) -> dict[str, Any]: ...

    def add_event(self, case_id: int, event: CaseEvent, actor: str, at: datetime) -> None: ...

    def events(self, case_id: int) -> list[EventRecord]: ...

    def with_outstanding(self) -> list[int]:
        """Ids of cases not ended that still owe 容缺 materials."""
        ...

    def not_ended(self) -> list[Case]: ...

    def find(self, state: str | None = None, depositor_id: int | None = None, limit: int = 50) -> list[Case]: ...


class NoticeStore(Protocol):
    """Notices issued."""

    def add(self, case_id: int, kind: str, number: str, on: date, content: Mapping[str, Any], at: datetime) -> int: ...

    def count(self, case_id: int, kind: str) -> int: ...

    def for_case(self, case_id: int) -> list[IssuedNotice]: ...

    def get(self, notice_id: int) -> IssuedNotice: ...


class IdempotencyKeys(Protocol):
    """Keys that make a repeated command happen once."""

    def get(self, key: str) -> KeyRecord | None: ...

    def claim(self, key: str, command: str, request_hash: str, at: datetime) -> bool:
        """Take ``key`` for this transaction; False when another (committed) request holds it."""
        ...

    def bind(self, key: str, case_id: int) -> None: ...


class RatingRepository(Protocol):
    """好差评: ratings, rectifications and appeals."""

    def add_rating(self, rating: Rating, at: datetime) -> Rating: ...

    def get_rating(self, rating_id: int) -> Rating: ...

    def rating_for(self, case_id: int) -> Rating | None: ...

    def exclude(self, rating_id: int) -> None: ...

    def add_rectification(self, rect: Rectification) -> Rectification: ...

    def get_rectification(self, rect_id: int) -> Rectification: ...

    def rectification_for(self, rating_id: int) -> Rectification | None: ...

    def save_rectification(self, rect: Rectification) -> None: ...

    def open_rectifications(self) -> list[Rectification]: ...

    def add_appeal(self, appeal: Appeal) -> Appeal: ...

    def get_appeal(self, appeal_id: int) -> Appeal: ...

    def appeals_for(self, rating_id: int) -> list[Appeal]: ...

    def save_appeal(self, appeal: Appeal) -> None: ...


class ScenarioSource(Protocol):
    """A depositor's scenario (with family) from the member records."""

    def scenario_for(self, depositor_id: int, on: date) -> Scenario: ...


class CaseUnitOfWork(Protocol):
    """One transaction over every case store and the audit log."""

    @property
    def cases(self) -> CaseRepository: ...

    @property
    def notices(self) -> NoticeStore: ...

    @property
    def keys(self) -> IdempotencyKeys: ...

    @property
    def ratings(self) -> RatingRepository: ...

    @property
    def audit(self) -> AuditLog: ...

    @property
    def depositors(self) -> ScenarioSource: ...

    def __enter__(self) -> Self: ...

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None: ...

    def commit(self) -> None: ...
