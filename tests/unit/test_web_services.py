"""Booking desk and sign-in use cases, with in-memory fakes of their stores."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, time, timedelta

import pytest

from anju.domain.access import Role
from anju.domain.errors import AuthenticationRequired, Conflict, InputError, NotFound, RateLimited
from anju.domain.policy.personalise import HallHours, Profile
from anju.services import accounts
from anju.services.accounts import StoredUser, User
from anju.services.bookings import Booking, BookingDesk

NOW = datetime(2026, 9, 30, 16, 10)  # the Wednesday before the National Day holiday


class Calendar:
    """Weekdays, minus the 2026 National Day break, plus its make-up Saturday (调休)."""

    def is_workday(self, day: date) -> bool:
        if day == date(2026, 10, 10):
            return True
        if date(2026, 10, 1) <= day <= date(2026, 10, 8):
            return False
        return day.weekday() < 5


HALL = HallHours(regular=((time(9), time(12)), (time(13, 30), time(17))), extended=((time(17), time(18, 30)),),
                 slot_minutes=30, capacity=2, days_ahead=4, status="placeholder", source="")
PLAIN = Profile((), (), (("counter", "窗口办理"),), (), ())
FAR = Profile((), (), (("online", "网上办理"),), (("rongque", "容缺受理"), ("extended_hours", "延时服务")), ())
CITIZEN = User(7, "zhang", "张三", Role.CITIZEN, "410802199005171234")


class FakeBookings:
    def __init__(self) -> None:
        self.rows: dict[int, Booking] = {}
        self.seats: dict[int, int | None] = {}

    def seats_taken(self, start: datetime, end: datetime) -> dict[datetime, set[int]]:
        taken: dict[datetime, set[int]] = defaultdict(set)
        for booking_id, b in self.rows.items():
            seat = self.seats[booking_id]
            if start <= b.starts_at < end and b.status == "booked" and seat is not None:
                taken[b.starts_at].add(seat)
        return taken

    def add(self, depositor_id: int, business: str, starts_at: datetime, seat: int, extended: bool,
            rongque: bool, created_by: int, now: datetime) -> int:
        if seat in self.seats_taken(starts_at, starts_at + timedelta(minutes=1)).get(starts_at, set()):
            raise Conflict("taken")
        booking_id = len(self.rows) + 1
        self.rows[booking_id] = Booking(booking_id, depositor_id, business, starts_at, extended, rongque,
                                        "booked", now)
        self.seats[booking_id] = seat
        return booking_id

    def get(self, booking_id: int) -> Booking | None:
        return self.rows.get(booking_id)

    def for_depositor(self, depositor_id: int) -> list[Booking]:
        return [b for b in self.rows.values() if b.depositor_id == depositor_id]

    def between(self, start: datetime, end: datetime) -> list[Booking]:
        return [b for b in self.rows.values() if start <= b.starts_at < end]

    def cancel(self, booking_id: int) -> None:
        b = self.rows[booking_id]
        self.rows[booking_id] = Booking(b.id, b.depositor_id, b.business, b.starts_at, b.extended, b.rongque,
                                        "cancelled", b.created_at)
        self.seats[booking_id] = None


class FakeUow:
    def __init__(self) -> None:
        self.bookings = FakeBookings()
        self.commits = 0

    def commit(self) -> None:
        self.commits += 1


DESK = BookingDesk(Calendar(), HALL, {"withdraw.rent": "租房提取", "cert.deposit": "缴存证明"})


def test_open_days_follow_the_holiday_calendar_with_its_make_up_workday() -> None:
    assert DESK.open_days(NOW) == [date(2026, 9, 30), date(2026, 10, 9), date(2026, 10, 10), date(2026, 10, 12)]


def test_slots_are_half_hours_and_extended_ones_only_when_offered() -> None:
    uow = FakeUow()
    plain = DESK.available(uow, PLAIN, NOW)
    assert [s.starts_at.time() for s in plain[0].slots] == [time(16, 30)]  # today: only what is left
    assert len(plain[1].slots) == 6 + 7 and not any(s.extended for d in plain for s in d.slots)
    far = DESK.available(uow, FAR, NOW)
    assert [s.starts_at.time() for s in far[0].slots] == [time(16, 30), time(17), time(17, 30), time(18)]
    assert all(s.extended for s in far[0].slots[1:])


def test_capacity_is_seats_and_cancelling_frees_one() -> None:
    uow = FakeUow()
    at = datetime(2026, 10, 9, 9, 30)
    first = DESK.book(uow, PLAIN, CITIZEN, 1, "withdraw.rent", at, False, NOW)
    DESK.book(uow, PLAIN, CITIZEN, 2, "withdraw.rent", at, False, NOW)
    with pytest.raises(Conflict, match="已约满"):
        DESK.book(uow, PLAIN, CITIZEN, 3, "withdraw.rent", at, False, NOW)
    DESK.cancel(uow, User(1, "o", "柜员", Role.OFFICER), first.id, None, NOW)
    assert DESK.book(uow, PLAIN, CITIZEN, 3, "withdraw.rent", at, False, NOW).starts_at == at
    assert DESK.available(uow, PLAIN, NOW)[1].slots[1].free == 0


def test_refusals_name_every_problem_and_change_nothing() -> None:
    uow = FakeUow()
    with pytest.raises(InputError) as error:
        DESK.book(uow, PLAIN, CITIZEN, 1, "no.such", datetime(2026, 10, 9, 17, 30), True, NOW)
    assert {p.path for p in error.value.problems} == {"business", "starts_at", "rongque"}
    with pytest.raises(InputError, match="预约信息有误"):
        DESK.book(uow, PLAIN, CITIZEN, 1, "withdraw.rent", datetime(2026, 10, 5, 9), False, NOW)  # holiday
    assert uow.bookings.rows == {} and uow.commits == 0
    DESK.book(uow, FAR, CITIZEN, 1, "withdraw.rent", datetime(2026, 10, 9, 17, 30), True, NOW)
    with pytest.raises(Conflict, match="当天已有预约"):
        DESK.book(uow, FAR, CITIZEN, 1, "withdraw.rent", datetime(2026, 10, 9, 9), False, NOW)


def test_only_the_owner_or_staff_cancel_and_only_before_the_slot() -> None:
    uow = FakeUow()
    booking = DESK.book(uow, PLAIN, CITIZEN, 5, "cert.deposit", datetime(2026, 10, 9, 10), False, NOW)
    with pytest.raises(NotFound):
        DESK.cancel(uow, CITIZEN, booking.id, 6, NOW)
    with pytest.raises(Conflict, match="已过"):
        DESK.cancel(uow, CITIZEN, booking.id, 5, datetime(2026, 10, 9, 10, 5))
    DESK.cancel(uow, CITIZEN, booking.id, 5, NOW)
    with pytest.raises(Conflict, match="已取消"):
        DESK.cancel(uow, CITIZEN, booking.id, 5, NOW)


class PlainHasher:
    def hash(self, password: str) -> str:
        return "h:" + password

    def verify(self, password_hash: str, password: str) -> bool:
        return password_hash == "h:" + password


class FakeUsers:
    def __init__(self) -> None:
        self.rows: dict[str, StoredUser] = {}

    def by_username(self, username: str) -> StoredUser | None:
        return self.rows.get(username)

    def add(self, username: str, display_name: str, role: Role, password_hash: str,
            depositor_id_number: str | None, now: datetime) -> int:
        user = User(len(self.rows) + 1, username, display_name, role, depositor_id_number)
        self.rows[username] = StoredUser(user, password_hash, True)
        return user.id

    def set_password(self, user_id: int, password_hash: str) -> None:
        raise NotImplementedError


class FakeSessions:
    def __init__(self, users: FakeUsers) -> None:
        self.users = users
        self.rows: dict[str, tuple[User, str, datetime]] = {}

    def add(self, token_hash: str, user_id: int, csrf_token: str, now: datetime, expires_at: datetime,
            ip: str | None) -> None:
        user = next(u.user for u in self.users.rows.values() if u.user.id == user_id)
        self.rows[token_hash] = (user, csrf_token, expires_at)

    def find(self, token_hash: str, now: datetime) -> tuple[User, str, datetime] | None:
        found = self.rows.get(token_hash)
        return found if found and found[2] > now else None

    def remove(self, token_hash: str) -> None:
        self.rows.pop(token_hash, None)

    def purge(self, now: datetime) -> int:
        expired = [h for h, (_, _, expires) in self.rows.items() if expires <= now]
        for token_hash in expired:
            del self.rows[token_hash]
        return len(expired)


class FakeAttempts:
    def __init__(self) -> None:
        self.rows: list[tuple[str, str, datetime, bool]] = []

    def add(self, username: str, ip: str, at: datetime, success: bool) -> None:
        self.rows.append((username, ip, at, success))

    def failures_since(self, *, since: datetime, username: str | None = None, ip: str | None = None) -> int:
        return sum(1 for u, i, at, ok in self.rows if at >= since and not ok
                   and (username is None or u == username) and (ip is None or i == ip))


class AccountsUow:
    def __init__(self) -> None:
        self.users = FakeUsers()
        self.sessions = FakeSessions(self.users)
        self.attempts = FakeAttempts()
        self.commits = 0

    def commit(self) -> None:
        self.commits += 1


def test_sign_in_rate_limit_counts_failures_and_checks_before_the_password() -> None:
    uow = AccountsUow()
    accounts.create_user(uow, PlainHasher(), "wang", "王芳", Role.OFFICER, "good-password", NOW)
    for minute in range(5):
        with pytest.raises(AuthenticationRequired, match="用户名或密码不正确"):
            accounts.sign_in(uow, PlainHasher(), "wang", "bad", "10.0.0.1", NOW + timedelta(minutes=minute))
    with pytest.raises(RateLimited) as limited:
        accounts.sign_in(uow, PlainHasher(), "wang", "good-password", "10.0.0.2", NOW + timedelta(minutes=6))
    assert limited.value.retry_after == 900
    session = accounts.sign_in(uow, PlainHasher(), "wang", "good-password", "10.0.0.2", NOW + timedelta(minutes=16))
    assert session.user.username == "wang" and session.token not in uow.sessions.rows  # stored hashed
    assert accounts.current_session(uow, session.token, NOW + timedelta(hours=1)) is not None
    assert accounts.current_session(uow, session.token, NOW + timedelta(hours=9)) is None
    accounts.sign_out(uow, session.token)
    assert accounts.current_session(uow, session.token, NOW + timedelta(hours=1)) is None
    old = accounts.sign_in(uow, PlainHasher(), "wang", "good-password", "10.0.0.2", NOW + timedelta(minutes=20))
    accounts.sign_in(uow, PlainHasher(), "wang", "good-password", "10.0.0.2", NOW + timedelta(hours=9))
    assert accounts.token_hash(old.token) not in uow.sessions.rows  # purged once expired


def test_create_user_checks_its_input() -> None:
    uow = AccountsUow()
    with pytest.raises(InputError) as error:
        accounts.create_user(uow, PlainHasher(), "", "x", Role.CITIZEN, "short", NOW)
    assert {p.path for p in error.value.problems} == {"username", "password", "depositor_id_number"}
    accounts.create_user(uow, PlainHasher(), "li", "李", Role.MANAGER, "long-enough", NOW)
    with pytest.raises(Conflict):
        accounts.create_user(uow, PlainHasher(), "li", "李", Role.MANAGER, "long-enough", NOW)
