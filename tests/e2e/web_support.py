"""Fixtures for the web tests: a small demo city, its demo users, and the app on a fixed clock."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from anju import bootstrap
from anju.adapters.db.demo import seed_demo
from anju.adapters.passwords import Argon2Hasher
from anju.adapters.web.app import create_app
from anju.adapters.web.demo import seed_demo_users
from anju.config import Settings
from anju.services.demo_users import DEMO_PASSWORD, DemoLogin

ON = date(2026, 11, 27)
"""A Friday: the demo city's records run up to here."""
NOW = datetime(2026, 11, 27, 10, 0)
FAST = Argon2Hasher(fast=True)
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


class FakeClock:
    """A clock the test moves by hand."""

    def __init__(self, now: datetime = NOW) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, delta: timedelta) -> None:
        self.now += delta


@dataclass
class WebWorld:
    """The database URL, the wired application's parts and the demo users."""

    url: str
    anju: bootstrap.Anju
    logins: dict[str, DemoLogin]

    def depositor(self, username: str) -> int:
        found = self.logins[username].depositor_id
        assert found is not None
        return found


@pytest.fixture(scope="session")
def web_world(tmp_path_factory: pytest.TempPathFactory) -> WebWorld:
    """A 300-member demo city with the demo users, built once per test session (and worker)."""
    folder: Path = tmp_path_factory.mktemp("web")
    url = f"sqlite:///{folder / 'web.db'}"
    seed_demo(url, 300, 1, as_of=ON)
    anju = bootstrap.build(Settings(database_url=url))
    logins = {login.username: login for login in seed_demo_users(anju, ON, hasher=FAST, now=NOW)}
    return WebWorld(url, anju, logins)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def client(web_world: WebWorld, clock: FakeClock) -> Iterator[TestClient]:
    """A fresh browser-like client (its own cookies) on the app at the fixed time."""
    app = create_app(Settings(database_url=web_world.url), anju=web_world.anju, hasher=FAST, clock=clock)
    with TestClient(app, base_url="http://testserver") as test_client:
        yield test_client


def csrf_of(client: TestClient, path: str = "/login") -> str:
    """The CSRF token a page's forms carry (also sets the anonymous CSRF cookie)."""
    found = CSRF.search(client.get(path).text)
    assert found, f"no CSRF field on {path}"
    return found.group(1)


def sign_in(client: TestClient, username: str, password: str = DEMO_PASSWORD) -> None:
    """Sign in through the login form like a person would."""
    token = csrf_of(client)
    response = client.post("/login", data={"username": username, "password": password, "csrf_token": token},
                           follow_redirects=False)
    assert response.status_code == 303, response.text[:500]


def bearer(client: TestClient, username: str, password: str = DEMO_PASSWORD) -> dict[str, str]:
    """An Authorization header from the API's sign-in."""
    response = client.post("/api/v1/sessions", json={"username": username, "password": password})
    assert response.status_code == 201, response.text
    return {"Authorization": f"Bearer {response.json()['token']}"}


__all__ = ["CSRF", "FAST", "NOW", "ON", "FakeClock", "WebWorld", "bearer", "client", "clock", "csrf_of",
           "sign_in", "web_world"]
