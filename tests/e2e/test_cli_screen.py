"""``anju screen`` and ``anju impact`` end to end on a small synthetic city."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import polars as pl
import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from anju.adapters.cli.main import app
from anju.adapters.db.bulk import SqlCityStore
from anju.adapters.db.engine import make_engine
from anju.adapters.db.notification_ledger import SqlNotificationLedger
from anju.adapters.parquet_city import ParquetCitySink
from anju.services.synthesis import synthesize

ON = date(2026, 11, 27)


@pytest.fixture(scope="module")
def city(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, Path]]:
    root = tmp_path_factory.mktemp("screen")
    store = SqlCityStore(f"sqlite:///{root / 'city.db'}")
    store.prepare()
    synthesize(1_500, 3, ON, [ParquetCitySink(root / "city"), store])
    store.close()
    yield root / "city", root / "city.db"


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_screen_the_database_writes_every_format_and_tells_nobody_twice(
        city: tuple[Path, Path], tmp_path: Path) -> None:
    _, db = city
    url = f"sqlite:///{tmp_path / 'copy.db'}"
    (tmp_path / "copy.db").write_bytes(db.read_bytes())
    engine = make_engine(url)
    opted = 1  # depositor 1 wants no proactive notices at all
    out = tmp_path / "list"
    code, stdout, stderr = run("screen", "--database", url, "--on", ON.isoformat(), "--out", str(out),
                               "--batch-size", "400")
    assert code == 0, stderr
    assert {p.name for p in out.iterdir()} == {"notices.parquet", "notices.csv", "notices.xlsx",
                                               "summary.csv"}
    listed = pl.read_parquet(out / "notices.parquet")
    assert listed.height > 100 and "名单共" in stdout
    assert listed["message"].str.contains("【焦作市住房公积金管理中心】").all()
    assert (out / "notices.csv").read_text(encoding="utf-8-sig").startswith("缴存人编号,姓名,手机号")
    assert load_workbook(out / "notices.xlsx", read_only=True).sheetnames == ["通知名单", "汇总"]
    if opted in listed["depositor_id"].to_list():
        SqlNotificationLedger(engine).opt_out(opted, None, ON)
    code, stdout, stderr = run("screen", "--database", url, "--on", "2026-11-28", "--out",
                               str(tmp_path / "again"), "--format", "parquet")
    assert code == 0, stderr
    assert pl.read_parquet(tmp_path / "again" / "notices.parquet").height == 0
    assert "名单共 0 条" in stdout
    engine.dispose()


def test_an_opt_out_is_honoured(city: tuple[Path, Path], tmp_path: Path) -> None:
    parquet, db = city
    url = f"sqlite:///{tmp_path / 'copy.db'}"
    (tmp_path / "copy.db").write_bytes(db.read_bytes())
    code, _, stderr = run("screen", "--parquet", str(parquet), "--on", ON.isoformat(), "--out",
                          str(tmp_path / "all"), "--format", "parquet")
    assert code == 0, stderr
    everyone = pl.read_parquet(tmp_path / "all" / "notices.parquet")
    who = everyone["depositor_id"][0]
    engine = make_engine(url)
    SqlNotificationLedger(engine).opt_out(int(who), None, ON, "不愿接收短信")
    engine.dispose()
    code, _, stderr = run("screen", "--parquet", str(parquet), "--database", url, "--on", ON.isoformat(),
                          "--out", str(tmp_path / "ledger"), "--format", "parquet", "--batch-size", "700")
    assert code == 0, stderr
    listed = pl.read_parquet(tmp_path / "ledger" / "notices.parquet")
    assert who not in listed["depositor_id"].to_list()
    assert listed.height == everyone.filter(pl.col("depositor_id") != who).height


def test_bad_options_get_a_chinese_error(city: tuple[Path, Path], tmp_path: Path) -> None:
    parquet, _ = city
    code, _, stderr = run("screen", "--parquet", str(parquet), "--format", "pdf", "--out", str(tmp_path))
    assert code == 2 and "输出格式只能是" in stderr
    code, _, stderr = run("screen", "--parquet", str(tmp_path / "nothing"), "--out", str(tmp_path))
    assert code == 2 and "没有" in stderr


def test_impact_of_a_higher_loan_cap(city: tuple[Path, Path], tmp_path: Path) -> None:
    parquet, _ = city
    out = tmp_path / "impact"
    code, stdout, stderr = run("impact", "--set", "loan.cap.single=800000", "--set",
                               "loan.cap.couple=1000000", "--from", "2027-01-01", "--records-on",
                               ON.isoformat(), "--parquet", str(parquet), "--out", str(out))
    assert code == 0, stderr
    assert "毫秒" in stdout and "770000 → 800000" in stdout
    groups = pl.read_csv(out / "impact.csv")
    total = groups.row(0, named=True)
    assert total["分组方式"] == "全部" and total["缴存人数"] == 1_500
    assert total["可贷额度变化"] > 0
    assert set(groups["分组方式"]) == {"全部", "年龄段", "缴存方式", "家庭"}
    assert (out / "impact.svg").read_text(encoding="utf-8").startswith("<svg")
    assert load_workbook(out / "impact.xlsx", read_only=True).sheetnames == ["分组影响", "业务变化", "调整参数"]


def test_impact_rejects_an_unknown_parameter(city: tuple[Path, Path], tmp_path: Path) -> None:
    parquet, _ = city
    code, _, stderr = run("impact", "--set", "loan.cap.nobody=1", "--from", "2027-01-01",
                          "--parquet", str(parquet), "--out", str(tmp_path))
    assert code == 2 and "政策包中没有这个参数" in stderr
