"""``anju check``, ``anju policy`` and ``anju demo`` end to end (Typer's runner, temp SQLite)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from anju.adapters.cli.main import app

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "bench" / "scenario_couple.yaml"


def run(*args: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args), env=env)
    return result.exit_code, result.stdout, result.stderr


def test_check_text_is_a_chinese_explanation_tree() -> None:
    code, out, _ = run("check", str(EXAMPLE), "-b", "loan.new")
    assert code == 0
    assert "新建商品住房公积金贷款（loan.new）：可以办理" in out
    assert "◆ 起决定作用" in out and "依据" not in out.split("loan.new")[0]


def test_check_json_is_the_decision_contract() -> None:
    code, out, _ = run("check", str(EXAMPLE), "--format", "json", "--on", "2026-11-27")
    assert code == 0
    payload = json.loads(out)
    assert payload["on"] == "2026-11-27"
    first = payload["decisions"][0]
    for key in ("business", "outcome", "outcome_label", "summary", "reasons", "amount",
                "failed_rule_ids", "notice", "to_verify", "placeholder", "time_limit_days"):
        assert key in first
    refusals = [d for d in payload["decisions"] if d["outcome"] == "not_eligible"]
    assert refusals and all(r["reasons"] and any(x["status"] == "failed" for x in r["reasons"])
                            for r in refusals)


@pytest.mark.parametrize(("content", "message"), [
    ("applicant: {id_number: '410802199001011234'}", "applicant.id_number"),
    ("applicant: {account: {status: activ}}", "applicant.account.status"),
    ("applicant: {account: {status: active, balance: 很多}}", "applicant.account.balance"),
    ("applicant: {}\nspouce: {}", "spouce"),
    ("applicant: [", "YAML 格式错误"),
])
def test_a_malformed_scenario_gets_a_precise_chinese_error(tmp_path: Path, content: str,
                                                           message: str) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(content, encoding="utf-8")
    code, out, err = run("check", str(bad))
    assert code == 2 and out == ""
    assert message in err and "错误：" in err and "Traceback" not in err


def test_unknown_business_and_bad_date_are_user_errors() -> None:
    code, _, err = run("check", str(EXAMPLE), "-b", "withdraw.nope")
    assert code == 3 and "没有业务 withdraw.nope" in err
    code, _, err = run("check", str(EXAMPLE), "--on", "2026-02-30")
    assert code == 2 and "日期格式错误" in err


def test_policy_validate_default_and_broken(tmp_path: Path) -> None:
    code, out, _ = run("policy", "validate")
    assert code == 0 and "校验通过" in out
    broken = ROOT / "tests" / "policy_cases" / "_invalid" / "cycle.yaml"
    code, _, err = run("policy", "validate", str(broken))
    assert code == 2 and "cycle.yaml" in err and "循环引用" in err


def test_schema_is_json_schema() -> None:
    code, out, _ = run("schema", "scenario")
    schema = json.loads(out)
    assert code == 0 and schema["title"].startswith("Anju scenario")
    assert "applicant" in schema["properties"]


def test_demo_seeds_and_shows_each_outcome_then_check_member(tmp_path: Path) -> None:
    env = {"ANJU_DATABASE_URL": f"sqlite:///{tmp_path / 'demo.db'}"}
    code, out, err = run("demo", "--members", "1500", "--on", "2026-11-27", "--no-serve", env=env)
    assert code == 0, err
    assert "1,500 名缴存人" in out
    shown = {label for label in ("可以办理", "不符合条件", "暂不可办，到期可办") if f"── 例：{label}" in out}
    assert len(shown) >= 3
    assert "officer" in out and "anju-demo-2026" in out
    member = out.split("anju check --member ")[1].split()[0]
    code, out, err = run("check", "--member", member, "--on", "2026-11-27", "--brief", env=env)
    assert code == 0, err and "业务诊断" in out
    code, _, err = run("check", "--member", "999999", env=env)
    assert code == 3 and "999999" in err


def test_serve_refuses_a_bad_thread_count_before_starting(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ANJU_WEB_THREADS", "1")  # serve writes it for its workers; restored afterwards
    monkeypatch.setenv("ANJU_DATABASE_URL", f"sqlite:///{tmp_path / 'serve.db'}")
    code, _, err = run("serve", "--threads", "0")
    assert code == 2
    assert "ANJU_WEB_THREADS" in err and "正整数" in err
    assert not (tmp_path / "serve.db").exists()  # nothing was started or created
