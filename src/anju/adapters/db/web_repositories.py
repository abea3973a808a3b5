"""SQL stores for the web tier (users, sessions, attempts, record views, bookings) and its unit of work."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, CursorResult, DateTime, bindparam, delete, func, insert, select, update

from anju.adapters.db.inserts import insert_returning_id
from anju.adapters.db.uow import SqlUnitOfWork
from anju.adapters.db.web_tables import bookings, login_attempts, record_views, users, web_sessions
from anju.domain.access import Role
from anju.domain.errors import Conflict
from anju.services.accounts import StoredUser, User
from anju.services.bookings import Booking
from anju.services.records import RecordView

# Statements every request runs, built once (building one costs more than running it).
_SESSION = (
    select(users, web_sessions.c.csrf_token, web_sessions.c.expires_at)
    .join(web_sessions, web_sessions.c.user_id == users.c.id)
    .where(web_sessions.c.token_hash == bindparam("token_hash"),
           web_sessions.c.expires_at > bindparam("now", type_=DateTime), users.c.active.is_(True))
)
_VIEW = insert(record_views)


def _user(row: Any) -> User:
    m = row._mapping
    return User(m["id"], m["username"], m["display_name"], Role(m["role"]), m["depositor_id_number"])


def _new_id(result: CursorResult[Any]) -> int:
    key = result.inserted_primary_key
    assert key is not None
    return int(key[0])


class SqlUserStore:
    def __init__(self, connection: Connection) -> None:
        self.connection = connection

    def by_username(self, username: str) -> StoredUser | None:
        row = self.connection.execute(select(users).where(users.c.username == username)).first()
        return None if row is None else StoredUser(_user(row), row.password_hash, bool(row.active))

    def add(self, username: str, display_name: str, role: Role, password_hash: str,
            depositor_id_number: str | None, now: datetime) -> int:
        values = {"username": username, "display_name": display_name, "role": role.value,
                  "password_hash": password_hash, "depositor_id_number": depositor_id_number,
                  "active": True, "created_at": now}
        new = insert_returning_id(self.connection, users, values)
        if new is None:
            raise Conflict(f"用户名 {username} 或其关联的身份证号已被使用")
        return new

    def set_password(self, user_id: int, password_hash: str) -> None:
        self.connection.execute(update(users).where(users.c.id == user_id).values(password_hash=password_hash))

    def all(self) -> list[User]:
        return [_user(row) for row in self.connection.execute(select(users).order_by(users.c.id))]


class SqlSessionStore:
    def __init__(self, connection: Connection) -> None:
        self.connection = connection

    def add(self, token_hash: str, user_id: int, csrf_token: str, now: datetime,
            expires_at: datetime, ip: str | None) -> None:
        self.connection.execute(insert(web_sessions).values(
            token_hash=token_hash, user_id=user_id, csrf_token=csrf_token, created_at=now,
            expires_at=expires_at, ip=ip))

    def find(self, token_hash: str, now: datetime) -> tuple[User, str, datetime] | None:
        row = self.connection.execute(_SESSION, {"token_hash": token_hash, "now": now}).first()
        return None if row is None else (_user(row), row.csrf_token, row.expires_at)

    def remove(self, token_hash: str) -> None:
        self.connection.execute(delete(web_sessions).where(web_sessions.c.token_hash == token_hash))

    def purge(self, now: datetime) -> int:
        """Delete expired sessions; returns how many."""
        return self.connection.execute(delete(web_sessions).where(web_sessions.c.expires_at <= now)).rowcount


class SqlAttemptLog:
    def __init__(self, connection: Connection) -> None:
        self.connection = connection

    def add(self, username: str, ip: str, at: datetime, success: bool) -> None:
        self.connection.execute(insert(login_attempts).values(username=username[:50], ip=ip[:45], at=at,
                                                              success=success))

    def failures_since(self, *, since: datetime, username: str | None = None, ip: str | None = None) -> int:
        statement = select(func.count()).select_from(login_attempts).where(
            login_attempts.c.at >= since, login_attempts.c.success.is_(False))
        if username is not None:
            statement = statement.where(login_attempts.c.username == username)
        if ip is not None:
            statement = statement.where(login_attempts.c.ip == ip)
        return int(self.connection.scalar(statement) or 0)


class SqlViewLog:
    """The append-only record-view log: there is no update or delete here."""

    def __init__(self, connection: Connection) -> None:
        self.connection = connection

    def add(self, user: User, depositor_id: int, reason: str, what: str, at: datetime) -> None:
        self.connection.execute(_VIEW, {
            "user_id": user.id, "username": user.username, "role": user.role.value, "depositor_id": depositor_id,
            "reason": reason, "what": what, "at": at})

    def recent(self, limit: int = 100, depositor_id: int | None = None) -> Sequence[RecordView]:
        statement = select(record_views).order_by(record_views.c.at.desc(), record_views.c.id.desc()).limit(limit)
        if depositor_id is not None:
            statement = statement.where(record_views.c.depositor_id == depositor_id)
        return [RecordView(r.at, r.username, r.role, r.depositor_id, r.reason, r.what)
                for r in self.connection.execute(statement)]


def _booking(row: Any) -> Booking:
    m = row._mapping
    return Booking(m["id"], m["depositor_id"], m["business"], m["starts_at"], bool(m["extended"]),
                   bool(m["rongque"]), m["status"], m["created_at"])


class SqlBookingStore:
    def __init__(self, connection: Connection) -> None:
        self.connection = connection

    def seats_taken(self, start: datetime, end: datetime) -> dict[datetime, set[int]]:
        statement = select(bookings.c.starts_at, bookings.c.seat).where(
            bookings.c.starts_at >= start, bookings.c.starts_at < end, bookings.c.status == "booked")
        taken: dict[datetime, set[int]] = defaultdict(set)
        for starts_at, seat in self.connection.execute(statement):
            taken[starts_at].add(seat)
        return taken

    def add(self, depositor_id: int, business: str, starts_at: datetime, seat: int, extended: bool,
            rongque: bool, created_by: int, now: datetime) -> int:
        values = {"depositor_id": depositor_id, "business": business, "starts_at": starts_at, "seat": seat,
                  "extended": extended, "rongque": rongque, "status": "booked", "created_by": created_by,
                  "created_at": now}
        new = insert_returning_id(self.connection, bookings, values)
        if new is None:
            raise Conflict("该时段刚刚被约满，请选择其他时段")
        return new

    def get(self, booking_id: int) -> Booking | None:
        row = self.connection.execute(select(bookings).where(bookings.c.id == booking_id)).first()
        return None if row is None else _booking(row)

    def for_depositor(self, depositor_id: int) -> list[Booking]:
        statement = select(bookings).where(bookings.c.depositor_id == depositor_id).order_by(bookings.c.starts_at)
        return [_booking(r) for r in self.connection.execute(statement)]

    def between(self, start: datetime, end: datetime) -> list[Booking]:
        statement = (select(bookings).where(bookings.c.starts_at >= start, bookings.c.starts_at < end)
                     .order_by(bookings.c.starts_at, bookings.c.id))
        return [_booking(r) for r in self.connection.execute(statement)]

    def cancel(self, booking_id: int) -> None:
        self.connection.execute(update(bookings).where(bookings.c.id == booking_id)
                                .values(status="cancelled", seat=None))


class WebUnitOfWork(SqlUnitOfWork):
    """The depositor unit of work plus the web tier's stores, on the same connection."""

    users: SqlUserStore
    sessions: SqlSessionStore
    attempts: SqlAttemptLog
    views: SqlViewLog
    bookings: SqlBookingStore

    def __enter__(self) -> WebUnitOfWork:
        super().__enter__()
        connection = self.connection
        self.users = SqlUserStore(connection)
        self.sessions = SqlSessionStore(connection)
        self.attempts = SqlAttemptLog(connection)
        self.views = SqlViewLog(connection)
        self.bookings = SqlBookingStore(connection)
        return self
