"""Checking a member export row by row: every cell problem named precisely, in Chinese."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from anju.domain.errors import InputError
from anju.domain.members.idcard import make_id_number
from anju.domain.members.import_rows import parse_table
from anju.domain.members.lookup import classify

ON = date(2026, 11, 27)
ID = make_id_number("410802", date(1990, 5, 17), 123, "male")
HEADERS = ["姓名", "身份证号", "账户状态", "开户日期"]


def _one(headers: list[str], row: list[object]) -> tuple[list[object], list[str]]:
    table = parse_table(headers, [(2, row)], ON)
    return table.good, [str(p) for b in table.bad for p in b.problems]


def test_values_are_read_in_every_usual_spelling() -> None:
    headers = [*HEADERS, "个人缴存比例", "单位缴存比例", "账户余额", "户籍", "婚姻状况", "学历", "子女数", "就业状态"]
    good, problems = _one(
        headers,
        [" 张伟 ", ID.lower(), "active", datetime(2015, 3, 1, 0, 0), "0.12", "12", "1,234.50", "本市", "离婚",
         "研究生", 2.0, "灵活就业"],
    )  # fmt: skip
    assert problems == []
    row = good[0]
    assert (row.name, row.id_number, row.account_status, row.opened_on) == ("张伟", ID, "active", date(2015, 3, 1))
    assert (row.rate_employee, row.rate_employer, row.balance) == (Decimal("0.12"), Decimal("0.12"), Decimal("1234.50"))
    assert (row.hukou_local, row.marital_status, row.education, row.children_count) == (True, "divorced", "master", 2)
    assert (row.employment_status, row.sex, row.birth_date) == ("flexible", "male", date(1990, 5, 17))


@pytest.mark.parametrize(
    ("header", "value", "expected"),
    [
        ("姓名", None, "第2行 姓名：必填项不能为空（填写的值：（空））"),
        ("姓名", "张3", "第2行 姓名：姓名中不应有数字（填写的值：“张3”）"),
        ("账户状态", "注销", "第2行 账户状态：应为以下之一：正常、封存、销户、冻结（填写的值：“注销”）"),
        ("开户日期", "2015-13-01", "第2行 开户日期：应为日期，如 2015-03-01（填写的值：“2015-13-01”）"),
        ("开户日期", "1980-01-01", "第2行 开户日期：应在1991-01-01至2026-11-27之间（填写的值：“1980-01-01”）"),
        ("身份证号", 410802199005171233, "第2行 身份证号：身份证号被存成了数字"),
    ],
)
def test_each_bad_cell_is_named(header: str, value: object, expected: str) -> None:
    row: list[object] = ["张伟", ID, "正常", "2015-03-01"]
    row[HEADERS.index(header)] = value
    good, problems = _one(HEADERS, row)
    assert good == []
    assert len(problems) == 1 and problems[0].startswith(expected)


@pytest.mark.parametrize(
    ("header", "value", "why"),
    [
        ("手机号", "1381234567", "手机号应为以1开头的11位数字"),
        ("性别", "女", "与身份证号不符（应为男）"),
        ("个人缴存比例", "13%", "缴存比例应在0至12%之间"),
        ("个人缴存比例", "abc", "缴存比例应写成 12% 或 0.12"),
        ("账户余额", "12.345", "金额最多两位小数（分）"),
        ("缴存基数", "0", "金额应大于0"),
        ("子女数", "-1", "应为0至20的整数"),
        ("封存日期", "2020-01-01", "账户状态不是封存或销户，不应填写封存日期"),
        ("个人账号", "41-08", "个人账号应为不超过20位的字母或数字"),
    ],
)
def test_optional_columns_are_checked(header: str, value: object, why: str) -> None:
    good, problems = _one([*HEADERS, header], ["张伟", ID, "正常", "2015-03-01", value])
    assert good == [] and len(problems) == 1
    assert problems[0].startswith(f"第2行 {header}：{why}")


def test_duplicates_blank_lines_and_unknown_headers() -> None:
    table = parse_table(
        [*HEADERS, "备注"],
        [(2, ["张伟", ID, "正常", "2015-03-01", "x"]), (3, [None, "", None, None]),
         (4, ["张伟", ID, "正常", "2015-03-01"])],
        ON,
    )  # fmt: skip
    assert [r.row for r in table.good] == [2]
    assert [str(p) for p in table.bad[0].problems] == [f"第4行 身份证号：与第2行重复（填写的值：“{ID}”）"]
    assert table.ignored_headers == ["备注"]


def test_header_problems_stop_the_whole_file() -> None:
    with pytest.raises(InputError, match="缺少必填列：开户日期"):
        parse_table(["姓名", "身份证号", "账户状态"], [], ON)
    with pytest.raises(InputError, match="表头“身份证号码”与另一列重复"):
        parse_table([*HEADERS, "身份证号码"], [], ON)


@given(
    region=st.sampled_from(["410802", "410883", "130102"]),
    birth=st.dates(date(1930, 1, 1), date(2008, 12, 31)),
    sequence=st.integers(0, 999),
)
def test_any_valid_id_number_is_accepted(region: str, birth: date, sequence: int) -> None:
    number = make_id_number(region, birth, sequence, "male" if sequence % 2 else "female")
    good, problems = _one(HEADERS, ["某人", number, "正常", "2015-03-01"])
    assert problems == [] and good[0].birth_date == birth


@given(st.text(max_size=30))
def test_classify_never_fails(text: str) -> None:
    query = classify(text)
    assert query is None or query.text
