"""``anju audit verify|head``: check the audit log's hash chain, print its head."""

from __future__ import annotations

import typer
from sqlalchemy.exc import OperationalError, ProgrammingError

from anju.adapters.cli.case_common import Database
from anju.adapters.cli.common import user_errors
from anju.adapters.db.audit_log import SqlAuditTrail
from anju.adapters.db.engine import make_engine
from anju.config import load_settings
from anju.domain.errors import InputError
from anju.services.audit import verify_audit


def audit_verify(database: Database = None) -> None:
    """校验审计日志哈希链：发现被修改、删除或调换顺序的记录，指出第一条有问题的记录。"""
    with user_errors():
        engine = make_engine(database or load_settings().database_url)
        try:
            with engine.connect() as connection:
                report = verify_audit(SqlAuditTrail(connection))
        except (OperationalError, ProgrammingError):
            raise InputError("数据库中没有审计日志表：请先运行 anju db upgrade") from None
        finally:
            engine.dispose()
        if report.ok:
            typer.echo(report.message)
            return
        typer.echo(report.message, err=True)
        raise typer.Exit(1)


def audit_head(database: Database = None) -> None:
    """输出链头（最新记录的序号与哈希），可抄送或另存，作为外部存证。"""
    with user_errors():
        engine = make_engine(database or load_settings().database_url)
        try:
            with engine.connect() as connection:
                head = SqlAuditTrail(connection).head()
        except (OperationalError, ProgrammingError):
            raise InputError("数据库中没有审计日志表：请先运行 anju db upgrade") from None
        finally:
            engine.dispose()
        if head is None:
            raise InputError("审计日志没有链头记录")
        typer.echo(f"第{head.seq}条 {head.hash}")
