"""The decisions of every business for every row: the result of :func:`.decide.decide`.

One wide frame: per business, the outcome (as a code, see :func:`label`), the amount, the
failed rule ids as a bit mask and the ``not_yet`` date; :meth:`Decisions.long` turns it into one
row per (row, business) for comparison with the per-person engine.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import polars as pl

from anju.domain.policy.outcome import Outcome

ROW = "row"
OUTCOMES = tuple(Outcome)
OUTCOME_TYPE = pl.Enum([o.value for o in OUTCOMES])


def label(codes: pl.Expr) -> pl.Expr:
    """Outcome codes (the ``|outcome`` columns, positions in :data:`OUTCOMES`) as their values."""
    return codes.replace_strict(list(range(len(OUTCOMES))), [o.value for o in OUTCOMES],
                                return_dtype=OUTCOME_TYPE)


def column(code: str, part: str) -> str:
    """The name of a result column: ``<business>|outcome``, ``|amount``, ``|failed``, ``|from``."""
    return f"{code}|{part}"


@dataclass(frozen=True)
class Decisions:
    """The decisions of every business for every row, in one wide frame."""

    on: date
    frame: pl.DataFrame
    rule_ids: dict[str, tuple[str, ...]]
    """Per business, the ids of its conditions in force, in the bit order of ``|failed``.

    ``|outcome`` holds each row's outcome as its position in :data:`OUTCOMES` (see :func:`label`),
    ``|amount`` the amount (null when the outcome carries none), ``|from`` the ``not_yet`` date.
    """

    @property
    def businesses(self) -> tuple[str, ...]:
        return tuple(self.rule_ids)

    def failed_ids(self, code: str, mask: int) -> tuple[str, ...]:
        """The failed rule ids a ``|failed`` bit mask stands for."""
        return tuple(rid for i, rid in enumerate(self.rule_ids[code]) if mask >> i & 1)

    def long(self) -> pl.DataFrame:
        """One row per (row, business): outcome, amount, failed (rule ids), eligible_from."""
        parts = []
        for code in self.businesses:
            ids = self.rule_ids[code]
            bits = [(pl.col(column(code, "failed")) & pl.lit(1 << i, pl.UInt64)) != 0
                    for i in range(len(ids))]
            failed = (pl.concat_list([pl.when(b).then(pl.lit(ids[i])) for i, b in enumerate(bits)])
                      .list.drop_nulls() if bits else pl.lit([], pl.List(pl.String)))
            parts.append(self.frame.select(
                ROW, business=pl.lit(code), outcome=label(pl.col(column(code, "outcome"))),
                amount=pl.col(column(code, "amount")).cast(pl.Decimal(38, 2)),
                failed=failed, eligible_from=column(code, "from")))
        return pl.concat(parts)
