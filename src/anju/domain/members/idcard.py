"""The 18-digit resident identity number (居民身份证号码), GB 11643-1999.

Layout: 6-digit administrative division code (GB/T 2260) · 8-digit birth date ``YYYYMMDD`` ·
3-digit sequence code (顺序码, odd for men, even for women) · 1 check character computed by
ISO 7064 MOD 11-2 over the first 17 digits ('X' stands for 10).

>>> make_id_number("410802", date(1990, 5, 17), 123, "male")
'410802199005171233'
>>> info = parse_id_number("410802199005171233")
>>> info.birth_date, info.sex, info.sequence
(datetime.date(1990, 5, 17), 'male', 123)
>>> mask_id_number("410802199005171233")
'410802********1233'
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import date
from typing import Literal

from anju.domain.errors import InputError

Sex = Literal["male", "female"]

WEIGHTS: tuple[int, ...] = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
"""Weights of the first 17 digits: 2**(17 - i) mod 11 for positions i = 0..16."""
_CHECK_CHARS = "10X98765432"
"""Check character for each value of (weighted sum mod 11)."""
_DIGITS = frozenset("0123456789")
_EARLIEST_BIRTH_YEAR = 1850
"""No living holder was born earlier; a smaller year is a typing error, not a person."""


@dataclass(frozen=True, slots=True)
class IdInfo:
    """What an identity number states about its holder."""

    number: str
    """The number, normalised (ASCII, upper-case 'X')."""
    region: str
    """Administrative division code where it was issued (行政区划代码), 6 digits."""
    birth_date: date
    """Birth date (出生日期)."""
    sex: Sex
    """From the parity of the 17th digit: odd male, even female."""
    sequence: int
    """The 3-digit sequence code (顺序码), 0–999."""


def _normalise(text: str) -> str:
    # Counter staff type with Chinese input methods: full-width digits and 'ｘ' are common,
    # and NFKC maps them to ASCII; surrounding blanks are never part of the number.
    return unicodedata.normalize("NFKC", text).strip().upper()


def _weighted_check(first17: str) -> str:
    total = sum(int(c) * w for c, w in zip(first17, WEIGHTS, strict=True))
    return _CHECK_CHARS[total % 11]


def check_digit(first17: str) -> str:
    """The check character (``'0'``–``'9'`` or ``'X'``) for the first 17 digits.

    >>> check_digit("11010519491231002")
    'X'
    >>> check_digit("1101051949123100")
    Traceback (most recent call last):
    anju.domain.errors.InputError: 身份证号前17位应为17位数字，实际为16位
    """
    if len(first17) != 17:
        raise InputError(f"身份证号前17位应为17位数字，实际为{len(first17)}位")
    bad = next((i for i, c in enumerate(first17) if c not in _DIGITS), None)
    if bad is not None:
        raise InputError(f"身份证号第{bad + 1}位应为数字，实际为“{first17[bad]}”")
    return _weighted_check(first17)


def parse_id_number(text: str, on: date | None = None) -> IdInfo:
    """Check an identity number and read region, birth date, sex and sequence from it.

    ``on``, when given, is the date of the check: a birth date after it is rejected. Lower-case
    'x', full-width characters and surrounding blanks are accepted and normalised.

    >>> parse_id_number("11010519491231002x").number
    '11010519491231002X'
    >>> parse_id_number("110105194912310021")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    anju.domain.errors.InputError: 身份证号校验码不符：...第18位应为“X”，实际为“1”；...
    """
    number = _normalise(text)
    if len(number) != 18:
        raise InputError(f"身份证号应为18位，实际为{len(number)}位")
    for i, c in enumerate(number[:17]):
        if c not in _DIGITS:
            raise InputError(f"身份证号第{i + 1}位应为数字，实际为“{c}”")
    last = number[17]
    if last not in _DIGITS and last != "X":
        raise InputError(f"身份证号第18位应为数字或X，实际为“{last}”")
    digits = number[6:14]
    try:
        birth = date(int(digits[:4]), int(digits[4:6]), int(digits[6:8]))
    except ValueError:
        raise InputError(f"身份证号第7至14位的出生日期“{digits}”不是有效日期") from None
    if birth.year < _EARLIEST_BIRTH_YEAR:
        raise InputError(f"身份证号中的出生年份{birth.year}不可能，请核对第7至10位")
    if on is not None and birth > on:
        raise InputError(
            f"身份证号中的出生日期{birth.isoformat()}晚于{on.isoformat()}，请核对第7至14位"
        )
    expected = _weighted_check(number[:17])
    if last != expected:
        raise InputError(
            f"身份证号校验码不符：按前17位计算，第18位应为“{expected}”，实际为“{last}”；"
            "请核对号码是否录入有误"
        )
    sequence = int(number[14:17])
    return IdInfo(
        number=number,
        region=number[:6],
        birth_date=birth,
        sex="male" if sequence % 2 else "female",
        sequence=sequence,
    )


def make_id_number(region: str, birth: date, sequence: int, sex: str) -> str:
    """A valid number for synthetic data: ``sequence`` (0–999) must have the parity of ``sex``.

    >>> make_id_number("410882", date(2001, 2, 3), 46, "female")
    '410882200102030464'
    >>> make_id_number("410882", date(2001, 2, 3), 46, "male")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    anju.domain.errors.InputError: 顺序码046为偶数，表示女性，与性别male不符...
    """
    if len(region) != 6 or any(c not in _DIGITS for c in region):
        raise InputError(f"行政区划代码应为6位数字，实际为“{region}”")
    if not _EARLIEST_BIRTH_YEAR <= birth.year <= 9999:
        raise InputError(f"出生年份{birth.year}不可能")
    if not 0 <= sequence <= 999:
        raise InputError(f"顺序码应在0至999之间，实际为{sequence}")
    if sex not in ("male", "female"):
        raise InputError(f"性别应为 male 或 female，实际为“{sex}”")
    if (sequence % 2 == 1) != (sex == "male"):
        parity, meaning = ("奇数", "男性") if sequence % 2 else ("偶数", "女性")
        raise InputError(
            f"顺序码{sequence:03d}为{parity}，表示{meaning}，与性别{sex}不符（男性为奇数，女性为偶数）"
        )
    first17 = f"{region}{birth:%Y%m%d}{sequence:03d}"
    return first17 + _weighted_check(first17)


def _mask(text: str, keep_head: int, keep_tail: int) -> str:
    if len(text) <= keep_head + keep_tail:
        return "*" * len(text)
    return text[:keep_head] + "*" * (len(text) - keep_head - keep_tail) + text[-keep_tail:]


def mask_id_number(text: str) -> str:
    """The number with all but the first 6 and last 4 characters hidden, for screens and logs.

    Never raises: a malformed number is masked too (entirely when it is 10 characters or
    fewer, so nothing identifying leaks).

    >>> mask_id_number("41080219900517123x")
    '410802********123X'
    >>> mask_id_number("12345")
    '*****'
    """
    return _mask(_normalise(text), 6, 4)


def mask_phone(text: str) -> str:
    """A phone number with all but the first 3 and last 4 characters hidden.

    >>> mask_phone("13812345678")
    '138****5678'
    >>> mask_phone("1234567")
    '*******'
    """
    return _mask(_normalise(text), 3, 4)
