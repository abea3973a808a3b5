"""好差评 in SQL: ratings, 差评 rectifications and appeals."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Row, insert, select, update

from anju.adapters.db.case_tables import rating_appeals, ratings, rectifications
from anju.adapters.db.inserts import new_id
from anju.domain.cases.canonical import canonical_json
from anju.domain.cases.chain import as_utc
from anju.domain.cases.rating import Appeal, Rating, RatingLevel, Rectification, RectificationStep
from anju.domain.errors import NotFound


class SqlRatingRepository:
    """:class:`anju.services.cases.ports.RatingRepository` on one connection."""

    def __init__(self, connection: Connection) -> None:
        self.connection = connection

    def add_rating(self, rating: Rating, at: datetime) -> Rating:
        result = self.connection.execute(insert(ratings).values(
            case_id=rating.case_id, level=rating.level.value, bad=rating.level.bad, comment=rating.comment,
            channel=rating.channel, rated_on=rating.rated_on, rated_at=as_utc(at), rated_by=rating.rated_by,
            excluded=rating.excluded))
        return Rating(new_id(result), rating.case_id, rating.level, rating.comment,
                      rating.channel, rating.rated_on, rating.rated_by, rating.excluded)

    def get_rating(self, rating_id: int) -> Rating:
        row = self.connection.execute(select(ratings).where(ratings.c.id == rating_id)).first()
        if row is None:
            raise NotFound(f"没有编号为{rating_id}的评价")
        return _rating(row)

    def rating_for(self, case_id: int) -> Rating | None:
        row = self.connection.execute(select(ratings).where(ratings.c.case_id == case_id)).first()
        return None if row is None else _rating(row)

    def exclude(self, rating_id: int) -> None:
        self.connection.execute(update(ratings).where(ratings.c.id == rating_id).values(excluded=True))

    def add_rectification(self, rect: Rectification) -> Rectification:
        result = self.connection.execute(insert(rectifications).values(_rect_values(rect)))
        return Rectification(new_id(result), rect.rating_id, rect.case_id, rect.opened_on,
                             rect.deadline, rect.last_step, rect.notes, rect.closed_on, rect.outcome)

    def get_rectification(self, rect_id: int) -> Rectification:
        row = self.connection.execute(select(rectifications).where(rectifications.c.id == rect_id)).first()
        if row is None:
            raise NotFound(f"没有编号为{rect_id}的差评整改")
        return _rect(row)

    def rectification_for(self, rating_id: int) -> Rectification | None:
        row = self.connection.execute(select(rectifications).where(rectifications.c.rating_id == rating_id)).first()
        return None if row is None else _rect(row)

    def save_rectification(self, rect: Rectification) -> None:
        self.connection.execute(update(rectifications).where(rectifications.c.id == rect.id).values(_rect_values(rect)))

    def open_rectifications(self) -> list[Rectification]:
        rows = self.connection.execute(select(rectifications).where(rectifications.c.closed_on.is_(None))
                                       .order_by(rectifications.c.deadline, rectifications.c.id))
        return [_rect(r) for r in rows]

    def add_appeal(self, appeal: Appeal) -> Appeal:
        result = self.connection.execute(insert(rating_appeals).values(
            rating_id=appeal.rating_id, filed_on=appeal.filed_on, filed_by=appeal.filed_by, reason=appeal.reason,
            outcome=appeal.outcome, decided_on=appeal.decided_on, decided_by=appeal.decided_by, note=appeal.note))
        return Appeal(new_id(result), appeal.rating_id, appeal.filed_on, appeal.filed_by,
                      appeal.reason, appeal.outcome, appeal.decided_on, appeal.decided_by, appeal.note)

    def get_appeal(self, appeal_id: int) -> Appeal:
        row = self.connection.execute(select(rating_appeals).where(rating_appeals.c.id == appeal_id)).first()
        if row is None:
            raise NotFound(f"没有编号为{appeal_id}的申诉")
        return _appeal(row)

    def appeals_for(self, rating_id: int) -> list[Appeal]:
        rows = self.connection.execute(select(rating_appeals).where(rating_appeals.c.rating_id == rating_id)
                                       .order_by(rating_appeals.c.id))
        return [_appeal(r) for r in rows]

    def save_appeal(self, appeal: Appeal) -> None:
        self.connection.execute(update(rating_appeals).where(rating_appeals.c.id == appeal.id).values(
            outcome=appeal.outcome, decided_on=appeal.decided_on, decided_by=appeal.decided_by, note=appeal.note))


def _rating(row: Row[Any]) -> Rating:
    return Rating(row.id, row.case_id, RatingLevel(row.level), row.comment, row.channel, row.rated_on,
                  row.rated_by, row.excluded)


def _rect_values(rect: Rectification) -> dict[str, Any]:
    return {"rating_id": rect.rating_id, "case_id": rect.case_id, "opened_on": rect.opened_on,
            "deadline": rect.deadline, "last_step": None if rect.last_step is None else rect.last_step.value,
            "notes": canonical_json([list(n) for n in rect.notes]), "closed_on": rect.closed_on,
            "outcome": rect.outcome}


def _rect(row: Row[Any]) -> Rectification:
    notes = tuple(tuple(n) for n in json.loads(row.notes))
    return Rectification(row.id, row.rating_id, row.case_id, row.opened_on, row.deadline,
                         None if row.last_step is None else RectificationStep(row.last_step),
                         notes,
                         row.closed_on, row.outcome)


def _appeal(row: Row[Any]) -> Appeal:
    return Appeal(row.id, row.rating_id, row.filed_on, row.filed_by, row.reason, row.outcome, row.decided_on,
                  row.decided_by, row.note)
