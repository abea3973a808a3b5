"""The content of printed notices (文书), as plain data: the adapters only lay it out.

Every notice states the case, the applicant (身份证号 masked), the business and the date; money
appears both in figures and in Chinese capitals (人民币大写). A refusal or a decline always
prints the clauses it rests on and what the person can do instead, taken from the decision.
The content is stored with the case when the notice is issued, so a reprint is identical.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Any

from anju.domain.cases.model import CHANNELS, Case, PendingMaterial
from anju.domain.cases.record import Clause, DecisionRecord, Ground
from anju.domain.members.idcard import mask_id_number
from anju.domain.money import format_yuan, rmb_upper


class NoticeKind(StrEnum):
    """The notices a case can issue."""

    RECEIPT = "receipt"
    ONE_TIME = "one_time"
    COMMITMENT = "commitment"
    REFUSAL = "refusal"
    DECLINE = "decline"
    COMPLETION = "completion"
    REMINDER = "reminder"
    TERMINATION = "termination"

    @property
    def label(self) -> str:
        return TITLES[self]


TITLES = {
    NoticeKind.RECEIPT: "受理回执",
    NoticeKind.ONE_TIME: "一次性告知书",
    NoticeKind.COMMITMENT: "容缺受理承诺书",
    NoticeKind.REFUSAL: "不予受理告知书",
    NoticeKind.DECLINE: "不予批准告知书",
    NoticeKind.COMPLETION: "办结通知书",
    NoticeKind.REMINDER: "补交材料提醒通知",
    NoticeKind.TERMINATION: "终止办理告知书",
}
_CODES = {
    NoticeKind.RECEIPT: "SL", NoticeKind.ONE_TIME: "GZ", NoticeKind.COMMITMENT: "CN",
    NoticeKind.REFUSAL: "BSL", NoticeKind.DECLINE: "BPZ", NoticeKind.COMPLETION: "BJ",
    NoticeKind.REMINDER: "TX", NoticeKind.TERMINATION: "ZZ",
}

RIGHTS = ("申请人对本决定不服的，可以自收到本告知书之日起六十日内依法申请行政复议，"
          "或者自收到本告知书之日起六个月内依法向人民法院提起行政诉讼。")
"""Remedies at law every refusal states (《行政复议法》第二十条、《行政诉讼法》第四十六条)."""


def day_text(day: date | None) -> str:
    """A date as written on notices.

    >>> day_text(date(2026, 10, 9))
    '2026年10月9日'
    """
    return "" if day is None else f"{day.year}年{day.month}月{day.day}日"


def money(amount: Decimal | None, label: str = "") -> dict[str, str] | None:
    """An amount in figures and in Chinese capitals.

    >>> money(Decimal("18000"))["upper"]
    '壹万捌仟元整'
    """
    if amount is None:
        return None
    return {"label": label, "yuan": format_yuan(amount), "upper": rmb_upper(amount.quantize(Decimal("0.01")))}


def _clause(clause: Clause) -> dict[str, str]:
    return {"id": clause.id, "title": clause.title, "text": clause.text}


def _ground(ground: Ground) -> dict[str, Any]:
    return {"rule_id": ground.rule_id, "message": ground.message, "clause": _clause(ground.clause),
            "remedy": ground.remedy, "remedy_on": day_text(ground.remedy_on)}


def _materials(materials: Sequence[PendingMaterial]) -> list[dict[str, str]]:
    return [{"code": m.code, "name": m.name, "deadline": day_text(m.deadline)} for m in materials]


def notice_number(case: Case, kind: NoticeKind, serial: int) -> str:
    """The notice's number: the case number, the kind's code, and the issue count of that kind."""
    return f"{case.number}-{_CODES[kind]}{serial:02d}"


def _common(kind: NoticeKind, case: Case, number: str, on: date, centre: str) -> dict[str, Any]:
    return {
        "kind": kind.value, "title": kind.label, "number": number, "centre": centre,
        "issued_on": on.isoformat(), "issued_on_text": day_text(on), "case_number": case.number,
        "applicant": case.applicant_name,
        "id_number": mask_id_number(case.applicant_id_number) if case.applicant_id_number else "",
        "business": case.business_name, "business_code": case.business,
        "opened_on_text": day_text(case.opened_on), "channel": CHANNELS.get(case.channel, case.channel),
        "officer": case.opened_by,
    }


def receipt(case: Case, record: DecisionRecord, number: str, on: date, centre: str) -> dict[str, Any]:
    """受理回执: accepted, by when it will be decided, what was received and what is still owed."""
    received = [m.name for m in record.materials if m.status in ("brought", "replaced", "to_bring")]
    return _common(NoticeKind.RECEIPT, case, number, on, centre) | {
        "accepted_on_text": day_text(case.accepted_on),
        "time_limit_days": case.time_limit_days, "due_on_text": day_text(case.due_on),
        "time_limit_clause": _clause(record.time_limit_clause) if record.time_limit_clause else None,
        "amount": money(case.amount, record.amount_label),
        "received": received, "pending": _materials(case.outstanding),
        "pending_deadline_text": day_text(case.pending_deadline),
    }


def one_time(case: Case, record: DecisionRecord, number: str, on: date, centre: str,
             basis: Clause) -> dict[str, Any]:
    """一次性告知书: everything missing at once — facts, key materials, 容缺 materials, what to bring."""
    by_status: dict[str, list[str]] = {}
    for m in record.materials:
        by_status.setdefault(m.status, []).append(m.name)
    return _common(NoticeKind.ONE_TIME, case, number, on, centre) | {
        "outcome_label": record.outcome_label, "summary": record.summary,
        "facts": list(record.missing_facts), "key_materials": by_status.get("missing_key", []),
        "deferrable": by_status.get("missing_deferrable", []), "to_bring": by_status.get("to_bring", []),
        "lines": list(record.notice), "basis": _clause(basis),
    }


def commitment_text(case: Case, materials: Sequence[str], deadline: date, workdays: int) -> str:
    """The words the applicant signs under 容缺受理 (stored verbatim with the commitment)."""
    held = f"（{format_yuan(case.amount)}）" if case.amount is not None else ""
    return (
        f"本人{case.applicant_name}申请办理{case.business_name}，因{'、'.join(materials)}暂未提供，申请容缺受理。"
        f"本人承诺：一、所提供的信息和材料真实、有效；二、于{day_text(deadline)}前（{workdays}个工作日内）"
        f"补交上述材料；三、材料补齐前，住房公积金管理中心暂缓支付相关资金{held}；"
        "四、逾期未补交的，视为本人撤回申请，已受理事项终止办理，由此产生的后果由本人承担。"
    )


def commitment(case: Case, number: str, on: date, centre: str, workdays: int, basis: Clause) -> dict[str, Any]:
    """容缺受理承诺书: the materials owed, the deadline, the money held, the signed words."""
    signed = case.commitment
    return _common(NoticeKind.COMMITMENT, case, number, on, centre) | {
        "materials": _materials(case.outstanding or case.materials), "workdays": workdays,
        "deadline_text": day_text(case.pending_deadline), "held": money(case.amount, "暂缓支付金额"),
        "text": signed.text if signed else "", "signed_by": signed.signed_by if signed else "",
        "signed_on_text": day_text(signed.signed_on if signed else None), "basis": _clause(basis),
    }


def refusal(kind: NoticeKind, case: Case, grounds: Sequence[Ground], number: str, on: date, centre: str, *,
            summary: str = "", routes: Sequence[str] = (), eligible_from: date | None = None,
            note: str = "") -> dict[str, Any]:
    """不予受理 / 不予批准告知书: the grounds with their clauses, remedies, other routes, rights."""
    clauses = list({g.clause.id: _clause(g.clause) for g in grounds}.values())
    return _common(kind, case, number, on, centre) | {
        "summary": summary, "note": note, "grounds": [_ground(g) for g in grounds], "clauses": clauses,
        "routes": list(routes), "eligible_from_text": day_text(eligible_from), "rights": RIGHTS,
    }


def completion(case: Case, number: str, on: date, centre: str) -> dict[str, Any]:
    """办结通知书: approved and paid amounts (in capitals too) and the dates."""
    return _common(NoticeKind.COMPLETION, case, number, on, centre) | {
        "approved": money(case.approved_amount, "批准金额"), "paid": money(case.paid_amount, "支付金额"),
        "decided_on_text": day_text(case.decided_on), "paid_on_text": day_text(case.paid_on),
        "closed_on_text": day_text(case.closed_on),
    }


def reminder(case: Case, number: str, on: date, centre: str, workdays_left: int) -> dict[str, Any]:
    """补交材料提醒: what is still owed and how many working days remain."""
    return _common(NoticeKind.REMINDER, case, number, on, centre) | {
        "materials": _materials(case.outstanding), "deadline_text": day_text(case.pending_deadline),
        "workdays_left": workdays_left, "held": money(case.amount, "暂缓支付金额"),
    }


def termination(case: Case, late: Sequence[PendingMaterial], number: str, on: date, centre: str) -> dict[str, Any]:
    """终止办理告知书: the promised materials did not arrive; the request is treated as withdrawn."""
    return _common(NoticeKind.TERMINATION, case, number, on, centre) | {
        "materials": _materials(late), "deadline_text": day_text(case.pending_deadline),
        "reason": case.end_reason or "", "withdrawn_on_text": day_text(case.withdrawn_on),
    }
