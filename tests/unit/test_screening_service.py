"""The screening service: dedupe against the ledger, honour opt-outs, one batch per partition."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import polars as pl
import pytest

from anju.adapters.vector.outreach import CANDIDATE_SCHEMA
from anju.domain.errors import InputError
from anju.domain.outreach import OPPORTUNITIES, period_key, salutation, split_template
from anju.services.screening import screen, summarise, triage

ON = date(2026, 11, 27)


def candidates(*rows: tuple[int, str, str]) -> pl.DataFrame:
    return pl.DataFrame([{
        "depositor_id": i, "name": "张**", "phone": "138****5678", "business": b,
        "business_name": b, "title": b, "outcome": "eligible", "amount": Decimal("100.00"),
        "channel": "online", "channel_name": "网上办理", "period": p, "message": "…"}
        for i, b, p in rows], schema=CANDIDATE_SCHEMA)


class FakeLedger:
    """Remembers batches in memory, like the SQL ledger but without a database."""

    def __init__(self) -> None:
        self.notified = pl.DataFrame(schema={"depositor_id": pl.Int64, "business": pl.String,
                                             "period": pl.String, "screened_on": pl.Date})
        self.opted_out = pl.DataFrame(schema={"depositor_id": pl.Int64, "business": pl.String})
        self.batches: list[int] = []

    def known(self, depositor_ids: list[int]) -> tuple[pl.DataFrame, pl.DataFrame]:
        mine = pl.col("depositor_id").is_in(depositor_ids)
        return self.notified.filter(mine), self.opted_out.filter(mine)

    def record(self, on: date, pack_version: str, rows: pl.DataFrame) -> int:
        self.notified = pl.concat([self.notified, rows.select(
            "depositor_id", "business", "period", screened_on=pl.lit(on))])
        self.batches.append(rows.height)
        return len(self.batches)


def test_triage_tells_new_resumed_already_and_opted_out() -> None:
    found = candidates((1, "withdraw.rent", "2026"), (2, "withdraw.rent", "2026"),
                       (3, "withdraw.rent", "2026"), (4, "withdraw.retirement", "once"),
                       (5, "withdraw.rent", "2026"), (6, "withdraw.rent", "2026"))
    notified = pl.DataFrame({"depositor_id": [2, 3, 6], "business": ["withdraw.rent"] * 3,
                             "period": ["2026", "2026", "2025"],
                             "screened_on": [ON, date(2026, 3, 1), date(2025, 3, 1)]})
    opted_out = pl.DataFrame({"depositor_id": [4, 5], "business": [None, "withdraw.rent"]},
                             schema={"depositor_id": pl.Int64, "business": pl.String})
    status = dict(triage(found, notified, opted_out, ON).select("depositor_id", "status").rows())
    # last year's rent notice does not stop this year's
    assert status == {1: "new", 2: "resumed", 3: "already", 4: "opted_out", 5: "opted_out",
                      6: "new"}


def test_each_partition_is_one_batch_and_a_second_run_tells_nobody_twice() -> None:
    ledger = FakeLedger()
    parts = {1: candidates((1, "withdraw.rent", "2026"), (2, "cert.loan_settled", "once")),
             3: candidates((3, "withdraw.rent", "2026")), 4: candidates()}
    evaluate = lambda ids: parts[ids[0]]  # noqa: E731
    partitions = [pl.Series([1, 2]), pl.Series([3]), pl.Series([4])]
    seen: list[tuple[int, int]] = []
    first = screen(partitions, evaluate, ledger, ON, "jiaozuo 1", 4, lambda d, n: seen.append((d, n)))
    assert ledger.batches == [2, 1] and first.notified == 3
    assert seen == [(2, 4), (3, 4), (4, 4)]
    later = screen(partitions, evaluate, ledger, date(2026, 12, 1), "jiaozuo 1", 4)
    assert later.notified == 0 and ledger.batches == [2, 1]
    assert later.summary.select(pl.col("already").sum()).item() == 3
    again = screen(partitions, evaluate, ledger, ON, "jiaozuo 1", 4)  # a resumed run that day
    assert again.notified == 3 and ledger.batches == [2, 1]


def test_without_a_ledger_everything_found_is_listed() -> None:
    report = screen([pl.Series([1])], lambda ids: candidates((1, "withdraw.rent", "2026")), None,
                    ON, "jiaozuo 1", 1)
    assert report.notified == 1 and report.batches == 0


def test_summary_adds_up_amounts_of_listed_notices() -> None:
    found = triage(candidates((1, "withdraw.rent", "2026"), (2, "withdraw.rent", "2026")),
                   pl.DataFrame(schema={"depositor_id": pl.Int64, "business": pl.String,
                                        "period": pl.String, "screened_on": pl.Date}),
                   pl.DataFrame({"depositor_id": [2], "business": [None]},
                                schema={"depositor_id": pl.Int64, "business": pl.String}), ON)
    row = summarise(found).row(0, named=True)
    assert (row["found"], row["new"], row["opted_out"], row["amount"]) == (2, 1, 1, Decimal("100.00"))


def test_notice_wording() -> None:
    assert period_key(OPPORTUNITIES[0], ON) == "2026"
    assert salutation("王芳", "female") == "王女士"
    with pytest.raises(InputError, match="未知的占位符"):
        split_template("{nickname}您好")
