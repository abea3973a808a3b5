"""Errors to HTTP, in one place: the one JSON error shape for the API, a Chinese page for people.

Shape (documented in the OpenAPI description)::

    {"error": {"code": "invalid_input", "message": "中文说明", "problems": [{"path": "…", "message": "…"}]}}

Bad input is always a 4xx with the problems named; a 500 only ever means a bug.
"""

from __future__ import annotations

import logging
from typing import Any
from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from pydantic import BaseModel
from starlette.exceptions import HTTPException as StarletteHTTPException

from anju.adapters.web.render import render
from anju.domain.errors import (
    AccessDenied,
    AnjuError,
    AuthenticationRequired,
    CalendarDataMissing,
    Conflict,
    InputError,
    NotFound,
    PolicyPackError,
    Problem,
    RateLimited,
)

log = logging.getLogger("anju.web")

STATUS: tuple[tuple[type[AnjuError], int], ...] = (
    (AuthenticationRequired, 401),
    (AccessDenied, 403),
    (RateLimited, 429),
    (NotFound, 404),
    (Conflict, 409),
    (CalendarDataMissing, 503),
    (PolicyPackError, 503),  # the centre's pack is broken: not the caller's fault
    (InputError, 422),
    (AnjuError, 400),
)

_VALIDATION = {
    "missing": "缺少必填字段",
    "extra_forbidden": "未知字段（请检查拼写）",
    "json_invalid": "请求体不是有效的 JSON",
    "model_attributes_type": "应为对象（键: 值）",
    "dict_type": "应为对象（键: 值）",
    "model_type": "应为对象（键: 值）",
    "int_parsing": "应为整数",
    "int_type": "应为整数",
    "decimal_parsing": "应为数字",
    "float_parsing": "应为数字",
    "bool_parsing": "应为 true 或 false",
    "date_parsing": "应为日期 YYYY-MM-DD",
    "date_from_datetime_parsing": "应为日期 YYYY-MM-DD",
    "datetime_parsing": "应为日期时间 YYYY-MM-DDTHH:MM",
    "datetime_from_date_parsing": "应为日期时间 YYYY-MM-DDTHH:MM",
    "string_type": "应为文字",
    "string_too_long": "文字过长",
    "string_too_short": "不能为空",
    "list_type": "应为列表",
    "literal_error": "取值不在允许范围内",
    "greater_than": "取值过小",
    "greater_than_equal": "取值过小",
    "less_than_equal": "取值过大",
    "less_than": "取值过大",
}
_PLACES = {"body": "", "query": "查询参数 ", "path": "地址参数 ", "header": "请求头 ", "cookie": "Cookie "}


class ProblemOut(BaseModel):
    path: str
    message: str


class ErrorBody(BaseModel):
    code: str
    message: str
    problems: list[ProblemOut]


class ErrorOut(BaseModel):
    """The one error shape of the API."""

    error: ErrorBody


ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    status: {"model": ErrorOut, "description": text}
    for status, text in ((401, "未登录或会话已过期"), (403, "无权访问"), (404, "不存在"),
                         (409, "与当前状态冲突"), (422, "输入有误（problems 逐项说明）"), (429, "尝试过于频繁"))
}
"""For the routers' ``responses=``: documents the error shape in OpenAPI."""


def status_for(exc: AnjuError) -> int:
    return next(status for kind, status in STATUS if isinstance(exc, kind))


def body(code: str, message: str, problems: list[Problem] | None = None) -> dict[str, Any]:
    return {"error": {"code": code, "message": message,
                      "problems": [{"path": p.path, "message": p.message} for p in problems or []]}}


def _is_api(request: Request) -> bool:
    return request.url.path.startswith("/api/")


def _respond(request: Request, status: int, code: str, message: str, problems: list[Problem],
             headers: dict[str, str] | None = None) -> Response:
    if _is_api(request):
        return JSONResponse(body(code, message, problems), status_code=status, headers=headers)
    response = render(request, "error.html", {"status": status, "code": code, "message": message,
                                              "problems": problems}, status_code=status)
    for name, value in (headers or {}).items():
        response.headers[name] = value
    return response


async def on_anju_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, AnjuError)
    if isinstance(exc, AuthenticationRequired) and not _is_api(request) and request.method == "GET":
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        return RedirectResponse(f"/login?next={quote(target)}", status_code=303)
    problems = exc.problems if isinstance(exc, InputError) else []
    message = exc.summary if isinstance(exc, InputError) else exc.message
    headers = {"Retry-After": str(exc.retry_after)} if isinstance(exc, RateLimited) else None
    return _respond(request, status_for(exc), exc.code, message, problems, headers)


def validation_problems(exc: RequestValidationError) -> list[Problem]:
    problems = []
    for error in exc.errors():
        loc = [str(part) for part in error.get("loc", ())]
        place = _PLACES.get(loc[0], "") if loc else ""
        path = ".".join(loc[1:] if loc and loc[0] in _PLACES else loc) or "（请求体）"
        message = _VALIDATION.get(error.get("type", ""), "取值无效")
        value = error.get("input")
        if error.get("type") != "missing" and isinstance(value, str | int | float) and len(str(value)) <= 60:
            message += f"，实际为 “{value}”"
        problems.append(Problem(f"{place}{path}".strip(), message))
    return problems


async def on_validation_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    return _respond(request, 422, "invalid_input", "请求参数有误", validation_problems(exc))


async def on_http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, StarletteHTTPException)
    known = {404: ("not_found", "没有这个页面或资源"), 405: ("method_not_allowed", "不支持此请求方法"),
             413: ("too_large", "请求内容过大")}
    code, message = known.get(exc.status_code, ("http_error", str(exc.detail)))
    return _respond(request, exc.status_code, code, message, [], dict(exc.headers or {}))


async def on_unexpected(request: Request, exc: Exception) -> Response:
    log.exception("unexpected error on %s %s", request.method, request.url.path)
    return _respond(request, 500, "internal_error", "系统内部错误，已记录；请稍后再试或拨打12329", [])


def install(app: FastAPI) -> None:
    """Map every error class once."""
    app.add_exception_handler(AnjuError, on_anju_error)
    app.add_exception_handler(RequestValidationError, on_validation_error)
    app.add_exception_handler(StarletteHTTPException, on_http_error)
    app.add_exception_handler(Exception, on_unexpected)
