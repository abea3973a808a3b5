"""Request dependencies: the context, a unit of work, who is asking, and the CSRF check."""

from __future__ import annotations

import secrets
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request
from fastapi.responses import Response
from starlette.datastructures import FormData

from anju.adapters.db.web_repositories import WebUnitOfWork
from anju.adapters.web.context import WebContext
from anju.domain.access import Role
from anju.domain.errors import AccessDenied, AuthenticationRequired
from anju.services.accounts import Session, User, current_session

SESSION_COOKIE = "anju_session"
CSRF_COOKIE = "anju_csrf"
TEXT_COOKIE = "anju_text"
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"


class CsrfRejected(AccessDenied):
    """A form or cookie-authenticated API call without the right CSRF token."""

    code = "csrf_failed"


@dataclass
class Viewer:
    """Who is asking: the user (None when signed out) and the CSRF token their forms carry."""

    user: User | None
    session: Session | None
    csrf: str
    by_bearer: bool = False
    new_csrf_cookie: bool = False

    def apply(self, response: Response, secure: bool) -> None:
        """Set the anonymous CSRF cookie on the response when this request created it."""
        if self.new_csrf_cookie:
            response.set_cookie(CSRF_COOKIE, self.csrf, httponly=True, samesite="lax", secure=secure, path="/")


# Every dependency is async: a synchronous one costs a round trip to the thread pool (a thread
# wake-up and a GIL hand-over each way); measured on the 2-core machine, the four trips of a
# diagnosis request cost about a fifth of its CPU. The two that touch the database do little
# there — a pooled connection, one indexed session lookup, the closing rollback — so they run on
# the event loop; the handlers, where the work is, stay synchronous and run on the thread pool.
async def get_web(request: Request) -> WebContext:
    web: WebContext = request.app.state.web
    return web


WebDep = Annotated[WebContext, Depends(get_web)]


async def unit_of_work(web: WebDep) -> AsyncIterator[WebUnitOfWork]:
    """One connection and transaction per request; nothing is kept unless a service commits."""
    with WebUnitOfWork(web.engine) as uow:
        yield uow


UowDep = Annotated[WebUnitOfWork, Depends(unit_of_work)]


def _bearer(request: Request) -> str | None:
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    return token.strip() if scheme.lower() == "bearer" and token.strip() else None


async def get_viewer(request: Request, web: WebDep, uow: UowDep) -> Viewer:
    """The signed-in user from the Bearer token or the session cookie, else an anonymous viewer."""
    bearer = _bearer(request)
    token = bearer or request.cookies.get(SESSION_COOKIE)
    session = current_session(uow, token, web.now())
    if session is not None:
        viewer = Viewer(session.user, session, session.csrf_token, by_bearer=bearer is not None)
    else:
        cookie = request.cookies.get(CSRF_COOKIE)
        viewer = Viewer(None, None, cookie or secrets.token_urlsafe(32), new_csrf_cookie=cookie is None)
    request.state.viewer = viewer
    return viewer


ViewerDep = Annotated[Viewer, Depends(get_viewer)]


async def signed_in(viewer: ViewerDep) -> User:
    """The user; pages redirect to sign-in, the API answers 401."""
    if viewer.user is None:
        raise AuthenticationRequired("请先登录")
    return viewer.user


UserDep = Annotated[User, Depends(signed_in)]


async def staff(user: UserDep) -> User:
    """Counter officer, manager or auditor."""
    if not user.role.staff:
        raise AccessDenied("此页面仅供中心工作人员使用")
    return user


StaffDep = Annotated[User, Depends(staff)]


async def auditing(user: UserDep) -> User:
    """Auditor or manager: the record-view log."""
    if user.role not in (Role.AUDITOR, Role.MANAGER):
        raise AccessDenied("记录查看日志仅供审计员和中心管理者查阅")
    return user


AuditDep = Annotated[User, Depends(auditing)]


async def citizen(user: UserDep) -> User:
    """A depositor signed in to their own self-service."""
    if user.role is not Role.CITIZEN:
        raise AccessDenied("网上服务大厅供缴存人本人使用；工作人员请使用柜员工作台")
    return user


CitizenDep = Annotated[User, Depends(citizen)]


async def checked_form(request: Request, viewer: ViewerDep) -> FormData:
    """The posted form, after checking its CSRF token against the session (or the anonymous cookie)."""
    form = await request.form()
    sent = form.get(CSRF_FIELD)
    expected = viewer.csrf if (viewer.session is not None or not viewer.new_csrf_cookie) else None
    if not isinstance(sent, str) or expected is None or not secrets.compare_digest(sent, expected):
        raise CsrfRejected("表单已过期或来源不明（CSRF 校验未通过），请刷新页面后重新提交")
    return form


FormDep = Annotated[FormData, Depends(checked_form)]


async def api_csrf(request: Request, viewer: ViewerDep) -> None:
    """A state-changing API call authenticated by the cookie must carry the CSRF header."""
    if viewer.session is None or viewer.by_bearer:
        return
    sent = request.headers.get(CSRF_HEADER, "")
    if not secrets.compare_digest(sent, viewer.csrf):
        raise CsrfRejected("使用会话Cookie调用时须在请求头 X-CSRF-Token 中提供令牌")


def client_ip(request: Request) -> str:
    return request.client.host if request.client else "unknown"
