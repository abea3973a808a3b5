"""Jinja2 templates, their filters, and the one helper that renders a page."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates
from markupsafe import Markup

from anju.adapters.web.charts import schedule_svg
from anju.domain.access import Role, mask_id_number, mask_name, mask_phone
from anju.domain.members.catalogue import VALUE_LABELS
from anju.domain.planner.text import percent, term

WEEKDAYS = "一二三四五六日"


def money(value: Decimal | int | None, places: int = 2) -> str:
    """¥ with thousands separators; "未知" for None."""
    if value is None:
        return "未知"
    return f"¥{Decimal(value):,.{places}f}"


def day(value: date | datetime | None) -> str:
    """2026年11月27日."""
    if value is None:
        return "未知"
    return f"{value.year}年{value.month}月{value.day}日"


def weekday(value: date) -> str:
    return f"星期{WEEKDAYS[value.weekday()]}"


def hhmm(value: datetime) -> str:
    return f"{value:%H:%M}"


def words(value: str | None) -> str:
    """An enumerated value in Chinese (employed → 在职)."""
    if value is None:
        return "未知"
    return VALUE_LABELS.get(value, value)


def make_templates(folder: Path) -> Jinja2Templates:
    """The template set with Anju's filters; autoescaping is on for every .html file."""
    templates = Jinja2Templates(directory=str(folder))
    env = templates.env
    env.filters.update(money=money, day=day, weekday=weekday, hhmm=hhmm, words=words,
                       percent=percent, term=term)
    env.globals.update(mask_id=mask_id_number, mask_phone=mask_phone, mask_name=mask_name, Role=Role,
                       role_label=lambda code: Role(code).label,
                       schedule_svg=lambda plan: Markup(schedule_svg(plan)))
    env.trim_blocks = True
    env.lstrip_blocks = True
    return templates


def render(request: Request, name: str, context: dict[str, Any], status_code: int = 200) -> HTMLResponse:
    """Render a page with the viewer, CSRF token and display preferences every page needs."""
    web = request.app.state.web
    viewer = getattr(request.state, "viewer", None)
    base = {
        "request": request,
        "viewer": viewer,
        "user": viewer.user if viewer else None,
        "csrf_token": viewer.csrf if viewer else "",
        "large_text": request.cookies.get("anju_text") == "large",
        "today": web.today(),
        "current_path": request.url.path + (f"?{request.url.query}" if request.url.query else ""),
    }
    response: HTMLResponse = web.templates.TemplateResponse(request, name, base | context, status_code=status_code)
    if viewer is not None:
        viewer.apply(response, web.secure_cookies)
    response.headers["Cache-Control"] = "no-store"  # pages carry personal data
    return response
