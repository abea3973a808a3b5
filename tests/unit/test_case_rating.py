"""好差评 rules: levels, 差评, the order of rectification steps, appeals."""

from __future__ import annotations

from datetime import date

import pytest

from anju.domain.cases.rating import (
    Rating,
    RatingLevel,
    Rectification,
    RectificationStep,
    decide_appeal,
    do_step,
    file_appeal,
    new_rating,
)
from anju.domain.errors import Conflict, InputError

ON = date(2026, 11, 27)


def test_five_levels_and_two_of_them_are_bad() -> None:
    assert [level.label for level in RatingLevel] == ["非常满意", "满意", "基本满意", "不满意", "非常不满意"]
    assert [level.bad for level in RatingLevel] == [False, False, False, True, True]
    assert RatingLevel.parse("5") is RatingLevel.VERY_SATISFIED
    assert RatingLevel.parse("1") is RatingLevel.VERY_DISSATISFIED
    assert RatingLevel.parse("dissatisfied") is RatingLevel.DISSATISFIED
    with pytest.raises(InputError, match="评价等级“很好”无效"):
        RatingLevel.parse("很好")


def test_a_rating_waits_for_the_end_and_a_bad_one_needs_words() -> None:
    with pytest.raises(Conflict, match="结束后方可评价"):
        new_rating(1, RatingLevel.SATISFIED, "", "counter", ON, "申请人", None)
    with pytest.raises(InputError, match="早于办件结束日期"):
        new_rating(1, RatingLevel.SATISFIED, "", "counter", ON, "申请人", date(2026, 11, 28))
    with pytest.raises(InputError, match="具体意见"):
        new_rating(1, RatingLevel.DISSATISFIED, "  ", "online", ON, "申请人", ON)
    with pytest.raises(InputError, match="评价渠道"):
        new_rating(1, RatingLevel.SATISFIED, "", "pigeon", ON, "申请人", ON)
    assert new_rating(1, RatingLevel.SATISFIED, " 好 ", "device", ON, "申请人", ON).comment == "好"


def test_steps_go_in_order_and_the_last_closes() -> None:
    rect = Rectification(1, 1, 1, ON, date(2026, 12, 4))
    with pytest.raises(Conflict, match="下一步应为“核实”"):
        do_step(rect, RectificationStep.FIX, ON, "科长", "已整改")
    with pytest.raises(InputError, match="请填写核实情况"):
        do_step(rect, RectificationStep.VERIFY, ON, "科长", "")
    for step in RectificationStep:
        assert rect.open
        rect = do_step(rect, step, date(2026, 12, 7), "科长", f"{step.label}完成")
    assert (rect.closed_on, rect.outcome, len(rect.notes)) == (date(2026, 12, 7), "done", 4)
    assert rect.overdue(date(2026, 12, 8))  # finished after its deadline
    assert RectificationStep.parse("回访") is RectificationStep.RETURN_VISIT


def test_appeals_are_one_at_a_time_and_decided_once() -> None:
    rating = Rating(1, 1, RatingLevel.VERY_DISSATISFIED, "差", "counter", ON, "申请人")
    with pytest.raises(InputError, match="申诉理由"):
        file_appeal(rating, False, ON, "科长", "")
    with pytest.raises(Conflict, match="待处理的申诉"):
        file_appeal(rating, True, ON, "科长", "误评")
    appeal = file_appeal(rating, False, ON, "科长", "误评")
    decided = decide_appeal(appeal, False, ON, "主任", "评价属实")
    assert decided.outcome == "rejected"
    with pytest.raises(Conflict, match="已有处理结果"):
        decide_appeal(decided, True, ON, "主任", "改判")
