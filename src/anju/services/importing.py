"""Import a centre's member export: all or nothing, or the good rows plus a quarantine report.

A file with any bad row changes nothing, and the error lists every problem (row, column, value,
why). With ``accept_good_rows`` the good rows are imported and the bad ones written to a
quarantine report first, so no rejected row is ever lost silently. Rows are upserted by
身份证号, so importing the same file twice changes nothing the second time.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from types import TracebackType
from typing import Literal, Protocol

from anju.domain.errors import InputError, Problem
from anju.domain.members.import_rows import BadRow, MemberRow, parse_table

MAX_PROBLEMS_SHOWN = 30
"""Problems listed in the error message; the quarantine report has all of them."""


class MemberWriter(Protocol):
    """Port: the depositor repository's write side."""

    def account_owner(self, account_number: str) -> str | None: ...

    def upsert_member(self, row: MemberRow) -> Literal["created", "updated", "unchanged"]: ...


class MembersUnitOfWork(Protocol):
    """Port: one transaction over the depositor repository."""

    @property
    def depositors(self) -> MemberWriter: ...

    def __enter__(self) -> MembersUnitOfWork: ...

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None: ...

    def commit(self) -> None: ...


class QuarantineWriter(Protocol):
    """Port: writes the bad rows somewhere and says where."""

    def __call__(self, headers: Sequence[str], bad: Sequence[BadRow]) -> str: ...


@dataclass(frozen=True, slots=True)
class ImportReport:
    """The outcome of an import."""

    source: str
    rows: int
    """Data rows read (blank lines not counted)."""
    created: int
    updated: int
    unchanged: int
    rejected: list[BadRow] = field(default_factory=list)
    quarantine: str | None = None
    """Where the bad rows were written, when there were any."""
    ignored_headers: list[str] = field(default_factory=list)


def import_members(
    source: str,
    headers: Sequence[object],
    rows: Sequence[tuple[int, Sequence[object]]],
    uow: MembersUnitOfWork,
    on: date,
    *,
    accept_good_rows: bool = False,
    quarantine: QuarantineWriter | None = None,
) -> ImportReport:
    """Check every row, then write all of them, or only the good ones when the officer says so."""
    table = parse_table(headers, rows, on)
    if not table.good and not table.bad:
        raise InputError(f"{source}中没有数据行，未导入任何数据")
    with uow:
        good, bad = _against_stored(uow.depositors, table.good, list(table.bad), headers, rows)
        if bad and not accept_good_rows:
            raise _rejected(source, bad, len(good))
        if not good:
            raise _rejected(source, bad, 0, all_bad=True)
        where = None
        if bad:
            if quarantine is None:
                raise InputError("只导入正确行时必须指定隔离报告的位置，未导入任何数据")
            where = quarantine(table.headers, sorted(bad, key=lambda b: b.row))
        outcomes = [uow.depositors.upsert_member(row) for row in good]
        uow.commit()
    return ImportReport(
        source=source,
        rows=len(good) + len(bad),
        created=outcomes.count("created"),
        updated=outcomes.count("updated"),
        unchanged=outcomes.count("unchanged"),
        rejected=sorted(bad, key=lambda b: b.row),
        quarantine=where,
        ignored_headers=table.ignored_headers,
    )


def _against_stored(
    repo: MemberWriter,
    good: list[MemberRow],
    bad: list[BadRow],
    headers: Sequence[object],
    rows: Sequence[tuple[int, Sequence[object]]],
) -> tuple[list[MemberRow], list[BadRow]]:
    """Rows that clash with what is stored become bad rows (an account number held by another)."""
    names = ["" if h is None else str(h).strip() for h in headers]
    cells = dict(rows)

    def values(number: int) -> dict[str, object]:
        row = cells[number]
        return {h: row[i] if i < len(row) else None for i, h in enumerate(names) if h}

    kept = []
    for row in good:
        owner = None if row.account_number is None else repo.account_owner(row.account_number)
        if owner is not None and owner != row.id_number:
            problem = Problem(
                path=f"第{row.row}行 个人账号",
                message=f"个人账号{row.account_number}已属于库内另一位缴存人（身份证号{owner[:6]}…"
                f"{owner[-4:]}）；每人只能有一个账户（条例第13条），请核对",
            )
            bad.append(BadRow(row.row, values(row.row), [problem]))
        else:
            kept.append(row)
    return kept, bad


def _rejected(source: str, bad: list[BadRow], good: int, *, all_bad: bool = False) -> InputError:
    problems = [Problem(p.path, p.message, source) for row in sorted(bad, key=lambda b: b.row) for p in row.problems]
    shown = problems[:MAX_PROBLEMS_SHOWN]
    more = f"（另有{len(problems) - len(shown)}处问题未列出）" if len(problems) > len(shown) else ""
    if all_bad:
        summary = f"{source}的{len(bad)}行全部有误，未导入任何数据{more}"
    else:
        summary = (
            f"{source}有{len(bad)}行有误，未导入任何数据{more}。改正后重新导入；"
            f"或加 --accept-good-rows 只导入正确的{good}行，错误行写入隔离报告"
        )
    return InputError(summary, shown)
