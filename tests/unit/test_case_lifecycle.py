"""The pure moves: the intake rule, 容缺 deadlines in working days, guards on money."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from anju.domain.cases import lifecycle
from anju.domain.cases.deadlines import reminder_due, workdays_between
from anju.domain.cases.model import Case
from anju.domain.cases.record import DecisionRecord
from anju.domain.cases.states import CaseState
from anju.domain.errors import Conflict, InputError

ON = date(2026, 11, 27)  # a Friday


class Holidays:
    """Weekdays are working days, except the listed holidays; the listed Saturdays are 调休 workdays."""

    def __init__(self, off: Iterable[date] = (), on: Iterable[date] = ()) -> None:
        self.off, self.on = set(off), set(on)

    def is_workday(self, day: date) -> bool:
        return day in self.on or (day.weekday() < 5 and day not in self.off)


WEEKDAYS = Holidays()


def decision(outcome: str, **extra: Any) -> DecisionRecord:
    data: dict[str, Any] = {
        "business": "withdraw.rent", "name": "租房提取", "on": ON.isoformat(), "outcome": outcome,
        "outcome_label": outcome, "summary": "", "amount": {"label": "本年度可提取金额上限", "value": "24000"},
        "time_limit_days": 3, "materials": [{"code": "id_card", "name": "身份证", "status": "brought"}],
        "reasons": [], "routes": [], "missing_facts": [], "notice": []}
    return DecisionRecord.from_dict(data | extra)


PENDING = decision("eligible_pending_materials", materials=[
    {"code": "id_card", "name": "身份证", "status": "brought"},
    {"code": "marriage_cert", "name": "结婚证", "status": "missing_deferrable"},
    {"code": "rental_contract", "name": "租赁合同", "status": "missing_deferrable"}])
REFUSED = decision("not_eligible", reasons=[{
    "rule_id": "rent.no_home", "status": "failed", "message": "本人及配偶在本市有自有住房",
    "clause": {"id": "nat.rent2015", "document": "建金〔2015〕19号", "article": "第一条", "text": "……无自有住房……"},
    "remedy": {"kind": "another_way", "hint": "有房有贷的，可办理偿还贷款提取", "on": None}}])


def new_case(record: DecisionRecord) -> Case:
    case, event = lifecycle.open_case(record, applicant_name="张伟", applicant_id_number="410802199001011232",
                                      depositor_id=None, channel="counter", opened_by="柜员01",
                                      pack_version="jiaozuo 2026.11", digest="0" * 64)
    assert event.name == "CaseOpened" and case.state is CaseState.INTAKE
    return replace(case, id=1, number="20261127-000001")


def test_only_an_eligible_decision_is_accepted() -> None:
    case, event = lifecycle.accept(new_case(decision("eligible")), decision("eligible"), ON, WEEKDAYS)
    assert (case.state, case.accepted_on, case.due_on, event.name) == (
        CaseState.ACCEPTED, ON, date(2026, 12, 2), "CaseAccepted")
    for outcome, words in (("needs_info", "一次性告知书"), ("not_yet", "不予受理告知书"),
                           ("eligible_pending_materials", "应容缺受理")):
        with pytest.raises(Conflict, match=words):
            lifecycle.accept(new_case(decision(outcome)), decision(outcome), ON, WEEKDAYS)


def test_rongque_holds_the_money_until_the_last_material() -> None:
    holidays = Holidays(off={date(2026, 12, 1)}, on={date(2026, 12, 5)})
    case, _ = lifecycle.accept_pending(new_case(PENDING), PENDING, ON, holidays, 3, "张伟")
    # 3 working days after Fri 27: Mon 30, (Tue 1 is a holiday), Wed 2, Thu 3
    assert case.pending_deadline == date(2026, 12, 3)
    assert case.funds_held and [m.code for m in case.outstanding] == ["marriage_cert", "rental_contract"]
    assert case.commitment is not None and "2026年12月3日前" in case.commitment.text
    case, _ = lifecycle.review(case, ON)
    case, _ = lifecycle.approve(case, ON, None)
    with pytest.raises(Conflict, match="资金暂缓支付"):
        lifecycle.pay(case, ON)
    case, event = lifecycle.supply(case, "marriage_cert", ON)
    assert case.funds_held and event.data == {"material": "marriage_cert", "complete": False}
    case, event = lifecycle.supply(case, "rental_contract", ON)
    assert not case.funds_held and case.state is CaseState.APPROVED and event.data["complete"]
    paid, _ = lifecycle.pay(case, ON)
    assert paid.paid_amount == Decimal("24000")


def test_supplying_everything_before_review_makes_the_case_accepted() -> None:
    case, _ = lifecycle.accept_pending(new_case(PENDING), PENDING, ON, WEEKDAYS, 10, "张伟")
    case, _ = lifecycle.supply(case, "marriage_cert", ON)
    assert case.state is CaseState.ACCEPTED_PENDING
    case, _ = lifecycle.supply(case, "rental_contract", ON)
    assert case.state is CaseState.ACCEPTED


def test_expire_needs_a_passed_deadline() -> None:
    case, _ = lifecycle.accept_pending(new_case(PENDING), PENDING, ON, WEEKDAYS, 10, "张伟")
    assert case.pending_deadline == date(2026, 12, 11)
    with pytest.raises(Conflict, match="没有逾期"):
        lifecycle.expire(case, date(2026, 12, 11))
    ended, event = lifecycle.expire(case, date(2026, 12, 12))
    assert ended.state is CaseState.WITHDRAWN and not ended.funds_held and "视为撤回申请" in (ended.end_reason or "")
    assert event.name == "CaseExpired"


def test_a_refusal_carries_the_grounds() -> None:
    case, event = lifecycle.refuse(new_case(REFUSED), REFUSED, ON)
    assert case.state is CaseState.DECLINED and event.data == {"grounds": ["rent.no_home"]}
    assert REFUSED.clauses[0].title == "建金〔2015〕19号第一条"
    assert REFUSED.grounds[0].remedy == "有房有贷的，可办理偿还贷款提取"
    with pytest.raises(Conflict, match="一次性告知"):
        lifecycle.refuse(new_case(decision("needs_info")), decision("needs_info"), ON)
    with pytest.raises(Conflict, match="必须引用依据条款"):
        lifecycle.decline(replace(new_case(decision("eligible")), state=CaseState.UNDER_REVIEW), (), ON)


def test_approve_never_above_the_decision() -> None:
    case = replace(new_case(decision("eligible")), state=CaseState.UNDER_REVIEW)
    with pytest.raises(InputError, match="超过诊断的最高额度"):
        lifecycle.approve(case, ON, Decimal("24000.01"))
    with pytest.raises(InputError, match="大于零"):
        lifecycle.approve(case, ON, Decimal("0"))
    approved, _ = lifecycle.approve(case, ON, Decimal("12000"))
    assert approved.approved_amount == Decimal("12000")
    with pytest.raises(Conflict, match="尚未支付"):
        lifecycle.close(approved, ON)


def test_dates_before_the_application_are_refused() -> None:
    with pytest.raises(InputError, match="早于办件申请日期"):
        lifecycle.accept(new_case(decision("eligible")), decision("eligible"), ON - timedelta(days=1), WEEKDAYS)


def test_channel_and_officer_are_checked() -> None:
    with pytest.raises(InputError, match="办理渠道"):
        lifecycle.open_case(decision("eligible"), applicant_name="张伟", applicant_id_number=None, depositor_id=None,
                            channel="fax", opened_by="柜员01", pack_version="p", digest="d")


@given(st.dates(date(2026, 1, 1), date(2026, 12, 31)), st.integers(0, 30))
def test_deadline_counts_exactly_the_working_days(start: date, days: int) -> None:
    holidays = Holidays(off={date(2026, 10, d) for d in range(1, 8)}, on={date(2026, 10, 10)})
    case, _ = lifecycle.accept_pending(new_case(replace(PENDING, on=start)), replace(PENDING, on=start), start,
                                       holidays, days, "张伟")
    deadline = case.pending_deadline
    assert deadline is not None and workdays_between(holidays, start, deadline) == days
    assert days == 0 or holidays.is_workday(deadline)
    assert reminder_due(holidays, deadline, deadline, 0)
