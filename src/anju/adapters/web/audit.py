"""记录查看日志: who opened which depositor's record, when and why (auditors and managers)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from anju.adapters.web.deps import AuditDep, UowDep
from anju.adapters.web.render import render

router = APIRouter(prefix="/audit", include_in_schema=False)


@router.get("/views")
def views_page(request: Request, uow: UowDep, user: AuditDep,
               depositor_id: Annotated[int | None, Query(ge=1)] = None,
               limit: Annotated[int, Query(ge=1, le=1000)] = 200) -> Response:
    """记录查看日志（只读，追加写入）。"""
    views = uow.views.recent(limit, depositor_id)
    return render(request, "audit/views.html", {"views": views, "depositor_id": depositor_id, "limit": limit})
