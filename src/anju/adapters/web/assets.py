"""Static assets (CSS, the small progressive script) and the health check."""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, FastAPI
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles

router = APIRouter(tags=["服务状态"])

_HEALTH = b'{"status":"ok"}'


def mount(app: FastAPI, folder: Path) -> None:
    """Serve ``folder`` under /static (every asset is local: no CDN)."""
    app.mount("/static", StaticFiles(directory=folder), name="static")


@router.get("/api/v1/health", response_class=JSONResponse, summary="健康检查（无数据库访问）")
def health() -> Response:
    """服务是否在运行；不访问数据库，作为压测基线。"""
    return Response(_HEALTH, media_type="application/json")


@router.get("/favicon.ico", include_in_schema=False)
def favicon() -> Response:
    return Response(status_code=204)
