"""The daily sweep (``anju cases sweep``) and the overdue list for managers.

The sweep looks at every case that still owes 容缺 materials: past the promised deadline it ends
the case (逾期终止, with a notice); within ``remind_days`` working days of it, it sends one
reminder. Each case is its own transaction, so one failure does not hold up the rest, and running
the sweep twice on the same day changes nothing the second time.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from anju.domain.cases.commands import ExpireCase
from anju.domain.cases.deadlines import overdue_workdays, reminder_due
from anju.domain.cases.model import Case
from anju.domain.cases.states import CaseState
from anju.domain.errors import Conflict
from anju.services.cases.desk import CaseDesk
from anju.services.cases.moves import expire, remind

DEFAULT_REMIND_DAYS = 2
"""Working days before a 容缺 deadline when the reminder goes out."""


@dataclass
class SweepReport:
    """What one sweep did."""

    on: date
    checked: int = 0
    reminded: list[str] = field(default_factory=list)
    withdrawn: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    """Cases another request changed meanwhile (e.g. the material arrived): number and reason."""


def sweep(desk: CaseDesk, on: date, remind_days: int = DEFAULT_REMIND_DAYS, actor: str = "system") -> SweepReport:
    """Remind and end 容缺 cases as of ``on``."""
    report = SweepReport(on)
    with desk.uow() as uow:
        ids = uow.cases.with_outstanding()
    for case_id in ids:
        with desk.uow() as uow:
            case = uow.cases.get(case_id)
        report.checked += 1
        try:
            if any(m.deadline < on for m in case.outstanding):
                expire(desk, ExpireCase(case_id, on, actor))
                report.withdrawn.append(case.number)
            elif (case.reminded_on is None and case.pending_deadline is not None
                  and reminder_due(desk.calendar, on, case.pending_deadline, remind_days)):
                remind(desk, case_id, on, actor)
                report.reminded.append(case.number)
        except Conflict as changed:  # moved by someone else since it was read: nothing was written
            report.skipped.append(f"{case.number}：{changed.message}")
    return report


DECIDING = frozenset({CaseState.ACCEPTED, CaseState.ACCEPTED_PENDING, CaseState.UNDER_REVIEW})
"""States in which the 办结时限 (time to decide) runs."""


@dataclass(frozen=True, slots=True)
class OverdueItem:
    """Something past its deadline: a case's 办结时限, a 容缺 deadline, or a 差评 rectification."""

    kind: str
    """time_limit 办结时限 · materials 容缺补交期限 · rectification 差评整改."""
    label: str
    case_number: str
    business_name: str
    state: str
    due: date
    workdays_over: int
    reference: int
    """The case id, or the rectification id."""


def overdue(desk: CaseDesk, on: date) -> list[OverdueItem]:
    """Everything past its deadline on ``on``, the longest overdue first."""
    items: list[OverdueItem] = []
    with desk.uow() as uow:
        cases = uow.cases.not_ended()
        rects = uow.ratings.open_rectifications()
        rect_cases = {r.id: uow.cases.get(r.case_id) for r in rects if r.overdue(on)}
    for case in cases:
        items += _case_items(desk, case, on)
    for rect in rects:
        if rect.id in rect_cases:
            case = rect_cases[rect.id]
            items.append(OverdueItem("rectification", "差评整改", case.number, case.business_name,
                                     case.state.label, rect.deadline,
                                     overdue_workdays(desk.calendar, rect.deadline, on), rect.id))
    return sorted(items, key=lambda i: (i.due, i.case_number))


def _case_items(desk: CaseDesk, case: Case, on: date) -> list[OverdueItem]:
    found = []
    if case.state in DECIDING and case.due_on is not None and on > case.due_on:
        found.append(OverdueItem("time_limit", "超过办结时限", case.number, case.business_name, case.state.label,
                                 case.due_on, overdue_workdays(desk.calendar, case.due_on, on), case.id))
    if case.outstanding and case.pending_deadline is not None and on > case.pending_deadline:
        found.append(OverdueItem("materials", "容缺材料逾期未补交", case.number, case.business_name,
                                 case.state.label, case.pending_deadline,
                                 overdue_workdays(desk.calendar, case.pending_deadline, on), case.id))
    return found
