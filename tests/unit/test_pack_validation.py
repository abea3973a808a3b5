"""A broken pack is rejected with the file, the key path and what was expected — per error kind."""

from __future__ import annotations

from pathlib import Path

import pytest

from anju.adapters.policy_files import load_pack, read_pack_files
from anju.adapters.yaml_files import read_document
from anju.domain.errors import PolicyPackError

INVALID = Path(__file__).parents[1] / "policy_cases" / "_invalid"
FIXTURES = sorted(p for p in INVALID.glob("*.yaml")
                  if p.name not in ("valid_minimal.yaml", "duplicate_key.yaml"))


def test_the_mini_pack_the_fixtures_break_is_itself_valid() -> None:
    pack = load_pack(INVALID / "valid_minimal.yaml")
    assert [b.code for b in pack.businesses] == ["loan.test"]


@pytest.mark.parametrize("fixture", FIXTURES, ids=lambda p: p.stem)
def test_invalid_pack_names_file_path_and_expectation(fixture: Path) -> None:
    expect = read_document(fixture)["x-expect"]
    with pytest.raises(PolicyPackError) as caught:
        load_pack(fixture)
    problems = caught.value.problems
    assert any(expect["path"] in p.path and expect["message"] in p.message for p in problems), \
        "\n".join(map(str, problems))
    assert all(p.file == fixture.name for p in problems)


def test_duplicate_yaml_key_is_an_error_not_a_silent_overwrite() -> None:
    with pytest.raises(PolicyPackError) as caught:
        read_pack_files(INVALID / "duplicate_key.yaml")
    [problem] = caught.value.problems
    assert "重复的键 “id_card”" in problem.message
    assert problem.file == "duplicate_key.yaml" and problem.path.startswith("第")


def test_every_error_kind_of_the_issue_has_a_fixture() -> None:
    kinds = {p.stem for p in INVALID.glob("*.yaml")}
    assert {"unknown_fact", "unknown_parameter", "bad_date", "overlapping_dates",
            "condition_without_clause", "type_mismatch", "cycle"} <= kinds


def test_all_problems_are_reported_at_once(tmp_path: Path) -> None:
    text = (INVALID / "valid_minimal.yaml").read_text(encoding="utf-8")
    broken = text.replace("continuous_months >= param.loan.continuous_months",
                          "nosuch >= param.nosuch").replace("clause: c.one\n        message",
                                                           "message")
    (tmp_path / "pack.yaml").write_text(broken, encoding="utf-8")
    with pytest.raises(PolicyPackError) as caught:
        load_pack(tmp_path)
    messages = " ".join(p.message for p in caught.value.problems)
    assert "未知的事实或定义：nosuch" in messages and "缺少依据条款" in messages


def test_default_pack_holds_every_business_of_the_reference() -> None:
    pack = load_pack()
    codes = {b.code for b in pack.businesses}
    assert len(codes) >= 25
    required = {
        "withdraw.purchase_new", "withdraw.purchase_resale", "withdraw.build", "withdraw.repay_hpf",
        "withdraw.monthly_offset", "withdraw.repay_commercial", "withdraw.rent",
        "withdraw.retirement", "withdraw.incapacity", "withdraw.emigration", "withdraw.death",
        "withdraw.sealed_nonlocal", "withdraw.illness", "withdraw.dibao", "withdraw.elevator",
        "withdraw.renovation", "withdraw.property_fee", "loan.new", "loan.resale",
        "loan.combination", "loan.commercial_to_hpf", "loan.remote", "loan.prepayment",
        "transfer.in", "cert.deposit", "cert.usage", "cert.loan_settled",
        "deposit.flexible_register", "deposit.info_change",
    }
    assert required <= codes
    for business in pack.businesses:
        assert business.conditions, business.code
        assert all(c.clause for c in business.conditions)
