"""The six answers a decision can give; none of them is a bare "no"."""

from __future__ import annotations

from enum import StrEnum


class Outcome(StrEnum):
    """The six answers; none of them is a bare "no"."""

    ELIGIBLE = "eligible"
    PENDING_MATERIALS = "eligible_pending_materials"
    NEEDS_INFO = "needs_info"
    NOT_YET = "not_yet"
    ANOTHER_WAY = "another_way"
    NOT_ELIGIBLE = "not_eligible"

    @property
    def label(self) -> str:
        return OUTCOME_LABELS[self]


OUTCOME_LABELS = {
    Outcome.ELIGIBLE: "可以办理",
    Outcome.PENDING_MATERIALS: "可容缺受理",
    Outcome.NEEDS_INFO: "需补充信息",
    Outcome.NOT_YET: "暂不可办，到期可办",
    Outcome.ANOTHER_WAY: "可通过其他途径办理",
    Outcome.NOT_ELIGIBLE: "不符合条件",
}
