"""Resident identity numbers: check digit, parsing, synthesis and masking."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from anju.domain.errors import InputError
from anju.domain.members.idcard import (
    IdInfo,
    check_digit,
    make_id_number,
    mask_id_number,
    mask_phone,
    parse_id_number,
)

# Widely used sample numbers (the first is the example of GB 11643-1999).
KNOWN_VALID = [
    "11010519491231002X",
    "440524188001010014",
    "110101199003077774",
]


@pytest.mark.parametrize("number", KNOWN_VALID)
def test_known_numbers_have_their_published_check_character(number: str) -> None:
    assert check_digit(number[:17]) == number[17]
    assert parse_id_number(number).number == number


def _closed_form(first17: str) -> str:
    # ISO 7064 MOD 11-2 written independently: weights 2^(17-i) mod 11, check (12 - S) mod 11.
    total = sum(int(c) * (2 ** (17 - i) % 11) for i, c in enumerate(first17))
    value = (12 - total % 11) % 11
    return "X" if value == 10 else str(value)


@given(st.from_regex(r"[0-9]{17}", fullmatch=True))
def test_check_digit_agrees_with_the_closed_form(first17: str) -> None:
    assert check_digit(first17) == _closed_form(first17)


def test_check_digit_is_x_for_ten() -> None:
    # 11010519491231002: weighted sum mod 11 is 2, which maps to 'X' (value 10).
    assert check_digit("11010519491231002") == "X"


def test_parse_reads_region_birth_sex_and_sequence() -> None:
    info = parse_id_number("11010519491231002X")
    assert info == IdInfo(
        number="11010519491231002X",
        region="110105",
        birth_date=date(1949, 12, 31),
        sex="female",
        sequence=2,
    )


def test_odd_seventeenth_digit_is_male() -> None:
    assert parse_id_number("440524188001010014").sex == "male"


def test_lower_case_x_full_width_and_blanks_are_normalised() -> None:
    assert parse_id_number(" 11010519491231002x ").number == "11010519491231002X"
    full_width = "１１０１０５１９４９１２３１００２ｘ"
    assert parse_id_number(full_width).number == "11010519491231002X"


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("1101051949123100", "应为18位，实际为16位"),
        ("11010519491231002XX", "应为18位，实际为19位"),
        ("", "应为18位，实际为0位"),
        ("1101051949A231002X", "第11位应为数字，实际为“A”"),
        ("11010519491231002Y", "第18位应为数字或X，实际为“Y”"),
        ("110105194902300020", "出生日期“19490230”不是有效日期"),
        ("110105194913010020", "出生日期“19491301”不是有效日期"),
        ("110105012001010020", "出生年份120不可能"),
        ("110105194912310021", "第18位应为“X”，实际为“1”"),
    ],
)
def test_bad_numbers_get_a_precise_chinese_message(text: str, fragment: str) -> None:
    with pytest.raises(InputError) as caught:
        parse_id_number(text)
    assert fragment in caught.value.message


def test_birth_date_after_the_check_date_is_refused() -> None:
    number = make_id_number("410802", date(2026, 5, 1), 11, "male")
    assert parse_id_number(number, on=date(2026, 5, 1)).birth_date == date(2026, 5, 1)
    with pytest.raises(InputError, match="晚于2026-04-30"):
        parse_id_number(number, on=date(2026, 4, 30))


def test_check_digit_refuses_wrong_input() -> None:
    with pytest.raises(InputError, match="实际为16位"):
        check_digit("1" * 16)
    with pytest.raises(InputError, match="第3位应为数字"):
        check_digit("11X01051949123100")


@pytest.mark.parametrize(
    ("region", "sequence", "sex", "fragment"),
    [
        ("41080", 1, "male", "行政区划代码应为6位数字"),
        ("4108A2", 1, "male", "行政区划代码应为6位数字"),
        ("410802", 1000, "male", "顺序码应在0至999之间"),
        ("410802", -1, "male", "顺序码应在0至999之间"),
        ("410802", 1, "man", "性别应为 male 或 female"),
        ("410802", 123, "female", "顺序码123为奇数，表示男性"),
    ],
)
def test_make_refuses_inconsistent_parts(
    region: str, sequence: int, sex: str, fragment: str
) -> None:
    with pytest.raises(InputError, match=fragment):
        make_id_number(region, date(1990, 1, 1), sequence, sex)


def test_masking_keeps_first_six_and_last_four() -> None:
    assert mask_id_number("410802199005171233") == "410802********1233"
    assert mask_id_number("41080219900517123x") == "410802********123X"
    assert mask_id_number("410802900517123") == "410802*****7123"  # old 15-digit number
    assert mask_id_number("4108021990") == "**********"
    assert mask_phone("13812345678") == "138****5678"
    assert mask_phone("+8613812345678") == "+86*******5678"
    assert mask_phone("") == ""


JIAOZUO_REGIONS = [
    "410802",
    "410803",
    "410804",
    "410811",
    "410821",
    "410822",
    "410823",
    "410825",
    "410882",
    "410883",
]


@st.composite
def id_parts(draw: st.DrawFn) -> tuple[str, date, int, str]:
    any_region = st.from_regex(r"[1-8][0-9]{5}", fullmatch=True)
    region = draw(st.sampled_from(JIAOZUO_REGIONS) | any_region)
    birth = draw(st.dates(min_value=date(1850, 1, 1), max_value=date(2099, 12, 31)))
    sex = draw(st.sampled_from(["male", "female"]))
    half = draw(st.integers(min_value=0, max_value=499))
    return region, birth, half * 2 + (1 if sex == "male" else 0), sex


@given(id_parts())
def test_make_round_trips_through_parse(parts: tuple[str, date, int, str]) -> None:
    region, birth, sequence, sex = parts
    number = make_id_number(region, birth, sequence, sex)
    info = parse_id_number(number, on=birth)
    assert (info.region, info.birth_date, info.sequence, info.sex) == parts
    assert make_id_number(info.region, info.birth_date, info.sequence, info.sex) == number


@given(id_parts(), st.integers(min_value=0, max_value=17), st.integers(min_value=1, max_value=10))
def test_any_single_character_change_is_detected(
    parts: tuple[str, date, int, str], position: int, shift: int
) -> None:
    number = make_id_number(*parts)
    alphabet = "0123456789X" if position == 17 else "0123456789"
    current = alphabet.index(number[position])
    replacement = alphabet[(current + shift) % len(alphabet)]
    assume(replacement != number[position])  # a shift of 10 over ten digits changes nothing
    changed = number[:position] + replacement + number[position + 1 :]
    with pytest.raises(InputError):
        parse_id_number(changed)
