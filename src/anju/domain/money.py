"""Money: ``Decimal`` yuan at fen (分) precision, its display and its Chinese capitals.

Amounts in Chinese capitals (人民币大写) follow the banking rules for filling in bills
(《支付结算办法》附件《正确填写票据和结算凭证的基本规定》):

- digits 零壹贰叁肆伍陆柒捌玖, units 拾佰仟万亿, then 元角分; 壹拾 is written out in full;
- a run of zeros inside the number is written as one 零; zeros at the end of a group are not;
- "整" follows 元 when there is neither jiao nor fen; nothing follows 角 or 分;
- when the jiao is 0 and the fen is not, 零 follows 元 (壹拾元零壹分); when the yuan units end in
  0 and the jiao is not 0 the optional 零 is left out (壹佰万贰仟元伍角);
- an amount below one yuan starts at the jiao or fen (伍分), and zero is 零元整.

>>> rmb_upper(Decimal("1002000.50"))
'壹佰万贰仟元伍角'
>>> format_yuan(Decimal("1234567.891"))
'¥1,234,567.89'
"""

from __future__ import annotations

from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal

from anju.domain.errors import InputError

FEN = Decimal("0.01")
YUAN = Decimal(1)
_DIGITS = "零壹贰叁肆伍陆柒捌玖"
_SMALL_UNITS = ("", "拾", "佰", "仟")
_LIMIT = 10**16
"""Whole yuan must stay below this (一亿亿); no amount a fund handles comes near it."""


def to_fen(x: Decimal) -> Decimal:
    """``x`` rounded half up to the fen.

    >>> to_fen(Decimal("2.345")), to_fen(Decimal("2.344")), to_fen(Decimal(7))
    (Decimal('2.35'), Decimal('2.34'), Decimal('7.00'))
    """
    return x.quantize(FEN, rounding=ROUND_HALF_UP)


def to_yuan_floor(x: Decimal) -> Decimal:
    """``x`` rounded down to whole yuan (quotas and caps never round up).

    >>> to_yuan_floor(Decimal("770000.99")), to_yuan_floor(Decimal("-0.5"))
    (Decimal('770000'), Decimal('-1'))
    """
    return x.quantize(YUAN, rounding=ROUND_FLOOR)


def format_yuan(x: Decimal) -> str:
    """``x`` for display: yen-yuan sign, thousands separators, two decimals (rounded half up).

    >>> format_yuan(Decimal("0.5")), format_yuan(Decimal("-1234"))
    ('¥0.50', '-¥1,234.00')
    """
    _require_finite(x)
    fen = to_fen(x)
    sign = "-" if fen < 0 else ""
    return f"{sign}¥{abs(fen):,.2f}"


def _require_finite(x: Decimal) -> None:
    if not x.is_finite():
        raise InputError(f"金额应为有限数值，实际为“{x}”")


def _group_upper(n: int) -> str:
    """Capitals for 0 < n < 10000, with inner zeros collapsed and trailing zeros dropped."""
    text: list[str] = []
    pending_zero = False
    for position in range(3, -1, -1):
        digit = n // 10**position % 10
        if digit == 0:
            pending_zero = bool(text)
            continue
        if pending_zero:
            text.append("零")
            pending_zero = False
        text.append(_DIGITS[digit] + _SMALL_UNITS[position])
    return "".join(text)


def _yuan_upper(n: int) -> str:
    """Capitals for whole yuan 0 < n, without the 元: ``high`` 万/亿 ``low``, recursively.

    Splitting at 亿 before 万 keeps 壹万零壹亿 (10001 × 10^8) right, where a flat
    万亿 unit would give the wrong 壹万亿零壹亿.
    """
    if n < 10**4:
        return _group_upper(n)
    base, unit = (10**8, "亿") if n >= 10**8 else (10**4, "万")
    high, low = divmod(n, base)
    text = _yuan_upper(high) + unit
    if low:
        # One 零 stands for the zeros between the unit and low's first digit, if any.
        if low < base // 10:
            text += "零"
        text += _yuan_upper(low)
    return text


def rmb_upper(x: Decimal) -> str:
    """The amount in Chinese capitals (人民币大写), as written on notices and receipts.

    Negative amounts, amounts with more than two decimals and amounts of 10^16 yuan or more
    are refused with an :class:`InputError`.

    >>> for amount in ["0", "0.05", "0.5", "10", "10.01", "105", "10005", "100000",
    ...                "325.04", "1409.50", "6007.14", "107000.53", "100010000"]:
    ...     print(amount, rmb_upper(Decimal(amount)))
    0 零元整
    0.05 伍分
    0.5 伍角
    10 壹拾元整
    10.01 壹拾元零壹分
    105 壹佰零伍元整
    10005 壹万零伍元整
    100000 壹拾万元整
    325.04 叁佰贰拾伍元零肆分
    1409.50 壹仟肆佰零玖元伍角
    6007.14 陆仟零柒元壹角肆分
    107000.53 壹拾万柒仟元伍角叁分
    100010000 壹亿零壹万元整
    >>> rmb_upper(Decimal("1.005"))
    Traceback (most recent call last):
    anju.domain.errors.InputError: 金额最多两位小数（到分），实际为“1.005”
    """
    _require_finite(x)
    if x < 0:
        raise InputError(f"金额不能为负数，实际为“{x}”")
    if x != x.quantize(FEN):
        raise InputError(f"金额最多两位小数（到分），实际为“{x}”")
    fen_total = int(x.quantize(FEN) * 100)
    yuan, fraction = divmod(fen_total, 100)
    if yuan >= _LIMIT:
        raise InputError(f"金额过大，无法写成人民币大写：“{x}”")
    jiao, fen = divmod(fraction, 10)
    if yuan == 0 and fraction == 0:
        return "零元整"
    parts: list[str] = []
    if yuan:
        parts.append(_yuan_upper(yuan) + "元")
    if jiao:
        parts.append(_DIGITS[jiao] + "角")
    elif fen and yuan:
        parts.append("零")
    if fen:
        parts.append(_DIGITS[fen] + "分")
    if not fraction:
        parts.append("整")
    return "".join(parts)
