"""What every command shares: the application, dates, and one mapping of errors to exit codes."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date

import typer
from sqlalchemy.exc import SQLAlchemyError

from anju.domain.errors import AnjuError, InputError, NotFound

EXIT_CODES: dict[type[AnjuError], int] = {InputError: 2, NotFound: 3}


@contextmanager
def user_errors() -> Iterator[None]:
    """Turn an AnjuError into ``错误：…`` on stderr and an exit code; never a traceback."""
    try:
        yield
    except AnjuError as exc:
        print(f"错误：{exc.message}", file=sys.stderr)
        code = next((c for kind, c in EXIT_CODES.items() if isinstance(exc, kind)), 1)
        raise typer.Exit(code) from None
    except SQLAlchemyError as exc:
        # The database is outside the user's command: say what failed and what usually fixes it.
        detail = str(getattr(exc, "orig", None) or exc).splitlines()[0]
        print(f"错误：数据库操作失败（{detail}）。如数据库尚未建立或版本较旧，请先运行 "
              "anju db upgrade（或 anju demo）。", file=sys.stderr)
        raise typer.Exit(1) from None


def parse_day(text: str | None) -> date | None:
    """A --on option: YYYY-MM-DD, or None when not given."""
    if text is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise InputError(f"日期格式错误：“{text}”，应为 YYYY-MM-DD") from None
