"""``anju plan`` end to end: flags, request files, JSON contract, exports, errors."""

from __future__ import annotations

import csv
import json
from decimal import Decimal
from pathlib import Path

import pytest
import typer
from openpyxl import load_workbook
from typer.testing import CliRunner

from anju.adapters.cli.plan import register

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples" / "plans"
COUPLE = EXAMPLES / "couple-with-parents.yaml"
SECOND_HOME = EXAMPLES / "second-home-scenario.json"

FLAGS = ["--on", "2026-12-01", "--price", "1200000", "--age", "32", "--sex", "male",
         "--balance", "60000", "--base", "8000", "--income", "12000", "--ratio", "0.12",
         "--spouse-age", "30", "--spouse-sex", "female", "--spouse-balance", "40000",
         "--spouse-base", "6000", "--spouse-income", "9000", "--spouse-ratio", "0.12",
         "--parent", "80000", "--parent", "50000", "--max-monthly", "6000",
         "--max-down", "400000"]


def make_app() -> typer.Typer:
    app = typer.Typer()

    @app.callback()
    def main() -> None:
        """Test app."""

    register(app)
    return app


runner = CliRunner()


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(make_app(), ["plan", *args])
    return result.exit_code, result.stdout, result.stderr


def test_flags_give_a_chinese_report() -> None:
    code, out, err = run(*FLAGS)
    assert code == 0, err
    assert "公积金可贷额度：¥935,000" in out
    assert "← 起决定作用" in out
    assert "推荐方案：纯公积金贷款·等额本金·20年" in out
    assert "应先申请贷款，放款后再办理购房提取" in out
    assert "办理步骤" in out and "贷款发放后" in out


def test_json_is_the_documented_contract() -> None:
    code, out, _ = run(*FLAGS, "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert data["contract"] == "anju.plan/1"
    assert set(data) >= {"on", "request", "term_limit", "quota", "quotas", "commercial_rate",
                         "monthly_limit", "feasible", "recommended", "infeasible_reasons",
                         "nearest", "rankings", "interplay", "notes", "plans", "schedule",
                         "sources"}
    assert data["quota"]["amount"] == "935000.00" and data["quota"]["binding"] == "cap"
    ids = {p["id"] for p in data["plans"]}
    assert data["recommended"] in ids
    assert {r["plan_id"] for r in data["rankings"]} <= ids
    shown = data["schedule"]
    assert shown["plan_id"] == data["recommended"]
    for part in shown["parts"]:
        principal = sum(Decimal(r["principal"]) for r in part["rows"])
        assert principal == Decimal(part["principal"])
        assert len(part["rows"]) == part["months"]
    plan = next(p for p in data["plans"] if p["id"] == data["recommended"])
    assert Decimal(plan["monthly_payment"]) == sum(
        Decimal(x["first_payment"]) for x in plan["parts"])


@pytest.mark.parametrize("path", [COUPLE, SECOND_HOME])
def test_example_requests_run(path: Path) -> None:
    code, out, err = run("--request", str(path), "--format", "json")
    assert code == 0, err
    data = json.loads(out)
    assert data["plans"] and data["recommended"]


def test_second_home_is_derived_from_the_records() -> None:
    code, out, _ = run("--request", str(SECOND_HOME), "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert data["request"]["home_ordinal"] == 2
    assert data["quota"]["rate"] == "0.03075"
    assert data["request"]["multi_child"] is True
    assert any("第2套住房" in n for n in data["notes"])


def test_flags_records_make_a_third_home_commercial_only() -> None:
    code, out, _ = run(*FLAGS, "--homes", "2", "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert data["quota"]["blocked"]
    assert {p["financing"] for p in data["plans"]} == {"commercial"}


def test_export_xlsx_with_totals(tmp_path: Path) -> None:
    target = tmp_path / "schedule.xlsx"
    code, out, err = run("--request", str(COUPLE), "--export", str(target), "--plan",
                         "combination-equal_instalment-360-down_payment")
    assert code == 0, err
    assert "还款计划已导出" in out
    book = load_workbook(target)
    sheet = book["还款计划"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:6] == ("期数", "还款日", "公积金贷款月供", "公积金贷款本金", "公积金贷款利息",
                           "公积金贷款剩余本金")
    assert "合计月供" in rows[0]
    assert len(rows) == 1 + 360 + 1
    assert rows[1][:2] == (1, "2027-02-15")
    totals = rows[-1]
    assert totals[0] == "合计"
    header = list(rows[0])
    principal_total = totals[header.index("合计本金")]
    assert Decimal(str(principal_total)) == Decimal(960000)
    column = header.index("公积金贷款本金")
    assert round(sum(Decimal(str(r[column])) for r in rows[1:-1]), 2) == Decimal(935000)
    assert book["方案概要"]["B2"].value == "combination-equal_instalment-360-down_payment"


def test_export_csv_with_totals(tmp_path: Path) -> None:
    target = tmp_path / "schedule.csv"
    code, _, err = run("--request", str(COUPLE), "--export", str(target))
    assert code == 0, err
    with target.open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    assert rows[0][0] == "期数" and rows[-1][0] == "合计"
    principal = rows[0].index("公积金贷款本金")
    assert sum(Decimal(r[principal]) for r in rows[1:-1]) == Decimal(rows[-1][principal])
    assert Decimal(rows[-1][principal]) == Decimal("935000.00")


@pytest.mark.parametrize(("args", "fragment"), [
    (["--price", "abc", "--age", "30", "--sex", "male", "--income", "5000"],
     "purchase.price：应为数字"),
    (["--age", "30", "--sex", "male", "--income", "5000"], "缺少购房信息"),
    (["--price", "900000", "--kind", "villa", "--age", "30", "--sex", "male"],
     "purchase.kind：取值不在允许范围内，应为"),
    (["--price", "900000", "--age", "30", "--sex", "male"], "月收入或缴存基数"),
    ([*FLAGS, "--format", "xml"], "--format 应为 text 或 json"),
    ([*FLAGS, "--plan", "no-such-plan"], "没有编号为 no-such-plan 的方案"),
    ([*FLAGS, "--export", "out.pdf"], "导出文件应以 .xlsx 或 .csv 结尾"),
    (["--request", "does-not-exist.yaml"], "找不到文件"),
])
def test_bad_requests_exit_2_with_a_chinese_error(args: list[str], fragment: str) -> None:
    code, out, err = run(*args)
    assert code == 2
    assert err.startswith("错误：") and fragment in err
    assert "Traceback" not in out + err


def test_bad_request_file_names_the_field(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("purchase: {price: 900000, kind: new}\napplicant: {age: 30, sexx: male}\n",
                   encoding="utf-8")
    code, out, err = run("--request", str(bad))
    assert code == 2
    assert "applicant.sexx：未知字段" in err and str(bad) in err
    assert "Traceback" not in out + err


def test_registered_in_the_main_app() -> None:
    from anju.adapters.cli.main import app

    result = runner.invoke(app, ["plan", "--help"])
    assert result.exit_code == 0
    assert "贷款与提取方案" in result.stdout
