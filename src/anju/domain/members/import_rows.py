"""A centre's member export (缴存人名册), row by row: the columns and their checks.

The file adapter hands in the header and the raw cell values (text, numbers, dates as the
spreadsheet stored them); :func:`parse_table` returns the good rows as :class:`MemberRow` and the
bad ones with one :class:`~anju.domain.errors.Problem` per wrong cell, each naming the row, the
column, the value and why (in Chinese). Nothing here touches a file or a database.

>>> table = parse_table(
...     ["姓名", "身份证号", "账户状态", "开户日期", "个人缴存比例"],
...     [(2, ["张伟", "410802199005171233", "正常", "2015-03-01", "12%"]),
...      (3, ["李娜", "4108021990", "销户", "2015/3/1", "15%"])],
...     on=date(2026, 11, 27),
... )
>>> [(r.row, r.name, r.rate_employee) for r in table.good]
[(2, '张伟', Decimal('0.12'))]
>>> for p in table.bad[0].problems: print(p)
第3行 身份证号：身份证号应为18位，实际为10位（填写的值：“4108021990”）
第3行 个人缴存比例：缴存比例应在0至12%之间（条例第18条及建金〔2005〕5号）（填写的值：“15%”）
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from anju.domain.errors import InputError, Problem
from anju.domain.members.idcard import parse_id_number
from anju.domain.members.import_cells import (
    CellError,
    cell_text,
    choices,
    read_account_number,
    read_choice,
    read_count,
    read_date,
    read_employer,
    read_id_number,
    read_money,
    read_name,
    read_phone,
    read_rate,
)

EARLIEST_OPENING = date(1991, 1, 1)
"""The first provident fund accounts in China were opened in 1991 (Shanghai); earlier is a typo."""


@dataclass(frozen=True, slots=True)
class ColumnSpec:
    """One column of the member export."""

    header: str
    """The Chinese header as it appears in the file."""
    field: str
    """The :class:`MemberRow` field it fills."""
    required: bool
    """Whether the column must exist and every row must fill it."""
    format: str
    """What to write, shown in errors and in docs/data.md."""
    aliases: tuple[str, ...] = ()
    """Other headers centres use for the same column."""


ACCOUNT_STATUS = {"正常": "active", "封存": "sealed", "销户": "closed", "冻结": "frozen"}
EMPLOYMENT_STATUS = {
    "在职": "employed",
    "灵活就业": "flexible",
    "离职": "unemployed",
    "无业": "unemployed",
    "退休": "retired",
    "离休": "retired",
}
MARITAL_STATUS = {
    "未婚": "single",
    "已婚": "married",
    "离异": "divorced",
    "离婚": "divorced",
    "丧偶": "widowed",
}
EDUCATION = {
    "无": "none",
    "小学": "none",
    "初中": "secondary",
    "高中": "secondary",
    "中专": "secondary",
    "大专": "secondary",
    "本科": "bachelor",
    "硕士": "master",
    "研究生": "master",
    "博士": "doctor",
}
HUKOU = {"本市": True, "是": True, "非本市": False, "外地": False, "否": False}
SEX = {"男": "male", "女": "female"}


COLUMNS: tuple[ColumnSpec, ...] = (
    ColumnSpec("姓名", "name", True, "中文姓名"),
    ColumnSpec(
        "身份证号",
        "id_number",
        True,
        "18位居民身份证号（请设为文本格式）",
        ("身份证号码", "证件号码"),
    ),
    ColumnSpec("手机号", "phone", False, "11位手机号码", ("手机号码", "手机")),
    ColumnSpec("性别", "sex", False, "男、女（须与身份证号一致）"),
    ColumnSpec("单位名称", "employer", False, "缴存单位全称", ("单位",)),
    ColumnSpec("就业状态", "employment_status", False, choices(EMPLOYMENT_STATUS)),
    ColumnSpec("账户状态", "account_status", True, choices(ACCOUNT_STATUS), ("个人账户状态",)),
    ColumnSpec("个人账号", "account_number", False, "不超过20位的字母或数字", ("账号",)),
    ColumnSpec("账户余额", "balance", False, "金额（元），最多两位小数", ("余额",)),
    ColumnSpec("缴存基数", "base", False, "金额（元/月），最多两位小数"),
    ColumnSpec("个人缴存比例", "rate_employee", False, "如 12% 或 0.12，0至12%"),
    ColumnSpec("单位缴存比例", "rate_employer", False, "如 12% 或 0.12，0至12%"),
    ColumnSpec("开户日期", "opened_on", True, "日期，如 2015-03-01"),
    ColumnSpec("封存日期", "sealed_on", False, "日期，仅账户状态为封存时填写"),
    ColumnSpec("户籍", "hukou_local", False, choices(HUKOU)),
    ColumnSpec("婚姻状况", "marital_status", False, choices(MARITAL_STATUS)),
    ColumnSpec("子女数", "children_count", False, "0至20的整数"),
    ColumnSpec("学历", "education", False, choices(EDUCATION)),
    ColumnSpec("月收入", "monthly_income", False, "金额（元/月），最多两位小数"),
)
"""Every column Anju reads, in the order of the template."""


@dataclass(frozen=True, slots=True)
class MemberRow:
    """One good row: a depositor and their account as the centre's export states them."""

    row: int
    """Row number in the file (the header is row 1)."""
    name: str
    id_number: str
    sex: str
    birth_date: date
    account_status: str
    opened_on: date
    phone: str | None = None
    employer: str | None = None
    employment_status: str | None = None
    account_number: str | None = None
    balance: Decimal | None = None
    base: Decimal | None = None
    rate_employee: Decimal | None = None
    rate_employer: Decimal | None = None
    sealed_on: date | None = None
    hukou_local: bool | None = None
    marital_status: str | None = None
    children_count: int | None = None
    education: str | None = None
    monthly_income: Decimal | None = None


