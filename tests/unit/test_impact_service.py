"""Policy impact: reforms from ``--set`` texts, built without rebuilding the pack, added up."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import polars as pl
import pytest

from anju.domain.errors import InputError
from anju.services.impact import build_reform, measure_impact, parse_overrides, parse_value

SINCE = date(2027, 1, 1)


def test_values_are_typed_as_the_parameter() -> None:
    assert parse_value("money", "800000.5") == Decimal("800000.5")
    assert parse_value("date", "2027-01-01") == SINCE
    assert parse_value("list", "a, b") == ("a", "b")
    with pytest.raises(InputError, match="不是金额"):
        parse_value("money", "八十万")


def test_every_bad_setting_is_listed(anju_app: Any) -> None:
    with pytest.raises(InputError) as caught:
        parse_overrides(anju_app.pack, ["loan.cap.single=abc", "no.such=1", "loan.cap.couple"], SINCE)
    paths = [p.path for p in caught.value.problems]
    assert paths == ["loan.cap.single", "no.such", "loan.cap.couple"]
    with pytest.raises(InputError, match="至少给出一项"):
        parse_overrides(anju_app.pack, [], SINCE)


def test_the_reform_rebuilds_only_what_changed(anju_app: Any) -> None:
    pack = anju_app.pack
    reform, seconds = build_reform(pack, parse_overrides(pack, ["loan.cap.single=800000"], SINCE))
    assert reform.values_on(SINCE)["loan.cap.single"] == Decimal("800000")
    assert reform.values_on(date(2026, 12, 31))["loan.cap.single"] == pack.values_on(
        date(2026, 12, 31))["loan.cap.single"]
    assert reform.parameters["loan.cap.couple"] is pack.parameters["loan.cap.couple"]
    assert reform.businesses is pack.businesses and reform.definitions is pack.definitions
    assert seconds >= 0


def test_partitions_are_added_up_by_group(anju_app: Any) -> None:
    def people(changed: list[bool], quota: tuple[int, int]) -> pl.DataFrame:
        n = len(changed)
        money = pl.Decimal(38, 2)
        return pl.DataFrame({
            "age_band": ["30岁以下"] * n, "household": ["单方缴存"] * n, "family": ["非多子女家庭"] * n,
            "changed": changed, "quota_before": pl.Series([quota[0]] * n).cast(money),
            "quota_after": pl.Series([quota[1]] * n).cast(money),
            "yearly_before": pl.Series([0] * n).cast(money), "yearly_after": pl.Series([0] * n).cast(money),
            "depositor_id": list(range(n))})

    businesses = pl.DataFrame({"business": ["loan.new"], "changed": [1], "opened": [1], "closed": [0],
                               "amount_before": [Decimal(1)], "amount_after": [Decimal(2)]})
    parts = {1: (people([True, False], (100, 150)), businesses),
             3: (people([False], (10, 10)), businesses)}
    report = measure_impact(
        anju_app.pack, parse_overrides(anju_app.pack, ["loan.cap.single=800000"], SINCE), SINCE,
        SINCE, [pl.Series([1, 2]), pl.Series([3])], lambda reform: lambda ids: parts[ids[0]], 3,
        rebuild=lambda: anju_app.pack)
    total = report.total
    assert (total["depositors"], total["changed"], total["quota_change"]) == (3, 1, Decimal(100))
    assert report.businesses.row(0, named=True)["amount_change"] == Decimal(2)
    assert report.changes[0].after == Decimal("800000")
    assert report.rebuild_seconds is not None
