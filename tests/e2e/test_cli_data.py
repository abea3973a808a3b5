"""``anju db``, ``anju synth`` and ``anju import`` end to end (SQLite files, Typer's runner)."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from anju.adapters.cli.data import register
from anju.adapters.db.engine import make_engine
from anju.adapters.db.uow import SqlUnitOfWork
from anju.domain.members.idcard import make_id_number

HEADERS = ["姓名", "身份证号", "手机号", "单位名称", "账户状态", "账户余额", "开户日期"]
GOOD = ["张伟", make_id_number("410802", date(1990, 5, 17), 123, "male"), "13812345678", "焦作市华源机械有限公司",
        "正常", "1000.00", "2015-03-01"]  # fmt: skip
BAD = ["李娜", "410802199105170461", "13912345678", None, "正常", "abc", "2016-03-01"]


@pytest.fixture
def cli() -> typer.Typer:
    app = typer.Typer()
    register(app)
    return app


@pytest.fixture
def url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'cli.db'}"


def _run(cli: typer.Typer, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


def _members_file(path: Path, *rows: list[object]) -> Path:
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADERS)
        writer.writerows(["" if v is None else v for v in row] for row in rows)
    return path


def test_db_upgrade_check_downgrade(cli: typer.Typer, url: str) -> None:
    code, out, _ = _run(cli, "db", "check", "--database", url)
    assert code == 1
    code, out, _ = _run(cli, "db", "upgrade", "--database", url)
    assert code == 0 and "已升级到版本" in out
    code, out, _ = _run(cli, "db", "check", "--database", url)
    assert code == 0 and "与代码一致" in out
    code, _, err = _run(cli, "db", "downgrade", "--database", url)
    assert code == 2 and "请加 --yes" in err
    code, out, _ = _run(cli, "db", "downgrade", "--database", url, "--yes")
    assert code == 0 and "已回退到 base" in out


def test_database_comes_from_the_environment(cli: typer.Typer, url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ANJU_DATABASE_URL", url)
    code, out, _ = _run(cli, "db", "upgrade")
    assert code == 0 and "cli.db" in out


def test_synth_to_parquet_and_database(cli: typer.Typer, url: str, tmp_path: Path) -> None:
    args = ["synth", "--members", "300", "--seed", "4", "--as-of", "2026-11-27"]
    code, out, _ = _run(cli, *args, "--parquet", str(tmp_path / "pq"), "--database", url)
    assert code == 0, out
    assert "已生成 300 名缴存人" in out and "accounts" in out
    assert (tmp_path / "pq" / "deposit_spells.parquet").is_file()
    engine = make_engine(url)
    with SqlUnitOfWork(engine) as uow:
        assert uow.depositors.count() == 300
    engine.dispose()
    code, _, err = _run(cli, *args, "--database", url)
    assert code == 1 and "合成数据只写入空库" in err
    code, out, _ = _run(cli, *args, "--database", url, "--replace", "--members", "200")
    assert code == 0


def test_synth_refuses_a_bad_size(cli: typer.Typer, url: str) -> None:
    code, _, err = _run(cli, "synth", "--members", "0", "--database", url)
    assert code == 2 and "缴存人数应在1至" in err


def test_import_all_or_nothing_then_good_rows_with_quarantine(cli: typer.Typer, url: str, tmp_path: Path) -> None:
    source = _members_file(tmp_path / "名册.csv", GOOD, BAD)
    code, _, err = _run(cli, "import", str(source), "--database", url, "--on", "2026-11-27")
    assert code == 2
    assert err.startswith("错误：名册.csv有1行有误，未导入任何数据")
    assert "第3行 身份证号：身份证号校验码不符" in err and "第3行 账户余额：应为金额" in err
    engine = make_engine(url)
    with SqlUnitOfWork(engine) as uow:
        assert uow.depositors.count() == 0

    code, out, _ = _run(cli, "import", str(source), "--database", url, "--accept-good-rows")
    assert code == 0, out
    assert "新增 1" in out and "隔离 1" in out
    report = tmp_path / "名册.隔离报告.csv"
    assert f"错误行已写入隔离报告：{report}" in out
    assert report.is_file()
    with SqlUnitOfWork(engine) as uow:
        assert [s.name for s in uow.depositors.find("zw")] == ["张伟"]

    good_only = _members_file(tmp_path / "good.csv", GOOD)
    code, out, _ = _run(cli, "import", str(good_only), "--database", url)
    assert code == 0 and "新增 0，更新 0，未变 1" in out
    engine.dispose()


def test_import_of_a_missing_or_unsupported_file(cli: typer.Typer, url: str, tmp_path: Path) -> None:
    code, _, err = _run(cli, "import", str(tmp_path / "none.xlsx"), "--database", url)
    assert code == 2 and "找不到导入文件" in err
    other = tmp_path / "list.txt"
    other.write_text("x", encoding="utf-8")
    code, _, err = _run(cli, "import", str(other), "--database", url)
    assert code == 2 and "请导入 .xlsx 或 .csv 文件" in err
