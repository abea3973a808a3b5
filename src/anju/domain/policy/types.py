"""The value types a policy expression can have, and how values are shown in Chinese."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Final

# A fact, parameter or expression has one of these types. int, money and decimal are numeric
# and combine freely; the rest only compare with their own kind.
BOOL: Final = "bool"
INT: Final = "int"
MONEY: Final = "money"
DECIMAL: Final = "decimal"
STR: Final = "str"
DATE: Final = "date"
LIST: Final = "list"

TYPES: Final = frozenset({BOOL, INT, MONEY, DECIMAL, STR, DATE, LIST})
NUMERIC: Final = frozenset({INT, MONEY, DECIMAL})

TYPE_LABELS: Final = {
    BOOL: "是/否",
    INT: "整数",
    MONEY: "金额",
    DECIMAL: "数值",
    STR: "文字",
    DATE: "日期",
    LIST: "列表",
}

Value = bool | int | Decimal | str | date | tuple[str, ...] | None


def compatible(a: str, b: str) -> bool:
    """Whether values of types ``a`` and ``b`` can be compared with each other.

    >>> compatible("int", "money"), compatible("date", "int")
    (True, False)
    """
    return a == b or (a in NUMERIC and b in NUMERIC)


def arithmetic_result(a: str, b: str) -> str:
    """The type of ``a op b`` for numeric operands: money wins, then decimal."""
    if MONEY in (a, b):
        return MONEY
    if DECIMAL in (a, b):
        return DECIMAL
    return INT


def check_value(kind: str, value: object) -> bool:
    """Whether a literal value from a pack fits the declared type."""
    if kind == BOOL:
        return isinstance(value, bool)
    if kind == INT:
        return isinstance(value, int) and not isinstance(value, bool)
    if kind in (MONEY, DECIMAL):
        return isinstance(value, (int, Decimal)) and not isinstance(value, bool)
    if kind == STR:
        return isinstance(value, str)
    if kind == DATE:
        return isinstance(value, date)
    if kind == LIST:
        return isinstance(value, tuple) and all(isinstance(v, str) for v in value)
    return False


def show(value: object, kind: str | None = None) -> str:
    """A value as a counter officer reads it: 未知, 是/否, ¥ amounts, percentages, dates.

    >>> show(Decimal("12345.6"), "money"), show(Decimal("0.026"), "decimal"), show(None)
    ('¥12,345.60', '2.6%', '未知')
    """
    if value is None:
        return "未知"
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, Decimal):
        if kind == MONEY:
            return f"¥{value:,.2f}"
        if kind == DECIMAL and abs(value) < 1:
            return f"{(value * 100).normalize():f}%"
        return f"{value.normalize():f}" if value == value.to_integral() else f"{value:f}"
    if isinstance(value, date):
        return f"{value.year}年{value.month}月{value.day}日"
    if isinstance(value, tuple):
        return "、".join(value)
    return str(value)