@dataclass(frozen=True, slots=True)
class BadRow:
    """A row that cannot be imported, with its original values and every problem found."""

    row: int
    values: dict[str, object]
    """Header → the cell value as read."""
    problems: list[Problem]


@dataclass(frozen=True, slots=True)
class ParsedTable:
    """The file split into good and bad rows."""

    good: list[MemberRow]
    bad: list[BadRow]
    headers: list[str]
    """The headers of the file as read (for the quarantine report)."""
    ignored_headers: list[str] = field(default_factory=list)
    """Headers Anju does not read (reported, not an error)."""


def _column_index(headers: list[str]) -> tuple[dict[str, int], list[str]]:
    index: dict[str, int] = {}
    known = {name: spec for spec in COLUMNS for name in (spec.header, *spec.aliases)}
    ignored = []
    for position, header in enumerate(headers):
        spec = known.get(header)
        if spec is None:
            if header:
                ignored.append(header)
            continue
        if spec.field in index:
            raise InputError(f"表头“{header}”与另一列重复（都是“{spec.header}”），请删除其中一列")
        index[spec.field] = position
    missing = [spec.header for spec in COLUMNS if spec.required and spec.field not in index]
    if missing:
        raise InputError(
            f"导入文件缺少必填列：{'、'.join(missing)}；第一行应为表头，"
            f"必填列为{'、'.join(s.header for s in COLUMNS if s.required)}。未导入任何数据"
        )
    return index, ignored


