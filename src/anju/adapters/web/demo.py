"""``seed_demo_users``: the demo's sign-ins, wired to the database and the engine (called by ``anju demo``)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Engine

from anju.adapters.db.engine import make_engine
from anju.adapters.db.web_repositories import WebUnitOfWork
from anju.adapters.passwords import Argon2Hasher
from anju.adapters.web.context import china_now
from anju.bootstrap import Anju
from anju.services import demo_users
from anju.services.accounts import PasswordHasher
from anju.services.demo_users import DemoLogin
from anju.services.personalisation import Personaliser


def seed_demo_users(anju: Anju, on: date | None = None, *, database: str | Engine | None = None,
                    hasher: PasswordHasher | None = None, now: datetime | None = None) -> list[DemoLogin]:
    """Create the demo users in ``database`` (default: the settings' database) and return them.

    The database must be migrated and hold the demo city (``seed_demo`` first). Idempotent.
    """
    target = database or anju.settings.database_url
    engine = make_engine(target) if isinstance(target, str) else target
    now = now or china_now()
    day = on or now.date()
    personaliser = Personaliser(anju.pack)
    try:
        with WebUnitOfWork(engine) as uow:
            return demo_users.seed_demo_users(uow, hasher or Argon2Hasher(), anju.advice.check,
                                              personaliser.profile, day, now)
    finally:
        if isinstance(target, str):
            engine.dispose()
