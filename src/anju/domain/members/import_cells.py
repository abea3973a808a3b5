"""One cell of a member export to a typed value, or a :class:`CellError` saying why not (in Chinese).

Spreadsheets store what people typed: numbers where text was meant (a 身份证号 that lost its last
digits), dates as text in five spellings, rates as "12%" or 0.12. Each reader takes the raw value
and returns the value Anju keeps; :mod:`anju.domain.members.import_rows` applies them column by
column and turns every error into a :class:`~anju.domain.errors.Problem` naming row and column.

>>> read_rate("12%"), read_money("12,345.60"), read_date("2015年3月1日")
(Decimal('0.12'), Decimal('12345.60'), datetime.date(2015, 3, 1))
>>> read_phone("138-0000-0000")
'13800000000'
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from anju.domain.errors import InputError
from anju.domain.members.idcard import parse_id_number


def choices(mapping: dict[str, Any]) -> str:
    """The words a column accepts, as the error and the template list them."""
    return "、".join(mapping)


class CellError(Exception):
    """A cell that cannot be read; ``why`` says so in Chinese."""

    def __init__(self, why: str) -> None:
        super().__init__(why)
        self.why = why


def cell_text(value: object) -> str | None:
    """The cell as trimmed text (a whole float as an integer); None when empty."""
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip()
    return text or None


def read_name(value: object) -> str:
    text = cell_text(value) or ""
    if len(text) > 50:
        raise CellError("姓名过长（超过50个字符）")
    if any(c.isdigit() for c in text):
        raise CellError("姓名中不应有数字")
    return text


def read_id_number(value: object, on: date) -> str:
    if isinstance(value, (int, float)):
        raise CellError("身份证号被存成了数字，末尾几位可能已丢失；请把该列设为文本后重新导出")
    try:
        return parse_id_number(str(value), on=on).number
    except InputError as error:
        raise CellError(error.message) from None


_PHONE = re.compile(r"1[3-9]\d{9}")


def read_phone(value: object) -> str:
    text = (cell_text(value) or "").replace("-", "").replace(" ", "")
    if not _PHONE.fullmatch(text):
        raise CellError("手机号应为以1开头的11位数字")
    return text


def read_choice(mapping: dict[str, Any]) -> Callable[[object], Any]:
    reverse = {v: v for v in mapping.values() if isinstance(v, str)}

    def parse(value: object) -> Any:
        text = cell_text(value) or ""
        if text in mapping:
            return mapping[text]
        if text in reverse:
            return reverse[text]
        raise CellError(f"应为以下之一：{choices(mapping)}")

    return parse


def read_money(value: object, *, positive: bool = False) -> Decimal:
    if isinstance(value, bool):
        raise CellError("应为金额")
    try:
        amount = Decimal(str(value).strip().replace(",", "").replace("，", ""))
    except InvalidOperation:
        raise CellError("应为金额（元），如 12345.67") from None
    if not amount.is_finite():
        raise CellError("应为金额（元），如 12345.67")
    if amount != amount.quantize(Decimal("0.01")):
        raise CellError("金额最多两位小数（分）")
    if amount < 0 or (positive and amount == 0):
        raise CellError("金额应大于0" if positive else "金额不能为负数")
    if amount >= Decimal("1e12"):
        raise CellError("金额过大")
    return amount.quantize(Decimal("0.01"))


def read_rate(value: object) -> Decimal:
    text = (cell_text(value) or "").replace("％", "%")
    try:
        rate = Decimal(text.rstrip("%"))
    except InvalidOperation:
        raise CellError("缴存比例应写成 12% 或 0.12") from None
    if text.endswith("%") or rate > 1:
        rate = rate / 100
    if not rate.is_finite() or not Decimal(0) < rate <= Decimal("0.12"):
        raise CellError("缴存比例应在0至12%之间（条例第18条及建金〔2005〕5号）")
    return rate


_DATE_FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%Y%m%d", "%Y.%m.%d", "%Y年%m月%d日")


def read_date(value: object) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = cell_text(value) or ""
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise CellError("应为日期，如 2015-03-01")


def read_count(value: object) -> int:
    text = cell_text(value) or ""
    if not text.isdigit() or int(text) > 20:
        raise CellError("应为0至20的整数")
    return int(text)


def read_account_number(value: object) -> str:
    text = cell_text(value) or ""
    if len(text) > 20 or not text.isalnum() or not text.isascii():
        raise CellError("个人账号应为不超过20位的字母或数字")
    return text


def read_employer(value: object) -> str:
    text = cell_text(value) or ""
    if len(text) > 100:
        raise CellError("单位名称过长（超过100个字符）")
    return text
