"""好差评: record a rating, run the 差评 rectification, record appeals and their outcomes.

Each command is one transaction with its audit entry. A 差评 opens its rectification in the same
transaction, due ``service.bad_rating_fix_workdays`` working days after the rating.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from anju.domain.calendar import add_workdays
from anju.domain.cases.canonical import jsonable
from anju.domain.cases.commands import DecideAppeal, FileAppeal, RateCase, RecordRectificationStep
from anju.domain.cases.rating import (
    Appeal,
    Rating,
    RatingLevel,
    Rectification,
    RectificationStep,
    decide_appeal,
    do_step,
    file_appeal,
    new_rating,
)
from anju.domain.errors import Conflict
from anju.services.cases.desk import CaseDesk, replay_key, request_hash
from anju.services.cases.ports import CaseUnitOfWork


@dataclass(frozen=True, slots=True)
class RatingView:
    """A rating and, for a 差评, its rectification."""

    rating: Rating
    rectification: Rectification | None
    replayed: bool = False


def rate(desk: CaseDesk, command: RateCase) -> RatingView:
    """一事一评: one rating per ended case; a 差评 opens a rectification with a working-day deadline."""
    level = RatingLevel.parse(command.level)
    with desk.uow() as uow:
        key = command.idempotency_key
        if key is not None:
            if replay_key(uow, key, command) is not None:
                return _rating_view(uow, command.case_id, replayed=True)
            if not uow.keys.claim(key, "RateCase", request_hash(command), desk.clock.now()):
                replay_key(uow, key, command)
                return _rating_view(uow, command.case_id, replayed=True)
        case = uow.cases.get(command.case_id)
        if uow.ratings.rating_for(case.id) is not None:
            raise Conflict(f"办件{case.number}已评价（一事一评）")
        rating = uow.ratings.add_rating(
            new_rating(case.id, level, command.comment, command.channel, command.on, command.actor, case.ended_on),
            desk.clock.now())
        rect = None
        if level.bad:
            days = desk.parameter("service.bad_rating_fix_workdays", command.on)
            rect = uow.ratings.add_rectification(Rectification(
                0, rating.id, case.id, command.on, add_workdays(desk.calendar, command.on, days)))
        if key is not None:
            uow.keys.bind(key, case.id)
        uow.audit.append(command.actor, "rating.record", "rating", rating.id, None,
                         {"rating": jsonable(rating), "case_number": case.number,
                          "rectification": jsonable(rect) if rect else None})
        uow.commit()
        return RatingView(rating, rect)


def _rating_view(uow: CaseUnitOfWork, case_id: int, replayed: bool) -> RatingView:
    found = uow.ratings.rating_for(case_id)
    if found is None:  # pragma: no cover - the key is bound in the transaction that adds the rating
        raise Conflict("评价尚未完成")
    return RatingView(found, uow.ratings.rectification_for(found.id), replayed)


def rectify(desk: CaseDesk, command: RecordRectificationStep) -> Rectification:
    """Record 核实, 整改, 回复 or 回访 — in that order."""
    step = RectificationStep.parse(command.step)
    with desk.uow() as uow:
        before = uow.ratings.get_rectification(command.rectification_id)
        after = do_step(before, step, command.on, command.actor, command.note)
        uow.ratings.save_rectification(after)
        uow.audit.append(command.actor, f"rectification.{step.value}", "rectification", after.id,
                         jsonable(before), jsonable(after))
        uow.commit()
        return after


def appeal(desk: CaseDesk, command: FileAppeal) -> Appeal:
    """申诉: the rated unit disputes a rating as wrong or malicious."""
    with desk.uow() as uow:
        rating = uow.ratings.get_rating(command.rating_id)
        pending = any(a.outcome == "pending" for a in uow.ratings.appeals_for(rating.id))
        filed = uow.ratings.add_appeal(file_appeal(rating, pending, command.on, command.actor, command.reason))
        uow.audit.append(command.actor, "appeal.file", "appeal", filed.id, None, jsonable(filed))
        uow.commit()
        return filed


def decide(desk: CaseDesk, command: DecideAppeal) -> Appeal:
    """申诉处理: upheld takes the rating out of the statistics and ends its rectification."""
    with desk.uow() as uow:
        before = uow.ratings.get_appeal(command.appeal_id)
        after = decide_appeal(before, command.upheld, command.on, command.actor, command.note)
        uow.ratings.save_appeal(after)
        if after.outcome == "upheld":
            uow.ratings.exclude(after.rating_id)
            rect = uow.ratings.rectification_for(after.rating_id)
            if rect is not None and rect.open:
                uow.ratings.save_rectification(replace(rect, closed_on=command.on, outcome="appeal_upheld"))
        uow.audit.append(command.actor, "appeal.decide", "appeal", after.id, jsonable(before), jsonable(after))
        uow.commit()
        return after
