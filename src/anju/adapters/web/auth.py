"""Sign in, sign out, the home redirect and the large-text preference."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import urlsplit

from fastapi import APIRouter, Query, Request
from fastapi.responses import RedirectResponse, Response

from anju.adapters.web.deps import (
    SESSION_COOKIE,
    TEXT_COOKIE,
    FormDep,
    UowDep,
    ViewerDep,
    WebDep,
    client_ip,
)
from anju.adapters.web.errors import status_for
from anju.adapters.web.render import render
from anju.domain.access import Role
from anju.domain.errors import AnjuError, InputError, RateLimited
from anju.services import accounts

router = APIRouter(include_in_schema=False)

HOMES = {Role.CITIZEN: "/me", Role.OFFICER: "/counter", Role.MANAGER: "/counter", Role.AUDITOR: "/audit/views"}


def safe_next(target: str | None, default: str = "/") -> str:
    """Only a path on this site (no scheme, no host, no //) — never an open redirect."""
    if not target:
        return default
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return default
    return target


@router.get("/")
def home(viewer: ViewerDep) -> Response:
    """Each role's starting page."""
    if viewer.user is None:
        return RedirectResponse("/login", status_code=303)
    return RedirectResponse(HOMES[viewer.user.role], status_code=303)


@router.get("/login")
def login_page(request: Request, viewer: ViewerDep, next: Annotated[str | None, Query()] = None) -> Response:
    """登录页面。"""
    if viewer.user is not None:
        return RedirectResponse(safe_next(next, HOMES[viewer.user.role]), status_code=303)
    return render(request, "login.html", {"next": safe_next(next, ""), "error": None, "username": ""})


@router.post("/login")
def login(request: Request, web: WebDep, uow: UowDep, form: FormDep) -> Response:
    """登录：校验密码，建立服务器端会话。"""
    username = str(form.get("username") or "")
    target = str(form.get("next") or "")
    try:
        session = accounts.sign_in(uow, web.hasher, username, str(form.get("password") or ""),
                                   client_ip(request), web.now(), web.policy)
    except AnjuError as error:
        problems = error.problems if isinstance(error, InputError) else []
        page = render(request, "login.html", {"next": safe_next(target, ""), "error": error,
                                              "problems": problems, "username": username[:50]},
                      status_code=status_for(error))
        if isinstance(error, RateLimited):
            page.headers["Retry-After"] = str(error.retry_after)
        return page
    response = RedirectResponse(safe_next(target, HOMES[session.user.role]), status_code=303)
    seconds = int((session.expires_at - web.now()).total_seconds())
    response.set_cookie(SESSION_COOKIE, session.token, max_age=seconds, httponly=True, samesite="lax",
                        secure=web.secure_cookies, path="/")
    return response


@router.post("/logout")
def logout(request: Request, uow: UowDep, form: FormDep) -> Response:
    """退出登录：删除服务器端会话。"""
    accounts.sign_out(uow, request.cookies.get(SESSION_COOKIE))
    response = RedirectResponse("/login?bye=1", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


@router.post("/prefs/text")
def text_size(request: Request, form: FormDep) -> Response:
    """切换大字模式（适老化），无需脚本。"""
    large = request.cookies.get(TEXT_COOKIE) != "large"
    response = RedirectResponse(safe_next(str(form.get("next") or "/")), status_code=303)
    if large:
        response.set_cookie(TEXT_COOKIE, "large", max_age=365 * 86400, samesite="lax", path="/")
    else:
        response.delete_cookie(TEXT_COOKIE, path="/")
    return response
