"""Browser fixtures: Debian's chromium driven by Playwright, against the app served by uvicorn.

Skips with the reason when chromium or Playwright is missing, unless ``ANJU_REQUIRE_BROWSER=1``
(set by CI), which turns a missing browser into a failure. Never downloads a browser.
"""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest

from anju import bootstrap
from anju.adapters.db.demo import seed_demo
from anju.adapters.passwords import Argon2Hasher
from anju.adapters.web.app import create_app
from anju.adapters.web.demo import seed_demo_users
from anju.config import Settings
from anju.services.demo_users import DemoLogin

CHROMIUM = os.environ.get("ANJU_CHROMIUM", "/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
ON = date(2026, 11, 27)
NOW = datetime(2026, 11, 27, 10, 0)


def _missing() -> str | None:
    if not Path(CHROMIUM).exists() and shutil.which("chromium") is None:
        return f"chromium not found at {CHROMIUM} (Debian: apt-get install chromium)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the playwright Python package is not installed (pip install playwright; no browser download)"
    return None


def _skip_or_fail(reason: str) -> None:
    if os.environ.get("ANJU_REQUIRE_BROWSER") == "1":
        pytest.fail(f"{reason}; ANJU_REQUIRE_BROWSER=1 requires the browser tests to run", pytrace=False)
    pytest.skip(f"{reason}; set ANJU_REQUIRE_BROWSER=1 to make this a failure")


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class LiveServer:
    """The app under uvicorn in a thread on a free loopback port."""

    def __init__(self, app: Any) -> None:
        import uvicorn

        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level="warning",
                                                    access_log=False, lifespan="off"))
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self) -> LiveServer:
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("the web server did not start")
            time.sleep(0.05)
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)


@pytest.fixture(scope="session")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, dict[str, DemoLogin]]]:
    """The served app's address and the demo users (a 300-member demo city, fixed clock)."""
    reason = _missing()
    if reason:
        _skip_or_fail(reason)
    url = f"sqlite:///{tmp_path_factory.mktemp('browser') / 'browser.db'}"
    seed_demo(url, 300, 1, as_of=ON)
    settings = Settings(database_url=url)
    anju = bootstrap.build(settings)
    hasher = Argon2Hasher(fast=True)
    logins = {u.username: u for u in seed_demo_users(anju, ON, hasher=hasher, now=NOW)}
    app = create_app(settings, anju=anju, hasher=hasher, clock=lambda: NOW)
    with LiveServer(app) as server:
        yield server.url, logins


@pytest.fixture(scope="session")
def browser(live: tuple[str, dict[str, DemoLogin]]) -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        launched = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            yield launched
        finally:
            launched.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    try:
        yield context.new_page()
    finally:
        context.close()


@pytest.fixture
def shot() -> Any:
    """``shot(page, name)`` saves a screenshot under test-artifacts/ (gitignored) and returns its path."""

    def take(page: Any, name: str, **kwargs: Any) -> Path:
        ARTIFACTS.mkdir(exist_ok=True)
        path = ARTIFACTS / f"{name}.png"
        page.screenshot(path=str(path), **kwargs)
        return path

    return take
