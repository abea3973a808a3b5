"""A diagnosis as a readable Chinese explanation tree for the terminal."""

from __future__ import annotations

from anju.domain.policy.decision import Decision, Diagnosis, Outcome
from anju.domain.policy.types import show

_MARK = {"met": "✓", "failed": "✗", "unknown": "?"}
_ICON = {
    Outcome.ELIGIBLE: "●",
    Outcome.PENDING_MATERIALS: "◐",
    Outcome.NEEDS_INFO: "?",
    Outcome.NOT_YET: "◷",
    Outcome.ANOTHER_WAY: "↪",
    Outcome.NOT_ELIGIBLE: "○",
}


def render_diagnosis(diagnosis: Diagnosis, explain: bool = True) -> str:
    """The whole diagnosis: a header, one block per business, then the one-time notice."""
    lines = [f"【{diagnosis.person}】{show(diagnosis.on, 'date')} 业务诊断（政策包 {diagnosis.pack}）", ""]
    for decision in diagnosis.decisions:
        lines.extend(render_decision(decision, explain))
        lines.append("")
    can_do = diagnosis.can_do
    if can_do and len(diagnosis.decisions) > 1:
        lines.append("您还可以办理：" + "、".join(d.name for d in can_do))
    if diagnosis.notice:
        lines.append("一次性告知：")
        lines.extend(f"  {i}. {line}" for i, line in enumerate(diagnosis.notice, 1))
    return "\n".join(lines).rstrip() + "\n"


def render_decision(d: Decision, explain: bool = True, open_only: bool = False) -> list[str]:
    """One business: outcome and summary, then (with ``explain``) the reasons tree.

    ``open_only`` leaves out the conditions that are met, for a short explanation.
    """
    badge = " 〔待核实〕" if d.placeholder else ""
    lines = [f"{_ICON[d.outcome]} {d.name}（{d.business}）：{d.outcome.label}{badge}", f"  {d.summary}"]
    if not explain:
        return lines
    if d.amount is not None:
        value = show(d.amount.value, "money")
        lines.append(f"  ├─ {d.amount.label}：{value}{'' if d.amount.complete else '（部分限额未知，为上限）'}")
        for limit in d.amount.limits:
            mark = "◆ 起决定作用" if limit.binding else ""
            lines.append(f"  │    · {limit.label}：{show(limit.value, 'money')} {mark}".rstrip())
    for r in d.reasons:
        if open_only and r.status == "met":
            continue
        lines.append(f"  ├─ {_MARK[r.status]} {r.label}（{r.rule_id}）")
        lines.append(f"  │    实际：{r.observed}；要求：{r.required}")
        if r.status != "met":
            lines.append(f"  │    {r.message}")
            lines.append(f"  │    依据：{r.clause.title}")
            if r.remedy.hint:
                lines.append(f"  │    办法：{r.remedy.hint}")
    for route in d.routes:
        lines.append(f"  ├─ ↪ {route.how}")
    if d.pending is not None:
        lines.append(
            f"  ├─ 容缺受理：补交期限 {d.pending.workdays} 个工作日"
            f"（{show(d.pending.deadline, 'date') if d.pending.deadline else d.pending.deadline_note}），"
            "材料补齐前资金暂不支付"
        )
    if d.time_limit_days is not None:
        basis = d.time_limit_clause.title if d.time_limit_clause else ""
        lines.append(f"  └─ 办结时限：{d.time_limit_days}日（{basis}）")
    return lines
