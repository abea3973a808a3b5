"""``anju serve``: the web application under uvicorn."""

from __future__ import annotations

import os
from typing import Annotated

import typer

from anju.adapters.cli.common import user_errors
from anju.adapters.db import migrate
from anju.config import load_settings


def register(app: typer.Typer) -> None:
    """Add ``anju serve`` to the command line."""
    app.command("serve")(serve)


def serve(
    host: Annotated[str, typer.Option(help="监听地址（默认仅本机）")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="端口")] = 8000,
    workers: Annotated[int, typer.Option(help="工作进程数（建议等于CPU核数）")] = 1,
    threads: Annotated[int | None, typer.Option(
        help="每个工作进程处理请求的线程数（默认取 ANJU_WEB_THREADS，再默认1；PostgreSQL 可调大）")] = None,
    database: Annotated[str | None, typer.Option(help="数据库URL（默认取 ANJU_DATABASE_URL）")] = None,
    log_level: Annotated[str, typer.Option(help="日志级别 info/warning/error")] = "info",
) -> None:
    """启动网页服务：柜员工作台、网上服务大厅和 REST API（/api/v1）。"""
    import uvicorn

    with user_errors():
        if database:
            os.environ["ANJU_DATABASE_URL"] = database  # every worker process reads its settings anew
        if threads is not None:
            os.environ["ANJU_WEB_THREADS"] = str(threads)
        url = load_settings().database_url  # also refuses a bad ANJU_WEB_THREADS before starting
        migrate.upgrade(url)
        typer.echo(f"安居服务已启动：http://{host}:{port}/  （数据库 {url}；按 Ctrl+C 停止）")
        uvicorn.run("anju.adapters.web.app:served", factory=True, host=host, port=port, workers=workers,
                    log_level=log_level, access_log=False, proxy_headers=False)