def parse_table(headers: Sequence[object], rows: Iterable[tuple[int, Sequence[object]]], on: date) -> ParsedTable:
    """Check every row of a member export; ``on`` is the import date (no future dates).

    Raises :class:`InputError` when the header itself is unusable (a required column is
    missing, a column is repeated): then no row can be read.
    """
    names = [cell_text(h) or "" for h in headers]
    index, ignored = _column_index(names)
    good: list[MemberRow] = []
    bad: list[BadRow] = []
    seen_ids: dict[str, int] = {}
    seen_accounts: dict[str, int] = {}
    for number, cells in rows:
        values = {h: (cells[i] if i < len(cells) else None) for i, h in enumerate(names) if h}
        if all(cell_text(v) is None for v in values.values()):
            continue  # a blank line between records is not an error
        row, problems = _parse_row(number, cells, index, on)
        if row is not None:
            for key, seen, header in (
                (row.id_number, seen_ids, "身份证号"),
                (row.account_number, seen_accounts, "个人账号"),
            ):
                if key is None:
                    continue
                if key in seen:
                    problems.append(_problem(number, header, key, f"与第{seen[key]}行重复"))
                else:
                    seen[key] = number
        if problems or row is None:
            bad.append(BadRow(number, values, problems))
        else:
            good.append(row)
    return ParsedTable(good, bad, [n for n in names if n], ignored)


def _problem(row: int, header: str, value: object, why: str) -> Problem:
    shown = "（空）" if cell_text(value) is None else f"“{cell_text(value)}”"
    return Problem(path=f"第{row}行 {header}", message=f"{why}（填写的值：{shown}）")


def _parse_row(
    number: int, cells: Sequence[object], index: dict[str, int], on: date
) -> tuple[MemberRow | None, list[Problem]]:
    parsers: dict[str, Callable[[object], Any]] = {
        "name": read_name,
        "id_number": lambda v: read_id_number(v, on),
        "phone": read_phone,
        "sex": read_choice(SEX),
        "employer": read_employer,
        "employment_status": read_choice(EMPLOYMENT_STATUS),
        "account_status": read_choice(ACCOUNT_STATUS),
        "account_number": read_account_number,
        "balance": read_money,
        "base": lambda v: read_money(v, positive=True),
        "rate_employee": read_rate,
        "rate_employer": read_rate,
        "opened_on": read_date,
        "sealed_on": read_date,
        "hukou_local": read_choice(HUKOU),
        "marital_status": read_choice(MARITAL_STATUS),
        "children_count": read_count,
        "education": read_choice(EDUCATION),
        "monthly_income": read_money,
    }
    values: dict[str, Any] = {}
    problems: list[Problem] = []
    specs = {spec.field: spec for spec in COLUMNS}
    for name, position in index.items():
        raw = cells[position] if position < len(cells) else None
        spec = specs[name]
        if cell_text(raw) is None:
            if spec.required:
                problems.append(_problem(number, spec.header, raw, "必填项不能为空"))
            continue
        try:
            values[name] = parsers[name](raw)
        except CellError as error:
            problems.append(_problem(number, spec.header, raw, error.why))
    _cross_checks(number, values, cells, index, on, problems)
    if problems:
        return None, problems
    info = parse_id_number(values["id_number"])
    values.setdefault("sex", info.sex)
    return MemberRow(row=number, birth_date=info.birth_date, **values), problems


def _cross_checks(
    number: int,
    values: dict[str, Any],
    cells: Sequence[object],
    index: dict[str, int],
    on: date,
    problems: list[Problem],
) -> None:
    def raw(name: str) -> object:
        return cells[index[name]]

    if "id_number" in values and "sex" in values:
        derived = parse_id_number(values["id_number"]).sex
        if values["sex"] != derived:
            shown = "男" if derived == "male" else "女"
            problems.append(_problem(number, "性别", raw("sex"), f"与身份证号不符（应为{shown}）"))
    opened = values.get("opened_on")
    if opened is not None and not EARLIEST_OPENING <= opened <= on:
        problems.append(
            _problem(
                number,
                "开户日期",
                raw("opened_on"),
                f"应在{EARLIEST_OPENING.isoformat()}至{on.isoformat()}之间",
            )
        )
    sealed = values.get("sealed_on")
    if sealed is not None:
        if values.get("account_status") not in (None, "sealed", "closed"):
            problems.append(_problem(number, "封存日期", raw("sealed_on"), "账户状态不是封存或销户，不应填写封存日期"))
        elif sealed > on or (opened is not None and sealed < opened):
            problems.append(_problem(number, "封存日期", raw("sealed_on"), "应在开户日期之后、不晚于导入日期"))
