"""What every request of the web app shares, built once by :func:`create_app`."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from functools import cached_property
from typing import Any

from sqlalchemy import Engine

from anju.bootstrap import Anju
from anju.services.accounts import PasswordHasher, SignInPolicy
from anju.services.bookings import BookingDesk
from anju.services.personalisation import Personaliser

CHINA = timezone(timedelta(hours=8), "CST")
"""China Standard Time; the country has one time zone and no daylight saving."""


def china_now() -> datetime:
    """Local wall-clock time in China, naive (as stored and as the hall's hours are written)."""
    return datetime.now(CHINA).replace(tzinfo=None)


@dataclass
class WebContext:
    """The application, the database engine and the web tier's services."""

    anju: Anju
    engine: Engine
    hasher: PasswordHasher
    clock: Callable[[], datetime] = china_now
    policy: SignInPolicy = field(default_factory=SignInPolicy)
    secure_cookies: bool = False
    """Send cookies only over HTTPS (set behind a TLS proxy: ANJU_SECURE_COOKIES=1)."""
    templates: Any = None

    @cached_property
    def personaliser(self) -> Personaliser:
        return Personaliser(self.anju.pack)

    @cached_property
    def desk(self) -> BookingDesk:
        return BookingDesk(self.anju.calendar, self.personaliser.rules.hall, self.anju.advice.business_names())

    @cached_property
    def business_names(self) -> dict[str, str]:
        return self.anju.advice.business_names()

    def now(self) -> datetime:
        return self.clock()

    def today(self) -> date:
        return self.clock().date()
