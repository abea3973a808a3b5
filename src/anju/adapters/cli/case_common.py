"""What the case, rating and audit commands share: the desk on a database, dates and options."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from typing import Annotated

import typer
from sqlalchemy.exc import OperationalError, ProgrammingError

from anju import bootstrap
from anju.adapters.cli.common import parse_day, user_errors
from anju.adapters.db.case_uow import sql_case_desk
from anju.adapters.db.engine import make_engine
from anju.config import load_settings
from anju.domain.errors import InputError
from anju.services.cases.desk import CaseDesk

Database = Annotated[str | None, typer.Option("--database", help="数据库URL（默认取 ANJU_DATABASE_URL，再默认 sqlite:///anju.db）")]
On = Annotated[str | None, typer.Option("--on", help="办理日期 YYYY-MM-DD（默认今天）")]
Officer = Annotated[str, typer.Option("--officer", help="经办人（写入审计日志）")]
Key = Annotated[str | None, typer.Option("--key", help="幂等键：同一键重复提交只办理一次")]
CaseRef = Annotated[str, typer.Argument(help="办件：库内编号（如 42）或办件编号（如 20261127-000042）")]


@contextmanager
def case_desk(database: str | None) -> Iterator[CaseDesk]:
    """The case desk on the database, with errors in Chinese and the engine closed afterwards."""
    with user_errors():
        anju = bootstrap.build()
        engine = make_engine(database or load_settings().database_url)
        try:
            yield sql_case_desk(anju.pack, anju.calendar, engine)
        except (OperationalError, ProgrammingError) as error:
            text = str(error)
            if any(word in text for word in ("no such table", "does not exist", "UndefinedTable")):
                raise InputError("数据库中没有办件数据表：请先运行 anju db upgrade") from None
            raise
        finally:
            engine.dispose()


def day(on: str | None) -> date:
    """A --on option, today when not given."""
    return parse_day(on) or date.today()


def materials_option(values: list[str] | None) -> tuple[str, ...] | None:
    """Material codes from repeated or comma-separated options (None: not given)."""
    if values is None:
        return None
    return tuple(code.strip() for value in values for code in value.split(",") if code.strip())
