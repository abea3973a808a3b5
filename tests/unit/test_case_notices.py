"""Notices rendered from real decisions: structure, clause text, 人民币大写, A4 print, no CDN."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from jinja2 import UndefinedError

from anju.adapters.notices.render import TEMPLATES, render_notice
from anju.adapters.scenario_files import scenario_from_data
from anju.adapters.yaml_files import read_document
from anju.bootstrap import Anju
from anju.domain.cases import lifecycle, notices
from anju.domain.cases.model import Case
from anju.domain.cases.notices import NoticeKind
from anju.domain.cases.record import Clause, DecisionRecord
from anju.domain.errors import InputError

ON = date(2026, 11, 27)
BASES: dict[str, Any] = read_document(Path(__file__).parents[1] / "policy_cases" / "_bases.yaml")["bases"]
RENT = {"rent": {"monthly_rent": 1500, "public_housing": False, "in_city": True}}
CENTRE = "焦作市住房公积金管理中心"


def _record(app: Anju, base: str, **extra: Any) -> DecisionRecord:
    data = {**BASES[base], "visit": RENT, **extra}
    decision = app.advice.check(scenario_from_data(data), ON, "withdraw.rent").get("withdraw.rent")
    return DecisionRecord.from_dict(decision.to_dict())


def _case(record: DecisionRecord) -> Case:
    case, _ = lifecycle.open_case(record, applicant_name="张伟", applicant_id_number="410802199001011232",
                                  depositor_id=7, channel="counter", opened_by="柜员01",
                                  pack_version="jiaozuo 2026.11", digest="0" * 64)
    return replace(case, id=1, number="20261127-000001")


def _html(content: dict[str, Any]) -> str:
    html = render_notice(content)
    assert html.startswith("<!doctype html>") and '<html lang="zh-CN">' in html
    assert f"<h1>{content['title']}</h1>" in html
    assert f'data-kind="{content["kind"]}"' in html
    assert "@page { size: A4" in html and "@media print" in html
    assert not re.search(r"(src|href)=\"(https?:)?//", html), "a notice must not load anything from outside"
    assert "410802********1232" in html and "410802199001011232" not in html
    return html


def test_refusal_prints_every_clause_remedy_and_the_rights(anju_app: Anju) -> None:
    record = _record(anju_app, "worker", applicant={**BASES["worker"]["applicant"], "homes": [{"in_city": True}]})
    assert record.outcome == "not_eligible" and record.grounds
    case, _ = lifecycle.refuse(_case(record), record, ON)
    html = _html(notices.refusal(NoticeKind.REFUSAL, case, record.grounds, "N-1", ON, CENTRE,
                                 summary=record.summary, routes=record.routes, eligible_from=record.eligible_from))
    assert "不予受理告知书" in html and "决定不予受理" in html
    for ground in record.grounds:
        assert f'data-rule-id="{ground.rule_id}"' in html
        assert ground.clause.text in html and ground.remedy in html
    assert "六十日内依法申请行政复议" in html and "六个月内依法向人民法院提起行政诉讼" in html


def test_decline_uses_the_same_layout_with_its_own_words(anju_app: Anju) -> None:
    record = _record(anju_app, "worker", applicant={**BASES["worker"]["applicant"], "homes": [{"in_city": True}]})
    html = _html(notices.refusal(NoticeKind.DECLINE, _case(record), record.grounds, "N-2", ON, CENTRE,
                                 note="复核发现本市有房"))
    assert "决定不予批准" in html and "审核意见：复核发现本市有房" in html


def test_receipt_and_commitment_for_rongque_with_amounts_in_capitals(anju_app: Anju) -> None:
    record = _record(anju_app, "couple", materials_brought=["id_card", "bank_card"])
    assert record.outcome == "eligible_pending_materials"

    class Weekdays:
        def is_workday(self, day: date) -> bool:
            return day.weekday() < 5

    case, _ = lifecycle.accept_pending(_case(record), record, ON, Weekdays(), 10, "王磊")
    receipt = _html(notices.receipt(case, record, "N-3", ON, CENTRE))
    assert "¥24,000.00</span>（人民币大写：<span class=\"upper\">贰万肆仟元整</span>）" in receipt
    assert "3个工作日内（2026年12月2日前）" in receipt and "结婚证或婚姻关系证明" in receipt
    basis = Clause("jz.rongque", "容缺受理规定", "逾期未补齐的，视为撤回申请。")
    commitment = _html(notices.commitment(case, "N-4", ON, CENTRE, 10, basis))
    assert "承诺人（签字）：王磊" in commitment and "2026年12月11日前" in commitment
    assert "贰万肆仟元整" in commitment and 'data-clause-id="jz.rongque"' in commitment
    assert case.commitment is not None and case.commitment.text in commitment


def test_one_time_notice_lists_everything_missing(anju_app: Anju) -> None:
    record = _record(anju_app, "couple", materials_brought=["bank_card"])
    assert record.outcome == "needs_info"
    basis = Clause("nat.admin_licensing_a32", "《中华人民共和国行政许可法》第三十二条",
                   "一次告知申请人需要补正的全部内容")
    html = _html(notices.one_time(_case(record), record, "N-5", ON, CENTRE, basis))
    key = html.split('<ol class="key">')[1].split("</ol>")[0]
    deferrable = html.split('<ol class="deferrable">')[1].split("</ol>")[0]
    assert "申请人有效身份证件" in key and "结婚证或婚姻关系证明" in deferrable
    assert "一次告知申请人需要补正的全部内容" in html


@pytest.mark.parametrize(("amount", "upper"), [("1409.50", "壹仟肆佰零玖元伍角"), ("100010000", "壹亿零壹万元整"),
                                                ("0.05", "伍分"), ("325.04", "叁佰贰拾伍元零肆分")])
def test_completion_prints_the_paid_amount_in_capitals(anju_app: Anju, amount: str, upper: str) -> None:
    record = _record(anju_app, "worker", materials_brought=["id_card", "bank_card"])
    case = replace(_case(record), approved_amount=Decimal(amount), paid_amount=Decimal(amount), paid_on=ON,
                   decided_on=ON, closed_on=ON)
    html = _html(notices.completion(case, "N-6", ON, CENTRE))
    assert html.count(upper) == 2  # approved and paid


def test_reminder_and_termination(anju_app: Anju) -> None:
    record = _record(anju_app, "couple", materials_brought=["id_card", "bank_card"])

    class Weekdays:
        def is_workday(self, day: date) -> bool:
            return day.weekday() < 5

    case, _ = lifecycle.accept_pending(_case(record), record, ON, Weekdays(), 10, "王磊")
    reminder = _html(notices.reminder(case, "N-7", date(2026, 12, 9), CENTRE, 2))
    assert "还有2个工作日" in reminder and "结婚证或婚姻关系证明（2026年12月11日前）" in reminder
    ended, _ = lifecycle.expire(case, date(2026, 12, 14))
    termination = _html(notices.termination(ended, ended.outstanding, "N-8", date(2026, 12, 14), CENTRE))
    assert "视为撤回申请" in termination and "2026年12月14日终止办理" in termination


def test_every_kind_has_a_template() -> None:
    assert set(TEMPLATES) == set(NoticeKind)
    for template in set(TEMPLATES.values()):
        assert (Path(__file__).parents[2] / "src/anju/adapters/notices/templates" / template).is_file()


def test_content_is_escaped_and_a_missing_field_is_an_error(anju_app: Anju) -> None:
    record = _record(anju_app, "worker", materials_brought=["id_card", "bank_card"])
    case = replace(_case(record), applicant_name="<script>alert(1)</script>")
    html = render_notice(notices.completion(case, "N-9", ON, CENTRE))
    assert "<script>alert" not in html and "&lt;script&gt;" in html
    content = notices.completion(case, "N-9", ON, CENTRE)
    del content["closed_on_text"]
    with pytest.raises(UndefinedError):
        render_notice(content)
    with pytest.raises(InputError, match="未知的文书类型"):
        render_notice({"kind": "poster"})
