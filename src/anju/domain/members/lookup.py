"""Finding a depositor: what a counter officer types, and what a search hit shows.

The officer types one thing into one box: a name (张伟), the pinyin initials of a name (zw),
an identity number (whole or its first or last digits) or a mobile number. :func:`classify`
decides which, so every storage adapter searches the same way.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Literal

QueryKind = Literal["id_number", "phone", "digits", "initials", "name"]


@dataclass(frozen=True, slots=True)
class Query:
    """A classified search text."""

    kind: QueryKind
    """id_number 完整身份证号 · phone 手机号 · digits 部分号码 · initials 拼音首字母 · name 姓名."""
    text: str
    """The normalised text: ASCII digits, upper-case letters, no blanks."""


def classify(text: str) -> Query | None:
    """What the officer typed; None when it is too short to search on.

    >>> classify("张伟")
    Query(kind='name', text='张伟')
    >>> classify(" zw ")
    Query(kind='initials', text='ZW')
    >>> classify("41080219900517123x")
    Query(kind='id_number', text='41080219900517123X')
    >>> classify("１３８１２３４５６７８")
    Query(kind='phone', text='13812345678')
    >>> classify("1235")
    Query(kind='digits', text='1235')
    >>> classify("1") is None
    True
    """
    # Full-width digits and letters come from Chinese input methods; NFKC maps them to ASCII.
    normal = "".join(unicodedata.normalize("NFKC", text).split()).upper()
    if not normal:
        return None
    body, last = normal[:-1], normal[-1]
    if len(normal) == 18 and body.isdigit() and (last.isdigit() or last == "X"):
        return Query("id_number", normal)
    if normal.isdigit():
        if len(normal) == 11 and normal.startswith("1"):
            return Query("phone", normal)
        return Query("digits", normal) if len(normal) >= 4 else None
    if normal.isascii():
        return Query("initials", normal) if normal.isalpha() else None
    return Query("name", normal)


@dataclass(frozen=True, slots=True)
class DepositorSummary:
    """One depositor as a search hit or a record header (no history, no family)."""

    id: int
    """The record's number in Anju's database (库内编号)."""
    name: str
    """Name (姓名)."""
    id_number: str
    """Identity number (身份证号); mask it before showing it to anyone but staff."""
    phone: str | None
    """Mobile phone (手机号)."""
    sex: str | None
    """male · female."""
    birth_date: date | None
    """Birth date (出生日期)."""
    employer: str | None
    """Current employer's name (单位名称)."""
    employment_status: str | None
    """employed · flexible · unemployed · retired."""
    account_number: str | None
    """Account number (个人账号); None when the person has no account."""
    account_status: str | None
    """active · sealed · closed · frozen; None when the person has no account."""
    balance: Decimal | None
    """Account balance (账户余额, 元)."""
