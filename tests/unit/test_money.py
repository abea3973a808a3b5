"""Money: fen rounding, display, and amounts in Chinese capitals (人民币大写)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from anju.domain.errors import InputError
from anju.domain.money import format_yuan, rmb_upper, to_fen, to_yuan_floor

CAPITALS = [
    ("0", "零元整"),
    ("0.05", "伍分"),
    ("0.50", "伍角"),
    ("0.55", "伍角伍分"),
    ("1", "壹元整"),
    ("10", "壹拾元整"),
    ("10.01", "壹拾元零壹分"),
    ("15", "壹拾伍元整"),
    ("105", "壹佰零伍元整"),
    ("1010", "壹仟零壹拾元整"),
    ("1409.50", "壹仟肆佰零玖元伍角"),  # 《支付结算办法》 example
    ("1680.32", "壹仟陆佰捌拾元叁角贰分"),  # the optional 零 after 元 is left out
    ("6007.14", "陆仟零柒元壹角肆分"),  # 《支付结算办法》 example
    ("325.04", "叁佰贰拾伍元零肆分"),  # 《支付结算办法》 example: jiao 0, fen not
    ("10005", "壹万零伍元整"),
    ("10100", "壹万零壹佰元整"),
    ("100000", "壹拾万元整"),
    ("107000.53", "壹拾万柒仟元伍角叁分"),
    ("110000", "壹拾壹万元整"),
    ("1002000.50", "壹佰万贰仟元伍角"),
    ("1234567.89", "壹佰贰拾叁万肆仟伍佰陆拾柒元捌角玖分"),
    ("20000000", "贰仟万元整"),
    ("100000005", "壹亿零伍元整"),
    ("100001000", "壹亿零壹仟元整"),
    ("100010000", "壹亿零壹万元整"),
    ("150000000", "壹亿伍仟万元整"),
    ("1000000000000", "壹万亿元整"),
    ("1000100000000", "壹万零壹亿元整"),
    ("770000", "柒拾柒万元整"),
    ("935000.00", "玖拾叁万伍仟元整"),
]


@pytest.mark.parametrize(("amount", "text"), CAPITALS)
def test_check_values(amount: str, text: str) -> None:
    assert rmb_upper(Decimal(amount)) == text


@pytest.mark.parametrize(
    ("amount", "fragment"),
    [
        ("-1", "不能为负数"),
        ("-0.01", "不能为负数"),
        ("1.005", "最多两位小数"),
        ("0.001", "最多两位小数"),
        ("NaN", "有限数值"),
        ("Infinity", "有限数值"),
        ("1E16", "金额过大"),
    ],
)
def test_refusals(amount: str, fragment: str) -> None:
    with pytest.raises(InputError, match=fragment):
        rmb_upper(Decimal(amount))


def test_trailing_zero_decimals_are_not_extra_precision() -> None:
    assert rmb_upper(Decimal("12.500")) == "壹拾贰元伍角"


def test_to_fen_rounds_half_up() -> None:
    assert to_fen(Decimal("0.005")) == Decimal("0.01")
    assert to_fen(Decimal("0.0049")) == Decimal("0.00")
    assert to_fen(Decimal("-0.005")) == Decimal("-0.01")
    assert str(to_fen(Decimal("3"))) == "3.00"


def test_to_yuan_floor() -> None:
    assert to_yuan_floor(Decimal("935000.999")) == Decimal(935000)
    assert to_yuan_floor(Decimal("12")) == Decimal(12)


def test_format_yuan() -> None:
    assert format_yuan(Decimal("1234567.89")) == "¥1,234,567.89"
    assert format_yuan(Decimal("0")) == "¥0.00"
    assert format_yuan(Decimal("999.995")) == "¥1,000.00"
    assert format_yuan(Decimal("-0.004")) == "¥0.00"
    with pytest.raises(InputError):
        format_yuan(Decimal("NaN"))


# --- an independent reader of capitals, to prove the writer loses nothing --------------------

DIGITS = {c: i for i, c in enumerate("零壹贰叁肆伍陆柒捌玖")}
SMALL = {"拾": 10, "佰": 100, "仟": 1000}


def read_integer(text: str) -> int:
    total = wan = section = number = 0
    for c in text:
        if c in DIGITS:
            number = DIGITS[c]
        elif c in SMALL:
            section += number * SMALL[c]
            number = 0
        elif c == "万":
            wan = section + number
            section = number = 0
        elif c == "亿":
            total = (total + wan * 10**4 + section + number) * 10**8
            wan = section = number = 0
        else:
            raise AssertionError(f"unexpected {c!r} in {text!r}")
    return total + wan * 10**4 + section + number


def read_capitals(text: str) -> int:
    """Fen from capitals; lenient on purpose, so that only the value is compared."""
    if text == "零元整":
        return 0
    yuan_text, _, rest = text.rpartition("元")
    fen = read_integer(yuan_text) * 100 if yuan_text else 0
    rest = rest.removesuffix("整").removeprefix("零")
    if "角" in rest:
        jiao, rest = rest.split("角")
        fen += DIGITS[jiao] * 10
    if rest:
        assert rest.endswith("分"), text
        fen += DIGITS[rest[:-1]]
    return fen


@given(st.integers(min_value=0, max_value=10**11 - 1))
def test_capitals_read_back_to_the_same_amount(fen: int) -> None:
    text = rmb_upper(Decimal(fen) / 100)
    assert read_capitals(text) == fen


@given(
    st.integers(min_value=0, max_value=10**11 - 1), st.integers(min_value=0, max_value=10**11 - 1)
)
def test_different_amounts_never_share_a_text(a: int, b: int) -> None:
    if a != b:
        assert rmb_upper(Decimal(a) / 100) != rmb_upper(Decimal(b) / 100)


@given(st.integers(min_value=1, max_value=10**18 - 1))
def test_capitals_are_well_formed(fen: int) -> None:
    text = rmb_upper(Decimal(fen) / 100)
    assert "零零" not in text
    assert not text.startswith("零")
    assert "零元" not in text and "零万" not in text and "零亿" not in text
    assert text.endswith("整") == (fen % 100 == 0)
    assert read_capitals(text) == fen


@pytest.mark.parametrize(("amount", "text"), CAPITALS)
def test_the_reader_agrees_with_the_table(amount: str, text: str) -> None:
    assert read_capitals(text) == int(Decimal(amount) * 100)
