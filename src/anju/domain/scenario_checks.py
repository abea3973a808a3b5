"""Checks a scenario must pass beyond its shape: identity numbers, months, dates that agree."""

from __future__ import annotations

from datetime import date

from anju.domain.errors import InputError, Problem, ScenarioError
from anju.domain.members.idcard import parse_id_number
from anju.domain.members.spells import SpellHistory
from anju.domain.scenario import Person, Scenario


def check_scenario(scenario: Scenario, on: date | None = None) -> None:
    """Raise :class:`ScenarioError` naming every field that is wrong (nothing is guessed)."""
    problems: list[Problem] = []
    people = [("applicant", scenario.applicant)]
    if scenario.spouse is not None:
        people.append(("spouse", scenario.spouse))
    people += [(f"parents[{i}]", p) for i, p in enumerate(scenario.parents)]
    people += [(f"children[{i}]", p) for i, p in enumerate(scenario.children)]
    for path, person in people:
        problems.extend(_person_problems(path, person, on or scenario.on))
    if problems:
        raise ScenarioError("情景数据有误，请更正后再试", problems)


def _person_problems(path: str, person: Person, on: date | None) -> list[Problem]:
    problems = []
    if person.id_number is not None:
        try:
            info = parse_id_number(person.id_number, on)
        except InputError as exc:
            problems.append(Problem(f"{path}.id_number", exc.message))
        else:
            if person.birth_date is not None and person.birth_date != info.birth_date:
                problems.append(Problem(f"{path}.birth_date",
                                        f"出生日期 {person.birth_date} 与身份证号中的 "
                                        f"{info.birth_date} 不一致"))
            if person.sex is not None and person.sex != info.sex:
                problems.append(Problem(f"{path}.sex", "性别与身份证号第17位不一致"))
    account = person.account
    if account is not None:
        history = account.history or []
        # A stored history (spells) is made of valid months by construction.
        for i, month in enumerate([] if isinstance(history, SpellHistory) else history):
            if not _valid_month(month.month):
                problems.append(Problem(f"{path}.account.history[{i}].month",
                                        f"应为年月 YYYY-MM，实际为 “{month.month}”"))
        if account.balance is not None and account.balance < 0:
            problems.append(Problem(f"{path}.account.balance", "账户余额不能为负数"))
        if account.status == "sealed" and account.sealed_on is None:
            problems.append(Problem(f"{path}.account.sealed_on", "账户为封存状态时须填写封存日期"))
    if person.children_count is not None and person.children_count < 0:
        problems.append(Problem(f"{path}.children_count", "子女数不能为负数"))
    return problems


def _valid_month(text: str) -> bool:
    if len(text) != 7 or text[4] != "-" or not (text[:4] + text[5:]).isdigit():
        return False
    return 1 <= int(text[5:]) <= 12
