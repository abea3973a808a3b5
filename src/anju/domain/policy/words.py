"""The words of a decision: its one-sentence summary and its one-time notice lines."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from anju.domain.policy.outcome import Outcome

if TYPE_CHECKING:
    from anju.domain.policy.decision import Decision


def _day(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def summary(d: Decision) -> str:
    """The answer, why, and the next step, in one Chinese sentence."""

    failed = "；".join(r.message for r in d.failed)
    if d.outcome is Outcome.ELIGIBLE:
        money = (f"，{d.amount.label}¥{d.amount.value:,.2f}"
                 if d.amount is not None and d.amount.value is not None else "")
        return f"符合条件，可以办理{money}。"
    if d.outcome is Outcome.PENDING_MATERIALS and d.pending is not None:
        when = _day(d.pending.deadline) if d.pending.deadline else d.pending.deadline_note
        return (f"符合条件，可容缺受理：请于{when}前补交{'、'.join(d.pending.materials)}"
                f"（{d.pending.workdays}个工作日内），材料补齐前暂不放款。")
    if d.outcome is Outcome.NEEDS_INFO:
        parts = [f"请提供：{'、'.join(label for _, label in d.missing_facts)}"] if d.missing_facts else []
        key = [m.name for m in d.materials if m.status == "missing_key"]
        parts += [f"请补齐要件：{'、'.join(key)}"] if key else []
        return "；".join(parts) + "。"
    if d.outcome is Outcome.NOT_YET and d.eligible_from is not None:
        if not d.reasons:
            return f"该业务依{d.clause.title}自{_day(d.eligible_from)}起施行，届时可以办理。"
        return f"目前暂不符合，{_day(d.eligible_from)}起可以办理：{failed}。"
    if d.outcome is Outcome.ANOTHER_WAY and d.routes:
        who = "本人" if d.routes[0].kind == "relative" else "本业务"
        return f"{who}暂不符合（{failed}），{d.routes[0].how}。"
    cited = "、".join(c.title for c in d.cited)
    hint = (f"如{'、'.join(d.unexplored)}缴存了住房公积金，可提供其信息，由其申请办理。"
            if d.unexplored else "")
    return f"依据{cited}，暂不符合：{failed}。{hint}"


def notice(d: Decision) -> tuple[str, ...]:
    """The one-time notice (一次性告知) lines: everything missing, at once."""
    lines = [f"【{d.name}】请提供信息：{label}" for _, label in d.missing_facts]
    for m in d.materials:
        if m.status == "missing_key":
            lines.append(f"【{d.name}】请补齐要件：{m.name}（不可容缺）")
        elif m.status == "missing_deferrable":
            lines.append(f"【{d.name}】可容缺，承诺期限内补交：{m.name}")
        elif m.status == "to_bring":
            lines.append(f"【{d.name}】办理时请携带：{m.name}")
    return tuple(dict.fromkeys(lines))
