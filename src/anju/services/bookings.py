"""Use case: booking a counter visit (预约办理) by half-hour slot on working days.

Slots come from the hall's hours in the policy pack (``personalisation.hall``) and the working-day
calendar (with 调休). Extended-hours slots (延时服务) and 容缺受理 are offered only to people whose
personal profile offers them (far away, wedding soon …) — the same rules the counter sees.
Each slot has a fixed number of seats; a booking takes one seat, so capacity holds even when
two people book the last seat at once (the store refuses a taken seat).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Protocol

from anju.domain.calendar import WorkCalendar
from anju.domain.errors import AccessDenied, Conflict, InputError, NotFound, Problem
from anju.domain.policy.personalise import HallHours, Profile
from anju.services.accounts import User

MAX_ACTIVE = 3
"""Future bookings one person may hold at once."""


@dataclass(frozen=True, slots=True)
class Slot:
    """A bookable half hour."""

    starts_at: datetime
    ends_at: datetime
    extended: bool
    free: int


@dataclass(frozen=True, slots=True)
class Day:
    """A working day's slots."""

    day: date
    slots: tuple[Slot, ...]


@dataclass(frozen=True, slots=True)
class Booking:
    """A booked (or cancelled) visit."""

    id: int
    depositor_id: int
    business: str
    starts_at: datetime
    extended: bool
    rongque: bool
    status: str
    created_at: datetime


class BookingStore(Protocol):
    def seats_taken(self, start: datetime, end: datetime) -> Mapping[datetime, set[int]]: ...

    def add(self, depositor_id: int, business: str, starts_at: datetime, seat: int, extended: bool,
            rongque: bool, created_by: int, now: datetime) -> int: ...

    def get(self, booking_id: int) -> Booking | None: ...

    def for_depositor(self, depositor_id: int) -> Sequence[Booking]: ...

    def between(self, start: datetime, end: datetime) -> Sequence[Booking]: ...

    def cancel(self, booking_id: int) -> None: ...


class BookingsUnitOfWork(Protocol):
    @property
    def bookings(self) -> BookingStore: ...


    def commit(self) -> None: ...


@dataclass(frozen=True, slots=True)
class BookingDesk:
    """Everything booking needs besides the store: calendar, hours and business names."""

    calendar: WorkCalendar
    hall: HallHours
    businesses: Mapping[str, str]

    def open_days(self, now: datetime) -> list[date]:
        """The next ``days_ahead`` working days, today included while it has slots left."""
        days: list[date] = []
        day = now.date()
        while len(days) < self.hall.days_ahead:
            if self.calendar.is_workday(day):
                days.append(day)
            day += timedelta(days=1)
        return days

    def times(self, day: date, extended: bool) -> list[tuple[datetime, datetime, bool]]:
        """Slot start and end times on ``day``; extended periods only when ``extended``."""
        step = timedelta(minutes=self.hall.slot_minutes)
        periods = [(p, False) for p in self.hall.regular]
        periods += [(p, True) for p in self.hall.extended] if extended else []
        out = []
        for (start, end), is_extended in periods:
            at, stop = datetime.combine(day, start), datetime.combine(day, end)
            while at + step <= stop:
                out.append((at, at + step, is_extended))
                at += step
        return sorted(out)

    def available(self, uow: BookingsUnitOfWork, profile: Profile, now: datetime) -> list[Day]:
        """Every slot of the open days with its free seats (past slots left out)."""
        days = self.open_days(now)
        if not days:
            return []
        extended = profile.offers("extended_hours")
        taken = uow.bookings.seats_taken(datetime.combine(days[0], datetime.min.time()),
                                         datetime.combine(days[-1] + timedelta(days=1), datetime.min.time()))
        out = []
        for day in days:
            slots = tuple(Slot(s, e, x, self.hall.capacity - len(taken.get(s, ())))
                          for s, e, x in self.times(day, extended) if s > now)
            if slots:
                out.append(Day(day, slots))
        return out

    def book(self, uow: BookingsUnitOfWork, profile: Profile, user: User, depositor_id: int,
             business: str, starts_at: datetime, rongque: bool, now: datetime) -> Booking:
        """Book one seat; every reason for refusing is said in Chinese."""
        problems = []
        if business not in self.businesses:
            problems.append(Problem("business", f"没有业务 {business}，请从列表中选择"))
        allowed = {s: x for s, _, x in self.times(starts_at.date(), profile.offers("extended_hours"))}
        if starts_at <= now:
            problems.append(Problem("starts_at", "只能预约今后的时段"))
        elif starts_at.date() not in self.open_days(now):
            problems.append(Problem("starts_at", f"只能预约今后{self.hall.days_ahead}个工作日内的时段"
                                                 "（节假日和周末不开放，调休上班日开放）"))
        elif starts_at not in allowed:
            problems.append(Problem("starts_at", "该时间不是可预约的时段" + (
                "" if profile.offers("extended_hours") else "（延时服务时段仅向路远等需要者开放）")))
        if rongque and not profile.offers("rongque"):
            problems.append(Problem("rongque", "容缺受理需在窗口审核后办理，网上预约暂不能选择"))
        if problems:
            raise InputError("预约信息有误", problems)
        mine = [b for b in uow.bookings.for_depositor(depositor_id)
                if b.status == "booked" and b.starts_at > now]
        if any(b.starts_at.date() == starts_at.date() for b in mine):
            raise Conflict("您当天已有预约，如需改约请先取消原预约")
        if len(mine) >= MAX_ACTIVE:
            raise Conflict(f"您已有{len(mine)}个未到期的预约，最多同时保留{MAX_ACTIVE}个")
        taken = uow.bookings.seats_taken(starts_at, starts_at + timedelta(minutes=1)).get(starts_at, set())
        free = [seat for seat in range(1, self.hall.capacity + 1) if seat not in taken]
        if not free:
            raise Conflict("该时段已约满，请选择其他时段")
        booking_id = uow.bookings.add(depositor_id, business, starts_at, free[0], allowed[starts_at],
                                      rongque, user.id, now)
        uow.commit()
        found = uow.bookings.get(booking_id)
        assert found is not None
        return found

    def cancel(self, uow: BookingsUnitOfWork, user: User, booking_id: int, own_record: int | None,
               now: datetime) -> None:
        """Cancel a future booking: its owner or staff."""
        booking = uow.bookings.get(booking_id)
        if booking is None or (not user.role.staff and booking.depositor_id != own_record):
            raise NotFound(f"没有编号为{booking_id}的预约")
        if booking.status != "booked":
            raise Conflict("该预约已取消")
        if booking.starts_at <= now:
            raise Conflict("预约时段已过，不能取消")
        uow.bookings.cancel(booking_id)
        uow.commit()

    def mine(self, uow: BookingsUnitOfWork, user: User, depositor_id: int,
             own_record: int | None) -> Sequence[Booking]:
        """A person's bookings, newest first: the person or staff."""
        if not user.role.staff and own_record != depositor_id:
            raise AccessDenied("您只能查看本人的预约")
        return sorted(uow.bookings.for_depositor(depositor_id), key=lambda b: b.starts_at, reverse=True)
