"""The Chinese working-day calendar (法定节假日与调休), the adapter behind ``WorkCalendar``.

The State Council publishes each year's arrangement late in the previous year: the holidays
and the weekend days worked in lieu (调休上班日). The ``chinese-calendar`` package carries the
published years (2004–2026 in the installed version); the policy pack's ``calendar.yaml``
supplies later years and may override a year the package has. A year known to neither raises
:class:`~anju.domain.errors.CalendarDataMissing`: a deadline in working days is never guessed.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

import chinese_calendar

from anju.domain.errors import CalendarDataMissing, PolicyPackError, Problem

LIBRARY_SOURCE = f"chinese-calendar {getattr(chinese_calendar, '__version__', '')}".strip()
"""Named as the source of years the package supplies."""


@dataclass(frozen=True, slots=True)
class YearTable:
    """One year's official arrangement: the full list of holidays and make-up workdays.

    Any other day is a working day from Monday to Friday and a rest day at the weekend.
    """

    year: int
    holidays: frozenset[date]
    """Days off (放假日), weekends inside a holiday break included or not — both work."""
    workdays: frozenset[date]
    """Weekend days worked in lieu (调休上班日)."""
    source: str
    """Where the arrangement comes from, e.g. 国办发明电〔2026〕N号."""

    def __post_init__(self) -> None:
        problems = _table_problems(self.year, self.holidays, self.workdays, f"years.{self.year}")
        if problems:
            raise PolicyPackError(f"{self.year}年节假日安排有误", problems)

    def is_workday(self, day: date) -> bool:
        """Whether ``day`` (in this table's year) is a working day."""
        if day in self.workdays:
            return True
        return day.weekday() < 5 and day not in self.holidays


def _table_problems(
    year: int,
    holidays: frozenset[date],
    workdays: frozenset[date],
    path: str,
    file: str | None = None,
) -> list[Problem]:
    problems: list[Problem] = []
    if not holidays:
        problems.append(Problem(f"{path}.holidays", "应至少列出一天放假日", file))
    for name, days in (("holidays", holidays), ("workdays", workdays)):
        for day in sorted(days):
            if day.year != year:
                message = f"日期 {day.isoformat()} 不在 {year} 年内"
                problems.append(Problem(f"{path}.{name}", message, file))
    for day in sorted(holidays & workdays):
        message = f"{day.isoformat()} 不能既是放假日又是调休上班日"
        problems.append(Problem(f"{path}.workdays", message, file))
    for day in sorted(workdays):
        if day.weekday() < 5:
            message = f"调休上班日应为周六或周日，{day.isoformat()} 是工作日，无需列出"
            problems.append(Problem(f"{path}.workdays", message, file))
    return problems


class ChineseHolidayCalendar:
    """``WorkCalendar`` from the policy pack's year tables, else the ``chinese-calendar`` package.

    A table for a year wins over the package (a centre may correct or pre-empt it). Answers
    are memoised per day, because :func:`anju.domain.calendar.add_workdays` asks day by day and
    the package's own look-up is slow.
    """

    def __init__(self, tables: Mapping[int, YearTable] | None = None) -> None:
        self._tables = dict(tables or {})
        for year, table in self._tables.items():
            if table.year != year:
                raise ValueError(f"table for {table.year} filed under {year}")
        self._days: dict[date, bool] = {}

    def is_workday(self, day: date) -> bool:
        """Whether ``day`` is a working day; CalendarDataMissing when its year is unknown."""
        known = self._days.get(day)
        if known is None:
            known = self._days[day] = self._look_up(day)
        return known

    def is_holiday(self, day: date) -> bool:
        """Whether ``day`` is a rest day (a holiday or an ordinary weekend)."""
        return not self.is_workday(day)

    def source(self, year: int) -> str:
        """Where the arrangement for ``year`` comes from; CalendarDataMissing when unknown."""
        table = self._tables.get(year)
        if table is not None:
            return table.source
        self.is_workday(date(year, 1, 1))
        return LIBRARY_SOURCE

    def _look_up(self, day: date) -> bool:
        table = self._tables.get(day.year)
        if table is not None:
            return table.is_workday(day)
        try:
            return bool(chinese_calendar.is_workday(day))
        except NotImplementedError:
            raise CalendarDataMissing(day.year) from None


_TABLE_KEYS = frozenset({"source", "holidays", "workdays"})


def _parse_day(value: object) -> date | None:
    if isinstance(value, date) and type(value) is date:
        return value
    if isinstance(value, str) and len(value) == 10 and value[4] == "-" and value[7] == "-":
        try:
            return date.fromisoformat(value)
        except ValueError:
            return None
    return None


def _parse_days(value: object, path: str, file: str | None, problems: list[Problem]) -> frozenset[date]:
    if value is None:
        return frozenset()
    if not isinstance(value, list):
        problems.append(Problem(path, f"应为日期列表，实际为“{value}”", file))
        return frozenset()
    days: set[date] = set()
    for index, item in enumerate(value):
        day = _parse_day(item)
        if day is None:
            problems.append(Problem(f"{path}[{index}]", f"应为日期 YYYY-MM-DD，实际为“{item}”", file))
        elif day in days:
            problems.append(Problem(f"{path}[{index}]", f"日期 {day} 重复列出", file))
        else:
            days.add(day)
    return frozenset(days)


def _parse_year(key: object, path: str, file: str | None, problems: list[Problem]) -> int | None:
    text = str(key)
    if isinstance(key, bool) or not (text.isascii() and text.isdigit() and len(text) == 4):
        problems.append(Problem(path, f"年份应为四位数字，实际为“{key}”", file))
        return None
    return int(text)


def parse_year_tables(data: Mapping[str, object], file: str | None = None) -> dict[int, YearTable]:
    """Year tables from the policy pack's ``calendar.yaml`` (already loaded as a mapping).

    Shape: ``{years: {2027: {source: "...", holidays: ["2027-01-01", ...],
    workdays: ["2027-02-06", ...]}}}``. Dates may be strings or YAML dates. Every problem is
    collected and raised together as one :class:`PolicyPackError` naming file and key path.
    """
    problems: list[Problem] = []
    for key in data:
        if key != "years":
            problems.append(Problem(str(key), "未知的键；此文件只有 years", file))
    years = data.get("years")
    if not isinstance(years, Mapping):
        problems.append(Problem("years", "应为按年份列出节假日安排的映射，如 2027: {…}", file))
        raise PolicyPackError("节假日安排 calendar.yaml 有误", problems)

    tables: dict[int, YearTable] = {}
    for key, entry in years.items():
        path = f"years.{key}"
        year = _parse_year(key, path, file, problems)
        if not isinstance(entry, Mapping):
            problems.append(Problem(path, "应为含 source、holidays、workdays 的映射", file))
            continue
        for unknown in sorted(str(k) for k in entry if k not in _TABLE_KEYS):
            problems.append(Problem(f"{path}.{unknown}", "未知的键；应为 source、holidays 或 workdays", file))
        source = entry.get("source")
        if not isinstance(source, str) or not source.strip():
            problems.append(Problem(f"{path}.source", "应注明来源（如国务院办公厅通知文号）", file))
        holidays = _parse_days(entry.get("holidays"), f"{path}.holidays", file, problems)
        workdays = _parse_days(entry.get("workdays"), f"{path}.workdays", file, problems)
        if year is None or not isinstance(source, str):
            continue
        if year in tables:
            problems.append(Problem(path, f"{year}年重复出现", file))
            continue
        # Checked here, with the file named, before YearTable would check it again without.
        found = _table_problems(year, holidays, workdays, path, file)
        if found:
            problems.extend(found)
            continue
        tables[year] = YearTable(year, holidays, workdays, source.strip())
    if problems:
        raise PolicyPackError("节假日安排 calendar.yaml 有误", problems)
    return tables
