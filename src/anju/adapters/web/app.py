"""The web application factory: ``create_app(settings=None)`` — nothing happens at import.

Run it with ``anju serve`` or ``uvicorn --factory anju.adapters.web.app:served``.
"""

from __future__ import annotations

import gc
import os
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from datetime import datetime
from pathlib import Path

import anyio.to_thread
from fastapi import FastAPI

from anju import bootstrap
from anju.adapters.db.engine import make_engine
from anju.adapters.passwords import Argon2Hasher
from anju.adapters.web import api, assets, audit, auth, cases_routes, citizen, counter, errors
from anju.adapters.web.context import WebContext, china_now
from anju.adapters.web.render import make_templates
from anju.config import Settings, load_settings
from anju.services.accounts import PasswordHasher, SignInPolicy

HERE = Path(__file__).parent

API_DESCRIPTION = """安居住房公积金服务平台 REST API。

认证：`POST /api/v1/sessions` 取得令牌，之后在请求头加 `Authorization: Bearer <token>`。
也可使用网页登录后的会话 Cookie（此时修改类请求须带 `X-CSRF-Token` 请求头）。

所有错误使用同一结构：`{"error": {"code": "...", "message": "中文说明", "problems": [{"path", "message"}]}}`。
"""


def _handler_threads(threads: int) -> Callable[[FastAPI], AbstractAsyncContextManager[None]]:
    """A lifespan that caps the threads running synchronous handlers (``Settings.web_threads``)."""

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        # Starlette runs every synchronous endpoint and dependency on anyio's default limiter.
        anyio.to_thread.current_default_thread_limiter().total_tokens = threads
        yield

    return lifespan


def create_app(settings: Settings | None = None, *, anju: bootstrap.Anju | None = None,
               clock: Callable[[], datetime] | None = None, hasher: PasswordHasher | None = None,
               policy: SignInPolicy | None = None) -> FastAPI:
    """Wire the application: pack, calendar, database engine, templates, routes, error handlers.

    Tests pass a fixed ``clock`` and a fast ``hasher``; everything else comes from settings.
    """
    settings = settings or load_settings()
    anju = anju or bootstrap.build(settings)
    context = WebContext(
        anju=anju,
        engine=make_engine(settings.database_url),
        hasher=hasher or Argon2Hasher(),
        clock=clock or china_now,
        policy=policy or SignInPolicy(),
        secure_cookies=os.environ.get("ANJU_SECURE_COOKIES") == "1",
    )
    context.templates = make_templates(HERE / "templates")
    # Compile the personalisation rules and the booking desk now, not on the first request.
    _ = context.personaliser, context.desk
    app = FastAPI(
        lifespan=_handler_threads(settings.web_threads),
        title="安居 Anju API",
        version="1",
        description=API_DESCRIPTION,
        openapi_url="/api/v1/openapi.json",
        docs_url=None,  # Swagger UI loads from a CDN; the hall's network has none
        redoc_url=None,
    )
    app.state.web = context
    errors.install(app)
    assets.mount(app, HERE / "static")
    # The API first: its routes are the busiest, and a request is matched route by route.
    for module in (api, assets, auth, counter, citizen, audit):
        app.include_router(module.router)
    app.include_router(cases_routes.router)  # 办件, 文书, 好差评, 审计校验 (issue 6)
    return app


def served() -> FastAPI:
    """The app as a server process runs it: built, then its long-lived objects frozen.

    The pack, calendar and templates live as long as the process; ``gc.freeze()`` moves them out
    of the collector's reach so a full collection does not walk them on a request (it cut the
    slowest diagnosis from ~65 ms to ~22 ms in-process). Not done in ``create_app``: tests build
    many apps in one process, and frozen objects are never freed.

    A request's objects form no reference cycles (``tests/unit/test_diagnosis_memory.py``), so
    reference counting frees them as the response leaves; the cyclic collector only has leftovers
    to find. At Python's default of 700 net allocations it ran about once per diagnosis request,
    each time walking the request's live objects (the ~150 kB answer being built); at
    ``GC_YOUNG`` it runs a few times per thousand requests.
    """
    app = create_app()
    gc.collect()
    gc.freeze()
    gc.set_threshold(GC_YOUNG, *gc.get_threshold()[1:])
    return app


GC_YOUNG = 10_000
"""Net allocations between young-generation collections in a server process (default 700)."""
