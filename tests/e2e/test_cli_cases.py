"""``anju cases``, ``anju rate`` and ``anju audit`` end to end on a SQLite file (Typer's runner)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from anju.adapters.cli.main import app
from anju.adapters.db import migrate
from anju.adapters.yaml_files import read_document

BASES: dict[str, Any] = read_document(Path(__file__).parents[1] / "policy_cases" / "_bases.yaml")["bases"]


def _run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def url(tmp_path: Path) -> str:
    database = f"sqlite:///{tmp_path / 'cases.db'}"
    migrate.upgrade(database)
    return database


@pytest.fixture
def scenario_file(tmp_path: Path) -> Path:
    data = {**BASES["worker"], "visit": {"rent": {"monthly_rent": 1500, "public_housing": False, "in_city": True}}}
    path = tmp_path / "worker.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def test_a_case_from_counter_to_rating(url: str, scenario_file: Path, tmp_path: Path) -> None:
    db = ("--database", url)
    opened = _run("cases", "open", "-b", "withdraw.rent", "--scenario", str(scenario_file), "--on", "2026-11-27",
                  "-m", "id_card,bank_card", "--key", "click-1", *db)
    assert opened[0] == 0 and "办件 20261127-000001（库内编号 1）已登记" in opened[1]
    again = _run("cases", "open", "-b", "withdraw.rent", "--scenario", str(scenario_file), "--on", "2026-11-27",
                 "-m", "id_card,bank_card", "--key", "click-1", *db)
    assert again[0] == 0 and "未重复办理" in again[1]
    accepted = _run("cases", "accept", "20261127-000001", "--on", "2026-11-27", *db)
    assert "办结时限：3个工作日，2026-12-02前作出决定" in accepted[1]
    assert "受理回执 20261127-000001-SL01" in accepted[1]
    for args in (("review", "1", "--on", "2026-11-30"), ("approve", "1", "--on", "2026-11-30", "--amount", "20000"),
                 ("pay", "1", "--on", "2026-11-30"), ("close", "1", "--on", "2026-11-30")):
        code, _, err = _run("cases", *args, *db)
        assert code == 0, err
    written = _run("cases", "notice", "1", "--output", str(tmp_path / "notices"), *db)
    assert written[0] == 0 and "办结通知书" in written[1]
    completion = (tmp_path / "notices" / "20261127-000001-BJ01.html").read_text(encoding="utf-8")
    assert "贰万元整" in completion
    rated = _run("rate", "1", "--level", "非常不满意", "--comment", "等候太久", "--on", "2026-12-01", *db)
    assert rated[0] == 0 and "整改任务（编号 1）" in rated[1] and "2026-12-08 前" in rated[1]
    step = _run("cases", "rectify", "1", "--step", "核实", "--note", "属实", "--on", "2026-12-02", *db)
    assert step[0] == 0 and "“核实”" in step[1]
    shown = json.loads(_run("cases", "show", "1", "--format", "json", *db)[1])
    assert shown["case"]["state"] == "closed" and shown["rating"]["level"] == "very_dissatisfied"
    assert [e["name"] for e in shown["events"]][-1] == "CaseClosed"
    overdue = _run("cases", "overdue", "--on", "2026-12-09", *db)
    assert "差评整改" in overdue[1]
    replay = _run("cases", "replay", "1", *db)
    assert replay[0] == 0 and "完全一致" in replay[1]
    listed = _run("cases", "list", *db)
    assert "20261127-000001" in listed[1] and "已办结" in listed[1]
    verified = _run("audit", "verify", *db)
    assert verified[0] == 0 and "哈希链校验通过" in verified[1]


def test_mistakes_get_chinese_errors_and_change_nothing(url: str, scenario_file: Path) -> None:
    db = ("--database", url)
    _run("cases", "open", "-b", "withdraw.rent", "--scenario", str(scenario_file), "--on", "2026-11-27",
         "-m", "bank_card", *db)
    code, _, err = _run("cases", "accept", "1", "--on", "2026-11-27", *db)
    assert code == 1 and "一次性告知书" in err
    code, _, err = _run("cases", "accept", "9", *db)
    assert code == 3 and "没有编号为9的办件" in err
    code, _, err = _run("rate", "1", "--level", "很好", *db)
    assert code == 2 and "评价等级“很好”无效" in err
    code, _, err = _run("cases", "approve", "1", "--amount", "abc", *db)
    assert code == 2 and "金额格式错误" in err
    code, _, err = _run("cases", "open", "-b", "withdraw.rent", "--scenario", str(scenario_file), "-m", "xyz", *db)
    assert code == 2 and "材料代码无效：xyz" in err
    assert "共1条记录" in _run("audit", "verify", *db)[1]


def test_sweep_from_the_command_line(url: str, tmp_path: Path) -> None:
    db = ("--database", url)
    data = {**BASES["couple"], "visit": {"rent": {"monthly_rent": 1500, "public_housing": False, "in_city": True}}}
    path = tmp_path / "couple.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    _run("cases", "open", "-b", "withdraw.rent", "--scenario", str(path), "--on", "2026-09-29",
         "-m", "id_card,bank_card", *db)
    code, out, err = _run("cases", "accept", "1", "--pending", "--on", "2026-09-29", *db)
    assert code == 2 and "签署" in err
    code, out, _ = _run("cases", "accept", "1", "--pending", "--signed-by", "王磊", "--on", "2026-09-29", *db)
    assert code == 0 and "2026-10-19前补交" in out and "容缺受理承诺书" in out
    assert "提醒 1 件" in _run("cases", "sweep", "--on", "2026-10-15", *db)[1]
    assert "逾期终止 1 件" in _run("cases", "sweep", "--on", "2026-10-20", *db)[1]
    html = _run("cases", "notice", "1", "--kind", "termination", *db)[1]
    assert "终止办理告知书" in html and "视为撤回申请" in html


def test_without_the_tables_the_command_says_what_to_do(tmp_path: Path) -> None:
    empty = f"sqlite:///{tmp_path / 'empty.db'}"
    code, _, err = _run("cases", "list", "--database", empty)
    assert code == 2 and "anju db upgrade" in err
    code, _, err = _run("audit", "verify", "--database", empty)
    assert code == 2 and "anju db upgrade" in err
