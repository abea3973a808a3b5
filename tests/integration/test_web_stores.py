"""The web tier's SQL stores on SQLite and PostgreSQL: users, sessions, attempts, views, bookings."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from sqlalchemy import Engine

from anju.adapters.db.web_repositories import WebUnitOfWork
from anju.domain.access import Role
from anju.domain.errors import Conflict

NOW = datetime(2026, 11, 27, 10, 0)


def test_users_sessions_and_attempts(migrated_engine: Engine) -> None:
    with WebUnitOfWork(migrated_engine) as uow:
        officer = uow.users.add("wang", "王芳", Role.OFFICER, "hash-1", None, NOW)
        uow.users.add("zhang", "张三", Role.CITIZEN, "hash-2", "41080219900517123X", NOW)
        with pytest.raises(Conflict):
            uow.users.add("li", "李四", Role.CITIZEN, "hash-3", "41080219900517123X", NOW)
        uow.commit()
    with WebUnitOfWork(migrated_engine) as uow:
        stored = uow.users.by_username("zhang")
        assert stored is not None and stored.user.role is Role.CITIZEN
        assert stored.user.depositor_id_number == "41080219900517123X" and stored.password_hash == "hash-2"
        assert uow.users.by_username("li") is None  # the refused insert left nothing behind
        uow.sessions.add("a" * 64, officer, "csrf", NOW, NOW + timedelta(hours=8), "127.0.0.1")
        uow.sessions.add("b" * 64, officer, "csrf2", NOW, NOW + timedelta(minutes=1), None)
        uow.commit()
        found = uow.sessions.find("a" * 64, NOW + timedelta(hours=1))
        assert found is not None and found[0].username == "wang" and found[1] == "csrf"
        assert uow.sessions.find("a" * 64, NOW + timedelta(hours=9)) is None
        assert uow.sessions.purge(NOW + timedelta(hours=1)) == 1
        uow.sessions.remove("a" * 64)
        assert uow.sessions.find("a" * 64, NOW) is None
        for minute in range(3):
            uow.attempts.add("wang", "10.0.0.1", NOW + timedelta(minutes=minute), False)
        uow.attempts.add("wang", "10.0.0.2", NOW, True)
        assert uow.attempts.failures_since(since=NOW, username="wang") == 3
        assert uow.attempts.failures_since(since=NOW + timedelta(minutes=1), ip="10.0.0.1") == 2
        assert uow.attempts.failures_since(since=NOW, ip="10.0.0.2") == 0


def test_view_log_is_newest_first_and_filtered(migrated_engine: Engine) -> None:
    with WebUnitOfWork(migrated_engine) as uow:
        user_id = uow.users.add("wang", "王芳", Role.OFFICER, "h", None, NOW)
        stored = uow.users.by_username("wang")
        assert stored is not None and stored.user.id == user_id
        for k, depositor in enumerate((7, 8, 7)):
            uow.views.add(stored.user, depositor, f"事由{k}", "counter.record", NOW + timedelta(minutes=k))
        uow.commit()
        assert [v.reason for v in uow.views.recent()] == ["事由2", "事由1", "事由0"]
        assert [v.reason for v in uow.views.recent(depositor_id=7)] == ["事由2", "事由0"]
        assert uow.views.recent(limit=1)[0].username == "wang"


def test_a_seat_is_taken_once_and_cancelling_frees_it(migrated_engine: Engine) -> None:
    at = datetime(2026, 11, 30, 9, 30)
    with WebUnitOfWork(migrated_engine) as uow:
        user_id = uow.users.add("wang", "王芳", Role.OFFICER, "h", None, NOW)
        first = uow.bookings.add(1, "withdraw.rent", at, 1, False, False, user_id, NOW)
        with pytest.raises(Conflict, match="约满"):
            uow.bookings.add(2, "withdraw.rent", at, 1, False, False, user_id, NOW)
        uow.bookings.add(2, "withdraw.rent", at, 2, True, True, user_id, NOW)  # the transaction goes on
        uow.commit()
        assert uow.bookings.seats_taken(at, at + timedelta(minutes=1)) == {at: {1, 2}}
        uow.bookings.cancel(first)
        uow.commit()
        assert uow.bookings.seats_taken(at, at + timedelta(minutes=1)) == {at: {2}}
        again = uow.bookings.add(3, "cert.deposit", at, 1, False, False, user_id, NOW)
        uow.commit()
        booking = uow.bookings.get(again)
        assert booking is not None and booking.status == "booked" and booking.starts_at == at
        assert [b.status for b in uow.bookings.for_depositor(1)] == ["cancelled"]
        assert len(uow.bookings.between(at, at + timedelta(hours=1))) == 3
