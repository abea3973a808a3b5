"""Who was told what: the notification ledger of population screening, in the database.

:meth:`SqlNotificationLedger.record` writes one batch — its row in ``notification_batches``
(with the number of notifications) and the notifications — in ONE transaction, so a crash never
leaves a batch half-written. :meth:`known` tells the screening service who has already been told
(and when) and who has opted out.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import Any

import polars as pl
from sqlalchemy import Engine, func, insert, select

from anju.adapters.db.screening_tables import (
    notification_batches,
    notification_optouts,
    notifications,
)

_CHUNK = 500


class SqlNotificationLedger:
    """Notifications and opt-outs in the member database."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def known(self, depositor_ids: Sequence[int]) -> tuple[pl.DataFrame, pl.DataFrame]:
        """(notified, opted out) for these depositors.

        ``notified``: depositor_id, business, period, screened_on; ``opted out``: depositor_id,
        business (null: every proactive notice).
        """
        ids = list(depositor_ids)
        told: list[Any] = []
        refused: list[Any] = []
        with self.engine.connect() as connection:
            for start in range(0, len(ids), _CHUNK):
                chunk = ids[start:start + _CHUNK]
                told.extend(connection.execute(select(
                    notifications.c.depositor_id, notifications.c.business, notifications.c.period,
                    notifications.c.screened_on).where(notifications.c.depositor_id.in_(chunk))).all())
                refused.extend(connection.execute(select(
                    notification_optouts.c.depositor_id, notification_optouts.c.business).where(
                    notification_optouts.c.depositor_id.in_(chunk))).all())
        notified = pl.DataFrame([tuple(r) for r in told], orient="row", schema={
            "depositor_id": pl.Int64, "business": pl.String, "period": pl.String,
            "screened_on": pl.Date})
        opted_out = pl.DataFrame([tuple(r) for r in refused], orient="row", schema={
            "depositor_id": pl.Int64, "business": pl.String})
        return notified, opted_out

    def record(self, on: date, pack_version: str, rows: pl.DataFrame) -> int:
        """Write one batch of notifications in one transaction; returns the batch's number."""
        with self.engine.begin() as connection:
            seq = (connection.scalar(select(func.max(notification_batches.c.seq)).where(
                notification_batches.c.screened_on == on,
                notification_batches.c.pack_version == pack_version)) or 0) + 1
            batch_id = connection.scalar(insert(notification_batches).values(
                screened_on=on, pack_version=pack_version, seq=seq, size=rows.height
            ).returning(notification_batches.c.id))
            records = [
                {"batch_id": batch_id, "depositor_id": r["depositor_id"], "business": r["business"],
                 "period": r["period"], "screened_on": on,
                 "amount": None if r["amount"] is None else Decimal(r["amount"]),
                 "channel": r["channel"], "message": r["message"]}
                for r in rows.select("depositor_id", "business", "period", "amount", "channel",
                                     "message").iter_rows(named=True)
            ]
            for start in range(0, len(records), 5_000):
                self._insert(connection, records[start:start + 5_000])
            return int(seq)

    def _insert(self, connection: Any, records: list[dict[str, Any]]) -> None:
        connection.execute(insert(notifications), records)

    def opt_out(self, depositor_id: int, business: str | None, since: date,
                reason: str | None = None) -> None:
        """Record that a depositor wants no proactive notice (of one business, or any)."""
        with self.engine.begin() as connection:
            connection.execute(insert(notification_optouts).values(
                depositor_id=depositor_id, business=business, since=since, reason=reason))
