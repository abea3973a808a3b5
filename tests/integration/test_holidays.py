"""The Chinese holiday calendar adapter over the real ``chinese-calendar`` package."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
import yaml

from anju.adapters.holidays import (
    LIBRARY_SOURCE,
    ChineseHolidayCalendar,
    YearTable,
    parse_year_tables,
)
from anju.domain.calendar import add_workdays
from anju.domain.errors import CalendarDataMissing, PolicyPackError

# The 2027 arrangement below is made up for the tests: it is not an official notice.
CALENDAR_YAML = """
years:
  2027:
    source: "测试用安排（非官方）"
    holidays: [2027-01-01, 2027-01-02, 2027-01-03, "2027-10-01", "2027-10-02", "2027-10-03",
               "2027-10-04", "2027-10-05", "2027-10-06", "2027-10-07"]
    workdays: ["2027-09-26", "2027-10-09"]
"""


def table_2027() -> dict[int, YearTable]:
    return parse_year_tables(yaml.safe_load(CALENDAR_YAML), file="calendar.yaml")


def test_2026_national_day_is_a_holiday() -> None:
    cal = ChineseHolidayCalendar()
    for day in range(1, 8):
        assert not cal.is_workday(date(2026, 10, day))
    assert cal.is_holiday(date(2026, 10, 1))
    assert cal.is_workday(date(2026, 10, 8))


def test_2026_make_up_workdays_are_workdays() -> None:
    cal = ChineseHolidayCalendar()
    # The package's 2026 arrangement: Sunday 20 September and Saturday 10 October are worked
    # in lieu of the National Day week.
    assert date(2026, 9, 20).weekday() == 6 and cal.is_workday(date(2026, 9, 20))
    assert date(2026, 10, 10).weekday() == 5 and cal.is_workday(date(2026, 10, 10))
    # Sunday 27 September 2026 is not one: it is the last day of the Mid-Autumn break.
    assert not cal.is_workday(date(2026, 9, 27))
    assert not cal.is_workday(date(2026, 9, 25))  # Friday, Mid-Autumn Festival


def test_add_workdays_across_the_2026_national_day_week() -> None:
    cal = ChineseHolidayCalendar()
    # From Wednesday 30 September: 1–7 October off, Thursday 8 and Friday 9 worked, Saturday
    # 10 worked in lieu, then Monday 12.
    assert add_workdays(cal, date(2026, 9, 30), 1) == date(2026, 10, 8)
    assert add_workdays(cal, date(2026, 9, 30), 3) == date(2026, 10, 10)
    assert add_workdays(cal, date(2026, 9, 30), 4) == date(2026, 10, 12)
    # A 10-working-day 容缺 deadline from Friday 18 September 2026 spans both breaks:
    # Sun 20 (in lieu), 21–24, [25–27 Mid-Autumn], 28–30, [1–7 October], Thu 8, Fri 9.
    assert add_workdays(cal, date(2026, 9, 18), 10) == date(2026, 10, 9)


def test_a_year_without_data_raises_and_never_guesses() -> None:
    cal = ChineseHolidayCalendar()
    with pytest.raises(CalendarDataMissing) as caught:
        cal.is_workday(date(2027, 1, 4))
    assert caught.value.year == 2027
    assert "2027年的法定节假日安排尚未录入" in caught.value.message
    with pytest.raises(CalendarDataMissing):
        add_workdays(cal, date(2026, 12, 30), 5)
    with pytest.raises(CalendarDataMissing):
        cal.source(2027)


def test_a_pack_table_supplies_a_missing_year() -> None:
    cal = ChineseHolidayCalendar(table_2027())
    assert not cal.is_workday(date(2027, 1, 1))
    assert cal.is_workday(date(2027, 1, 4))
    assert cal.is_workday(date(2027, 9, 26))  # a Sunday worked in lieu
    assert not cal.is_workday(date(2027, 9, 25))  # an ordinary Saturday
    assert add_workdays(cal, date(2026, 12, 30), 2) == date(2027, 1, 4)
    assert add_workdays(cal, date(2027, 9, 30), 1) == date(2027, 10, 8)
    assert cal.source(2027) == "测试用安排（非官方）"
    assert cal.source(2026) == LIBRARY_SOURCE


def test_a_pack_table_overrides_the_package() -> None:
    override = YearTable(
        year=2026,
        holidays=frozenset({date(2026, 1, 1), date(2026, 10, 8)}),
        workdays=frozenset({date(2026, 10, 11)}),
        source="中心自定",
    )
    cal = ChineseHolidayCalendar({2026: override})
    assert not cal.is_workday(date(2026, 10, 8))
    assert cal.is_workday(date(2026, 10, 11))
    assert cal.is_workday(date(2026, 10, 2))  # not in the centre's table: a plain Friday
    assert not cal.is_workday(date(2026, 10, 10))  # the package's make-up Saturday is gone


def test_answers_match_the_package_over_its_whole_range() -> None:
    import chinese_calendar

    cal = ChineseHolidayCalendar()
    day = date(2004, 1, 1)
    while day.year <= 2026:
        assert cal.is_workday(day) == chinese_calendar.is_workday(day), day
        day += timedelta(days=1)


def test_cached_answers_stay_right() -> None:
    cal = ChineseHolidayCalendar()
    first = [cal.is_workday(date(2026, 10, d)) for d in range(1, 32)]
    second = [cal.is_workday(date(2026, 10, d)) for d in range(1, 32)]
    assert first == second
    # 7 holidays; the 7 weekend days after the break (10, 11, 17, 18, 24, 25, 31), of which
    # Saturday 10 is worked in lieu.
    assert sum(first) == 31 - 7 - 7 + 1


def test_parse_accepts_string_and_integer_years() -> None:
    tables = parse_year_tables(
        {"years": {"2028": {"source": "s", "holidays": ["2028-01-01"]}}}, file="calendar.yaml"
    )
    assert tables[2028].holidays == frozenset({date(2028, 1, 1)})
    assert tables[2028].workdays == frozenset()
    assert parse_year_tables({"years": {}}) == {}


@pytest.mark.parametrize(
    ("data", "path", "fragment"),
    [
        (
            {"years": {2027: {"source": "s", "holidays": ["2027-01-01", "2027-13-01"]}}},
            "years.2027.holidays[1]",
            "应为日期 YYYY-MM-DD，实际为“2027-13-01”",
        ),
        (
            {"years": {2027: {"source": "s", "holidays": ["2027-01-01", "2027-01-02", 5, "x"]}}},
            "years.2027.holidays[2]",
            "应为日期 YYYY-MM-DD，实际为“5”",
        ),
        (
            {"years": {2027: {"source": "s", "holidays": ["2028-01-01"]}}},
            "years.2027.holidays",
            "不在 2027 年内",
        ),
        (
            {
                "years": {
                    2027: {"source": "s", "holidays": ["2027-01-01"], "workdays": ["2027-01-04"]}
                }
            },
            "years.2027.workdays",
            "应为周六或周日",
        ),
        (
            {
                "years": {
                    2027: {"source": "s", "holidays": ["2027-01-02"], "workdays": ["2027-01-02"]}
                }
            },
            "years.2027.workdays",
            "不能既是放假日又是调休上班日",
        ),
        (
            {"years": {2027: {"holidays": ["2027-01-01"]}}},
            "years.2027.source",
            "应注明来源",
        ),
        (
            {"years": {2027: {"source": "s", "holidays": []}}},
            "years.2027.holidays",
            "应至少列出一天放假日",
        ),
        (
            {"years": {2027: {"source": "s", "holidays": ["2027-01-01"], "holiday": []}}},
            "years.2027.holiday",
            "未知的键",
        ),
        (
            {"years": {"27": {"source": "s", "holidays": ["2027-01-01"]}}},
            "years.27",
            "年份应为四位数字",
        ),
        (
            {"years": {2027: {"source": "s", "holidays": ["2027-01-01", "2027-01-01"]}}},
            "years.2027.holidays[1]",
            "重复列出",
        ),
        ({"years": [2027]}, "years", "应为按年份列出节假日安排的映射"),
        ({}, "years", "应为按年份列出节假日安排的映射"),
    ],
)
def test_parse_names_file_path_and_expectation(
    data: dict[str, object], path: str, fragment: str
) -> None:
    with pytest.raises(PolicyPackError) as caught:
        parse_year_tables(data, file="calendar.yaml")
    problems = caught.value.problems
    assert any(p.path == path and fragment in p.message for p in problems), problems
    assert all(p.file == "calendar.yaml" for p in problems)


def test_parse_reports_every_problem_at_once() -> None:
    data = {"years": {2027: {"source": "", "holidays": ["bad", "2027-01-01"], "workdays": ["x"]}}}
    with pytest.raises(PolicyPackError) as caught:
        parse_year_tables(data)
    paths = {p.path for p in caught.value.problems}
    assert paths == {"years.2027.source", "years.2027.holidays[0]", "years.2027.workdays[0]"}


def test_a_year_table_checks_itself() -> None:
    with pytest.raises(PolicyPackError, match="2026年节假日安排有误"):
        YearTable(2026, frozenset({date(2027, 1, 1)}), frozenset(), "s")
    with pytest.raises(ValueError):
        ChineseHolidayCalendar({2027: table_2027()[2027], 2028: table_2027()[2027]})
