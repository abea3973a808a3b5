"""好差评: five rating levels, 差评 rectification in four steps, appeals against wrong ratings.

国办发〔2019〕51号 sets five levels; the two lowest are 差评. A 差评 opens a rectification that goes
核实 → 整改 → 回复 → 回访, in that order, due a number of working days after the rating (a pack
parameter, ``service.bad_rating_fix_workdays``). The rated unit may appeal a wrong or malicious
rating; an upheld appeal takes the rating out of the statistics and ends the rectification.

>>> RatingLevel.parse("不满意").bad, RatingLevel.parse("满意").bad
(True, False)
>>> next_step(None), next_step(RectificationStep.REPLY)
(<RectificationStep.VERIFY: 'verify'>, <RectificationStep.RETURN_VISIT: 'return_visit'>)
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from enum import StrEnum

from anju.domain.cases.model import CHANNELS
from anju.domain.errors import Conflict, InputError


class RatingLevel(StrEnum):
    """The five levels, best first."""

    VERY_SATISFIED = "very_satisfied"
    SATISFIED = "satisfied"
    BASICALLY_SATISFIED = "basically_satisfied"
    DISSATISFIED = "dissatisfied"
    VERY_DISSATISFIED = "very_dissatisfied"

    @property
    def label(self) -> str:
        return LEVEL_LABELS[self]

    @property
    def bad(self) -> bool:
        """差评: 不满意 or 非常不满意."""
        return self in (RatingLevel.DISSATISFIED, RatingLevel.VERY_DISSATISFIED)

    @classmethod
    def parse(cls, text: str) -> RatingLevel:
        """A level from its code, its Chinese label, or 5 (非常满意) … 1 (非常不满意)."""
        value = text.strip()
        for level in cls:
            if value in (level.value, level.label):
                return level
        if value in ("1", "2", "3", "4", "5"):
            return list(cls)[5 - int(value)]
        names = "、".join(level.label for level in cls)
        raise InputError(f"评价等级“{text}”无效，应为：{names}（或5至1分）")


LEVEL_LABELS = {
    RatingLevel.VERY_SATISFIED: "非常满意",
    RatingLevel.SATISFIED: "满意",
    RatingLevel.BASICALLY_SATISFIED: "基本满意",
    RatingLevel.DISSATISFIED: "不满意",
    RatingLevel.VERY_DISSATISFIED: "非常不满意",
}


class RectificationStep(StrEnum):
    """The steps of a 差评 rectification, in the order they must happen."""

    VERIFY = "verify"
    FIX = "fix"
    REPLY = "reply"
    RETURN_VISIT = "return_visit"

    @property
    def label(self) -> str:
        return STEP_LABELS[self]

    @classmethod
    def parse(cls, text: str) -> RectificationStep:
        value = text.strip()
        for step in cls:
            if value in (step.value, step.label):
                return step
        names = "、".join(f"{s.label}（{s.value}）" for s in cls)
        raise InputError(f"整改步骤“{text}”无效，应为：{names}")


STEP_LABELS = {
    RectificationStep.VERIFY: "核实",
    RectificationStep.FIX: "整改",
    RectificationStep.REPLY: "回复",
    RectificationStep.RETURN_VISIT: "回访",
}
STEPS = tuple(RectificationStep)


def next_step(done: RectificationStep | None) -> RectificationStep | None:
    """The step that comes after ``done`` (None before the first; None after the last)."""
    if done is None:
        return STEPS[0]
    index = STEPS.index(done) + 1
    return STEPS[index] if index < len(STEPS) else None


@dataclass(frozen=True, slots=True)
class Rating:
    """One rating of one ended case (一事一评)."""

    id: int
    case_id: int
    level: RatingLevel
    comment: str
    channel: str
    rated_on: date
    rated_by: str
    excluded: bool = False
    """True once an appeal is upheld: the rating no longer counts."""


@dataclass(frozen=True, slots=True)
class Rectification:
    """The follow-up of a 差评: steps done so far and the deadline."""

    id: int
    rating_id: int
    case_id: int
    opened_on: date
    deadline: date
    last_step: RectificationStep | None = None
    notes: tuple[tuple[str, str, str, str], ...] = ()
    """(step, date, actor, note) for each step done."""
    closed_on: date | None = None
    outcome: str | None = None
    """done 整改完成 · appeal_upheld 申诉成立, when closed."""

    @property
    def open(self) -> bool:
        return self.closed_on is None

    def overdue(self, on: date) -> bool:
        """Not finished by its deadline (closed late, or still open after it)."""
        end = self.closed_on or on
        return end > self.deadline and self.outcome != "appeal_upheld"


@dataclass(frozen=True, slots=True)
class Appeal:
    """An appeal against a rating believed wrong or malicious, and its outcome."""

    id: int
    rating_id: int
    filed_on: date
    filed_by: str
    reason: str
    outcome: str = "pending"
    """pending · upheld (申诉成立) · rejected (申诉不成立)."""
    decided_on: date | None = None
    decided_by: str | None = None
    note: str = ""


def new_rating(case_id: int, level: RatingLevel, comment: str, channel: str, on: date, by: str,
               ended_on: date | None) -> Rating:
    """A rating of an ended case; before the case ends there is nothing to rate."""
    if ended_on is None:
        raise Conflict("办件尚未办结（或撤回、不予办理），结束后方可评价")
    if on < ended_on:
        raise InputError(f"评价日期{on.isoformat()}早于办件结束日期{ended_on.isoformat()}")
    if channel not in CHANNELS:
        raise InputError(f"评价渠道“{channel}”无效，应为：{'、'.join(CHANNELS)}")
    if level.bad and not comment.strip():
        raise InputError("差评请填写具体意见，便于核实整改")
    return Rating(0, case_id, level, comment.strip(), channel, on, by)


def do_step(rect: Rectification, step: RectificationStep, on: date, actor: str, note: str) -> Rectification:
    """Record the next step; steps go in order and a closed rectification takes no more."""
    if not rect.open:
        raise Conflict("该整改已结束，不能再记录步骤")
    expected = next_step(rect.last_step)
    if expected is None or step is not expected:
        want = expected.label if expected else "无"
        raise Conflict(f"整改须按核实、整改、回复、回访的顺序进行，下一步应为“{want}”")
    if not note.strip():
        raise InputError(f"请填写{step.label}情况")
    if on < rect.opened_on:
        raise InputError(f"日期{on.isoformat()}早于整改开始日期{rect.opened_on.isoformat()}")
    notes = (*rect.notes, (step.value, on.isoformat(), actor, note.strip()))
    done = next_step(step) is None
    return replace(rect, last_step=step, notes=notes, closed_on=on if done else None,
                   outcome="done" if done else None)


def file_appeal(rating: Rating, pending: bool, on: date, by: str, reason: str) -> Appeal:
    """An appeal against ``rating``; one at a time, with a reason."""
    if pending:
        raise Conflict("该评价已有待处理的申诉")
    if rating.excluded:
        raise Conflict("该评价已因申诉成立不计入统计")
    if not reason.strip():
        raise InputError("请填写申诉理由")
    if on < rating.rated_on:
        raise InputError("申诉日期早于评价日期")
    return Appeal(0, rating.id, on, by, reason.strip())


def decide_appeal(appeal: Appeal, upheld: bool, on: date, by: str, note: str) -> Appeal:
    """Record the outcome of a pending appeal."""
    if appeal.outcome != "pending":
        raise Conflict("该申诉已有处理结果")
    if not note.strip():
        raise InputError("请填写申诉处理意见")
    if on < appeal.filed_on:
        raise InputError("处理日期早于申诉日期")
    return replace(appeal, outcome="upheld" if upheld else "rejected", decided_on=on, decided_by=by,
                   note=note.strip())
